// A hand-written kernel for @varlen of the tests here, in the kernel
// convention of attn-lower-to-loops: varlen attention, f32, Hq = 2, Hkv = 1,
// D = Dv = 4, not causal, scale 1/sqrt(4). Per query and head it makes three
// passes over the sequence's keys (max, sum of exponentials, weighted sum
// of values). With %check_arguments it first has the runtime check its
// index operands through a check record.

func.func private @attnc_rt_check_attention(memref<154xi64>) -> i32

// Stores `value` at word `word` of the record.
func.func private @put(%record: memref<154xi64>, %word: index, %value: i64) {
  memref.store %value, %record[%word] : memref<154xi64>
  return
}

// The record of SPEC §6 for this op (CheckRecord.h): header, then per slot
// [rank or -1, data address, dims...].
func.func private @check(%q: memref<?x2x4xf32>, %k: memref<?x1x4xf32>,
                         %v: memref<?x1x4xf32>, %cu_q: memref<?xi32>,
                         %cu_k: memref<?xi32>) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c23 = arith.constant 23 : index
  %c154 = arith.constant 154 : index
  %record = memref.alloca() : memref<154xi64>
  %zero = arith.constant 0 : i64
  %absent = arith.constant -1 : i64
  scf.for %w = %c0 to %c154 step %c1 {
    memref.store %zero, %record[%w] : memref<154xi64>
  }
  // Every slot absent, then the five operands present.
  %c6 = arith.constant 6 : index
  %c16 = arith.constant 16 : index
  scf.for %s = %c0 to %c23 step %c1 {
    %off = arith.muli %s, %c6 : index
    %w = arith.addi %off, %c16 : index
    memref.store %absent, %record[%w] : memref<154xi64>
  }
  // Header: family varlen (0), layout 0, Hq 2, Hkv 1, D 4, Dv 4.
  %i1 = arith.constant 1 : i64
  %i2 = arith.constant 2 : i64
  %i3 = arith.constant 3 : i64
  %i4 = arith.constant 4 : i64
  %w2 = arith.constant 2 : index
  %w3 = arith.constant 3 : index
  %w4 = arith.constant 4 : index
  %w5 = arith.constant 5 : index
  func.call @put(%record, %w2, %i2) : (memref<154xi64>, index, i64) -> ()
  func.call @put(%record, %w3, %i1) : (memref<154xi64>, index, i64) -> ()
  func.call @put(%record, %w4, %i4) : (memref<154xi64>, index, i64) -> ()
  func.call @put(%record, %w5, %i4) : (memref<154xi64>, index, i64) -> ()
  // Slot q (words 16..), k (22..), v (28..): rank 3, dims [T, H, 4].
  %tq_idx = memref.dim %q, %c0 : memref<?x2x4xf32>
  %tk_idx = memref.dim %k, %c0 : memref<?x1x4xf32>
  %tq = arith.index_cast %tq_idx : index to i64
  %tk = arith.index_cast %tk_idx : index to i64
  %q_ptr_idx = memref.extract_aligned_pointer_as_index %q : memref<?x2x4xf32> -> index
  %q_ptr = arith.index_cast %q_ptr_idx : index to i64
  %w16 = arith.constant 16 : index
  %w17 = arith.constant 17 : index
  %w18 = arith.constant 18 : index
  %w19 = arith.constant 19 : index
  %w20 = arith.constant 20 : index
  func.call @put(%record, %w16, %i3) : (memref<154xi64>, index, i64) -> ()
  func.call @put(%record, %w17, %q_ptr) : (memref<154xi64>, index, i64) -> ()
  func.call @put(%record, %w18, %tq) : (memref<154xi64>, index, i64) -> ()
  func.call @put(%record, %w19, %i2) : (memref<154xi64>, index, i64) -> ()
  func.call @put(%record, %w20, %i4) : (memref<154xi64>, index, i64) -> ()
  %w22 = arith.constant 22 : index
  %w24 = arith.constant 24 : index
  %w25 = arith.constant 25 : index
  %w26 = arith.constant 26 : index
  func.call @put(%record, %w22, %i3) : (memref<154xi64>, index, i64) -> ()
  func.call @put(%record, %w24, %tk) : (memref<154xi64>, index, i64) -> ()
  func.call @put(%record, %w25, %i1) : (memref<154xi64>, index, i64) -> ()
  func.call @put(%record, %w26, %i4) : (memref<154xi64>, index, i64) -> ()
  %w28 = arith.constant 28 : index
  %w30 = arith.constant 30 : index
  %w31 = arith.constant 31 : index
  %w32 = arith.constant 32 : index
  %tv_idx = memref.dim %v, %c0 : memref<?x1x4xf32>
  %tv = arith.index_cast %tv_idx : index to i64
  func.call @put(%record, %w28, %i3) : (memref<154xi64>, index, i64) -> ()
  func.call @put(%record, %w30, %tv) : (memref<154xi64>, index, i64) -> ()
  func.call @put(%record, %w31, %i1) : (memref<154xi64>, index, i64) -> ()
  func.call @put(%record, %w32, %i4) : (memref<154xi64>, index, i64) -> ()
  // Slots cu_seqlens_q (34..) and cu_seqlens_k (40..): rank 1, read.
  %w34 = arith.constant 34 : index
  %w35 = arith.constant 35 : index
  %w36 = arith.constant 36 : index
  %nq_idx = memref.dim %cu_q, %c0 : memref<?xi32>
  %nq = arith.index_cast %nq_idx : index to i64
  %cq_ptr_idx = memref.extract_aligned_pointer_as_index %cu_q : memref<?xi32> -> index
  %cq_ptr = arith.index_cast %cq_ptr_idx : index to i64
  func.call @put(%record, %w34, %i1) : (memref<154xi64>, index, i64) -> ()
  func.call @put(%record, %w35, %cq_ptr) : (memref<154xi64>, index, i64) -> ()
  func.call @put(%record, %w36, %nq) : (memref<154xi64>, index, i64) -> ()
  %w40 = arith.constant 40 : index
  %w41 = arith.constant 41 : index
  %w42 = arith.constant 42 : index
  %nk_idx = memref.dim %cu_k, %c0 : memref<?xi32>
  %nk = arith.index_cast %nk_idx : index to i64
  %ck_ptr_idx = memref.extract_aligned_pointer_as_index %cu_k : memref<?xi32> -> index
  %ck_ptr = arith.index_cast %ck_ptr_idx : index to i64
  func.call @put(%record, %w40, %i1) : (memref<154xi64>, index, i64) -> ()
  func.call @put(%record, %w41, %ck_ptr) : (memref<154xi64>, index, i64) -> ()
  func.call @put(%record, %w42, %nk) : (memref<154xi64>, index, i64) -> ()
  %status = func.call @attnc_rt_check_attention(%record) : (memref<154xi64>) -> i32
  return %status : i32
}

// 0.5 * dot(q[i, h, :], k[j, 0, :]).
func.func private @score(%q: memref<?x2x4xf32>, %k: memref<?x1x4xf32>,
                         %i: index, %h: index, %j: index) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0.0 : f32
  %half = arith.constant 0.5 : f32
  %dot = scf.for %d = %c0 to %c4 step %c1 iter_args(%acc = %zero) -> f32 {
    %a = memref.load %q[%i, %h, %d] : memref<?x2x4xf32>
    %b = memref.load %k[%j, %c0, %d] : memref<?x1x4xf32>
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    scf.yield %s : f32
  }
  %scaled = arith.mulf %dot, %half : f32
  return %scaled : f32
}

func.func @varlen(%q: memref<?x2x4xf32>, %k: memref<?x1x4xf32>,
                  %v: memref<?x1x4xf32>, %cu_q: memref<?xi32>,
                  %cu_k: memref<?xi32>, %out: memref<?x2x4xf32>,
                  %lse: memref<2x?xf32>, %check_arguments: i1) -> i32
    attributes {attn.kernel, llvm.emit_c_interface,
                attn.arg_roles = ["q", "k", "v", "cu_seqlens_q", "cu_seqlens_k"],
                attn.result_names = ["out", "lse"]} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %ok = arith.constant 0 : i32
  %status = scf.if %check_arguments -> i32 {
    %r = func.call @check(%q, %k, %v, %cu_q, %cu_k)
        : (memref<?x2x4xf32>, memref<?x1x4xf32>, memref<?x1x4xf32>,
           memref<?xi32>, memref<?xi32>) -> i32
    scf.yield %r : i32
  } else {
    scf.yield %ok : i32
  }
  %valid = arith.cmpi eq, %status, %ok : i32
  scf.if %valid {
    %neg_inf = arith.constant 0xFF800000 : f32
    %zero = arith.constant 0.0 : f32
    %n = memref.dim %cu_q, %c0 : memref<?xi32>
    %batch = arith.subi %n, %c1 : index
    scf.for %b = %c0 to %batch step %c1 {
      %b1 = arith.addi %b, %c1 : index
      %qs_i = memref.load %cu_q[%b] : memref<?xi32>
      %qe_i = memref.load %cu_q[%b1] : memref<?xi32>
      %ks_i = memref.load %cu_k[%b] : memref<?xi32>
      %ke_i = memref.load %cu_k[%b1] : memref<?xi32>
      %qs = arith.index_cast %qs_i : i32 to index
      %qe = arith.index_cast %qe_i : i32 to index
      %ks = arith.index_cast %ks_i : i32 to index
      %ke = arith.index_cast %ke_i : i32 to index
      scf.for %i = %qs to %qe step %c1 {
        scf.for %h = %c0 to %c2 step %c1 {
          %m = scf.for %j = %ks to %ke step %c1 iter_args(%acc = %neg_inf) -> f32 {
            %s = func.call @score(%q, %k, %i, %h, %j)
                : (memref<?x2x4xf32>, memref<?x1x4xf32>, index, index, index) -> f32
            %mx = arith.maximumf %acc, %s : f32
            scf.yield %mx : f32
          }
          %l = scf.for %j = %ks to %ke step %c1 iter_args(%acc = %zero) -> f32 {
            %s = func.call @score(%q, %k, %i, %h, %j)
                : (memref<?x2x4xf32>, memref<?x1x4xf32>, index, index, index) -> f32
            %d = arith.subf %s, %m : f32
            %e = math.exp %d : f32
            %sum = arith.addf %acc, %e : f32
            scf.yield %sum : f32
          }
          // No key: out 0 and LSE -inf (SPEC §2.8).
          %seen = arith.cmpf ogt, %l, %zero : f32
          scf.for %d = %c0 to %c4 step %c1 {
            %acc_v = scf.for %j = %ks to %ke step %c1 iter_args(%acc = %zero) -> f32 {
              %s = func.call @score(%q, %k, %i, %h, %j)
                  : (memref<?x2x4xf32>, memref<?x1x4xf32>, index, index, index) -> f32
              %x = arith.subf %s, %m : f32
              %e = math.exp %x : f32
              %val = memref.load %v[%j, %c0, %d] : memref<?x1x4xf32>
              %p = arith.mulf %e, %val : f32
              %sum = arith.addf %acc, %p : f32
              scf.yield %sum : f32
            }
            %o = arith.divf %acc_v, %l : f32
            %o_safe = arith.select %seen, %o, %zero : f32
            memref.store %o_safe, %out[%i, %h, %d] : memref<?x2x4xf32>
          }
          %log_l = math.log %l : f32
          %lse_v = arith.addf %m, %log_l : f32
          %lse_safe = arith.select %seen, %lse_v, %neg_inf : f32
          memref.store %lse_safe, %lse[%h, %i] : memref<2x?xf32>
        }
      }
    }
  }
  return %status : i32
}
