// The random numbers of training, defined exactly so that a seed gives the same numbers with every
// compiler and standard library (std's distributions are implementation-defined; these are not).
#ifndef ACTLAB_NN_RNG_H_
#define ACTLAB_NN_RNG_H_

#include <cstdint>
#include <random>

namespace actlab::nn {

// std::mt19937_64 (its output sequence is fixed by the standard) with explicit transforms:
// Uniform() = (draw >> 11) * 2^-53, in [0, 1);
// Normal()  = Box-Muller: sqrt(-2 ln(1 - u1)) cos(2 pi u2), one normal per two draws (no caching);
// Below(n)  = draw % n, rejecting draws >= the largest multiple of n: exactly uniform on 0..n-1.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  std::uint64_t Next() { return engine_(); }
  double Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  double Uniform(double low, double high) { return low + (high - low) * Uniform(); }
  double Normal();
  std::uint64_t Below(std::uint64_t n);

 private:
  std::mt19937_64 engine_;
};

}  // namespace actlab::nn

#endif  // ACTLAB_NN_RNG_H_
