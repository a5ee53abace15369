// The Gemm variant for any x86-64 (or other) CPU, with the build's default flags, and the choice
// between the variants.
#include "linalg/gemm.h"

#define EIGEN_DONT_PARALLELIZE  // threads are split by the caller
#include <cstdint>

#include "hwy/targets.h"
#include "linalg/gemm-inl.h"

namespace actlab::linalg {
namespace {

enum class Variant { kBaseline, kAvx2, kAvx512 };

// The instruction set comes from the same detection as the kernels' (Highway's supported
// targets), so that one answer decides both. Eigen fixes its vector width at compile time from
// the -m flags, which Highway's per-target pragmas do not set: hence one file per variant.
Variant Best() {
#if HWY_ARCH_X86
  static const Variant best = [] {
    const std::int64_t targets = hwy::SupportedTargets();
    if ((targets & (HWY_AVX3 | HWY_AVX3_DL)) != 0) return Variant::kAvx512;
    if ((targets & HWY_AVX2) != 0) return Variant::kAvx2;
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
