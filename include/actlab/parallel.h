// The one thread pool. Every parallel loop of the library runs on it: the kernels on large arrays,
// training, the propagation experiment (its products and the drawing ahead), the accuracy sweeps
// and bench's copy loops. It is created on first use; its threads sleep on a condition variable
// while idle (no spinning, so they never compete with other programs' threads, such as a BLAS's,
// between calls), and it never oversubscribes: a call runs on at most NumThreads() threads, the
// calling thread included, at most NumThreads() - 1 pool threads work at any time whoever calls,
// and a parallel call made from inside a task runs on that task's thread alone.
#ifndef ACTLAB_PARALLEL_H_
#define ACTLAB_PARALLEL_H_

#include <cstdint>
#include <functional>

namespace actlab {

// The thread count of parallel work, the calling thread included: the value of the last
// SetNumThreads(n > 0); else ACTLAB_NUM_THREADS when it is a positive number (read once); else
// every core. SetNumThreads(0) returns to the default. How many threads run a split never changes
// a result; where a count of ranges is taken from it (training's nn::WorkerPool), the ranges fix
// the rounding of the matrix products.
void SetNumThreads(int threads);
int NumThreads();

namespace parallel {

namespace detail {
using TaskCall = void (*)(const void* task, int index);
void Run(int tasks, TaskCall call, const void* task);
}  // namespace detail

// Runs task(0), ..., task(tasks - 1), each exactly once, on at most min(tasks, NumThreads())
// threads, the calling thread among them, and returns when all have finished. Which thread runs
// which index is not fixed (the caller takes indices no sleeping thread has claimed yet), so a
// task's result must depend on its index only. When tasks throw, every task still runs and the
// first exception caught is rethrown here. Inside a task, or while the pool's threads are all
// busy, it runs every index on the calling thread.
template <class Task>
void Run(int tasks, const Task& task) {
  detail::Run(
      tasks, [](const void* t, int index) { (*static_cast<const Task*>(t))(index); }, &task);
}

// Splits [0, n) into `parts` contiguous ranges fixed by n and parts alone (range p is
// [n p / parts, n (p + 1) / parts)) and runs fn(begin, end) for each non-empty one with Run.
// With parts <= n every range is non-empty. n p must fit in 63 bits.
template <class Fn>
void ForRanges(std::int64_t n, int parts, const Fn& fn) {
  if (n <= 0) return;
  if (parts < 1) parts = 1;
  Run(parts, [&](int p) {
    const std::int64_t begin = n * p / parts;
    const std::int64_t end = n * (p + 1) / parts;
    if (end > begin) fn(begin, end);
  });
}

// Whether the calling thread is running a task of the pool (where Run runs inline).
bool InTask();

// One task at a time on a free thread of the pool, for work done ahead of the loop that will use
// it (such as drawing random numbers). A running task counts against NumThreads(); between tasks
// no thread is held, so parallel calls can use them all.
class Background {
 public:
  Background() = default;
  ~Background() { Wait(); }
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  // Starts fn on a free pool thread and returns true. Returns false without running fn when this
  // object's last task is still running, when called from inside a task, or when no thread is
  // free within NumThreads() (always with one thread); the caller then does the work itself.
  // fn must not throw.
  bool Start(std::function<void()> fn);
  // Returns once the task started last has returned.
  void Wait();

 private:
  bool running_ = false;  // guarded by the pool's lock
  friend class Pool;
};

}  // namespace parallel
}  // namespace actlab

#endif  // ACTLAB_PARALLEL_H_
