// The one thread pool (actlab/parallel.h). Its threads are started when a call first needs them
// and never stopped; each sleeps on a condition variable of its own until a call hands it a job
// or a background task, so a call wakes exactly the threads it uses, and an idle pool costs
// nothing. A call that finds fewer idle threads than it could use runs with those it finds.
#include "actlab/parallel.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace actlab {
namespace {

std::atomic<int> g_threads{0};

// ACTLAB_NUM_THREADS, else the core count, read once: the kernels ask for it on every large
// call.
int DefaultThreads() {
  static const int threads = [] {
    if (const char* env = std::getenv("ACTLAB_NUM_THREADS")) {
      const int n = std::atoi(env);
      if (n > 0) return n;
    }
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  }();
  return threads;
}

// Set while a thread runs a task (a pool thread always): parallel calls from there run inline.
thread_local bool t_in_task = false;

class InTaskScope {
 public:
  InTaskScope() : saved_(t_in_task) { t_in_task = true; }
  ~InTaskScope() { t_in_task = saved_; }
  InTaskScope(const InTaskScope&) = delete;
  InTaskScope& operator=(const InTaskScope&) = delete;

 private:
  bool saved_;
};

}  // namespace

void SetNumThreads(int threads) {
  g_threads.store(std::max(0, threads), std::memory_order_relaxed);
}

int NumThreads() {
  const int set = g_threads.load(std::memory_order_relaxed);
  return set > 0 ? set : DefaultThreads();
}

namespace parallel {
namespace {

// One call of Run: tasks are claimed from `next` by the caller and the threads it woke.
struct Job {
  Job(detail::TaskCall c, const void* t, int n) : call(c), task(t), tasks(n) {}

  detail::TaskCall call;
  const void* task;
  int tasks;
  std::atomic<int> next{0};
  std::exception_ptr error;  // the first one, guarded by the pool's lock
  bool open = true;          // false once the caller has stopped waiting for late threads
  int active = 0;            // pool threads inside Drain
  std::condition_variable done;
};

}  // namespace

class Pool {
 public:
  static Pool& Instance() {
    // Never destroyed: its threads sleep until the process ends, and no object destroyed at exit
    // can find the pool gone.
    static Pool* const pool = new Pool;
    return *pool;
  }

  void Run(int tasks, detail::TaskCall call, const void* task, int threads);
  bool StartBackground(Background* background, std::function<void()> fn);
  void WaitBackground(Background* background);

 private:
  struct Worker {
    std::condition_variable wake;
    Job* job = nullptr;    // handed over by Run
    bool entered = false;  // the worker has begun on `job`
    Background* background = nullptr;
    std::function<void()> background_fn;
  };

  void Loop(Worker& worker);
  // An idle worker (a new one when none is idle), or null when `limit` workers are busy already.
  Worker* TakeIdle(int limit);
  void MakeIdle(Worker* worker);
  void Drain(Job& job);

  std::mutex mutex_;
  std::deque<Worker> workers_;  // stable addresses
  std::vector<Worker*> idle_;   // a stack: the most recently used (cache-warm) thread first
  int busy_ = 0;                // workers with a job or a background task
  std::condition_variable background_done_;
};

Pool::Worker* Pool::TakeIdle(int limit) {
  // The limit is on busy workers, not on started ones: after the thread count is lowered, the
  // extra threads sleep on.
  if (busy_ >= limit) return nullptr;
  ++busy_;
  if (!idle_.empty()) {
    Worker* worker = idle_.back();
    idle_.pop_back();
    return worker;
  }
  Worker& worker = workers_.emplace_back();
  try {
    std::thread([this, &worker] { Loop(worker); }).detach();
  } catch (const std::system_error&) {  // no more threads to be had: run with those there are
    workers_.pop_back();
    --busy_;
    return nullptr;
  }
  return &worker;
}

void Pool::MakeIdle(Worker* worker) {
  --busy_;
  idle_.push_back(worker);
}

void Pool::Drain(Job& job) {
  for (;;) {
    const int index = job.next.fetch_add(1, std::memory_order_relaxed);
    if (index >= job.tasks) return;
    try {
      job.call(job.task, index);
    } catch (...) {
      std::lock_guard lock(mutex_);
      if (!job.error) job.error = std::current_exception();
    }
  }
}

void Pool::Loop(Worker& worker) {
  t_in_task = true;
  std::unique_lock lock(mutex_);
  for (;;) {
    worker.wake.wait(lock, [&] { return worker.job != nullptr || worker.background != nullptr; });
    if (Background* background = worker.background) {
      std::function<void()> fn = std::move(worker.background_fn);
      lock.unlock();
      fn();
      fn = nullptr;
      lock.lock();
      worker.background = nullptr;
      background->running_ = false;
      MakeIdle(&worker);
      background_done_.notify_all();  // under the lock: the waiter cannot leave before
      continue;
    }
    Job& job = *worker.job;
    worker.entered = true;
    ++job.active;
    lock.unlock();
    Drain(job);
    lock.lock();
    worker.job = nullptr;
    worker.entered = false;
    MakeIdle(&worker);
    if (--job.active == 0 && !job.open) job.done.notify_one();  // under the lock, as above
  }
}

void Pool::Run(int tasks, detail::TaskCall call, const void* task, int threads) {
  Job job(call, task, tasks);
  std::vector<Worker*> helpers;
  {
    std::lock_guard lock(mutex_);
    const int wanted = std::min(tasks, threads) - 1;
    helpers.reserve(static_cast<std::size_t>(wanted));
    while (static_cast<int>(helpers.size()) < wanted) {
      Worker* worker = TakeIdle(threads - 1);
      if (worker == nullptr) break;
      worker->job = &job;
      helpers.push_back(worker);
    }
  }
  for (Worker* worker : helpers) worker->wake.notify_one();
  {
    const InTaskScope scope;
    Drain(job);
  }
  std::unique_lock lock(mutex_);
  // Every index is claimed. Threads that have not woken yet are released without touching the
  // job; those inside it are waited for.
  job.open = false;
  for (Worker* worker : helpers) {
    if (worker->job == &job && !worker->entered) {
      worker->job = nullptr;
      MakeIdle(worker);
    }
  }
  job.done.wait(lock, [&] { return job.active == 0; });
  if (job.error) std::rethrow_exception(job.error);
}

bool Pool::StartBackground(Background* background, std::function<void()> fn) {
  std::lock_guard lock(mutex_);
  if (background->running_) return false;
  Worker* worker = TakeIdle(NumThreads() - 1);
  if (worker == nullptr) return false;
  background->running_ = true;
  worker->background = background;
  worker->background_fn = std::move(fn);
  worker->wake.notify_one();
  return true;
}

void Pool::WaitBackground(Background* background) {
  std::unique_lock lock(mutex_);
  background_done_.wait(lock, [&] { return !background->running_; });
}

namespace detail {

void Run(int tasks, TaskCall call, const void* task) {
  if (tasks <= 0) return;
  const int threads = tasks == 1 || t_in_task ? 1 : NumThreads();
  if (threads > 1) {
    Pool::Instance().Run(tasks, call, task, threads);
    return;
  }
  const InTaskScope scope;
  std::exception_ptr error;
  for (int index = 0; index < tasks; ++index) {
    try {
      call(task, index);
    } catch (...) {
      if (!error) error = std::current_exception();
    }
  }
  if (error) std::rethrow_exception(error);
}

}  // namespace detail

bool InTask() { return t_in_task; }

bool Background::Start(std::function<void()> fn) {
  if (t_in_task || NumThreads() < 2) return false;
  return Pool::Instance().StartBackground(this, std::move(fn));
}

void Background::Wait() { Pool::Instance().WaitBackground(this); }

}  // namespace parallel
}  // namespace actlab
