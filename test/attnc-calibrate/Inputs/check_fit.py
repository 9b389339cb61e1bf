"""Checks attnc-calibrate's JSON and prints one line per finding.

check_fit.py fit.json [--exact | --random]

Every run: the phases, each fit (a, b, residual, samples used, whether the
target lies in the observed range), and that the samples are consistent:
the skipped fraction never falls as lambda grows (for one input set), and
used_in_fit is exactly 0.1 <= s <= 0.9. --exact: the known answer of
exact-fit.mlir. --random: what any sensible fit of random inputs has.
"""
import json
import math
import sys
from collections import defaultdict

path = sys.argv[1]
mode = sys.argv[2] if len(sys.argv) > 2 else ""
with open(path) as f:
    report = json.load(f)

for key in ("kernel", "function", "skip_softmax", "lambdas", "phases",
            "warnings", "samples", "checks"):
    assert key in report, "missing " + key
print("phases", ",".join(sorted(report["phases"])))
for name, fit in sorted(report["phases"].items()):
    if not fit["ok"]:
        print(name, "error", fit["error"])
        continue
    residual = ("residual<1e-6" if fit["residual_rms"] < 1e-6
                else "residual=%.3g" % fit["residual_rms"])
    print("%s a=%.6g b=%.6g %s used=%d target_in_range=%s" %
          (name, fit["a"], fit["b"], residual, fit["samples_used"],
           fit["target_in_range"]))
    assert fit["attribute"].startswith("#attn.calibrated<a = ")

samples = report["samples"]
groups = defaultdict(list)
for s in samples:
    assert abs(s["lambda_times_L"] - s["lambda"] * s["key_length"]) <= \
        1e-12 * s["lambda_times_L"]
    assert s["used_in_fit"] == (0.1 <= s["fraction"] <= 0.9), s
    assert s["fraction"] == (s["skipped"] / s["visited"] if s["visited"]
                             else 0)
    groups[(s["phase"], s["inputs"], s["key_length"])].append(s)
for runs in groups.values():
    runs.sort(key=lambda s: s["lambda"])
    for lo, hi in zip(runs, runs[1:]):
        assert lo["skipped"] <= hi["skipped"], (lo, hi)
print("samples", len(samples), "monotone used-flags-ok")

if mode == "--exact":
    fit = report["phases"]["prefill"]
    assert abs(fit["a"] / (8 * math.exp(-7.5)) - 1) < 1e-6, fit["a"]
    assert abs(fit["b"] - 8) < 1e-6, fit["b"]
    (check,) = report["checks"]
    assert (check["skipped"], check["visited"]) == (4, 8), check
    assert report["calibrated_skip_softmax"].startswith(
        "#attn.skip_softmax<br = 2, bc = 1, prefill = #attn.calibrated<")
    print("exact ok")

if mode == "--random":
    for name, fit in report["phases"].items():
        assert fit["ok"], fit
        # More skipping needs a larger lambda L: b > 0; lambda(L) = a
        # exp(b S*) / L falls as L grows.
        assert fit["a"] > 0 and fit["b"] > 0, fit
        at = sorted((e["key_length"], e["lambda"]) for e in fit["lambda_at"])
        assert len(at) >= 2, at
        for (l0, lam0), (l1, lam1) in zip(at, at[1:]):
            assert lam1 < lam0 and abs(lam0 * l0 - lam1 * l1) < 1e-9 * lam0 * l0
        checks = [c for c in report["checks"] if c["phase"] == name]
        assert len(checks) == len(at), checks
        for c in checks:
            assert c["visited"] > 0
    print("random ok")
