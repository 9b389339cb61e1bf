// Functions marked attn.kernel that break the convention.

// The last argument must be the i1 check flag.
func.func @no_flag(%q: memref<4xf32>, %out: memref<4xf32>) -> i32
    attributes {attn.kernel, attn.arg_roles = ["q"]} {
  %ok = arith.constant 0 : i32
  return %ok : i32
}

// Roles and result names must cover the memref arguments.
func.func @miscounted(%q: memref<4xf32>, %out: memref<4xf32>, %c: i1) -> i32
    attributes {attn.kernel, attn.arg_roles = ["q"],
                attn.result_names = ["out", "lse"]} {
  %ok = arith.constant 0 : i32
  return %ok : i32
}

// Memrefs must be contiguous and row-major.
func.func @strided(%q: memref<4xf32, strided<[2]>>, %out: memref<4xf32>,
                   %c: i1) -> i32
    attributes {attn.kernel, attn.arg_roles = ["q"]} {
  %ok = arith.constant 0 : i32
  return %ok : i32
}
