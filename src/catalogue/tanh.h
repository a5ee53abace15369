// The tanh family: tanh and softsign.
#ifndef ACTLAB_SRC_CATALOGUE_TANH_H_
#define ACTLAB_SRC_CATALOGUE_TANH_H_

#include "catalogue/scalar.h"

namespace actlab::catalogue {

struct Tanh {
  static constexpr Info kRow = {
      .name = "tanh",
      .formula = "(exp(x) - exp(-x)) / (exp(x) + exp(-x))",
      .derivative = "4 e / (1 + e)^2 with e = exp(-2|x|)  (= 1 - f(x)^2)",
      .source = "hyperbolic tangent; LeCun et al. 1998, 'Efficient BackProp'",
      .init = Init::kGlorotUniform,
      .plot = {.x_min = -5,
               .x_max = 5,
               .y_min = -2,
               .y_max = 2,
               .display_name = "Tanh",
               .in_tutorial = true},
      .accuracy = {2, 4, 2, 4},
      .tutorial_tier = 4,
      .pytorch = "Tanh",
      .onednn = "eltwise_tanh",
  };
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
  static constexpr Info kRow = {
      .name = "softsign",
      .formula = "x / (1 + |x|)",
      .derivative = "1 / (1 + |x|)^2",
      .source = "Bergstra et al. 2009; Glorot & Bengio 2010",
      .init = Init::kGlorotUniform,
      .plot = {.x_min = -5, .x_max = 5, .y_min = -1.5, .y_max = 1.5, .display_name = "Softsign"},
      .accuracy = {4, 4, 4, 4},
      .pytorch = "Softsign",
  };
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

}  // namespace actlab::catalogue

#endif  // ACTLAB_SRC_CATALOGUE_TANH_H_
