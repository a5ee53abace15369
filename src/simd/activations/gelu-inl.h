// GELU, exact (erf) and tanh-approximated. Both are written so that the negative tail keeps its
// digits: x Phi(x) = x/2 erfc(-x/sqrt2), and the tanh form as x sigmoid(2u).
#ifndef ACTLAB_SIMD_ACTIVATIONS_GELU_SCALAR_H_
#define ACTLAB_SIMD_ACTIVATIONS_GELU_SCALAR_H_

#include "simd/activations/common-inl.h"

namespace actlab::defs {

struct Gelu {
  static constexpr std::string_view kApproximate[] = {"none", "tanh"};
  static constexpr LD kSqrtHalf = 0.707106781186547524400844362104849039L;
  static constexpr LD kInvSqrt2Pi = 0.398942280401432677939946059934381868L;
  static constexpr LD kSqrt2OverPi = 0.797884560802865355879892119868763737L;
  static constexpr LD kCubic = 0.044715L;

  static Info Describe() {
    static constexpr ParamSpec kParams[] = {
        {"approximate", 0, 0, 1, false, false, kApproximate,
         "none: x Phi(x) with erf; tanh: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))"}};
    Info info;
    info.name = "gelu";
    info.params = kParams;
    info.formula = "x Phi(x) = x/2 (1 + erf(x / sqrt 2)); approximate=tanh: x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))";
    info.derivative = "Phi(x) + x phi(x); approximate=tanh: s + 2 x s (1 - s) u', s = sigmoid(2u)";
    info.source = "Hendrycks & Gimpel 2016, 'Gaussian Error Linear Units (GELUs)'";
    info.init = Init::kHeNormal;
    info.plot = {-5, 5, -0.5, 5.2, "GELU", "", {}, false};
    return info;
  }
  static bool UsesTanh(const double* p) { return p[0] != 0; }
  // u = sqrt(2/pi) (x + 0.044715 x^3), the tanh form's argument.
  static LD U(LD x) { return kSqrt2OverPi * (x + kCubic * x * x * x); }

  static LD Value(LD x, const double* p) {
    if (std::isinf(x)) return x > 0 ? x : -0.0L;
    if (UsesTanh(p)) return x * SigmoidL(2 * U(x));
    return x / 2 * std::erfc(-x * kSqrtHalf);
  }
  static LD Derivative(LD x, const double* p) {
    if (std::isinf(x)) return x > 0 ? 1 : -0.0L;
    if (UsesTanh(p)) {
      const LD s = SigmoidL(2 * U(x));
      const LD one_minus_s = SigmoidL(-2 * U(x));
      const LD du = kSqrt2OverPi * (1 + 3 * kCubic * x * x);
      return s + 2 * x * s * one_minus_s * du;
    }
    return std::erfc(-x * kSqrtHalf) / 2 + x * kInvSqrt2Pi * std::exp(-x * x / 2);
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

}  // namespace actlab::defs

#endif  // ACTLAB_SIMD_ACTIVATIONS_GELU_SCALAR_H_
