//===- KernelFunction.cpp - the kernel calling convention -----------------===//

#include "KernelFunction.h"

#include "ArgumentCheck.h"
#include "LoweringUtils.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace attnc;
using namespace attnc::lowering;
using arith::CmpIPredicate;

/// The attention op of a function this pass compiles, or a diagnostic.
FailureOr<attn::AttentionOpInterface>
attnc::lowering::findKernelOp(func::FuncOp func, StringRef passName) {
  attn::AttentionOpInterface found;
  for (Operation &op : func.getBody().front()) {
    if (auto attention = dyn_cast<attn::AttentionOpInterface>(op)) {
      if (found)
        return op.emitOpError()
               << passName
               << " compiles one attention op per function; split the "
                  "function";
      found = attention;
      continue;
    }
    if (!isa<func::ReturnOp>(op))
      return op.emitOpError("is not supported in a kernel function: ")
             << passName << " expects one attention op and func.return";
  }
  if (!found)
    return attn::AttentionOpInterface(); // not a kernel function
  for (Value operand : found->getOperands())
    if (!isa<BlockArgument>(operand))
      return found->emitOpError("operand must be a function argument in a "
                                "kernel function");
  for (Value returned : func.getBody().front().getTerminator()->getOperands())
    if (returned.getDefiningOp() != found.getOperation())
      return func.emitOpError("must return results of its attention op");
  return found;
}

LogicalResult attnc::lowering::buildKernelFunction(
    func::FuncOp func, attn::AttentionOpInterface op, KernelBody &body) {
  ModuleOp module = func->getParentOfType<ModuleOp>();
  ImplicitLocOpBuilder b(func.getLoc(), func);
  FunctionType type = func.getFunctionType();
  auto toMemref = [](Type t) -> Type {
    auto tensor = cast<RankedTensorType>(t);
    return MemRefType::get(tensor.getShape(), tensor.getElementType());
  };
  SmallVector<Type> argTypes;
  for (Type t : type.getInputs()) {
    if (!isa<RankedTensorType>(t))
      return func.emitOpError("kernel arguments must be ranked tensors");
    argTypes.push_back(toMemref(t));
  }
  for (Type t : type.getResults())
    argTypes.push_back(toMemref(t));
  argTypes.push_back(b.getI1Type());
  auto kernelType = b.getFunctionType(argTypes, {b.getI32Type()});

  b.setInsertionPoint(func);
  auto kernel = func::FuncOp::create(b, func.getSymName(), kernelType);
  kernel->setAttr("llvm.emit_c_interface", b.getUnitAttr());
  kernel->setAttr("attn.kernel", b.getUnitAttr());
  Block *entry = kernel.addEntryBlock();
  b.setInsertionPointToStart(entry);

  // Operand and result memrefs by SPEC name.
  KernelOperands operands;
  llvm::StringMap<Value> &memrefOf = operands.memrefOf;
  SmallVector<Value> &captures = operands.captures;
  for (BlockArgument arg : entry->getArguments().drop_back())
    operands.all.push_back(arg);
  SmallVector<Attribute> roles;
  llvm::DenseMap<Value, StringRef> roleOf;
  for (const attn::NamedOperand &named : attn::getNamedOperands(op)) {
    Value memref =
        entry->getArgument(cast<BlockArgument>(named.value).getArgNumber());
    if (named.name == "captures")
      captures.push_back(memref);
    else
      memrefOf[named.name] = memref;
    roleOf.try_emplace(named.value, named.name);
  }
  for (BlockArgument arg : func.getArguments())
    roles.push_back(b.getStringAttr(roleOf.lookup(arg)));
  kernel->setAttr("attn.arg_roles", b.getArrayAttr(roles));
  SmallVector<Attribute> resultNames;
  Operation *ret = func.getBody().front().getTerminator();
  for (auto [k, value] : llvm::enumerate(ret->getOperands())) {
    Value out = entry->getArgument(type.getNumInputs() + k);
    StringRef name = value == op.getOut()                 ? "out"
                     : value == op.getLse()               ? "lse"
                     : value == op.getSkipStats()         ? "skip_stats"
                     : value == op.getSelectedNumBlocks() ? "selected_num_blocks"
                     : value == op.getSelectedIndices()   ? "selected_indices"
                                                          : "unsupported";
    if (name == "unsupported")
      return op->emitOpError("this result is not a result of the attention "
                             "op, which ")
             << body.passName() << " does not lower";
    memrefOf[name] = out;
    resultNames.push_back(b.getStringAttr(name));
  }
  kernel->setAttr("attn.result_names", b.getArrayAttr(resultNames));

  if (failed(body.prepare(op, operands)))
    return failure();
  kernel->setAttr("attn.workspace_bytes",
                  b.getI64IntegerAttr(body.workspaceBytes()));

  // Runtime checks first; nothing is written when they fail.
  Value checkFlag = entry->getArguments().back();
  auto checkIf = scf::IfOp::create(
      b, checkFlag,
      [&](OpBuilder &nested, Location loc) {
        ImplicitLocOpBuilder nb(loc, nested);
        scf::YieldOp::create(nb, emitArgumentCheck(nb, module, op, memrefOf,
                                                   body.operandsOnDevice()));
      },
      [&](OpBuilder &nested, Location loc) {
        ImplicitLocOpBuilder nb(loc, nested);
        scf::YieldOp::create(
            nb, ValueRange{arith::ConstantOp::create(nb, nb.getI32IntegerAttr(0))});
      });
  Value status = checkIf.getResult(0);
  Value ok = arith::CmpIOp::create(
      b, CmpIPredicate::eq, status,
      arith::ConstantOp::create(b, b.getI32IntegerAttr(0)));
  auto run = scf::IfOp::create(
      b, ok,
      [&](OpBuilder &nested, Location loc) {
        ImplicitLocOpBuilder nb(loc, nested);
        scf::YieldOp::create(nb, body.emit(nb, kernel));
      },
      [&](OpBuilder &nested, Location loc) {
        ImplicitLocOpBuilder nb(loc, nested);
        scf::YieldOp::create(nb, status);
      });
  func::ReturnOp::create(b, run.getResult(0));

  kernel.setVisibility(func.getVisibility());
  func.erase();
  return success();
}

LogicalResult attnc::lowering::buildKernelFunctions(
    ModuleOp module, llvm::function_ref<std::unique_ptr<KernelBody>()> make) {
  SmallVector<func::FuncOp> funcs(module.getOps<func::FuncOp>());
  for (func::FuncOp func : funcs) {
    if (func.isExternal() || func->hasAttr("attn.kernel"))
      continue;
    bool hasAttention = false;
    func.walk([&](attn::AttentionOpInterface) { hasAttention = true; });
    if (!hasAttention)
      continue;
    std::unique_ptr<KernelBody> body = make();
    FailureOr<attn::AttentionOpInterface> op =
        findKernelOp(func, body->passName());
    if (failed(op))
      return failure();
    if (!*op)
      continue;
    if (failed(buildKernelFunction(func, *op, *body)))
      return failure();
  }
  return success();
}
