// The oneDNN module (libactlab_onednn.so): oneDNN's eltwise primitives behind the entry table of
// bench/onednn.h, prepared once over fixed buffers. Only `actlab bench`, the report's kernel
// section and OneDnnForward/OneDnnBackward load it, so that no other start of the program loads
// oneDNN and its OpenMP and OpenCL runtimes. It uses nothing of libactlab.
#include <oneapi/dnnl/dnnl_version.h>

#include <oneapi/dnnl/dnnl.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "bench/onednn.h"

namespace {

struct Mapping {
  dnnl::algorithm algorithm;
  float alpha = 0, beta = 0;
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

class Runner : public actlab::bench_internal::OneDnnRunner {
 public:
  Runner(const Mapping& mapping, bool backward, const float* x, const float* dy, float* out,
         std::size_t n)
      : engine_(dnnl::engine::kind::cpu, 0), stream_(engine_) {
    using namespace dnnl;
    const memory::desc md({static_cast<memory::dim>(n)}, memory::data_type::f32,
                          memory::format_tag::a);
    memory src(md, engine_, const_cast<float*>(x));
    memory result(md, engine_, out);
    if (!backward) {
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

const char* Version() {
  static const std::string text = [] {
    const dnnl_version_t* version = dnnl_version();
    return std::to_string(version->major) + "." + std::to_string(version->minor) + "." +
           std::to_string(version->patch);
  }();
  return text.c_str();
}

// nullptr for an algorithm this module does not know.
actlab::bench_internal::OneDnnRunner* MakeRunner(const char* algorithm, float alpha, float beta,
                                                 bool backward, const float* x, const float* dy,
                                                 float* out, std::size_t n) {
  const std::optional<dnnl::algorithm> known = AlgorithmNamed(algorithm);
  if (!known) return nullptr;
  return new Runner(Mapping{*known, alpha, beta}, backward, x, dy, out, n);
}

}  // namespace

extern "C" const actlab::bench_internal::OneDnnModule actlab_onednn_module{&Version, &MakeRunner};
