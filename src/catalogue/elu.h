// The exponential-linear family: elu, selu and celu. The negative branch uses expm1, never
// exp(x) - 1, which loses every digit as x -> 0-.
#ifndef ACTLAB_SRC_CATALOGUE_ELU_H_
#define ACTLAB_SRC_CATALOGUE_ELU_H_

#include "catalogue/scalar.h"

namespace actlab::catalogue {

struct Elu {
  static constexpr ParamSpec kParams[] = {
      {"alpha", 1, 0, 1000, false, false, {}, "saturation value -alpha for x -> -inf"}};
  static constexpr double kKinks[] = {0};
  static constexpr Info kRow = {
      .name = "elu",
      .params = kParams,
      .formula = "x for x > 0, alpha (exp(x) - 1) for x <= 0",
      .derivative = "1 for x > 0, alpha exp(x) for x <= 0 (alpha at x = 0; = f(x) + alpha)",
      .source =
          "Clevert, Unterthiner & Hochreiter 2015, 'Fast and Accurate Deep Network Learning by "
          "Exponential Linear Units'",
      .init = Init::kHeNormal,
      .plot = {.x_min = -5,
               .x_max = 5,
               .y_min = -2.2,
               .y_max = 5.2,
               .display_name = "ELU",
               .in_tutorial = true},
      .accuracy = {2, 4, 2, 4},
      .kinks = kKinks,
      .tutorial_tier = 1,
      .pytorch = "ELU",
      .onednn = "eltwise_elu",
  };
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
inline constexpr LD kSeluAlphaExtended = ACTLAB_SELU_LONG(ACTLAB_SELU_ALPHA);
inline constexpr LD kSeluScaleExtended = ACTLAB_SELU_LONG(ACTLAB_SELU_SCALE);

struct Selu {
  static constexpr double kKinks[] = {0};
  static constexpr Info kRow = {
      .name = "selu",
      .formula = "scale (x for x > 0, alpha (exp(x) - 1) for x <= 0), alpha = " ACTLAB_SELU_TEXT(
          ACTLAB_SELU_ALPHA) ", scale = " ACTLAB_SELU_TEXT(ACTLAB_SELU_SCALE),
      .derivative = "scale for x > 0, scale alpha exp(x) for x <= 0 (scale alpha at x = 0)",
      .source = "Klambauer et al. 2017, 'Self-Normalizing Neural Networks'",
      .init = Init::kLeCunNormal,
      .plot = {.x_min = -5,
               .x_max = 5,
               .y_min = -2.2,
               .y_max = 5.2,
               .display_name = "SELU",
               .in_tutorial = true},
      .accuracy = {2, 4, 2, 4},
      .kinks = kKinks,
      .tutorial_tier = 1,
      .pytorch = "SELU",
  };
  static LD Value(LD x, const double*) {
    return x > 0 ? kSeluScaleExtended * x : kSeluScaleExtended * kSeluAlphaExtended * std::expm1(x);
  }
  static LD Derivative(LD x, const double*) {
    return x > 0 ? kSeluScaleExtended : kSeluScaleExtended * kSeluAlphaExtended * std::exp(x);
  }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    const B scale(std::string(ACTLAB_SELU_TEXT(ACTLAB_SELU_SCALE)));
    const B alpha(std::string(ACTLAB_SELU_TEXT(ACTLAB_SELU_ALPHA)));
    return x > 0 ? scale * x : scale * alpha * expm1(x);
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    const B scale(std::string(ACTLAB_SELU_TEXT(ACTLAB_SELU_SCALE)));
    const B alpha(std::string(ACTLAB_SELU_TEXT(ACTLAB_SELU_ALPHA)));
    return x > 0 ? scale : scale * alpha * exp(x);
  }
};

struct Celu {
  static constexpr ParamSpec kParams[] = {
      {"alpha", 1, 1e-4, 1e4, false, false, {}, "saturation value -alpha and scale of the curve"}};
  static constexpr double kKinks[] = {0};
  static constexpr Info kRow = {
      .name = "celu",
      .params = kParams,
      .formula = "max(0, x) + min(0, alpha (exp(x / alpha) - 1))",
      .derivative = "1 for x > 0, exp(x / alpha) for x <= 0 (1 at x = 0)",
      .source = "Barron 2017, 'Continuously Differentiable Exponential Linear Units'",
      .init = Init::kHeNormal,
      .plot = {.x_min = -5, .x_max = 5, .y_min = -2.2, .y_max = 5.2, .display_name = "CELU"},
      .accuracy = {2, 4, 2, 4},
      .kinks = kKinks,
      .pytorch = "CELU",
      .onednn = "eltwise_elu",
  };
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

}  // namespace actlab::catalogue

#endif  // ACTLAB_SRC_CATALOGUE_ELU_H_
