// The float fast-path selection: one lane test per vector chooses between a kernel's fast
// and general forms, lane by lane where a vector has lanes of both kinds.
#if defined(ACTLAB_SRC_VECMATH_FAST_PATH_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_SRC_VECMATH_FAST_PATH_INL_H_
#undef ACTLAB_SRC_VECMATH_FAST_PATH_INL_H_
#else
#define ACTLAB_SRC_VECMATH_FAST_PATH_INL_H_
#endif

#include "hwy/highway.h"
#include "vecmath/core-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::vecmath::HWY_NAMESPACE {

// ---------------------------------------------------------------------------------------------
// Fast paths (float only). A kernel tests once per vector that every lane lies where the
// exponential stays in the normal range (no NaN, no infinity, no subnormal or overflowing
// intermediate); such vectors skip the split scaling, the clamps and the NaN/zero blends of the
// general code, and replace the division by a reciprocal estimate refined by one Newton step of
// the quotient. Other vectors take the general code, so results there are unchanged.

// A kernel K with a float fast path: K::ValueFast / DerivativeFast where every lane of
// K::FastLanes(d, x) is set (the usual case: one test per vector), K::ValueGeneral /
// DerivativeGeneral for float64 and for a vector without any such lane. A vector with lanes of
// both kinds runs both paths and takes each lane from its own (the fast path on a copy whose other
// lanes are 0, so that they cannot produce subnormals): a lane's result never depends on its
// neighbours, nor on the alignment or the split of the array. Optional members:
// K::DerivativeFastLanes replaces FastLanes for the derivative, K::FastPathApplies() turns
// the fast path off for parameters it does not cover, and K::FastPathEverywhere() says that the
// value's fast path is right for every input (no lane test). The fast path is called directly, not
// through a lambda, so that it is always inlined into the array loop (the compiler had made the
// elu family's and softplus's fast paths into a call per vector).
template <class D, class M, class Fast, class General>
HWY_NOINLINE V<D> MixedLanes(D, V<D> x, M ok, const Fast& fast, const General& general) {
  return hn::IfThenElse(ok, fast(hn::IfThenElseZero(ok, x)), general(x));
}
template <class K>
HWY_INLINE bool FastPathApplies(const K& k) {
  if constexpr (requires { k.FastPathApplies(); }) {
    return k.FastPathApplies();
  } else {
    return true;
  }
}
template <class K, class D>
HWY_INLINE V<D> FastPathValue(const K& k, D d, V<D> x) {
  if constexpr (kIsF32<D>) {
    if (FastPathApplies(k)) {
      if constexpr (requires { k.FastPathEverywhere(); }) {
        if (k.FastPathEverywhere()) return k.ValueFast(d, x);
      }
      const auto ok = K::FastLanes(d, x);
      if (HWY_LIKELY(hn::AllTrue(d, ok))) return k.ValueFast(d, x);
      return MixedLanes(
          d, x, ok, [&](V<D> v) { return k.ValueFast(d, v); },
          [&](V<D> v) { return k.ValueGeneral(d, v); });
    }
  }
  return k.ValueGeneral(d, x);
}
template <class K, class D>
HWY_INLINE V<D> FastPathDerivative(const K& k, D d, V<D> x) {
  if constexpr (kIsF32<D>) {
    if (FastPathApplies(k)) {
      const auto ok = [&] {
        if constexpr (requires { K::DerivativeFastLanes(d, x); }) {
          return K::DerivativeFastLanes(d, x);
        } else {
          return K::FastLanes(d, x);
        }
      }();
      if (HWY_LIKELY(hn::AllTrue(d, ok))) return k.DerivativeFast(d, x);
      return MixedLanes(
          d, x, ok, [&](V<D> v) { return k.DerivativeFast(d, v); },
          [&](V<D> v) { return k.DerivativeGeneral(d, v); });
    }
  }
  return k.DerivativeGeneral(d, x);
}

}  // namespace actlab::vecmath::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // toggle guard
