#include "actlab/nn/worker_pool.h"

#include <algorithm>

#include "actlab/parallel.h"

namespace actlab::nn {

WorkerPool::WorkerPool(int threads) : threads_(std::max(1, threads)) {}

void WorkerPool::ForRanges(int n, const std::function<void(int, int)>& fn) const {
  if (n <= 0) return;
  parallel::ForRanges(n, std::min(threads_, n), [&](std::int64_t begin, std::int64_t end) {
    fn(static_cast<int>(begin), static_cast<int>(end));
  });
}

}  // namespace actlab::nn
