// The catalogue entries oneDNN 2.6 computes, mapped to its eltwise algorithms. Entries without an
// exact counterpart (selu, softsign, hardsigmoid, celu with alpha != 1, softplus with beta != 1)
// have none, so that the bench never compares against a different function.
#include "bench/onednn.h"

#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#if ACTLAB_HAVE_ONEDNN
#include <oneapi/dnnl/dnnl_version.h>

#include <oneapi/dnnl/dnnl.hpp>
#endif

namespace actlab {

#if ACTLAB_HAVE_ONEDNN
namespace {

struct Mapping {
  dnnl::algorithm algorithm;
  float alpha = 0, beta = 0;
  std::string_view name;
};

// oneDNN's algorithms by the names the catalogue's rows give (Info::onednn).
std::optional<dnnl::algorithm> AlgorithmNamed(std::string_view name) {
  using dnnl::algorithm;
  static const std::pair<std::string_view, algorithm> kAlgorithms[] = {
      {"eltwise_logistic", algorithm::eltwise_logistic},
      {"eltwise_tanh", algorithm::eltwise_tanh},
      {"eltwise_relu", algorithm::eltwise_relu},
      {"eltwise_elu", algorithm::eltwise_elu},
      {"eltwise_gelu_erf", algorithm::eltwise_gelu_erf},
      {"eltwise_gelu_tanh", algorithm::eltwise_gelu_tanh},
      {"eltwise_swish", algorithm::eltwise_swish},
      {"eltwise_mish", algorithm::eltwise_mish},
      {"eltwise_soft_relu", algorithm::eltwise_soft_relu},
      {"eltwise_hardswish", algorithm::eltwise_hardswish},
      {"eltwise_clip_v2", algorithm::eltwise_clip_v2},
      {"eltwise_logsigmoid", algorithm::eltwise_logsigmoid},
  };
  for (const auto& [n, a] : kAlgorithms) {
    if (n == name) return a;
  }
  return std::nullopt;
}

// The row names the algorithm; here its alpha and beta come from the parameters, and the
// parameter values oneDNN's algorithm does not cover have no mapping.
std::optional<Mapping> MapToOneDnn(const Activation& act) {
  std::string_view name = act.info().onednn;
  const auto param = [&act](const char* key) { return static_cast<float>(act.param(key)); };
  float alpha = 0, beta = 0;
  switch (act.kind()) {
    case Kind::kLeakyRelu:
    case Kind::kPrelu:
    case Kind::kElu:
      alpha = param("alpha");
      break;
    case Kind::kRrelu:  // evaluation mode: the mean slope
      alpha = (param("lower") + param("upper")) / 2;
      break;
    case Kind::kCelu:
      if (act.param("alpha") != 1) return std::nullopt;
      alpha = 1;
      break;
    case Kind::kGelu: {
      const auto& choices = act.info().params[0].choices;
      if (choices[static_cast<std::size_t>(act.param(0))] == "tanh") name = "eltwise_gelu_tanh";
      break;
    }
    case Kind::kSilu:
      alpha = 1;
      break;
    case Kind::kSoftplus:  // log(1 + e^x); PyTorch's threshold only changes it by < 1e-8
      if (act.param("beta") != 1) return std::nullopt;
      break;
    case Kind::kHardtanh:
      alpha = param("min");
      beta = param("max");
      break;
    case Kind::kRelu6:
      beta = 6;
      break;
    default:
      break;
  }
  const std::optional<dnnl::algorithm> algorithm = AlgorithmNamed(name);
  if (!algorithm) return std::nullopt;
  return Mapping{*algorithm, alpha, beta, name};
}

class Runner : public bench_internal::OneDnnRunner {
 public:
  Runner(const Mapping& mapping, Direction direction, const float* x, const float* dy, float* out,
         std::size_t n)
      : engine_(dnnl::engine::kind::cpu, 0), stream_(engine_) {
    using namespace dnnl;
    const memory::desc md({static_cast<memory::dim>(n)}, memory::data_type::f32,
                          memory::format_tag::a);
    memory src(md, engine_, const_cast<float*>(x));
    memory result(md, engine_, out);
    if (direction == Direction::kForward) {
      const eltwise_forward::primitive_desc pd(
          eltwise_forward::desc(prop_kind::forward_inference, mapping.algorithm, md, mapping.alpha,
                                mapping.beta),
          engine_);
      primitive_ = eltwise_forward(pd);
      args_ = {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, result}};
    } else {
      const eltwise_forward::primitive_desc hint(
          eltwise_forward::desc(prop_kind::forward_training, mapping.algorithm, md, mapping.alpha,
                                mapping.beta),
          engine_);
      const eltwise_backward::primitive_desc pd(
          eltwise_backward::desc(mapping.algorithm, md, md, mapping.alpha, mapping.beta), engine_,
          hint);
      primitive_ = eltwise_backward(pd);
      args_ = {{DNNL_ARG_SRC, src},
               {DNNL_ARG_DIFF_DST, memory(md, engine_, const_cast<float*>(dy))},
               {DNNL_ARG_DIFF_SRC, result}};
    }
  }

  void Run() override {
    primitive_.execute(stream_, args_);
    stream_.wait();
  }

 private:
  dnnl::engine engine_;
  dnnl::stream stream_;
  dnnl::primitive primitive_;
  std::unordered_map<int, dnnl::memory> args_;
};

}  // namespace

std::string OneDnnVersion() {
  const dnnl_version_t* version = dnnl_version();
  return std::to_string(version->major) + "." + std::to_string(version->minor) + "." +
         std::to_string(version->patch);
}

std::string OneDnnCounterpart(const Activation& act) {
  const auto mapping = MapToOneDnn(act);
  if (!mapping) return "";
  std::string text(mapping->name);
  if (mapping->alpha != 0 || mapping->beta != 0) {
    text += " alpha=" + std::to_string(mapping->alpha) + " beta=" + std::to_string(mapping->beta);
  }
  return text;
}

std::unique_ptr<bench_internal::OneDnnRunner> bench_internal::MakeOneDnnRunner(
    const Activation& act, Direction direction, const float* x, const float* dy, float* out,
    std::size_t n) {
  const auto mapping = MapToOneDnn(act);
  if (!mapping || n == 0) return nullptr;
  return std::make_unique<Runner>(*mapping, direction, x, dy, out, n);
}

#else  // !ACTLAB_HAVE_ONEDNN

std::string OneDnnVersion() { return ""; }
std::string OneDnnCounterpart(const Activation&) { return ""; }
std::unique_ptr<bench_internal::OneDnnRunner> bench_internal::MakeOneDnnRunner(
    const Activation&, Direction, const float*, const float*, float*, std::size_t) {
  return nullptr;
}

#endif  // ACTLAB_HAVE_ONEDNN

bool OneDnnForward(const Activation& act, std::span<const float> x, std::span<float> y) {
  if (x.size() != y.size()) throw std::invalid_argument("OneDnnForward: x and y differ in length");
  if (OneDnnCounterpart(act).empty()) return false;
  if (x.empty()) return true;
  bench_internal::MakeOneDnnRunner(act, Direction::kForward, x.data(), nullptr, y.data(), x.size())
      ->Run();
  return true;
}

bool OneDnnBackward(const Activation& act, std::span<const float> x, std::span<const float> dy,
                    std::span<float> dx) {
  if (x.size() != dy.size() || x.size() != dx.size()) {
    throw std::invalid_argument("OneDnnBackward: x, dy and dx differ in length");
  }
  if (OneDnnCounterpart(act).empty()) return false;
  if (x.empty()) return true;
  bench_internal::MakeOneDnnRunner(act, Direction::kBackward, x.data(), dy.data(), dx.data(),
                                   x.size())
      ->Run();
  return true;
}

}  // namespace actlab
