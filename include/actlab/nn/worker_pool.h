// A small pool of threads that sleep while idle (a condition variable, no spinning): training
// splits every matrix product and activation over it, so that only one set of threads ever runs and
// the cores are never oversubscribed.
#ifndef ACTLAB_NN_WORKER_POOL_H_
#define ACTLAB_NN_WORKER_POOL_H_

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

  // Runs task(0..threads-1) at once, task(0) on the caller; returns when all have finished and
  // rethrows the first exception a task threw.
  void Run(const std::function<void(int)>& task);
  // Splits [0, n) into threads() contiguous ranges of near-equal size (fixed by n and threads
  // alone) and runs fn(begin, end) for each non-empty one.
  void ForRanges(int n, const std::function<void(int, int)>& fn);

 private:
  void WorkerLoop(int index);

  int threads_;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable start_;
  std::condition_variable done_;
  const std::function<void(int)>* task_ = nullptr;
  unsigned long generation_ = 0;
  int pending_ = 0;
  bool stopping_ = false;
  std::exception_ptr error_;
};

}  // namespace actlab::nn

#endif  // ACTLAB_NN_WORKER_POOL_H_
