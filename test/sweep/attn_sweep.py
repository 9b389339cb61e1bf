#!/usr/bin/env python3
"""Generated end-to-end sweep: compiled kernels against the float64 reference.

Every case is an attention kernel written in the `attn` dialect from a point
in the option space of SPEC.md (family and layout, element type, heads, head
dims, lengths, page size, causal/window/sink, soft cap, ALiBi, bias, masks,
modifier regions, quantised KV and output, LSE, block masks, tri-shape).
Each case runs `attn-run --backend=BACKEND --check --seed=S` on random valid
inputs, which compares every result with the reference at SPEC §7's
tolerances. Cases are drawn so that every value of every axis appears; the
`ci` size keeps CI short and `full` is run by hand.

  attn_sweep.py --attn-run build/bin/attn-run --size ci --backend cpu

With --save-cases DIR it checks nothing: it writes each case's kernel and
saved inputs and float64 reference (attn-run --save-case) into DIR/<case>/,
for a machine without MLIR (scripts/gpu_artifacts.sh, then
benchmarks/gpu/gpu_suite.py on the GPU machine). --target cuda keeps the
cases the GPU backend supports (gpu_supports below).

  attn_sweep.py --attn-run build/bin/attn-run --save-cases DIR --target cuda
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile

ELEMENT_TYPES = ["f32", "f16", "bf16"]
HEAD_DIMS = [40, 59, 64, 80, 96, 111, 128, 256]
HEADS = [(4, 4), (8, 2), (4, 1)]  # (Hq, Hkv): MHA, GQA, MQA
FAMILIES = ["varlen", "paged-nhd", "paged-hnd", "paged-hpnd",
            "paged-decode", "dense-bnsd", "dense-bsnd", "dense-bsh"]
PAGE_SIZES = [1, 5, 16]
LENGTHS = [1, 17, 113, 1023]
OPTIONS = ["causal", "window", "window-sink", "softcap", "alibi",
           "alibi-batch", "bias", "bias-broadcast", "mask-keep",
           "mask-drop-f32", "score-mod", "mask-mod-capture", "int8-kv-tensor",
           "int8-kv-channel", "int8-kv-token", "fp8-kv", "int8-out",
           "int8-out-channel", "lse", "dv", "block-mask", "block-mask-full",
           "trishape", "scale", "skip-softmax", "xattention",
           "block-mask-per-head", "fp8-e5m2-kv", "trishape-prompt-lens",
           "skip-softmax-calibrated"]


def tensor(shape, element):
    return "tensor<" + "x".join(str(d) for d in shape) + "x" + element + ">"


class Case:
    """One kernel: builds the function text from its axis values."""

    def __init__(self, rng, family, element, heads, head_dim, length,
                 page_size, options):
        self.rng = rng
        self.family = family
        self.element = element
        self.hq, self.hkv = heads
        self.d = head_dim
        self.length = length
        self.page_size = page_size
        self.options = set(options)
        self.dv = self.d if "dv" not in self.options else max(8, self.d // 2 + 3)
        self.args = []       # (name, type)
        self.operands = []   # text of named operand groups
        self.attrs = []
        self.regions = []
        self.results = []    # (type, keyword)

    def name(self):
        opts = "-".join(sorted(self.options)) or "plain"
        return (f"{self.family}_{self.element}_h{self.hq}x{self.hkv}"
                f"_d{self.d}_l{self.length}_p{self.page_size}_{opts}")

    def arg(self, name, type_):
        self.args.append((name, type_))
        return f"%{name}"

    def operand(self, keyword, name, type_):
        self.operands.append(f"{keyword}({self.arg(name, type_)} : {type_})")

    def kv_element(self):
        if self.options & {"int8-kv-tensor", "int8-kv-channel",
                           "int8-kv-token"}:
            return "i8"
        if "fp8-kv" in self.options:
            return "f8E4M3FN"
        if "fp8-e5m2-kv" in self.options:
            return "f8E5M2"
        return self.element

    def build(self):
        kv = self.kv_element()
        e, hq, hkv, d, dv = self.element, self.hq, self.hkv, self.d, self.dv
        fam = self.family
        if fam == "varlen":
            q_shape, out_shape = ["?", hq, d], ["?", hq, dv]
            self.operand("q", "q", tensor(q_shape, e))
            self.operand("k", "k", tensor(["?", hkv, d], kv))
            self.operand("v", "v", tensor(["?", hkv, dv], kv))
            self.operand("cu_seqlens_q", "cu_q", tensor(["?"], "i32"))
            self.operand("cu_seqlens_k", "cu_k", tensor(["?"], "i32"))
            op = "attn.varlen"
            lse = tensor([hq, "?"], "f32")
            token_scale = ["?"]
        elif fam.startswith("paged"):
            layout = fam.split("-")[1] if fam != "paged-decode" else "nhd"
            ps = self.page_size
            cache = {"nhd": ["?", ps, hkv], "hnd": ["?", hkv, ps],
                     "hpnd": [hkv, "?", ps]}[layout]
            q_shape, out_shape = ["?", hq, d], ["?", hq, dv]
            self.operands.append(f"layout({layout})")
            self.operand("q", "q", tensor(q_shape, e))
            self.operand("k_cache", "k_cache", tensor(cache + [d], kv))
            self.operand("v_cache", "v_cache", tensor(cache + [dv], kv))
            self.operand("block_table", "block_table", tensor(["?", "?"], "i32"))
            self.operand("context_lens", "context_lens", tensor(["?"], "i32"))
            if fam != "paged-decode":
                self.operand("cu_seqlens_q", "cu_q", tensor(["?"], "i32"))
            op = "attn.paged"
            lse = tensor([hq, "?"], "f32")
            token_scale = ["?", ps]
        else:
            layout = fam.split("-")[1]
            def dense(h, dim):
                if layout == "bnsd":
                    return ["?", h, "?", dim]
                if layout == "bsnd":
                    return ["?", "?", h, dim]
                return ["?", "?", h * dim]
            q_shape, out_shape = dense(hq, d), dense(hq, dv)
            self.operands.append(f"layout({layout})")
            self.operand("q", "q", tensor(q_shape, e))
            self.operand("k", "k", tensor(dense(hkv, d), kv))
            self.operand("v", "v", tensor(dense(hkv, dv), kv))
            if self.rng.random() < 0.7:
                self.operand("actual_seq_lengths", "lens", tensor(["?"], "i32"))
            if self.rng.random() < 0.4:
                self.operand("kv_padding_size", "padding", "tensor<i64>")
            if layout == "bsh":
                self.attrs += [f"num_heads = {hq}", f"num_kv_heads = {hkv}"]
            op = "attn.dense"
            lse = tensor(["?", hq, "?"], "f32")
            token_scale = ["?", "?"]
        self.add_options(e, kv, token_scale)
        out_element = "i8" if self.options & {"int8-out",
                                              "int8-out-channel"} else e
        self.results.append((tensor(out_shape, out_element), None))
        if "lse" in self.options:
            self.results.append((lse, "lse"))
        if self.options & {"skip-softmax", "skip-softmax-calibrated"}:
            self.results.append(("tensor<2xi64>", "skip_stats"))
        return self.render(op)

    def add_options(self, e, kv, token_scale):
        o = self.options
        hq, hkv, d, dv = self.hq, self.hkv, self.d, self.dv
        if o & {"causal", "trishape", "trishape-prompt-lens"}:
            self.attrs.append("causal")
        if "window" in o:
            self.attrs.append("window = array<i64: 48, 0>")
        if "window-sink" in o:
            self.attrs += ["window = array<i64: 32, 8>", "num_sink = 4"]
        if "softcap" in o:
            self.attrs.append("softcap = 5.0 : f64")
        if "scale" in o:
            self.attrs.append("scale = 0.3 : f64")
        if "alibi" in o:
            self.operand("alibi_slopes", "alibi", tensor([hq], "f32"))
        if "alibi-batch" in o:
            self.operand("alibi_slopes", "alibi", tensor(["?", hq], "f32"))
        if "bias" in o:
            self.operand("bias", "bias", tensor(["?", hq, "?", "?"], e))
        if "bias-broadcast" in o:
            self.operand("bias", "bias", tensor([1, 1, "?", "?"], "f32"))
        if "mask-keep" in o:
            self.operand("mask", "mask", tensor(["?", 1, "?", "?"], "i1"))
            self.attrs.append("mask_polarity = #attn.mask_polarity<keep_if_true>")
        if "mask-drop-f32" in o:
            self.operand("mask", "mask", tensor([1, hq, "?", "?"], "f32"))
            self.attrs.append(
                "mask_polarity = #attn.mask_polarity<drop_if_nonzero>")
        quant = {"int8-kv-tensor": ("per_tensor", []),
                 "int8-kv-channel": ("per_channel", None),
                 "int8-kv-token": ("per_token", token_scale)}
        for option, (granularity, shape) in quant.items():
            if option not in o:
                continue
            k_shape = shape if shape is not None else [hkv, d]
            v_shape = shape if shape is not None else [hkv, dv]
            self.operand("k_scale", "k_scale", tensor(k_shape, "f32")
                         if k_shape else "tensor<f32>")
            self.operand("k_offset", "k_offset", tensor(k_shape, "f32")
                         if k_shape else "tensor<f32>")
            self.operand("v_scale", "v_scale", tensor(v_shape, "f32")
                         if v_shape else "tensor<f32>")
            self.attrs += [f"k_quant = #attn.granularity<{granularity}>",
                           f"v_quant = #attn.granularity<{granularity}>"]
        if o & {"fp8-kv", "fp8-e5m2-kv"}:
            self.operand("k_scale", "k_scale", "tensor<f32>")
            self.operand("v_scale", "v_scale", "tensor<f32>")
        if "int8-out" in o:
            self.operand("out_scale", "out_scale", "tensor<f32>")
            self.operand("out_offset", "out_offset", "tensor<f32>")
        if "int8-out-channel" in o:
            self.operand("out_scale", "out_scale", tensor([hq, dv], "f32"))
        if o & {"block-mask", "block-mask-full"}:
            self.operand("kv_num_blocks", "num", tensor(["?", 1, "?"], "i32"))
            self.operand("kv_indices", "idx", tensor(["?", 1, "?", "?"], "i32"))
            if "block-mask-full" in o:
                self.operand("full_kv_num_blocks", "full_num",
                             tensor(["?", 1, "?"], "i32"))
                self.operand("full_kv_indices", "full_idx",
                             tensor(["?", 1, "?", "?"], "i32"))
            self.attrs.append("sparsity = #attn.block_mask<bq = 16, bk = 32>")
        if "skip-softmax-calibrated" in o:
            self.attrs.append(
                "skip_softmax = #attn.skip_softmax<br = 16, bc = 32, "
                "prefill = #attn.calibrated<a = 2.0, b = 3.0, target = 0.5>, "
                "decode = #attn.calibrated<a = 8.0, b = 1.0, target = 0.3>>")
        if "block-mask-per-head" in o:
            self.operand("kv_num_blocks", "num", tensor(["?", hq, "?"], "i32"))
            self.operand("kv_indices", "idx", tensor(["?", hq, "?", "?"], "i32"))
            self.attrs.append("sparsity = #attn.block_mask<bq = 16, bk = 32>")
        if "trishape-prompt-lens" in o:
            self.operand("prompt_lens", "prompt_lens", tensor(["?"], "i32"))
            self.attrs.append("sparsity = #attn.trishape<bk = 16, start = 16, "
                              "recent = 32, dense_tail = 7>")
        if "skip-softmax" in o:
            self.attrs.append("skip_softmax = #attn.skip_softmax<br = 16, "
                              "bc = 32, prefill = 0.05 : f64, "
                              "decode = 0.05 : f64>")
        if "xattention" in o:
            if "causal" not in o and "trishape" not in o:
                self.attrs.append("causal")
            self.attrs.append("sparsity = #attn.xattention<threshold = 0.6, "
                              "block = 16, stride = 4, dense_tail = 5>")
        if "trishape" in o:
            self.attrs.append("sparsity = #attn.trishape<bk = 16, start = 16, "
                              "recent = 32, dense_tail = 7>")
        if "score-mod" in o:
            self.regions.append(
                "score_mod {\n"
                "  ^bb0(%s: f32, %b: index, %h: index, %qp: index, %kp: index):\n"
                "    %d = arith.subi %qp, %kp : index\n"
                "    %di = arith.index_cast %d : index to i64\n"
                "    %df = arith.sitofp %di : i64 to f32\n"
                "    %c = arith.constant 0.01 : f32\n"
                "    %t = arith.mulf %df, %c : f32\n"
                "    %r = arith.subf %s, %t : f32\n"
                "    attn.yield %r : f32\n"
                "  }")
        if "mask-mod-capture" in o:
            self.operand("captures", "doc", tensor(["?"], "i32"))
            self.regions.append(
                "mask_mod {\n"
                "  ^bb0(%b: index, %h: index, %qp: index, %kp: index, "
                "%docs: tensor<?xi32>):\n"
                "    %x = tensor.extract %docs[%kp] : tensor<?xi32>\n"
                "    %z = arith.constant 2 : i32\n"
                "    %keep = arith.cmpi ne, %x, %z : i32\n"
                "    attn.yield %keep : i1\n"
                "  }")

    def render(self, op):
        args = ", ".join(f"%{n}: {t}" for n, t in self.args)
        result_types = ", ".join(t for t, _ in self.results)
        names = ["%out"] + [f"%r{i}" for i in range(1, len(self.results))]
        arrow = "-> " + self.results[0][0]
        for t, keyword in self.results[1:]:
            arrow += f" {keyword} {t}"
        attrs = " {" + ", ".join(self.attrs) + "}" if self.attrs else ""
        body = (f"  {', '.join(names)} = {op} " + " ".join(self.operands) +
                attrs + " " + " ".join(self.regions) + f" {arrow}\n")
        return (f"func.func @kernel({args}) -> ({result_types}) {{\n" + body +
                f"  return {', '.join(names)} : {result_types}\n}}\n")


def draw_cases(size, seed):
    """Every value of every axis at least once (`ci`), or many times (`full`)."""
    rng = random.Random(seed)
    repeats = {"ci": 1, "full": 6}[size]
    axes = {"family": FAMILIES, "element": ELEMENT_TYPES, "heads": HEADS,
            "head_dim": HEAD_DIMS, "length": LENGTHS,
            "page_size": PAGE_SIZES, "option": OPTIONS}
    cases = []
    for _ in range(repeats):
        for axis, values in axes.items():
            for value in values:
                pick = {a: rng.choice(v) for a, v in axes.items()}
                pick[axis] = value
                options = {pick["option"]}
                if rng.random() < 0.5:
                    options.add(rng.choice(["causal", "lse", "alibi",
                                            "softcap", "dv"]))
                cases.append(dict(pick, options=sorted(options)))
    return cases


def compatible(c):
    o = set(c["options"])
    if len(o & {"fp8-kv", "fp8-e5m2-kv", "int8-kv-tensor", "int8-kv-channel",
                "int8-kv-token"}) > 1:
        return False
    if len(o & {"skip-softmax", "skip-softmax-calibrated"}) > 1:
        return False
    if len(o & {"int8-out", "int8-out-channel"}) > 1:
        return False
    if len(o & {"window", "window-sink"}) > 1:
        return False
    if len(o & {"alibi", "alibi-batch"}) > 1:
        return False
    if len(o & {"bias", "bias-broadcast"}) > 1:
        return False
    if len(o & {"mask-keep", "mask-drop-f32"}) > 1:
        return False
    if len(o & {"block-mask", "block-mask-full", "block-mask-per-head",
                "trishape", "trishape-prompt-lens", "xattention"}) > 1:
        return False
    if "xattention" in o and o & {"skip-softmax", "skip-softmax-calibrated"}:
        return False
    return True


def gpu_supports(c):
    """Whether the CUDA backend takes case `c` today: the one place that says
    what it supports; widen it as the backend grows."""
    o = set(c["options"])
    # The GPU visits block lists in list order; skip-softmax decides in key
    # order (SPEC 5.4), so the two are not combined there.
    return not (o & {"skip-softmax", "skip-softmax-calibrated"} and
                o & {"block-mask", "block-mask-full", "block-mask-per-head"})


# --save-cases --target T keeps the cases T's backend supports.
TARGET_SUPPORTS = {"cpu": lambda c: True, "cuda": gpu_supports}

# Cases saved for a target beyond the draw: the ci draw's one XAttention
# case is f32; these add the 16-bit types and reach several tiles of the
# GPU's selection kernel.
TARGET_EXTRA_CASES = {"cuda": [
    {"family": "varlen", "element": "bf16", "heads": (8, 2), "head_dim": 128,
     "length": 1023, "page_size": 1, "option": "xattention",
     "options": ["causal", "xattention"]},
    {"family": "paged-nhd", "element": "f16", "heads": (4, 4), "head_dim": 64,
     "length": 1023, "page_size": 16, "option": "xattention",
     "options": ["lse", "xattention"]},
    {"family": "dense-bnsd", "element": "bf16", "heads": (4, 1),
     "head_dim": 96, "length": 1023, "page_size": 5, "option": "xattention",
     "options": ["xattention"]},
    {"family": "varlen", "element": "f32", "heads": (4, 2), "head_dim": 64,
     "length": 1023, "page_size": 1, "option": "xattention",
     "options": ["causal", "xattention"]},
    {"family": "dense-bsnd", "element": "f32", "heads": (2, 1),
     "head_dim": 128, "length": 1023, "page_size": 16, "option": "xattention",
     "options": ["lse", "xattention"]},
]}


def length_args(c, index, length=None, batch=3):
    """attn-run's random-input options of case `index`: queries up to
    `length` (the case's own unless shrunk), keys up to `length` more; every
    third case has empty sequences, every fourth NaN in V (every eighth
    infinities as well)."""
    length = length or c["length"]
    q_len = 1 if c["family"] == "paged-decode" else length
    args = [f"--seed={index + 1}", f"--q-len={q_len}",
            f"--kv-extra={length}", f"--batch={batch}"]
    if index % 3 == 1:
        args.append("--empty-sequences")
    if index % 4 == 2:  # NaN in V: it must reach only the rows that see it
        args.append("--nan-values=5")
        if index % 8 == 6:
            args.append("--inf-values=4")
    return args


def shrinking_lengths(length):
    """The case's length, then halved while it stays above 16: a saved case
    over its byte budget is redone shorter (same batch, same options)."""
    yield length
    while length > 16:
        length //= 2
        yield length


def directory_bytes(directory):
    return sum(os.path.getsize(os.path.join(directory, f))
               for f in os.listdir(directory))


def build_cases(args):
    """(index, axis values, Case, kernel text) of every compatible case."""
    cases = [c for c in draw_cases(args.size, args.seed) if compatible(c)]
    if args.save_cases:
        cases += TARGET_EXTRA_CASES.get(args.target, [])
    built = []
    for index, c in enumerate(cases):
        if args.only and args.only not in c["options"]:
            continue
        rng = random.Random(args.seed * 7919 + index)
        case = Case(rng, c["family"], c["element"], c["heads"], c["head_dim"],
                    c["length"], c["page_size"], c["options"])
        built.append((index, c, case, case.build()))
    return built


def check_cases(args, cases):
    """Runs attn-run --check on every case; returns the exit status."""
    workdir = args.keep or tempfile.mkdtemp(prefix="attn-sweep-")
    os.makedirs(workdir, exist_ok=True)
    passed, failed = 0, []
    for index, c, case, text in cases:
        path = os.path.join(workdir, f"case{index:04d}.mlir")
        with open(path, "w") as f:
            f.write(f"// {case.name()}\n" + text)
        cmd = [args.attn_run, path, f"--backend={args.backend}", "--quiet"]
        cmd += length_args(c, index)
        if args.backend != "reference":  # the reference is the yardstick
            cmd.append("--check")
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode == 0:
            passed += 1
            if args.verbose:
                print(f"PASS {path} {case.name()}")
        else:
            failed.append(path)
            print(f"FAIL {path} {case.name()}\n  {' '.join(cmd)}\n" +
                  "".join("  " + line + "\n"
                          for line in (result.stdout + result.stderr)
                          .strip().splitlines()[-8:]))
    print(f"sweep ({args.size}, {args.backend}): {len(cases)} cases")
    print(f"{passed} passed, {len(failed)} failed")
    return 1 if failed else 0


def clear_saved(directory):
    """Removes what --save-case wrote before, keeping other files (a lib.so
    compiled from the unchanged kernel.mlir stays valid)."""
    os.makedirs(directory, exist_ok=True)
    for name in os.listdir(directory):
        if name.endswith(".npy") or name == "case.json":
            os.remove(os.path.join(directory, name))


def save_case(args, item, length):
    """Writes DIR/<index>_<name>/: kernel.mlir and attn-run --save-case's
    files for sequences up to `length`. Returns (directory, bytes, error
    text or None)."""
    index, c, case, text = item
    directory = os.path.join(args.save_cases, f"{index:04d}_{case.name()}")
    clear_saved(directory)
    path = os.path.join(directory, "kernel.mlir")
    with open(path, "w") as f:
        f.write(f"// {case.name()}\n" + text)
    cmd = [args.attn_run, path, "--backend=reference", "--quiet",
           f"--save-case={directory}"] + length_args(c, index, length)
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        return directory, 0, f"  {' '.join(cmd)}\n" + "".join(
            "  " + line + "\n"
            for line in result.stderr.strip().splitlines()[-8:])
    return directory, directory_bytes(directory), None


def fair_cap(sizes, budget):
    """The largest per-case cap with sum(min(size, cap)) <= budget: small
    cases keep their size, the large ones share what is left."""
    remaining = budget
    for i, size in enumerate(sorted(sizes)):
        share = remaining / (len(sizes) - i)
        if size > share:
            return share
        remaining -= size
    return float("inf")


def shrink_to_budget(args, saved, budget):
    """Saves the cases over a fair share again with shorter sequences, and
    again while the total is over `budget` and some case can still
    shorten. `saved` maps a case index to [item, bytes, length]."""
    while sum(entry[1] for entry in saved.values()) > budget:
        cap = fair_cap([entry[1] for entry in saved.values()], budget)
        progress = False
        for entry in saved.values():
            item, size, length = entry
            for shorter in list(shrinking_lengths(length))[1:]:
                if size <= cap:
                    break
                _, size, error = save_case(args, item, shorter)
                if error:  # it saved at a longer length: keep that
                    save_case(args, item, entry[2])
                    break
                entry[1:] = [size, shorter]
                progress = True
        if not progress:
            return


def shard_of(items, shard):
    """Every N-th item from the I-th, for --shard I/N."""
    index, count = (int(x) for x in shard.split("/"))
    return items[index::count]


def save_cases(args, cases):
    """Writes every case the target supports as DIR/<case>/: its kernel and
    a saved case (inputs, float64 reference, case.json), to check compiled
    kernels where attn-run cannot run. The cases share --budget-mib: the
    largest are redone with shorter sequences until the total fits (or
    nothing can shorten)."""
    supported = [x for x in cases if TARGET_SUPPORTS[args.target](x[1])]
    chosen = shard_of(supported, args.shard) if args.shard else supported
    os.makedirs(args.save_cases, exist_ok=True)
    saved, failed = {}, []
    for item in chosen:
        directory, size, error = save_case(args, item, item[1]["length"])
        if error:
            failed.append(directory)
            print(f"FAIL {directory}\n{error}")
        else:
            saved[item[0]] = [item, size, item[1]["length"]]
    shrink_to_budget(args, saved, args.budget_mib * 2**20)
    if args.verbose:
        for item in chosen:
            print(f"SAVED {item[0]:04d}_{item[2].name()}")
    shard = f", shard {args.shard}" if args.shard else ""
    print(f"sweep ({args.size}, saved for {args.target}{shard}): "
          f"{len(chosen)} cases of {len(supported)} supported "
          f"({len(cases)} in all), "
          f"{sum(entry[1] for entry in saved.values()) / 2**20:.1f} MiB")
    print(f"{len(saved)} passed, {len(failed)} failed")
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attn-run", required=True)
    parser.add_argument("--backend", default="cpu")
    parser.add_argument("--size", choices=["ci", "full"], default="ci")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", help="directory to keep kernels in")
    parser.add_argument("--save-cases", metavar="DIR",
                        help="instead of checking, write each case's kernel "
                             "and saved inputs and reference into DIR/<case>/")
    parser.add_argument("--target", choices=sorted(TARGET_SUPPORTS),
                        default="cpu",
                        help="--save-cases: keep only the cases this "
                             "target's backend supports")
    parser.add_argument("--shard", metavar="I/N",
                        help="--save-cases: only every N-th supported case, "
                             "from the I-th (0-based)")
    parser.add_argument("--budget-mib", type=float, default=40,
                        help="--save-cases: total size the cases share; "
                             "one over its share is redone shorter")
    parser.add_argument("--only", metavar="OPTION",
                        help="only the cases with this option (e.g. "
                             "xattention); indices stay those of the full "
                             "draw's compatible cases")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()

    cases = build_cases(args)
    if args.save_cases:
        return save_cases(args, cases)
    return check_cases(args, cases)


if __name__ == "__main__":
    sys.exit(main())
