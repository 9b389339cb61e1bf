// --output is checked before anything runs, so a refused output writes no
// file (not even the outputs before it): bf16 has no NumPy dtype (the
// message suggests .bin), and an output must end in .npy or .bin.
//
// RUN: rm -f %t.out.npy %t.lse.npy %t.lse.txt
// RUN: not attn-run %s --input=1x1x1xbf16=1 --input=1x1x1xbf16=1 \
// RUN:   --input=1x1x1xbf16=1 --input=2xi32=0,1 --input=2xi32=0,1 \
// RUN:   --output=@%t.out.npy 2>&1 | FileCheck %s --check-prefix=BF16 -DPATH=%t.out
// RUN: test ! -e %t.out.npy
// RUN: not attn-run %s --input=1x1x1xbf16=1 --input=1x1x1xbf16=1 \
// RUN:   --input=1x1x1xbf16=1 --input=2xi32=0,1 --input=2xi32=0,1 \
// RUN:   --output=@%t.out.bin --output=@%t.lse.txt 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SUFFIX -DPATH=%t.lse.txt
// RUN: test ! -e %t.out.bin
// RUN: not attn-run %s --input=1x1x1xbf16=1 --input=1x1x1xbf16=1 \
// RUN:   --input=1x1x1xbf16=1 --input=2xi32=0,1 --input=2xi32=0,1 \
// RUN:   --output=%t.out.bin 2>&1 | FileCheck %s --check-prefix=AT
// RUN: not attn-run %s --input=1x1x1xbf16=1 --input=1x1x1xbf16=1 \
// RUN:   --input=1x1x1xbf16=1 --input=2xi32=0,1 --input=2xi32=0,1 \
// RUN:   --output=@%t.out.bin --output=@%t.lse.npy --output=@%t.more.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=COUNT

// BF16:   attn-run: error: --output #0: NumPy has no dtype for bf16: write '[[PATH]].bin' (raw little-endian) instead
// SUFFIX: attn-run: error: --output #1: '[[PATH]]' must end in .npy (NumPy) or .bin (raw little-endian)
// AT:     attn-run: error: --output #0 must be @file.npy or @file.bin
// COUNT:  attn-run: error: 3 outputs given but @bf16 returns 2 results

func.func @bf16(%q: tensor<?x1x1xbf16>, %k: tensor<?x1x1xbf16>,
                %v: tensor<?x1x1xbf16>, %cu_q: tensor<?xi32>,
                %cu_k: tensor<?xi32>) -> (tensor<?x1x1xbf16>, tensor<1x?xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<?x1x1xbf16>) k(%k : tensor<?x1x1xbf16>)
      v(%v : tensor<?x1x1xbf16>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>)
      -> tensor<?x1x1xbf16> lse tensor<1x?xf32>
  return %out, %lse : tensor<?x1x1xbf16>, tensor<1x?xf32>
}
