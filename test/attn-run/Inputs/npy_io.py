"""Writes .npy inputs for npy-numpy.mlir with NumPy and checks attn-run's
.npy outputs against a NumPy float64 evaluation of SPEC.md (dense bnsd,
actual_seq_lengths, kv_padding_size, keep_if_true mask).

  npy_io.py write DIR   inputs DIR/{q,k,v,lens,pad,mask}.npy, DIR/fortran.npy
  npy_io.py check DIR   reads DIR/{out,lse}.npy written by attn-run
"""

import sys

import numpy as np

B, H, SQ, SKV, D = 2, 2, 3, 5, 4


def inputs():
    rng = np.random.default_rng(7)
    q = rng.standard_normal((B, H, SQ, D)).astype(np.float16)
    k = rng.standard_normal((B, H, SKV, D)).astype(np.float16)
    v = rng.standard_normal((B, H, SKV, D)).astype(np.float16)
    lens = np.array([4, 2], dtype=np.int32)
    pad = np.array(1, dtype=np.int64)  # 0-d
    mask = rng.random((B, 1, SQ, SKV)) < 0.7
    mask[0, 0, :, 0] = True  # every row of sequence 0 sees a key,
    mask[1, 0, :2, 2] = True  # the first two of sequence 1 too,
    mask[1, 0, 2, :] = False  # its last is fully masked: out 0, lse -inf
    return q, k, v, lens, pad, mask


def reference(q, k, v, lens, pad, mask):
    out = np.zeros((B, H, SQ, D))
    lse = np.full((B, H, SQ), -np.inf)
    for b in range(B):
        first, end = SKV - int(pad) - lens[b], SKV - int(pad)
        for h in range(H):
            for i in range(SQ):
                js = [j for j in range(first, end) if mask[b, 0, i, j]]
                if not js:
                    continue
                s = np.array([q[b, h, i].astype(np.float64) @
                              k[b, h, j].astype(np.float64) for j in js])
                s /= np.sqrt(D)
                m = s.max()
                p = np.exp(s - m)
                out[b, h, i] = p @ v[b, h, js].astype(np.float64) / p.sum()
                lse[b, h, i] = m + np.log(p.sum())
    return out, lse


def main():
    mode, directory = sys.argv[1], sys.argv[2]
    names = ["q", "k", "v", "lens", "pad", "mask"]
    if mode == "write":
        for name, array in zip(names, inputs()):
            np.save(f"{directory}/{name}.npy", array)
        np.save(f"{directory}/fortran.npy",
                np.asfortranarray(inputs()[0]))
        return
    loaded = [np.load(f"{directory}/{name}.npy") for name in names]
    want_out, want_lse = reference(*loaded)
    out = np.load(f"{directory}/out.npy")
    lse = np.load(f"{directory}/lse.npy")
    print(f"out {out.dtype} {out.shape}, lse {lse.dtype} {lse.shape}")
    assert out.dtype == np.float16 and out.shape == (B, H, SQ, D)
    assert lse.dtype == np.float32 and lse.shape == (B, H, SQ)
    # out is the float64 result rounded once to f16; lse once to f32.
    out_err = np.abs(out.astype(np.float64) - want_out).max()
    assert np.array_equal(out, want_out.astype(np.float16)), out_err
    assert np.array_equal(np.isinf(lse), np.isinf(want_lse))
    finite = np.isfinite(want_lse)
    lse_err = np.abs(lse[finite] - want_lse[finite]).max()
    assert lse_err <= 1e-6, lse_err
    print(f"fully masked rows: {int(np.isinf(lse).sum())}")
    print("out and lse match NumPy's float64 evaluation")


if __name__ == "__main__":
    main()
