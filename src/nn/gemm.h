// Row-major float matrix products for the nn module, compiled once per instruction set (baseline,
// AVX2+FMA, AVX-512) and chosen at run time: Eigen picks its vector width at compile time, and the
// baseline x86-64 build (SSE2) multiplies 4-6x slower than AVX-512 on the MLP's shapes (measured).
#ifndef ACTLAB_SRC_NN_GEMM_H_
#define ACTLAB_SRC_NN_GEMM_H_

#include <string_view>

namespace actlab::nn::detail {

// C (m x n, leading dimension ldc) = op(A) op(B) (+ C when accumulate), single-threaded. Shapes:
// kNN: A m x k, B k x n; kNT: A m x k, B n x k (C = A B^T); kTN: A k x m, B k x n (C = A^T B).
enum class Product { kNN, kNT, kTN };
struct GemmArgs {
  Product product;
  int m, n, k;
  const float* a;
  int lda;
  const float* b;
  int ldb;
  float* c;
  int ldc;
  bool accumulate;
};
using GemmFunction = void (*)(const GemmArgs& args);

void GemmBaseline(const GemmArgs& args);
void GemmAvx2(const GemmArgs& args);
void GemmAvx512(const GemmArgs& args);

// The best variant this CPU runs, and its name ("avx512", "avx2", "baseline").
GemmFunction BestGemm();
std::string_view BestGemmName();

}  // namespace actlab::nn::detail

#endif  // ACTLAB_SRC_NN_GEMM_H_
