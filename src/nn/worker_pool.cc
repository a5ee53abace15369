#include "actlab/nn/worker_pool.h"

#include <algorithm>

namespace actlab::nn {

WorkerPool::WorkerPool(int threads) : threads_(std::max(1, threads)) {
  for (int i = 1; i < threads_; ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  start_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

void WorkerPool::Drain() {
  for (;;) {
    const int part = next_.fetch_add(1, std::memory_order_relaxed);
    if (part >= parts_) return;
    const long begin = static_cast<long>(n_) * part / parts_;
    const long end = static_cast<long>(n_) * (part + 1) / parts_;
    if (end <= begin) continue;
    try {
      (*fn_)(static_cast<int>(begin), static_cast<int>(end));
    } catch (...) {
      std::lock_guard lock(mutex_);
      if (!error_) error_ = std::current_exception();
    }
  }
}

void WorkerPool::WorkerLoop() {
  unsigned long seen = 0;
  std::unique_lock lock(mutex_);
  for (;;) {
    start_.wait(lock, [&] { return stopping_ || generation_ != seen; });
    if (stopping_) return;
    seen = generation_;
    if (!open_) continue;  // woke too late: the caller has finished the job alone
    ++active_;
    lock.unlock();
    Drain();
    lock.lock();
    if (--active_ == 0) done_.notify_one();
  }
}

void WorkerPool::ForRanges(int n, const std::function<void(int, int)>& fn) {
  const int parts = std::min(threads_, std::max(n, 1));
  if (parts <= 1) {
    if (n > 0) fn(0, n);
    return;
  }
  {
    std::lock_guard lock(mutex_);
    fn_ = &fn;
    n_ = n;
    parts_ = parts;
    next_.store(0, std::memory_order_relaxed);
    error_ = nullptr;
    open_ = true;
    ++generation_;
  }
  start_.notify_all();
  Drain();
  std::exception_ptr error;
  {
    std::unique_lock lock(mutex_);
    open_ = false;
    done_.wait(lock, [&] { return active_ == 0; });
    error = error_;
  }
  if (error) std::rethrow_exception(error);
}

}  // namespace actlab::nn
