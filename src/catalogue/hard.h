// The piecewise-polynomial "hard" family: hardsigmoid and hardswish (MobileNetV3).
#ifndef ACTLAB_SRC_CATALOGUE_HARD_H_
#define ACTLAB_SRC_CATALOGUE_HARD_H_

#include "catalogue/scalar.h"

namespace actlab::catalogue {

struct Hardsigmoid {
  static constexpr std::string_view kAliases[] = {"hard_sigmoid"};
  static constexpr double kKinks[] = {-3, 3};
  static constexpr double kBranchPoints[] = {3};
  static constexpr Info kRow = {
      .name = "hardsigmoid",
      .aliases = kAliases,
      .formula = "0 for x <= -3, 1 for x >= 3, x/6 + 1/2 between",
      .derivative = "1/6 for -3 < x < 3, else 0 (0 at +-3)",
      .source = "Howard et al. 2019, 'Searching for MobileNetV3'; PyTorch torch.nn.Hardsigmoid",
      .init = Init::kGlorotUniform,
      .plot = {.x_min = -5, .x_max = 5, .y_min = -0.2, .y_max = 1.2, .display_name = "Hardsigmoid"},
      // Correctly rounded (every float32; 2^24 float64 inputs).
      .accuracy = {0, 0, 0, 0},
      .kinks = kKinks,
      .branch_points = kBranchPoints,
      .pytorch = "Hardsigmoid",
  };
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
  static constexpr std::string_view kAliases[] = {"hard_swish"};
  static constexpr double kKinks[] = {-3, 3};
  static constexpr double kBranchPoints[] = {1.5, 3};
  static constexpr Info kRow = {
      .name = "hardswish",
      .aliases = kAliases,
      .formula = "x relu6(x + 3) / 6: 0 for x <= -3, x for x >= 3, x (x + 3) / 6 between",
      .derivative =
          "0 for x < -3, 1 for x > 3, (2x + 3) / 6 on [-3, 3] (-1/2 at -3 and 3/2 at 3, as "
          "PyTorch)",
      .source = "Howard et al. 2019, 'Searching for MobileNetV3'",
      .init = Init::kHeNormal,
      .plot = {.x_min = -5, .x_max = 5, .y_min = -1, .y_max = 5.2, .display_name = "Hardswish"},
      .accuracy = {4, 4, 4, 4},
      .kinks = kKinks,
      .branch_points = kBranchPoints,
      .pytorch = "Hardswish",
      .onednn = "eltwise_hardswish",
  };
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

}  // namespace actlab::catalogue

#endif  // ACTLAB_SRC_CATALOGUE_HARD_H_
