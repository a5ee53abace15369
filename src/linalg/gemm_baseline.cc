// The Gemm variant for any x86-64 (or other) CPU, with the build's default flags, and the choice
// between the variants.
#include "linalg/gemm.h"

#define EIGEN_DONT_PARALLELIZE  // threads are split by the caller
#include "linalg/gemm-inl.h"

namespace actlab::linalg {
namespace {

enum class Variant { kBaseline, kAvx2, kAvx512 };

Variant Best() {
#if defined(__x86_64__) && defined(__GNUC__)
  static const Variant best = [] {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw")) {
      return Variant::kAvx512;
    }
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return Variant::kAvx2;
    return Variant::kBaseline;
  }();
  return best;
#else
  return Variant::kBaseline;
#endif
}

template <class T>
void Dispatch(const GemmArgs<T>& args) {
  switch (Best()) {
    case Variant::kAvx512:
      return variants::Avx512(args);
    case Variant::kAvx2:
      return variants::Avx2(args);
    case Variant::kBaseline:
      return variants::Baseline(args);
  }
}

}  // namespace

namespace variants {
void Baseline(const GemmArgs<float>& args) { GemmBody(args); }
void Baseline(const GemmArgs<double>& args) { GemmBody(args); }
}  // namespace variants

void Gemm(const GemmArgs<float>& args) { Dispatch(args); }
void Gemm(const GemmArgs<double>& args) { Dispatch(args); }

std::string_view GemmVariant() {
  switch (Best()) {
    case Variant::kAvx512:
      return "avx512";
    case Variant::kAvx2:
      return "avx2";
    case Variant::kBaseline:
      return "baseline";
  }
  return "baseline";
}

}  // namespace actlab::linalg
