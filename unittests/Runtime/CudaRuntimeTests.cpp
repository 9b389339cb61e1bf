//===- CudaRuntimeTests.cpp - the CUDA driver runtime on a fake driver ----===//
//
// Calls the mgpu* functions the way gpu-to-llvm's code does, with
// ATTNC_LIBCUDA pointing at FakeCuda.cpp, and checks the driver calls they
// make (the fake logs each one), the errors they report and the device-side
// argument checks. Tests about what happens before the driver is loaded run
// in a fresh process, since the runtime loads it once per process.
//
//===----------------------------------------------------------------------===//

#include "FakeCuda.h"

#include "attnc/Runtime/CheckRecord.h"
#include "attnc/Runtime/CudaRuntime.h"
#include "attnc/Runtime/TensorMapRequest.h"

#include <cuda.h>
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <initializer_list>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace rec = attnc::rt::record;

// The runtime's entry points as gpu-to-llvm declares them.
extern "C" {
void *mgpuModuleLoad(void *data, int64_t size);
void *mgpuModuleLoadJIT(void *data, int32_t optLevel);
void mgpuModuleUnload(void *module);
void *mgpuModuleGetFunction(void *module, const char *name);
void mgpuLaunchKernel(void *function, int64_t gx, int64_t gy, int64_t gz,
                      int64_t bx, int64_t by, int64_t bz, int32_t smem,
                      void *stream, void **params, void **extra,
                      int64_t paramsCount);
void mgpuSetDefaultDevice(int32_t device);
void *mgpuStreamCreate();
void mgpuStreamDestroy(void *stream);
void mgpuStreamSynchronize(void *stream);
void mgpuStreamWaitEvent(void *stream, void *event);
void *mgpuEventCreate();
void mgpuEventDestroy(void *event);
void mgpuEventSynchronize(void *event);
void mgpuEventRecord(void *event, void *stream);
void *mgpuMemAlloc(uint64_t sizeBytes, void *stream, bool isHostShared);
void mgpuMemFree(void *pointer, void *stream);
void mgpuMemcpy(void *dst, void *src, uint64_t sizeBytes, void *stream);
void mgpuMemset32(void *dst, uint32_t value, uint64_t count, void *stream);
void mgpuMemset16(void *dst, uint16_t value, uint64_t count, void *stream);
}

namespace {

// The runtime opens the driver lazily, so this is early enough.
const bool fakeDriverChosen = [] {
  return setenv("ATTNC_LIBCUDA", ATTNC_FAKE_LIBCUDA, 1) == 0;
}();

/// The fake driver's controls (FakeCuda.h). Opening it loads it: tests about
/// the runtime loading the driver check first.
struct Fake {
  decltype(&fakeCudaReset) reset;
  decltype(&fakeCudaFail) fail;
  decltype(&fakeCudaCalls) log;

  static Fake &get() {
    static Fake fake = [] {
      void *library = dlopen(ATTNC_FAKE_LIBCUDA, RTLD_NOW);
      if (!library) {
        std::fprintf(stderr, "cannot open the fake driver: %s\n", dlerror());
        std::abort();
      }
      Fake f;
      f.reset =
          reinterpret_cast<decltype(f.reset)>(dlsym(library, "fakeCudaReset"));
      f.fail =
          reinterpret_cast<decltype(f.fail)>(dlsym(library, "fakeCudaFail"));
      f.log =
          reinterpret_cast<decltype(f.log)>(dlsym(library, "fakeCudaCalls"));
      return f;
    }();
    return fake;
  }

  /// The calls since the last reset, without the cuCtxGetCurrent queries
  /// every entry point makes.
  std::vector<std::string> calls() const {
    std::vector<std::string> result;
    std::istringstream in(log());
    for (std::string line; std::getline(in, line);)
      if (line != "cuCtxGetCurrent")
        result.push_back(line);
    return result;
  }
};

using Calls = std::vector<std::string>;

/// A pointer as the fake logs it.
std::string hex(const void *p) {
  char buffer[32];
  std::snprintf(
      buffer, sizeof(buffer), "%#llx",
      static_cast<unsigned long long>(reinterpret_cast<uintptr_t>(p)));
  return buffer;
}

std::string lastError() { return attnc_rt_last_error(); }

/// An image as the kernel library holds it (the fake reads C strings).
void *image(const char *text) { return const_cast<char *>(text); }

void launch(void *function, int32_t smem = 0, void *stream = nullptr) {
  mgpuLaunchKernel(function, 2, 1, 1, 128, 1, 1, smem, stream, nullptr, nullptr,
                   0);
}

/// Runs `body` in a fresh process (this test binary re-executed for this
/// test alone), where the runtime has loaded no driver yet. `body` returns
/// "" or what went wrong, which the failure then shows.
void expectInFreshProcess(const std::function<std::string()> &body) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        std::string why = body();
        std::fprintf(stderr, "%s\n", why.c_str());
        std::_Exit(why.empty() ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

std::string joined(const Calls &calls) {
  std::string s;
  for (const std::string &c : calls)
    s += "\n  " + c;
  return s;
}

//===----------------------------------------------------------------------===//
// Loading the driver (fresh processes)
//===----------------------------------------------------------------------===//

TEST(CudaDriverLoadTest, KernelLibraryLoadLeavesTheDriverAloneUntilFirstUse) {
  expectInFreshProcess([]() -> std::string {
    void *module = mgpuModuleLoad(image("fatbin-first"), 13);
    if (dlopen(ATTNC_FAKE_LIBCUDA, RTLD_NOW | RTLD_NOLOAD))
      return "mgpuModuleLoad opened the driver";
    void *function = mgpuModuleGetFunction(module, "k");
    if (!function)
      return "mgpuModuleGetFunction failed: " + lastError();
    Calls expected = {"cuInit 0",
                      "cuDeviceGet 0",
                      "cuDevicePrimaryCtxRetain 0",
                      "cuCtxSetCurrent device0",
                      "cuModuleLoadDataEx fatbin-first ctx=device0 options=2",
                      "cuModuleGetFunction fatbin-first k"};
    Fake &fake = Fake::get();
    if (fake.calls() != expected)
      return "first use made the calls:" + joined(fake.calls());
    fake.reset();
    if (mgpuModuleGetFunction(module, "k") != function || !fake.calls().empty())
      return "second use was no cache hit:" + joined(fake.calls());
    return "";
  });
}

TEST(CudaDriverLoadTest, MissingDriverIsAClearError) {
  expectInFreshProcess([]() -> std::string {
    setenv("ATTNC_LIBCUDA", "/nonexistent/libcuda.so.1", 1);
    void *module = mgpuModuleLoad(image("fatbin"), 7);
    std::string expected = "attnc CUDA runtime: cannot load the CUDA driver "
                           "'/nonexistent/libcuda.so.1' (set by "
                           "ATTNC_LIBCUDA): /nonexistent/libcuda.so.1: "
                           "cannot open shared object file";
    if (mgpuModuleGetFunction(module, "k"))
      return "got a function without a driver";
    if (attnc_cuda_launch_status() != 2)
      return "status is not 2";
    if (lastError().rfind(expected, 0) != 0)
      return "message: " + lastError();
    if (attnc_cuda_launch_status() != 0)
      return "status was not cleared";
    // Every later call says the same, and none crashes.
    launch(nullptr);
    mgpuStreamSynchronize(mgpuStreamCreate());
    if (mgpuMemAlloc(64, nullptr, false))
      return "allocated without a driver";
    if (attnc_cuda_launch_status() != 2 || lastError().rfind(expected, 0) != 0)
      return "later calls: " + lastError();
    mgpuModuleUnload(module);
    return "";
  });
}

TEST(CudaDriverLoadTest, DriverWithoutDeviceFailsOnce) {
  expectInFreshProcess([]() -> std::string {
    Fake &fake = Fake::get(); // loaded first, to make cuInit fail
    fake.fail("cuInit", CUDA_ERROR_NO_DEVICE, 1);
    void *module = mgpuModuleLoad(image("fatbin"), 7);
    std::string expected =
        "cuInit failed: CUDA_ERROR_NO_DEVICE (no CUDA-capable device is "
        "detected)";
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (mgpuModuleGetFunction(module, "k") ||
          attnc_cuda_launch_status() != 2 || lastError() != expected)
        return "attempt " + std::to_string(attempt) + ": " + lastError();
    }
    if (fake.calls() != Calls{"cuInit 0"})
      return "calls:" + joined(fake.calls());
    return "";
  });
}

TEST(CudaDriverLoadTest, DefaultDeviceGivesItsPrimaryContextOnce) {
  // Fresh: the runtime retains each device's primary context once per
  // process.
  expectInFreshProcess([]() -> std::string {
    void *module = mgpuModuleLoad(image("fatbin-device"), 14);
    if (!mgpuModuleGetFunction(module, "k"))
      return lastError();
    Fake &fake = Fake::get();
    fake.reset();
    for (int thread = 0; thread < 2; ++thread)
      std::thread([&] {
        mgpuSetDefaultDevice(3);
        mgpuModuleGetFunction(module, "k");
      }).join();
    // The image is loaded into that context too, once.
    Calls expected = {"cuDeviceGet 3",
                      "cuDevicePrimaryCtxRetain 3",
                      "cuCtxSetCurrent device3",
                      "cuModuleLoadDataEx fatbin-device ctx=device3 options=2",
                      "cuModuleGetFunction fatbin-device k",
                      "cuCtxSetCurrent device3"};
    if (fake.calls() != expected)
      return "calls:" + joined(fake.calls());
    return "";
  });
}

TEST(CudaDriverLoadTest, WorkspacePoolKeepsItsMemoryAndIsCreatedOnce) {
  expectInFreshProcess([]() -> std::string {
    mgpuStreamSynchronize(nullptr); // loads the driver, makes a context
    Fake &fake = Fake::get();
    fake.reset();
    for (int i = 0; i < 2; ++i)
      mgpuMemFree(mgpuMemAlloc(64, nullptr, false), nullptr);
    std::string type = std::to_string(CU_MEM_ALLOCATION_TYPE_PINNED);
    std::string where = std::to_string(CU_MEM_LOCATION_TYPE_DEVICE) + ":0";
    Calls expected = {"cuCtxGetDevice",
                      "cuMemPoolCreate type=" + type + " location=" + where,
                      "cuMemPoolSetAttribute pool0 " +
                          std::to_string(CU_MEMPOOL_ATTR_RELEASE_THRESHOLD) +
                          "=" + std::to_string(~cuuint64_t(0)),
                      "cuMemAllocFromPoolAsync 64 pool0 0",
                      "cuMemFreeAsync 0",
                      "cuMemAllocFromPoolAsync 64 pool0 0",
                      "cuMemFreeAsync 0"};
    if (fake.calls() != expected || attnc_cuda_launch_status() != 0)
      return "calls:" + joined(fake.calls()) + "\n" + lastError();
    return "";
  });
}

//===----------------------------------------------------------------------===//
// Modules, functions and launches
//===----------------------------------------------------------------------===//

struct CudaRuntimeTest : ::testing::Test {
  Fake &fake = Fake::get();

  void SetUp() override {
    mgpuSetDefaultDevice(0);
    attnc_cuda_set_stream(nullptr, 1);
    // Load the driver and make a context current on this thread, so that
    // each test sees only its own calls.
    mgpuStreamSynchronize(nullptr);
    ASSERT_EQ(attnc_cuda_launch_status(), 0) << lastError();
    fake.reset();
  }

  /// Runs `body` on a new thread (no context current there, default stream).
  static void onNewThread(const std::function<void()> &body) {
    std::thread thread(body);
    thread.join();
  }
};

TEST_F(CudaRuntimeTest, FunctionsAreCachedPerModuleAndContext) {
  void *module = mgpuModuleLoad(image("fatbin-cache"), 13);
  EXPECT_TRUE(fake.calls().empty());
  void *k = mgpuModuleGetFunction(module, "k");
  ASSERT_NE(k, nullptr) << lastError();
  EXPECT_EQ(fake.calls(),
            (Calls{"cuModuleLoadDataEx fatbin-cache ctx=device0 options=2",
                   "cuModuleGetFunction fatbin-cache k"}));
  fake.reset();
  EXPECT_EQ(mgpuModuleGetFunction(module, "k"), k);
  EXPECT_NE(mgpuModuleGetFunction(module, "k2"), k);
  EXPECT_EQ(fake.calls(), Calls{"cuModuleGetFunction fatbin-cache k2"});
  // Another thread makes the same primary context current: same module.
  fake.reset();
  void *other = nullptr;
  onNewThread([&] { other = mgpuModuleGetFunction(module, "k"); });
  EXPECT_EQ(other, k);
  EXPECT_EQ(fake.calls(), Calls{"cuCtxSetCurrent device0"});
  // Unloading runs at exit, after the driver's teardown: no driver calls.
  fake.reset();
  mgpuModuleUnload(module);
  EXPECT_TRUE(fake.calls().empty()) << joined(fake.calls());
  EXPECT_EQ(attnc_cuda_launch_status(), 0) << lastError();
}

TEST_F(CudaRuntimeTest, PtxIsCompiledByTheDriverWithItsLog) {
  void *ptx = mgpuModuleLoadJIT(image("ptx-ok"), 3);
  ASSERT_NE(mgpuModuleGetFunction(ptx, "k"), nullptr) << lastError();
  EXPECT_EQ(fake.calls()[0],
            "cuModuleLoadDataEx ptx-ok ctx=device0 options=3 O3");
  void *bad = mgpuModuleLoadJIT(image("bad-ptx"), 2);
  EXPECT_EQ(mgpuModuleGetFunction(bad, "k"), nullptr);
  EXPECT_EQ(attnc_cuda_launch_status(), 2);
  EXPECT_EQ(lastError(), "cuModuleLoadDataEx failed: CUDA_ERROR_INVALID_PTX "
                         "(a PTX JIT compilation failed): ptxas: line 1: "
                         "syntax error");
}

TEST_F(CudaRuntimeTest, DynamicSharedMemoryOptsInOncePerFunctionAndSize) {
  void *module = mgpuModuleLoad(image("fatbin-smem"), 12);
  void *big = mgpuModuleGetFunction(module, "big");
  void *other = mgpuModuleGetFunction(module, "other");
  fake.reset();
  launch(big, 48 * 1024);
  launch(big, 64 * 1024);
  launch(big, 64 * 1024);
  launch(big, 32 * 1024);
  launch(big, 100 * 1024);
  launch(other, 64 * 1024);
  std::string grid = " grid=2,1,1 block=128,1,1 smem=";
  EXPECT_EQ(fake.calls(),
            (Calls{"cuFuncSetAttribute big attr=8 value=49152",
                   "cuLaunchKernel big" + grid + "49152 stream=0",
                   "cuFuncSetAttribute big attr=8 value=65536",
                   "cuLaunchKernel big" + grid + "65536 stream=0",
                   "cuLaunchKernel big" + grid + "65536 stream=0",
                   "cuLaunchKernel big" + grid + "32768 stream=0",
                   "cuFuncSetAttribute big attr=8 value=102400",
                   "cuLaunchKernel big" + grid + "102400 stream=0",
                   "cuFuncSetAttribute other attr=8 value=65536",
                   "cuLaunchKernel other" + grid + "65536 stream=0"}));
  EXPECT_EQ(attnc_cuda_launch_status(), 0) << lastError();
}

TEST_F(CudaRuntimeTest, FailedLaunchSetsStatusAndMessageUntilRead) {
  void *module = mgpuModuleLoad(image("fatbin-fail"), 12);
  void *k = mgpuModuleGetFunction(module, "k");
  fake.fail("cuLaunchKernel", CUDA_ERROR_INVALID_VALUE, 1);
  launch(k);
  // Per thread: another thread saw no failure.
  int32_t otherStatus = -1;
  onNewThread([&] { otherStatus = attnc_cuda_launch_status(); });
  EXPECT_EQ(otherStatus, 0);
  EXPECT_EQ(attnc_cuda_launch_status(), 2);
  EXPECT_EQ(
      lastError(),
      "cuLaunchKernel failed: CUDA_ERROR_INVALID_VALUE (invalid argument)");
  EXPECT_EQ(attnc_cuda_launch_status(), 0);
  launch(k);
  EXPECT_EQ(attnc_cuda_launch_status(), 0);
  // The first failure is the one reported: later ones follow from it.
  fake.fail("cuEventCreate", CUDA_ERROR_OUT_OF_MEMORY, 1);
  fake.fail("cuLaunchKernel", CUDA_ERROR_LAUNCH_FAILED, 1);
  EXPECT_EQ(mgpuEventCreate(), nullptr);
  launch(k);
  EXPECT_EQ(attnc_cuda_launch_status(), 2);
  EXPECT_EQ(lastError(),
            "cuEventCreate failed: CUDA_ERROR_OUT_OF_MEMORY (out of memory)");
}

TEST_F(CudaRuntimeTest, UnknownKernelIsReportedAndNotLaunched) {
  void *module = mgpuModuleLoad(image("fatbin-missing"), 15);
  void *missing = mgpuModuleGetFunction(module, "missing_kernel");
  EXPECT_EQ(missing, nullptr);
  launch(missing);
  EXPECT_EQ(attnc_cuda_launch_status(), 2);
  EXPECT_EQ(lastError(), "cuModuleGetFunction failed: CUDA_ERROR_NOT_FOUND "
                         "(named symbol not found) for kernel "
                         "'missing_kernel'");
  for (const std::string &call : fake.calls())
    EXPECT_EQ(call.find("cuLaunchKernel"), std::string::npos);
  launch(missing);
  EXPECT_EQ(attnc_cuda_launch_status(), 2);
  EXPECT_EQ(lastError(), "mgpuLaunchKernel: no kernel function to launch");
}

//===----------------------------------------------------------------------===//
// Streams, events and memory
//===----------------------------------------------------------------------===//

TEST_F(CudaRuntimeTest, StreamsAreTheCallersAndSynchronizeOnRequest) {
  void *k = mgpuModuleGetFunction(mgpuModuleLoad(image("fatbin-s"), 9), "k");
  fake.reset();
  // Default: the legacy default stream, synchronized.
  void *stream = mgpuStreamCreate();
  EXPECT_EQ(stream, nullptr);
  mgpuStreamSynchronize(stream);
  mgpuStreamDestroy(stream);
  EXPECT_EQ(fake.calls(), Calls{"cuStreamSynchronize 0"});
  // The caller's stream, not synchronized, never destroyed.
  void *user = reinterpret_cast<void *>(0x5150);
  attnc_cuda_set_stream(user, 0);
  fake.reset();
  stream = mgpuStreamCreate();
  EXPECT_EQ(stream, user);
  launch(k, 0, stream);
  mgpuStreamSynchronize(stream);
  mgpuStreamDestroy(stream);
  EXPECT_EQ(fake.calls(),
            Calls{"cuLaunchKernel k grid=2,1,1 block=128,1,1 smem=0 "
                  "stream=0x5150"});
  // Per thread.
  void *otherStream = user;
  onNewThread([&] { otherStream = mgpuStreamCreate(); });
  EXPECT_EQ(otherStream, nullptr);
  attnc_cuda_set_stream(user, 1);
  fake.reset();
  mgpuStreamSynchronize(mgpuStreamCreate());
  EXPECT_EQ(fake.calls(), Calls{"cuStreamSynchronize 0x5150"});
  EXPECT_EQ(attnc_cuda_launch_status(), 0) << lastError();
}

TEST_F(CudaRuntimeTest, MemoryAndEventsAreStreamOrdered) {
  void *stream = reinterpret_cast<void *>(0x77);
  std::string s = hex(stream);
  // The pool is made once per process (WorkspacePoolKeepsItsMemory...).
  mgpuMemFree(mgpuMemAlloc(1, stream, false), stream);
  fake.reset();
  std::vector<uint32_t> host(16, 0);
  void *device = mgpuMemAlloc(64, stream, false);
  ASSERT_NE(device, nullptr) << lastError();
  mgpuMemset32(device, 7, 16, stream);
  mgpuMemcpy(host.data(), device, 64, stream);
  EXPECT_EQ(host, std::vector<uint32_t>(16, 7));
  mgpuMemset16(device, 0x0101, 32, stream);
  mgpuMemcpy(host.data(), device, 64, stream);
  EXPECT_EQ(host, std::vector<uint32_t>(16, 0x01010101));
  void *event = mgpuEventCreate();
  mgpuEventRecord(event, stream);
  mgpuStreamWaitEvent(stream, event);
  mgpuEventSynchronize(event);
  std::string e = hex(event);
  mgpuEventDestroy(event);
  mgpuMemFree(device, stream);
  void *shared = mgpuMemAlloc(32, stream, true);
  mgpuMemFree(shared, stream);
  EXPECT_EQ(mgpuMemAlloc(0, stream, false), nullptr);
  mgpuMemFree(nullptr, stream);
  EXPECT_EQ(
      fake.calls(),
      (Calls{"cuMemAllocFromPoolAsync 64 pool0 " + s,
             "cuMemsetD32Async 7 16 " + s, "cuMemcpyAsync 64 " + s,
             "cuMemsetD16Async 257 32 " + s, "cuMemcpyAsync 64 " + s,
             "cuEventCreate 2", "cuEventRecord " + e + " " + s,
             "cuStreamWaitEvent " + s + " " + e + " 0",
             "cuEventSynchronize " + e, "cuEventDestroy_v2 " + e,
             "cuMemFreeAsync " + s, "cuMemAllocManaged 32 1", "cuMemFree_v2"}));
  EXPECT_EQ(attnc_cuda_launch_status(), 0) << lastError();
}

/// A request for K of [T = 1000, Hkv = 8, D = 128] bf16 at `address`, boxes
/// of 64 columns by 128 rows.
std::array<int64_t, attnc::rt::tensormap::kNumWords>
varlenKeyRequest(int64_t address) {
  namespace tm = attnc::rt::tensormap;
  std::array<int64_t, tm::kNumWords> r{};
  r[tm::kAddress] = address;
  r[tm::kElementBytes] = 2;
  r[tm::kRank] = 3;
  int64_t sizes[] = {128, 8, 1000}, strides[] = {2, 256, 2048},
          box[] = {64, 1, 128};
  for (int i = 0; i < 3; ++i) {
    r[tm::kSizes + i] = sizes[i];
    r[tm::kStrides + i] = strides[i];
    r[tm::kBox + i] = box[i];
  }
  return r;
}

TEST_F(CudaRuntimeTest, TensorMapsAreEncodedAndCopiedOncePerStream) {
  void *stream = reinterpret_cast<void *>(0x99);
  std::string s = hex(stream);
  attnc_cuda_set_stream(stream, 1);
  mgpuMemFree(mgpuMemAlloc(1, stream, false), stream); // the pool exists
  fake.reset();
  auto first = varlenKeyRequest(0x10000);
  void *map = attnc_cuda_tensor_map(first.data());
  ASSERT_NE(map, nullptr) << lastError();
  std::string encode = "cuTensorMapEncodeTiled 3 0x10000 128 8 1000 / 256 "
                       "2048 / 64 1 128";
  EXPECT_EQ(fake.calls(),
            (Calls{"cuMemAllocFromPoolAsync 8192 pool0 " + s, encode,
                   "cuMemcpyHtoDAsync_v2 128 " + s}));
  // The same operand again: the map is where it was, nothing is copied.
  fake.reset();
  EXPECT_EQ(attnc_cuda_tensor_map(first.data()), map);
  EXPECT_EQ(fake.calls(), Calls{encode});
  // Another address: another slot.
  fake.reset();
  auto second = varlenKeyRequest(0x20000);
  void *other = attnc_cuda_tensor_map(second.data());
  EXPECT_NE(other, map);
  EXPECT_EQ(fake.calls().back(), "cuMemcpyHtoDAsync_v2 128 " + s);
  EXPECT_EQ(attnc_cuda_launch_status(), 0) << lastError();
  attnc_cuda_set_stream(nullptr, 1);
}

TEST_F(CudaRuntimeTest, TensorMapsTheDriverRefusesAreReported) {
  namespace tm = attnc::rt::tensormap;
  auto request = varlenKeyRequest(0x10008);
  fake.fail("cuTensorMapEncodeTiled", CUDA_ERROR_INVALID_VALUE, 1);
  EXPECT_EQ(attnc_cuda_tensor_map(request.data()), nullptr);
  EXPECT_EQ(attnc_cuda_launch_status(), 2);
  EXPECT_NE(lastError().find("cuTensorMapEncodeTiled failed: "
                             "CUDA_ERROR_INVALID_VALUE"),
            std::string::npos)
      << lastError();
  EXPECT_NE(lastError().find("16-byte aligned address"), std::string::npos);
  // A strided innermost dimension is refused before the driver sees it.
  request[tm::kStrides] = 4;
  fake.reset();
  EXPECT_EQ(attnc_cuda_tensor_map(request.data()), nullptr);
  EXPECT_EQ(attnc_cuda_launch_status(), 2);
  EXPECT_NE(lastError().find("innermost dimension must be contiguous"),
            std::string::npos)
      << lastError();
  request[tm::kRank] = 6;
  EXPECT_EQ(attnc_cuda_tensor_map(request.data()), nullptr);
  EXPECT_EQ(attnc_cuda_launch_status(), 2);
  EXPECT_NE(lastError().find("rank 6"), std::string::npos) << lastError();
}

TEST_F(CudaRuntimeTest, EmptyTensorGetsAValidMapOfOneElement) {
  namespace tm = attnc::rt::tensormap;
  auto request = varlenKeyRequest(0);
  request[tm::kSizes + 2] = 0; // no tokens, no address
  EXPECT_NE(attnc_cuda_tensor_map(request.data()), nullptr) << lastError();
  std::vector<std::string> calls = fake.calls();
  auto encode = std::find_if(calls.begin(), calls.end(), [](auto &c) {
    return c.rfind("cuTensorMapEncodeTiled", 0) == 0;
  });
  ASSERT_NE(encode, calls.end());
  EXPECT_NE(encode->find(" 1 1 1 / 16 16 / 64 1 128"), std::string::npos)
      << *encode;
  EXPECT_EQ(encode->find(" 0x0 "), std::string::npos) << *encode;
  EXPECT_EQ(attnc_cuda_launch_status(), 0) << lastError();
}

//===----------------------------------------------------------------------===//
// Argument checks of device operands
//===----------------------------------------------------------------------===//

/// A check record: header words, then slots (absent until set). Operands
/// the checks read only by shape get an address nothing may read.
struct Record {
  std::array<int64_t, rec::kNumWords> words;

  Record(int64_t family, int64_t layout) {
    words.fill(0);
    words[rec::kFamily] = family;
    words[rec::kLayout] = layout;
    words[rec::kNumQHeads] = 4;
    words[rec::kNumKvHeads] = 2;
    words[rec::kHeadDim] = words[rec::kHeadDimV] = 8;
    for (int64_t s = 0; s < rec::kNumSlots; ++s)
      words[rec::slotWord(s, rec::kRank)] = -1;
  }
  Record &set(rec::Slot slot, std::initializer_list<int64_t> dims,
              const void *data = reinterpret_cast<const void *>(0x10)) {
    words[rec::slotWord(slot, rec::kRank)] = dims.size();
    words[rec::slotWord(slot, rec::kData)] =
        static_cast<int64_t>(reinterpret_cast<intptr_t>(data));
    int64_t i = 0;
    for (int64_t d : dims)
      words[rec::slotWord(slot, rec::kDim0 + i++)] = d;
    return *this;
  }
  int32_t checkOnDevice() {
    return attnc_rt_check_attention_device(words.data(), words.data(), 0,
                                           rec::kNumWords, 1);
  }
  int32_t checkOnHost() {
    return attnc_rt_check_attention(words.data(), words.data(), 0,
                                    rec::kNumWords, 1);
  }
};

/// "cuMemcpyDtoH_v2 <address> <bytes>" for a copy of `values`.
template <typename T> std::string copyOf(const std::vector<T> &values) {
  return "cuMemcpyDtoH_v2 " + hex(values.data()) + " " +
         std::to_string(values.size() * sizeof(T));
}

struct DeviceCheckTest : CudaRuntimeTest {
  void *stream = reinterpret_cast<void *>(0x5eed);
  std::vector<int32_t> cuQ = {0, 2, 2, 5}, cuK = {0, 3, 3, 7};

  void SetUp() override {
    CudaRuntimeTest::SetUp();
    attnc_cuda_set_stream(stream, 0);
  }
  Record varlen() {
    Record r(0, 0);
    r.set(rec::kQ, {5, 4, 8}).set(rec::kK, {7, 2, 8}).set(rec::kV, {7, 2, 8});
    r.set(rec::kCuSeqlensQ, {4}, cuQ.data());
    r.set(rec::kCuSeqlensK, {4}, cuK.data());
    return r;
  }
  /// The device check's result and message equal the host check's.
  void expectSameAsHost(Record r, int32_t expected) {
    int32_t onDevice = r.checkOnDevice();
    std::string deviceMessage = lastError();
    EXPECT_EQ(onDevice, expected) << deviceMessage;
    EXPECT_EQ(r.checkOnHost(), expected);
    EXPECT_EQ(deviceMessage, lastError());
  }
};

TEST_F(DeviceCheckTest, CopiesIndexOperandsAfterSynchronizing) {
  expectSameAsHost(varlen(), 0);
  EXPECT_EQ(fake.calls(), (Calls{"cuStreamSynchronize " + hex(stream),
                                 copyOf(cuQ), copyOf(cuK)}));
}

TEST_F(DeviceCheckTest, ReportsBadOffsetsLikeTheHostCheck) {
  cuQ[3] = 6;
  expectSameAsHost(varlen(), 1);
  EXPECT_EQ(lastError(), "cu_seqlens_q: sequence 2: cu_seqlens_q[3] = 6 is "
                         "not the packed row count 5");
  EXPECT_EQ(attnc_cuda_launch_status(), 0);
}

TEST_F(DeviceCheckTest, CopiesEveryIndexOperandItsChecksRead) {
  // Dense bnsd, B = 2, Sq = 3, Skv = 5, block masks of 2x2 and prompt_lens.
  std::vector<int32_t> lens = {5, 2}, prompt = {1, 1};
  std::vector<int64_t> padding = {0};
  std::vector<int32_t> num = {1, 2}, idx = {0, 9, 1, 2};
  std::vector<int32_t> fullNum = {0, 1}, fullIdx = {0, 0, 0, 0};
  Record r(2, 0);
  r.set(rec::kQ, {2, 4, 3, 8}).set(rec::kK, {2, 2, 5, 8});
  r.set(rec::kV, {2, 2, 5, 8}).set(rec::kBias, {1, 4, 3, 5});
  r.set(rec::kActualSeqLengths, {2}, lens.data());
  r.set(rec::kKvPaddingSize, {}, padding.data());
  r.words[rec::kSparsity] = 1;
  r.words[rec::kBlockQ] = r.words[rec::kBlockK] = 2;
  r.set(rec::kKvNumBlocks, {1, 1, 2}, num.data());
  r.set(rec::kKvIndices, {1, 1, 2, 2}, idx.data());
  r.set(rec::kFullKvNumBlocks, {1, 1, 2}, fullNum.data());
  r.set(rec::kFullKvIndices, {1, 1, 2, 2}, fullIdx.data());
  r.set(rec::kPromptLens, {2}, prompt.data());
  expectSameAsHost(r, 0);
  EXPECT_EQ(fake.calls(),
            (Calls{"cuStreamSynchronize " + hex(stream), copyOf(lens),
                   copyOf(padding), copyOf(num), copyOf(idx), copyOf(fullNum),
                   copyOf(fullIdx), copyOf(prompt)}));
  idx[2] = 3;
  expectSameAsHost(r, 1);
  EXPECT_EQ(lastError(), "kv_indices: all sequences: kv_indices[0, 0, 1, 0] = "
                         "3 is outside [0, 3) (key blocks of 2 for the "
                         "longest sequence)");
  padding[0] = -1;
  expectSameAsHost(r, 1);
  EXPECT_EQ(lastError(), "kv_padding_size: -1 is negative");
}

TEST_F(DeviceCheckTest, PagedBlockTableAndContextLengths) {
  std::vector<int32_t> table = {3, 1, 999, 0, -7, 12345}, lens = {3, 1};
  Record r(1, 0);
  r.set(rec::kQ, {2, 4, 8}).set(rec::kK, {4, 2, 2, 8});
  r.set(rec::kV, {4, 2, 2, 8});
  r.set(rec::kBlockTable, {2, 3}, table.data());
  r.set(rec::kContextLens, {2}, lens.data());
  expectSameAsHost(r, 0);
  EXPECT_EQ(fake.calls(), (Calls{"cuStreamSynchronize " + hex(stream),
                                 copyOf(table), copyOf(lens)}));
  table[1] = 4;
  expectSameAsHost(r, 1);
  EXPECT_EQ(lastError(), "block_table: sequence 0: block_table[0, 1] = 4 is "
                         "outside [0, 4) (the cache has 4 pages)");
}

TEST_F(DeviceCheckTest, FailedCopyIsADriverError) {
  fake.fail("cuMemcpyDtoH_v2", CUDA_ERROR_INVALID_VALUE, 1);
  EXPECT_EQ(varlen().checkOnDevice(), 2);
  EXPECT_EQ(lastError(), "cuMemcpyDtoH failed: CUDA_ERROR_INVALID_VALUE "
                         "(invalid argument) copying cu_seqlens_q to the "
                         "host for the argument checks");
  EXPECT_EQ(attnc_cuda_launch_status(), 2);
  EXPECT_EQ(attnc_cuda_launch_status(), 0);
}

TEST_F(DeviceCheckTest, MalformedRecordIsReportedWithoutCopies) {
  Record r = varlen();
  r.words[rec::slotWord(rec::kCuSeqlensK, rec::kRank)] = 7;
  EXPECT_EQ(r.checkOnDevice(), 1);
  EXPECT_EQ(lastError(), "check record: cu_seqlens_k: bad rank 7");
  EXPECT_EQ(
      attnc_rt_check_attention_device(r.words.data(), r.words.data(), 0, 10, 1),
      1);
  EXPECT_EQ(lastError(), "check record: 10 words with stride 1, expected 154 "
                         "contiguous words");
  EXPECT_TRUE(fake.calls().empty()) << joined(fake.calls());
}

} // namespace
