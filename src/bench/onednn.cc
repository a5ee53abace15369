// The catalogue entries oneDNN 2.6 computes, mapped to its eltwise algorithms. Entries without an
// exact counterpart (selu, softsign, hardsigmoid, celu with alpha != 1, softplus with beta != 1)
// have none, so that the bench never compares against a different function. oneDNN itself lives in
// a module of its own (onednn_module.cc), loaded on the first call here: a program that never
// compares never loads it.
#include "bench/onednn.h"

#include <dlfcn.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "io/module.h"

namespace actlab {
namespace {

struct Mapping {
  std::string_view algorithm;  // oneDNN's name (the row's Info::onednn)
  float alpha = 0, beta = 0;
};

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
  if (name.empty()) return std::nullopt;
  return Mapping{name, alpha, beta};
}

// The module's functions, or nullptr when it is not there (built without oneDNN) or does not load.
// RTLD_GLOBAL: SetOneDnnThreads finds the OpenMP runtime oneDNN brought in.
const bench_internal::OneDnnModule* LoadedModule() {
  static const auto* module = static_cast<const bench_internal::OneDnnModule*>(ModuleEntry(
      bench_internal::kOneDnnModule, bench_internal::kOneDnnEntry, RTLD_NOW | RTLD_GLOBAL));
  return module;
}

}  // namespace

std::string OneDnnVersion() {
  const auto* module = LoadedModule();
  return module ? module->version() : "";
}

std::string OneDnnCounterpart(const Activation& act) {
  const auto mapping = MapToOneDnn(act);
  if (!mapping || !LoadedModule()) return "";
  std::string text(mapping->algorithm);
  if (mapping->alpha != 0 || mapping->beta != 0) {
    text += " alpha=" + std::to_string(mapping->alpha) + " beta=" + std::to_string(mapping->beta);
  }
  return text;
}

std::unique_ptr<bench_internal::OneDnnRunner> bench_internal::MakeOneDnnRunner(
    const Activation& act, Direction direction, const float* x, const float* dy, float* out,
    std::size_t n) {
  const auto mapping = MapToOneDnn(act);
  const auto* module = LoadedModule();
  if (!mapping || !module || n == 0) return nullptr;
  const std::string algorithm(mapping->algorithm);
  return std::unique_ptr<OneDnnRunner>(
      module->make_runner(algorithm.c_str(), mapping->alpha, mapping->beta,
                          direction == Direction::kBackward, x, dy, out, n));
}

bool OneDnnForward(const Activation& act, std::span<const float> x, std::span<float> y) {
  if (x.size() != y.size()) throw std::invalid_argument("OneDnnForward: x and y differ in length");
  if (OneDnnCounterpart(act).empty()) return false;
  if (x.empty()) return true;
  const auto runner = bench_internal::MakeOneDnnRunner(act, Direction::kForward, x.data(), nullptr,
                                                       y.data(), x.size());
  if (!runner) return false;
  runner->Run();
  return true;
}

bool OneDnnBackward(const Activation& act, std::span<const float> x, std::span<const float> dy,
                    std::span<float> dx) {
  if (x.size() != dy.size() || x.size() != dx.size()) {
    throw std::invalid_argument("OneDnnBackward: x, dy and dx differ in length");
  }
  if (OneDnnCounterpart(act).empty()) return false;
  if (x.empty()) return true;
  const auto runner = bench_internal::MakeOneDnnRunner(act, Direction::kBackward, x.data(),
                                                       dy.data(), dx.data(), x.size());
  if (!runner) return false;
  runner->Run();
  return true;
}

}  // namespace actlab
