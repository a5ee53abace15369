// The rectifier family: relu, leaky_relu, rrelu, prelu, relu6, hardtanh and hardshrink. Piecewise
// linear, so every result is exact.
#ifndef ACTLAB_SRC_CATALOGUE_RELU_H_
#define ACTLAB_SRC_CATALOGUE_RELU_H_

#include <bit>

#include "catalogue/scalar.h"

namespace actlab::catalogue {

inline constexpr AccuracyBound kExact = {0, 0, 0, 0};

// x if x >= 0 else slope x: the form that is right for every slope (max(slope x, x) is not for
// slope > 1). The derivative at 0 is the slope, as PyTorch's autograd has it.
inline LD LeakyL(LD x, LD slope) { return x >= 0 ? x : slope * x; }
inline LD LeakyDerivativeL(LD x, LD slope) { return x > 0 ? 1 : slope; }

struct Relu {
  static constexpr double kKinks[] = {0};
  static constexpr Info kRow = {
      .name = "relu",
      .formula = "max(0, x)",
      .derivative = "1 for x > 0, else 0 (0 at x = 0)",
      .source = "Nair & Hinton 2010; Glorot, Bordes & Bengio 2011",
      .init = Init::kHeNormal,
      .plot = {.x_min = -5, .x_max = 5, .y_min = -0.5, .y_max = 5.2, .display_name = "ReLU"},
      .accuracy = kExact,
      .kinks = kKinks,
      .tutorial_tier = 3,
      .pytorch = "ReLU",
      .onednn = "eltwise_relu",
  };
  static LD Value(LD x, const double*) { return x > 0 ? x : 0; }
  static LD Derivative(LD x, const double*) { return x > 0 ? 1 : 0; }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    return x > 0 ? x : B(0);
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    return x > 0 ? B(1) : B(0);
  }
};

struct LeakyRelu {
  static constexpr std::string_view kAliases[] = {"leakyrelu", "lrelu"};
  static constexpr ParamSpec kParams[] = {
      {"alpha", 0.01, 0, kParamMax, false, false, {}, "slope for x < 0 (PyTorch: negative_slope)"}};
  static constexpr AnnotationHint kNotes[] = {{"Leak", -3.5, 0.5, -5, -0.2}};
  static constexpr double kKinks[] = {0};
  static constexpr Info kRow = {
      .name = "leaky_relu",
      .aliases = kAliases,
      .params = kParams,
      .formula = "x for x >= 0, alpha x for x < 0",
      .derivative = "1 for x > 0, alpha for x <= 0",
      .source =
          "Maas, Hannun & Ng 2013, 'Rectifier Nonlinearities Improve Neural Network Acoustic "
          "Models'",
      .init = Init::kHeNormal,
      .plot = {.x_min = -5,
               .x_max = 5,
               .y_min = -0.5,
               .y_max = 4.2,
               .display_name = "Leaky ReLU",
               .figure_spec = "leaky_relu:alpha=0.05",
               .annotations = kNotes,
               .in_tutorial = true},
      .accuracy = kExact,
      .kinks = kKinks,
      .tutorial_tier = 2,
      .pytorch = "LeakyReLU",
      .onednn = "eltwise_relu",
  };
  static LD Value(LD x, const double* p) { return LeakyL(x, p[0]); }
  static LD Derivative(LD x, const double* p) { return LeakyDerivativeL(x, p[0]); }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    return x >= 0 ? x : B(p[0]) * x;
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    return x > 0 ? B(1) : B(p[0]);
  }
};

// Randomized leaky ReLU. The scalar maths is evaluation mode: the slope is the mean of U(lower,
// upper). Training mode (one random slope per negative element) lives in the nn layer.
struct Rrelu {
  static constexpr ParamSpec kParams[] = {
      {"lower", 1.0 / 8, 0, 1, false, false, {}, "lower bound of the random slope"},
      {"upper", 1.0 / 3, 0, 1, false, false, {}, "upper bound of the random slope"}};
  static constexpr double kKinks[] = {0};
  static constexpr Info kRow = {
      .name = "rrelu",
      .params = kParams,
      .formula =
          "x for x >= 0, a x for x < 0; a ~ U(lower, upper) in training, (lower + upper) / 2 in "
          "evaluation",
      .derivative = "1 for x > 0, a for x <= 0",
      .source =
          "Xu et al. 2015, 'Empirical Evaluation of Rectified Activations in Convolutional "
          "Network'",
      .init = Init::kHeNormal,
      .plot = {.x_min = -5, .x_max = 5, .y_min = -1, .y_max = 5.2, .display_name = "RReLU"},
      .accuracy = kExact,
      .kinks = kKinks,
      .tutorial_tier = 2,
      .pytorch = "RReLU",
      .onednn = "eltwise_relu",
  };
  static std::string CheckParams(const double* p) {
    return p[0] <= p[1] ? "" : "lower must not exceed upper";
  }
  static LD Slope(const double* p) { return (static_cast<LD>(p[0]) + p[1]) / 2; }
  static LD Value(LD x, const double* p) { return LeakyL(x, static_cast<double>(Slope(p))); }
  static LD Derivative(LD x, const double* p) {
    return LeakyDerivativeL(x, static_cast<double>(Slope(p)));
  }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    const B a(static_cast<double>(Slope(p)));
    return x >= 0 ? x : a * x;
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    return x > 0 ? B(1) : B(static_cast<double>(Slope(p)));
  }
};

// Parametric ReLU: a learned slope, one per channel or one in all; the layer keeps the slopes.
struct Prelu {
  static constexpr ParamSpec kParams[] = {{"alpha",
                                           0.25,
                                           -kParamMax,
                                           kParamMax,
                                           false,
                                           false,
                                           {},
                                           "initial slope for x < 0 (learned)",
                                           true}};
  static constexpr double kKinks[] = {0};
  static constexpr Info kRow = {
      .name = "prelu",
      .params = kParams,
      .formula = "x for x >= 0, alpha x for x < 0, alpha learned",
      .derivative = "df/dx = 1 for x > 0, alpha for x <= 0; df/dalpha = min(0, x)",
      .source = "He et al. 2015, 'Delving Deep into Rectifiers'",
      .init = Init::kHeNormal,
      .plot = {.x_min = -5, .x_max = 5, .y_min = -1.5, .y_max = 5.2, .display_name = "PReLU"},
      .accuracy = kExact,
      .kinks = kKinks,
      .tutorial_tier = 2,
      .pytorch = "PReLU",
      .onednn = "eltwise_relu",
  };
  static LD Value(LD x, const double* p) { return LeakyL(x, p[0]); }
  static LD Derivative(LD x, const double* p) { return LeakyDerivativeL(x, p[0]); }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    return x >= 0 ? x : B(p[0]) * x;
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    return x > 0 ? B(1) : B(p[0]);
  }
};

// Clamp to [lo, hi]; the derivative is 0 at the corners, as PyTorch's autograd has it.
inline LD ClampL(LD x, LD lo, LD hi) { return x < lo ? lo : (x > hi ? hi : x); }
inline LD ClampDerivativeL(LD x, LD lo, LD hi) { return x > lo && x < hi ? 1 : 0; }

struct Hardtanh {
  static constexpr std::string_view kAliases[] = {"hard_tanh"};
  static constexpr ParamSpec kParams[] = {
      {"min", -1, -kParamMax, kParamMax, false, false, {}, "lower clamp value"},
      {"max", 1, -kParamMax, kParamMax, false, false, {}, "upper clamp value"}};
  static constexpr double kKinks[] = {-1, 1};
  static constexpr double kBranchPoints[] = {1};
  static constexpr Info kRow = {
      .name = "hardtanh",
      .aliases = kAliases,
      .params = kParams,
      .formula = "min(max(x, min), max)",
      .derivative = "1 for min < x < max, else 0 (0 at the corners)",
      .source = "Collobert 2004; PyTorch torch.nn.Hardtanh",
      .init = Init::kGlorotUniform,
      .plot = {.x_min = -3, .x_max = 3, .y_min = -1.5, .y_max = 1.5, .display_name = "Hardtanh"},
      .accuracy = kExact,
      .kinks = kKinks,
      .branch_points = kBranchPoints,
      .pytorch = "Hardtanh",
      .onednn = "eltwise_clip_v2",
  };
  static std::string CheckParams(const double* p) {
    return p[0] < p[1] ? "" : "min must be less than max";
  }
  static LD Value(LD x, const double* p) { return ClampL(x, p[0], p[1]); }
  static LD Derivative(LD x, const double* p) { return ClampDerivativeL(x, p[0], p[1]); }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    return x < B(p[0]) ? B(p[0]) : (x > B(p[1]) ? B(p[1]) : x);
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    return x > B(p[0]) && x < B(p[1]) ? B(1) : B(0);
  }
};

struct Relu6 {
  static constexpr double kKinks[] = {0, 6};
  static constexpr double kBranchPoints[] = {6};
  static constexpr Info kRow = {
      .name = "relu6",
      .formula = "min(max(0, x), 6)",
      .derivative = "1 for 0 < x < 6, else 0 (0 at the corners)",
      .source = "Krizhevsky 2010; Howard et al. 2017 (MobileNets)",
      .init = Init::kHeNormal,
      .plot = {.x_min = -3, .x_max = 9, .y_min = -0.5, .y_max = 6.5, .display_name = "ReLU6"},
      .accuracy = kExact,
      .kinks = kKinks,
      .branch_points = kBranchPoints,
      .pytorch = "ReLU6",
      .onednn = "eltwise_clip_v2",
  };
  static LD Value(LD x, const double*) { return ClampL(x, 0, 6); }
  static LD Derivative(LD x, const double*) { return ClampDerivativeL(x, 0, 6); }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    return x < 0 ? B(0) : (x > 6 ? B(6) : x);
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    return x > 0 && x < 6 ? B(1) : B(0);
  }
};

// Hard shrinkage (soft thresholding's hard form): small inputs set to 0, others kept.
struct Hardshrink {
  static constexpr ParamSpec kParams[] = {{"lambd",
                                           0.5,
                                           0,
                                           kParamMax,
                                           false,
                                           false,
                                           {},
                                           "inputs with |x| <= lambd give 0 (PyTorch's name)"}};
  static constexpr double kKinks[] = {-0.5, 0.5};
  static constexpr double kBranchPoints[] = {0.5};
  static constexpr Info kRow = {
      .name = "hardshrink",
      .params = kParams,
      .formula = "x for |x| > lambd, else 0",
      .derivative = "1 for |x| > lambd, else 0 (0 at +-lambd)",
      .source = "Donoho & Johnstone 1994 (hard thresholding); PyTorch torch.nn.Hardshrink",
      .init = Init::kHeNormal,
      .plot = {.x_min = -3, .x_max = 3, .y_min = -3.2, .y_max = 3.2, .display_name = "Hardshrink"},
      .accuracy = kExact,
      .kinks = kKinks,
      .branch_points = kBranchPoints,
      .pytorch = "Hardshrink",
  };
  static LD Value(LD x, const double* p) { return std::fabs(x) > p[0] ? x : 0; }
  static LD Derivative(LD x, const double* p) { return std::fabs(x) > p[0] ? 1 : 0; }
  // The definition evaluated in high precision (instantiated by the tests with an MPFR type),
  // written from the textbook formula, not from the code above.
  template <class B>
  static B Reference(const B& x, [[maybe_unused]] const double* p) {
    return x > B(p[0]) || x < B(-p[0]) ? x : B(0);
  }
  template <class B>
  static B ReferenceDerivative(const B& x, [[maybe_unused]] const double* p) {
    return x > B(p[0]) || x < B(-p[0]) ? B(1) : B(0);
  }
};

}  // namespace actlab::catalogue

#endif  // ACTLAB_SRC_CATALOGUE_RELU_H_
