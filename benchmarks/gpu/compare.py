"""SPEC §7 comparisons of a kernel's result with a float64 reference.

The rules come from case.json (attn-run --save-case), as attn-run --check
applies them (lib/Runner/Comparison.cpp): relative Frobenius error for
float outputs (f32 1e-5, f16 2e-3, bf16 1e-2), absolute error 1e-3 for LSE,
within 1 elementwise for int8 outputs, exact for integer counts (reported,
not judged, unless asked: near-threshold decisions may differ). NaN
positions must coincide and are then left out; equal infinities are left
out; when the reference is all zero the output must be too.
"""

from dataclasses import dataclass

import numpy as np


@dataclass
class Verdict:
    metric: str
    error: float
    tolerance: float
    passed: bool
    judged: bool = True
    note: str = ""

    def __str__(self):
        text = f"{self.metric} {self.error:.3g}"
        text += (f" (tol {self.tolerance:g})" if self.judged
                 else " (reported, not judged)")
        return text + (f", {self.note}" if self.note else "")


def special_mismatch(out, ref):
    """Why NaN or infinity positions disagree, or ""."""
    nan_out, nan_ref = np.isnan(out), np.isnan(ref)
    notes = []
    if (nan_out & ~nan_ref).any():
        notes.append(f"{int((nan_out & ~nan_ref).sum())} NaN where the "
                     "reference has none (unwritten?)")
    if (nan_ref & ~nan_out).any():
        notes.append(f"{int((nan_ref & ~nan_out).sum())} values where the "
                     "reference has NaN")
    both = ~nan_out & ~nan_ref
    inf_differ = both & (np.isinf(out) | np.isinf(ref)) & (out != ref)
    if inf_differ.any():
        notes.append(f"{int(inf_differ.sum())} infinities that differ")
    return "; ".join(notes)


def relative(out, ref, tolerance):
    note = special_mismatch(out, ref)
    finite = np.isfinite(out) & np.isfinite(ref)
    o, r = out[finite], ref[finite]
    ref2 = float(np.sum(r * r))
    if ref2 == 0:
        norm = float(np.sqrt(np.sum(o * o)))
        return Verdict("norm (reference all zero)", norm, 0,
                       not note and norm == 0, note=note)
    error = float(np.sqrt(np.sum((o - r) ** 2) / ref2))
    return Verdict("relative error", error, tolerance,
                   not note and error <= tolerance, note=note)


def absolute(out, ref, tolerance):
    note = special_mismatch(out, ref)
    finite = np.isfinite(out) & np.isfinite(ref)
    error = float(np.max(np.abs(out[finite] - ref[finite]), initial=0.0))
    return Verdict("absolute error", error, tolerance,
                   not note and error <= tolerance, note=note)


def compare(out, ref, rule, strict_counts=False):
    """`out` and `ref` float64 arrays of one result; `rule` from case.json."""
    if out.shape != ref.shape:
        return Verdict("shape", 0, 0, False,
                       note=f"result {out.shape}, reference {ref.shape}")
    kind, tolerance = rule["rule"], rule["tolerance"]
    if kind == "relative":
        return relative(out, ref, tolerance)
    if kind == "absolute":
        return absolute(out, ref, tolerance)
    if kind == "within":
        error = float(np.max(np.abs(out - ref), initial=0.0))
        return Verdict("max difference", error, tolerance, error <= tolerance)
    mismatches = float(np.sum(out != ref))
    judged = rule.get("judged", True) or strict_counts
    return Verdict("mismatches", mismatches, 0,
                   not judged or mismatches == 0, judged=judged)
