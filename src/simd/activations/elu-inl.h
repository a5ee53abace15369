// The exponential-linear family: elu, selu and celu. The negative branch uses expm1, never
// exp(x) - 1, which loses every digit as x -> 0-.
#ifndef ACTLAB_SIMD_ACTIVATIONS_ELU_SCALAR_H_
#define ACTLAB_SIMD_ACTIVATIONS_ELU_SCALAR_H_

#include "simd/activations/common-inl.h"

namespace actlab::defs {

struct Elu {
  static Info Describe() {
    static constexpr ParamSpec kParams[] = {
        {"alpha", 1, 0, kInf, false, true, {}, "saturation value -alpha for x -> -inf"}};
    Info info;
    info.name = "elu";
    info.params = kParams;
    info.formula = "x for x > 0, alpha (exp(x) - 1) for x <= 0";
    info.derivative = "1 for x > 0, alpha exp(x) for x <= 0 (alpha at x = 0; = f(x) + alpha)";
    info.source = "Clevert, Unterthiner & Hochreiter 2015, 'Fast and Accurate Deep Network Learning by Exponential Linear Units'";
    info.init = Init::kHeNormal;
    info.plot = {-5, 5, -2.2, 5.2, "ELU", "", {}, true};
    return info;
  }
  static LD Value(LD x, const double* p) { return x > 0 ? x : p[0] * std::expm1(x); }
  static LD Derivative(LD x, const double* p) { return x > 0 ? 1 : p[0] * std::exp(x); }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    return x > 0 ? x : B(p[0]) * expm1(x);
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    return x > 0 ? B(1) : B(p[0]) * exp(x);
  }
};

// The constants of Klambauer et al., to the digits the tutorial quotes; `actlab theory
// --selu-constants` derives them.
inline constexpr LD kSeluAlpha = 1.6732632423543772848170429916717L;
inline constexpr LD kSeluScale = 1.0507009873554804934193349852946L;

struct Selu {
  static Info Describe() {
    Info info;
    info.name = "selu";
    info.formula = "scale (x for x > 0, alpha (exp(x) - 1) for x <= 0), alpha = 1.6732632423543772848170429916717, scale = 1.0507009873554804934193349852946";
    info.derivative = "scale for x > 0, scale alpha exp(x) for x <= 0 (scale alpha at x = 0)";
    info.source = "Klambauer et al. 2017, 'Self-Normalizing Neural Networks'";
    info.init = Init::kLeCunNormal;
    info.plot = {-5, 5, -2.2, 5.2, "SELU", "", {}, true};
    return info;
  }
  static LD Value(LD x, const double*) {
    return x > 0 ? kSeluScale * x : kSeluScale * kSeluAlpha * std::expm1(x);
  }
  static LD Derivative(LD x, const double*) {
    return x > 0 ? kSeluScale : kSeluScale * kSeluAlpha * std::exp(x);
  }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    const B scale(std::string("1.0507009873554804934193349852946"));
    const B alpha(std::string("1.6732632423543772848170429916717"));
    return x > 0 ? scale * x : scale * alpha * expm1(x);
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    const B scale(std::string("1.0507009873554804934193349852946"));
    const B alpha(std::string("1.6732632423543772848170429916717"));
    return x > 0 ? scale : scale * alpha * exp(x);
  }
};

struct Celu {
  static Info Describe() {
    static constexpr ParamSpec kParams[] = {
        {"alpha", 1, 0, kInf, true, true, {}, "saturation value -alpha and scale of the curve"}};
    Info info;
    info.name = "celu";
    info.params = kParams;
    info.formula = "max(0, x) + min(0, alpha (exp(x / alpha) - 1))";
    info.derivative = "1 for x > 0, exp(x / alpha) for x <= 0 (1 at x = 0)";
    info.source = "Barron 2017, 'Continuously Differentiable Exponential Linear Units'";
    info.init = Init::kHeNormal;
    info.plot = {-5, 5, -2.2, 5.2, "CELU", "", {}, false};
    return info;
  }
  static LD Value(LD x, const double* p) { return x > 0 ? x : p[0] * std::expm1(x / p[0]); }
  static LD Derivative(LD x, const double* p) { return x > 0 ? 1 : std::exp(x / p[0]); }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    return x > 0 ? x : B(p[0]) * expm1(x / B(p[0]));
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    return x > 0 ? B(1) : exp(x / B(p[0]));
  }
};

}  // namespace actlab::defs

#endif  // ACTLAB_SIMD_ACTIVATIONS_ELU_SCALAR_H_
