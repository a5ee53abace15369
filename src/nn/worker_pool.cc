#include "actlab/nn/worker_pool.h"

#include <algorithm>
#include <stdexcept>

namespace actlab::nn {

WorkerPool::WorkerPool(int threads) : threads_(std::max(1, threads)) {
  for (int i = 1; i < threads_; ++i) workers_.emplace_back([this, i] { WorkerLoop(i); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  start_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

void WorkerPool::WorkerLoop(int index) {
  unsigned long seen = 0;
  for (;;) {
    const std::function<void(int)>* task;
    {
      std::unique_lock lock(mutex_);
      start_.wait(lock, [&] { return stopping_ || generation_ != seen; });
      if (stopping_) return;
      seen = generation_;
      task = task_;
    }
    std::exception_ptr error;
    try {
      (*task)(index);
    } catch (...) {
      error = std::current_exception();
    }
    std::lock_guard lock(mutex_);
    if (error && !error_) error_ = error;
    if (--pending_ == 0) done_.notify_one();
  }
}

void WorkerPool::Run(const std::function<void(int)>& task) {
  if (threads_ == 1) {
    task(0);
    return;
  }
  {
    std::lock_guard lock(mutex_);
    task_ = &task;
    pending_ = threads_ - 1;
    error_ = nullptr;
    ++generation_;
  }
  start_.notify_all();
  std::exception_ptr error;
  try {
    task(0);
  } catch (...) {
    error = std::current_exception();
  }
  std::unique_lock lock(mutex_);
  done_.wait(lock, [&] { return pending_ == 0; });
  if (!error) error = error_;
  if (error) std::rethrow_exception(error);
}

void WorkerPool::ForRanges(int n, const std::function<void(int, int)>& fn) {
  const int parts = std::min(threads_, std::max(n, 1));
  if (parts <= 1) {
    if (n > 0) fn(0, n);
    return;
  }
  Run([&](int index) {
    if (index >= parts) return;
    const long begin = static_cast<long>(n) * index / parts;
    const long end = static_cast<long>(n) * (index + 1) / parts;
    if (end > begin) fn(static_cast<int>(begin), static_cast<int>(end));
  });
}

}  // namespace actlab::nn
