// The tanh family: tanh and softsign.
#ifndef ACTLAB_SIMD_ACTIVATIONS_TANH_SCALAR_H_
#define ACTLAB_SIMD_ACTIVATIONS_TANH_SCALAR_H_

#include "simd/activations/common-inl.h"

namespace actlab::defs {

struct Tanh {
  static Info Describe() {
    Info info;
    info.name = "tanh";
    info.formula = "(exp(x) - exp(-x)) / (exp(x) + exp(-x))";
    info.derivative = "4 e / (1 + e)^2 with e = exp(-2|x|)  (= 1 - f(x)^2)";
    info.source = "hyperbolic tangent; LeCun et al. 1998, 'Efficient BackProp'";
    info.init = Init::kGlorotUniform;
    info.plot = {-5, 5, -2, 2, "Tanh", "", {}, true};
    return info;
  }
  static LD Value(LD x, const double*) { return std::tanh(x); }
  static LD Derivative(LD x, const double*) {
    const LD e = std::exp(-2 * std::fabs(x));
    return 4 * e / ((1 + e) * (1 + e));
  }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    return tanh(x);
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    const B c = exp(x) + exp(-x);
    return B(4) / (c * c);
  }
};

struct Softsign {
  static Info Describe() {
    Info info;
    info.name = "softsign";
    info.formula = "x / (1 + |x|)";
    info.derivative = "1 / (1 + |x|)^2";
    info.source = "Bergstra et al. 2009; Glorot & Bengio 2010";
    info.init = Init::kGlorotUniform;
    info.plot = {-5, 5, -1.5, 1.5, "Softsign", "", {}, false};
    return info;
  }
  static LD Value(LD x, const double*) {
    if (std::isinf(x)) return x > 0 ? 1 : -1;
    return x / (1 + std::fabs(x));
  }
  static LD Derivative(LD x, const double*) {
    const LD d = 1 + std::fabs(x);
    return 1 / (d * d);
  }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    return x / (B(1) + abs(x));
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    return B(1) / ((B(1) + abs(x)) * (B(1) + abs(x)));
  }
};

}  // namespace actlab::defs

#endif  // ACTLAB_SIMD_ACTIVATIONS_TANH_SCALAR_H_
