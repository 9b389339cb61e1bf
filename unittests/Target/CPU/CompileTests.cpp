//===- CompileTests.cpp - the CPU back end as a library -------------------===//
//
// Kernels built from R"mlir" strings through compileToSharedLibrary, loaded
// with dlopen and called through their packed entries; the target, kernel
// collection and header generation on their own.
//
//===----------------------------------------------------------------------===//

#include "attnc/InitAll.h"
#include "attnc/Target/CPU/Compile.h"
#include "attnc/Target/CPU/Header.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"

#include <gtest/gtest.h>

#include <cmath>
#include <dlfcn.h>
#include <vector>

using namespace mlir;
using namespace attnc;

namespace {

class CpuCompileTest : public ::testing::Test {
protected:
  CpuCompileTest() {
    DialectRegistry registry;
    registerAllDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
    context.printOpOnDiagnostic(false);
    // Diagnostics go to `diagnostics` instead of stderr.
    context.getDiagEngine().registerHandler([this](Diagnostic &d) {
      diagnostics += d.str() + "\n";
    });
  }

  OwningOpRef<ModuleOp> parse(StringRef source) {
    return parseSourceString<ModuleOp>(source, &context);
  }

  /// Compiles `source` into a library and loads it (nullptr on failure).
  void *build(StringRef source) {
    OwningOpRef<ModuleOp> module = parse(source);
    if (!module)
      return nullptr;
    llvm::SmallString<128> path;
    if (llvm::sys::fs::createTemporaryFile("attnc-unittest", "so", path))
      return nullptr;
    llvm::FileRemover remove(path);
    cpu::CpuCompileOptions options;
    if (failed(cpu::compileToSharedLibrary(*module, options, path)))
      return nullptr;
    void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle)
      handles.push_back(handle);
    return handle;
  }

  ~CpuCompileTest() override {
    for (void *handle : handles)
      dlclose(handle);
  }

  MLIRContext context;
  std::string diagnostics;
  std::vector<void *> handles;
};

/// A rank-1 descriptor {allocated, aligned, offset, size, stride}.
struct Desc1 {
  void *allocated, *aligned;
  int64_t offset, size, stride;
};

/// Every fp8 byte, widened by a compiled kernel (scalar f32, and 8-wide
/// vectors to bf16), equals APFloat's exact value; NaN stays NaN.
void checkWidening(void *library, const char *entry,
                   const llvm::fltSemantics &fp8, const char *what) {
  ASSERT_NE(library, nullptr);
  auto packed =
      reinterpret_cast<int32_t (*)(void **)>(dlsym(library, entry));
  ASSERT_NE(packed, nullptr);
  std::vector<uint8_t> bytes(256);
  std::vector<float> wide(256, -7.0f);
  std::vector<uint16_t> narrow(256, 0);
  for (int i = 0; i < 256; ++i)
    bytes[i] = static_cast<uint8_t>(i);
  Desc1 in{bytes.data(), bytes.data(), 0, 256, 1};
  Desc1 out{wide.data(), wide.data(), 0, 256, 1};
  Desc1 outBf16{narrow.data(), narrow.data(), 0, 256, 1};
  int32_t flag = 0;
  void *args[] = {&in, &out, &outBf16, &flag};
  ASSERT_EQ(packed(args), 0);
  for (int i = 0; i < 256; ++i) {
    llvm::APFloat expected(fp8, llvm::APInt(8, i));
    bool lost;
    expected.convert(llvm::APFloat::IEEEsingle(),
                     llvm::APFloat::rmNearestTiesToEven, &lost);
    llvm::APFloat viaBf16(llvm::APFloat::BFloat(),
                          llvm::APInt(16, narrow[i]));
    viaBf16.convert(llvm::APFloat::IEEEsingle(),
                    llvm::APFloat::rmNearestTiesToEven, &lost);
    float want = expected.convertToFloat();
    if (std::isnan(want)) {
      EXPECT_TRUE(std::isnan(wide[i])) << what << " byte " << i;
      EXPECT_TRUE(viaBf16.isNaN()) << what << " byte " << i;
      continue;
    }
    EXPECT_EQ(wide[i], want) << what << " byte " << i;
    EXPECT_EQ(viaBf16.convertToFloat(), want) << what << " byte " << i;
  }
}

constexpr const char *kWidenTemplate = R"mlir(
func.func @widen(%in: memref<256xFP8>, %out: memref<256xf32>,
                 %bf: memref<256xbf16>, %check: i1) -> i32
    attributes {attn.kernel, attn.arg_roles = ["x"],
                attn.result_names = ["f32", "bf16"]} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c256 = arith.constant 256 : index
  scf.for %i = %c0 to %c256 step %c1 {
    %x = memref.load %in[%i] : memref<256xFP8>
    %y = arith.extf %x : FP8 to f32
    memref.store %y, %out[%i] : memref<256xf32>
  }
  scf.for %i = %c0 to %c256 step %c8 {
    %x = vector.load %in[%i] : memref<256xFP8>, vector<8xFP8>
    %y = arith.extf %x : vector<8xFP8> to vector<8xbf16>
    vector.store %y, %bf[%i] : memref<256xbf16>, vector<8xbf16>
  }
  %ok = arith.constant 0 : i32
  return %ok : i32
}
)mlir";

std::string widenKernel(StringRef fp8) {
  std::string text = kWidenTemplate;
  for (size_t at; (at = text.find("FP8")) != std::string::npos;)
    text.replace(at, 3, fp8.str());
  return text;
}

TEST_F(CpuCompileTest, WidensEveryE4M3FNByteExactly) {
  void *library = build(widenKernel("f8E4M3FN"));
  EXPECT_EQ(diagnostics, "");
  checkWidening(library, "attnc_widen_packed",
                llvm::APFloat::Float8E4M3FN(), "f8E4M3FN");
}

TEST_F(CpuCompileTest, WidensEveryE5M2ByteExactly) {
  void *library = build(widenKernel("f8E5M2"));
  EXPECT_EQ(diagnostics, "");
  checkWidening(library, "attnc_widen_packed", llvm::APFloat::Float8E5M2(),
                "f8E5M2");
}

TEST_F(CpuCompileTest, LibraryHasSignatureAndRuntime) {
  void *library = build(widenKernel("f8E5M2"));
  ASSERT_NE(library, nullptr);
  auto signature = reinterpret_cast<const char *(*)()>(
      dlsym(library, "attnc_widen_signature"));
  ASSERT_NE(signature, nullptr);
  EXPECT_STREQ(signature(),
               R"({"args":[{"role":"x","type":"256xf8E5M2"}],"name":"widen",)"
               R"("results":[{"name":"f32","type":"256xf32"},)"
               R"({"name":"bf16","type":"256xbf16"}]})");
  auto lastError = reinterpret_cast<const char *(*)()>(
      dlsym(library, "attnc_rt_last_error"));
  ASSERT_NE(lastError, nullptr);
  EXPECT_STREQ(lastError(), "");
}

TEST_F(CpuCompileTest, CollectsKernelsWithDefaultNames) {
  OwningOpRef<ModuleOp> module = parse(R"mlir(
    func.func @k(%a: memref<?x4xf16>, %b: memref<f32>, %r: memref<8xi8>,
                 %check: i1) -> i32
        attributes {attn.kernel, attn.result_names = ["out"],
                    attn.workspace_bytes = 64 : i64} {
      %ok = arith.constant 0 : i32
      return %ok : i32
    }
    func.func @not_a_kernel() { return }
  )mlir");
  ASSERT_TRUE(module);
  auto kernels = cpu::collectKernels(*module);
  ASSERT_TRUE(succeeded(kernels)) << diagnostics;
  ASSERT_EQ(kernels->size(), 1u);
  const cpu::KernelInfo &k = kernels->front();
  EXPECT_EQ(k.name, "k");
  ASSERT_EQ(k.args.size(), 2u);
  EXPECT_EQ(k.args[0].name, "arg0");
  EXPECT_EQ(k.args[0].type, "?x4xf16");
  EXPECT_EQ(k.args[1].type, "f32");
  EXPECT_EQ(k.args[1].rank, 0);
  ASSERT_EQ(k.results.size(), 1u);
  EXPECT_EQ(k.results[0].type, "8xi8");
  EXPECT_EQ(k.workspaceBytes, 64);
  EXPECT_EQ(k.signatureJson(),
            R"({"args":[{"role":"arg0","type":"?x4xf16"},)"
            R"({"role":"arg1","type":"f32"}],"name":"k",)"
            R"("results":[{"name":"out","type":"8xi8"}],"workspace_bytes":64})");
}

TEST_F(CpuCompileTest, RejectsKernelsThatBreakTheConvention) {
  OwningOpRef<ModuleOp> module = parse(R"mlir(
    func.func @k(%a: memref<4xf32>, %check: i1) -> f32
        attributes {attn.kernel, attn.arg_roles = ["q"]} {
      %z = arith.constant 0.0 : f32
      return %z : f32
    }
  )mlir");
  ASSERT_TRUE(module);
  EXPECT_TRUE(failed(cpu::collectKernels(*module)));
  EXPECT_NE(diagnostics.find("kernel @k: must return one i32 status, "
                             "returns 'f32'"),
            std::string::npos)
      << diagnostics;
}

TEST_F(CpuCompileTest, HeaderNamesEveryArgumentOnce) {
  cpu::KernelInfo k;
  k.name = "f";
  k.args = {{"k cache", "?x16x8x128xbf16", 4}, {"k cache", "?xi32", 1}};
  k.results = {{"out", "?x8x128xbf16", 3}};
  std::string text;
  llvm::raw_string_ostream os(text);
  cpu::emitKernelHeader({k}, "F_H", os);
  EXPECT_NE(text.find("attnc_memref_4d *k_cache,"), std::string::npos) << text;
  EXPECT_NE(text.find("attnc_memref_1d *k_cache_2,"), std::string::npos)
      << text;
  EXPECT_NE(text.find("attnc_memref_3d *out,"), std::string::npos) << text;
  EXPECT_EQ(text.find("attnc_memref_2d"), std::string::npos) << text;
  EXPECT_NE(text.find("int32_t attnc_f_packed(void **args);"),
            std::string::npos);
}

TEST(CpuTargetTest, ShorthandsChooseTheVectorWidth) {
  std::string error;
  auto avx2 = cpu::createCpuTarget({"avx2", 3}, error);
  ASSERT_TRUE(avx2) << error;
  EXPECT_EQ(avx2->cpu, "x86-64-v3");
  EXPECT_EQ(avx2->vectorBits, 256u);
  auto avx512 = cpu::createCpuTarget({"avx512", 2}, error);
  ASSERT_TRUE(avx512) << error;
  EXPECT_EQ(avx512->vectorBits, 512u);
  EXPECT_EQ(avx512->preferVectorWidth, 512u);
  auto sse = cpu::createCpuTarget({"x86-64", 0}, error);
  ASSERT_TRUE(sse) << error;
  EXPECT_EQ(sse->vectorBits, 128u);
  auto native = cpu::createCpuTarget({"native", 3}, error);
  ASSERT_TRUE(native) << error;
  EXPECT_FALSE(native->cpu.empty());
}

TEST(CpuTargetTest, RejectsUnknownCpu) {
  std::string error;
  EXPECT_FALSE(cpu::createCpuTarget({"pentium-x", 3}, error));
  EXPECT_NE(error.find("unknown CPU 'pentium-x'"), std::string::npos) << error;
}

} // namespace
