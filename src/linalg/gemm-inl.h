// The body of one Gemm variant. Included by gemm_<isa>.cc after it renames the Eigen namespace, so
// that the template instances compiled for one instruction set never replace those of another at
// link time (they would under one shared name: the linker keeps one copy of each inline function).
// No include guard on purpose: each variant file includes it once.

#include <Eigen/Core>

namespace actlab::linalg {
namespace {  // one private copy per variant file

template <class T>
void GemmBody(const GemmArgs<T>& g) {
  using Stride = Eigen::OuterStride<>;
  using RowMat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  using ConstMap = Eigen::Map<const RowMat, 0, Stride>;
  Eigen::Map<RowMat, 0, Stride> c(g.c, g.m, g.n, Stride(g.ldc));
  const bool a_transposed = g.product == Product::kTN;
  const bool b_transposed = g.product == Product::kNT;
  const ConstMap a(g.a, a_transposed ? g.k : g.m, a_transposed ? g.m : g.k, Stride(g.lda));
  const ConstMap b(g.b, b_transposed ? g.n : g.k, b_transposed ? g.k : g.n, Stride(g.ldb));
  switch (g.product) {
    case Product::kNN:
      if (g.accumulate)
        c.noalias() += a * b;
      else
        c.noalias() = a * b;
      break;
    case Product::kNT:
      if (g.accumulate)
        c.noalias() += a * b.transpose();
      else
        c.noalias() = a * b.transpose();
      break;
    case Product::kTN:
      if (g.accumulate)
        c.noalias() += a.transpose() * b;
      else
        c.noalias() = a.transpose() * b;
      break;
  }
}

}  // namespace
}  // namespace actlab::linalg
