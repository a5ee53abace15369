// Accuracy of the array kernels in units in the last place (ulp), against the extended-precision
// scalar oracle (Activation::ValueExtended / DerivativeExtended), over a stratified sample or, for
// float32, every bit pattern.
#ifndef ACTLAB_ACCURACY_H_
#define ACTLAB_ACCURACY_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "actlab/activation.h"
#include "actlab/kernels.h"

namespace actlab {

struct AccuracyOptions {
  ElementType type = ElementType::kF32;
  Direction direction = Direction::kForward;
  bool exhaustive = false;  // f32 only: all 2^32 bit patterns
  // The exhaustive sweep's bit patterns: [first_pattern, first_pattern + pattern_count), multiples
  // of 4096 (tests sweep a slice).
  std::uint64_t first_pattern = 0;
  std::uint64_t pattern_count = std::uint64_t{1} << 32;
  // Stratified sample size (besides the special values): one random bit pattern from each of
  // `samples` equal slices of the bit-pattern space, plus as many uniform points in [-40, 40].
  std::uint64_t samples = std::uint64_t{1} << 22;
  std::uint64_t seed = 20261126;
};

// Derivatives that cross zero inside their domain (gelu, silu, mish) cannot be relative-accurate
// right at the crossing: where |f'(x)| < kDerivativeFloor and |x| <= kDerivativeFloorWindow, the
// error counts in ulps of kDerivativeFloor (an absolute floor of 2^-3 ulp(1), i.e. 2^-26 for f32
// and 2^-55 for f64) when that is the smaller.
inline constexpr double kDerivativeFloor = 0.125;
inline constexpr double kDerivativeFloorWindow = 3;

// Entries with bound 0 are correctly rounded; float32 products with a slope given in double
// (leaky_relu, prelu, rrelu) are formed from three float parts and may round the wrong way when the
// exact product lies within about 2^-24 ulp of a rounding tie. This slack admits exactly that.
inline constexpr double kTieSlack = 0x1p-20;

struct AccuracyReport {
  std::string activation;  // canonical spec
  ElementType type{};
  Direction direction{};
  std::uint64_t inputs = 0;
  double max_ulp = 0;
  double worst_input = 0;  // the x where max_ulp occurs (the smallest such x in input order)
  double mean_ulp = 0;
  std::uint64_t nan_mistakes = 0;    // NaN where the true value is a number, or a number for NaN
  std::uint64_t inf_mistakes = 0;    // inf where the true value is finite, or the other way round
  std::uint64_t flush_mistakes = 0;  // 0 where the true value rounds to a nonzero (subnormal) T
  std::uint64_t zero_sign_mistakes = 0;  // -0 for +0 or +0 for -0
  // Exhaustive sweeps only: inputs where the float64 kernel, the sweep's fast oracle, was checked
  // against the extended oracle, and where the two disagreed by more than 2^-16 ulp of float.
  std::uint64_t oracle_checks = 0;
  std::uint64_t oracle_disagreements = 0;
  double bound = 0;  // the catalogue's bound for this type and direction
  // Within the bound (bound 0: the correctly rounded result, up to kTieSlack), without mistakes
  // and without oracle disagreements.
  bool Passes() const;
};

// What a measurement counts, before it becomes a report. The exhaustive sweep keeps one per group
// of kSweepGroup consecutive bit patterns (counted from first_pattern) and merges them in pattern
// order; a sweep split into blocks that start on group boundaries (actlab/scaleout.h) gives the
// same groups, so merging them in the same order gives the same report, bit for bit.
struct AccuracyTally {
  double max_ulp = -1;
  double worst_input = 0;
  std::uint64_t worst_index = 0;
  double sum_ulp = 0;  // per block of inputs, then merged: no long sums in one double
  std::uint64_t counted = 0;
  std::uint64_t seen = 0;
  std::uint64_t nan = 0, inf = 0, flush = 0, zero_sign = 0;
  std::uint64_t oracle_checks = 0, oracle_disagreements = 0;

  // Adds `other`, which follows this tally in input order.
  void Merge(const AccuracyTally& other);
};
inline constexpr std::uint64_t kSweepGroup = std::uint64_t{1} << 20;

// The special inputs every run checks: NaN, +-inf, +-0, subnormals, extremes, and the branch
// thresholds of the kernels +- 1 ulp.
std::vector<double> SpecialInputs(ElementType type);

// Measures one activation's kernel (dy = 1 for backward) in one type and direction.
AccuracyReport MeasureAccuracy(const Activation& act, const AccuracyOptions& options);

// The same measurement in parts: the exhaustive sweep's tallies, one per group of kSweepGroup bit
// patterns of options' slice, or the sample's one tally.
std::vector<AccuracyTally> MeasureAccuracyParts(const Activation& act,
                                                const AccuracyOptions& options);
// The report of parts merged in order (MeasureAccuracy is MeasureAccuracyParts, then this).
AccuracyReport CombineAccuracyParts(const Activation& act, const AccuracyOptions& options,
                                    std::span<const AccuracyTally> parts);

// The catalogue's bound for a type and direction.
double BoundOf(const Activation& act, ElementType type, Direction direction);

}  // namespace actlab

#endif  // ACTLAB_ACCURACY_H_
