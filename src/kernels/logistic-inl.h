// Vector part (exp/log1p core, refined quotients): one generic kernel per activation, for float and
// double alike. Compiled once per instruction set by src/kernels/dispatch.cc only.
#if defined(ACTLAB_SRC_KERNELS_LOGISTIC_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ACTLAB_SRC_KERNELS_LOGISTIC_INL_H_
#undef ACTLAB_SRC_KERNELS_LOGISTIC_INL_H_
#else
#define ACTLAB_SRC_KERNELS_LOGISTIC_INL_H_
#endif

#include "catalogue/logistic.h"
#include "hwy/highway.h"
#include "vecmath/all-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::kernels::HWY_NAMESPACE {
using namespace actlab::catalogue;               // the scalar rows
using namespace actlab::vecmath::HWY_NAMESPACE;  // the shared vector maths
// sigmoid: r = 1/(1+e) for x >= 0, e/(1+e) for x < 0 with e = exp(-|x|) (own exp, refined
// quotient). Fast path (float, every |x| < 43): e = exp(-|x|), the result and the Newton step's q
// den_lo (about e^2 >= 2^-124) are all normal, so no operation takes the slow subnormal path of the
// hardware. The quotient by 1 + e = den + den_lo from the reciprocal seed, one Newton step that
// includes den_lo.
template <class D>
struct LogisticFast {
  V<D> e, den, den_lo, seed;
};
template <class D>
HWY_INLINE auto LogisticFastLanes(D d, V<D> x) {
  return hn::Gt(NegAbs(d, x), Const(d, -43.0));  // NaN fails
}
// kHorner: exp by ExpFastHorner (the forward kernels, whose bound it keeps with more margin);
// kShort: with its short polynomial (silu forward: 2.39 ulp with the long one, bound 4).
template <bool kHorner = false, bool kShort = false, class D>
HWY_INLINE LogisticFast<D> LogisticFastOf(D d, V<D> x) {
  const V<D> one = Const(d, 1.0);
  const V<D> e = kHorner ? ExpFastHorner<kShort>(d, NegAbs(d, x)) : ExpFast(d, NegAbs(d, x));
  const V<D> den = hn::Add(one, e);
  const V<D> den_lo = hn::Sub(e, hn::Sub(den, one));  // exact: e <= 1
  return {e, den, den_lo, ReciprocalSeed(d, den)};
}

// sigmoid(x) on the fast path: (x < 0 ? e : 1) / (1 + e).
template <class D>
HWY_INLINE V<D> SigmoidFast(D d, V<D> x, const LogisticFast<D>& l) {
  const V<D> num = hn::IfThenElse(hn::Lt(x, hn::Zero(d)), l.e, Const(d, 1.0));
  return DivideRefined<D>(num, l.den, l.den_lo, l.seed);
}

template <class D>
struct SigmoidVec {
  SigmoidVec(D, const double*) {}
  static auto FastLanes(D d, V<D> x) { return LogisticFastLanes(d, x); }
  HWY_INLINE V<D> Value(D d, V<D> x) const { return FastPathValue(*this, d, x); }
  HWY_INLINE V<D> ValueFast(D d, V<D> x) const {
    return SigmoidFast(d, x, LogisticFastOf<true>(d, x));
  }
  // Every other vector (and float64).
  HWY_NOINLINE V<D> ValueGeneral(D d, V<D> x) const {
    const Logistic<D> l = LogisticOf(d, x);
    return hn::IfThenElse(hn::Ge(x, hn::Zero(d)), l.r, l.g);
  }
  // e / (1 + e)^2 = g r, scaled last.
  HWY_INLINE V<D> Derivative(D d, V<D> x) const { return FastPathDerivative(*this, d, x); }
  HWY_INLINE V<D> DerivativeFast(D d, V<D> x) const {
    const LogisticFast<D> f = LogisticFastOf(d, x);
    const V<D> r = DivideRefined<D>(Const(d, 1.0), f.den, f.den_lo, f.seed);
    return hn::Mul(hn::Mul(f.e, r), r);
  }
  // Every other vector (and float64).
  HWY_NOINLINE V<D> DerivativeGeneral(D d, V<D> x) const {
    const Logistic<D> l = LogisticOf(d, x);
    return hn::Mul(hn::Mul(l.g_head, l.r), l.e.scale);
  }
};

// logsigmoid = min(x, 0) - log1p(exp(-|x|)); derivative sigmoid(-x).
template <class D>
struct LogsigmoidVec {
  LogsigmoidVec(D, const double*) {}
  static auto FastLanes(D d, V<D> x) { return LogisticFastLanes(d, x); }
  HWY_INLINE V<D> Value(D d, V<D> x) const { return FastPathValue(*this, d, x); }
  HWY_INLINE V<D> ValueFast(D d, V<D> x) const {
    const V<D> log_term = Log1pUnit<true>(d, ExpFast(d, NegAbs(d, x)));
    return hn::IfThenElse(hn::Gt(x, hn::Zero(d)), hn::Neg(log_term), hn::Sub(x, log_term));
  }
  // Every other vector (and float64).
  HWY_NOINLINE V<D> ValueGeneral(D d, V<D> x) const {
    const V<D> e = Exp(d, hn::Neg(hn::Abs(x)));
    const V<D> log_term = Log1pUnit(d, e);
    return hn::IfThenElse(hn::Gt(x, hn::Zero(d)), hn::Neg(log_term), hn::Sub(x, log_term));
  }
  HWY_INLINE V<D> Derivative(D d, V<D> x) const { return FastPathDerivative(*this, d, x); }
  HWY_INLINE V<D> DerivativeFast(D d, V<D> x) const {
    return SigmoidFast(d, hn::Neg(x), LogisticFastOf(d, x));
  }
  // Every other vector (and float64).
  HWY_NOINLINE V<D> DerivativeGeneral(D d, V<D> x) const {
    const Logistic<D> l = LogisticOf(d, x);
    return hn::IfThenElse(hn::Gt(x, hn::Zero(d)), l.g, l.r);
  }
};

// softplus(beta, threshold): t = beta x formed as hi + lo (so exp(-|t|) keeps its digits when
// beta != 1), max(t, 0) + log1p(exp(-|t|)) as hi + lo, times 1/beta split in one rounding; x where
// beta x > threshold.
template <class D>
struct SoftplusVec {
  Split<T<D>> beta, inv_beta;
  T<D> threshold;
  T<D> lowest;  // exp(t) taken as 0 below this t: below it, exp(t) / beta rounds to 0 too
  bool unit;    // beta == 1: t = x exactly
  SoftplusVec(D, const double* p)
      : beta(Split<T<D>>::Of(p[0])),
        inv_beta(Split<T<D>>::Of(1.0L / p[0])),
        threshold(static_cast<T<D>>(p[1])),
        lowest(Lowest(p[0])),
        unit(p[0] == 1) {}
  static T<D> Lowest(double b) {
    // ln of half the smallest subnormal, less a margin; at least -170 / -1400 (ExpPartsPair).
    const double underflow = kIsF32<D> ? -104.7 : -745.2;
    const double base = kIsF32<D> ? -112.0 : -760.0;
    const double need = underflow + std::log(b) - 1;
    return static_cast<T<D>>(std::max(std::min(base, need), kIsF32<D> ? -170.0 : -1400.0));
  }

  struct Scaled {
    V<D> hi, lo;
    V<D> correction;  // the lo of -|t|
  };
  Scaled ScaledArgument(D d, V<D> x) const {
    V<D> hi = x, lo = hn::Zero(d);
    if (!unit) {
      const V<D> b = hn::Set(d, beta.hi);
      hi = hn::Mul(x, b);
      lo = hn::IfThenZeroElse(hn::IsInf(hi),
                              hn::MulAdd(x, hn::Set(d, beta.lo), TwoProdError<D>(x, b, hi)));
    }
    return {hi, lo, hn::IfThenElse(hn::Lt(hi, hn::Zero(d)), lo, hn::Neg(lo))};
  }
  auto Linear(D d, V<D> x) const {
    return hn::Gt(unit ? x : hn::Mul(x, hn::Set(d, beta.hi)), hn::Set(d, threshold));
  }
  // Fast path (float, beta = 1, as sigmoid's).
  bool FastPathApplies() const { return unit; }
  static auto FastLanes(D d, V<D> x) { return LogisticFastLanes(d, x); }
  HWY_INLINE V<D> Value(D d, V<D> x) const { return FastPathValue(*this, d, x); }
  HWY_INLINE V<D> ValueFast(D d, V<D> x) const {
    const V<D> log_term = Log1pUnit<true>(d, ExpFast(d, NegAbs(d, x)));
    const V<D> sp = hn::IfThenElse(hn::Gt(x, hn::Zero(d)), hn::Add(x, log_term), log_term);
    return hn::IfThenElse(Linear(d, x), x, sp);
  }
  // Every other vector (and float64).
  HWY_NOINLINE V<D> ValueGeneral(D d, V<D> x) const {
    const Scaled t = ScaledArgument(d, x);
    if (unit) {
      // beta = 1: no product follows, and the rounded sum is within the bound (1.60 ulp in
      // float64) at about 20 % less time than the pair form below.
      const V<D> log_term = Log1pUnit(d, Exp(d, hn::Neg(hn::Abs(t.hi))));
      const V<D> sp = hn::IfThenElse(hn::Gt(t.hi, hn::Zero(d)), hn::Add(t.hi, log_term), log_term);
      return hn::IfThenElse(Linear(d, x), x, sp);
    }
    const ExpPair<D> e = ExpPartsPair(d, hn::Neg(hn::Abs(t.hi)), t.correction, lowest);
    const V<D> u = hn::Mul(e.head, e.scale);
    const V<D> u_lo = hn::Mul(e.head_lo, e.scale);
    // Small u: log1p(u) = u (1 + rel), rel = u (u / 3 - 1/2) (the next term, u^3 / 4, is far below
    // T's precision there).
    const auto series = hn::Lt(u, Const(d, kIsF32<D> ? 0x1p-14 : 0x1p-30));
    const V<D> rel = hn::Mul(u, hn::MulAdd(u, Const(d, 1.0 / 3), Const(d, -0.5)));
    const Pair<D> log1p_pair = Log1pUnitPair(d, u, u_lo);
    const Pair<D> lp = {hn::IfThenElse(series, u, log1p_pair.hi),
                        hn::IfThenElse(series, hn::MulAdd(u, rel, u_lo), log1p_pair.lo)};
    // t > 0: t + log1p(e) = t_hi + lp_hi (TwoSum) + t_lo + lp_lo.
    const V<D> sum = hn::Add(t.hi, lp.hi);
    const V<D> sum_lo = hn::Add(TwoSumError<D>(t.hi, lp.hi, sum), hn::Add(t.lo, lp.lo));
    const auto positive = hn::Gt(t.hi, hn::Zero(d));
    const Pair<D> sp = {hn::IfThenElse(positive, sum, lp.hi),
                        hn::IfThenElse(positive, sum_lo, lp.lo)};
    // t <= 0 with small u: (head + head_lo + head rel) / beta, scaled last, so that a result in
    // or near the subnormal range is rounded once (and exp(t) / beta is not lost where exp(t)
    // alone would underflow, for beta < 1).
    const Pair<D> tail = {e.head, hn::MulAdd(e.head, rel, e.head_lo)};
    const V<D> main = MulSplitRounded(d, sp, inv_beta);
    const V<D> tail_value = hn::Mul(MulSplitRounded(d, tail, inv_beta), e.scale);
    const V<D> value = hn::IfThenElse(hn::AndNot(positive, series), tail_value, main);
    return hn::IfThenElse(Linear(d, x), x, value);
  }
  HWY_INLINE V<D> Derivative(D d, V<D> x) const { return FastPathDerivative(*this, d, x); }
  HWY_INLINE V<D> DerivativeFast(D d, V<D> x) const {
    return hn::IfThenElse(Linear(d, x), Const(d, 1.0), SigmoidFast(d, x, LogisticFastOf(d, x)));
  }
  // Every other vector (and float64).
  HWY_NOINLINE V<D> DerivativeGeneral(D d, V<D> x) const {
    const Scaled t = ScaledArgument(d, x);
    const Logistic<D> l = LogisticFromExp(d, ExpParts(d, hn::Neg(hn::Abs(t.hi)), t.correction));
    const V<D> s = hn::IfThenElse(hn::Ge(t.hi, hn::Zero(d)), l.r, l.g);
    return hn::IfThenElse(Linear(d, x), Const(d, 1.0), s);
  }
};

// silu = x sigmoid(x); for x < 0 as (x g_head) scale so that tiny results keep their bits.
template <class D>
struct SiluVec {
  SiluVec(D, const double*) {}
  static auto FastLanes(D d, V<D> x) { return LogisticFastLanes(d, x); }
  HWY_INLINE V<D> Value(D d, V<D> x) const { return FastPathValue(*this, d, x); }
  HWY_INLINE V<D> ValueFast(D d, V<D> x) const {
    return hn::Mul(x, SigmoidFast(d, x, LogisticFastOf<true, true>(d, x)));
  }
  // Every other vector (and float64).
  HWY_NOINLINE V<D> ValueGeneral(D d, V<D> x) const {
    const Logistic<D> l = LogisticOf(d, x);
    // Far below, e = 0 exactly and the clamp keeps x e finite (-0).
    const V<D> xs = hn::Max(x, Const(d, kIsF32<D> ? -200.0 : -1600.0));
    const V<D> below = hn::Mul(hn::Mul(xs, l.g_head), l.e.scale);
    const V<D> y = hn::IfThenElse(hn::Ge(x, hn::Zero(d)), hn::Mul(x, l.r), below);
    return KeepNaN<D>(x, y);
  }
  // s (1 + x (1 - s)), the bracket with one fused rounding (it crosses zero near x = -1.28).
  HWY_INLINE V<D> Derivative(D d, V<D> x) const { return FastPathDerivative(*this, d, x); }
  HWY_INLINE V<D> DerivativeFast(D d, V<D> x) const {
    const LogisticFast<D> f = LogisticFastOf(d, x);
    const V<D> r = DivideRefined<D>(Const(d, 1.0), f.den, f.den_lo, f.seed);
    const V<D> g = hn::Mul(f.e, r);
    const auto neg = hn::Lt(x, hn::Zero(d));
    const V<D> bracket = hn::MulAdd(x, hn::IfThenElse(neg, r, g), Const(d, 1.0));
    // x < 0: s bracket = e (r bracket), with the rounding error of r bracket carried into the
    // product with e, so that e, r and the bracket round once together (4.01 ulp at x = -6.58
    // over every float when g = e r was rounded on its own).
    const V<D> rb = hn::Mul(r, bracket);
    const V<D> below = hn::MulAdd(f.e, rb, hn::Mul(f.e, TwoProdError<D>(r, bracket, rb)));
    return hn::IfThenElse(neg, below, rb);
  }
  // Every other vector (and float64).
  HWY_NOINLINE V<D> DerivativeGeneral(D d, V<D> x) const {
    const Logistic<D> l = LogisticOf(d, x);
    const auto nonneg = hn::Ge(x, hn::Zero(d));
    const V<D> one_minus_s = hn::IfThenElse(nonneg, l.g_flushed, l.r);
    const V<D> xs = hn::Max(x, Const(d, kIsF32<D> ? -200.0 : -1600.0));
    const V<D> bracket = hn::MulAdd(xs, one_minus_s, Const(d, 1.0));
    const V<D> below = hn::Mul(hn::Mul(l.g_head, bracket), l.e.scale);
    const V<D> y = hn::IfThenElse(nonneg, hn::Mul(l.r, bracket), below);
    const V<D> at_inf = hn::IfThenElse(hn::Gt(x, hn::Zero(d)), Const(d, 1.0), Const(d, -0.0));
    return KeepNaN<D>(x, hn::IfThenElse(hn::IsInf(x), at_inf, y));
  }
};

// mish = x n / (n + 2), n = e (e + 2), e = exp(x): tanh(softplus(x)) without cancellation in either
// tail. Beyond x = 20 the correction is below half an ulp of double and f = x, f' = 1.
template <class D>
struct MishVec {
  MishVec(D, const double*) {}
  struct Parts {
    ExpSplit<D> e;
    V<D> ev, e_plus_2, den;
  };
  // x clamped to [-200 (f32) or -1600, 20]: beyond, e = 0 or f = x.
  static V<D> Clamp(D d, V<D> x) {
    return hn::Min(hn::Max(x, Const(d, kIsF32<D> ? -200.0 : -1600.0)), Const(d, 20.0));
  }
  static Parts Prepare(D d, V<D> x) {
    const ExpSplit<D> e = ExpParts(d, x);
    const V<D> ev = e.Value();
    const V<D> e_plus_2 = hn::Add(ev, Const(d, 2.0));
    return {e, ev, e_plus_2, hn::MulAdd(ev, e_plus_2, Const(d, 2.0))};
  }
  // Fast path (float, every x > -43: no NaN, exp(x) normal, and the products of e with the
  // rounding errors of e + 2 and of the denominator, about e^2, normal too).
  static auto FastLanes(D d, V<D> x) { return hn::Gt(x, Const(d, -43.0)); }
  HWY_INLINE V<D> Value(D d, V<D> x) const { return FastPathValue(*this, d, x); }
  HWY_INLINE V<D> ValueFast(D d, V<D> x) const {
    const V<D> xc = hn::Min(x, Const(d, 20.0));
    const V<D> e = ExpFast(d, xc);
    const V<D> two = Const(d, 2.0);
    const V<D> e_plus_2 = hn::Add(e, two);
    // The quotient n / (n + 2), n = e (e + 2), with the rounding error of n + 2 carried (exact
    // below x = -0.31, where 2 >= n; above, dropped): without it 4.06 ulp at x = -3.36 (bound 4),
    // with it 3.61; carrying the errors of e + 2 and of n as well gave 2.97 for five operations
    // more.
    const auto small = hn::Lt(xc, Const(d, -0.3125));
    const V<D> num = hn::Mul(e, e_plus_2);
    const V<D> den = hn::Add(num, two);
    const V<D> den_lo = hn::IfThenElseZero(small, hn::Sub(num, hn::Sub(den, two)));
    const V<D> seed = ReciprocalSeed(d, den);
    const V<D> q = hn::Mul(num, seed);
    const V<D> res = hn::NegMulAdd(q, den_lo, hn::NegMulAdd(q, den, num));
    // x last, so that mish(-0) = -0 (the Newton step would turn a -0 quotient into +0).
    const V<D> y = hn::Mul(xc, hn::MulAdd(res, seed, q));
    return hn::IfThenElse(hn::Gt(x, Const(d, 20.0)), x, y);
  }
  // Every other vector (and float64).
  HWY_NOINLINE V<D> ValueGeneral(D d, V<D> x) const {
    const V<D> xc = Clamp(d, x);
    const Parts p = Prepare(d, xc);
    // The rounding errors of e + 2 (in the numerator) and of den pass whole into the result (4.5
    // ulp in f32 at x = -3.24 without them): keep both and divide with a refined quotient.
    const V<D> two = Const(d, 2.0);
    const V<D> ep2_lo = hn::Add(hn::Sub(two, p.e_plus_2), p.ev);  // exact: 2 >= e
    const V<D> den_lo = hn::MulAdd(p.ev, ep2_lo, hn::MulAdd(p.ev, p.e_plus_2, hn::Sub(two, p.den)));
    const V<D> xe = hn::Mul(xc, p.e.head);
    const V<D> num = hn::MulAdd(xe, ep2_lo, hn::Mul(xe, p.e_plus_2));
    const V<D> head = DivideRefined<D>(num, p.den, den_lo, hn::Div(Const(d, 1.0), p.den));
    // The refinement's sum turns -0 into +0; mish(+-0) = +-0.
    const V<D> signed_head = hn::IfThenElse(hn::Eq(xc, hn::Zero(d)), xc, head);
    const V<D> y = hn::IfThenElse(hn::Gt(x, Const(d, 20.0)), x, hn::Mul(signed_head, p.e.scale));
    return KeepNaN<D>(x, y);
  }
  // e ((e + 2) den + 4 x (1 + e)) / den^2.
  HWY_INLINE V<D> Derivative(D d, V<D> x) const { return FastPathDerivative(*this, d, x); }
  HWY_INLINE V<D> DerivativeFast(D d, V<D> x) const {
    return DerivativeOf<true>(d, x, hn::Min(x, Const(d, 20.0)));
  }
  // Every other vector (and float64).
  HWY_NOINLINE V<D> DerivativeGeneral(D d, V<D> x) const {
    return DerivativeOf<false>(d, x, Clamp(d, x));
  }
  // kFast: exp(xc) is normal (no split scaling) and the quotient starts from the seed.
  template <bool kFast>
  V<D> DerivativeOf(D d, V<D> x, V<D> xc) const {
    Parts p;
    if constexpr (kFast) {
      const V<D> ev = ExpFast(d, xc);
      const V<D> e_plus_2 = hn::Add(ev, Const(d, 2.0));
      p = {{ev, Const(d, 1.0)}, ev, e_plus_2, hn::MulAdd(ev, e_plus_2, Const(d, 2.0))};
    } else {
      p = Prepare(d, xc);
    }
    const V<D> two = Const(d, 2.0);
    const V<D> four_x = hn::Mul(Const(d, 4.0), xc);
    // e + 2 and den = e (e + 2) + 2 carry rounding errors of order 2^-24 relative that den^2 would
    // double: keep them (ep2_lo, den_lo) and fold them into the bracket and a refined quotient.
    const V<D> ep2_lo = hn::Add(hn::Sub(two, p.e_plus_2), p.ev);  // exact: 2 >= e
    const V<D> den_lo = hn::MulAdd(p.ev, ep2_lo, hn::MulAdd(p.ev, p.e_plus_2, hn::Sub(two, p.den)));
    const V<D> bracket =
        hn::MulAdd(p.e_plus_2, p.den,
                   hn::MulAdd(ep2_lo, p.den,
                              hn::MulAdd(p.e_plus_2, den_lo, hn::MulAdd(four_x, p.ev, four_x))));
    const V<D> den2 = hn::Mul(p.den, p.den);
    const V<D> den2_lo =
        hn::MulAdd(hn::Add(p.den, p.den), den_lo, TwoProdError<D>(p.den, p.den, den2));
    const V<D> seed = kFast ? ReciprocalSeed(d, den2) : hn::Div(Const(d, 1.0), den2);
    // The numerator's rounding error joins the quotient's remainder, so e bracket / den^2 rounds
    // once more in all, not twice (4.52 ulp at x = -0.662 over every float before).
    const V<D> num = hn::Mul(p.e.head, bracket);
    const V<D> head =
        DivideRefined<D>(num, TwoProdError<D>(p.e.head, bracket, num), den2, den2_lo, seed);
    if constexpr (kFast) return hn::IfThenElse(hn::Gt(x, Const(d, 20.0)), Const(d, 1.0), head);
    const V<D> y =
        hn::IfThenElse(hn::Gt(x, Const(d, 20.0)), Const(d, 1.0), hn::Mul(head, p.e.scale));
    return KeepNaN<D>(x, y);
  }
};

}  // namespace actlab::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // toggle guard
