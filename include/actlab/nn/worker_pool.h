// How training splits its work: into a fixed number of contiguous ranges, run on the library's one
// thread pool (actlab/parallel.h). It owns no threads. The split is fixed by the range count alone
// (the matrix products' rounding depends on which rows they get together), so results depend on
// threads() and never on how many threads the pool runs the ranges on.
#ifndef ACTLAB_NN_WORKER_POOL_H_
#define ACTLAB_NN_WORKER_POOL_H_

#include <functional>

namespace actlab::nn {

class WorkerPool {
 public:
  // Work is split into `threads` ranges (at least 1).
  explicit WorkerPool(int threads);

  int threads() const { return threads_; }

  // Splits [0, n) into min(threads(), n) contiguous ranges of near-equal size (range p of P is
  // [n p / P, n (p + 1) / P)) and runs fn(begin, end) for each on the pool; returns when all are
  // done and rethrows the first exception one threw.
  void ForRanges(int n, const std::function<void(int, int)>& fn) const;

 private:
  int threads_;
};

}  // namespace actlab::nn

#endif  // ACTLAB_NN_WORKER_POOL_H_
