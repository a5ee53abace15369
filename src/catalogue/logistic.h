// The logistic family: sigmoid, logsigmoid, softplus, silu and mish.
#ifndef ACTLAB_SRC_CATALOGUE_LOGISTIC_H_
#define ACTLAB_SRC_CATALOGUE_LOGISTIC_H_

#include "catalogue/scalar.h"

namespace actlab::catalogue {

struct Sigmoid {
  static constexpr std::string_view kAliases[] = {"logistic"};
  static constexpr AnnotationHint kNotes[] = {
      {"Saturating", 3.5, 0.7, 5, 1}, {"Saturating", -3.5, 0.3, -5, 0}, {"Linear", 2, 0.2, 0, 0.5}};
  static constexpr Info kRow = {
      .name = "sigmoid",
      .aliases = kAliases,
      .formula = "1 / (1 + exp(-x))",
      .derivative = "e / (1 + e)^2 with e = exp(-|x|)  (= f(x) (1 - f(x)))",
      .source = "logistic function; Rumelhart, Hinton & Williams 1986",
      .init = Init::kGlorotUniform,
      .plot = {.x_min = -5,
               .x_max = 5,
               .y_min = -0.2,
               .y_max = 1.2,
               .display_name = "Sigmoid",
               .annotations = kNotes,
               .in_tutorial = true},
      .accuracy = {2, 4, 2, 4},
      .tutorial_tier = 5,
      .pytorch = "Sigmoid",
      .onednn = "eltwise_logistic",
  };
  static LD Value(LD x, const double*) { return SigmoidL(x); }
  static LD Derivative(LD x, const double*) { return SigmoidDerivativeL(x); }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    return B(1) / (B(1) + exp(-x));
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    return exp(-x) / ((B(1) + exp(-x)) * (B(1) + exp(-x)));
  }
};

struct Logsigmoid {
  static constexpr std::string_view kAliases[] = {"log_sigmoid"};
  static constexpr Info kRow = {
      .name = "logsigmoid",
      .aliases = kAliases,
      .formula = "log(1 / (1 + exp(-x))) = -softplus(-x)",
      .derivative = "1 / (1 + exp(x))  (= sigmoid(-x))",
      .source = "PyTorch torch.nn.LogSigmoid",
      .init = Init::kGlorotUniform,
      .plot = {.x_min = -5, .x_max = 5, .y_min = -5.2, .y_max = 0.5, .display_name = "LogSigmoid"},
      .accuracy = {2, 4, 2, 4},
      .pytorch = "LogSigmoid",
      .onednn = "eltwise_logsigmoid",
  };
  static LD Value(LD x, const double*) {
    return x < 0 ? x - std::log1p(std::exp(x)) : -std::log1p(std::exp(-x));
  }
  static LD Derivative(LD x, const double*) { return SigmoidL(-x); }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    return x < 0 ? x - log1p(exp(x)) : -log1p(exp(-x));
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    return B(1) / (B(1) + exp(x));
  }
};

// softplus with PyTorch's semantics: linear where beta x > threshold.
struct Softplus {
  static constexpr ParamSpec kParams[] = {
      {"beta", 1, 1e-4, 1e4, false, false, {}, "sharpness: log(1 + exp(beta x)) / beta"},
      {"threshold", 20, 1e-4, 1e4, false, false, {}, "linear (f(x) = x) where beta x > threshold"}};
  static constexpr double kKinks[] = {20};
  static constexpr double kBranchPoints[] = {20};
  static constexpr Info kRow = {
      .name = "softplus",
      .params = kParams,
      .formula = "log(1 + exp(beta x)) / beta, and x where beta x > threshold",
      .derivative = "1 / (1 + exp(-beta x)), and 1 where beta x > threshold",
      .source = "Dugas et al. 2001, 'Incorporating second-order functional knowledge'",
      .init = Init::kHeNormal,
      .plot = {.x_min = -5, .x_max = 5, .y_min = -0.5, .y_max = 5.2, .display_name = "Softplus"},
      .accuracy = {2, 4, 2, 4},
      .kinks = kKinks,
      .branch_points = kBranchPoints,
      .pytorch = "Softplus",
      .onednn = "eltwise_soft_relu",
  };
  // The comparison is made in double, as PyTorch makes it.
  static bool Linear(LD x, const double* p) { return static_cast<double>(x) * p[0] > p[1]; }
  static LD Value(LD x, const double* p) {
    if (Linear(x, p)) return x;
    return SoftplusL(x * p[0]) / p[0];
  }
  static LD Derivative(LD x, const double* p) {
    if (Linear(x, p)) return 1;
    return SigmoidL(x * p[0]);
  }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    if (Linear(static_cast<LD>(x.ToDouble()), p)) return x;
    return log1p(exp(x * B(p[0]))) / B(p[0]);
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    if (Linear(static_cast<LD>(x.ToDouble()), p)) return B(1);
    return B(1) / (B(1) + exp(-x * B(p[0])));
  }
};

struct Silu {
  static constexpr std::string_view kAliases[] = {"swish"};
  static constexpr double kBranchPoints[] = {1.2784645};
  static constexpr Info kRow = {
      .name = "silu",
      .aliases = kAliases,
      .formula = "x sigmoid(x)",
      .derivative = "s (1 + x (1 - s)) with s = sigmoid(x)",
      .source = "Elfwing et al. 2017 (SiLU); Ramachandran et al. 2017 (Swish)",
      .init = Init::kHeNormal,
      .plot = {.x_min = -5, .x_max = 5, .y_min = -0.5, .y_max = 5.2, .display_name = "SiLU"},
      .accuracy = {4, 4, 4, 4},
      .branch_points = kBranchPoints,
      .pytorch = "SiLU",
      .onednn = "eltwise_swish",
  };
  static LD Value(LD x, const double*) {
    if (std::isinf(x)) return x > 0 ? x : -0.0L;
    return x * SigmoidL(x);
  }
  static LD Derivative(LD x, const double*) {
    if (std::isinf(x)) return x > 0 ? 1 : -0.0L;
    return SigmoidL(x) * (1 + x * SigmoidL(-x));
  }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    return x / (B(1) + exp(-x));
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    const B s = B(1) / (B(1) + exp(-x));
    return s + x * s * (B(1) / (B(1) + exp(x)));
  }
};

// mish = x tanh(softplus(x)). With n = e^x (e^x + 2), tanh(softplus(x)) = n / (n + 2), which is
// exact in both tails; beyond x = 50 the correction 2/n is below 2^-140 and f(x) = x.
struct Mish {
  static constexpr Info kRow = {
      .name = "mish",
      .formula = "x tanh(softplus(x))",
      .derivative = "tanh(sp) + x sech^2(sp) sigmoid(x), sp = softplus(x)",
      .source = "Misra 2019, 'Mish: A Self Regularized Non-Monotonic Activation Function'",
      .init = Init::kHeNormal,
      .plot = {.x_min = -5, .x_max = 5, .y_min = -0.5, .y_max = 5.2, .display_name = "Mish"},
      .accuracy = {4, 4, 4, 4},
      .pytorch = "Mish",
      .onednn = "eltwise_mish",
  };
  static LD Value(LD x, const double*) {
    if (x > 50) return x;
    if (std::isinf(x)) return -0.0L;
    const LD e = std::exp(x);
    const LD n = e * (e + 2);
    return x * n / (n + 2);
  }
  static LD Derivative(LD x, const double*) {
    if (x > 50) return 1;
    if (std::isinf(x)) return -0.0L;
    const LD e = std::exp(x);
    const LD n = e * (e + 2);
    const LD d = n + 2;
    return n / d + 4 * x * e * (1 + e) / (d * d);
  }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    return x * tanh(log1p(exp(x)));
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    const B t = tanh(log1p(exp(x)));
    return t + x * (B(1) - t * t) / (B(1) + exp(-x));
  }
};

}  // namespace actlab::catalogue

#endif  // ACTLAB_SRC_CATALOGUE_LOGISTIC_H_
