// The Gemm variant compiled with -mavx512f/dq/vl/bw -mavx2 -mfma (set for this file in
// CMakeLists.txt); called only when the CPU has those extensions (Gemm checks). Only Eigen code, in
// its own namespace, is compiled here, so no instruction of this set leaks into code that other
// files share.
#include "linalg/gemm.h"

#if defined(__x86_64__) && defined(__GNUC__)
// g++ 12 warns about the deliberately undefined registers of _mm512_undefined_ps (a false
// positive).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#define EIGEN_DONT_PARALLELIZE  // threads are split by the caller
#define Eigen actlab_eigen_avx512
#include "linalg/gemm-inl.h"
#undef Eigen

namespace actlab::linalg::variants {
void Avx512(const GemmArgs<float>& args) { GemmBody(args); }
void Avx512(const GemmArgs<double>& args) { GemmBody(args); }
}  // namespace actlab::linalg::variants
#else
namespace actlab::linalg::variants {
void Avx512(const GemmArgs<float>& args) { Baseline(args); }
void Avx512(const GemmArgs<double>& args) { Baseline(args); }
}  // namespace actlab::linalg::variants
#endif
