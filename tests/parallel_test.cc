// The thread pool: every index once for any size and thread count, exceptions reach the caller,
// nested and concurrent calls neither deadlock nor exceed the thread count, idle threads sleep,
// and the kernels, a training run and the propagation experiment give the same bits for 1 to N
// threads.
#include "actlab/parallel.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

#include "actlab/kernels.h"
#include "actlab/nn/rng.h"
#include "actlab/nn/train.h"
#include "actlab/propagation.h"
#include "support/synthetic_images.h"

namespace actlab::parallel {
namespace {

// Restores the default thread count when a test ends, whatever it set.
class ParallelTest : public ::testing::Test {
 protected:
  void TearDown() override { SetNumThreads(0); }
};

// The largest number of tasks running at one time.
class Concurrency {
 public:
  void Enter() {
    const int now = ++running_;
    int seen = peak_.load();
    while (now > seen && !peak_.compare_exchange_weak(seen, now)) {
    }
  }
  void Leave() { --running_; }
  int peak() const { return peak_.load(); }

 private:
  std::atomic<int> running_{0}, peak_{0};
};

TEST_F(ParallelTest, RunCoversEveryIndexOnceForAnySizeAndThreadCount) {
  for (const int threads : {1, 2, 3, 4, 7, 16}) {
    SetNumThreads(threads);
    for (const int tasks : {0, 1, 2, 3, 5, 16, 17, 100, 1000}) {
      std::vector<std::atomic<int>> hits(static_cast<std::size_t>(tasks));
      for (int repeat = 0; repeat < 20; ++repeat) {
        parallel::Run(tasks, [&](int i) { ++hits[static_cast<std::size_t>(i)]; });
      }
      for (int i = 0; i < tasks; ++i) {
        ASSERT_EQ(hits[static_cast<std::size_t>(i)].load(), 20)
            << "index " << i << " of " << tasks << ", " << threads << " threads";
      }
    }
  }
}

TEST_F(ParallelTest, ForRangesSplitsByTheSizeAndPartCountAlone) {
  for (const int threads : {1, 3, 8}) {
    SetNumThreads(threads);
    for (const std::int64_t n : {0, 1, 2, 5, 64, 1000, 1 << 20}) {
      for (const int parts : {1, 2, 3, 7, 64}) {
        std::vector<std::atomic<int>> hits(static_cast<std::size_t>(n));
        std::vector<std::pair<std::int64_t, std::int64_t>> ranges;
        std::mutex mutex;
        parallel::ForRanges(n, parts, [&](std::int64_t begin, std::int64_t end) {
          for (std::int64_t i = begin; i < end; ++i) ++hits[static_cast<std::size_t>(i)];
          std::lock_guard lock(mutex);
          ranges.emplace_back(begin, end);
        });
        for (const auto& h : hits) ASSERT_EQ(h.load(), 1) << n << " in " << parts;
        std::sort(ranges.begin(), ranges.end());
        std::vector<std::pair<std::int64_t, std::int64_t>> expected;
        for (int p = 0; p < parts; ++p) {
          const std::int64_t begin = n * p / parts, end = n * (p + 1) / parts;
          if (end > begin) expected.emplace_back(begin, end);
        }
        EXPECT_EQ(ranges, expected) << n << " in " << parts << ", " << threads << " threads";
        EXPECT_EQ(static_cast<std::int64_t>(ranges.size()), std::min<std::int64_t>(parts, n));
      }
    }
  }
}

TEST_F(ParallelTest, AnExceptionReachesTheCallerAfterEveryTaskRan) {
  for (const int threads : {1, 2, 4}) {
    SetNumThreads(threads);
    std::vector<std::atomic<int>> hits(50);
    try {
      parallel::Run(50, [&](int i) {
        ++hits[static_cast<std::size_t>(i)];
        if (i % 10 == 3) throw std::runtime_error("task " + std::to_string(i));
      });
      ADD_FAILURE() << "no exception with " << threads << " threads";
    } catch (const std::runtime_error& e) {
      EXPECT_EQ(std::string(e.what()).rfind("task ", 0), 0u);
    }
    for (const auto& h : hits) EXPECT_EQ(h.load(), 1);
    // The pool is still fit for work.
    std::atomic<int> sum{0};
    parallel::Run(10, [&](int i) { sum += i; });
    EXPECT_EQ(sum.load(), 45);
  }
}

TEST_F(ParallelTest, NestedCallsRunInlineWithoutDeadlockOrExtraThreads) {
  SetNumThreads(4);
  Concurrency concurrency;
  std::vector<std::atomic<int>> hits(8 * 100);
  EXPECT_FALSE(InTask());
  parallel::Run(8, [&](int outer) {
    EXPECT_TRUE(InTask());
    const std::thread::id me = std::this_thread::get_id();
    parallel::Run(100, [&](int inner) {
      EXPECT_EQ(std::this_thread::get_id(), me);  // inline, on the task's own thread
      concurrency.Enter();
      ++hits[static_cast<std::size_t>(outer * 100 + inner)];
      concurrency.Leave();
    });
    parallel::ForRanges(
        1000, 7, [&](std::int64_t, std::int64_t) { EXPECT_EQ(std::this_thread::get_id(), me); });
  });
  EXPECT_FALSE(InTask());
  for (const auto& h : hits) EXPECT_EQ(h.load(), 1);
  EXPECT_LE(concurrency.peak(), 4);
}

TEST_F(ParallelTest, NeverMoreThreadsThanTheCountEvenWithConcurrentCallers) {
  for (const int threads : {2, 3}) {
    SetNumThreads(threads);
    Concurrency concurrency;
    std::atomic<long> total{0};
    auto work = [&] {
      for (int repeat = 0; repeat < 20; ++repeat) {
        parallel::Run(16, [&](int i) {
          concurrency.Enter();
          std::this_thread::sleep_for(std::chrono::microseconds(50));
          total += i;
          concurrency.Leave();
        });
      }
    };
    std::vector<std::thread> callers;
    for (int c = 0; c < 3; ++c) callers.emplace_back(work);
    for (std::thread& caller : callers) caller.join();
    EXPECT_EQ(total.load(), 3L * 20 * 120);
    // Each caller runs its own tasks too; the pool adds at most threads - 1 threads to all of them.
    EXPECT_LE(concurrency.peak(), 3 + threads - 1);
  }
  // One caller alone: at most the count.
  SetNumThreads(3);
  Concurrency concurrency;
  for (int repeat = 0; repeat < 20; ++repeat) {
    parallel::Run(16, [&](int) {
      concurrency.Enter();
      std::this_thread::sleep_for(std::chrono::microseconds(50));
      concurrency.Leave();
    });
  }
  EXPECT_LE(concurrency.peak(), 3);
}

TEST_F(ParallelTest, IdleThreadsSleep) {
  SetNumThreads(4);
  std::atomic<double> sink{0};
  for (int repeat = 0; repeat < 50; ++repeat) {
    parallel::Run(4, [&](int i) {
      double x = i;
      for (int k = 0; k < 10000; ++k) x = std::sqrt(x + k);
      sink = sink + x;
    });
  }
  const auto cpu_seconds = [] {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
  };
  const double before = cpu_seconds();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const double used = cpu_seconds() - before;
  // Three spinning threads would use 0.9 s of CPU time in these 0.3 s.
  EXPECT_LT(used, 0.1) << "CPU seconds used by an idle pool in 0.3 s";
}

TEST_F(ParallelTest, BackgroundTaskTakesAThreadOfTheCountOrDoesNotStart) {
  SetNumThreads(1);
  Background background;
  EXPECT_FALSE(background.Start([] { ADD_FAILURE() << "started with one thread"; }));
  SetNumThreads(2);
  std::mutex mutex;
  std::condition_variable wake;
  bool running = false, release = false;
  ASSERT_TRUE(background.Start([&] {
    std::unique_lock lock(mutex);
    running = true;
    wake.notify_all();
    wake.wait(lock, [&] { return release; });
  }));
  {
    std::unique_lock lock(mutex);
    wake.wait(lock, [&] { return running; });
  }
  // One task at a time.
  EXPECT_FALSE(background.Start([] { ADD_FAILURE() << "a second task ran"; }));
  // Its thread is taken: with two threads in all, a Run now has the caller alone.
  const std::thread::id me = std::this_thread::get_id();
  parallel::Run(8, [&](int) { EXPECT_EQ(std::this_thread::get_id(), me); });
  // Not from inside a task either.
  SetNumThreads(3);
  parallel::Run(2, [&](int) {
    Background nested;
    EXPECT_FALSE(nested.Start([] { ADD_FAILURE() << "started inside a task"; }));
  });
  {
    std::lock_guard lock(mutex);
    release = true;
  }
  wake.notify_all();
  background.Wait();
  // The thread is free again, for Run and for the next task.
  std::atomic<int> sum{0};
  parallel::Run(4, [&](int i) { sum += i; });
  EXPECT_EQ(sum.load(), 6);
  std::atomic<bool> ran{false};
  ASSERT_TRUE(background.Start([&] { ran = true; }));
  background.Wait();
  EXPECT_TRUE(ran.load());
}

// Inputs spread over the ranges where the kernels take different paths.
std::vector<float> KernelInputs(std::size_t n) {
  std::mt19937 random(3);
  std::uniform_real_distribution<float> wide(-30.0f, 30.0f);
  std::vector<float> x(n);
  for (float& v : x) v = wide(random);
  return x;
}

TEST_F(ParallelTest, KernelsGiveTheSameBitsForOneToEightThreads) {
  const std::vector<float> x = KernelInputs((std::size_t{1} << 21) + 13);  // split, ragged end
  std::vector<double> wide(x.begin(), x.end());
  for (const char* spec : {"sigmoid", "gelu", "selu"}) {
    const Activation act = Activation::Parse(spec);
    std::vector<float> y1(x.size()), d1(x.size()), y(x.size()), d(x.size());
    std::vector<double> w1(x.size()), w(x.size());
    SetNumThreads(1);
    Forward(act, std::span<const float>(x), std::span<float>(y1));
    Backward(act, std::span<const float>(x), std::span<const float>(x), std::span<float>(d1));
    Forward(act, std::span<const double>(wide), std::span<double>(w1));
    for (int threads = 2; threads <= 8; ++threads) {
      SetNumThreads(threads);
      Forward(act, std::span<const float>(x), std::span<float>(y));
      Backward(act, std::span<const float>(x), std::span<const float>(x), std::span<float>(d));
      Forward(act, std::span<const double>(wide), std::span<double>(w));
      ASSERT_EQ(std::memcmp(y.data(), y1.data(), y.size() * sizeof(float)), 0) << spec << threads;
      ASSERT_EQ(std::memcmp(d.data(), d1.data(), d.size() * sizeof(float)), 0) << spec << threads;
      ASSERT_EQ(std::memcmp(w.data(), w1.data(), w.size() * sizeof(double)), 0) << spec << threads;
    }
  }
}

TEST_F(ParallelTest, TrainingGivesTheSameBitsForOneToFourThreads) {
  const nn::MnistData data = testing::SyntheticData();
  nn::TrainConfig config;
  config.hidden = {40, 24};
  config.epochs = 2;
  config.batch = 64;
  config.lr = 1e-2;
  config.validation = 100;
  config.dropout = 0.1;
  nn::WorkerPool split(3);  // the ranges; the thread count below runs them
  const Activation act = Activation::Parse("rrelu");
  SetNumThreads(1);
  const nn::RunResult one = nn::TrainRun(data, config, act, 5, -1, split);
  for (int threads = 2; threads <= 4; ++threads) {
    SetNumThreads(threads);
    const nn::RunResult run = nn::TrainRun(data, config, act, 5, -1, split);
    ASSERT_EQ(run.epochs.size(), one.epochs.size());
    for (std::size_t e = 0; e < run.epochs.size(); ++e) {
      EXPECT_EQ(run.epochs[e].train_loss, one.epochs[e].train_loss) << threads;
      EXPECT_EQ(run.epochs[e].val_accuracy, one.epochs[e].val_accuracy) << threads;
      EXPECT_EQ(run.epochs[e].test_accuracy, one.epochs[e].test_accuracy) << threads;
    }
    EXPECT_EQ(run.gradient_norm_first_step, one.gradient_norm_first_step) << threads;
    EXPECT_EQ(run.gradient_norm_first_epoch, one.gradient_norm_first_epoch) << threads;
  }
}

TEST_F(ParallelTest, PropagationGivesTheSameBitsForOneToFourThreads) {
  PropagationOptions options;
  options.act = Activation::Parse("selu");
  options.depth = 5;
  options.width = 260;
  options.batch = 250;  // 2 * 250 * 260^2 flops: above the split's threshold
  options.seed = 3;
  SetNumThreads(1);
  const PropagationResult one = Propagate(options);
  for (int threads = 2; threads <= 4; ++threads) {
    SetNumThreads(threads);
    const PropagationResult run = Propagate(options);
    ASSERT_EQ(run.layers.size(), one.layers.size());
    for (std::size_t l = 0; l < run.layers.size(); ++l) {
      EXPECT_EQ(run.layers[l].mean, one.layers[l].mean) << threads << " threads, layer " << l;
      EXPECT_EQ(run.layers[l].std_max, one.layers[l].std_max) << threads;
      EXPECT_EQ(run.layers[l].mean_min, one.layers[l].mean_min) << threads;
      EXPECT_EQ(run.layers[l].grad_rms, one.layers[l].grad_rms) << threads;
    }
  }
}

}  // namespace
}  // namespace actlab::parallel
