// Random numbers bit-identical to numpy's legacy RandomState (what np.random.seed drives), so that
// experiments written against numpy reproduce draw for draw.
#ifndef ACTLAB_RANDOM_H_
#define ACTLAB_RANDOM_H_

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace actlab {

// MT19937 with numpy's legacy conversions. Copyable: a copy continues the same stream, which the
// experiment uses to redraw weights without storing them.
class NumpyRandom {
 public:
  static constexpr std::uint64_t kMaxSeed = 0xFFFFFFFFull;

  // The state np.random.seed(seed) gives. Throws std::invalid_argument for a seed above 2**32-1.
  explicit NumpyRandom(std::uint64_t seed = 0);
  // Re-seeds as np.random.seed(seed) does (the cached normal is dropped).
  void Seed(std::uint64_t seed);

  // The next raw 32-bit output of MT19937.
  std::uint32_t NextUint32();
  // np.random.random_sample(): a double in [0, 1) from 53 random bits.
  double RandomSample();
  // np.random.standard_normal(): the legacy polar (Marsaglia) method; the second value of each pair
  // is returned by the next call.
  double StandardNormal();
  // np.random.normal(loc, scale): loc + scale * StandardNormal().
  double Normal(double loc, double scale) { return loc + scale * StandardNormal(); }
  // np.random.uniform(low, high): low + (high - low) * RandomSample().
  double Uniform(double low, double high) { return low + (high - low) * RandomSample(); }
  // np.random.randint(low, high) for high - low <= 2**32 (the legacy masked rejection); throws
  // std::invalid_argument when high <= low or the range is wider.
  std::int64_t RandInt(std::int64_t low, std::int64_t high);

  // Array forms, filled in C order as numpy fills them.
  void FillNormal(std::span<double> out, double loc = 0, double scale = 1);
  void FillUniform(std::span<double> out, double low = 0, double high = 1);

  // np.random.shuffle(x) for a one-dimensional x (or the rows of an array: swap what index i and j
  // stand for): the legacy Fisher-Yates with masked rejection.
  template <class T>
  void Shuffle(std::span<T> values) {
    for (std::size_t i = values.size(); i > 1; --i) {
      const std::size_t j = static_cast<std::size_t>(Interval(i - 1));
      std::swap(values[i - 1], values[j]);
    }
  }
  // np.random.permutation(n).
  std::vector<std::int64_t> Permutation(std::int64_t n);
  // A uniform integer in [0, max] by masked rejection (numpy's random_interval).
  std::uint64_t Interval(std::uint64_t max);

 private:
  void Generate();
  std::array<std::uint32_t, 624> state_{};
  int position_ = 624;
  bool has_gauss_ = false;
  double gauss_ = 0;
};

}  // namespace actlab

#endif  // ACTLAB_RANDOM_H_
