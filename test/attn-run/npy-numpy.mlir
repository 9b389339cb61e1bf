// NumPy interoperability: inputs written by numpy.save (f16, i32, a 0-d i64,
// bool) are read by attn-run, and its .npy results load in NumPy with the
// right dtype and shape and match a NumPy float64 evaluation of the same
// dense attention (padding, actual lengths, a mask with one fully masked
// row). A Fortran-order array is refused.
//
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %attnc_python %S/Inputs/npy_io.py write %t
// RUN: attn-run %s --input=@%t/q.npy --input=@%t/k.npy --input=@%t/v.npy \
// RUN:   --input=@%t/lens.npy --input=@%t/pad.npy --input=@%t/mask.npy \
// RUN:   --output=@%t/out.npy --output=@%t/lse.npy | FileCheck %s --check-prefix=ATTN
// RUN: %attnc_python %S/Inputs/npy_io.py check %t | FileCheck %s --check-prefix=NUMPY
// RUN: not attn-run %s --input=@%t/fortran.npy --input=@%t/k.npy \
// RUN:   --input=@%t/v.npy --input=@%t/lens.npy --input=@%t/pad.npy \
// RUN:   --input=@%t/mask.npy 2>&1 | FileCheck %s --check-prefix=FORTRAN -DDIR=%t

// ATTN:      input #0 q 2x2x3x4xf16
// ATTN:      input #3 actual_seq_lengths 2xi32 min 2 max 4
// ATTN:      input #4 kv_padding_size i64 min 1 max 1
// ATTN:      input #5 mask 2x1x3x5xi1
// ATTN:      result #0 out 2x2x3x4xf16
// ATTN:      result #1 lse 2x2x3xf32 {{.*}}, 2 inf

// NUMPY:      out float16 (2, 2, 3, 4), lse float32 (2, 2, 3)
// NUMPY-NEXT: fully masked rows: 2
// NUMPY-NEXT: out and lse match NumPy's float64 evaluation

// FORTRAN: attn-run: error: --input #0: '[[DIR]]/fortran.npy' is not a valid .npy file: fortran_order arrays are not supported

func.func @dense(%q: tensor<2x2x3x4xf16>, %k: tensor<2x2x5x4xf16>,
                 %v: tensor<2x2x5x4xf16>, %lens: tensor<2xi32>,
                 %pad: tensor<i64>, %mask: tensor<2x1x3x5xi1>)
    -> (tensor<2x2x3x4xf16>, tensor<2x2x3xf32>) {
  %out, %lse = attn.dense layout(bnsd) q(%q : tensor<2x2x3x4xf16>)
      k(%k : tensor<2x2x5x4xf16>) v(%v : tensor<2x2x5x4xf16>)
      actual_seq_lengths(%lens : tensor<2xi32>)
      kv_padding_size(%pad : tensor<i64>) mask(%mask : tensor<2x1x3x5xi1>)
      {mask_polarity = #attn.mask_polarity<keep_if_true>}
      -> tensor<2x2x3x4xf16> lse tensor<2x2x3xf32>
  return %out, %lse : tensor<2x2x3x4xf16>, tensor<2x2x3xf32>
}
