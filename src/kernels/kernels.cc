// The array kernels: argument checks, the split over threads, and the call into the SIMD kernels
// chosen at run time (src/kernels/dispatch.cc).
#include "actlab/kernels.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <stdexcept>

#include "actlab/parallel.h"
#include "kernels/dispatch.h"

namespace actlab {
namespace {

// Below this many elements one thread does it all, without a look at the pool: waking its threads
// (microseconds) must stay small next to the work (about 1 ns per element and thread).
constexpr std::size_t kParallelMinimum = std::size_t{1} << 20;
// Chunks start at multiples of this many elements (a multiple of every vector width, and 256 bytes
// of floats at least), so that every chunk but the last ends on a whole vector and threads never
// share a cache line they write.
constexpr std::size_t kChunkAlign = 64;

// Outputs of at least this many bytes are written with non-temporal stores (when they overlap no
// input): they cannot stay in the caches anyway, and streaming saves reading each output line
// before it is overwritten. Below, ordinary stores leave the result in cache for the next layer.
// Measured on the development machine (docs/kernels.md): with the threshold at 1 MiB, streaming
// lost up to 4Mi floats (16 MiB: relu 2.1 against 3.0 elements/ns) and won from 8Mi (32 MiB:
// relu 1.6-2.3 against 0.8-1.6, sigmoid 1.1-1.8 against 0.8-0.9).
constexpr std::size_t kStreamMinimumBytes = std::size_t{32} << 20;

template <class T>
bool Disjoint(std::span<const T> a, std::span<const T> b) {
  const auto a0 = reinterpret_cast<std::uintptr_t>(a.data());
  const auto b0 = reinterpret_cast<std::uintptr_t>(b.data());
  return a0 + a.size_bytes() <= b0 || b0 + b.size_bytes() <= a0;
}

template <class T>
bool Stream(std::span<const T> out, std::initializer_list<std::span<const T>> inputs) {
  if (out.size_bytes() < kStreamMinimumBytes) return false;
  for (const auto& in : inputs) {
    if (!Disjoint(out, in)) return false;
  }
  return true;
}

std::array<double, kMaxParams> Params(const Activation& act) {
  std::array<double, kMaxParams> p{};
  for (std::size_t i = 0; i < act.info().params.size(); ++i) p[i] = act.param(static_cast<int>(i));
  return p;
}

// Runs body(begin, end) over [0, n) in static chunks, one per thread, on the pool. Every element
// goes through the same vector code whatever the chunking, so results do not depend on the thread
// count.
template <class Body>
void Split(std::size_t n, Body&& body) {
  // The size first: small arrays (the usual layer) should not pay for the pool on every call.
  const int threads = n < kParallelMinimum ? 1 : NumThreads();
  if (threads <= 1) {
    body(std::size_t{0}, n);
    return;
  }
  const auto t = static_cast<std::size_t>(threads);
  const std::size_t chunk = ((n + t - 1) / t + kChunkAlign - 1) / kChunkAlign * kChunkAlign;
  const auto chunks = static_cast<int>((n + chunk - 1) / chunk);
  parallel::Run(chunks, [&](int c) {
    const std::size_t begin = static_cast<std::size_t>(c) * chunk;
    body(begin, std::min(n, begin + chunk));
  });
}

template <class T>
void ForwardImpl(const Activation& act, std::span<const T> x, std::span<T> y) {
  if (x.size() != y.size()) throw std::invalid_argument("Forward: x and y differ in length");
  const auto p = Params(act);
  const bool stream = Stream<T>(y, {x});
  Split(x.size(), [&](std::size_t begin, std::size_t end) {
    kernels::Forward(act.kind(), p.data(), x.data() + begin, y.data() + begin, end - begin, stream);
  });
}

template <class T>
void BackwardImpl(const Activation& act, std::span<const T> x, std::span<const T> dy,
                  std::span<T> dx) {
  if (x.size() != dy.size() || x.size() != dx.size()) {
    throw std::invalid_argument("Backward: x, dy and dx differ in length");
  }
  const auto p = Params(act);
  const bool stream = Stream<T>(dx, {x, dy});
  Split(x.size(), [&](std::size_t begin, std::size_t end) {
    kernels::Backward(act.kind(), p.data(), x.data() + begin, dy.data() + begin, dx.data() + begin,
                      end - begin, stream);
  });
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

std::string ToString(ElementType type) { return type == ElementType::kF32 ? "f32" : "f64"; }
std::string ToString(Direction direction) {
  return direction == Direction::kForward ? "fwd" : "bwd";
}

std::string KernelTarget() { return kernels::TargetName(); }

}  // namespace actlab
