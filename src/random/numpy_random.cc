// numpy's legacy RandomState: MT19937 (Matsumoto & Nishimura's init_genrand and genrand_int32) and
// the conversions of numpy/random/src/legacy and distributions, reproduced operation for operation.
#include <cmath>
#include <stdexcept>
#include <string>

#include "actlab/random.h"

namespace actlab {
namespace {
constexpr int kN = 624;
constexpr int kM = 397;
constexpr std::uint32_t kMatrixA = 0x9908b0dfU;
constexpr std::uint32_t kUpperMask = 0x80000000U;
constexpr std::uint32_t kLowerMask = 0x7fffffffU;
}  // namespace

NumpyRandom::NumpyRandom(std::uint64_t seed) { Seed(seed); }

void NumpyRandom::Seed(std::uint64_t seed) {
  if (seed > kMaxSeed) {
    throw std::invalid_argument("seed " + std::to_string(seed) +
                                " is outside the allowed range 0 to 4294967295 (2**32-1)");
  }
  state_[0] = static_cast<std::uint32_t>(seed);
  for (int i = 1; i < kN; ++i) {
    const std::uint32_t previous = state_[i - 1];
    state_[i] = 1812433253U * (previous ^ (previous >> 30)) + static_cast<std::uint32_t>(i);
  }
  position_ = kN;
  has_gauss_ = false;
  gauss_ = 0;
}

void NumpyRandom::Generate() {
  auto twist = [this](int i, int next, int far) {
    const std::uint32_t y = (state_[i] & kUpperMask) | (state_[next] & kLowerMask);
    state_[i] = state_[far] ^ (y >> 1) ^ ((y & 1U) ? kMatrixA : 0U);
  };
  int i = 0;
  for (; i < kN - kM; ++i) twist(i, i + 1, i + kM);
  for (; i < kN - 1; ++i) twist(i, i + 1, i + kM - kN);
  twist(kN - 1, 0, kM - 1);
  position_ = 0;
}

std::uint32_t NumpyRandom::NextUint32() {
  if (position_ >= kN) Generate();
  std::uint32_t y = state_[position_++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680U;
  y ^= (y << 15) & 0xefc60000U;
  y ^= y >> 18;
  return y;
}

double NumpyRandom::RandomSample() {
  const std::uint32_t a = NextUint32() >> 5;
  const std::uint32_t b = NextUint32() >> 6;
  return (a * 67108864.0 + b) / 9007199254740992.0;
}

double NumpyRandom::StandardNormal() {
  if (has_gauss_) {
    has_gauss_ = false;
    const double cached = gauss_;
    gauss_ = 0;
    return cached;
  }
  double x1 = 0, x2 = 0, r2 = 0;
  do {
    x1 = 2.0 * RandomSample() - 1.0;
    x2 = 2.0 * RandomSample() - 1.0;
    r2 = x1 * x1 + x2 * x2;
  } while (r2 >= 1.0 || r2 == 0.0);
  const double f = std::sqrt(-2.0 * std::log(r2) / r2);
  gauss_ = f * x1;
  has_gauss_ = true;
  return f * x2;
}

std::uint64_t NumpyRandom::Interval(std::uint64_t max) {
  if (max == 0) return 0;
  std::uint64_t mask = max;
  for (int shift = 1; shift <= 32; shift *= 2) mask |= mask >> shift;
  std::uint64_t value = 0;
  if (max <= 0xFFFFFFFFull) {
    while ((value = (NextUint32() & mask)) > max) {
    }
  } else {
    do {
      const std::uint64_t high = NextUint32();
      value = ((high << 32) | NextUint32()) & mask;
    } while (value > max);
  }
  return value;
}

std::int64_t NumpyRandom::RandInt(std::int64_t low, std::int64_t high) {
  if (high <= low) {
    throw std::invalid_argument("randint: high (" + std::to_string(high) +
                                ") must be greater than low (" + std::to_string(low) + ")");
  }
  const std::uint64_t range =
      static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low) - 1;
  if (range > 0xFFFFFFFFull) {
    throw std::invalid_argument("randint: ranges wider than 2**32 are not supported");
  }
  if (range == 0) return low;
  if (range == 0xFFFFFFFFull) return low + static_cast<std::int64_t>(NextUint32());
  return low + static_cast<std::int64_t>(Interval(range));
}

void NumpyRandom::FillNormal(std::span<double> out, double loc, double scale) {
  for (double& value : out) value = Normal(loc, scale);
}

void NumpyRandom::FillUniform(std::span<double> out, double low, double high) {
  for (double& value : out) value = Uniform(low, high);
}

std::vector<std::int64_t> NumpyRandom::Permutation(std::int64_t n) {
  if (n < 0) throw std::invalid_argument("permutation: n must be >= 0");
  std::vector<std::int64_t> values(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) values[static_cast<std::size_t>(i)] = i;
  Shuffle(std::span<std::int64_t>(values));
  return values;
}

}  // namespace actlab
