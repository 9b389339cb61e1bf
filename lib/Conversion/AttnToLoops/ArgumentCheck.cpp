//===- ArgumentCheck.cpp - fill the check record, call the runtime --------===//
//
// The runtime (lib/Runtime/KernelRuntime.cpp) runs the same SPEC §6 checks
// as the reference on the record this emits, so a compiled kernel and the
// reference reject the same inputs with the same message.
//
//===----------------------------------------------------------------------===//

#include "ArgumentCheck.h"

#include "LoweringUtils.h"

#include "attnc/Runtime/CheckRecord.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace attnc;
using namespace attnc::lowering;
namespace rec = attnc::rt::record;

static constexpr const char *kCheckFunction = "attnc_rt_check_attention";
static constexpr const char *kDeviceCheckFunction =
    "attnc_rt_check_attention_device";

/// The record slot of each SPEC operand name.
static std::optional<int64_t> slotOf(StringRef name) {
  return llvm::StringSwitch<std::optional<int64_t>>(name)
      .Case("q", rec::kQ)
      .Cases({"k", "k_cache"}, rec::kK)
      .Cases({"v", "v_cache"}, rec::kV)
      .Case("cu_seqlens_q", rec::kCuSeqlensQ)
      .Case("cu_seqlens_k", rec::kCuSeqlensK)
      .Case("block_table", rec::kBlockTable)
      .Case("context_lens", rec::kContextLens)
      .Case("actual_seq_lengths", rec::kActualSeqLengths)
      .Case("kv_padding_size", rec::kKvPaddingSize)
      .Case("alibi_slopes", rec::kAlibiSlopes)
      .Case("bias", rec::kBias)
      .Case("mask", rec::kMask)
      .Case("k_scale", rec::kKScale)
      .Case("k_offset", rec::kKOffset)
      .Case("v_scale", rec::kVScale)
      .Case("v_offset", rec::kVOffset)
      .Case("out_scale", rec::kOutScale)
      .Case("out_offset", rec::kOutOffset)
      .Case("kv_num_blocks", rec::kKvNumBlocks)
      .Case("kv_indices", rec::kKvIndices)
      .Case("full_kv_num_blocks", rec::kFullKvNumBlocks)
      .Case("full_kv_indices", rec::kFullKvIndices)
      .Case("prompt_lens", rec::kPromptLens)
      .Default(std::nullopt);
}

static func::FuncOp declareCheckFunction(ModuleOp module, MemRefType record,
                                        StringRef name) {
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
  auto type = b.getFunctionType({record}, {b.getI32Type()});
  auto fn = func::FuncOp::create(b, module.getLoc(), name, type);
  fn.setPrivate();
  return fn;
}

Value attnc::lowering::emitArgumentCheck(ImplicitLocOpBuilder &b,
                                         ModuleOp module,
                                         attn::AttentionOpInterface op,
                                         const llvm::StringMap<Value> &memrefOf,
                                         bool onDevice) {
  auto recordType = MemRefType::get({rec::kNumWords}, b.getI64Type());
  Value record = memref::AllocaOp::create(b, recordType);
  auto store = [&](int64_t word, Value value) {
    if (value.getType().isIndex())
      value = arith::IndexCastOp::create(b, b.getI64Type(), value);
    memref::StoreOp::create(b, value, record, cIndex(b, word));
  };
  auto storeConst = [&](int64_t word, int64_t value) {
    store(word, arith::ConstantOp::create(b, b.getI64IntegerAttr(value)));
  };
  // Every word 0, every slot absent (rank -1), in two small loops.
  auto fillLoop = [&](int64_t count, int64_t first, int64_t stride,
                      int64_t value) {
    Value v = arith::ConstantOp::create(b, b.getI64IntegerAttr(value));
    scf::ForOp::create(
        b, cIndex(b, 0), cIndex(b, count), cIndex(b, 1), ValueRange{},
        [&](OpBuilder &nested, Location loc, Value iv, ValueRange) {
          ImplicitLocOpBuilder nb(loc, nested);
          Value word = addI(nb, cIndex(nb, first), mulI(nb, iv, cIndex(nb, stride)));
          memref::StoreOp::create(nb, v, record, word);
          scf::YieldOp::create(nb);
        });
  };
  fillLoop(rec::kNumWords, 0, 1, 0);
  fillLoop(rec::kNumSlots, rec::slotWord(0, rec::kRank), rec::kNumSlotWords,
           -1);

  attn::AttentionShape shape = op.getAttentionShape();
  Operation *raw = op.getOperation();
  int64_t layout = 0;
  if (auto paged = dyn_cast<attn::PagedOp>(raw))
    layout = (int64_t)paged.getLayout();
  if (auto dense = dyn_cast<attn::DenseOp>(raw))
    layout = (int64_t)dense.getLayout();
  storeConst(rec::kFamily, (int64_t)op.getFamily());
  storeConst(rec::kLayout, layout);
  storeConst(rec::kNumQHeads, shape.numQHeads);
  storeConst(rec::kNumKvHeads, shape.numKvHeads);
  storeConst(rec::kHeadDim, shape.headDim);
  storeConst(rec::kHeadDimV, shape.headDimV);
  storeConst(rec::kPageSize, shape.pageSize);
  Attribute sparsity = op.getSparsityAttr();
  if (auto blockMask = dyn_cast_or_null<attn::BlockMaskAttr>(sparsity)) {
    storeConst(rec::kSparsity, 1);
    storeConst(rec::kBlockQ, blockMask.getBq());
    storeConst(rec::kBlockK, blockMask.getBk());
  } else if (isa_and_nonnull<attn::TriShapeAttr>(sparsity)) {
    storeConst(rec::kSparsity, 2);
  } else if (auto x = dyn_cast_or_null<attn::XAttentionAttr>(sparsity)) {
    storeConst(rec::kSparsity, 3);
    storeConst(rec::kXAttentionBlock, x.getBlock());
  }

  for (const attn::NamedOperand &named : attn::getNamedOperands(op)) {
    std::optional<int64_t> slot = slotOf(named.name);
    if (!slot)
      continue; // captures are not index operands
    Value memref = memrefOf.lookup(named.name);
    auto type = cast<MemRefType>(memref.getType());
    storeConst(rec::slotWord(*slot, rec::kRank), type.getRank());
    store(rec::slotWord(*slot, rec::kData),
          memref::ExtractAlignedPointerAsIndexOp::create(b, memref));
    for (int64_t d = 0; d < type.getRank() && d < 4; ++d)
      store(rec::slotWord(*slot, rec::kDim0 + d), dim(b, memref, d));
  }
  func::FuncOp callee = declareCheckFunction(
      module, recordType, onDevice ? kDeviceCheckFunction : kCheckFunction);
  return func::CallOp::create(b, callee, ValueRange{record}).getResult(0);
}
