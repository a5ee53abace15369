#include "actlab/accuracy.h"

#include <omp.h>

#include <algorithm>
#include <cstring>
#include <type_traits>
#include <cmath>
#include <limits>
#include <random>
#include <span>
#include <stdexcept>

#include "actlab/kernels.h"

namespace actlab {
namespace {

constexpr std::size_t kBlock = std::size_t{1} << 16;

// One ulp of T at the magnitude of ref (subnormal spacing below the normal range).
template <class T>
long double UlpOf(long double ref) {
  const long double a = std::fabs(ref);
  if (a == 0 || !std::isfinite(a)) return std::numeric_limits<T>::denorm_min();
  int e = 0;
  std::frexp(a, &e);  // a = m 2^e, m in [1/2, 1)
  const int exponent = std::max(e - 1, std::numeric_limits<T>::min_exponent - 1);
  return std::ldexp(1.0L, exponent - (std::numeric_limits<T>::digits - 1));
}

struct Tally {
  double max_ulp = -1;
  double worst_input = 0;
  std::uint64_t worst_index = 0;
  long double sum_ulp = 0;
  std::uint64_t counted = 0;
  std::uint64_t seen = 0;
  std::uint64_t nan = 0, inf = 0, flush = 0, zero_sign = 0;

  void Merge(const Tally& o) {
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
  }
};

template <class T>
void Score(T x, T got, long double ref, bool derivative, bool exact_entry, std::uint64_t index,
           Tally& t) {
  ++t.seen;
  const T rounded = static_cast<T>(ref);
  if (std::isnan(ref) || std::isnan(got)) {
    if (std::isnan(ref) != std::isnan(got)) ++t.nan;
    return;
  }
  if (std::isinf(rounded) || std::isinf(got)) {
    if (rounded != got) ++t.inf;
    return;
  }
  if (got == 0 && rounded != 0) ++t.flush;
  // The sign of a zero is checked where it is exact: at x = +-0 and for the piecewise-linear
  // entries. Elsewhere a zero comes from underflow, whose sign the oracle's own formula decides
  // (gelu'(-151): the oracle's exp underflows to +0 although the true value is negative).
  if (got == 0 && rounded == 0 && std::signbit(got) != std::signbit(rounded) &&
      (x == 0 || exact_entry)) {
    ++t.zero_sign;
  }
  const long double diff = std::fabs(static_cast<long double>(got) - ref);
  double err = static_cast<double>(diff / UlpOf<T>(ref));
  if (derivative && std::fabs(ref) < kDerivativeFloor &&
      std::fabs(static_cast<double>(x)) <= kDerivativeFloorWindow) {
    err = std::min(err, static_cast<double>(diff / UlpOf<T>(kDerivativeFloor)));
  }
  // Results equal to the oracle rounded to T count as exact (the oracle may sit a hair off the
  // midpoint where the rounding is a tie).
  if (got == rounded) err = std::min(err, 0.5);
  t.sum_ulp += err;
  ++t.counted;
  if (err > t.max_ulp) {
    t.max_ulp = err;
    t.worst_input = static_cast<double>(x);
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
    const long double ref =
        derivative ? act.DerivativeExtended(x[i]) : act.ValueExtended(x[i]);
    Score<T>(x[i], out[i], ref, derivative, exact_entry, first_index + i, tally);
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
  Tally total;
#pragma omp parallel num_threads(NumThreads())
  {
    Tally mine;
#pragma omp for schedule(dynamic, 1)
    for (std::size_t b = 0; b < blocks; ++b) {
      const std::size_t begin = b * kBlock;
      const std::size_t end = std::min(inputs.size(), begin + kBlock);
      RunBlock<T>(act, o.direction, std::span<const T>(inputs.data() + begin, end - begin), begin,
                  mine);
    }
#pragma omp critical
    total.Merge(mine);
  }
  return total;
}

Tally MeasureExhaustiveF32(const Activation& act, Direction direction) {
  constexpr std::uint64_t kPatterns = std::uint64_t{1} << 32;
  constexpr std::uint64_t kBlocks = kPatterns / kBlock;
  Tally total;
#pragma omp parallel num_threads(NumThreads())
  {
    Tally mine;
    std::vector<float> x(kBlock);
#pragma omp for schedule(dynamic, 16)
    for (std::uint64_t b = 0; b < kBlocks; ++b) {
      for (std::size_t i = 0; i < kBlock; ++i) {
        x[i] = FromBits<float>(static_cast<std::uint32_t>(b * kBlock + i));
      }
      RunBlock<float>(act, direction, x, b * kBlock, mine);
    }
#pragma omp critical
    total.Merge(mine);
  }
  return total;
}

}  // namespace

std::string ToString(ElementType type) { return type == ElementType::kF32 ? "f32" : "f64"; }
std::string ToString(Direction direction) {
  return direction == Direction::kForward ? "fwd" : "bwd";
}

bool AccuracyReport::Passes() const {
  const bool mistakes = nan_mistakes + inf_mistakes + flush_mistakes + zero_sign_mistakes > 0;
  return !mistakes && max_ulp <= std::max(bound, 0.5 + kTieSlack);
}

std::vector<double> SpecialInputs(ElementType type) {
  const bool f32 = type == ElementType::kF32;
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> s = {std::numeric_limits<double>::quiet_NaN(), inf, -inf, 0.0, -0.0};
  const double tiny = f32 ? std::numeric_limits<float>::denorm_min()
                          : std::numeric_limits<double>::denorm_min();
  const double min_normal = f32 ? std::numeric_limits<float>::min() : std::numeric_limits<double>::min();
  const double max = f32 ? std::numeric_limits<float>::max() : std::numeric_limits<double>::max();
  for (double v : {tiny, 3 * tiny, min_normal, min_normal / 2, max, 1e-30, 1e-8}) {
    s.push_back(v);
    s.push_back(-v);
  }
  // The branch thresholds of the kernels and of the definitions, with their neighbours.
  const double thresholds[] = {0.5, 0.70710678118654752, 0.75, 1, 1.2784645, 1.5, 3, 5, 6, 12, 16,
                               17, 20, 24, 30, 34, 40, 50, 80, 87.33654, 88.72284, 89, 100, 103.97,
                               104, 700, 708.4, 709.78, 710, 744.44, 745.13, 746};
  for (double t : thresholds) {
    for (double sign : {1.0, -1.0}) {
      const double v = sign * t;
      if (f32) {
        const float f = static_cast<float>(v);
        for (float n : {std::nextafter(f, -INFINITY), f, std::nextafter(f, INFINITY)}) s.push_back(n);
      } else {
        for (double n : {std::nextafter(v, -inf), v, std::nextafter(v, inf)}) s.push_back(n);
      }
    }
  }
  return s;
}

double BoundOf(const Activation& act, ElementType type, Direction direction) {
  const AccuracyBound& b = act.info().accuracy;
  if (type == ElementType::kF32) return direction == Direction::kForward ? b.f32_forward : b.f32_backward;
  return direction == Direction::kForward ? b.f64_forward : b.f64_backward;
}

AccuracyReport MeasureAccuracy(const Activation& act, const AccuracyOptions& options) {
  if (options.exhaustive && options.type != ElementType::kF32) {
    throw std::invalid_argument("accuracy: the exhaustive sweep exists for f32 only");
  }
  Tally t;
  if (options.exhaustive) {
    t = MeasureExhaustiveF32(act, options.direction);
  } else if (options.type == ElementType::kF32) {
    t = MeasureSample<float>(act, options);
  } else {
    t = MeasureSample<double>(act, options);
  }
  AccuracyReport r;
  r.activation = act.ToString();
  r.type = options.type;
  r.direction = options.direction;
  r.inputs = t.seen;
  r.max_ulp = std::max(0.0, t.max_ulp);
  r.worst_input = t.worst_input;
  r.mean_ulp = t.counted ? static_cast<double>(t.sum_ulp / static_cast<long double>(t.counted)) : 0;
  r.nan_mistakes = t.nan;
  r.inf_mistakes = t.inf;
  r.flush_mistakes = t.flush;
  r.zero_sign_mistakes = t.zero_sign;
  r.bound = BoundOf(act, options.type, options.direction);
  return r;
}

}  // namespace actlab
