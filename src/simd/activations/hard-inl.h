// The piecewise-polynomial "hard" family: hardsigmoid and hardswish (MobileNetV3).
#ifndef ACTLAB_SIMD_ACTIVATIONS_HARD_SCALAR_H_
#define ACTLAB_SIMD_ACTIVATIONS_HARD_SCALAR_H_

#include "simd/activations/common-inl.h"

namespace actlab::defs {

struct Hardsigmoid {
  static Info Describe() {
    static constexpr std::string_view kAliases[] = {"hard_sigmoid"};
    Info info;
    info.name = "hardsigmoid";
    info.aliases = kAliases;
    info.formula = "0 for x <= -3, 1 for x >= 3, x/6 + 1/2 between";
    info.derivative = "1/6 for -3 < x < 3, else 0 (0 at +-3)";
    info.source = "Howard et al. 2019, 'Searching for MobileNetV3'; PyTorch torch.nn.Hardsigmoid";
    info.init = Init::kGlorotUniform;
    info.plot = {-5, 5, -0.2, 1.2, "Hardsigmoid", "", {}, false};
    info.accuracy = {0, 0, 0, 0};  // correctly rounded (every float32; 2^24 float64 inputs)
    return info;
  }
  // (x + 3) / 6: x + 3 is exact where the result is small (Sterbenz), so it stays accurate near -3.
  static LD Value(LD x, const double*) { return x <= -3 ? 0 : (x >= 3 ? 1 : (x + 3) / 6); }
  static LD Derivative(LD x, const double*) { return x > -3 && x < 3 ? 1.0L / 6 : 0; }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    return x <= -3 ? B(0) : (x >= 3 ? B(1) : (x + B(3)) / B(6));
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    return x > -3 && x < 3 ? B(1) / B(6) : B(0);
  }
};

struct Hardswish {
  static Info Describe() {
    static constexpr std::string_view kAliases[] = {"hard_swish"};
    Info info;
    info.name = "hardswish";
    info.aliases = kAliases;
    info.formula = "x relu6(x + 3) / 6: 0 for x <= -3, x for x >= 3, x (x + 3) / 6 between";
    info.derivative = "0 for x < -3, 1 for x > 3, (2x + 3) / 6 on [-3, 3] (-1/2 at -3 and 3/2 at 3, as PyTorch)";
    info.source = "Howard et al. 2019, 'Searching for MobileNetV3'";
    info.init = Init::kHeNormal;
    info.plot = {-5, 5, -1, 5.2, "Hardswish", "", {}, false};
    info.accuracy = {4, 4, 4, 4};
    return info;
  }
  static LD Value(LD x, const double*) {
    if (x >= 3) return x;
    if (x <= -3) return -0.0L;  // x * 0, and no NaN at -inf
    return x * (x + 3) / 6;
  }
  static LD Derivative(LD x, const double*) {
    if (x < -3) return 0;
    if (x > 3) return 1;
    return (2 * x + 3) / 6;
  }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    return x <= -3 ? B(0) : (x >= 3 ? x : x * (x + B(3)) / B(6));
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    return x < -3 ? B(0) : (x > 3 ? B(1) : (B(2) * x + B(3)) / B(6));
  }
};

}  // namespace actlab::defs

#endif  // ACTLAB_SIMD_ACTIVATIONS_HARD_SCALAR_H_

// ---------------------------------------------------------------------------------------------
// Vector part (piecewise polynomials): one generic kernel per activation, for float and double alike.
// Compiled once per instruction set by src/simd/dispatch.cc only.
#if defined(ACTLAB_SIMD_VECTOR_PART)
#if defined(ACTLAB_SIMD_ACTIVATIONS_HARD_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_SIMD_ACTIVATIONS_HARD_INL_H_
#undef ACTLAB_SIMD_ACTIVATIONS_HARD_INL_H_
#else
#define ACTLAB_SIMD_ACTIVATIONS_HARD_INL_H_
#endif

// Re-included per target: the shared vector core (its scalar part is skipped by its guard).
#include "simd/activations/common-inl.h"
#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::defs::HWY_NAMESPACE {
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

}  // namespace actlab::defs::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // toggle guard
#endif  // ACTLAB_SIMD_VECTOR_PART
