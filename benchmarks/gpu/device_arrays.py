"""Tensors of attnc element types on the host (numpy) or a torch device.

Saved cases store bf16 and f16 as their raw bits in uint16 and fp8 as uint8
(case.json names the real type). NumpyDevice hands those bytes to a CPU
library as they are; TorchDevice copies them to the device and bit-casts to
the torch dtype. Results are allocated filled with a sentinel (NaN, or an
unlikely integer) so that an element the kernel never wrote shows up as a
mismatch, and come back as float64 numpy arrays.
"""

import numpy as np

# element type -> (numpy storage dtype, sentinel for unwritten results)
STORAGE = {
    "f32": (np.float32, np.nan), "f64": (np.float64, np.nan),
    "f16": (np.uint16, 0x7E00), "bf16": (np.uint16, 0x7FC0),
    "f8E4M3FN": (np.uint8, 0x7F), "f8E5M2": (np.uint8, 0x7F),
    "i1": (np.bool_, False), "i8": (np.int8, 85), "i32": (np.int32, -7),
    "i64": (np.int64, -7), "index": (np.int64, -7),
}


def _fp8_table(exponent_bits, mantissa_bits, bias, finite_only):
    """float64 value of every byte of an fp8 format."""
    table = np.empty(256, np.float64)
    for byte in range(256):
        sign = -1.0 if byte & 0x80 else 1.0
        exponent = (byte >> mantissa_bits) & ((1 << exponent_bits) - 1)
        mantissa = byte & ((1 << mantissa_bits) - 1)
        top = (1 << exponent_bits) - 1
        if finite_only and exponent == top and mantissa == (1 << mantissa_bits) - 1:
            value = np.nan  # E4M3FN: only S.1111.111 is NaN, no infinities
        elif not finite_only and exponent == top:
            value = np.inf if mantissa == 0 else np.nan
        elif exponent == 0:
            value = mantissa / (1 << mantissa_bits) * 2.0 ** (1 - bias)
        else:
            value = (1 + mantissa / (1 << mantissa_bits)) * 2.0 ** (exponent - bias)
        table[byte] = sign * value
    return table


FP8_TABLES = {"f8E4M3FN": _fp8_table(4, 3, 7, True),
              "f8E5M2": _fp8_table(5, 2, 15, False)}


def decode(stored, element):
    """The exact float64 values of a stored array of `element`."""
    if element == "bf16":
        return (stored.astype(np.uint32) << 16).view(np.float32).astype(np.float64)
    if element == "f16":
        return stored.view(np.float16).astype(np.float64)
    if element in FP8_TABLES:
        return FP8_TABLES[element][stored]
    return stored.astype(np.float64)


class NumpyDevice:
    """Host memory: numpy arrays in their storage dtype (CPU libraries)."""
    name = "cpu"

    def upload(self, stored, element):
        return np.asarray(stored, order="C")  # keeps 0-d arrays 0-d

    def empty(self, shape, element):
        dtype, sentinel = STORAGE[element]
        return np.full(shape, sentinel, dtype=dtype)

    @staticmethod
    def address(array):
        return array.ctypes.data

    def download(self, array, element):
        return decode(array, element)

    def synchronize(self):
        pass


class TorchDevice:
    """torch tensors on `device` ("cuda", or "cpu" to try this path with
    CPU libraries)."""

    def __init__(self, device):
        import torch
        self.torch = torch
        self.device = torch.device(device)
        self.name = f"torch-{device}"
        self.dtypes = {
            "f32": torch.float32, "f64": torch.float64, "f16": torch.float16,
            "bf16": torch.bfloat16, "f8E4M3FN": torch.float8_e4m3fn,
            "f8E5M2": torch.float8_e5m2, "i1": torch.bool, "i8": torch.int8,
            "i32": torch.int32, "i64": torch.int64, "index": torch.int64}

    def upload(self, stored, element):
        # Raw bits go through a signed view (torch's uint16 support is thin)
        # and are bit-cast on the device: no rounding anywhere.
        if stored.dtype == np.uint16:
            stored = stored.view(np.int16)
        tensor = self.torch.from_numpy(np.asarray(stored, order="C"))
        tensor = tensor.to(self.device)
        if tensor.dtype != self.dtypes[element]:
            tensor = tensor.view(self.dtypes[element])
        return tensor

    def empty(self, shape, element):
        dtype = self.dtypes[element]
        sentinel = STORAGE[element][1]
        if dtype.is_floating_point:
            sentinel = float("nan")
        return self.torch.full(tuple(shape), sentinel, dtype=dtype,
                               device=self.device)

    @staticmethod
    def address(tensor):
        return tensor.data_ptr()

    def download(self, tensor, element):
        return tensor.to(self.torch.float64).cpu().numpy()

    def synchronize(self):
        if self.device.type == "cuda":
            self.torch.cuda.synchronize()


def make_device(name):
    """"cpu" -> numpy host arrays; "cuda" / "torch-cpu" -> torch tensors."""
    if name == "cpu":
        return NumpyDevice()
    return TorchDevice("cuda" if name == "cuda" else "cpu")
