//===- RuntimeError.h - the message attnc_rt_last_error returns -*- C++ -*-===//
//
// Private to lib/Runtime: the argument checks (KernelRuntime.cpp) and the
// CUDA driver runtime (CudaRuntime.cpp) report through the same per-thread
// message, so a caller reads one attnc_rt_last_error() whatever failed.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_LIB_RUNTIME_RUNTIMEERROR_H
#define ATTNC_LIB_RUNTIME_RUNTIMEERROR_H

#include <string>

namespace attnc::rt {

/// Sets this thread's attnc_rt_last_error() message.
/// Sets the message attnc_rt_last_error returns (this thread). Hidden: a
/// kernel library exports only its C entry points.
__attribute__((visibility("hidden"))) void setLastError(std::string message);

} // namespace attnc::rt

#endif // ATTNC_LIB_RUNTIME_RUNTIMEERROR_H
