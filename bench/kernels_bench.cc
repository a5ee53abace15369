// The array kernels, one thread, forward and backward, float and double, for every catalogue entry,
// beside a y = 2x loop (ordinary stores): elements per second as items_per_second.
//   build/release/bench/kernels_bench --benchmark_filter='f32/fwd' --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true
// Sizes 4Ki and 256Ki; with ACTLAB_BENCH_LARGE=1 also 16Mi and 256Mi (2 GiB of arrays in float).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "actlab/activation.h"
#include "actlab/kernels.h"

namespace actlab {
namespace {

template <class T>
std::vector<T> Inputs(std::size_t n) {
  std::mt19937 random(1);
  std::uniform_real_distribution<double> uniform(-10, 10);  // as the anchors were measured
  std::vector<T> x(n);
  for (T& v : x) v = static_cast<T>(uniform(random));
  return x;
}

template <class T>
void RunForward(benchmark::State& state, Activation act) {
  SetNumThreads(1);
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::vector<T> x = Inputs<T>(n);
  std::vector<T> y(n);
  for (auto _ : state) {
    Forward(act, std::span<const T>(x), std::span<T>(y));
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}

template <class T>
void RunBackward(benchmark::State& state, Activation act) {
  SetNumThreads(1);
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::vector<T> x = Inputs<T>(n);
  const std::vector<T> dy = Inputs<T>(n);
  std::vector<T> dx(n);
  for (auto _ : state) {
    Backward(act, std::span<const T>(x), std::span<const T>(dy), std::span<T>(dx));
    benchmark::DoNotOptimize(dx.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}

template <class T>
void RunCopyTwice(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::vector<T> x = Inputs<T>(n);
  std::vector<T> y(n);
  for (auto _ : state) {
    for (std::size_t i = 0; i < n; ++i) y[i] = 2 * x[i];
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}

void Sizes(benchmark::internal::Benchmark* b) {
  b->Arg(4096)->Arg(262144);
  if (const char* large = std::getenv("ACTLAB_BENCH_LARGE"); large && std::string(large) == "1") {
    b->Arg(16777216)->Arg(268435456);
  }
}

const bool registered = [] {
  benchmark::AddCustomContext("actlab_kernel_target", KernelTarget());
  std::vector<Activation> acts;
  for (const Info& info : Catalogue()) acts.emplace_back(info.kind);
  acts.push_back(Activation::Parse("gelu:approximate=tanh"));
  for (const Activation& act : acts) {
    const std::string name = act.ToString();
    benchmark::RegisterBenchmark((name + "/f32/fwd").c_str(), RunForward<float>, act)->Apply(Sizes);
    benchmark::RegisterBenchmark((name + "/f32/bwd").c_str(), RunBackward<float>, act)
        ->Apply(Sizes);
    benchmark::RegisterBenchmark((name + "/f64/fwd").c_str(), RunForward<double>, act)
        ->Apply(Sizes);
    benchmark::RegisterBenchmark((name + "/f64/bwd").c_str(), RunBackward<double>, act)
        ->Apply(Sizes);
  }
  benchmark::RegisterBenchmark("copy_2x/f32", RunCopyTwice<float>)->Apply(Sizes);
  benchmark::RegisterBenchmark("copy_2x/f64", RunCopyTwice<double>)->Apply(Sizes);
  return true;
}();

}  // namespace
}  // namespace actlab
