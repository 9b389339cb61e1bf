//===- SaveCase.cpp - a run's inputs and reference as files ---------------===//

#include "attnc/Runner/SaveCase.h"

#include "attnc/Dialect/Attn/IR/Attn.h"
#include "attnc/Runner/ArrayIO.h"
#include "attnc/Runner/FunctionRunner.h"
#include "attnc/Runner/HostBytes.h"

#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace attnc;
using namespace attnc::runner;

namespace {

/// How an element type is stored in .npy: NumPy's dtype string and name.
/// bf16, f16 and fp8 keep their raw bits (NumPy has no bf16 or fp8, and raw
/// bits reach a device tensor by a bit-cast, without a rounding step).
struct Storage {
  const char *descr;
  const char *dtype;
};

std::optional<Storage> storageOf(Type t) {
  if (t.isF32())
    return Storage{"<f4", "float32"};
  if (t.isF64())
    return Storage{"<f8", "float64"};
  if (t.isF16() || t.isBF16())
    return Storage{"<u2", "uint16"};
  if (isa<FloatType>(t) && t.getIntOrFloatBitWidth() == 8)
    return Storage{"|u1", "uint8"};
  if (t.isSignlessInteger(1))
    return Storage{"|b1", "bool"};
  if (t.isSignlessInteger(8))
    return Storage{"|i1", "int8"};
  if (t.isSignlessInteger(32))
    return Storage{"<i4", "int32"};
  if (t.isSignlessInteger(64) || t.isIndex())
    return Storage{"<i8", "int64"};
  return std::nullopt;
}

std::string typeName(Type t) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << t;
  return text;
}

/// "arg3_block_table.npy": the index keeps names unique and ordered.
std::string fileName(StringRef prefix, size_t index, StringRef name) {
  std::string stem = prefix.str() + std::to_string(index);
  if (!name.empty())
    stem += "_" + name.str();
  return stem + ".npy";
}

llvm::json::Array shapeJson(ArrayRef<int64_t> shape) {
  llvm::json::Array array;
  for (int64_t d : shape)
    array.push_back(d);
  return array;
}

/// SPEC §7's rule for result `name` of element type `t`, as
/// Comparison.cpp applies it.
llvm::json::Object compareRule(StringRef name, Type t) {
  if (t.isSignlessInteger(8))
    return llvm::json::Object{
        {"rule", "within"}, {"tolerance", 1}, {"judged", true}};
  if (isa<IntegerType, IndexType>(t))
    // XAttention selections and skip-softmax counts may differ at
    // near-threshold decisions (SPEC §5.3, §5.4): reported, not judged.
    return llvm::json::Object{
        {"rule", "exact"}, {"tolerance", 0}, {"judged", false}};
  if (name == "lse")
    return llvm::json::Object{
        {"rule", "absolute"}, {"tolerance", 1e-3}, {"judged", true}};
  double tolerance = t.isF16()                 ? 2e-3
                     : t.isF32() || t.isF64() ? 1e-5
                                              : 1e-2;
  return llvm::json::Object{
      {"rule", "relative"}, {"tolerance", tolerance}, {"judged", true}};
}

/// What a reader needs to decide which second oracle applies: the op, its
/// family and layout, the common attributes, every attribute as printed,
/// the operands present and the non-empty modifier regions.
llvm::json::Object describeOp(attn::AttentionOpInterface op) {
  Operation *operation = op.getOperation();
  llvm::json::Object object;
  object["op"] = operation->getName().getStringRef().str();
  object["family"] = operation->getName().stripDialect().str();
  std::optional<std::string> layout =
      llvm::TypeSwitch<Operation *, std::optional<std::string>>(operation)
          .Case([](attn::PagedOp o) {
            return attn::stringifyCacheLayout(o.getLayout()).str();
          })
          .Case([](attn::DenseOp o) {
            return attn::stringifyDenseLayout(o.getLayout()).str();
          })
          .Default([](Operation *) { return std::nullopt; });
  object["layout"] = layout ? llvm::json::Value(*layout) : nullptr;
  object["causal"] = op.getCausal();
  std::optional<APFloat> scale = op.getScale();
  object["scale"] = scale ? llvm::json::Value(scale->convertToDouble())
                          : llvm::json::Value(nullptr);
  attn::AttentionShape shape = op.getAttentionShape();
  object["num_q_heads"] = shape.numQHeads;
  object["num_kv_heads"] = shape.numKvHeads;
  object["head_dim"] = shape.headDim;
  object["head_dim_v"] = shape.headDimV;
  llvm::json::Object attributes;
  for (NamedAttribute named : operation->getAttrs()) {
    if (named.getName().strref().ends_with("SegmentSizes"))
      continue;
    std::string text;
    llvm::raw_string_ostream os(text);
    named.getValue().print(os);
    attributes[named.getName().strref()] = text;
  }
  object["attributes"] = std::move(attributes);
  llvm::json::Array operands;
  for (const attn::NamedOperand &named : attn::getNamedOperands(op))
    operands.push_back(named.name.str());
  object["operands"] = std::move(operands);
  llvm::json::Array regions;
  if (!op.getScoreMod().empty())
    regions.push_back("score_mod");
  if (!op.getMaskMod().empty())
    regions.push_back("mask_mod");
  object["regions"] = std::move(regions);
  return object;
}

/// Writes `buffer` into `dir/name` in its storage dtype.
LogicalResult writeStored(const HostBuffer &buffer, StringRef dir,
                          StringRef name, std::string &error) {
  std::optional<Storage> storage = storageOf(buffer.elementType);
  if (!storage) {
    error = "--save-case: no .npy storage for element type " +
            typeName(buffer.elementType);
    return failure();
  }
  std::string payload(buffer.numElements() *
                          elementByteWidth(buffer.elementType),
                      '\0');
  encodeElements(buffer, reinterpret_cast<uint8_t *>(payload.data()));
  llvm::SmallString<256> path(dir);
  llvm::sys::path::append(path, name);
  return writeNpy(path, storage->descr, buffer.shape, payload, error);
}

/// Writes the reference values of `buffer` into `dir/name` as float64.
LogicalResult writeFloat64(const HostBuffer &buffer, StringRef dir,
                           StringRef name, std::string &error) {
  StringRef payload(reinterpret_cast<const char *>(buffer.values.data()),
                    buffer.values.size() * sizeof(double));
  llvm::SmallString<256> path(dir);
  llvm::sys::path::append(path, name);
  return writeNpy(path, "<f8", buffer.shape, payload, error);
}

} // namespace

LogicalResult attnc::runner::saveCase(StringRef dir, func::FuncOp func,
                                      ArrayRef<HostBuffer> inputs,
                                      ArrayRef<HostBuffer> reference,
                                      const SaveCaseInfo &info,
                                      std::string &error) {
  if (std::error_code ec = llvm::sys::fs::create_directories(dir)) {
    error = "--save-case: cannot create '" + dir.str() + "': " + ec.message();
    return failure();
  }
  SmallVector<std::string> roles = getArgumentRoles(func);
  llvm::json::Array args;
  for (auto [i, input] : llvm::enumerate(inputs)) {
    std::string file = fileName("arg", i, roles[i]);
    if (failed(writeStored(input, dir, file, error)))
      return failure();
    args.push_back(llvm::json::Object{
        {"index", (int64_t)i},
        {"role", roles[i]},
        {"file", file},
        {"element_type", typeName(input.elementType)},
        {"storage_dtype", storageOf(input.elementType)->dtype},
        {"shape", shapeJson(input.shape)}});
  }

  SmallVector<std::string> names = getResultNames(func);
  llvm::json::Array results;
  for (auto [i, ref] : llvm::enumerate(reference)) {
    std::string file = fileName("ref", i, names[i]);
    if (failed(writeFloat64(ref, dir, file, error)))
      return failure();
    results.push_back(llvm::json::Object{
        {"index", (int64_t)i},
        {"name", names[i]},
        {"file", file},
        {"element_type", typeName(ref.elementType)},
        {"storage_dtype", "float64"},
        {"shape", shapeJson(ref.shape)},
        {"compare", compareRule(names[i], ref.elementType)}});
  }

  llvm::json::Array ops;
  func.walk([&](attn::AttentionOpInterface op) { ops.push_back(describeOp(op)); });
  std::string family;
  if (!ops.empty())
    family = ops.front().getAsObject()->getString("family")->str();

  llvm::json::Object root{
      {"format", 1},
      {"function", func.getSymName().str()},
      {"family", family},
      {"ops", std::move(ops)},
      {"args", std::move(args)},
      {"results", std::move(results)},
      {"reference", "float64 reference (SPEC §2) of attn-run, each value "
                    "rounded once to the result's element type, as "
                    "attn-run --check compares"},
      {"inputs", info.inputSource},
      {"command", info.commandLine}};
  llvm::SmallString<256> path(dir);
  llvm::sys::path::append(path, "case.json");
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
  if (ec) {
    error = "--save-case: cannot write '" + path.str().str() +
            "': " + ec.message();
    return failure();
  }
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(root))) << "\n";
  return success();
}
