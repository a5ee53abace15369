// Portable implementation of the array kernels through the scalar oracle. Correct for every entry
// and every input; the SIMD kernels replace it.
#include "actlab/kernels.h"

#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace actlab {
namespace {

int g_threads = 0;

template <class T>
void ForwardImpl(const Activation& act, std::span<const T> x, std::span<T> y) {
  if (x.size() != y.size()) throw std::invalid_argument("Forward: x and y differ in length");
  for (std::size_t i = 0; i < x.size(); ++i) {
    y[i] = static_cast<T>(act.ValueExtended(x[i]));
  }
}

template <class T>
void BackwardImpl(const Activation& act, std::span<const T> x, std::span<const T> dy,
                  std::span<T> dx) {
  if (x.size() != dy.size() || x.size() != dx.size()) {
    throw std::invalid_argument("Backward: x, dy and dx differ in length");
  }
  for (std::size_t i = 0; i < x.size(); ++i) {
    dx[i] = static_cast<T>(act.DerivativeExtended(x[i]) * dy[i]);
  }
}

}  // namespace

void Forward(const Activation& act, std::span<const float> x, std::span<float> y) {
  ForwardImpl(act, x, y);
}
void Forward(const Activation& act, std::span<const double> x, std::span<double> y) {
  ForwardImpl(act, x, y);
}
void Backward(const Activation& act, std::span<const float> x, std::span<const float> dy,
              std::span<float> dx) {
  BackwardImpl(act, x, dy, dx);
}
void Backward(const Activation& act, std::span<const double> x, std::span<const double> dy,
              std::span<double> dx) {
  BackwardImpl(act, x, dy, dx);
}

void SetNumThreads(int threads) { g_threads = threads; }

int NumThreads() {
  if (g_threads > 0) return g_threads;
  if (const char* env = std::getenv("ACTLAB_NUM_THREADS")) {
    const int n = std::atoi(env);
    if (n > 0) return n;
  }
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

std::string KernelTarget() { return "scalar"; }

}  // namespace actlab
