// The shared vector maths (src/vecmath), one table row per function as Highway's contrib/math test
// has it: the function on every instruction set this machine runs, swept over its documented range
// against the long double library, within its documented error in ulps.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "vecmath_test.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "vecmath/all-inl.h"

HWY_BEFORE_NAMESPACE();
namespace actlab::vecmath_test::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;
using namespace actlab::vecmath::HWY_NAMESPACE;

// Applies op to every element (whole vectors; the tail through a zero-padded buffer).
template <class T, class Op>
void ApplyEach(const T* x, T* y, std::size_t n, const Op& op) {
  const hn::ScalableTag<T> d;
  const std::size_t lanes = hn::Lanes(d);
  std::size_t i = 0;
  for (; i + lanes <= n; i += lanes) hn::StoreU(op(d, hn::LoadU(d, x + i)), d, y + i);
  if (i < n) {
    std::vector<T> in(lanes, T(0)), out(lanes);
    std::memcpy(in.data(), x + i, (n - i) * sizeof(T));
    hn::StoreU(op(d, hn::LoadU(d, in.data())), d, out.data());
    std::memcpy(y + i, out.data(), (n - i) * sizeof(T));
  }
}

#define ACTLAB_VECMATH_BOTH(Name, expr)                       \
  void Name##F32(const float* x, float* y, std::size_t n) {   \
    ApplyEach(x, y, n, [](auto d, auto v) { return expr; });  \
  }                                                           \
  void Name##F64(const double* x, double* y, std::size_t n) { \
    ApplyEach(x, y, n, [](auto d, auto v) { return expr; });  \
  }
#define ACTLAB_VECMATH_F32(Name, expr)                       \
  void Name##F32(const float* x, float* y, std::size_t n) {  \
    ApplyEach(x, y, n, [](auto d, auto v) { return expr; }); \
  }

ACTLAB_VECMATH_BOTH(Exp, Exp(d, v))
ACTLAB_VECMATH_BOTH(Expm1NonPositive, Expm1NonPositive(d, v))
ACTLAB_VECMATH_BOTH(Log1pUnit, Log1pUnit(d, v))
ACTLAB_VECMATH_BOTH(LogisticR, LogisticOf(d, v).r)
ACTLAB_VECMATH_BOTH(LogisticG, LogisticOf(d, v).g)
ACTLAB_VECMATH_F32(ExpFast, ExpFast(d, v))
ACTLAB_VECMATH_F32(Expm1Fast, Expm1Fast(d, v))
ACTLAB_VECMATH_F32(Expm1FastShort, Expm1FastShort(d, v))
ACTLAB_VECMATH_F32(Log1pUnitFast, Log1pUnit<true>(d, v))

std::int64_t Target() { return HWY_TARGET; }

}  // namespace actlab::vecmath_test::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace actlab::vecmath_test {
namespace {

HWY_EXPORT(ExpF32);
HWY_EXPORT(ExpF64);
HWY_EXPORT(Expm1NonPositiveF32);
HWY_EXPORT(Expm1NonPositiveF64);
HWY_EXPORT(Log1pUnitF32);
HWY_EXPORT(Log1pUnitF64);
HWY_EXPORT(LogisticRF32);
HWY_EXPORT(LogisticRF64);
HWY_EXPORT(LogisticGF32);
HWY_EXPORT(LogisticGF64);
HWY_EXPORT(ExpFastF32);
HWY_EXPORT(Expm1FastF32);
HWY_EXPORT(Expm1FastShortF32);
HWY_EXPORT(Log1pUnitFastF32);
HWY_EXPORT(Target);

using LD = long double;
using F32 = void (*)(const float*, float*, std::size_t);
using F64 = void (*)(const double*, double*, std::size_t);

LD LogisticR(LD x) { return 1 / (1 + std::exp(-std::fabs(x))); }
LD LogisticG(LD x) {
  const LD e = std::exp(-std::fabs(x));
  return e / (1 + e);
}

// One row: the function in each type (f64 may be absent), its reference, the range it is
// documented for, and the error it is documented to stay within there (ulps of the result, with
// subnormal spacing below the normal range).
struct Row {
  const char* name;
  F32 f32;
  F64 f64;
  LD (*reference)(LD);
  double lo32, hi32, f32_bound;
  double lo64, hi64, f64_bound;
};

// NaN where a number is due counts as this error; targets without fused multiply-add are held to
// kLooseBound.
constexpr double kNanError = 1e30;
constexpr double kLooseBound = 2.5;

// Called through functions so that HWY_DYNAMIC_DISPATCH sees the current target choice.
#define ACTLAB_CALL_F32(Name) \
  [](const float* x, float* y, std::size_t n) { HWY_DYNAMIC_DISPATCH(Name##F32)(x, y, n); }
#define ACTLAB_CALL_F64(Name) \
  [](const double* x, double* y, std::size_t n) { HWY_DYNAMIC_DISPATCH(Name##F64)(x, y, n); }

// The documented ranges and bounds (src/vecmath/*-inl.h; measured on AVX-512 and AVX2 with this
// sweep: Exp 0.96 / 0.85 ulp (f32 / f64), Expm1NonPositive 0.86 / 0.85, Log1pUnit 1.37 / 1.37,
// Logistic.r 0.74 / 0.74, Logistic.g 1.45 / 1.43, ExpFast 0.99, Expm1Fast 0.83, Expm1FastShort
// 0.92, Log1pUnitFast 1.37). The fast forms are float only, for results in the normal range.
const Row kRows[] = {
    {"Exp", ACTLAB_CALL_F32(Exp), ACTLAB_CALL_F64(Exp), [](LD x) { return std::exp(x); },  //
     -104, 88.7, 1, -746, 709.7, 1},
    {"Expm1NonPositive", ACTLAB_CALL_F32(Expm1NonPositive), ACTLAB_CALL_F64(Expm1NonPositive),
     [](LD x) { return std::expm1(x); }, -104, 0, 1, -746, 0, 1},
    {"Log1pUnit", ACTLAB_CALL_F32(Log1pUnit), ACTLAB_CALL_F64(Log1pUnit),
     [](LD x) { return std::log1p(x); }, 0, 1, 1.5, 0, 1, 1.5},
    {"Logistic.r", ACTLAB_CALL_F32(LogisticR), ACTLAB_CALL_F64(LogisticR), LogisticR,  //
     -104, 104, 1, -746, 746, 1},
    {"Logistic.g", ACTLAB_CALL_F32(LogisticG), ACTLAB_CALL_F64(LogisticG), LogisticG,  //
     -104, 104, 1.5, -746, 746, 1.5},
    {"ExpFast", ACTLAB_CALL_F32(ExpFast), nullptr, [](LD x) { return std::exp(x); },  //
     -87, 88, 1, 0, 0, 0},
    {"Expm1Fast", ACTLAB_CALL_F32(Expm1Fast), nullptr, [](LD x) { return std::expm1(x); },  //
     -87, 0, 1, 0, 0, 0},
    {"Expm1FastShort", ACTLAB_CALL_F32(Expm1FastShort), nullptr, [](LD x) { return std::expm1(x); },
     -87, 0, 1, 0, 0, 0},
    {"Log1pUnitFast", ACTLAB_CALL_F32(Log1pUnitFast), nullptr, [](LD x) { return std::log1p(x); },
     0x1p-126, 1, 1.5, 0, 0, 0},
};

template <class T>
LD UlpOf(LD ref) {
  const LD a = std::fabs(ref);
  constexpr int kLowest = std::numeric_limits<T>::min_exponent - 1;
  if (a == 0) return std::numeric_limits<T>::denorm_min();
  const int exponent = std::max(std::ilogb(a), kLowest);
  return std::ldexp(LD(1), exponent - (std::numeric_limits<T>::digits - 1));
}

// Inputs: both ends, 2^18 uniform points, and 2^18 points spread evenly over the binades of the
// range (so that every magnitude near 0 is visited), all in T.
template <class T>
std::vector<T> Inputs(double lo, double hi) {
  std::vector<T> x = {static_cast<T>(lo), static_cast<T>(hi)};
  std::mt19937_64 rng(20261202);
  std::uniform_real_distribution<double> uniform(lo, hi);
  for (int i = 0; i < (1 << 18); ++i) x.push_back(static_cast<T>(uniform(rng)));
  const double span = std::max(std::fabs(lo), std::fabs(hi));
  std::uniform_real_distribution<double> exponent(-std::log2(span) - 60, std::log2(span));
  for (int i = 0; i < (1 << 18); ++i) {
    const double magnitude = std::exp2(exponent(rng));
    const double v = (i % 2 != 0 && lo < 0) || hi <= 0 ? -magnitude : magnitude;
    if (v >= lo && v <= hi) x.push_back(static_cast<T>(v));
  }
  return x;
}

template <class T, class F>
double MaxUlp(F f, LD (*reference)(LD), double lo, double hi, T* worst) {
  const std::vector<T> x = Inputs<T>(lo, hi);
  std::vector<T> y(x.size());
  f(x.data(), y.data(), x.size());
  double max_ulp = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const LD ref = reference(static_cast<LD>(x[i]));
    const LD err = std::fabs(static_cast<LD>(y[i]) - ref) / UlpOf<T>(ref);
    if (!(err <= max_ulp)) {  // NaN counts as the worst
      max_ulp = std::isnan(static_cast<double>(err)) ? kNanError : static_cast<double>(err);
      *worst = x[i];
    }
  }
  return max_ulp;
}

TEST(Vecmath, EveryFunctionWithinItsDocumentedError) {
  for (const std::int64_t target : hwy::SupportedAndGeneratedTargets()) {
    hwy::SetSupportedTargetsForTest(target);
    const std::string name = hwy::TargetName(HWY_DYNAMIC_DISPATCH(Target)());
    // The bounds assume fused multiply-add (AVX2 and AVX-512); the other targets are checked for
    // finite, nearly right results only.
    const bool fma = name == "AVX2" || name.starts_with("AVX3");
    for (const Row& row : kRows) {
      float worst32 = 0;
      const double ulp32 = MaxUlp<float>(row.f32, row.reference, row.lo32, row.hi32, &worst32);
      std::printf("%-8s %-18s f32 %.3f ulp (at %.9g)", name.c_str(), row.name, ulp32, worst32);
      EXPECT_LE(ulp32, fma ? row.f32_bound : kLooseBound)
          << name << " " << row.name << " f32 at " << worst32;
      if (row.f64 != nullptr) {
        double worst64 = 0;
        const double ulp64 = MaxUlp<double>(row.f64, row.reference, row.lo64, row.hi64, &worst64);
        std::printf("   f64 %.3f ulp (at %.17g)", ulp64, worst64);
        EXPECT_LE(ulp64, fma ? row.f64_bound : kLooseBound)
            << name << " " << row.name << " f64 at " << worst64;
      }
      std::printf("\n");
    }
  }
  hwy::SetSupportedTargetsForTest(0);
}

}  // namespace
}  // namespace actlab::vecmath_test
#endif  // HWY_ONCE
