#!/usr/bin/env python3
"""XAttention selection check (SPEC §5.3) with NumPy, for xattention-selected.mlir.

  xattention_select.py write DIR   inputs of a varlen op: q f32 [Tq, 4, 64],
                                   k, v int8 [Tk, 2, 64] with per-tensor
                                   scales, cu_seqlens; some key blocks stand
                                   out so that the selection has work to do
  xattention_select.py check DIR   the float64 selection of those inputs
                                   against the kernel's `selected` results
                                   (num.npy, idx.npy): a q-block row may
                                   differ only if one of its decisions had a
                                   kept-so-far mass within 1e-4 of the
                                   row's total from the threshold; such
                                   rows are counted, others fail
"""

import os
import sys

import numpy as np

HQ, HKV, D = 4, 2, 64
BLOCK, STRIDE, TAU, DENSE_TAIL = 32, 4, 0.6, 3
LENGTHS = [(200, 264), (77, 77), (0, 32), (130, 194)]  # (Lq, Lk)
K_SCALE, V_SCALE = 0.05, 0.1


def write(directory):
    rng = np.random.default_rng(5)
    tq = sum(lq for lq, _ in LENGTHS)
    tk = sum(lk for _, lk in LENGTHS)
    q = rng.standard_normal((tq, HQ, D)).astype(np.float32)
    k = rng.standard_normal((tk, HKV, D)) * 20
    # A direction shared by queries and a few key blocks of each sequence.
    direction = rng.standard_normal(D)
    q += (0.5 * direction).astype(np.float32)
    k0 = 0
    for _, lk in LENGTHS:
        for block in rng.choice(max(1, lk // BLOCK), size=2):
            lo = k0 + block * BLOCK
            k[lo:lo + BLOCK // 2] += 12 * direction
        k0 += lk
    k = np.clip(np.rint(k), -127, 127).astype(np.int8)
    v = rng.integers(-127, 128, (tk, HKV, D)).astype(np.int8)
    cu_q = np.cumsum([0] + [lq for lq, _ in LENGTHS]).astype(np.int32)
    cu_k = np.cumsum([0] + [lk for _, lk in LENGTHS]).astype(np.int32)
    for name, array in [("q", q), ("k", k), ("v", v), ("cu_q", cu_q),
                        ("cu_k", cu_k),
                        ("k_scale", np.array(K_SCALE, np.float32)),
                        ("v_scale", np.array(V_SCALE, np.float32))]:
        np.save(os.path.join(directory, name + ".npy"), array)


def block_masses(q, k):
    """W [nqb, nkb] of SPEC §5.3 steps 1-4 (float64)."""
    lq, lk = len(q), len(k)
    S, per = STRIDE, BLOCK // STRIDE
    R, C = -(-lq // S), -(-lk // S)
    qp = np.zeros((R * S, D))
    qp[:lq] = q
    kp = np.zeros((C * S, D))
    kp[:lk] = k
    qs = qp.reshape(R, S, D)[:, ::-1, :].reshape(R, S * D)
    a = qs @ kp.reshape(C, S * D).T / (np.sqrt(D) * S)
    off = (lk - lq) // S
    a[np.arange(C)[None, :] > np.arange(R)[:, None] + off] = -np.inf
    p = np.exp(a - a.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    nqb, nkb = -(-lq // BLOCK), -(-lk // BLOCK)
    pp = np.zeros((nqb * per, nkb * per))
    pp[:R, :C] = p
    return pp.reshape(nqb, per, nkb, per).sum(axis=(1, 3))


def select_row(w, I, lq, lk):
    """(kept blocks, whether a decision was borderline) of q-block I."""
    d = I + (lk - lq) // BLOCK
    total = w.sum()
    keep = {0, d}
    kept = w[0] + (w[d] if d else 0.0)
    borderline = False
    target = TAU * total
    for J in sorted(range(1, d), key=lambda J: (-w[J], J)):
        borderline |= abs(kept - target) <= 1e-4 * total
        if not kept < target:
            break
        keep.add(J)
        kept += w[J]
    last_query = min((I + 1) * BLOCK, lq) - 1
    if last_query + lk - lq >= lk - DENSE_TAIL:
        keep |= set(range(d + 1))
    return sorted(keep), borderline


def check(directory):
    load = lambda name: np.load(os.path.join(directory, name + ".npy"))
    q = load("q").astype(np.float64)
    k = load("k").astype(np.float64) * K_SCALE
    num, idx = load("num"), load("idx")
    q0 = k0 = 0
    rows = differ = borderline_rows = 0
    failures = []
    for b, (lq, lk) in enumerate(LENGTHS):
        for h in range(HQ):
            hk = h // (HQ // HKV)
            nqb = -(-lq // BLOCK)
            if nqb:
                w = block_masses(q[q0:q0 + lq, h], k[k0:k0 + lk, hk])
            for I in range(num.shape[2]):
                rows += 1
                ref, borderline = ([], False)
                if I < nqb:
                    ref, borderline = select_row(w[I], I, lq, lk)
                got = [int(x) for x in idx[b, h, I, :num[b, h, I]]]
                pad = [int(x) for x in idx[b, h, I, num[b, h, I]:]]
                borderline_rows += borderline
                if got == ref and all(x == -1 for x in pad):
                    continue
                differ += 1
                if not borderline:
                    failures.append(f"sequence {b} head {h} q-block {I}: "
                                    f"kernel {got} + {pad}, float64 {ref}")
        q0 += lq
        k0 += lk
    kept = sum(int(n) for n in num.flatten())
    print(f"selection: {rows} q-block rows, {kept} blocks kept, {differ} "
          f"differ, {borderline_rows} with a borderline decision, "
          f"{len(failures)} failures")
    for failure in failures:
        print("FAIL " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2])
        sys.exit(0)
    sys.exit(check(sys.argv[2]))
