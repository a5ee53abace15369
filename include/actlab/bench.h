// Throughput of the array kernels: elements per nanosecond and GB/s of Forward and Backward,
// measured beside plain copy loops and oneDNN's eltwise (when actlab was built with it) in the same
// run.
#ifndef ACTLAB_BENCH_H_
#define ACTLAB_BENCH_H_

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "actlab/activation.h"
#include "actlab/kernels.h"

namespace actlab {

// What to measure. Every combination of acts × directions × types × sizes is one case.
struct BenchOptions {
  std::vector<Activation> acts;  // empty: every catalogue entry with its defaults
  std::vector<Direction> directions = {Direction::kForward, Direction::kBackward};
  std::vector<ElementType> types = {ElementType::kF32, ElementType::kF64};
  std::vector<std::size_t> sizes = {std::size_t{4} << 10, std::size_t{256} << 10,
                                    std::size_t{16} << 20, std::size_t{256} << 20};
  int threads = 1;
  int repetitions = 5;         // samples per variant; best and median are reported
  double min_sample_ns = 1e6;  // small arrays are run in a loop so that a sample lasts this long
};

// One case: the kernel's speed and, beside it, what a copy loop and oneDNN reach on the same
// arrays. Speeds are elements per nanosecond (higher is better): best of the samples, and their
// median.
struct BenchResult {
  Activation act;
  Direction direction = Direction::kForward;
  ElementType type = ElementType::kF32;
  std::size_t size = 0;
  int threads = 1;
  double elements_per_ns = 0, median_elements_per_ns = 0;
  double gb_per_s = 0;  // bytes read and written per ns: 2 arrays forward, 3 backward
  // y = 2x (forward) or z = x*y (backward): the same memory traffic as the kernel, no maths.
  double copy_elements_per_ns = 0;
  double memcpy_elements_per_ns = 0;  // memcpy of `size` elements
  // oneDNN's eltwise for the same function; empty when oneDNN lacks it, lacks the type, or actlab
  // was built without it.
  std::optional<double> onednn_elements_per_ns, onednn_median_elements_per_ns;
};

// Runs every case, interleaving the variants sample by sample so that they see the same machine
// state. Throws IoError before allocating anything when the largest size does not fit in the
// available memory, and std::invalid_argument for an empty size list, a size of 0, threads < 1 or
// repetitions < 1. `progress` (may be empty) is called before each case.
std::vector<BenchResult> RunBench(const BenchOptions& options,
                                  const std::function<void(const std::string&)>& progress = {});

// Parses an element count as typed on the command line: "4096", "4Ki", "256Ki", "16Mi", "1Gi".
// Returns nullopt for anything else, for 0, and for counts that overflow.
std::optional<std::size_t> ParseElementCount(std::string_view text);
// "4Ki", "16Mi" where exact, else the plain number.
std::string FormatElementCount(std::size_t count);

// Whether actlab was built with oneDNN, and its version ("2.6.3"), or "" when not.
std::string OneDnnVersion();
// Runs oneDNN's eltwise counterpart of `act` (forward y = f(x), or backward dx = f'(x) dy) over
// float32 arrays. Returns false, touching nothing, when oneDNN has no such function or is absent.
bool OneDnnForward(const Activation& act, std::span<const float> x, std::span<float> y);
bool OneDnnBackward(const Activation& act, std::span<const float> x, std::span<const float> dy,
                    std::span<float> dx);
// The oneDNN algorithm that stands for `act` ("eltwise_gelu_erf", "eltwise_relu alpha=0.01"), or
// "" when there is none.
std::string OneDnnCounterpart(const Activation& act);

}  // namespace actlab

#endif  // ACTLAB_BENCH_H_
