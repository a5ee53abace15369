#include "actlab/accuracy.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>
#include <limits>
#include <random>
#include <span>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "actlab/kernels.h"
#include "actlab/parallel.h"
#include "vecmath/ranges.h"

namespace actlab {
namespace {

constexpr std::size_t kBlock = std::size_t{1} << 16;

// One ulp of T at the magnitude of ref (subnormal spacing below the normal range).
template <class T, class R>
R UlpOf(R ref) {
  const R a = std::fabs(ref);
  if (a == 0 || !std::isfinite(a)) return std::numeric_limits<T>::denorm_min();
  constexpr int kLowest = std::numeric_limits<T>::min_exponent - 1;
  constexpr int kDigits = std::numeric_limits<T>::digits - 1;
  if constexpr (std::is_same_v<R, double> && std::is_same_v<T, float>) {
    // The exponent from the bits (the exhaustive sweep's hot path; every double here is normal
    // or far below float's subnormal spacing).
    std::uint64_t bits;
    std::memcpy(&bits, &a, sizeof bits);
    const int exponent = std::max(static_cast<int>(bits >> 52) - 1023, kLowest);
    const std::uint64_t ulp = static_cast<std::uint64_t>(exponent - kDigits + 1023) << 52;
    double result;
    std::memcpy(&result, &ulp, sizeof result);
    return result;
  } else {
    const int exponent = std::max(std::ilogb(a), kLowest);
    return std::ldexp(R(1), exponent - kDigits);
  }
}

// What one result is worth: its error in ulps, or the mistake it makes.
struct Verdict {
  double err = 0;
  bool counted = false;  // err is meaningful (both values finite)
  bool nan = false, inf = false, flush = false, zero_sign = false;
  bool Mistaken() const { return nan || inf || flush || zero_sign; }
};

using Tally = AccuracyTally;

// R is the reference's type: long double for the extended oracle, double for the float64 kernel
// that the exhaustive sweep uses as its fast oracle.
template <class T, class R>
Verdict Judge(T x, T got, R ref, bool derivative, bool exact_entry) {
  Verdict v;
  const T rounded = static_cast<T>(ref);
  if (std::isnan(ref) || std::isnan(got)) {
    v.nan = std::isnan(ref) != std::isnan(got);
    return v;
  }
  if (std::isinf(rounded) || std::isinf(got)) {
    v.inf = rounded != got;
    return v;
  }
  v.flush = got == 0 && rounded != 0;
  // The sign of a zero is checked where it is exact: at x = +-0 and for the piecewise-linear
  // entries. Elsewhere a zero comes from underflow, whose sign the oracle's own formula decides
  // (gelu'(-151): the oracle's exp underflows to +0 although the true value is negative).
  v.zero_sign = got == 0 && rounded == 0 && std::signbit(got) != std::signbit(rounded) &&
                (x == 0 || exact_entry);
  const R diff = std::fabs(static_cast<R>(got) - ref);
  double err = static_cast<double>(diff / UlpOf<T>(ref));
  if (derivative && std::fabs(ref) < kDerivativeFloor &&
      std::fabs(static_cast<double>(x)) <= kDerivativeFloorWindow) {
    err = std::min(err, static_cast<double>(diff / UlpOf<T>(R(kDerivativeFloor))));
  }
  // Results equal to the oracle rounded to T count as exact (the oracle may sit a hair off the
  // midpoint where the rounding is a tie).
  if (got == rounded) err = std::min(err, 0.5);
  v.err = err;
  v.counted = true;
  return v;
}

void Add(Tally& t, const Verdict& v, double x, std::uint64_t index) {
  ++t.seen;
  t.nan += v.nan;
  t.inf += v.inf;
  t.flush += v.flush;
  t.zero_sign += v.zero_sign;
  if (!v.counted) return;
  t.sum_ulp += v.err;
  ++t.counted;
  if (v.err > t.max_ulp) {
    t.max_ulp = v.err;
    t.worst_input = x;
    t.worst_index = index;
  }
}

template <class T>
void RunBlock(const Activation& act, Direction direction, std::span<const T> x,
              std::uint64_t first_index, Tally& tally) {
  std::vector<T> out(x.size());
  if (direction == Direction::kForward) {
    Forward(act, x, std::span<T>(out));
  } else {
    const std::vector<T> ones(x.size(), T(1));
    Backward(act, x, std::span<const T>(ones), std::span<T>(out));
  }
  const bool derivative = direction == Direction::kBackward;
  const bool exact_entry = act.info().accuracy.f32_forward == 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const long double ref = derivative ? act.DerivativeExtended(x[i]) : act.ValueExtended(x[i]);
    Add(tally, Judge<T>(x[i], out[i], ref, derivative, exact_entry), static_cast<double>(x[i]),
        first_index + i);
  }
}

template <class T, class Bits>
T FromBits(Bits b) {
  T v;
  static_assert(sizeof(T) == sizeof(Bits));
  std::memcpy(&v, &b, sizeof v);
  return v;
}

// The inputs: the special values first, then the stratified sample.
template <class T>
std::vector<T> SampleInputs(const AccuracyOptions& o) {
  using Bits = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
  std::vector<T> inputs;
  for (double s : SpecialInputs(sizeof(T) == 4 ? ElementType::kF32 : ElementType::kF64)) {
    inputs.push_back(static_cast<T>(s));
  }
  std::mt19937_64 random(o.seed);
  const long double slice = std::ldexp(1.0L, 8 * sizeof(T)) / static_cast<long double>(o.samples);
  std::uniform_real_distribution<long double> within(0, 1);
  for (std::uint64_t k = 0; k < o.samples; ++k) {
    const long double pattern = (static_cast<long double>(k) + within(random)) * slice;
    inputs.push_back(FromBits<T>(static_cast<Bits>(pattern)));
  }
  std::uniform_real_distribution<double> dense(-40, 40);
  for (std::uint64_t k = 0; k < o.samples; ++k) inputs.push_back(static_cast<T>(dense(random)));
  return inputs;
}

template <class T>
Tally MeasureSample(const Activation& act, const AccuracyOptions& o) {
  const std::vector<T> inputs = SampleInputs<T>(o);
  const std::size_t blocks = (inputs.size() + kBlock - 1) / kBlock;
  // One tally per block, merged in block order: the same sums for any thread count.
  std::vector<Tally> tallies(blocks);
  parallel::Run(static_cast<int>(blocks), [&](int b) {
    const std::size_t begin = static_cast<std::size_t>(b) * kBlock;
    const std::size_t end = std::min(inputs.size(), begin + kBlock);
    RunBlock<T>(act, o.direction, std::span<const T>(inputs.data() + begin, end - begin), begin,
                tallies[static_cast<std::size_t>(b)]);
  });
  Tally total;
  for (const Tally& tally : tallies) total.Merge(tally);
  return total;
}

// Whether the float64 oracle agrees with the extended one to 2^-16 ulp of float (the float64
// kernels are held to a few ulps of double, 2^-29 ulp of float): the check that the fast oracle
// is fit for the sweep, made where the sweep samples it.
bool OracleAgrees(double fast, long double extended, bool derivative, double x) {
  if (std::isnan(fast) || std::isnan(extended)) return std::isnan(fast) && std::isnan(extended);
  if (std::isinf(fast) || std::isinf(extended)) return fast == extended;
  long double unit = UlpOf<float>(extended);
  if (derivative && std::fabs(extended) < kDerivativeFloor &&
      std::fabs(x) <= kDerivativeFloorWindow) {
    unit = std::max(unit, UlpOf<float>(static_cast<long double>(kDerivativeFloor)));
  }
  return std::fabs(static_cast<long double>(fast) - extended) <= unit * 0x1p-16L;
}

// Every float32 bit pattern. The extended oracle (x87 long double, ~50 ns a call) would take
// ~10 minutes per function on two cores, so the sweep scores each result against the float64
// kernel (~1 ns) and calls the extended oracle where it matters: for every result that is not the
// fast oracle rounded to float and is within a thousandth of an ulp of the largest error seen so
// far, or at least 1 ulp off, for every result the fast oracle calls a mistake, and for one input
// in 64 (chosen by a hash of its index), where it also checks the fast oracle itself. So the
// maximum, the worst input and every mistake come from the extended oracle; the mean is the fast
// oracle's (equal to 2^-29 ulp).
std::vector<Tally> MeasureExhaustiveF32(const Activation& act, const AccuracyOptions& options) {
  const Direction direction = options.direction;
  constexpr std::size_t kSweepBlock = 4096;  // the arrays of a block stay in the L2 cache
  if (options.first_pattern % kSweepBlock != 0 || options.pattern_count % kSweepBlock != 0 ||
      options.first_pattern + options.pattern_count > (std::uint64_t{1} << 32)) {
    throw std::invalid_argument(
        "accuracy: the exhaustive sweep's slice must lie within the 2^32 bit patterns and start "
        "and end on multiples of 4096");
  }
  const std::uint64_t first_block = options.first_pattern / kSweepBlock;
  const std::uint64_t blocks = options.pattern_count / kSweepBlock;
  const bool derivative = direction == Direction::kBackward;
  const bool exact_entry = act.info().accuracy.f32_forward == 0;
  auto extended = [&](float x) {
    return derivative ? act.DerivativeExtended(x) : act.ValueExtended(x);
  };
  // Groups of 256 blocks, each with a tally of its own, merged in order: which results go to the
  // extended oracle depends on the group's running maximum only, so the tally is the same for any
  // thread count.
  constexpr std::uint64_t kGroup = kSweepGroup / kSweepBlock;
  const std::uint64_t groups = (blocks + kGroup - 1) / kGroup;
  std::vector<Tally> tallies(groups);
  parallel::Run(static_cast<int>(groups), [&](int g) {
    Tally& mine = tallies[static_cast<std::size_t>(g)];
    std::vector<float> x(kSweepBlock), got(kSweepBlock), ones(kSweepBlock, 1.0f);
    std::vector<double> wide(kSweepBlock), fast(kSweepBlock), wide_ones(kSweepBlock, 1.0);
    const std::uint64_t group_end = std::min(blocks, (static_cast<std::uint64_t>(g) + 1) * kGroup);
    for (std::uint64_t k = static_cast<std::uint64_t>(g) * kGroup; k < group_end; ++k) {
      const std::uint64_t b = first_block + k;
      for (std::size_t i = 0; i < kSweepBlock; ++i) {
        x[i] = FromBits<float>(static_cast<std::uint32_t>(b * kSweepBlock + i));
        wide[i] = x[i];
      }
      // The kernel under test, and the float64 kernel as the fast oracle.
      if (derivative) {
        Backward(act, std::span<const float>(x), std::span<const float>(ones),
                 std::span<float>(got));
        Backward(act, std::span<const double>(wide), std::span<const double>(wide_ones),
                 std::span<double>(fast));
      } else {
        Forward(act, std::span<const float>(x), std::span<float>(got));
        Forward(act, std::span<const double>(wide), std::span<double>(fast));
      }
      Tally block;
      for (std::size_t i = 0; i < kSweepBlock; ++i) {
        const std::uint64_t index = b * kSweepBlock + i;
        const bool sampled = ((index * 0x9E3779B97F4A7C15ull) >> 58) == 0;  // 1 in 64
        const bool rounded_right = got[i] == static_cast<float>(fast[i]);
        // The common case, kept short: a normal result equal to the fast oracle rounded, which
        // makes no mistake, is at most half an ulp off and cannot raise the maximum.
        if (rounded_right && !sampled && std::isnormal(got[i]) &&
            !(derivative && std::fabs(fast[i]) < kDerivativeFloor)) {
          const double err =
              std::fabs(static_cast<double>(got[i]) - fast[i]) / UlpOf<float>(fast[i]);
          if (err <= std::max(mine.max_ulp, block.max_ulp)) {
            ++block.seen;
            ++block.counted;
            block.sum_ulp += err;
            continue;
          }
        }
        Verdict v = Judge<float>(x[i], got[i], fast[i], derivative, exact_entry);
        if (sampled || v.Mistaken() || v.err >= 1 ||
            (!rounded_right && v.err > std::max(mine.max_ulp, block.max_ulp) - 1e-3)) {
          const long double reference = extended(x[i]);
          if (sampled) {
            ++block.oracle_checks;
            block.oracle_disagreements += !OracleAgrees(fast[i], reference, derivative, wide[i]);
          }
          v = Judge<float>(x[i], got[i], reference, derivative, exact_entry);
        }
        Add(block, v, wide[i], index);
      }
      mine.Merge(block);
    }
  });
  return tallies;
}

}  // namespace

void AccuracyTally::Merge(const AccuracyTally& o) {
  if (o.max_ulp > max_ulp || (o.max_ulp == max_ulp && o.worst_index < worst_index)) {
    max_ulp = o.max_ulp;
    worst_input = o.worst_input;
    worst_index = o.worst_index;
  }
  sum_ulp += o.sum_ulp;
  counted += o.counted;
  seen += o.seen;
  nan += o.nan;
  inf += o.inf;
  flush += o.flush;
  zero_sign += o.zero_sign;
  oracle_checks += o.oracle_checks;
  oracle_disagreements += o.oracle_disagreements;
}

bool AccuracyReport::Passes() const {
  const bool mistakes =
      nan_mistakes + inf_mistakes + flush_mistakes + zero_sign_mistakes + oracle_disagreements > 0;
  return !mistakes && max_ulp <= std::max(bound, 0.5 + kTieSlack);
}

std::vector<double> SpecialInputs(ElementType type) {
  const bool f32 = type == ElementType::kF32;
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> s = {std::numeric_limits<double>::quiet_NaN(), inf, -inf, 0.0, -0.0};
  const double tiny =
      f32 ? std::numeric_limits<float>::denorm_min() : std::numeric_limits<double>::denorm_min();
  const double min_normal =
      f32 ? std::numeric_limits<float>::min() : std::numeric_limits<double>::min();
  const double max = f32 ? std::numeric_limits<float>::max() : std::numeric_limits<double>::max();
  for (double v : {tiny, 3 * tiny, min_normal, min_normal / 2, max, 1e-30, 1e-8}) {
    s.push_back(v);
    s.push_back(-v);
  }
  // The branch points of the shared vector maths and of every row, with their neighbours: the
  // union, in increasing order.
  std::vector<double> thresholds(std::begin(vecmath::kBranchPoints),
                                 std::end(vecmath::kBranchPoints));
  for (const Info& info : Catalogue()) {
    thresholds.insert(thresholds.end(), info.branch_points.begin(), info.branch_points.end());
  }
  std::sort(thresholds.begin(), thresholds.end());
  thresholds.erase(std::unique(thresholds.begin(), thresholds.end()), thresholds.end());
  for (double t : thresholds) {
    for (double sign : {1.0, -1.0}) {
      const double v = sign * t;
      if (f32) {
        const float f = static_cast<float>(v);
        for (float n : {std::nextafter(f, -INFINITY), f, std::nextafter(f, INFINITY)})
          s.push_back(n);
      } else {
        for (double n : {std::nextafter(v, -inf), v, std::nextafter(v, inf)}) s.push_back(n);
      }
    }
  }
  return s;
}

double BoundOf(const Activation& act, ElementType type, Direction direction) {
  const AccuracyBound& b = act.info().accuracy;
  if (type == ElementType::kF32)
    return direction == Direction::kForward ? b.f32_forward : b.f32_backward;
  return direction == Direction::kForward ? b.f64_forward : b.f64_backward;
}

std::vector<AccuracyTally> MeasureAccuracyParts(const Activation& act,
                                                const AccuracyOptions& options) {
  if (options.exhaustive && options.type != ElementType::kF32) {
    throw std::invalid_argument("accuracy: the exhaustive sweep exists for f32 only");
  }
  if (options.exhaustive) return MeasureExhaustiveF32(act, options);
  if (options.type == ElementType::kF32) return {MeasureSample<float>(act, options)};
  return {MeasureSample<double>(act, options)};
}

AccuracyReport CombineAccuracyParts(const Activation& act, const AccuracyOptions& options,
                                    std::span<const AccuracyTally> parts) {
  Tally t;
  for (const Tally& part : parts) t.Merge(part);
  AccuracyReport r;
  r.activation = act.ToString();
  r.type = options.type;
  r.direction = options.direction;
  r.inputs = t.seen;
  r.max_ulp = std::max(0.0, t.max_ulp);
  r.worst_input = t.worst_input;
  r.mean_ulp = t.counted ? t.sum_ulp / static_cast<double>(t.counted) : 0;
  r.nan_mistakes = t.nan;
  r.inf_mistakes = t.inf;
  r.flush_mistakes = t.flush;
  r.zero_sign_mistakes = t.zero_sign;
  r.oracle_checks = t.oracle_checks;
  r.oracle_disagreements = t.oracle_disagreements;
  r.bound = BoundOf(act, options.type, options.direction);
  return r;
}

AccuracyReport MeasureAccuracy(const Activation& act, const AccuracyOptions& options) {
  return CombineAccuracyParts(act, options, MeasureAccuracyParts(act, options));
}

}  // namespace actlab
