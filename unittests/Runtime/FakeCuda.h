//===- FakeCuda.h - controls of the fake libcuda the tests load -*- C++ -*-===//
//
// FakeCuda.cpp is a stand-in libcuda.so.1 (ATTNC_LIBCUDA points the runtime
// at it): it exports the driver entry points the runtime uses, logs each
// call with its arguments, keeps "device memory" in host memory, and fails
// calls on request. The tests reach these controls with dlsym on the same
// library.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_UNITTESTS_RUNTIME_FAKECUDA_H
#define ATTNC_UNITTESTS_RUNTIME_FAKECUDA_H

extern "C" {
/// Forgets the logged calls and pending failures. Contexts stay current:
/// they are per thread, as in the driver.
void fakeCudaReset();
/// The calls since the last reset, one per line, e.g.
/// "cuLaunchKernel fn=k grid=1,1,1 block=32,1,1 smem=0 stream=0".
const char *fakeCudaCalls();
/// Makes the next `times` calls of `function` (its exported name) return
/// `result` without doing anything.
void fakeCudaFail(const char *function, int result, int times);
}

#endif // ATTNC_UNITTESTS_RUNTIME_FAKECUDA_H
