// Vector part (piecewise polynomials): one generic kernel per activation, for float and double
// alike. Compiled once per instruction set by src/kernels/dispatch.cc only.
#if defined(ACTLAB_SRC_KERNELS_HARD_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_SRC_KERNELS_HARD_INL_H_
#undef ACTLAB_SRC_KERNELS_HARD_INL_H_
#else
#define ACTLAB_SRC_KERNELS_HARD_INL_H_
#endif

#include "catalogue/hard.h"
#include "hwy/highway.h"
#include "vecmath/all-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::kernels::HWY_NAMESPACE {
using namespace actlab::catalogue;               // the scalar rows
using namespace actlab::vecmath::HWY_NAMESPACE;  // the shared vector maths
// (p + p_lo) / 6 as a division would round it, without one (a division by a constant cost
// hardswish most of its time): q = p/6 from the product with 1/6 (within an ulp), then
// q - (6q - p - p_lo)/6 with the exact excess 6q - p (FMA). Written so that p = -0 gives -0:
// -0 - (+0)/6.
template <class D>
HWY_INLINE V<D> DivideBySix(D d, V<D> p, V<D> p_lo) {
  const V<D> sixth = Const(d, 1.0 / 6.0);
  const V<D> q = hn::Mul(p, sixth);
  return hn::NegMulAdd(hn::Sub(hn::MulSub(q, Const(d, 6.0), p), p_lo), sixth, q);
}

// (x + 3) / 6 between the corners, correctly rounded; 0 below -3, 1 above 3.
template <class D>
struct HardsigmoidVec {
  HardsigmoidVec(D, const double*) {}
  V<D> Value(D d, V<D> x) const {
    // (x + 3)/6 rounded once: x + 3 = s + e exactly (TwoSum), divided as a pair (x + 3 rounded
    // first, then divided, was up to 1 ulp off).
    const V<D> three = Const(d, 3.0);
    const V<D> s = hn::Add(x, three);
    const V<D> mid = DivideBySix(d, s, TwoSumError<D>(x, three, s));
    const V<D> upper = hn::IfThenElse(hn::Ge(x, three), Const(d, 1.0), mid);
    return hn::IfThenZeroElse(hn::Le(x, Const(d, -3.0)), upper);
  }
  V<D> Derivative(D d, V<D> x) const {
    const auto inside = hn::And(hn::Gt(x, Const(d, -3.0)), hn::Lt(x, Const(d, 3.0)));
    return KeepNaN<D>(x, hn::IfThenElseZero(inside, hn::Set(d, static_cast<T<D>>(1.0L / 6))));
  }
};

// x (x + 3) / 6 between the corners, -0 below (x * 0, without NaN at -inf), x above.
template <class D>
struct HardswishVec {
  HardswishVec(D, const double*) {}
  V<D> Value(D d, V<D> x) const {
    const V<D> three = Const(d, 3.0);
    const V<D> mid = DivideBySix(d, hn::Mul(x, hn::Add(x, three)), hn::Zero(d));
    const V<D> upper = hn::IfThenElse(hn::Ge(x, three), x, mid);
    return hn::IfThenElse(hn::Le(x, Const(d, -3.0)), Const(d, -0.0), upper);
  }
  // (2x + 3) / 6 on [-3, 3] (-1/2 at -3, 3/2 at 3, as PyTorch), 0 below, 1 above.
  V<D> Derivative(D d, V<D> x) const {
    const V<D> three = Const(d, 3.0);
    const V<D> mid = DivideBySix(d, hn::MulAdd(Const(d, 2.0), x, three), hn::Zero(d));
    const V<D> upper = hn::IfThenElse(hn::Gt(x, three), Const(d, 1.0), mid);
    return hn::IfThenZeroElse(hn::Lt(x, Const(d, -3.0)), upper);
  }
};

}  // namespace actlab::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // toggle guard
