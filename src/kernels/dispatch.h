// Internal: the per-instruction-set kernels, chosen at run time (Highway dynamic dispatch). Plain
// pointers and counts; no SIMD type crosses this boundary.
#ifndef ACTLAB_SRC_KERNELS_DISPATCH_H_
#define ACTLAB_SRC_KERNELS_DISPATCH_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "actlab/activation.h"

namespace actlab::kernels {

// y[i] = f(x[i]) for i < n; params as Activation::param(i). y may equal x. stream: y is written
// with non-temporal stores (for outputs far larger than the caches; y must not overlap x).
void Forward(Kind kind, const double* params, const float* x, float* y, std::size_t n,
             bool stream = false);
void Forward(Kind kind, const double* params, const double* x, double* y, std::size_t n,
             bool stream = false);
// dx[i] = f'(x[i]) dy[i]; dx may equal x or dy (stream: only where it equals neither).
void Backward(Kind kind, const double* params, const float* x, const float* dy, float* dx,
              std::size_t n, bool stream = false);
void Backward(Kind kind, const double* params, const double* x, const double* dy, double* dx,
              std::size_t n, bool stream = false);

// The name of the instruction set the dispatcher chose ("AVX3", "AVX2", ...).
std::string TargetName();

// For tests: the instruction sets compiled in that this machine runs (Highway's target bits), and
// a mock that makes the dispatcher use only `target` (0 restores the real choice).
std::vector<std::int64_t> AvailableTargets();
void UseOnlyTargetForTest(std::int64_t target);

}  // namespace actlab::kernels

#endif  // ACTLAB_SRC_KERNELS_DISPATCH_H_
