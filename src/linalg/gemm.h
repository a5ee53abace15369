// Row-major matrix products in float and double, compiled once per instruction set (baseline,
// AVX2+FMA, AVX-512) and chosen at run time: Eigen picks its vector width at compile time, and the
// baseline x86-64 build (SSE2) multiplies 4-6x slower than AVX-512 on the MLP's shapes (measured).
// Used by the nn module (float) and by the propagation experiment (double).
#ifndef ACTLAB_SRC_LINALG_GEMM_H_
#define ACTLAB_SRC_LINALG_GEMM_H_

#include <string_view>

namespace actlab::linalg {

// C (m x n, leading dimension ldc) = op(A) op(B) (+ C when accumulate), single-threaded. Shapes:
// kNN: A m x k, B k x n; kNT: A m x k, B n x k (C = A B^T); kTN: A k x m, B k x n (C = A^T B).
enum class Product { kNN, kNT, kTN };
template <class T>
struct GemmArgs {
  Product product;
  int m, n, k;
  const T* a;
  int lda;
  const T* b;
  int ldb;
  T* c;
  int ldc;
  bool accumulate;
};

// The product with the best variant this CPU runs.
void Gemm(const GemmArgs<float>& args);
void Gemm(const GemmArgs<double>& args);

// The name of the variant Gemm uses ("avx512", "avx2", "baseline").
std::string_view GemmVariant();

// The variants, one per file (gemm_<isa>.cc); Gemm picks one.
namespace variants {
void Baseline(const GemmArgs<float>& args);
void Baseline(const GemmArgs<double>& args);
void Avx2(const GemmArgs<float>& args);
void Avx2(const GemmArgs<double>& args);
void Avx512(const GemmArgs<float>& args);
void Avx512(const GemmArgs<double>& args);
}  // namespace variants

}  // namespace actlab::linalg

#endif  // ACTLAB_SRC_LINALG_GEMM_H_
