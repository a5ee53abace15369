// The only file compiled once per instruction set: it expands activations.inc into one switch per
// element type and direction, each case running the generic array loop over that activation's
// vector kernel, and exports the per-target functions to Highway's dynamic dispatch.
#include "simd/dispatch.h"

#include <cstdint>
#include <cstring>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "simd/dispatch.cc"
#define ACTLAB_SIMD_VECTOR_PART
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "simd/activations/all-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::simd::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;
namespace vec = actlab::defs::HWY_NAMESPACE;

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

template <class D, class Op, class T = hn::TFromD<D>>
HWY_NOINLINE void ForwardLoop(D d, const Op& op, const T* x, T* y,
                              std::size_t n) {
  const std::size_t lanes = hn::Lanes(d);
  std::size_t i = 0;
  for (; i + 2 * lanes <= n; i += 2 * lanes) {
    const auto a = op.Value(d, hn::LoadU(d, x + i));
    const auto b = op.Value(d, hn::LoadU(d, x + i + lanes));
    hn::StoreU(a, d, y + i);
    hn::StoreU(b, d, y + i + lanes);
  }
  for (; i + lanes <= n; i += lanes) hn::StoreU(op.Value(d, hn::LoadU(d, x + i)), d, y + i);
  if (i < n) StoreTail(d, op.Value(d, LoadTail(d, x + i, n - i)), y + i, n - i);
}

template <class D, class Op, class T = hn::TFromD<D>>
HWY_NOINLINE void BackwardLoop(D d, const Op& op, const T* x, const T* dy, T* dx, std::size_t n) {
  const std::size_t lanes = hn::Lanes(d);
  std::size_t i = 0;
  for (; i + lanes <= n; i += lanes) {
    const auto g = op.Derivative(d, hn::LoadU(d, x + i));
    hn::StoreU(hn::Mul(g, hn::LoadU(d, dy + i)), d, dx + i);
  }
  if (i < n) {
    const auto g = op.Derivative(d, LoadTail(d, x + i, n - i));
    StoreTail(d, hn::Mul(g, LoadTail(d, dy + i, n - i)), dx + i, n - i);
  }
}

template <class T>
void ForwardT(Kind kind, const double* params, const T* x, T* y, std::size_t n) {
  using D = hn::ScalableTag<T>;
  const D d;
  switch (kind) {
#define ACTLAB_ACTIVATION(Name)                                                                  \
  case Kind::k##Name:                                                                            \
    WithKernel(vec::Name##Vec<D>(d, params), [&](const auto& op) { ForwardLoop(d, op, x, y, n); }); \
    return;
#include "actlab/activations.inc"
  }
}

template <class T>
void BackwardT(Kind kind, const double* params, const T* x, const T* dy, T* dx, std::size_t n) {
  using D = hn::ScalableTag<T>;
  const D d;
  switch (kind) {
#define ACTLAB_ACTIVATION(Name)                                    \
  case Kind::k##Name:                                              \
    WithKernel(vec::Name##Vec<D>(d, params),                       \
               [&](const auto& op) { BackwardLoop(d, op, x, dy, dx, n); }); \
    return;
#include "actlab/activations.inc"
  }
}

void ForwardF32(Kind kind, const double* params, const float* x, float* y, std::size_t n) {
  ForwardT(kind, params, x, y, n);
}
void ForwardF64(Kind kind, const double* params, const double* x, double* y, std::size_t n) {
  ForwardT(kind, params, x, y, n);
}
void BackwardF32(Kind kind, const double* params, const float* x, const float* dy, float* dx,
                 std::size_t n) {
  BackwardT(kind, params, x, dy, dx, n);
}
void BackwardF64(Kind kind, const double* params, const double* x, const double* dy, double* dx,
                 std::size_t n) {
  BackwardT(kind, params, x, dy, dx, n);
}
std::int64_t Target() { return HWY_TARGET; }

}  // namespace actlab::simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace actlab::simd {

HWY_EXPORT(ForwardF32);
HWY_EXPORT(ForwardF64);
HWY_EXPORT(BackwardF32);
HWY_EXPORT(BackwardF64);
HWY_EXPORT(Target);

void Forward(Kind kind, const double* params, const float* x, float* y, std::size_t n) {
  HWY_DYNAMIC_DISPATCH(ForwardF32)(kind, params, x, y, n);
}
void Forward(Kind kind, const double* params, const double* x, double* y, std::size_t n) {
  HWY_DYNAMIC_DISPATCH(ForwardF64)(kind, params, x, y, n);
}
void Backward(Kind kind, const double* params, const float* x, const float* dy, float* dx,
              std::size_t n) {
  HWY_DYNAMIC_DISPATCH(BackwardF32)(kind, params, x, dy, dx, n);
}
void Backward(Kind kind, const double* params, const double* x, const double* dy, double* dx,
              std::size_t n) {
  HWY_DYNAMIC_DISPATCH(BackwardF64)(kind, params, x, dy, dx, n);
}
std::string TargetName() { return hwy::TargetName(HWY_DYNAMIC_DISPATCH(Target)()); }

}  // namespace actlab::simd
#endif  // HWY_ONCE
