//===- Link.cpp - linking kernel libraries with the C++ driver ------------===//
//
// The kernel runtime archives are found relative to the running binary
// (<prefix>/bin/attnc -> <prefix>/lib), so an installed attnc and the build
// tree both work without configuration; $ATTNC_RUNTIME_DIR or the option
// overrides that.
//
//===----------------------------------------------------------------------===//

#include "Link.h"

#include "Config.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"

using namespace attnc::cpu;

static constexpr llvm::StringLiteral kRuntimeArchive = "libAttncKernelRuntime.a";

/// The directory holding the runtime archives, or "" (with `error` listing
/// where it looked).
static std::string findRuntimeDir(llvm::StringRef requested,
                                  std::string &error) {
  llvm::SmallVector<std::string> candidates;
  std::optional<std::string> env =
      llvm::sys::Process::GetEnv("ATTNC_RUNTIME_DIR");
  // An explicit directory is the only candidate, so a wrong one is an error
  // rather than silently replaced.
  if (!requested.empty()) {
    candidates.push_back(requested.str());
  } else if (env && !env->empty()) {
    candidates.push_back(*env);
  } else {
    static int anchor;
    std::string exe = llvm::sys::fs::getMainExecutable(nullptr, &anchor);
    if (!exe.empty()) {
      llvm::SmallString<256> dir(llvm::sys::path::parent_path(
          llvm::sys::path::parent_path(exe)));
      llvm::sys::path::append(dir, "lib");
      candidates.push_back(dir.str().str());
    }
    candidates.push_back(ATTNC_INSTALL_LIBDIR);
  }
  for (const std::string &dir : candidates) {
    llvm::SmallString<256> path(dir);
    llvm::sys::path::append(path, kRuntimeArchive);
    if (llvm::sys::fs::exists(path))
      return dir;
  }
  error = "cannot find the kernel runtime " + kRuntimeArchive.str() + " in";
  for (const std::string &dir : candidates)
    error += " '" + dir + "'";
  error += " (set ATTNC_RUNTIME_DIR to the directory that holds it)";
  return "";
}

bool attnc::cpu::linkSharedLibrary(llvm::StringRef objectPath,
                                   llvm::StringRef outputPath, bool openmp,
                                   const CpuCompileOptions &options,
                                   std::string &error) {
  std::string runtimeDir = findRuntimeDir(options.runtimeLibraryDir, error);
  if (runtimeDir.empty())
    return false;
  std::string driver =
      options.linker.empty() ? ATTNC_LINKER_DRIVER : options.linker;
  if (!llvm::sys::path::is_absolute(driver)) {
    llvm::ErrorOr<std::string> found = llvm::sys::findProgramByName(driver);
    if (!found) {
      error = "cannot find the linker driver '" + driver + "'";
      return false;
    }
    driver = *found;
  }

  llvm::SmallVector<std::string> args = {
      driver, "-shared", "-o", outputPath.str(), objectPath.str(),
      // Programs linked against the library record its name, not the path
      // it was linked from.
      "-Wl,-soname," + llvm::sys::path::filename(outputPath).str(),
      "-L" + runtimeDir,
      // attnc_rt_last_error lives next to the check; keep it even in a
      // library whose kernels never check, since the header promises it.
      "-Wl,--undefined=attnc_rt_last_error"};
  if (options.cudaKernels) {
    // The launch path (mgpu* over a dlopen'ed libcuda.so.1) and the stream
    // and status functions the header promises.
    for (const char *arg :
         {"-Wl,--undefined=attnc_cuda_set_stream", "-lAttncCudaRuntime",
          "-ldl"})
      args.push_back(arg);
  }
  for (const char *arg : {"-lAttncKernelRuntime", "-lAttncRuntimeChecks",
                          "-lm",
      // The C++ checks stay private to the library; the C entry points
      // (attnc_*, _mlir_ciface_*) are its interface.
      "-Wl,--exclude-libs,libAttncRuntimeChecks.a",
      // Undefined symbols are link errors here, not dlopen errors later.
      "-Wl,-z,defs"})
    args.push_back(arg);
  if (openmp) {
    args.push_back("-fopenmp");
    // A libomp.so.5 shipped next to the library is found where the system
    // has none (the GPU machine cannot install packages).
    args.push_back("-Wl,-rpath,$ORIGIN");
  }
  if (ATTNC_LINKER_USE_LLD)
    args.push_back("-fuse-ld=lld");
  llvm::SmallVector<llvm::StringRef> argRefs(args.begin(), args.end());

  // The driver's stderr goes to a file so that it can be part of the error.
  llvm::SmallString<128> logPath;
  if (llvm::sys::fs::createTemporaryFile("attnc-link", "log", logPath)) {
    error = "cannot create a temporary file for the linker's messages";
    return false;
  }
  llvm::FileRemover removeLog(logPath);
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, std::nullopt,
                                                llvm::StringRef(logPath)};
  std::string execError;
  int rc = llvm::sys::ExecuteAndWait(driver, argRefs, std::nullopt, redirects,
                                     0, 0, &execError);
  if (rc == 0)
    return true;
  error = "linking '" + outputPath.str() + "' failed";
  if (!execError.empty())
    error += ": " + execError;
  if (auto log = llvm::MemoryBuffer::getFile(logPath))
    if (!(*log)->getBuffer().trim().empty())
      error += ":\n" + (*log)->getBuffer().trim().str();
  error += "\n(command:";
  for (const std::string &arg : args)
    error += " " + arg;
  error += ")";
  return false;
}
