#!/usr/bin/env python3
"""attnc CPU kernels against PyTorch's CPU SDPA, on a machine without MLIR.

Loads kernel libraries built elsewhere by `attnc --target=cpu` (the packed
entry `attnc_<f>_packed`), runs them on torch CPU tensors through ctypes,
checks them against a float64 evaluation and times them next to
torch.nn.functional.scaled_dot_product_attention in the same run.

  python3 device_cpu_compare.py --libs DIR [--threads N]
"""

import argparse
import ctypes
import os
import statistics
import time

import torch
import torch.nn.functional as F


def descriptor(t):
    """A memref descriptor (allocated, aligned, offset, sizes, strides)."""
    rank = t.dim()

    class Desc(ctypes.Structure):
        _fields_ = [("allocated", ctypes.c_void_p), ("aligned", ctypes.c_void_p),
                    ("offset", ctypes.c_int64),
                    ("sizes", ctypes.c_int64 * rank),
                    ("strides", ctypes.c_int64 * rank)]

    d = Desc()
    d.allocated = d.aligned = t.data_ptr()
    d.offset = 0
    for i in range(rank):
        d.sizes[i] = t.shape[i]
        d.strides[i] = t.stride(i)
    return d


class Kernel:
    def __init__(self, path, name):
        self.lib = ctypes.CDLL(path)
        self.entry = getattr(self.lib, f"attnc_{name}_packed")
        self.entry.restype = ctypes.c_int32
        self.entry.argtypes = [ctypes.POINTER(ctypes.c_void_p)]
        self.lib.attnc_rt_last_error.restype = ctypes.c_char_p

    def __call__(self, tensors, check=1):
        descs = [descriptor(t) for t in tensors]
        flag = ctypes.c_int32(check)
        ptrs = [ctypes.cast(ctypes.pointer(d), ctypes.c_void_p) for d in descs]
        ptrs.append(ctypes.cast(ctypes.pointer(flag), ctypes.c_void_p))
        array = (ctypes.c_void_p * len(ptrs))(*ptrs)
        status = self.entry(array)
        if status != 0:
            raise RuntimeError(self.lib.attnc_rt_last_error().decode())


def timed(fn, reps):
    fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def rel_error(out, ref):
    out, ref = out.double(), ref.double()
    return ((out - ref).norm() / ref.norm()).item()


def prefill(args, dtype, name):
    L, H, D = 2048, 16, 128
    g = torch.Generator().manual_seed(1)
    q, k, v = (torch.randn(L, H, D, generator=g).to(dtype) for _ in range(3))
    cu = torch.tensor([0, L], dtype=torch.int32)
    out = torch.empty(L, H, D, dtype=dtype)
    kernel = Kernel(os.path.join(args.libs, f"lib{name}.so"), name)
    kernel([q, k, v, cu, cu, out])
    tq, tk, tv = (x.permute(1, 0, 2).unsqueeze(0).contiguous() for x in (q, k, v))
    ref = F.scaled_dot_product_attention(tq.double(), tk.double(), tv.double(),
                                         is_causal=True)[0].permute(1, 0, 2)
    err = rel_error(out, ref)
    t_attnc = timed(lambda: kernel([q, k, v, cu, cu, out], check=0), args.reps)
    t_torch = timed(lambda: F.scaled_dot_product_attention(tq, tk, tv,
                                                           is_causal=True),
                    args.reps)
    flops = 4.0 * L * L * H * D / 2
    return (f"prefill L={L} H={H} D={D} causal {str(dtype)[6:]}", err,
            t_attnc, t_torch, f"{flops / t_attnc / 1e12:.2f}",
            f"{flops / t_torch / 1e12:.2f}", "TFLOP/s")


def decode(args, dtype, name):
    B, L, Hq, Hkv, D, page = 8, 4096, 32, 8, 128, 16
    g = torch.Generator().manual_seed(2)
    pages = B * L // page
    q = torch.randn(B, Hq, D, generator=g).to(dtype)
    kc = torch.randn(pages, page, Hkv, D, generator=g).to(dtype)
    vc = torch.randn(pages, page, Hkv, D, generator=g).to(dtype)
    table = torch.randperm(pages, generator=g).to(torch.int32).reshape(B, L // page)
    lens = torch.full((B,), L, dtype=torch.int32)
    out = torch.empty(B, Hq, D, dtype=dtype)
    kernel = Kernel(os.path.join(args.libs, f"lib{name}.so"), name)
    kernel([q, kc, vc, table, lens, out])
    # The peer reads a contiguous cache (gathered once, outside the timing).
    k = kc[table.long()].reshape(B, L, Hkv, D).permute(0, 2, 1, 3).contiguous()
    v = vc[table.long()].reshape(B, L, Hkv, D).permute(0, 2, 1, 3).contiguous()
    tq = q.unsqueeze(2)
    ref = F.scaled_dot_product_attention(tq.double(), k.double(), v.double(),
                                         enable_gqa=True)[:, :, 0]
    err = rel_error(out, ref)
    t_attnc = timed(lambda: kernel([q, kc, vc, table, lens, out], check=0),
                    args.reps)
    t_torch = timed(lambda: F.scaled_dot_product_attention(tq, k, v,
                                                           enable_gqa=True),
                    args.reps)
    bytes_kv = 2.0 * B * L * Hkv * D * q.element_size()
    return (f"paged decode {B}x{L} H={Hq}/{Hkv} D={D} page {page} "
            f"{str(dtype)[6:]}", err, t_attnc, t_torch,
            f"{bytes_kv / t_attnc / 1e9:.1f}", f"{bytes_kv / t_torch / 1e9:.1f}",
            "GB/s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--libs", default=".")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--reps", type=int, default=10)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))
    rows = [prefill(args, torch.float32, "prefill_f32"),
            prefill(args, torch.bfloat16, "prefill_bf16"),
            decode(args, torch.float32, "paged_decode_f32"),
            decode(args, torch.bfloat16, "paged_decode_bf16")]
    print(f"{args.threads} threads, torch {torch.__version__}")
    print("| workload | rel. error vs f64 | attnc ms | torch SDPA ms | "
          "attnc | torch SDPA | unit | attnc / torch |")
    print("|---|---|---|---|---|---|---|---|")
    for name, err, ta, tt, ra, rt, unit in rows:
        print(f"| {name} | {err:.2e} | {ta * 1e3:.2f} | {tt * 1e3:.2f} | {ra} |"
              f" {rt} | {unit} | {tt / ta:.2f}x |")


if __name__ == "__main__":
    main()
