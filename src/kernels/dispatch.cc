// The only file compiled once per instruction set: it expands activations.inc into one switch per
// element type and direction, each case running the generic array loop over that activation's
// vector kernel, and exports the per-target functions to Highway's dynamic dispatch.
#include "kernels/dispatch.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/dispatch.cc"
#include "hwy/cache_control.h"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "kernels/all-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::kernels::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Targets whose MaskedLoad/BlendedStore touch only the selected lanes (AVX2 vmaskmov, AVX-512
// masks). Elsewhere the tail goes through a small buffer so that nothing past the end is read.
#if HWY_TARGET == HWY_AVX2 || HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
constexpr bool kTrueMasks = true;
#else
constexpr bool kTrueMasks = false;
#endif

template <class D, class T = hn::TFromD<D>>
HWY_INLINE hn::Vec<D> LoadTail(D d, const T* p, std::size_t count) {
  if constexpr (kTrueMasks) {
    return hn::MaskedLoad(hn::FirstN(d, count), d, p);
  } else {
    HWY_ALIGN T buffer[hn::MaxLanes(d)] = {};
    std::memcpy(buffer, p, count * sizeof(T));
    return hn::Load(d, buffer);
  }
}

template <class D, class T = hn::TFromD<D>>
HWY_INLINE void StoreTail(D d, hn::Vec<D> v, T* p, std::size_t count) {
  if constexpr (kTrueMasks) {
    hn::BlendedStore(v, hn::FirstN(d, count), d, p);
  } else {
    HWY_ALIGN T buffer[hn::MaxLanes(d)];
    hn::Store(v, d, buffer);
    std::memcpy(p, buffer, count * sizeof(T));
  }
}

// Calls f with the kernel to run: the op itself, or the form an op chooses once per call (gelu).
template <class Op, class F>
HWY_INLINE void WithKernel(const Op& op, F&& f) {
  if constexpr (requires { op.Visit(f); }) {
    op.Visit(f);
  } else {
    f(op);
  }
}

// Elements before p that start a vector-aligned address (0 if p is not even aligned to T).
template <class D, class T = hn::TFromD<D>>
HWY_INLINE std::size_t ElementsToAlign(D d, const T* p) {
  const std::size_t bytes = hn::Lanes(d) * sizeof(T);
  const auto address = reinterpret_cast<std::uintptr_t>(p);
  if (address % sizeof(T) != 0) return 0;
  return (bytes - address % bytes) % bytes / sizeof(T);
}

// Elements ahead of the loop that the streaming loops prefetch (4 KiB of floats).
constexpr std::size_t kPrefetchAhead = 1024;

// The vector loop over [begin, end) (whole vectors only), two vectors per iteration. kStream:
// y + begin is vector-aligned and the stores bypass the caches.
template <bool kStream, class D, class Op, class T = hn::TFromD<D>>
HWY_INLINE std::size_t ForwardVectors(D d, const Op& op, const T* x, T* y, std::size_t i,
                                      std::size_t n) {
  const std::size_t lanes = hn::Lanes(d);
  for (; i + 2 * lanes <= n; i += 2 * lanes) {
    if constexpr (kStream) {
      // Arrays this large come from memory: ask for x well ahead, so that the loads overlap the
      // arithmetic (the hardware prefetcher alone left sigmoid at 0.8 of relu's speed).
      const std::size_t ahead = std::min(i + kPrefetchAhead, n - 2 * lanes);  // stays inside
      hwy::Prefetch(x + ahead);
      hwy::Prefetch(x + ahead + lanes);
    }
    const auto a = op.Value(d, hn::LoadU(d, x + i));
    const auto b = op.Value(d, hn::LoadU(d, x + i + lanes));
    if constexpr (kStream) {
      hn::Stream(a, d, y + i);
      hn::Stream(b, d, y + i + lanes);
    } else {
      hn::StoreU(a, d, y + i);
      hn::StoreU(b, d, y + i + lanes);
    }
  }
  for (; i + lanes <= n; i += lanes) {
    const auto a = op.Value(d, hn::LoadU(d, x + i));
    if constexpr (kStream) {
      hn::Stream(a, d, y + i);
    } else {
      hn::StoreU(a, d, y + i);
    }
  }
  return i;
}

template <class D, class Op, class T = hn::TFromD<D>>
HWY_NOINLINE void ForwardLoop(D d, const Op& op, const T* x, T* y, std::size_t n, bool stream) {
  std::size_t i = 0;
  if (stream) {
    // Non-temporal stores need aligned addresses: the first elements up to y's alignment go
    // through the masked tail code (the same kernel, so the same bits), then a fence at the end
    // orders the streamed stores before whatever the caller does next.
    const std::size_t head = std::min(n, ElementsToAlign(d, y));
    if (head > 0) StoreTail(d, op.Value(d, LoadTail(d, x, head)), y, head);
    i = ForwardVectors<true>(d, op, x, y, head, n);
  } else {
    i = ForwardVectors<false>(d, op, x, y, 0, n);
  }
  if (i < n) StoreTail(d, op.Value(d, LoadTail(d, x + i, n - i)), y + i, n - i);
  if (stream) hwy::FlushStream();
}

template <bool kStream, class D, class Op, class T = hn::TFromD<D>>
HWY_INLINE std::size_t BackwardVectors(D d, const Op& op, const T* x, const T* dy, T* dx,
                                       std::size_t i, std::size_t n) {
  const std::size_t lanes = hn::Lanes(d);
  const auto one = [&](std::size_t k) {
    const auto g = hn::Mul(op.Derivative(d, hn::LoadU(d, x + k)), hn::LoadU(d, dy + k));
    if constexpr (kStream) {
      hn::Stream(g, d, dx + k);
    } else {
      hn::StoreU(g, d, dx + k);
    }
  };
  for (; i + 2 * lanes <= n; i += 2 * lanes) {
    if constexpr (kStream) {
      const std::size_t ahead = std::min(i + kPrefetchAhead, n - 2 * lanes);
      hwy::Prefetch(x + ahead);
      hwy::Prefetch(x + ahead + lanes);
      hwy::Prefetch(dy + ahead);
      hwy::Prefetch(dy + ahead + lanes);
    }
    one(i);
    one(i + lanes);
  }
  for (; i + lanes <= n; i += lanes) one(i);
  return i;
}

template <class D, class Op, class T = hn::TFromD<D>>
HWY_NOINLINE void BackwardLoop(D d, const Op& op, const T* x, const T* dy, T* dx, std::size_t n,
                               bool stream) {
  const auto tail = [&](std::size_t at, std::size_t count) {
    const auto g = op.Derivative(d, LoadTail(d, x + at, count));
    StoreTail(d, hn::Mul(g, LoadTail(d, dy + at, count)), dx + at, count);
  };
  std::size_t i = 0;
  if (stream) {
    const std::size_t head = std::min(n, ElementsToAlign(d, dx));
    if (head > 0) tail(0, head);
    i = BackwardVectors<true>(d, op, x, dy, dx, head, n);
  } else {
    i = BackwardVectors<false>(d, op, x, dy, dx, 0, n);
  }
  if (i < n) tail(i, n - i);
  if (stream) hwy::FlushStream();
}

template <class T>
void ForwardT(Kind kind, const double* params, const T* x, T* y, std::size_t n, bool stream) {
  using D = hn::ScalableTag<T>;
  const D d;
  switch (kind) {
#define ACTLAB_ACTIVATION(Name)                                               \
  case Kind::k##Name:                                                         \
    WithKernel(Name##Vec<D>(d, params),                                       \
               [&](const auto& op) { ForwardLoop(d, op, x, y, n, stream); }); \
    return;
#include "actlab/activations.inc"
  }
}

template <class T>
void BackwardT(Kind kind, const double* params, const T* x, const T* dy, T* dx, std::size_t n,
               bool stream) {
  using D = hn::ScalableTag<T>;
  const D d;
  switch (kind) {
#define ACTLAB_ACTIVATION(Name)                                                     \
  case Kind::k##Name:                                                               \
    WithKernel(Name##Vec<D>(d, params),                                             \
               [&](const auto& op) { BackwardLoop(d, op, x, dy, dx, n, stream); }); \
    return;
#include "actlab/activations.inc"
  }
}

void ForwardF32(Kind kind, const double* params, const float* x, float* y, std::size_t n,
                bool stream) {
  ForwardT(kind, params, x, y, n, stream);
}
void ForwardF64(Kind kind, const double* params, const double* x, double* y, std::size_t n,
                bool stream) {
  ForwardT(kind, params, x, y, n, stream);
}
void BackwardF32(Kind kind, const double* params, const float* x, const float* dy, float* dx,
                 std::size_t n, bool stream) {
  BackwardT(kind, params, x, dy, dx, n, stream);
}
void BackwardF64(Kind kind, const double* params, const double* x, const double* dy, double* dx,
                 std::size_t n, bool stream) {
  BackwardT(kind, params, x, dy, dx, n, stream);
}
std::int64_t Target() { return HWY_TARGET; }

}  // namespace actlab::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace actlab::kernels {

HWY_EXPORT(ForwardF32);
HWY_EXPORT(ForwardF64);
HWY_EXPORT(BackwardF32);
HWY_EXPORT(BackwardF64);
HWY_EXPORT(Target);

void Forward(Kind kind, const double* params, const float* x, float* y, std::size_t n,
             bool stream) {
  HWY_DYNAMIC_DISPATCH(ForwardF32)(kind, params, x, y, n, stream);
}
void Forward(Kind kind, const double* params, const double* x, double* y, std::size_t n,
             bool stream) {
  HWY_DYNAMIC_DISPATCH(ForwardF64)(kind, params, x, y, n, stream);
}
void Backward(Kind kind, const double* params, const float* x, const float* dy, float* dx,
              std::size_t n, bool stream) {
  HWY_DYNAMIC_DISPATCH(BackwardF32)(kind, params, x, dy, dx, n, stream);
}
void Backward(Kind kind, const double* params, const double* x, const double* dy, double* dx,
              std::size_t n, bool stream) {
  HWY_DYNAMIC_DISPATCH(BackwardF64)(kind, params, x, dy, dx, n, stream);
}
std::string TargetName() { return hwy::TargetName(HWY_DYNAMIC_DISPATCH(Target)()); }

std::vector<std::int64_t> AvailableTargets() { return hwy::SupportedAndGeneratedTargets(); }

void UseOnlyTargetForTest(std::int64_t target) { hwy::SetSupportedTargetsForTest(target); }

}  // namespace actlab::kernels
#endif  // HWY_ONCE
