// The benchmark loop. Every case times four variants on the same buffers — the kernel, a copy loop
// with the kernel's memory traffic, memcpy, and oneDNN — one sample of each in turn, so that a
// machine busy with something else slows all of them alike.
#include "actlab/bench.h"

#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <memory>
#include <stdexcept>

#include "actlab/io.h"
#include "actlab/kernels.h"
#include "actlab/parallel.h"
#include "bench/onednn.h"

namespace actlab {
namespace {

// Cache-line aligned storage, not zero-filled (the benchmark fills it).
template <class T>
struct Buffer {
  explicit Buffer(std::size_t n)
      : data(static_cast<T*>(
            std::aligned_alloc(64, std::max<std::size_t>(64, (n * sizeof(T) + 63) / 64 * 64)))),
        size(n) {
    if (!data) throw IoError("bench: cannot allocate " + std::to_string(n * sizeof(T)) + " bytes");
  }
  ~Buffer() { std::free(data); }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  std::span<T> span() { return {data, size}; }
  T* data;
  std::size_t size;
};

// The copy loops are compiled for each instruction set and picked at load time, like the kernels,
// so that in cache they are not held back by the baseline SSE2 build.
// Not under ThreadSanitizer: the resolver that picks a clone runs while the library is loaded,
// before the sanitizer's runtime is up, and its instrumented code crashes there.
#if defined(__SANITIZE_THREAD__)
#define ACTLAB_THREAD_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define ACTLAB_THREAD_SANITIZER 1
#endif
#endif
#ifdef ACTLAB_THREAD_SANITIZER
#define ACTLAB_CLONES
#else
#define ACTLAB_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#endif

ACTLAB_CLONES void ScaleLoop(const float* x, float* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) y[i] = 2 * x[i];
}
ACTLAB_CLONES void ScaleLoop(const double* x, double* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) y[i] = 2 * x[i];
}
ACTLAB_CLONES void MultiplyLoop(const float* x, const float* y, float* z, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) z[i] = x[i] * y[i];
}
ACTLAB_CLONES void MultiplyLoop(const double* x, const double* y, double* z, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) z[i] = x[i] * y[i];
}

// Runs body(begin, end) over [0, n) split into `threads` contiguous parts, on the thread pool as
// the kernels are.
template <class Body>
void Split(std::size_t n, int threads, const Body& body) {
  if (threads <= 1 || n < 4096) {
    body(std::size_t{0}, n);
    return;
  }
  const std::size_t part = (n + static_cast<std::size_t>(threads) - 1) / threads;
  parallel::Run(threads, [&](int t) {
    const std::size_t begin = std::min(n, part * static_cast<std::size_t>(t));
    body(begin, std::min(n, begin + part));
  });
}

// oneDNN runs its primitives on the OpenMP runtime it was built with (Debian's: libgomp), which
// takes its thread count from omp_set_num_threads. Looked up at run time, so that actlab itself
// does not build with OpenMP; without it (no oneDNN, or one on another runtime) there is nothing
// to set.
void SetOneDnnThreads(int threads) {
  using SetNumThreadsFunction = void (*)(int);
  if (void* symbol = dlsym(RTLD_DEFAULT, "omp_set_num_threads")) {
    reinterpret_cast<SetNumThreadsFunction>(symbol)(threads);
  }
}

// Best and median of per-call times, as elements per ns.
struct Speed {
  double best = 0, median = 0;
};

// Times one variant: calls per sample chosen once, so that a sample lasts min_sample_ns.
class Timer {
 public:
  Timer(std::function<void()> run, std::size_t elements, double min_sample_ns)
      : run_(std::move(run)), elements_(elements) {
    // The first call touches the pages and warms the caches; when it alone lasts a whole sample
    // (large arrays) one call per sample is enough and no calibration call is made.
    // Otherwise the fastest of three calls sets the count, so that one preempted call on a busy
    // machine does not leave every sample a single call long.
    double once = Sample(1);
    for (int i = 0; i < 3 && once < min_sample_ns; ++i) once = std::min(once, Sample(1));
    calls_ = static_cast<int>(std::clamp(min_sample_ns / once, 1.0, 1e6));
  }
  void Measure() { samples_.push_back(Sample(calls_) / calls_); }
  Speed Result() {
    std::sort(samples_.begin(), samples_.end());
    const double median =
        samples_.size() % 2
            ? samples_[samples_.size() / 2]
            : (samples_[samples_.size() / 2 - 1] + samples_[samples_.size() / 2]) / 2;
    const double n = static_cast<double>(elements_);
    return {n / samples_.front(), n / median};
  }

 private:
  double Sample(int calls) {
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < calls; ++i) run_();
    return std::max(
        1.0,
        std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count());
  }
  std::function<void()> run_;
  std::size_t elements_;
  int calls_ = 1;
  std::vector<double> samples_;
};

std::size_t ItemSize(ElementType type) { return type == ElementType::kF32 ? 4 : 8; }

template <class T>
void Fill(std::span<T> values, double low, double high, std::uint64_t seed) {
  std::uint64_t state = seed;
  for (T& value : values) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const double unit = static_cast<double>(state >> 11) * 0x1p-53;
    value = static_cast<T>(low + (high - low) * unit);
  }
}

// Every case of one element type and size, sharing three buffers.
template <class T>
void RunSize(const BenchOptions& options, const std::vector<Activation>& acts, std::size_t n,
             const std::function<void(const std::string&)>& progress,
             std::vector<BenchResult>* results) {
  Buffer<T> x(n), dy(n), out(n);
  // Inputs where every activation does real work: both signs, past the usual thresholds.
  Fill(x.span(), -8.0, 8.0, 1);
  Fill(dy.span(), -1.0, 1.0, 2);
  const int threads = options.threads;
  const ElementType type = std::is_same_v<T, float> ? ElementType::kF32 : ElementType::kF64;
  for (const Direction direction : options.directions) {
    const bool forward = direction == Direction::kForward;
    for (const Activation& act : acts) {
      if (progress) {
        progress(act.ToString() + " " + std::string(ToString(direction)) + " " +
                 std::string(ToString(type)) + " " + FormatElementCount(n));
      }
      const std::span<const T> in(x.data, n), grad(dy.data, n);
      Timer kernel(
          [&] {
            if (forward) {
              Forward(act, in, out.span());
            } else {
              Backward(act, in, grad, out.span());
            }
          },
          n, options.min_sample_ns);
      Timer copy(
          [&] {
            Split(n, threads, [&](std::size_t begin, std::size_t end) {
              if (forward) {
                ScaleLoop(x.data + begin, out.data + begin, end - begin);
              } else {
                MultiplyLoop(x.data + begin, dy.data + begin, out.data + begin, end - begin);
              }
            });
          },
          n, options.min_sample_ns);
      Timer memcpy_timer(
          [&] {
            Split(n, threads, [&](std::size_t begin, std::size_t end) {
              std::memcpy(out.data + begin, x.data + begin, (end - begin) * sizeof(T));
            });
          },
          n, options.min_sample_ns);
      std::unique_ptr<bench_internal::OneDnnRunner> onednn;
      if constexpr (std::is_same_v<T, float>) {
        onednn = bench_internal::MakeOneDnnRunner(act, direction, x.data, dy.data, out.data, n);
      }
      std::optional<Timer> onednn_timer;
      if (onednn) onednn_timer.emplace([&] { onednn->Run(); }, n, options.min_sample_ns);

      for (int r = 0; r < options.repetitions; ++r) {
        kernel.Measure();
        copy.Measure();
        memcpy_timer.Measure();
        if (onednn_timer) onednn_timer->Measure();
      }
      BenchResult result;
      result.act = act;
      result.direction = direction;
      result.type = type;
      result.size = n;
      result.threads = threads;
      const Speed speed = kernel.Result();
      result.elements_per_ns = speed.best;
      result.median_elements_per_ns = speed.median;
      result.gb_per_s = speed.best * static_cast<double>(sizeof(T)) * (forward ? 2.0 : 3.0);
      result.copy_elements_per_ns = copy.Result().best;
      result.memcpy_elements_per_ns = memcpy_timer.Result().best;
      if (onednn_timer) {
        const Speed onednn_speed = onednn_timer->Result();
        result.onednn_elements_per_ns = onednn_speed.best;
        result.onednn_median_elements_per_ns = onednn_speed.median;
      }
      results->push_back(result);
    }
  }
}

}  // namespace

std::optional<std::size_t> ParseElementCount(std::string_view text) {
  std::size_t shift = 0;
  for (const auto& [suffix, bits] :
       {std::pair<std::string_view, std::size_t>{"Ki", 10}, {"Mi", 20}, {"Gi", 30}}) {
    if (text.size() > suffix.size() && text.ends_with(suffix)) {
      shift = bits;
      text.remove_suffix(suffix.size());
      break;
    }
  }
  if (text.empty() || text.size() > 19) return std::nullopt;
  std::size_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::size_t>(c - '0');
  }
  if (value == 0 || value > (std::numeric_limits<std::size_t>::max() >> shift)) return std::nullopt;
  return value << shift;
}

std::string FormatElementCount(std::size_t count) {
  for (const auto& [suffix, bits] :
       {std::pair<const char*, std::size_t>{"Gi", 30}, {"Mi", 20}, {"Ki", 10}}) {
    const std::size_t unit = std::size_t{1} << bits;
    if (count >= unit && count % unit == 0) return std::to_string(count / unit) + suffix;
  }
  return std::to_string(count);
}

std::vector<BenchResult> RunBench(const BenchOptions& options,
                                  const std::function<void(const std::string&)>& progress) {
  if (options.sizes.empty()) throw std::invalid_argument("bench: no sizes given");
  if (options.threads < 1) {
    throw std::invalid_argument("bench: threads " + std::to_string(options.threads) +
                                " is not allowed; allowed: 1 or more");
  }
  if (options.repetitions < 1) {
    throw std::invalid_argument("bench: repetitions " + std::to_string(options.repetitions) +
                                " is not allowed; allowed: 1 or more");
  }
  std::vector<Activation> acts = options.acts;
  if (acts.empty()) {
    for (const Info& info : Catalogue()) acts.emplace_back(info.kind);
  }
  // Three arrays per size (x, dy, output) are alive at once; refuse before the first allocation.
  std::size_t largest = 0;
  for (const std::size_t size : options.sizes) {
    if (size == 0) throw std::invalid_argument("bench: a size of 0 elements is not allowed");
    for (const ElementType type : options.types) largest = std::max(largest, size * ItemSize(type));
  }
  RequireMemory(3 * static_cast<std::uint64_t>(largest),
                "bench: the largest case (3 arrays; a smaller --size or --type f32 needs less)");
  SetNumThreads(options.threads);
  SetOneDnnThreads(options.threads);  // oneDNN's runtime uses as many threads

  std::vector<BenchResult> results;
  for (const std::size_t size : options.sizes) {
    for (const ElementType type : options.types) {
      if (type == ElementType::kF32) {
        RunSize<float>(options, acts, size, progress, &results);
      } else {
        RunSize<double>(options, acts, size, progress, &results);
      }
    }
  }
  return results;
}

}  // namespace actlab
