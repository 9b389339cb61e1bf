//===- FunctionRunner.cpp - run a function of attention ops ---------------===//

#include "attnc/Runner/FunctionRunner.h"

#include "attnc/Dialect/Attn/IR/Attn.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace attnc;
using namespace attnc::runner;

SmallVector<std::string> attnc::runner::getArgumentRoles(func::FuncOp func) {
  llvm::DenseMap<Value, std::string> roleOf;
  func.walk([&](attn::AttentionOpInterface op) {
    for (const attn::NamedOperand &named : attn::getNamedOperands(op))
      roleOf.try_emplace(named.value, named.name.str());
  });
  SmallVector<std::string> roles;
  for (BlockArgument arg : func.getArguments())
    roles.push_back(roleOf.lookup(arg));
  return roles;
}

SmallVector<std::string> attnc::runner::getResultNames(func::FuncOp func) {
  SmallVector<std::string> names;
  func.walk([&](func::ReturnOp ret) {
    for (Value v : ret.getOperands()) {
      auto op = v.getDefiningOp<attn::AttentionOpInterface>();
      std::string name;
      if (op && v == op.getOut())
        name = "out";
      else if (op && v == op.getLse())
        name = "lse";
      else if (op && v == op.getSelectedNumBlocks())
        name = "selected_num_blocks";
      else if (op && v == op.getSelectedIndices())
        name = "selected_indices";
      else if (op && v == op.getSkipStats())
        name = "skip_stats";
      names.push_back(name);
    }
  });
  return names;
}

FailureOr<func::FuncOp> attnc::runner::findFunction(ModuleOp module,
                                                   StringRef name,
                                                   StringRef fileName,
                                                   std::string &error) {
  SmallVector<func::FuncOp> candidates;
  module.walk([&](func::FuncOp f) {
    if (!f.isExternal() &&
        (name.empty() ? f.isPublic() : f.getSymName() == name))
      candidates.push_back(f);
  });
  if (candidates.size() == 1)
    return candidates.front();
  if (candidates.empty()) {
    error = name.empty()
                ? "'" + fileName.str() + "' has no public function"
                : "no function @" + name.str() + " in '" + fileName.str() +
                      "'";
    return failure();
  }
  std::string names;
  for (func::FuncOp f : candidates)
    names += (names.empty() ? "@" : ", @") + f.getSymName().str();
  error = "'" + fileName.str() + "' has several public functions (" + names +
          "); choose one with --function=NAME";
  return failure();
}

LogicalResult attnc::runner::checkInputs(func::FuncOp func,
                                         ArrayRef<HostBuffer> inputs,
                                         std::string &error) {
  FunctionType type = func.getFunctionType();
  SmallVector<std::string> roles = getArgumentRoles(func);
  auto name = [&](unsigned i) {
    std::string text = "argument #" + std::to_string(i);
    if (!roles[i].empty())
      text += " (" + roles[i] + ")";
    return text;
  };
  if (inputs.size() != type.getNumInputs()) {
    // "(q, k, v, cu_seqlens_q, cu_seqlens_k)": what each --input is for.
    std::string expected;
    for (unsigned i = 0; i < type.getNumInputs(); ++i)
      expected += (i ? ", " : "") +
                  (roles[i].empty() ? "#" + std::to_string(i) : roles[i]);
    error = "@" + func.getSymName().str() + " takes " +
            std::to_string(type.getNumInputs()) + " argument" +
            (type.getNumInputs() == 1 ? "" : "s") + " (" + expected +
            ") but " + std::to_string(inputs.size()) + " input" +
            (inputs.size() == 1 ? " was" : "s were") + " given";
    return failure();
  }
  for (unsigned i = 0; i < inputs.size(); ++i) {
    auto tensor = dyn_cast<RankedTensorType>(type.getInput(i));
    if (!tensor) {
      error = name(i) + ": only ranked tensor arguments are supported";
      return failure();
    }
    const HostBuffer &input = inputs[i];
    std::string expected =
        describeType(tensor.getShape(), tensor.getElementType());
    if (input.elementType != tensor.getElementType()) {
      error = name(i) + ": expected element type " +
              describeType({}, tensor.getElementType()) + " (" + expected +
              "), got " + input.describe();
      return failure();
    }
    bool shapeOk = (int64_t)input.shape.size() == tensor.getRank();
    for (unsigned d = 0; shapeOk && d < input.shape.size(); ++d)
      shapeOk = tensor.isDynamicDim(d) || tensor.getDimSize(d) == input.shape[d];
    if (!shapeOk) {
      error = name(i) + ": expected shape " + expected + ", got " +
              input.describe();
      return failure();
    }
  }
  return success();
}

/// A dense constant as a host buffer.
static FailureOr<HostBuffer> constantBuffer(arith::ConstantOp op,
                                            std::string &error) {
  auto dense = dyn_cast<DenseElementsAttr>(op.getValue());
  auto type = dyn_cast<RankedTensorType>(op.getType());
  if (!dense || !type) {
    error = "only dense tensor constants are supported";
    return failure();
  }
  HostBuffer buffer;
  buffer.shape.assign(type.getShape().begin(), type.getShape().end());
  buffer.elementType = type.getElementType();
  if (isa<FloatType>(buffer.elementType)) {
    for (APFloat v : dense.getValues<APFloat>()) {
      bool lost;
      v.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
      buffer.values.push_back(v.convertToDouble());
    }
  } else {
    bool isBool = buffer.elementType.isInteger(1);
    for (APInt v : dense.getValues<APInt>())
      buffer.values.push_back(isBool ? (v.isZero() ? 0.0 : 1.0)
                                     : (double)v.getSExtValue());
  }
  return buffer;
}

LogicalResult attnc::runner::runOnReference(func::FuncOp func,
                                            ArrayRef<HostBuffer> inputs,
                                            const FunctionRunOptions &options,
                                            FunctionRunResult &result,
                                            std::string &error) {
  if (failed(checkInputs(func, inputs, error)))
    return failure();
  // Values computed so far; buffers live in `storage`.
  std::vector<std::unique_ptr<HostBuffer>> storage;
  llvm::DenseMap<Value, const HostBuffer *> valueOf;
  for (auto [arg, input] : llvm::zip(func.getArguments(), inputs))
    valueOf[arg] = &input;
  auto where = [](Operation *op) { return describeLocation(op->getLoc()); };
  for (Operation &op : func.getBody().front()) {
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      for (Value v : ret.getOperands())
        result.outputs.push_back(*valueOf.lookup(v));
      return success();
    }
    if (auto constant = dyn_cast<arith::ConstantOp>(op)) {
      auto buffer = constantBuffer(constant, error);
      if (failed(buffer)) {
        error = where(&op) + ": " + error;
        return failure();
      }
      storage.push_back(std::make_unique<HostBuffer>(std::move(*buffer)));
      valueOf[constant.getResult()] = storage.back().get();
      continue;
    }
    auto attention = dyn_cast<attn::AttentionOpInterface>(op);
    if (!attention) {
      error = where(&op) + ": op '" + op.getName().getStringRef().str() +
              "' is not supported by attn-run (attention ops, "
              "arith.constant and func.return are)";
      return failure();
    }
    SmallVector<const HostBuffer *> operands;
    for (Value v : op.getOperands())
      operands.push_back(valueOf.lookup(v));
    SmallVector<HostBuffer> results;
    ReferenceStats stats;
    if (failed(runOnReference(attention, operands, results, stats, error,
                              options.checkArguments))) {
      error = where(&op) + ": " + error;
      return failure();
    }
    result.stats.skippedTiles += stats.skippedTiles;
    result.stats.visitedTiles += stats.visitedTiles;
    for (auto [value, buffer] : llvm::zip(op.getResults(), results)) {
      storage.push_back(std::make_unique<HostBuffer>(std::move(buffer)));
      valueOf[value] = storage.back().get();
    }
  }
  error = "@" + func.getSymName().str() + " has no func.return";
  return failure();
}
