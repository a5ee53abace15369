// Array kernels: forward and backward of any catalogue activation over spans of float or double.
// Free of SIMD types; the instruction set is chosen at run time.
#ifndef ACTLAB_KERNELS_H_
#define ACTLAB_KERNELS_H_

#include <span>
#include <string>

#include "actlab/activation.h"
#include "actlab/parallel.h"  // SetNumThreads, NumThreads

namespace actlab {

// The element types and directions the kernels come in (the accuracy and bench modules' axes).
enum class ElementType { kF32, kF64 };
enum class Direction { kForward, kBackward };
std::string ToString(ElementType type);     // "f32", "f64"
std::string ToString(Direction direction);  // "fwd", "bwd"

// y[i] = f(x[i]). Any length (0 included), unaligned; y may be x itself (in place). Throws
// std::invalid_argument when the lengths differ.
void Forward(const Activation& act, std::span<const float> x, std::span<float> y);
void Forward(const Activation& act, std::span<const double> x, std::span<double> y);

// dx[i] = f'(x[i]) dy[i], computed from x with the stable closed forms; dx may be x or dy itself.
// Throws std::invalid_argument when the lengths differ.
void Backward(const Activation& act, std::span<const float> x, std::span<const float> dy,
              std::span<float> dx);
void Backward(const Activation& act, std::span<const double> x, std::span<const double> dy,
              std::span<double> dx);

// Arrays of 1Mi elements or more are split over the thread pool (NumThreads() threads, see
// actlab/parallel.h); results are identical for any count.

// The instruction set the kernels run with on this machine ("AVX3", "AVX2", "scalar", ...).
std::string KernelTarget();

}  // namespace actlab

#endif  // ACTLAB_KERNELS_H_
