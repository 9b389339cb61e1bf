"""attnc kernel libraries through ctypes, without MLIR.

A library built by `attnc --target=cpu|cuda` exports, per function `f`,
`int32_t attnc_f_packed(void **args)` (pointers to the memref descriptors of
the inputs, then of the outputs, then to an int32 check flag),
`const char *attnc_f_signature(void)` (JSON: roles and types) and
`const char *attnc_rt_last_error(void)`; a CUDA library also exports
`void attnc_cuda_set_stream(void *stream, int32_t synchronize)`. The
descriptors hold host pointers for a CPU library and device pointers for a
CUDA one: this module only passes addresses.
"""

import ctypes
import json
import os

_DESCRIPTORS = {}


def descriptor_type(rank):
    """The memref descriptor struct of `rank`: {allocated, aligned, offset,
    sizes[rank], strides[rank]} (MLIR's C interface)."""
    if rank not in _DESCRIPTORS:
        class Descriptor(ctypes.Structure):
            _fields_ = [("allocated", ctypes.c_void_p),
                        ("aligned", ctypes.c_void_p),
                        ("offset", ctypes.c_int64),
                        ("sizes", ctypes.c_int64 * rank),
                        ("strides", ctypes.c_int64 * rank)]
        _DESCRIPTORS[rank] = Descriptor
    return _DESCRIPTORS[rank]


def descriptor(address, shape):
    """A row-major contiguous descriptor of `shape` at `address`."""
    d = descriptor_type(len(shape))()
    d.allocated = d.aligned = address or None
    d.offset = 0
    stride = 1
    for i in reversed(range(len(shape))):
        d.sizes[i] = shape[i]
        d.strides[i] = stride
        stride *= shape[i]
    return d


def parse_type(text):
    """"?x8x64xbf16" -> ([None, 8, 64], "bf16"); "f32" -> ([], "f32")."""
    parts = text.split("x")
    # Element type names hold no 'x' except none; dims are digits or '?'.
    dims = []
    while len(parts) > 1 and (parts[0] == "?" or parts[0].isdigit()):
        dims.append(None if parts[0] == "?" else int(parts[0]))
        parts.pop(0)
    return dims, "x".join(parts)


class Kernel:
    """Kernel `name` of the library at `path`."""

    def __init__(self, path, name):
        # RTLD_LOCAL (ctypes' default): each library keeps its own runtime.
        self.lib = ctypes.CDLL(os.path.abspath(path))
        self.name = name
        self.packed = getattr(self.lib, f"attnc_{name}_packed")
        self.packed.restype = ctypes.c_int32
        self.packed.argtypes = [ctypes.POINTER(ctypes.c_void_p)]
        signature = getattr(self.lib, f"attnc_{name}_signature")
        signature.restype = ctypes.c_char_p
        self.signature = json.loads(signature().decode())
        self.lib.attnc_rt_last_error.restype = ctypes.c_char_p
        self.set_stream_fn = getattr(self.lib, "attnc_cuda_set_stream", None)
        if self.set_stream_fn is not None:
            self.set_stream_fn.restype = None
            self.set_stream_fn.argtypes = [ctypes.c_void_p, ctypes.c_int32]

    @property
    def is_cuda(self):
        """A CUDA library (device pointers) rather than a CPU one."""
        return self.set_stream_fn is not None

    def set_stream(self, stream, synchronize):
        """Launches on `stream` (a cudaStream_t as an int) from this thread;
        `synchronize` = 0 returns without waiting for the kernel."""
        self.set_stream_fn(ctypes.c_void_p(stream), int(synchronize))

    def last_error(self):
        message = self.lib.attnc_rt_last_error()
        return message.decode() if message else "(no message)"

    def check_operands(self, args, results):
        """Compares (element type, shape) lists with the signature; returns
        a list of mismatches (empty when they agree)."""
        problems = []
        for kind, expected, given in (("input", self.signature["args"], args),
                                      ("result", self.signature["results"],
                                       results)):
            if len(expected) != len(given):
                problems.append(f"{len(given)} {kind}s given, kernel takes "
                                f"{len(expected)}")
                continue
            for i, (e, (element, shape)) in enumerate(zip(expected, given)):
                dims, e_element = parse_type(e["type"])
                ok = e_element == element and len(dims) == len(shape) and all(
                    d is None or d == s for d, s in zip(dims, shape))
                if not ok:
                    problems.append(f"{kind} #{i}: kernel takes {e['type']}, "
                                    f"given {shape} {element}")
        return problems

    def prepare(self, operands, check):
        """Packed arguments for (address, shape) operands (inputs, then
        results) and the check flag; keep the result alive while calling."""
        descriptors = [descriptor(a, s) for a, s in operands]
        flag = ctypes.c_int32(1 if check else 0)
        pointers = [ctypes.cast(ctypes.pointer(d), ctypes.c_void_p)
                    for d in descriptors]
        pointers.append(ctypes.cast(ctypes.pointer(flag), ctypes.c_void_p))
        array = (ctypes.c_void_p * len(pointers))(*pointers)
        return array, (descriptors, flag, pointers)

    def call(self, packed):
        """Calls attnc_<f>_packed on prepared arguments; returns the status."""
        return self.packed(packed[0])
