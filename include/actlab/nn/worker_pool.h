// A small pool of threads that sleep while idle (a condition variable, no spinning): training
// splits every matrix product and activation over it, so that only one set of threads ever runs and
// the cores are never oversubscribed.
#ifndef ACTLAB_NN_WORKER_POOL_H_
#define ACTLAB_NN_WORKER_POOL_H_

#include <atomic>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace actlab::nn {

class WorkerPool {
 public:
  // `threads` in total, the calling thread included (threads - 1 are started).
  explicit WorkerPool(int threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  int threads() const { return threads_; }

  // Splits [0, n) into threads() contiguous ranges of near-equal size (fixed by n and threads
  // alone, so results never depend on which thread ran a range) and runs fn(begin, end) for each
  // non-empty one; returns when all are done and rethrows the first exception one threw.
  // The caller works too, and claims ranges that no worker has started: on a loaded machine a
  // worker that the scheduler has not woken yet does not hold the others up.
  void ForRanges(int n, const std::function<void(int, int)>& fn);

 private:
  void WorkerLoop();
  void Drain();  // runs unclaimed ranges of the current job

  int threads_;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable start_;
  std::condition_variable done_;
  // The current job (valid while open_).
  const std::function<void(int, int)>* fn_ = nullptr;
  int n_ = 0;
  int parts_ = 0;
  std::atomic<int> next_{0};
  bool open_ = false;
  int active_ = 0;  // workers inside Drain
  unsigned long generation_ = 0;
  bool stopping_ = false;
  std::exception_ptr error_;
};

}  // namespace actlab::nn

#endif  // ACTLAB_NN_WORKER_POOL_H_
