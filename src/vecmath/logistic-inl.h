// The logistic pieces 1/(1+e) and e/(1+e) from e = exp(-|x|), both refined: sigmoid, its
// derivative, silu and softplus build on them.
// Ranges and errors, swept by tests/vecmath_test.cc (largest on AVX-512 and AVX2):
//   r = 1/(1+e)   f32 [-104, 104]: 0.74 ulp   f64 [-746, 746]: 0.74 ulp
//   g = e/(1+e)   f32 [-104, 104]: 1.45 ulp   f64 [-746, 746]: 1.43 ulp
#if defined(ACTLAB_SRC_VECMATH_LOGISTIC_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_SRC_VECMATH_LOGISTIC_INL_H_
#undef ACTLAB_SRC_VECMATH_LOGISTIC_INL_H_
#else
#define ACTLAB_SRC_VECMATH_LOGISTIC_INL_H_
#endif

#include "hwy/highway.h"
#include "vecmath/core-inl.h"
#include "vecmath/divide-inl.h"
#include "vecmath/exp-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::vecmath::HWY_NAMESPACE {

// The pieces of the logistic function at x, from e = exp(-|x|) (split for subnormal safety):
// r = 1/(1+e) and g = e/(1+e), both refined; sigmoid(x) = x >= 0 ? r : g, 1 - sigmoid(x) the other.
template <class D>
struct Logistic {
  ExpSplit<D> e;
  V<D> r;          // 1 / (1 + e)
  V<D> g_head;     // e / (1 + e) = g_head * e.scale
  V<D> g;          // e / (1 + e)
  V<D> g_flushed;  // g, or 0 where it is below about 2^-40 (for sums with terms of order 1)
};

// From e = exp(-|t|) given (for arguments known to more than T's precision).
template <class D>
HWY_INLINE Logistic<D> LogisticFromExp(D d, const ExpSplit<D>& e) {
  const V<D> one = Const(d, 1.0);
  // e as it enters 1 + e: below 2^-40 it cannot change 1 + e, and forming it there could take the
  // slow subnormal path of the hardware (a microcode assist per instruction), so it is 0 instead.
  const auto negligible = hn::AndNot(hn::IsNaN(e.head), hn::Lt(e.scale, Const(d, 0x1p-40)));
  const V<D> ev =
      hn::IfThenZeroElse(negligible, hn::Mul(e.head, hn::Max(e.scale, Const(d, 0x1p-40))));
  const V<D> den = hn::Add(one, ev);
  const V<D> den_lo = hn::Sub(ev, hn::Sub(den, one));
  const V<D> rcp0 = hn::Div(one, den);
  const V<D> r = DivideRefined<D>(one, den, den_lo, rcp0);
  const V<D> g_head = DivideRefined<D>(e.head, den, den_lo, rcp0);
  return {e, r, g_head, hn::Mul(g_head, e.scale),
          hn::IfThenZeroElse(negligible, hn::Mul(g_head, hn::Max(e.scale, Const(d, 0x1p-40))))};
}

template <class D>
HWY_INLINE Logistic<D> LogisticOf(D d, V<D> x) {
  return LogisticFromExp(d, ExpParts(d, hn::Neg(hn::Abs(x))));
}

}  // namespace actlab::vecmath::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // toggle guard
