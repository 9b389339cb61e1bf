#!/usr/bin/env python3
"""XAttention prefill on the GPU: attnc end to end next to dense attnc and
FlexAttention on the same block mask, one table.

  python3 benchmarks/gpu/xattention_bench.py --artifacts build/gpu-artifacts

Shape: dense bnsd [1, 32, L, 128] bf16, causal, L = 16k, 32k, 64k,
XAttention tau = 0.9, block 128, stride 16, dense tail 100
(benchmarks/kernels/gpu_xattention.mlir, which also returns the selected
block lists). Inputs are structured, not white noise (with i.i.d. random q
and k every block carries about the same mass and tau = 0.9 keeps ~90% of
them): each 1024-token segment has one of 8 topics, and q and k rows are
randn + 8 * (their segment's topic vector), so a query attends mostly to the
keys of its topic, as in real prompts' block-sparse attention.

Columns: attnc end to end (estimate + selection + attention, one call), of
which the selection kernel alone (torch.profiler, CUPTI kernel times),
dense causal attnc (gpu_dense_d128_causal), FlexAttention under
torch.compile with a BlockMask built from attnc's selected lists (the same
kept blocks, causal mask_mod), the kept fraction of the causal blocks, and
checks: attnc vs Flex on the same blocks (relative error) and, at
every L, the selection of 2 heads against a float64 torch evaluation of
SPEC §5.3 (q-blocks whose kept set differs; those whose greedy decision is
within 1e-4 of tau * total are counted apart, as SPEC §5.3 allows).
"""

import argparse
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402

HEADS, DIM, BLOCK, STRIDE, TAU, TAIL = 32, 128, 128, 16, 0.9, 100
LENGTHS = [16384, 32768, 65536]
TOPICS, SEGMENT, STRENGTH = 8, 1024, 8.0


def structured_inputs(length, seed):
    g = torch.Generator(device="cuda").manual_seed(seed)
    topics = torch.randn(TOPICS, DIM, device="cuda", generator=g)
    topics = topics / topics.norm(dim=1, keepdim=True)
    segment_topic = torch.randint(0, TOPICS, (HEADS, length // SEGMENT),
                                  device="cuda", generator=g)
    # [H, L, D]: the topic vector of each token's segment, per head.
    per_token = topics[segment_topic].repeat_interleave(SEGMENT, dim=1)

    def rows():
        x = torch.randn(HEADS, length, DIM, device="cuda", generator=g)
        return (x + STRENGTH * per_token).to(torch.bfloat16)[None]
    q, k = rows(), rows()
    v = torch.randn(1, HEADS, length, DIM, device="cuda", generator=g,
                    dtype=torch.bfloat16)
    return q.contiguous(), k.contiguous(), v


def reference_selection(q, k, head):
    """SPEC §5.3 in float64 for one head of a single sequence with Lq = Lk:
    per q-block the kept block set and the greedy margins."""
    length = q.shape[2]
    n, per, nb = length // STRIDE, BLOCK // STRIDE, length // BLOCK
    qh, kh = q[0, head].double(), k[0, head].double()
    qp = qh.view(n, STRIDE, DIM).flip(1).reshape(n, STRIDE * DIM)
    kp = kh.view(n, STRIDE, DIM).reshape(n, STRIDE * DIM)
    a = qp @ kp.T / (math.sqrt(DIM) * STRIDE)
    a.masked_fill_(torch.ones(n, n, dtype=torch.bool,
                              device=a.device).triu(1), float("-inf"))
    w = torch.softmax(a, dim=-1).view(nb, per, nb, per).sum((1, 3)).cpu()
    kept, margins = [], []
    for i in range(nb):
        row = w[i].tolist()
        total = sum(row)
        keep = {0, i}
        mass = row[0] + (row[i] if i else 0.0)
        margin = float("inf")
        for j in sorted(range(1, i), key=lambda j: (-row[j], j)):
            margin = min(margin, abs(mass - TAU * total) / total)
            if not mass < TAU * total:
                break
            keep.add(j)
            mass += row[j]
        if (i + 1) * BLOCK - 1 >= length - TAIL:
            keep = set(range(i + 1))
        kept.append(keep)
        margins.append(margin)
    return kept, margins


def check_selection(q, k, num, idx, heads=(0, 17)):
    differ = near = 0
    for h in heads:
        kept, margins = reference_selection(q, k, h)
        for i, ref in enumerate(kept):
            got = set(idx[0, h, i, :num[0, h, i]].tolist())
            if got != ref:
                if margins[i] <= 1e-4:
                    near += 1
                else:
                    differ += 1
    total = len(heads) * (q.shape[2] // BLOCK)
    return differ, near, total


def selection_time(call):
    """Milliseconds of the selection kernel in one call (CUPTI)."""
    from torch.profiler import ProfilerActivity, profile
    with profile(activities=[ProfilerActivity.CUDA]) as prof:
        call()
        torch.cuda.synchronize()
    total = {"selection": 0.0, "all": 0.0}
    for event in prof.events():
        if event.device_type != torch.autograd.DeviceType.CUDA:
            continue
        us = event.device_time if hasattr(event, "device_time") \
            else event.cuda_time
        total["all"] += us
        if event.name == "gpu_xattention_xattention":
            total["selection"] += us
    return total["selection"] / 1e3, total["all"] / 1e3


def row(args, length):
    result = {"L": length}
    q, k, v = structured_inputs(length, 7 + length)
    nb = length // BLOCK
    out = torch.full_like(q, float("nan"))
    num = torch.full((1, HEADS, nb), -7, dtype=torch.int32, device="cuda")
    idx = torch.full((1, HEADS, nb, nb), -7, dtype=torch.int32, device="cuda")
    reps = args.reps
    try:
        call = bench.Attnc(args.artifacts, "gpu_xattention")(
            [q, k, v, out, num, idx])
        torch.cuda.synchronize()
        result["attnc"] = bench.cuda_time(call, reps, warmup=1)
        result["select"], result["kernels"] = selection_time(call)
        result["attention"] = result["kernels"] - result["select"]
        causal_blocks = HEADS * nb * (nb + 1) / 2
        result["kept"] = num.sum().item() / causal_blocks
        result["finite"] = bool(torch.isfinite(out).all())
        # Every length: past 256 candidate blocks (64k) the kernel sorts
        # them, below it ranks them.
        result["selection check"] = check_selection(q, k, num, idx)
        if args.variant:  # another build of the kernel, same inputs
            other = torch.full_like(q, float("nan"))
            vcall = bench.Attnc(args.artifacts, "gpu_xattention",
                                args.variant)([q, k, v, other, num, idx])
            result["variant"] = bench.cuda_time(vcall, reps, warmup=1)
            result["variant select"] = selection_time(vcall)[0]
            result["variant err"] = bench.rel_error(other, out)
            del other
    except Exception as e:  # noqa: BLE001
        result["attnc error"] = f"{type(e).__name__}: {str(e)[:200]}"
        torch.cuda.synchronize()
    try:
        dense_out = torch.empty_like(q)
        call = bench.Attnc(args.artifacts, "gpu_dense_d128_causal")(
            [q, k, v, dense_out])
        result["dense"] = bench.cuda_time(call, reps, warmup=1)
        if "attnc" in result:
            result["err vs dense"] = bench.rel_error(out, dense_out)
        del dense_out
    except Exception as e:  # noqa: BLE001
        result["dense error"] = f"{type(e).__name__}: {str(e)[:200]}"
    if "attnc" in result and not args.no_flex:
        try:
            from torch.nn.attention.flex_attention import BlockMask
            mask = BlockMask.from_kv_blocks(
                num.contiguous(), idx.clamp(min=0).contiguous(),
                BLOCK_SIZE=BLOCK, mask_mod=bench.causal_mask_mod)
            flex_out = bench.flex()(q, k, v, block_mask=mask)
            torch.cuda.synchronize()
            result["err vs Flex"] = bench.rel_error(out, flex_out)
            del flex_out
            result["Flex"] = bench.cuda_time(
                bench.prepared(bench.flex(), q, k, v, block_mask=mask), reps,
                warmup=1)
        except Exception as e:  # noqa: BLE001
            result["Flex error"] = f"{type(e).__name__}: {str(e)[:200]}"
            torch.cuda.synchronize()
    del q, k, v, out, num, idx
    torch.cuda.empty_cache()
    return result


def ms(x):
    return f"{1e3 * x:.2f}" if isinstance(x, float) else "-"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--artifacts", required=True)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--lengths", default=",".join(map(str, LENGTHS)))
    parser.add_argument("--no-flex", action="store_true")
    parser.add_argument("--variant", default="",
                        help="also time bench/VARIANT/gpu_xattention.so")
    args = parser.parse_args()
    lengths = [int(x) for x in args.lengths.split(",")]
    results = []
    for length in lengths:
        results.append(row(args, length))
        print(f"xattention bench: L={length} done: {results[-1]}", flush=True)
    print(f"\nXAttention prefill H={HEADS}, D={DIM}, bf16, causal, tau={TAU}, "
          f"block {BLOCK}, stride {STRIDE}, dense tail {TAIL}; device "
          f"{torch.cuda.get_device_name()}, torch {torch.__version__}")
    print("| L | kept | attnc e2e ms | selection ms | attention ms | "
          "dense attnc ms | "
          "Flex (same blocks) ms | e2e speed-up vs dense | attnc/Flex | "
          "err vs Flex | err vs dense | selection vs f64 (differ/near/q-blocks) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    status = 0
    for r in results:
        speedup = (f"{r['dense'] / r['attnc']:.2f}"
                   if "attnc" in r and "dense" in r else "-")
        vs_flex = (f"{r['Flex'] / r['attnc']:.2f}"
                   if "attnc" in r and "Flex" in r else "-")
        sel = r.get("selection check")
        sel_ms = f"{r['select']:.2f}" if "select" in r else "-"
        kept = f"{r['kept']:.3f}" if "kept" in r else "-"
        att_ms = f"{r['attention']:.2f}" if "attention" in r else "-"
        print(f"| {r['L']} | {kept} | {ms(r.get('attnc'))} | {sel_ms} | "
              f"{att_ms} | "
              f"{ms(r.get('dense'))} | {ms(r.get('Flex'))} | {speedup} | "
              f"{vs_flex} | {r.get('err vs Flex', float('nan')):.1e} | "
              f"{r.get('err vs dense', float('nan')):.1e} | "
              f"{'/'.join(map(str, sel)) if sel else '-'} |")
        if "variant" in r:
            print(f"  {r['L']} variant {args.variant}: e2e "
                  f"{ms(r['variant'])} ms, selection "
                  f"{r['variant select']:.2f} ms, err vs attnc "
                  f"{r['variant err']:.1e}")
        for key in ("attnc error", "dense error", "Flex error"):
            if key in r:
                print(f"  {r['L']} {key}: {r[key]}")
        if "attnc" not in r or not r.get("finite", False) or \
                r.get("err vs Flex", 0) > bench.SPARSE_WRONG_ABOVE or \
                (sel and sel[0]):
            status = 1
    print("attnc e2e = one call: selection kernel (estimate + W + greedy "
          "choice) then the attention on the kept blocks; selection ms from "
          "CUPTI; speed-up = dense attnc / attnc e2e; attnc/Flex = Flex time "
          "/ attnc e2e (Flex given attnc's blocks, without a selection); "
          f"medians of {args.reps} runs.")
    return status


if __name__ == "__main__":
    sys.exit(main())
