// The Gemm variant for any x86-64 (or other) CPU, with the build's default flags.
#include "nn/gemm.h"

#define EIGEN_DONT_PARALLELIZE  // threads are split by the caller
#include "nn/gemm-inl.h"

namespace actlab::nn::detail {

void GemmBaseline(const GemmArgs& args) { GemmBody(args); }

GemmFunction BestGemm() {
#if defined(__x86_64__) && defined(__GNUC__)
  static const GemmFunction best = [] {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw")) {
      return &GemmAvx512;
    }
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return &GemmAvx2;
    return &GemmBaseline;
  }();
  return best;
#else
  return &GemmBaseline;
#endif
}

std::string_view BestGemmName() {
  const GemmFunction best = BestGemm();
  if (best == &GemmAvx512) return "avx512";
  if (best == &GemmAvx2) return "avx2";
  return "baseline";
}

}  // namespace actlab::nn::detail
