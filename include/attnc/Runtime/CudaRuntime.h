/*===- CudaRuntime.h - C API of the runtime of attnc GPU kernels -*- C -*-===*\
|*                                                                            *|
|* A compiled attnc GPU kernel library runs its kernels through the CUDA      *|
|* driver, which the runtime opens with dlopen("libcuda.so.1") at the first   *|
|* launch (ATTNC_LIBCUDA overrides the path). Loading the kernel library      *|
|* never touches the driver, so it loads on machines without a GPU. These     *|
|* are the calls a host program makes around a kernel function; the         *|
|* mgpu* functions the kernels call themselves are not meant for users.      *|
|* Errors: attnc_rt_last_error() (CheckRecord.h) says what failed.           *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef ATTNC_RUNTIME_CUDARUNTIME_H
#define ATTNC_RUNTIME_CUDARUNTIME_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Makes the kernel functions called on this thread run on `cuStream` (a
/// CUstream of the context current on this thread; NULL: the legacy default
/// stream, which is also the default). With `synchronize` nonzero (the
/// default) a kernel function waits for its stream before it returns, so its
/// outputs are ready; with 0 it returns once its work is queued, and the
/// caller synchronizes the stream itself. The runtime never destroys the
/// stream.
void attnc_cuda_set_stream(void *cuStream, int32_t synchronize);

/// 0 when no CUDA driver call failed on this thread since the last call of
/// this function; otherwise 2, and attnc_rt_last_error() names the first
/// failed call and the driver's error, e.g. "cuLaunchKernel failed:
/// CUDA_ERROR_INVALID_VALUE (invalid argument)". Reading clears the status.
int32_t attnc_cuda_launch_status(void);

/// Device memory of at least `bytes` for a kernel's workspace on the
/// current stream (see attnc_cuda_set_stream): allocated on first use, grown
/// when needed, reused by later launches. Null (and a launch status of 2)
/// when the allocation fails. Compiled kernels call it; callers need not.
void *attnc_cuda_workspace(int64_t bytes);

/// Device address of a TMA tensor map (CUtensorMap: 128-byte swizzle, zero
/// fill past the tensor) for the i64 request of TensorMapRequest.h, kept
/// per stream so that a call with unchanged operands copies nothing. Null
/// (and a launch status of 2) when the driver cannot encode it, e.g. for an
/// address or stride that is not a multiple of 16 bytes. Compiled sm_90a
/// kernels call it; callers need not.
void *attnc_cuda_tensor_map(const int64_t *request);
/// attnc_rt_check_attention for a record whose index operands live in device
/// memory: copies the operands the checks read (cu_seqlens, block_table,
/// context_lens, actual_seq_lengths, kv_padding_size, block-mask lists,
/// prompt_lens) to the host after synchronizing this thread's stream, then
/// runs the host checks. Same arguments (the expanded descriptor of the
/// memref<154xi64> record, itself in host memory) and results: 0 valid,
/// 1 invalid; 2 when a copy failed (a driver error, as above).
int32_t attnc_rt_check_attention_device(int64_t *allocated, int64_t *aligned,
                                        int64_t offset, int64_t size,
                                        int64_t stride);

#ifdef __cplusplus
}
#endif

#endif /* ATTNC_RUNTIME_CUDARUNTIME_H */
