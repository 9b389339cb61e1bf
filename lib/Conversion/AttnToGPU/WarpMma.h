//===- WarpMma.h - warp-level tensor-core building blocks -------*- C++ -*-===//
//
// The few NVVM-level pieces the GPU tile code is made of, each emitting the
// op(s) for one thread of a warp:
//  - shared memory as a byte-addressed !llvm.ptr<3> (one dynamic buffer per
//    thread block, carved into Q, K and V tiles by byte offsets);
//  - the global address of a memref element, for cp.async;
//  - ldmatrix (x4, optionally transposed) and mma.sync m16n8k16 with f16 or
//    bf16 inputs and f32 accumulators, on i32-packed register pairs;
//  - packing two f32 into one register of the input type, and butterfly
//    shuffles within the 4 lanes that share an mma row;
//  - f32 inputs as "3xTF32": each operand split into a tf32 high part and a
//    tf32 remainder, three mma.sync m16n8k8 per product (the remainders'
//    product is below f32 rounding), which keeps SPEC §7's f32 accuracy on
//    tensor cores.
// Fragment layouts follow the PTX ISA ("Matrix Fragments for mma.m16n8k16"):
// lane = 4 g + t holds rows g and g + 8, columns 2t and 2t + 1 of C.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_LIB_CONVERSION_ATTNTOGPU_WARPMMA_H
#define ATTNC_LIB_CONVERSION_ATTNTOGPU_WARPMMA_H

#include "mlir/IR/ImplicitLocOpBuilder.h"

#include <array>

namespace attnc::cuda {

using mlir::ImplicitLocOpBuilder;
using mlir::Value;

/// Four i32 registers of an A fragment, or two pairs of B fragments.
using Frag4 = std::array<Value, 4>;
/// Four f32 accumulators of a 16x8 C tile.
using Acc4 = std::array<Value, 4>;

/// `base + byteOffset` (an index) as a shared-memory pointer.
Value sharedAddress(ImplicitLocOpBuilder &b, Value base, Value byteOffset);
/// The !llvm.ptr<1> of element `indices` of an identity-layout memref.
Value globalAddress(ImplicitLocOpBuilder &b, Value memref,
                    mlir::ValueRange indices);
/// Bytes between consecutive indices of dimension `d` of an
/// identity-layout memref.
Value dimStrideBytes(ImplicitLocOpBuilder &b, Value memref, int64_t d);
/// Copies 16 bytes global -> shared asynchronously; `valid` false copies
/// nothing and zero-fills (the source is then never read).
void copyAsync16(ImplicitLocOpBuilder &b, Value sharedPtr, Value globalPtr,
                 Value valid);
void commitCopies(ImplicitLocOpBuilder &b);
/// Waits until at most `pending` committed copy groups are in flight.
void waitCopies(ImplicitLocOpBuilder &b, int pending);

/// ldmatrix.x4 (transposed with `transpose`) from `sharedPtr`, this lane's
/// row address.
Frag4 loadMatrixX4(ImplicitLocOpBuilder &b, Value sharedPtr, bool transpose);
/// c + a b for one m16n8k16 tile; `b0`, `b1` are the two B registers.
Acc4 mma16816(ImplicitLocOpBuilder &b, mlir::Type inputType, const Frag4 &a,
              Value b0, Value b1, const Acc4 &c);
/// Two f32 rounded to `inputType` (f16/bf16) and packed, `lo` first.
Value packPair(ImplicitLocOpBuilder &b, mlir::Type inputType, Value lo,
               Value hi);
/// An f32 as tf32 high part and tf32 remainder (i32 registers, high first).
std::pair<Value, Value> splitTf32(ImplicitLocOpBuilder &b, Value x);
/// c + a b for one m16n8k8 tile of f32 operands given as splitTf32 parts:
/// `aHi`/`aLo` the four A registers, `bHi`/`bLo` the two B registers.
Acc4 mma1688Split(ImplicitLocOpBuilder &b, const Frag4 &aHi, const Frag4 &aLo,
                  std::array<Value, 2> bHi, std::array<Value, 2> bLo,
                  const Acc4 &c);
/// Butterfly shuffle of an f32 across lanes `lane ^ mask`.
Value shuffleXor(ImplicitLocOpBuilder &b, Value x, int mask);
/// x of lane `lane` (i32) of the warp.
Value shuffleIndex(ImplicitLocOpBuilder &b, Value x, Value lane);

} // namespace attnc::cuda

#endif // ATTNC_LIB_CONVERSION_ATTNTOGPU_WARPMMA_H
