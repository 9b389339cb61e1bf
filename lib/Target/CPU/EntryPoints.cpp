//===- EntryPoints.cpp - per-kernel C entry points in LLVM IR -------------===//
//
// The packed entry gives callers that only know a kernel at run time
// (attn-run, the Python package) one signature for every kernel: an array
// of pointers. It is built on the C interface function that
// llvm.emit_c_interface generates, whose memref parameters are pointers to
// descriptors.
//
//===----------------------------------------------------------------------===//

#include "EntryPoints.h"

#include "llvm/IR/IRBuilder.h"

using namespace attnc::cpu;

static void addPacked(llvm::Module &module, llvm::Function *ciface,
                      llvm::StringRef name) {
  llvm::LLVMContext &ctx = module.getContext();
  llvm::Type *ptr = llvm::PointerType::getUnqual(ctx);
  llvm::Type *i32 = llvm::Type::getInt32Ty(ctx);
  auto *type = llvm::FunctionType::get(ciface->getReturnType(), {ptr}, false);
  auto *packed = llvm::Function::Create(
      type, llvm::GlobalValue::ExternalLinkage,
      "attnc_" + name + "_packed", module);
  packed->getArg(0)->setName("args");
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", packed));
  llvm::SmallVector<llvm::Value *> operands;
  for (auto [i, param] : llvm::enumerate(ciface->args())) {
    llvm::Value *slot = b.CreateConstGEP1_64(ptr, packed->getArg(0), i);
    llvm::Value *pointee = b.CreateLoad(ptr, slot);
    llvm::Type *paramType = param.getType();
    if (paramType->isPointerTy()) {
      operands.push_back(pointee); // a memref descriptor
      continue;
    }
    // The check flag arrives as an int32_t.
    llvm::Value *flag = b.CreateLoad(i32, pointee);
    operands.push_back(paramType->isIntegerTy(1)
                           ? b.CreateICmpNE(flag, b.getInt32(0))
                           : b.CreateSExtOrTrunc(flag, paramType));
  }
  b.CreateRet(b.CreateCall(ciface, operands));
}

static void addSignature(llvm::Module &module, const KernelInfo &kernel) {
  llvm::LLVMContext &ctx = module.getContext();
  auto *type = llvm::FunctionType::get(llvm::PointerType::getUnqual(ctx), false);
  auto *fn = llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage,
                                    "attnc_" + kernel.name + "_signature",
                                    module);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", fn));
  b.CreateRet(b.CreateGlobalString(kernel.signatureJson(),
                                   "attnc_" + kernel.name + "_signature_json"));
}

bool attnc::cpu::addEntryPoints(llvm::Module &module,
                                llvm::ArrayRef<KernelInfo> kernels,
                                std::string &error) {
  for (const KernelInfo &kernel : kernels) {
    llvm::Function *ciface = module.getFunction("_mlir_ciface_" + kernel.name);
    if (!ciface || ciface->isDeclaration()) {
      error = "kernel @" + kernel.name +
              " has no C interface function _mlir_ciface_" + kernel.name;
      return false;
    }
    size_t expected = kernel.args.size() + kernel.results.size() + 1;
    if (ciface->arg_size() != expected) {
      error = "kernel @" + kernel.name + ": _mlir_ciface_" + kernel.name +
              " takes " + std::to_string(ciface->arg_size()) +
              " parameters, expected " + std::to_string(expected);
      return false;
    }
    addPacked(module, ciface, kernel.name);
    addSignature(module, kernel);
  }
  return true;
}
