// GELU, exact (erf) and tanh-approximated. Both are written so that the negative tail keeps its
// digits: x Phi(x) = x/2 erfc(-x/sqrt2), and the tanh form as x sigmoid(2u).
#ifndef ACTLAB_SRC_CATALOGUE_GELU_H_
#define ACTLAB_SRC_CATALOGUE_GELU_H_

#include "catalogue/scalar.h"

namespace actlab::catalogue {

struct Gelu {
  static constexpr std::string_view kApproximate[] = {"none", "tanh"};
  static constexpr LD kSqrtHalf = 0.707106781186547524400844362104849039L;
  static constexpr LD kInvSqrt2Pi = 0.398942280401432677939946059934381868L;
  static constexpr LD kSqrt2OverPi = 0.797884560802865355879892119868763737L;
  static constexpr LD kCubic = 0.044715L;
  static constexpr LD kSqrtHalfLo = 1.895032558893257079655062e-20L;  // sqrt(1/2) - kSqrtHalf
  static constexpr LD kTwoOverSqrtPi = 1.12837916709551257389615890312154517L;

  static constexpr ParamSpec kParams[] = {
      {"approximate", 0, 0, 1, false, false, kApproximate,
       "none: x Phi(x) with erf; tanh: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))"}};
  static constexpr double kBranchPoints[] = {0.70710678118654752};
  static constexpr Info kRow = {
      .name = "gelu",
      .params = kParams,
      .formula =
          "x Phi(x) = x/2 (1 + erf(x / sqrt 2)); approximate=tanh: x/2 (1 + tanh(sqrt(2/pi) (x + "
          "0.044715 x^3)))",
      .derivative = "Phi(x) + x phi(x); approximate=tanh: s + 2 x s (1 - s) u', s = sigmoid(2u)",
      .source = "Hendrycks & Gimpel 2016, 'Gaussian Error Linear Units (GELUs)'",
      .init = Init::kHeNormal,
      .plot = {.x_min = -5, .x_max = 5, .y_min = -0.5, .y_max = 5.2, .display_name = "GELU"},
      // The bounds; measured (both forms, docs/kernels.md): at most 3.47 ulp forward and
      // 2.94 backward over every float32, 3.12 forward and 3.73 backward on 2^24 float64 inputs.
      .accuracy = {4, 4, 4, 4},
      .branch_points = kBranchPoints,
      .pytorch = "GELU",
      .onednn = "eltwise_gelu_erf",
  };
  static bool UsesTanh(const double* p) { return p[0] != 0; }
  // u = sqrt(2/pi) (x + 0.044715 x^3), the tanh form's argument.
  static LD U(LD x) { return kSqrt2OverPi * (x + kCubic * x * x * x); }

  // a b - p exactly, for p = a b rounded (Dekker: long double's significand split in halves).
  static LD ProductError(LD a, LD b, LD p) {
    constexpr LD kSplitter = 4294967297.0L;  // 2^32 + 1
    const LD ta = kSplitter * a, a_hi = ta - (ta - a), a_lo = a - a_hi;
    const LD tb = kSplitter * b, b_hi = tb - (tb - b), b_lo = b - b_hi;
    return ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo;
  }
  // erfc(-x/sqrt2) with the rounding error of its argument carried to first order. In the far
  // tail erfc's relative condition is 2z^2 (1370 at x = -37), where rounding x/sqrt2 to long
  // double alone put this oracle 0.6 ulp of double off.
  static LD ErfcOfMinusScaled(LD x) {
    const LD q = x * kSqrtHalf;
    if (!(std::fabs(x) < 256)) return std::erfc(-q);  // (the splitting would overflow)
    const LD q_lo = ProductError(x, kSqrtHalf, q) + x * kSqrtHalfLo;  // x/sqrt2 = q + q_lo
    return std::erfc(-q) + q_lo * kTwoOverSqrtPi * std::exp(-q * q);
  }
  // exp(-x^2/2) with x^2 as hi + lo (the same condition, x^2/2, for the derivative's phi).
  static LD ExpMinusHalfSquare(LD x) {
    const LD sq = x * x;
    if (!(std::fabs(x) < 256)) return std::exp(-sq / 2);
    return std::exp(-sq / 2) * (1 - ProductError(x, x, sq) / 2);
  }

  static LD Value(LD x, const double* p) {
    if (std::isinf(x)) return x > 0 ? x : -0.0L;
    if (UsesTanh(p)) return x * SigmoidL(2 * U(x));
    return x / 2 * ErfcOfMinusScaled(x);
  }
  static LD Derivative(LD x, const double* p) {
    if (std::isinf(x)) return x > 0 ? 1 : -0.0L;
    if (UsesTanh(p)) {
      const LD s = SigmoidL(2 * U(x));
      const LD one_minus_s = SigmoidL(-2 * U(x));
      const LD du = kSqrt2OverPi * (1 + 3 * kCubic * x * x);
      return s + 2 * x * s * one_minus_s * du;
    }
    return ErfcOfMinusScaled(x) / 2 + x * kInvSqrt2Pi * ExpMinusHalfSquare(x);
  }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    if (UsesTanh(p)) {
      const B u = sqrt(B(2) / B::Pi()) * (x + B(std::string("0.044715")) * x * x * x);
      return x / (B(1) + exp(-B(2) * u));
    }
    return x / B(2) * erfc(-x / sqrt(B(2)));
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    if (UsesTanh(p)) {
      const B c = B(std::string("0.044715"));
      const B u = sqrt(B(2) / B::Pi()) * (x + c * x * x * x);
      const B du = sqrt(B(2) / B::Pi()) * (B(1) + B(3) * c * x * x);
      const B s = B(1) / (B(1) + exp(-B(2) * u));
      const B one_minus_s = B(1) / (B(1) + exp(B(2) * u));
      return s + B(2) * x * s * one_minus_s * du;
    }
    return erfc(-x / sqrt(B(2))) / B(2) + x * exp(-x * x / B(2)) / sqrt(B(2) * B::Pi());
  }
};

}  // namespace actlab::catalogue

#endif  // ACTLAB_SRC_CATALOGUE_GELU_H_
