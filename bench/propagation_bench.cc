// The deep-network experiment's speed: the tutorial's run, and large layers where the matrix
// products dominate (reported in GFLOP/s of the products).
// Example: build/release/bench/propagation_bench --benchmark_filter=Large
#include <benchmark/benchmark.h>

#include "actlab/propagation.h"

namespace {

void Run(benchmark::State& state, actlab::PropagationOptions options) {
  for (auto _ : state) {
    auto result = actlab::Propagate(options);
    benchmark::DoNotOptimize(result.layers.data());
  }
  state.counters["GFLOP/s"] = benchmark::Counter(actlab::MatrixFlops(options) * 1e-9,
                                                 benchmark::Counter::kIsIterationInvariantRate);
}

// The tutorial: selu, 500 x 100, 100 layers, forward only (what `actlab propagate` prints).
void BM_Tutorial(benchmark::State& state) {
  actlab::PropagationOptions options;
  options.backward = state.range(0) != 0;
  Run(state, options);
}
BENCHMARK(BM_Tutorial)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// --width 1000 --batch 4096 --depth N, forward only.
void BM_Large(benchmark::State& state) {
  actlab::PropagationOptions options;
  options.act = actlab::Activation::Parse(state.range(1) ? "selu" : "relu");
  options.width = 1000;
  options.batch = 4096;
  options.depth = static_cast<int>(state.range(0));
  options.backward = false;
  Run(state, options);
}
BENCHMARK(BM_Large)
    ->Args({200, 0})
    ->Args({200, 1})
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

}  // namespace
