#!/usr/bin/env python3
"""Builds of the same bench kernel side by side: an A/B timing tool.

  python3 benchmarks/gpu/variant_bench.py --artifacts build/gpu-artifacts \
      --variants base,try1 [--rows causal] [--reps 30] [--rounds 3]

Each variant is a directory OUT/bench/<variant>/ holding <kernel>.so files
built from benchmarks/kernels/<kernel>.mlir (say by two commits, or with and
without a change); "." is OUT/bench itself. For every dense row of bench.py
(ANCHORS.md's prefill shapes) and the block-sparse 25% row's kernel at 32k,
each variant that has the kernel is checked against SDPA on the same inputs,
then timed in --rounds interleaved rounds (variant order rotated per round,
so clock and thermal drift fall on all of them), and the table shows the
median over rounds of each round's median time, with the ratio to the first
variant.
"""

import argparse
import os
import statistics
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402


def dense_cases():
    """(name, kernel, work in TFLOP or None, make): make() returns the
    inputs, SDPA's output or None, and the work if it was None."""
    for name, kernel, length, causal, hkv, dim in bench.DENSE_ROWS:
        def make(length=length, hkv=hkv, dim=dim, causal=causal):
            q, k, v = bench.dense_inputs(length, hkv, dim)
            ref = bench.sdpa("FLASH_ATTENTION")(q, k, v, causal)
            return [q, k, v], ref, None
        work = 4.0 * length * length * 32 * dim / (2 if causal else 1) / 1e12
        yield name, kernel, work, make


def sparse_cases():
    length, heads, block = (bench.SPARSE_LENGTH, bench.SPARSE_HEADS,
                            bench.SPARSE_BLOCK)
    blocks = length // block
    for fraction in (0.25,):
        def make(fraction=fraction):
            g = torch.Generator(device="cuda").manual_seed(length + 1)
            q, k, v = (torch.randn(1, heads, length, bench.SPARSE_DIM,
                                   device="cuda", dtype=torch.bfloat16,
                                   generator=g) for _ in range(3))
            lists = bench.block_sparse_lists(heads, blocks, fraction,
                                             1000 + round(100 * fraction))
            useful = bench.block_sparse_blocks(lists[2], heads, blocks)
            work = useful * 4.0 * block * block * bench.SPARSE_DIM / 1e12
            return [q, k, v, *lists], None, work
        yield (f"block-sparse L={length} kept {100 * fraction:.0f}%",
               "gpu_block_sparse", None, make)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--artifacts", required=True)
    parser.add_argument("--variants", required=True,
                        help="comma-separated directories under OUT/bench")
    parser.add_argument("--rows", default="", help="only rows containing this")
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    variants = args.variants.split(",")
    print(f"device: {torch.cuda.get_device_name()}; medians of {args.rounds} "
          f"rounds x {args.reps} runs; TFLOP/s (ratio to {variants[0]})")
    print("| workload | " + " | ".join(variants) + " |")
    print("|---|" + "---|" * len(variants))
    for name, kernel, work, make in list(dense_cases()) + list(sparse_cases()):
        if args.rows not in name:
            continue
        tensors, ref, made_work = make()
        work = work or made_work
        calls, cells = {}, {}
        for variant in variants:
            chip = "" if variant == "." else variant
            path = os.path.join(args.artifacts, "bench", chip, f"{kernel}.so")
            if not os.path.exists(path):
                cells[variant] = "missing"
                continue
            out = torch.full_like(tensors[0], float("nan"))
            try:
                calls[variant] = (bench.Attnc(args.artifacts, kernel, chip)(
                    tensors + [out]), out)
                torch.cuda.synchronize()
            except Exception as e:
                cells[variant] = f"{type(e).__name__}: {str(e)[:60]}"
                continue
            if ref is not None:
                error = bench.rel_error(out, ref)
                if not error <= bench.WRONG_ABOVE:
                    cells[variant] = f"WRONG {error:.1e}"
                    del calls[variant]
            elif not torch.isfinite(out).all():
                cells[variant] = "WRONG: non-finite"
                del calls[variant]
        times = {v: [] for v in calls}
        order = list(calls)
        for r in range(args.rounds):
            for variant in order[r % max(1, len(order)):] + \
                    order[:r % max(1, len(order))]:
                times[variant].append(bench.cuda_time(calls[variant][0],
                                                      args.reps))
        base = variants[0]
        first = statistics.median(times[base]) if base in times else None
        for variant in order:
            t = statistics.median(times[variant])
            cells[variant] = f"{work / t:.0f} ({first / t:.3f})" \
                if first else f"{work / t:.0f}"
        print(f"| {name} | " + " | ".join(cells[v] for v in variants) + " |",
              flush=True)
        del tensors, ref, calls
        torch.cuda.empty_cache()


if __name__ == "__main__":
    main()
