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
A second table (rows named "block-sparse ...", --rows sparse) times the
block-sparse prefill L=32768 H=32 D=128 causal with 128x128 blocks at kept
fractions 10..100% (gpu_block_sparse) next to dense causal attnc
(gpu_dense_d128_causal) and FlexAttention on the same block lists.

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
# The bench kernels built for the portable sm_90 (mma.sync) next to the
# default sm_90a ones (wgmma prefill), when gpu_artifacts.sh made both.
PORTABLE = "attnc sm_90"
# Block-sparse prefill (ANCHORS.md): random 128x128 blocks among the causally
# visible ones per (head, q-block), the diagonal block always kept.
SPARSE_LENGTH, SPARSE_HEADS, SPARSE_DIM, SPARSE_BLOCK = 32768, 32, 128, 128
SPARSE_FRACTIONS = [0.10, 0.25, 0.50, 1.00]
SPARSE_REPS = 10  # at most; 32k rows take milliseconds each
SPARSE_WRONG_ABOVE = 1e-2  # attnc vs Flex (bf16 both) and vs float64
SPARSE_SAMPLES = 16  # (head, q-block) pairs checked against float64


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

    def __init__(self, artifacts, name, chip=""):
        path = os.path.join(artifacts, "bench", chip, f"{name}.so")
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


def measure_portable(row, args, kernel, tensors):
    """Times the sm_90 build of `kernel` (column PORTABLE) if there is one."""
    if os.path.exists(os.path.join(args.artifacts, "bench", "sm_90",
                                   f"{kernel}.so")):
        row.measure(PORTABLE, lambda: Attnc(args.artifacts, kernel,
                                            "sm_90")(tensors()), args.reps)
    else:
        row.notes[PORTABLE] = "no sm_90 build (gpu_artifacts.sh chips)"


def dense_inputs(length, hkv, dim, heads=32):
    """A dense row's q, k, v (bnsd, bf16), seeded by its shape."""
    g = torch.Generator(device="cuda").manual_seed(length + hkv + dim)
    q = torch.randn(1, heads, length, dim, device="cuda", dtype=torch.bfloat16,
                    generator=g)
    k, v = (torch.randn(1, hkv, length, dim, device="cuda",
                        dtype=torch.bfloat16, generator=g) for _ in range(2))
    return q, k, v


def dense_row(args, name, kernel, length, causal, hkv, dim):
    heads = 32
    row = Row(name, "TFLOP/s",
              4.0 * length * length * heads * dim / (2 if causal else 1) / 1e12)
    q, k, v = dense_inputs(length, hkv, dim, heads)
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
    measure_portable(row, args, kernel, lambda: [q, k, v, torch.empty_like(q)])
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
    measure_portable(row, args, "gpu_varlen_causal",
                     lambda: [q, k, v, cu, cu, torch.empty_like(q)])
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
    row.notes[PORTABLE] = "decode uses mma.sync on both chips"
    for peer, backend in (("SDPA flash", "FLASH_ATTENTION"),
                          ("SDPA cuDNN", "CUDNN_ATTENTION")):
        row.measure(peer, lambda: prepared(sdpa(backend), tq, k, v, False),
                    args.reps)
    if not args.no_flex:
        row.measure("Flex", lambda: prepared(flex(), tq, k, v,
                                             enable_gqa=True), args.reps)
    del k, v, k_cache, v_cache
    return row


def causal_mask_mod(b, h, q, kv):
    """The partial (diagonal) blocks' rule; one function object for every
    BlockMask (no recompilation). Compiled Flex evaluates it only in the
    kv_* blocks and skips unlisted ones; eager Flex ignores the lists and
    applies it everywhere, hence the float64 check of Flex's output."""
    return q >= kv


def block_sparse_lists(heads, blocks, fraction, seed, device="cuda"):
    """SPEC §5.1 lists of a random causal block mask, as FlexAttention
    splits them: q-block I keeps its diagonal block I as a partial block
    (kv_num_blocks [1, heads, blocks] = 1, kv_indices[..., 0] = I) and
    round(fraction * I) of the blocks 0..I-1, chosen at random per
    (head, I), as full blocks (full_kv_*, ascending). The index lists are
    [1, heads, blocks, blocks] (FlexAttention reads the key block count
    from their width); entries past the counts are unused but valid.
    Returns (num, idx, full_num, full_idx), int32, contiguous."""
    g = torch.Generator(device=device).manual_seed(seed)
    rows = torch.arange(blocks, device=device)
    below = rows[None, :] < rows[:, None]  # [I, J]: J < I
    scores = torch.rand(1, heads, blocks, blocks, generator=g, device=device)
    rank = scores.masked_fill(~below, 2.0).argsort(-1).argsort(-1)
    counts = torch.round(fraction * rows.double()).to(torch.int32)
    keep = rank < counts[:, None]  # rank < I exactly on J < I
    full_idx = (~keep).to(torch.uint8).argsort(dim=-1, stable=True).to(
        torch.int32).contiguous()
    full_num = counts.expand(1, heads, blocks).contiguous()
    num = torch.ones(1, heads, blocks, dtype=torch.int32, device=device)
    idx = ((rows[:, None] + rows[None, :]) % blocks).to(torch.int32).expand(
        1, heads, blocks, blocks).contiguous()
    return num, idx, full_num, full_idx


def block_sparse_blocks(full_num, heads, blocks):
    """Useful blocks over all heads: kept full blocks + half a block per
    diagonal."""
    return full_num.sum().item() + 0.5 * heads * blocks


def block_sparse_reference(q, k, v, full_num, full_idx, samples, block):
    """Float64 outputs [block, D] of the (head, q-block) `samples` of
    q, k, v [1, H, L, D] under the lists of block_sparse_lists."""
    outs = []
    for h, i in samples:
        kept = full_idx[0, h, i, :int(full_num[0, h, i])].tolist() + [i]
        keys = torch.cat([torch.arange(j * block, (j + 1) * block,
                                       device=q.device) for j in kept])
        qb = q[0, h, i * block:(i + 1) * block].double()
        s = qb @ k[0, h, keys].double().T / q.shape[-1] ** 0.5
        s[:, -block:].masked_fill_(torch.ones(block, block, dtype=torch.bool,
                                              device=q.device).triu(1),
                                   float("-inf"))
        outs.append(torch.softmax(s, -1) @ v[0, h, keys].double())
    return outs


def sampled_error(out, reference, samples, block):
    """Relative error of out [1, H, L, D] on the sampled blocks."""
    got = torch.cat([out[0, h, i * block:(i + 1) * block].double()
                     for h, i in samples])
    want = torch.cat(reference)
    return ((got - want).norm() / want.norm()).item()


def block_sparse_samples(heads, blocks, count, seed):
    """(head, q-block) pairs: the first and last q-blocks, then random."""
    g = torch.Generator().manual_seed(seed)
    pairs = [(0, 0), (heads - 1, blocks - 1)]
    while len(pairs) < count:
        pairs.append((int(torch.randint(heads, (1,), generator=g)),
                      int(torch.randint(blocks, (1,), generator=g))))
    return pairs


class SparseRow(Row):
    """A block-sparse line: rates in useful TFLOP/s, plus the kept fraction
    and the dense causal attnc time of the same shape."""

    def __init__(self, name, work, kept, dense):
        super().__init__(name, "TFLOP/s", work)
        self.kept, self.dense = kept, dense  # dense: seconds or a reason


class BlockSparseBench:
    """The block-sparse rows' shared inputs (q, k, v [1, 32, 32768, 128])
    and dense causal attnc time, made on the first row. (`length` and
    `device` are for trying the code on CPU libraries with small shapes.)"""

    def __init__(self, args, length=SPARSE_LENGTH, device="cuda"):
        self.args, self.length, self.device = args, length, device
        self.reps = max(1, min(args.reps, SPARSE_REPS))
        self.blocks = length // SPARSE_BLOCK
        g = torch.Generator(device=device).manual_seed(length + 1)
        self.q, self.k, self.v = (
            torch.randn(1, SPARSE_HEADS, length, SPARSE_DIM, device=device,
                        dtype=torch.bfloat16, generator=g)
            for _ in range(3))
        self.samples = block_sparse_samples(SPARSE_HEADS, self.blocks,
                                            SPARSE_SAMPLES, 5)
        self.dense = self.dense_time()

    def dense_time(self):
        """gpu_dense_d128_causal at the same shape, checked against SDPA:
        seconds, or the reason it has none."""
        q, k, v = self.q, self.k, self.v
        try:
            out = torch.full_like(q, float("nan"))
            call = Attnc(self.args.artifacts, "gpu_dense_d128_causal")(
                [q, k, v, out])
            torch.cuda.synchronize()
            reference = None
            for backend in ("FLASH_ATTENTION", "CUDNN_ATTENTION",
                            "EFFICIENT_ATTENTION"):
                try:
                    reference = sdpa(backend)(q, k, v, True)
                    break
                except Exception:
                    continue
            if reference is None:
                return "no SDPA backend ran to check against"
            error = rel_error(out, reference)
            del reference
            if not error <= WRONG_ABOVE:
                return f"WRONG: relative error {error:.2e} vs SDPA"
            return cuda_time(call, self.reps)  # `out` alive: call writes it
        except Exception as e:
            torch.cuda.synchronize()
            return f"{type(e).__name__}: {str(e)[:150]}"

    def row(self, fraction):
        heads, blocks, block = SPARSE_HEADS, self.blocks, SPARSE_BLOCK
        q, k, v = self.q, self.k, self.v
        lists = block_sparse_lists(heads, blocks, fraction,
                                   1000 + round(100 * fraction), self.device)
        useful = block_sparse_blocks(lists[2], heads, blocks)
        row = SparseRow(f"block-sparse L={self.length} kept "
                        f"{100 * fraction:.0f}%",
                        useful * 4.0 * block * block * SPARSE_DIM / 1e12,
                        useful / (heads * blocks * blocks / 2), self.dense)
        reference = block_sparse_reference(q, k, v, lists[2], lists[3],
                                           self.samples, block)
        flex_out = None
        if not self.args.no_flex:
            try:
                from torch.nn.attention.flex_attention import BlockMask
                mask = BlockMask.from_kv_blocks(
                    *lists, BLOCK_SIZE=SPARSE_BLOCK, mask_mod=causal_mask_mod)
                flex_out = flex()(q, k, v, block_mask=mask)
                torch.cuda.synchronize()
                flex_error = sampled_error(flex_out, reference, self.samples,
                                           block)
                if not flex_error <= SPARSE_WRONG_ABOVE:
                    row.notes["Flex"] = (f"WRONG: relative error "
                                         f"{flex_error:.2e} vs float64")
                    flex_out = None
                else:
                    row.measure("Flex", lambda: prepared(
                        flex(), q, k, v, block_mask=mask), self.reps)
            except Exception as e:
                row.notes["Flex"] = f"{type(e).__name__}: {str(e)[:150]}"
                flex_out = None
                torch.cuda.synchronize()
        try:
            out = torch.full_like(q, float("nan"))  # unwritten shows
            call = Attnc(self.args.artifacts, "gpu_block_sparse")(
                [q, k, v, *lists, out])
            torch.cuda.synchronize()
            errors = [("f64", sampled_error(out, reference, self.samples,
                                            block))]
            if flex_out is not None:
                errors.insert(0, ("Flex", rel_error(out, flex_out)))
            elif not torch.isfinite(out).all():
                errors.append(("finite", float("nan")))
            del flex_out  # not `out`: the timed call writes it
            row.check = " / ".join(f"{e:.1e}" for _, e in errors)
            bad = [f"{e:.2e} vs {n}" for n, e in errors
                   if not e <= SPARSE_WRONG_ABOVE]
            if bad:
                row.notes["attnc"] = (f"WRONG: relative error "
                                      f"{', '.join(bad)} > "
                                      f"{SPARSE_WRONG_ABOVE}")
            else:
                row.rates["attnc"] = row.work / cuda_time(call, self.reps)
        except Exception as e:
            row.notes["attnc"] = f"{type(e).__name__}: {str(e)[:150]}"
            torch.cuda.synchronize()
        return row


def milliseconds(row, system):
    return f"{1e3 * row.work / row.rates[system]:.2f}" \
        if system in row.rates else "-"


def print_sparse_table(rows, reps):
    notes = []
    print(f"\nblock-sparse prefill H={SPARSE_HEADS}, "
          f"D={SPARSE_DIM}, bf16, causal, {SPARSE_BLOCK}x{SPARSE_BLOCK} "
          "blocks (random per head and q-block, diagonal kept)")
    print("| workload | kept | attnc err vs Flex / f64 | attnc ms | attnc | "
          "dense attnc ms | Flex ms | Flex | unit | attnc/dense (speed-up) | "
          "attnc/Flex |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        attnc, flex_rate = (cell(row, s, notes) for s in ("attnc", "Flex"))
        if isinstance(row.dense, float):
            dense = f"{1e3 * row.dense:.2f}"
        else:
            notes.append(f"{row.name}, dense attnc: {row.dense}")
            dense = f"n/a[{len(notes)}]"
        speedup = "-"
        if "attnc" in row.rates and isinstance(row.dense, float):
            speedup = f"{row.dense * row.rates['attnc'] / row.work:.2f}"
        print(f"| {row.name} | {row.kept:.3f} | {row.check} | "
              f"{milliseconds(row, 'attnc')} | {attnc} | {dense} | "
              f"{milliseconds(row, 'Flex')} | {flex_rate} | {row.unit} | "
              f"{speedup} | {ratio(row, 'Flex')} |")
    print("useful FLOPs = 4*128*128*D per kept block per head, the diagonal "
          "block as half; kept = useful / dense causal FLOPs; dense attnc = "
          "gpu_dense_d128_causal on the whole causal problem (checked vs "
          "SDPA); f64 = float64 on "
          f"{SPARSE_SAMPLES} sampled (head, q-block) pairs; medians of "
          f"{reps} runs.")
    for i, note in enumerate(notes, 1):
        print(f"[{i}] {note}")
    return notes


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
    print("| workload | attnc err vs SDPA | attnc | attnc sm_90 | SDPA flash | "
          "SDPA cuDNN | Flex | unit | attnc/flash | attnc/cuDNN | attnc/Flex |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        cells = [cell(row, s, notes) for s in ["attnc", PORTABLE] + PEERS]
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
    sparse = {}  # the BlockSparseBench, made by the first sparse row

    def sparse_row(fraction):
        if "bench" not in sparse:
            sparse["bench"] = BlockSparseBench(args)
        return sparse["bench"].row(fraction)
    makers += [(f"block-sparse L={SPARSE_LENGTH} kept {100 * f:.0f}%",
                lambda f=f: sparse_row(f)) for f in SPARSE_FRACTIONS]
    rows = []
    for name, make in makers:
        if args.rows and args.rows not in name:
            continue
        rows.append(make())
        if args.no_flex:
            rows[-1].notes.setdefault("Flex", "skipped (--no-flex)")
        print(f"bench: {rows[-1].name} done", flush=True)
        torch.cuda.empty_cache()
    reps = sparse["bench"].reps if sparse else args.reps
    sparse.clear()
    torch.cuda.empty_cache()
    sparse_rows = [r for r in rows if isinstance(r, SparseRow)]
    main_rows = [r for r in rows if not isinstance(r, SparseRow)]
    if main_rows or not sparse_rows:
        print_table(main_rows, bandwidth)
    else:
        print(f"\ndevice: {torch.cuda.get_device_name()}, "
              f"torch {torch.__version__}")
    if sparse_rows:
        print_sparse_table(sparse_rows, reps)
    return 0 if all("attnc" in r.rates for r in rows) else 1
