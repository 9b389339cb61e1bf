#!/usr/bin/env python3
"""CPU benchmark of attnc against ceilings and an unfused baseline, one run.

Measures, in the same run: the f32 FMA peak and the copy bandwidth of this
machine (benchmarks/ceilings.cpp), the unfused baseline (QK^T, softmax and PV
as separate passes, benchmarks/unfused_baseline.cpp), and attnc kernels
(benchmarks/kernels/*.mlir through `attn-run --backend=cpu --benchmark`).
The paged-decode rows are judged against the copy bandwidth measured in
alternation with them in one process (benchmarks/decode_vs_copy.cpp), since
it moves between runs on this machine: the table gives the ratio of the
medians and the range of the per-pair ratios. Prints one table.

  benchmarks/cpu_benchmark.py --build build [--reps 10] [--mcpu native]
  benchmarks/cpu_benchmark.py --build build --decode-only [--pairs 15]
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
VARLEN_MIX = [128, 1536, 512, 2048, 896, 256, 1280, 704]  # 8 seqs, 128..2048


def run(cmd, **kw):
    result = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{result.stdout}{result.stderr}")
    return result.stdout + result.stderr


def build_cpp(name, flags, workdir):
    exe = os.path.join(workdir, name)
    run(["clang++-22", "-std=c++17", "-pthread", *flags,
         os.path.join(HERE, name + ".cpp"), "-o", exe])
    return exe


def attnc(args, kernel, extra, lib=None):
    """attn-run's median ms, GFLOP/s and memory line of `kernel` (compiled
    here, or the library `lib` built from it)."""
    out = run([os.path.join(args.build, "bin", "attn-run"),
               os.path.join(HERE, "kernels", kernel), "--backend=cpu",
               f"--benchmark={args.reps}", f"--mcpu={args.mcpu}", "--quiet",
               "--exact-lengths", *extra,
               *([f"--kernel={lib}"] if lib else [])])
    time = float(re.search(r"median ([0-9.]+) ms", out).group(1))
    gflops = float(re.search(r"([0-9.]+) GFLOP/s", out).group(1))
    peak = re.search(r"peak resident ([0-9.]+ \w+), inputs \+ outputs "
                     r"([0-9.]+ \w+)", out)
    return time, gflops, peak.groups() if peak else ("?", "?")


def unfused(exe, b, lq, lk, hq, hkv, d, causal, page, threads):
    out = run([exe, str(b), str(lq), str(lk), str(hq), str(hkv), str(d),
               str(int(causal)), str(page), str(threads)])
    return float(re.search(r"time_ms=([0-9.]+)", out).group(1))


def prefill_rows(args, baseline, fma, rows):
    """Prefill L=2048 (f32, bf16) and a varlen mix against the FMA peak."""
    # Prefill L=2048, H=16, D=128, causal.
    base = unfused(baseline, 1, 2048, 2048, 16, 16, 128, True, 0, args.threads)
    for t in ["f32", "bf16"]:
        ms, gf, mem = attnc(args, f"prefill_{t}.mlir",
                            ["--q-lens=2048", "--kv-extra=0"])
        rows.append((f"prefill L=2048 H=16 D=128 causal {t}", ms,
                     f"{gf:.1f} GFLOP/s", f"{100 * gf / fma:.0f}% of FMA peak",
                     base, mem))
    # Varlen mix: 8 sequences of 128..2048, causal, f32.
    lens = ",".join(str(n) for n in VARLEN_MIX)
    ms, gf, mem = attnc(args, "prefill_f32.mlir", [f"--q-lens={lens}",
                                                   "--kv-extra=0"])
    base = sum(unfused(baseline, 1, n, n, 16, 16, 128, True, 0, args.threads)
               for n in VARLEN_MIX)
    rows.append((f"varlen mix 8 seqs 128..2048 ({sum(VARLEN_MIX)} tokens) "
                 "H=16 D=128 causal f32", ms, f"{gf:.1f} GFLOP/s",
                 f"{100 * gf / fma:.0f}% of FMA peak", base, mem))


DECODE_TYPES = ["f32", "bf16"]


def decode_against_copy(args, workdir):
    """Paged decode 8 x 4096 (f32, bf16) against the copy bandwidth, both
    measured in alternation in one process (benchmarks/decode_vs_copy.cpp,
    --pairs pairs of 3 copies and 3 decodes): the copy bandwidth of this
    machine moves by a factor of 1.5 between runs, and a ratio of
    measurements taken seconds apart moved with it. Returns per type the
    harness's key=value results."""
    harness = build_cpp("decode_vs_copy", ["-O2", "-march=native", "-ldl"],
                        workdir)
    result = {}
    for t in DECODE_TYPES:
        lib = os.path.join(workdir, f"libpaged_decode_{t}.so")
        run([os.path.join(args.build, "bin", "attnc"),
             os.path.join(HERE, "kernels", f"paged_decode_{t}.mlir"),
             f"--mcpu={args.mcpu}", "-o", lib])
        out = run([harness, lib, f"paged_decode_{t}", t, str(args.pairs),
                   str(args.threads)])
        result[t] = {key: float(value) for key, value in
                     re.findall(r"(\w+)=([0-9.]+)", out.splitlines()[-1])}
        print(f"decode {t} vs copy, {args.pairs} pairs: "
              f"{out.splitlines()[-1]}")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build")
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--mcpu", default="native")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--pairs", type=int, default=15,
                        help="decode rows: pairs of copy and decode "
                             "measurements in alternation")
    parser.add_argument("--decode-only", action="store_true",
                        help="only the paged decode rows")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="attnc-bench-")
    ceilings = build_cpp("ceilings", ["-O2", "-march=native",
                                      "-ffp-contract=fast"], workdir)
    baseline = build_cpp("unfused_baseline",
                         ["-O3", "-march=native", "-fassociative-math",
                          "-fno-signed-zeros", "-fno-trapping-math",
                          "-ffp-contract=fast", "-fno-math-errno"], workdir)
    out = run([ceilings, str(args.threads)])
    fma = float(re.search(r"fma_gflops=([0-9.]+)", out).group(1))
    copy = float(re.search(r"copy_gbs=([0-9.]+)", out).group(1))
    print(f"ceilings ({args.threads} threads): f32 FMA peak {fma:.1f} GFLOP/s,"
          f" copy bandwidth {copy:.1f} GB/s")

    rows = []
    if not args.decode_only:
        prefill_rows(args, baseline, fma, rows)
    # Paged decode 8 x 4096, H=32/8, D=128, page 16, against the copy
    # bandwidth measured in between (see decode_against_copy).
    base = unfused(baseline, 8, 1, 4096, 32, 8, 128, False, 16, args.threads)
    decode = decode_against_copy(args, workdir)
    for t, size in [("f32", 4), ("bf16", 2)]:
        r = decode[t]
        ms = 2.0 * 8 * 4096 * 8 * 128 * size / (r["decode_gbs"] * 1e9) * 1e3
        rows.append((f"paged decode 8x4096 H=32/8 D=128 page 16 {t}", ms,
                     f"{r['decode_gbs']:.1f} GB/s (K+V)",
                     f"{100 * r['ratio_of_medians']:.0f}% of copy "
                     f"{r['copy_gbs']:.1f} GB/s measured in between (pairs "
                     f"{100 * r['pair_ratio_min']:.0f}-"
                     f"{100 * r['pair_ratio_max']:.0f}%; best calls "
                     f"{r['decode_best_gbs']:.1f} / {r['copy_best_gbs']:.1f}"
                     f" = {100 * r['ratio_of_best']:.0f}%)",
                     base, ("-", "-")))

    print()
    print("| workload | attnc ms | attnc rate | vs ceiling | unfused f32 ms |"
          " speedup vs unfused | peak RSS / inputs+outputs |")
    print("|---|---|---|---|---|---|---|")
    for name, ms, rate, ceiling, base_ms, mem in rows:
        print(f"| {name} | {ms:.2f} | {rate} | {ceiling} | {base_ms:.2f} |"
              f" {base_ms / ms:.1f}x | {mem[0]} / {mem[1]} |")
    print("\n(peak RSS is attn-run's, which holds every tensor as float64 "
          "too; the kernels' own workspace is per work item.)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
