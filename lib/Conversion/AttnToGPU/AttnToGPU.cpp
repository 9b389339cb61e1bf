//===- AttnToGPU.cpp - attention functions to a CUDA kernel launch --------===//
//
// The host side of the GPU lowering: the kernel function of
// KernelFunction.h whose body launches one gpu.func over a grid of
// (q-block slot, head unit) thread blocks, with the dynamic shared memory
// the geometry needs, and reports the runtime's launch status.
//
//===----------------------------------------------------------------------===//

#include "attnc/Conversion/Passes.h"

#include "DeviceKernel.h"
#include "XAttentionKernels.h"

#include "FamilyAccess.h"
#include "LoweringUtils.h"
#include "ScoreRules.h"

#include "attnc/Runtime/TensorMapRequest.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace attnc {
#define GEN_PASS_DEF_ATTNLOWERTOGPU
#include "attnc/Conversion/Passes.h.inc"
} // namespace attnc

using namespace mlir;
using namespace attnc;
using namespace attnc::lowering;
using arith::CmpIPredicate;

namespace {

constexpr const char *kLaunchStatus = "attnc_cuda_launch_status";
constexpr const char *kWorkspace = "attnc_cuda_workspace";
constexpr const char *kTensorMap = "attnc_cuda_tensor_map";
/// Split-KV thread blocks to aim for: several waves over an H100's 132 SMs,
/// so that the KV stream keeps every SM busy to the end (measured: 6 per
/// SM 77%, 12 per SM 81% of copy bandwidth).
constexpr int64_t kSplitTargetBlocks = 12 * 132;
constexpr int64_t kMaxSplits = 32;
constexpr const char *kSharedSymbol = "attn_shared";

/// The runtime function `name` of `type`, declared in `module` if needed.
func::FuncOp declareRuntimeFunction(ModuleOp module, StringRef name,
                                    FunctionType type) {
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
  auto fn = func::FuncOp::create(b, module.getLoc(), name, type);
  fn.setPrivate();
  return fn;
}

class GpuLaunch : public KernelBody {
public:
  GpuLaunch(int64_t blockRows, int64_t blockK, bool warpgroupMma, bool tma)
      : blockRows(blockRows), blockK(blockK), warpgroupMma(warpgroupMma),
        tma(tma) {}
  StringRef passName() const override { return "attn-lower-to-gpu"; }

  LogicalResult prepare(attn::AttentionOpInterface op,
                        const KernelOperands &operands) override {
    this->op = op;
    this->operands = operands;
    FailureOr<cuda::Geometry> planned =
        cuda::planGeometry(op, operands, blockRows, blockK, warpgroupMma, tma);
    if (failed(planned))
      return failure();
    geometry = *planned;
    if (isa_and_nonnull<attn::XAttentionAttr>(op.getSparsityAttr())) {
      FailureOr<cuda::XAttentionGeometry> x =
          cuda::planXAttention(op, geometry.inputType);
      if (failed(x))
        return failure();
      xattention = *x;
    }
    std::unique_ptr<FamilyAccess> access =
        makeFamilyAccess(op, operands.memrefOf);
    return ScoreRules(op, operands.memrefOf, operands.captures, *access)
        .verifyModifiers();
  }
  /// The kernel's only workspace is its shared memory.
  int64_t workspaceBytes() const override { return geometry.sharedBytes(); }
  bool operandsOnDevice() const override { return true; }

  Value emit(ImplicitLocOpBuilder &b, func::FuncOp kernel) override {
    auto module = kernel->getParentOfType<ModuleOp>();
    module->setAttr(gpu::GPUDialect::getContainerModuleAttrName(),
                    b.getUnitAttr());
    kernel->setAttr("attn.device", b.getStringAttr("cuda"));
    if (geometry.splitKv)
      kernel->setAttr(
          "attn.split_workspace_bytes_per_sequence",
          b.getI64IntegerAttr(kMaxSplits * op.getAttentionShape().numQHeads *
                              (geometry.headDimV + 1) * 4));
    if (xattention) // [B, Hq, NQ, NK] indices and [B, Hq, NQ] counts
      kernel->setAttr(
          "attn.xattention_list_bytes_per_block_pair",
          b.getI64IntegerAttr(4 * op.getAttentionShape().numQHeads));
    auto gpuModule = buildGpuModule(module, kernel);
    gpu::GPUFuncOp device =
        buildDeviceFunction(gpuModule, kernel, DeviceKind::Attention);

    std::unique_ptr<FamilyAccess> access =
        makeFamilyAccess(op, operands.memrefOf);
    Value slots = access->qBlockSlots(b, geometry.blockQ);
    Value one = cIndex(b, 1);
    SmallVector<Value> args(operands.all);
    Value splits = one, live = cmpI(b, CmpIPredicate::sgt, slots, cIndex(b, 0));
    if (geometry.splitKv) {
      // Enough splits to fill the GPU, and a workspace for their partial
      // results from the runtime (kept across calls).
      Value numSeqs = access->numSequences(b);
      Value items =
          maxI(b, one, mulI(b, numSeqs, cIndex(b, geometry.numUnits)));
      splits = minI(b, cIndex(b, kMaxSplits),
                    ceilDivI(b, cIndex(b, kSplitTargetBlocks), items));
      Value bytes = cuda::splitWorkspaceBytes(b, geometry, op, numSeqs, splits);
      Type i64 = b.getI64Type();
      Value address =
          func::CallOp::create(
              b,
              declareRuntimeFunction(module, kWorkspace,
                                     b.getFunctionType({i64}, {i64})),
              ValueRange{arith::IndexCastOp::create(b, i64, bytes)})
              .getResult(0);
      args.append({address, splits});
      // Without a workspace the runtime has recorded why; launch nothing.
      live = andB(b, live,
                  cmpI(b, CmpIPredicate::ne, address,
                       arith::ConstantOp::create(b, b.getI64IntegerAttr(0))));
    }
    SmallVector<Value> lists;
    if (xattention) {
      lists = allocateLists(b, *access);
      args.append(lists);
      for (Value list : lists)
        live =
            andB(b, live,
                 cmpI(b, CmpIPredicate::ne,
                      memref::ExtractAlignedPointerAsIndexOp::create(b, list),
                      cIndex(b, 0)));
    }
    SmallVector<Value> attentionArgs(args);
    if (geometry.tmaLoads()) {
      for (StringRef name : {"k", "v"}) {
        Value map = tensorMap(b, module, operands.memrefOf.lookup(name));
        attentionArgs.push_back(map);
        live = andB(b, live,
                    cmpI(b, CmpIPredicate::ne, map,
                         arith::ConstantOp::create(b, b.getI64IntegerAttr(0))));
      }
    }
    ifThen(b, live, [&](ImplicitLocOpBuilder &b) {
      if (Value stats = operands.memrefOf.lookup("skip_stats"))
        clearSkipStats(b, stats);
      if (xattention)
        launchSelection(b, gpuModule, kernel, *access, args);
      gpu::LaunchFuncOp::create(
          b, b.getLoc(), device,
          gpu::KernelDim3{slots, cIndex(b, geometry.numUnits), splits},
          gpu::KernelDim3{cIndex(b, geometry.threads()), one, one},
          arith::ConstantOp::create(
              b, b.getI32IntegerAttr(geometry.sharedBytes())),
          attentionArgs);
      if (!geometry.splitKv)
        return;
      gpu::GPUFuncOp combine =
          buildDeviceFunction(gpuModule, kernel, DeviceKind::Combine);
      gpu::LaunchFuncOp::create(
          b, b.getLoc(), combine,
          gpu::KernelDim3{access->numSequences(b),
                          cIndex(b, op.getAttentionShape().numQHeads), one},
          gpu::KernelDim3{cIndex(b, 128), one, one},
          arith::ConstantOp::create(b, b.getI32IntegerAttr(0)), args);
    });
    if (xattention)
      freeLists(b, lists);
    return func::CallOp::create(
               b,
               declareRuntimeFunction(module, kLaunchStatus,
                                      b.getFunctionType({}, {b.getI32Type()})),
               ValueRange{})
        .getResult(0);
  }

private:
  /// The device address (i64) of the runtime's TMA tensor map of `memref`
  /// (K or V): boxes of 64 columns by blockK rows along the token dimension
  /// (TensorMapRequest.h). 0 when the runtime could not encode it; it has
  /// recorded why.
  Value tensorMap(ImplicitLocOpBuilder &b, ModuleOp module, Value memref) {
    namespace tm = attnc::rt::tensormap;
    auto type = cast<MemRefType>(memref.getType());
    int64_t rank = type.getRank();
    int64_t elementBytes = type.getElementTypeBitWidth() / 8;
    Type i64 = b.getI64Type();
    auto metadata = memref::ExtractStridedMetadataOp::create(b, memref);
    Value request =
        memref::AllocaOp::create(b, MemRefType::get({tm::kNumWords}, i64));
    auto put = [&](int64_t word, Value index) {
      memref::StoreOp::create(b, arith::IndexCastOp::create(b, i64, index),
                              request, ValueRange{cIndex(b, word)});
    };
    Value base = memref::ExtractAlignedPointerAsIndexOp::create(b, memref);
    put(tm::kAddress, addI(b, base, mulI(b, metadata.getOffset(),
                                         cIndex(b, elementBytes))));
    put(tm::kElementBytes, cIndex(b, elementBytes));
    put(tm::kRank, cIndex(b, rank));
    for (int64_t i = 0; i < tm::kMaxRank; ++i) {
      int64_t d = rank - 1 - i; // memref dimension
      bool real = d >= 0;
      put(tm::kSizes + i, real ? metadata.getSizes()[d] : cIndex(b, 1));
      put(tm::kStrides + i,
          real ? mulI(b, metadata.getStrides()[d], cIndex(b, elementBytes))
               : cIndex(b, 0));
      int64_t box = i == 0 ? 128 / elementBytes
                    : d == geometry.tmaTokenDim ? geometry.blockK
                                                : 1;
      put(tm::kBox + i, cIndex(b, box));
    }
    Value address = arith::IndexCastOp::create(
        b, i64, memref::ExtractAlignedPointerAsIndexOp::create(b, request));
    return func::CallOp::create(
               b,
               declareRuntimeFunction(module, kTensorMap,
                                      b.getFunctionType({i64}, {i64})),
               ValueRange{address})
        .getResult(0);
  }

  gpu::GPUModuleOp buildGpuModule(ModuleOp module, func::FuncOp kernel) {
    Location loc = kernel.getLoc();
    OpBuilder mb = OpBuilder::atBlockEnd(module.getBody());
    auto gpuModule = gpu::GPUModuleOp::create(
        mb, loc, (kernel.getSymName() + "_device").str());
    OpBuilder gb = OpBuilder::atBlockBegin(gpuModule.getBody());
    // Dynamic shared memory: a zero-sized array in the shared space.
    LLVM::GlobalOp::create(gb, loc, LLVM::LLVMArrayType::get(gb.getI8Type(), 0),
                           /*isConstant=*/false, LLVM::Linkage::Internal,
                           kSharedSymbol, Attribute(),
                           /*alignment=*/1024, // wgmma's swizzled tiles
                           /*addrSpace=*/3);
    return gpuModule;
  }

  enum class DeviceKind { Attention, Combine, XAttention };

  /// Skip-softmax counts start at 0; thread blocks then add theirs.
  void clearSkipStats(ImplicitLocOpBuilder &b, Value stats) {
    auto type = cast<MemRefType>(stats.getType());
    Value zeros = memref::AllocaOp::create(b, type);
    for (int64_t i = 0; i < type.getDimSize(0); ++i)
      memref::StoreOp::create(
          b, arith::ConstantOp::create(b, b.getI64IntegerAttr(0)), zeros,
          ValueRange{cIndex(b, i)});
    Type tokenType = gpu::AsyncTokenType::get(b.getContext());
    Value token =
        gpu::WaitOp::create(b, tokenType, ValueRange{}).getAsyncToken();
    token = gpu::MemcpyOp::create(b, tokenType, ValueRange{token}, stats,
                                  zeros)
                .getAsyncToken();
    gpu::WaitOp::create(b, Type(), ValueRange{token});
  }

  /// XAttention's block lists, [B, Hq, NQ] counts and [B, Hq, NQ, NK]
  /// indices with NQ, NK bounded by the operand shapes.
  SmallVector<Type> listTypes(MLIRContext *context) {
    int64_t dyn = ShapedType::kDynamic, hq = op.getAttentionShape().numQHeads;
    Type i32 = IntegerType::get(context, 32);
    return {MemRefType::get({dyn, hq, dyn}, i32),
            MemRefType::get({dyn, hq, dyn, dyn}, i32)};
  }

  /// The lists from the runtime's stream-ordered device pool (which keeps
  /// freed memory, so a call allocates nothing from the system once warm).
  SmallVector<Value> allocateLists(ImplicitLocOpBuilder &b,
                                   FamilyAccess &access) {
    Value one = cIndex(b, 1), cB = cIndex(b, xattention->block);
    Value numSeqs = access.numSequences(b);
    Value nq =
        maxI(b, one,
             ceilDivI(b, cuda::queryLengthBound(b, op, operands.memrefOf), cB));
    Value nk =
        maxI(b, one,
             ceilDivI(b, cuda::keyLengthBound(b, op, operands.memrefOf), cB));
    Type tokenType = gpu::AsyncTokenType::get(b.getContext());
    Value token =
        gpu::WaitOp::create(b, tokenType, ValueRange{}).getAsyncToken();
    SmallVector<Type> types = listTypes(b.getContext());
    auto num = gpu::AllocOp::create(b, types[0], tokenType, ValueRange{token},
                                    ValueRange{numSeqs, nq}, ValueRange{});
    auto indices = gpu::AllocOp::create(
        b, types[1], tokenType, ValueRange{num.getAsyncToken()},
        ValueRange{numSeqs, nq, nk}, ValueRange{});
    gpu::WaitOp::create(b, Type(), ValueRange{indices.getAsyncToken()});
    return {num.getMemref(), indices.getMemref()};
  }

  void freeLists(ImplicitLocOpBuilder &b, ArrayRef<Value> lists) {
    Type tokenType = gpu::AsyncTokenType::get(b.getContext());
    Value token =
        gpu::WaitOp::create(b, tokenType, ValueRange{}).getAsyncToken();
    for (Value list : lists)
      token = gpu::DeallocOp::create(b, tokenType, ValueRange{token}, list)
                  .getAsyncToken();
    gpu::WaitOp::create(b, Type(), ValueRange{token});
  }

  /// The selection kernel (estimate, W, greedy choice) before the attention;
  /// `selected` results, if any, start as empty lists (0 blocks, -1).
  void launchSelection(ImplicitLocOpBuilder &b, gpu::GPUModuleOp gpuModule,
                       func::FuncOp kernel, FamilyAccess &access,
                       ArrayRef<Value> args) {
    Type tokenType = gpu::AsyncTokenType::get(b.getContext());
    Value token =
        gpu::WaitOp::create(b, tokenType, ValueRange{}).getAsyncToken();
    for (auto [name, fill] :
         {std::pair<StringRef, int32_t>{"selected_num_blocks", 0},
          {"selected_indices", -1}})
      if (Value result = operands.memrefOf.lookup(name))
        token = gpu::MemsetOp::create(
                    b, tokenType, ValueRange{token}, result,
                    arith::ConstantOp::create(b, b.getI32IntegerAttr(fill)))
                    .getAsyncToken();
    gpu::GPUFuncOp select =
        buildDeviceFunction(gpuModule, kernel, DeviceKind::XAttention);
    Value one = cIndex(b, 1);
    Value bytes =
        cuda::xattentionSharedBytes(b, *xattention, dim(b, args.back(), 3));
    auto launch = gpu::LaunchFuncOp::create(
        b, b.getLoc(), select,
        gpu::KernelDim3{access.qBlockSlots(b, xattention->queries()),
                        cIndex(b, op.getAttentionShape().numQHeads), one},
        gpu::KernelDim3{cIndex(b, xattention->threads()), one, one},
        arith::IndexCastOp::create(b, b.getI32Type(), bytes), args, tokenType,
        ValueRange{token});
    gpu::WaitOp::create(b, Type(), ValueRange{launch.getAsyncToken()});
  }

  /// The attention kernel, the split-KV combine kernel or XAttention's
  /// selection kernel; all take the kernel function's memrefs (plus, with
  /// split-KV, the workspace address and the number of splits; with
  /// XAttention, the block lists).
  gpu::GPUFuncOp buildDeviceFunction(gpu::GPUModuleOp gpuModule,
                                     func::FuncOp kernel, DeviceKind kind) {
    bool combine = kind == DeviceKind::Combine;
    Location loc = kernel.getLoc();
    OpBuilder gb = OpBuilder::atBlockEnd(gpuModule.getBody());
    SmallVector<Type> argTypes;
    for (Value v : operands.all)
      argTypes.push_back(v.getType());
    if (geometry.splitKv)
      argTypes.append({gb.getI64Type(), gb.getIndexType()});
    if (xattention)
      argTypes.append(listTypes(gb.getContext()));
    bool withMaps = kind == DeviceKind::Attention && geometry.tmaLoads();
    if (withMaps)
      argTypes.append({gb.getI64Type(), gb.getI64Type()});
    std::string name = kernel.getSymName().str();
    if (combine)
      name += "_combine";
    if (kind == DeviceKind::XAttention)
      name += "_xattention";
    auto device =
        gpu::GPUFuncOp::create(gb, loc, name, gb.getFunctionType(argTypes, {}));
    device->setAttr(gpu::GPUDialect::getKernelFuncAttrName(), gb.getUnitAttr());
    Block &entry = device.getBody().front();
    // The device function's arguments under the same names.
    auto deviceValue = [&](Value host) -> Value {
      auto it = llvm::find(operands.all, host);
      return entry.getArgument(it - operands.all.begin());
    };
    llvm::StringMap<Value> memrefOf;
    for (const auto &entry : operands.memrefOf)
      memrefOf[entry.getKey()] = deviceValue(entry.getValue());
    SmallVector<Value> captures;
    for (Value capture : operands.captures)
      captures.push_back(deviceValue(capture));
    cuda::SplitWorkspace workspace;
    if (geometry.splitKv) {
      unsigned n = operands.all.size();
      workspace = {entry.getArgument(n), entry.getArgument(n + 1)};
    }

    Value num, indices;
    if (xattention) {
      unsigned n = operands.all.size();
      num = entry.getArgument(n);
      indices = entry.getArgument(n + 1);
      memrefOf["xattention_num"] = num;
      memrefOf["xattention_indices"] = indices;
    }
    cuda::TensorMaps maps;
    if (withMaps)
      maps = {entry.getArgument(entry.getNumArguments() - 2),
              entry.getArgument(entry.getNumArguments() - 1)};

    ImplicitLocOpBuilder b = ImplicitLocOpBuilder::atBlockBegin(loc, &entry);
    if (kind == DeviceKind::XAttention) {
      Value shared = LLVM::AddressOfOp::create(
          b, LLVM::LLVMPointerType::get(b.getContext(), 3), kSharedSymbol);
      cuda::emitXAttentionKernel(b, op, *xattention, memrefOf, num, indices,
                                 shared);
    } else if (combine) {
      cuda::emitCombineKernel(b, op, geometry, memrefOf, workspace);
    } else {
      Value shared = LLVM::AddressOfOp::create(
          b, LLVM::LLVMPointerType::get(b.getContext(), 3), kSharedSymbol);
      cuda::emitDeviceKernel(b, op, geometry, memrefOf, captures, shared,
                             workspace, maps);
    }
    gpu::ReturnOp::create(b);
    return device;
  }

  int64_t blockRows, blockK;
  bool warpgroupMma, tma;
  attn::AttentionOpInterface op;
  KernelOperands operands;
  cuda::Geometry geometry;
  std::optional<cuda::XAttentionGeometry> xattention;
};

struct AttnLowerToGPUPass
    : public attnc::impl::AttnLowerToGPUBase<AttnLowerToGPUPass> {
  using Base::Base;
  void runOnOperation() override {
    if (blockRows <= 0 || blockRows % 16 != 0 || blockK < 0 ||
        blockK % 16 != 0) {
      getOperation().emitError("attn-lower-to-gpu: block-rows must be a "
                               "positive multiple of 16, block-k 0 (auto) "
                               "or one");
      return signalPassFailure();
    }
    if (failed(buildKernelFunctions(getOperation(), [&] {
          return std::make_unique<GpuLaunch>(blockRows, blockK, wgmma, tma);
        })))
      signalPassFailure();
  }
};

} // namespace
