"""gpu_suite.py --bench: attnc's GPU kernels next to PyTorch's, one table.

ANCHORS.md's shapes, bf16, random data: dense prefill H=32 D=128 at L=4096
and 16384, causal and not, GQA 32/8 and D=64 at 16384 causal; a varlen
batch of 8 sequences of 512..4096 tokens (17152, causal, H=32); paged
decode H=32/8 D=128 with 16-token shuffled pages at 64x4096 and 8x32768.
Peers run in the same process: SDPA with FLASH_ATTENTION and with
CUDNN_ATTENTION forced, FlexAttention under torch.compile (block mask for
causal, document mask for varlen), FlashAttention-2 varlen
(`torch.nn.attention.varlen.varlen_attn`) for the varlen row, and the
device copy bandwidth (1 GiB device-to-device, read + write bytes).

attnc runs from OUT/bench/<kernel>.so on the same torch tensors, on torch's
current stream (attnc_cuda_set_stream(stream, 0)), timed with CUDA events:
median of --reps after warm-up. Before timing, its output is compared with
SDPA's on the same shape (relative error), so a fast wrong kernel shows as
WRONG, not as a speed. A peer that fails prints n/a with the reason.
"""

import os
import statistics

import attnc_lib

import torch
import torch.nn.functional as F

WRONG_ABOVE = 2e-2  # bf16 vs bf16: each side within ~4e-3 of exact
DENSE_ROWS = [  # (name, kernel, L, causal, Hkv, D)
    ("dense L=4096", "gpu_dense_d128", 4096, False, 32, 128),
    ("dense L=4096 causal", "gpu_dense_d128_causal", 4096, True, 32, 128),
    ("dense L=16384", "gpu_dense_d128", 16384, False, 32, 128),
    ("dense L=16384 causal", "gpu_dense_d128_causal", 16384, True, 32, 128),
    ("dense L=16384 causal GQA 32/8", "gpu_dense_gqa_causal", 16384, True, 8,
     128),
    ("dense L=16384 causal D=64", "gpu_dense_d64_causal", 16384, True, 32, 64),
]
VARLEN_LENGTHS = [512, 4096, 1024, 2048, 3072, 1536, 2560, 2304]  # 17152
DECODE_ROWS = [(64, 4096), (8, 32768)]  # (batch, context)
PEERS = ["SDPA flash", "SDPA cuDNN", "Flex"]


def cuda_time(fn, reps, warmup=3):
    """Median seconds of `fn` over `reps` CUDA-event-timed runs."""
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(reps):
        start = torch.cuda.Event(enable_timing=True)
        end = torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end) / 1e3)
    return statistics.median(times)


def prepared(fn, *args, **kwargs):
    """Runs `fn` once (a failure shows before timing, and compilation is
    left out of it) and returns the call to time."""
    fn(*args, **kwargs)
    return lambda: fn(*args, **kwargs)


def rel_error(out, ref):
    out, ref = out.float(), ref.float()
    return ((out - ref).norm() / ref.norm()).item()


def copy_bandwidth(reps):
    """Device-to-device copy of 1 GiB: read + write bytes per second."""
    src = torch.empty(2**30, dtype=torch.uint8, device="cuda")
    dst = torch.empty_like(src)
    seconds = cuda_time(lambda: dst.copy_(src), reps)
    del src, dst
    return 2 * 2**30 / seconds


class Attnc:
    """A bench kernel called on torch tensors, asynchronously on torch's
    current stream."""

    def __init__(self, artifacts, name):
        path = os.path.join(artifacts, "bench", f"{name}.so")
        if not os.path.exists(path):
            raise RuntimeError(f"no {path} (see compile_failures.txt)")
        self.kernel = attnc_lib.Kernel(path, name)
        if not self.kernel.is_cuda:
            raise RuntimeError("not a CUDA kernel library")

    def __call__(self, tensors):
        """Runs once on `tensors` (inputs then outputs) with the SPEC §6
        argument checks, and returns the call to time, without them (the
        peers check nothing). A nonzero status raises."""
        stream = torch.cuda.current_stream().cuda_stream
        self.kernel.set_stream(stream, 0)
        operands = [(t.data_ptr(), list(t.shape)) for t in tensors]
        self.run(self.kernel.prepare(operands, True))
        unchecked = self.kernel.prepare(operands, False)
        return lambda: self.run(unchecked)

    def run(self, packed):
        status = self.kernel.call(packed)
        if status:
            raise RuntimeError(f"attnc returned {status}: "
                               f"{self.kernel.last_error()}")


def sdpa(backend):
    """SDPA with one backend forced."""
    from torch.nn.attention import SDPBackend, sdpa_kernel
    chosen = getattr(SDPBackend, backend)

    def run(q, k, v, causal):
        with sdpa_kernel(chosen):
            return F.scaled_dot_product_attention(
                q, k, v, is_causal=causal, enable_gqa=k.shape[1] != q.shape[1])
    return run


_FLEX = {}


def flex():
    """flex_attention under torch.compile (compiled once per process)."""
    if "fn" not in _FLEX:
        from torch.nn.attention.flex_attention import flex_attention
        # One compilation per row's shape and mask: past dynamo's default
        # limit (8) it would fall back to eager flex, which materializes
        # the scores.
        import torch._dynamo
        for limit in ("recompile_limit", "cache_size_limit"):
            if hasattr(torch._dynamo.config, limit):
                setattr(torch._dynamo.config, limit, 64)
        _FLEX["fn"] = torch.compile(flex_attention, dynamic=False)
    return _FLEX["fn"]


def causal_block_mask(length):
    from torch.nn.attention.flex_attention import create_block_mask
    return create_block_mask(lambda b, h, q, kv: q >= kv, None, None, length,
                             length, device="cuda")


class Row:
    """One line of the table: rates per system, or "n/a" reasons."""

    def __init__(self, name, unit, work):
        self.name, self.unit, self.work = name, unit, work
        self.rates, self.notes, self.check = {}, {}, "n/a"

    def measure(self, system, make, reps):
        """`make()` returns the function to time; failures become n/a."""
        try:
            self.rates[system] = self.work / cuda_time(make(), reps)
        except Exception as e:  # a peer that fails never stops the table
            self.notes[system] = f"{type(e).__name__}: {str(e)[:150]}"
            torch.cuda.synchronize()

    def attnc(self, call_and_check, reps):
        """Checks attnc's output (relative error vs SDPA), then times it."""
        try:
            call, error = call_and_check()
            self.check = f"{error:.1e}"
            if not error <= WRONG_ABOVE:  # NaN (unwritten output) too
                self.notes["attnc"] = (f"WRONG: relative error {error:.2e} "
                                       f"vs SDPA > {WRONG_ABOVE}")
                return
            self.rates["attnc"] = self.work / cuda_time(call, reps)
        except Exception as e:
            self.notes["attnc"] = f"{type(e).__name__}: {str(e)[:150]}"
            torch.cuda.synchronize()


def dense_row(args, name, kernel, length, causal, hkv, dim):
    heads = 32
    row = Row(name, "TFLOP/s",
              4.0 * length * length * heads * dim / (2 if causal else 1) / 1e12)
    g = torch.Generator(device="cuda").manual_seed(length + hkv + dim)
    q = torch.randn(1, heads, length, dim, device="cuda", dtype=torch.bfloat16,
                    generator=g)
    k, v = (torch.randn(1, hkv, length, dim, device="cuda",
                        dtype=torch.bfloat16, generator=g) for _ in range(2))
    reference = None
    for backend in ("FLASH_ATTENTION", "CUDNN_ATTENTION", "EFFICIENT_ATTENTION"):
        try:
            reference = sdpa(backend)(q, k, v, causal)
            break
        except Exception:
            continue

    def run_attnc():
        out = torch.full_like(q, float("nan"))  # unwritten shows
        call = Attnc(args.artifacts, kernel)([q, k, v, out])
        torch.cuda.synchronize()
        if reference is None:
            raise RuntimeError("no SDPA backend ran to check against")
        return call, rel_error(out, reference)

    row.attnc(run_attnc, args.reps)
    for peer, backend in (("SDPA flash", "FLASH_ATTENTION"),
                          ("SDPA cuDNN", "CUDNN_ATTENTION")):
        row.measure(peer, lambda: prepared(sdpa(backend), q, k, v, causal),
                    args.reps)
    if not args.no_flex:
        row.measure("Flex", lambda: prepared(
            flex(), q, k, v, block_mask=causal_block_mask(length)
            if causal else None, enable_gqa=hkv != heads), args.reps)
    return row


def varlen_row(args):
    heads, dim, lengths = 32, 128, VARLEN_LENGTHS
    total = sum(lengths)
    row = Row(f"varlen {len(lengths)} seqs {min(lengths)}..{max(lengths)} "
              f"({total}) causal", "TFLOP/s",
              sum(4.0 * n * n * heads * dim / 2 for n in lengths) / 1e12)
    g = torch.Generator(device="cuda").manual_seed(7)
    q, k, v = (torch.randn(total, heads, dim, device="cuda",
                           dtype=torch.bfloat16, generator=g) for _ in range(3))
    cu = torch.tensor([0] + lengths, device="cuda").cumsum(0).to(torch.int32)
    # Reference: SDPA per sequence (Lq = Lk, so top-left causal is SPEC's).
    reference = torch.empty_like(q)
    for b, n in enumerate(lengths):
        s = slice(cu[b].item(), cu[b].item() + n)
        reference[s] = F.scaled_dot_product_attention(
            *(t[s].transpose(0, 1)[None] for t in (q, k, v)),
            is_causal=True)[0].transpose(0, 1)

    def run_attnc():
        out = torch.full_like(q, float("nan"))  # unwritten shows
        call = Attnc(args.artifacts, "gpu_varlen_causal")([q, k, v, cu, cu, out])
        torch.cuda.synchronize()
        return call, rel_error(out, reference)

    row.attnc(run_attnc, args.reps)
    row.measure("SDPA flash", lambda: varlen_attn_peer(q, k, v, cu, max(lengths)),
                args.reps)
    row.notes["SDPA cuDNN"] = "no varlen entry point in SDPA"
    if not args.no_flex:
        row.measure("Flex", lambda: flex_document(q, k, v, lengths), args.reps)
    return row


def varlen_attn_peer(q, k, v, cu, longest):
    """FlashAttention-2 varlen; causal is window (-1, 0) since torch 2.10's
    successor API, `is_causal` before it."""
    from torch.nn.attention.varlen import varlen_attn
    try:
        return prepared(varlen_attn, q, k, v, cu, cu, longest, longest,
                        window_size=(-1, 0))
    except TypeError:
        return prepared(varlen_attn, q, k, v, cu, cu, longest, longest,
                        is_causal=True)


def flex_document(q, k, v, lengths):
    """FlexAttention over the packed batch as one sequence with a causal
    document mask."""
    from torch.nn.attention.flex_attention import create_block_mask
    total = q.shape[0]
    doc = torch.repeat_interleave(
        torch.arange(len(lengths), device="cuda"),
        torch.tensor(lengths, device="cuda"))

    def document_causal(b, h, qi, ki):
        return (doc[qi] == doc[ki]) & (qi >= ki)
    mask = create_block_mask(document_causal, None, None, total, total,
                             device="cuda")
    tq, tk, tv = (t.transpose(0, 1)[None] for t in (q, k, v))
    return prepared(flex(), tq, tk, tv, block_mask=mask)


def decode_row(args, batch, context):
    hq, hkv, dim, page = 32, 8, 128, 16
    kv_bytes = 2.0 * batch * context * hkv * dim * 2
    row = Row(f"paged decode {batch}x{context} H=32/8 page 16", "GB/s",
              kv_bytes / 1e9)
    g = torch.Generator(device="cuda").manual_seed(batch)
    pages = batch * context // page
    q = torch.randn(batch, hq, dim, device="cuda", dtype=torch.bfloat16,
                    generator=g)
    k_cache, v_cache = (torch.randn(pages, page, hkv, dim, device="cuda",
                                    dtype=torch.bfloat16, generator=g)
                        for _ in range(2))
    table = torch.randperm(pages, device="cuda", generator=g).to(
        torch.int32).reshape(batch, context // page)
    lens = torch.full((batch,), context, dtype=torch.int32, device="cuda")
    # Peers read a contiguous cache, gathered once outside the timing.
    k, v = (c[table.long()].reshape(batch, context, hkv, dim).transpose(1, 2)
            .contiguous() for c in (k_cache, v_cache))
    tq = q[:, :, None]
    reference = F.scaled_dot_product_attention(tq, k, v, enable_gqa=True)[:, :, 0]

    def run_attnc():
        out = torch.full_like(q, float("nan"))  # unwritten shows
        call = Attnc(args.artifacts, "gpu_paged_decode")(
            [q, k_cache, v_cache, table, lens, out])
        torch.cuda.synchronize()
        return call, rel_error(out, reference)

    row.attnc(run_attnc, args.reps)
    for peer, backend in (("SDPA flash", "FLASH_ATTENTION"),
                          ("SDPA cuDNN", "CUDNN_ATTENTION")):
        row.measure(peer, lambda: prepared(sdpa(backend), tq, k, v, False),
                    args.reps)
    if not args.no_flex:
        row.measure("Flex", lambda: prepared(flex(), tq, k, v,
                                             enable_gqa=True), args.reps)
    del k, v, k_cache, v_cache
    return row


def cell(row, system, notes):
    if system in row.rates:
        rate = row.rates[system]
        return f"{rate:.0f}" if rate >= 100 else f"{rate:.1f}"
    reason = row.notes.get(system) or "not run"
    notes.append(f"{row.name}, {system}: {reason}")
    return f"n/a[{len(notes)}]"


def ratio(row, peer):
    if "attnc" in row.rates and peer in row.rates:
        return f"{row.rates['attnc'] / row.rates[peer]:.2f}"
    return "-"


def print_table(rows, bandwidth):
    notes = []
    print(f"\ndevice: {torch.cuda.get_device_name()}, torch {torch.__version__}"
          f"; copy bandwidth (1 GiB D2D, read+write): {bandwidth / 1e9:.0f} GB/s")
    print("| workload | attnc err vs SDPA | attnc | SDPA flash | SDPA cuDNN | "
          "Flex | unit | attnc/flash | attnc/cuDNN | attnc/Flex |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        cells = [cell(row, s, notes) for s in ["attnc"] + PEERS]
        ratios = [ratio(row, p) for p in PEERS]
        print(f"| {row.name} | {row.check} | " + " | ".join(cells) +
              f" | {row.unit} | " + " | ".join(ratios) + " |")
    for row in rows:
        if row.unit == "GB/s" and "attnc" in row.rates:
            print(f"{row.name}: attnc at "
                  f"{100 * row.rates['attnc'] * 1e9 / bandwidth:.0f}% "
                  "of the copy bandwidth")
    print("FLOPs 4*Lq*Lk*H*D per sequence (halved when causal); GB/s = K+V "
          "bytes / time; varlen's 'SDPA flash' column is FA2 varlen_attn; "
          "decode peers read a contiguous copy of the cache.")
    for i, note in enumerate(notes, 1):
        print(f"[{i}] {note}")
    return notes


def run(args):
    """The table; returns 1 when attnc failed or was wrong on a row."""
    torch.backends.cuda.matmul.allow_tf32 = False
    bandwidth = copy_bandwidth(args.reps)
    makers = [(spec[0], lambda spec=spec: dense_row(args, *spec))
              for spec in DENSE_ROWS]
    makers.append(("varlen", lambda: varlen_row(args)))
    makers += [(f"paged decode {b}x{n}", lambda b=b, n=n: decode_row(args, b, n))
               for b, n in DECODE_ROWS]
    rows = []
    for name, make in makers:
        if args.rows and args.rows not in name:
            continue
        rows.append(make())
        if args.no_flex:
            rows[-1].notes.setdefault("Flex", "skipped (--no-flex)")
        print(f"bench: {rows[-1].name} done", flush=True)
        torch.cuda.empty_cache()
    print_table(rows, bandwidth)
    return 0 if all("attnc" in r.rates for r in rows) else 1
