#!/usr/bin/env python3
"""CPU sparse-attention benchmark: block masks and XAttention against dense attnc, one table.

All kernels are varlen, one sequence, causal, H=2 (MHA), D=128, f32, 64x64
blocks, built once with attnc (benchmarks/kernels/cpu_sparse_*.mlir) and
timed with `attn-run --kernel=... --benchmark` on inputs this script writes:

- block-mask rows (L = --mask-length): per head and q-block I, the diagonal
  block as a partial block and round(f I) of the blocks 0..I-1, chosen at
  random, as full blocks (FlexAttention's split, as benchmarks/gpu does);
  f = 10%, 25%, 50%, 100%; the kept fraction printed is of the causally
  visible blocks;
- XAttention rows (tau = 0.9, block 64, stride 8, dense tail 100) at each
  --lengths, end to end (estimate, selection, attention), and the estimate
  alone: a kernel with tau = 1e-9 and no dense tail (only block 0 and the
  diagonal kept) minus those two blocks through the block-mask kernel. The
  kept fraction is the one XAttention chose (its `selected` results).

Inputs: `random` (iid normal q, k, v: the block masses are nearly uniform,
so XAttention keeps about tau of the blocks) and `local` (q and k share
rotary-like position features, so scores decay with distance as in trained
models: few blocks hold the mass). Dense is timed on each.

FlexAttention is not measured here: PyTorch is not installed on this build
machine, and a 2-core CPU is not where Flex is meant to run; the GPU table
(benchmarks/gpu/bench.py) compares with Flex on the same block masks.

  benchmarks/cpu_sparse_benchmark.py --build build [--lengths 16384,32768,65536]
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
HEADS, DIM, BLOCK = 2, 128, 64
FRACTIONS = [0.10, 0.25, 0.50, 1.00]


def run(cmd):
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{result.stdout}{result.stderr}")
    return result.stdout + result.stderr


def save(directory, arrays):
    """Writes the arrays as DIR/name.npy; returns attn-run --input flags."""
    flags = []
    for name, array in arrays:
        path = os.path.join(directory, name + ".npy")
        np.save(path, array)
        flags.append(f"--input=@{path}")
    return flags


def qkv(length, kind, seed):
    """q, k, v [L, H, D] f32 and cu_seqlens of one sequence."""
    rng = np.random.default_rng(seed)
    shape = (length, HEADS, DIM)
    if kind == "random":
        q, k, v = (rng.standard_normal(shape, dtype=np.float32)
                   for _ in range(3))
    else:
        # Rotary-like features: q_i . k_j ~ a^2 sum_w cos(w (i - j)), periods
        # of 64 to 4096 tokens, plus noise.
        periods = np.geomspace(64, 4096, 32)
        angle = np.arange(length)[:, None] * (2 * np.pi / periods)[None, :]
        feature = (1.9 * np.concatenate([np.cos(angle), np.sin(angle)],
                                        axis=1)).astype(np.float32)
        q = 0.5 * rng.standard_normal(shape, dtype=np.float32)
        k = 0.5 * rng.standard_normal(shape, dtype=np.float32)
        q[:, :, :64] += feature[:, None, :]
        k[:, :, :64] += feature[:, None, :]
        v = rng.standard_normal(shape, dtype=np.float32)
    cu = np.array([0, length], dtype=np.int32)
    return [("q", q), ("k", k), ("v", v), ("cu_q", cu), ("cu_k", cu)]


def block_lists(blocks, fraction, seed):
    """SPEC §5.1 lists [1, H, nQB(, nKB)]: the diagonal block partial, and
    round(fraction I) random blocks of 0..I-1 full (ascending)."""
    rng = np.random.default_rng(seed)
    num = np.ones((1, HEADS, blocks), np.int32)
    idx = np.zeros((1, HEADS, blocks, blocks), np.int32)
    idx[..., 0] = np.arange(blocks)
    full_num = np.zeros((1, HEADS, blocks), np.int32)
    full_idx = np.zeros((1, HEADS, blocks, blocks), np.int32)
    for h in range(HEADS):
        for i in range(blocks):
            count = int(round(fraction * i))
            chosen = np.sort(rng.permutation(i)[:count])
            full_num[0, h, i] = count
            full_idx[0, h, i, :count] = chosen
    return [("num", num), ("idx", idx), ("full_num", full_num),
            ("full_idx", full_idx)]


def first_and_diagonal(blocks):
    """Lists keeping block 0 and the diagonal of each q-block (what the
    XAttention probe keeps)."""
    lists = block_lists(blocks, 0.0, 0)
    full_num, full_idx = lists[2][1], lists[3][1]
    full_num[0, :, 1:] = 1  # block 0 (the diagonal of q-block 0 is 0)
    full_idx[0, :, 1:, 0] = 0
    return lists


def causal_blocks(blocks):
    return HEADS * blocks * (blocks + 1) // 2


class Bench:
    def __init__(self, args, workdir):
        self.args, self.workdir = args, workdir
        self.kernels = {}  # (kernel, length) -> (.mlir, .so)

    def kernel(self, kernel, length):
        """The kernel's source and library. The XAttention kernels get their
        `selected` result dims written out for `length` (attn-run would
        otherwise run the float64 reference to learn them)."""
        key = (kernel, length if "xattention" in kernel else 0)
        if key not in self.kernels:
            with open(os.path.join(HERE, "kernels", kernel + ".mlir")) as f:
                text = f.read()
            n = -(-length // BLOCK)
            text = text.replace("tensor<?x2x?xi32>", f"tensor<1x2x{n}xi32>")
            text = text.replace("tensor<?x2x?x?xi32>",
                                f"tensor<1x2x{n}x{n}xi32>")
            source = os.path.join(self.workdir, f"{kernel}_{key[1]}.mlir")
            with open(source, "w") as f:
                f.write(text)
            lib = os.path.join(self.workdir, f"lib{kernel}_{key[1]}.so")
            run([os.path.join(self.args.build, "bin", "attnc"), source,
                 f"--mcpu={self.args.mcpu}", "-o", lib])
            self.kernels[key] = (source, lib)
        return self.kernels[key]

    def time(self, kernel, length, inputs, reps, outputs=()):
        """The fastest of `reps` runs (after a warm-up run), in ms: the
        build machine is shared, and others' work only slows a run down."""
        source, lib = self.kernel(kernel, length)
        out = run([os.path.join(self.args.build, "bin", "attn-run"), source,
                   "--backend=cpu", f"--kernel={lib}", f"--benchmark={reps}",
                   "--quiet", *inputs,
                   *[f"--output=@{os.path.join(self.workdir, o)}.npy"
                     for o in outputs]])
        return float(re.search(r"\(min ([0-9.e+]+) ms\)", out).group(1))

    def reps(self, length):
        return max(1, self.args.reps * 16384 // length)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build")
    parser.add_argument("--lengths", default="16384,32768,65536")
    parser.add_argument("--mask-length", type=int, default=16384)
    parser.add_argument("--inputs", default="random,local")
    parser.add_argument("--reps", type=int, default=3,
                        help="timed runs at 16k (fewer when longer, >= 1)")
    parser.add_argument("--mcpu", default="native")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="attnc-sparse-bench-")
    bench = Bench(args, workdir)
    rows = []  # (workload, inputs, kept, ms, dense ms, estimate ms)
    dense_ms = {}

    def dense(length, kind, inputs):
        if (length, kind) not in dense_ms:
            dense_ms[length, kind] = bench.time("cpu_sparse_dense", length,
                                                inputs, bench.reps(length))
        return dense_ms[length, kind]

    kinds = args.inputs.split(",")
    L = args.mask_length
    blocks = -(-L // BLOCK)
    inputs = save(workdir, qkv(L, "random", 1))
    for f in FRACTIONS:
        lists = block_lists(blocks, f, 2)
        kept = (lists[2][1].sum() + lists[0][1].sum()) / causal_blocks(blocks)
        ms = bench.time("cpu_sparse_block_mask", L,
                        inputs + save(workdir, lists), bench.reps(L))
        rows.append((f"block mask {f:.0%} L={L}", "random", kept, ms,
                     dense(L, "random", inputs), None))
        print(f"  {rows[-1]}", file=sys.stderr)

    for length in [int(x) for x in args.lengths.split(",")]:
        blocks = -(-length // BLOCK)
        for kind in kinds:
            inputs = save(workdir, qkv(length, kind, 3))
            reps = bench.reps(length)
            ms = bench.time("cpu_sparse_xattention", length, inputs, reps,
                            outputs=("out", "sel_num", "sel_idx"))
            kept = np.load(os.path.join(workdir, "sel_num.npy")).sum() / \
                causal_blocks(blocks)
            probe = bench.time("cpu_sparse_xattention_probe", length,
                               inputs, reps)
            two = bench.time("cpu_sparse_block_mask", length,
                             inputs + save(workdir,
                                           first_and_diagonal(blocks)), reps)
            rows.append((f"XAttention tau=0.9 L={length}", kind, kept, ms,
                         dense(length, kind, inputs), probe - two))
            print(f"  {rows[-1]} (probe {probe:.1f}, two blocks {two:.1f})",
                  file=sys.stderr)

    # Dense once more at the end: the faster of the two measurements (the
    # machine is shared; a disturbed dense time would inflate every ratio).
    for (length, kind) in list(dense_ms):
        inputs = save(workdir, qkv(length, kind, 1 if length == L and
                                   kind == "random" else 3))
        again = bench.time("cpu_sparse_dense", length, inputs,
                           bench.reps(length))
        print(f"  dense L={length} {kind}: {dense_ms[length, kind]:.1f}, "
              f"again {again:.1f}", file=sys.stderr)
        dense_ms[length, kind] = min(dense_ms[length, kind], again)
    rows = [row[:4] + (dense_ms[int(row[0].split("L=")[1]), row[1]],) +
            row[5:] for row in rows]

    print(f"\nCPU sparse prefill, causal, H={HEADS} (MHA), D={DIM}, f32, "
          f"{BLOCK}x{BLOCK} blocks, one sequence, {os.cpu_count()} threads; "
          "XAttention block 64, stride 8, tau 0.9, dense tail 100")
    print("| workload | inputs | kept fraction | attnc sparse ms | "
          "attnc dense ms | dense / sparse | estimate ms (share of sparse) |")
    print("|---|---|---|---|---|---|---|")
    for name, kind, kept, ms, dense_time, estimate in rows:
        est = "-" if estimate is None else \
            f"{estimate:.1f} ({100 * estimate / ms:.0f}%)"
        print(f"| {name} | {kind} | {kept:.3f} | {ms:.1f} | {dense_time:.1f} |"
              f" {dense_time / ms:.2f}x | {est} |")
    print("\nFlexAttention: not measured on this CPU (no PyTorch on this "
          "machine, 2 cores); benchmarks/gpu/bench.py compares with Flex on "
          "the GPU.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
