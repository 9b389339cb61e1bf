"""A second oracle: scaled-dot-product attention per sequence, in float64.

It applies only to plain cases: one varlen, paged or dense op with no
option beyond `causal` and `scale` (dense may also carry
actual_seq_lengths / kv_padding_size), unquantized, without modifier
regions. Each sequence is cut out of the packed, paged or batched inputs,
attended with torch's SDPA on the CPU in float64 (numpy's float64 softmax
where torch is not importable), with SPEC's bottom-right causal alignment
as an explicit mask, and put back in the kernel's output layout. It checks
the saved reference and the kernel independently of lib/Reference.
"""

import numpy as np

BASE_OPERANDS = {
    "varlen": {"q", "k", "v", "cu_seqlens_q", "cu_seqlens_k"},
    "paged": {"q", "k_cache", "v_cache", "block_table", "context_lens",
              "cu_seqlens_q"},
    "dense": {"q", "k", "v", "actual_seq_lengths", "kv_padding_size"},
}
PLAIN_ATTRIBUTES = {"layout", "causal", "scale", "num_heads", "num_kv_heads"}

try:
    import torch
    import torch.nn.functional as F
    ORACLE_NAME = "torch SDPA (float64, CPU)"
except ImportError:  # the build machine has no torch
    torch = None
    ORACLE_NAME = "numpy float64 softmax (torch not importable)"


def why_not_plain(case):
    """Why the oracle does not apply to `case`, or None when it does."""
    if len(case["ops"]) != 1:
        return "several ops"
    op = case["ops"][0]
    if op["family"] not in BASE_OPERANDS:
        return f"family {op['family']}"
    extra = set(op["attributes"]) - PLAIN_ATTRIBUTES
    extra |= set(op["operands"]) - BASE_OPERANDS[op["family"]]
    if extra or op["regions"]:
        return "options " + ",".join(sorted(extra | set(op["regions"])))
    types = {a["element_type"] for a in case["args"]
             if a["role"] in ("q", "k", "v", "k_cache", "v_cache")}
    if len(types) != 1 or case["results"][0]["element_type"] not in types:
        return "mixed element types"
    return None


def why_not_finite(inputs):
    """Why the oracle does not apply to these inputs, or None: SDPA's P V
    spreads a NaN or an infinity of V to rows whose probability of its key
    is 0 (0 * NaN), where SPEC §2 step 8 keeps it from them."""
    for role in ("v", "v_cache"):
        if role in inputs and not np.isfinite(inputs[role]).all():
            return f"non-finite values in {role}"
    return None


def attend(q, k, v, causal, scale):
    """q [Hq, Lq, D], k [Hkv, Lk, D], v [Hkv, Lk, Dv] float64 -> [Hq, Lq, Dv].
    Queries sit at the last Lq of the Lk positions; a query that sees no
    key gets zeros (SPEC §2.8)."""
    hq, lq, _ = q.shape
    hkv, lk, dv = v.shape
    if lq == 0 or lk == 0:
        return np.zeros((hq, lq, dv))
    k, v = np.repeat(k, hq // hkv, axis=0), np.repeat(v, hq // hkv, axis=0)
    keep = np.ones((lq, lk), bool)
    if causal:
        keep = np.arange(lk)[None, :] <= np.arange(lq)[:, None] + (lk - lq)
    if torch is not None:
        out = F.scaled_dot_product_attention(
            torch.from_numpy(q)[None], torch.from_numpy(k)[None],
            torch.from_numpy(v)[None], attn_mask=torch.from_numpy(keep),
            scale=scale)[0].numpy()
    else:
        s = scale * np.einsum("hqd,hkd->hqk", q, k)
        s = np.where(keep[None], s, -np.inf)
        m = np.max(s, axis=-1, keepdims=True)
        p = np.exp(s - np.where(np.isfinite(m), m, 0))
        out = np.einsum("hqk,hkd->hqd", p, v) / np.maximum(
            p.sum(-1, keepdims=True), 1e-300)
    out = np.array(out)
    out[:, ~keep.any(axis=1)] = 0
    return out


def _varlen(op, x):
    cq, ck = x["cu_seqlens_q"].astype(int), x["cu_seqlens_k"].astype(int)
    out = np.zeros(x["q"].shape[:2] + (op["head_dim_v"],))
    for b in range(len(cq) - 1):
        q = x["q"][cq[b]:cq[b + 1]].transpose(1, 0, 2)
        k = x["k"][ck[b]:ck[b + 1]].transpose(1, 0, 2)
        v = x["v"][ck[b]:ck[b + 1]].transpose(1, 0, 2)
        o = yield q, k, v
        out[cq[b]:cq[b + 1]] = o.transpose(1, 0, 2)
    yield out


def _gather_pages(cache, layout, pages, slots):
    """Tokens [L, Hkv, D] at (page, slot) pairs of a paged cache."""
    if layout == "nhd":
        return cache[pages, slots]
    if layout == "hnd":
        return cache[pages, :, slots]
    return cache[:, pages, slots].transpose(1, 0, 2)  # hpnd


def _paged(op, x):
    lens, table = x["context_lens"].astype(int), x["block_table"].astype(int)
    batch = len(lens)
    cq = (x["cu_seqlens_q"].astype(int) if "cu_seqlens_q" in x
          else np.arange(batch + 1))
    page = x["k_cache"].shape[{"nhd": 1, "hnd": 2, "hpnd": 2}[op["layout"]]]
    out = np.zeros(x["q"].shape[:2] + (op["head_dim_v"],))
    for b in range(batch):
        t = np.arange(lens[b])
        pages, slots = table[b, t // page], t % page
        k = _gather_pages(x["k_cache"], op["layout"], pages, slots)
        v = _gather_pages(x["v_cache"], op["layout"], pages, slots)
        q = x["q"][cq[b]:cq[b + 1]].transpose(1, 0, 2)
        o = yield q, k.transpose(1, 0, 2), v.transpose(1, 0, 2)
        out[cq[b]:cq[b + 1]] = o.transpose(1, 0, 2)
    yield out


def _to_heads(t, layout, heads):
    """One sequence of a dense tensor as [H, S, D]."""
    if layout == "bnsd":
        return t
    if layout == "bsh":
        t = t.reshape(t.shape[0], heads, -1)
    return t.transpose(1, 0, 2)


def _from_heads(t, layout):
    if layout == "bnsd":
        return t
    t = t.transpose(1, 0, 2)
    return t.reshape(t.shape[0], -1) if layout == "bsh" else t


def _dense(op, x):
    layout, hq, hkv = op["layout"], op["num_q_heads"], op["num_kv_heads"]
    k_all = [_to_heads(t, layout, hkv) for t in x["k"]]
    v_all = [_to_heads(t, layout, hkv) for t in x["v"]]
    skv = k_all[0].shape[1] if k_all else 0
    lens = (x["actual_seq_lengths"].astype(int)
            if "actual_seq_lengths" in x else [skv] * len(k_all))
    pad = int(x["kv_padding_size"]) if "kv_padding_size" in x else None
    outs = []
    for b, (k, v) in enumerate(zip(k_all, v_all)):
        start = 0 if pad is None else skv - pad - lens[b]
        end = start + lens[b]
        if start < 0:  # SPEC §3: the sequence's output is 0
            start = end = 0
        q = _to_heads(x["q"][b], layout, hq)
        o = yield q, k[:, start:end], v[:, start:end]
        outs.append(_from_heads(o, layout))
    yield np.stack(outs) if outs else np.zeros(x["q"].shape)


SPLITTERS = {"varlen": _varlen, "paged": _paged, "dense": _dense}


def evaluate(case, inputs):
    """The float64 `out` of a plain case; `inputs` maps roles to float64
    arrays (decoded)."""
    op = case["ops"][0]
    scale = op["scale"] or 1.0 / np.sqrt(op["head_dim"])
    walk = SPLITTERS[op["family"]](op, inputs)
    item = next(walk)
    while isinstance(item, tuple):
        item = walk.send(attend(*item, op["causal"], scale))
    return item
