// The catalogue of activations: what each one is (Info), and one configured activation (Activation)
// with its exact scalar value and derivative. Free of SIMD types.
#ifndef ACTLAB_ACTIVATION_H_
#define ACTLAB_ACTIVATION_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace actlab {

// One enumerator per row of activations.inc, in its order.
enum class Kind : std::uint8_t {
#define ACTLAB_ACTIVATION(Name) k##Name,
#include "actlab/activations.inc"
};
inline constexpr int kNumKinds = 0
#define ACTLAB_ACTIVATION(Name) +1
#include "actlab/activations.inc"
    ;

// SELU's constants (Klambauer et al. 2017) to the digits the tutorial quotes, written once: as
// double, as long double (ACTLAB_SELU_LONG) and as text for high-precision types
// (ACTLAB_SELU_TEXT). `actlab theory --selu-constants` derives them.
#define ACTLAB_SELU_ALPHA 1.6732632423543772848170429916717
#define ACTLAB_SELU_SCALE 1.0507009873554804934193349852946
#define ACTLAB_SELU_PASTE(a, b) a##b
#define ACTLAB_SELU_LONG(c) ACTLAB_SELU_PASTE(c, L)
#define ACTLAB_SELU_QUOTE(c) #c
#define ACTLAB_SELU_TEXT(c) ACTLAB_SELU_QUOTE(c)
inline constexpr double kSeluAlpha = ACTLAB_SELU_ALPHA;
inline constexpr double kSeluScale = ACTLAB_SELU_SCALE;

// The weight initialisation an activation is usually paired with.
enum class Init : std::uint8_t {
  kLeCunNormal,    // N(0, 1/fan_in)
  kHeNormal,       // N(0, 2/fan_in)
  kGlorotUniform,  // U(-a, a), a = sqrt(6/(fan_in+fan_out))
};
std::string_view ToString(Init init);  // "lecun_normal", "he_normal", "glorot_uniform"
// The rule a name stands for: "lecun" or "lecun_normal", "he" or "he_normal", "glorot" or
// "glorot_uniform"; nullopt for any other text. Every command and module reads names with this.
std::optional<Init> InitFromName(std::string_view name);

// A numeric parameter of an activation. Enumerated parameters (gelu's `approximate`) store the
// index of the chosen word; `choices` lists the words.
struct ParamSpec {
  std::string_view name;
  double default_value = 0;
  double min = 0;  // allowed range; open or closed at each end
  double max = 0;
  bool min_open = false;
  bool max_open = false;
  std::span<const std::string_view> choices = {};
  std::string_view description;
  bool learnable = false;  // trained by the network (prelu's slope)
};

// An arrow with a label, as the tutorial's figures draw them ("Saturating", "Linear", "Leak").
struct AnnotationHint {
  std::string_view text = {};
  double text_x, text_y;      // where the label is anchored (data coordinates)
  double target_x, target_y;  // the point the arrow points to (data coordinates)
};

// How the activation's figure is drawn: ranges, title, annotations. The x = 0 and y = 0 axes are
// drawn solid; finite asymptotes other than 0 are drawn dashed by the plot module.
struct PlotHints {
  double x_min = -5, x_max = 5;
  double y_min = 0, y_max = 0;  // y_min == y_max: choose from the data
  std::string_view display_name =
      {};  // "Leaky ReLU": the title is "<display_name> activation function"
  std::string_view figure_spec =
      {};  // the spec drawn in the tutorial's figure ("leaky_relu:alpha=0.05")
  std::span<const AnnotationHint> annotations = {};
  bool in_tutorial = false;  // one of the tutorial's figures (sigmoid, tanh, leaky_relu, elu, selu)
};

// The accuracy the kernels meet, in units in the last place, against a high-precision reference.
struct AccuracyBound {
  double f32_forward = 4, f32_backward = 4;
  double f64_forward = 4, f64_backward = 4;
};

// Everything the catalogue says about one activation.
struct Info {
  Kind kind{};
  std::string_view name = {};  // lower_snake, PyTorch's name where it has one
  std::span<const std::string_view> aliases = {};
  std::span<const ParamSpec> params = {};
  std::string_view formula = {};     // f(x), plain text
  std::string_view derivative = {};  // f'(x), plain text, with the convention at kinks
  std::string_view source = {};      // the paper or library it comes from
  Init init = Init::kHeNormal;
  PlotHints plot = {};
  AccuracyBound accuracy = {};
  // Where f is not differentiable at the default parameters; f' there follows PyTorch's autograd
  // (the tests compare the kernels with the scalar maths at each point).
  std::span<const double> kinks = {};
  // Arguments (and their negatives) where the definition or its kernels change form, beyond the
  // kinks and the shared vector maths' own (the accuracy runs check each and its neighbours).
  std::span<const double> branch_points = {};
  // The tutorial's advice, ELU/SELU > leaky ReLU, RReLU, PReLU > ReLU > tanh > logistic: 1 for the
  // best tier down to 5 for logistic; 0 for activations the tutorial does not rank.
  int tutorial_tier = 0;
  std::string_view pytorch = {};  // the torch.nn module ("ELU"); "" where PyTorch has none
  std::string_view onednn = {};  // oneDNN's eltwise algorithm ("eltwise_elu"); "" where it has none
};

inline constexpr int kMaxParams = 2;

// The whole catalogue, in the order of activations.inc.
std::span<const Info> Catalogue();
const Info& InfoOf(Kind kind);

// The catalogue as a Markdown page (docs/catalogue.md is this text; a test keeps it current).
std::string CatalogueMarkdown();

// Thrown for a spec or parameter that is not allowed; what() names the activation, the key, the
// value given and what is allowed.
class SpecError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// One activation with its parameters.
class Activation {
 public:
  // The activation with its default parameters.
  explicit Activation(Kind kind = Kind::kRelu);

  // Parses a spec as typed on the command line: "elu", "elu:alpha=0.5",
  // "rrelu:lower=0.1,upper=0.3". Names are case-insensitive, '-' equals '_', aliases are accepted.
  // Throws SpecError.
  static Activation Parse(std::string_view spec);

  // The canonical spec: the name, then the parameters that differ from their defaults in
  // declaration order, numbers in shortest round-trip form. Parse(ToString()) == *this.
  std::string ToString() const;

  Kind kind() const { return kind_; }
  const Info& info() const { return InfoOf(kind_); }
  std::string_view name() const { return info().name; }

  // Parameter by position (as in info().params) or by name; throws SpecError for an unknown name.
  double param(int index) const { return params_[static_cast<std::size_t>(index)]; }
  double param(std::string_view name) const;
  // Returns a copy with one parameter changed; throws SpecError when the value is not allowed.
  Activation With(std::string_view name, double value) const;

  // f(x) and f'(x), correctly rounded or nearly so (see docs: at most a few ulp) over the whole
  // double range; NaN in gives NaN out. rrelu evaluates in evaluation mode (slope (lower+upper)/2).
  double Value(double x) const;
  double Derivative(double x) const;
  // The same in extended precision (x87 long double), the reference the kernel tests compare with.
  long double ValueExtended(long double x) const;
  long double DerivativeExtended(long double x) const;

  bool operator==(const Activation&) const = default;

 private:
  Kind kind_;
  std::array<double, kMaxParams> params_{};
};

// Looks a name or alias up (case-insensitive, '-' equals '_'); throws SpecError with the closest
// names.
Kind KindFromName(std::string_view name);

}  // namespace actlab

#endif  // ACTLAB_ACTIVATION_H_
