// NumpyRandom against draws made by numpy's legacy RandomState (tests/data/make_numpy_random.py).
#include "actlab/random.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/reference.h"

namespace actlab {
namespace {

using nlohmann::json;

json LoadDraws() {
  std::ifstream in(testing::DataPath("numpy_random.json"));
  EXPECT_TRUE(in) << "missing tests/data/numpy_random.json";
  return json::parse(in);
}

std::vector<double> Doubles(const json& hexes) {
  std::vector<double> values;
  for (const auto& text : hexes)
    values.push_back(std::strtod(text.get<std::string>().c_str(), nullptr));
  return values;
}

// Bit-identical: the values must be the same doubles, not merely close.
void ExpectSame(const std::vector<double>& expected, const std::vector<double>& actual,
                const std::string& what) {
  ASSERT_EQ(expected.size(), actual.size()) << what;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(expected[i], actual[i]) << what << " [" << i << "]";
  }
}

TEST(NumpyRandom, RawOutputsMatchTheReferenceMersenneTwister) {
  const json draws = LoadDraws();
  NumpyRandom rng(5489);
  for (const auto& expected : draws["mt19937_seed_5489_uint32"]) {
    EXPECT_EQ(expected.get<std::uint32_t>(), rng.NextUint32());
  }
}

TEST(NumpyRandom, EveryDistributionMatchesNumpyForEverySeed) {
  const json draws = LoadDraws();
  ASSERT_GE(draws["cases"].size(), 5u);
  for (const json& c : draws["cases"]) {
    const auto seed = c["seed"].get<std::uint64_t>();
    const std::string tag = "seed " + std::to_string(seed) + ": ";
    {
      NumpyRandom rng(seed);
      std::vector<double> got;
      for (int i = 0; i < 7; ++i) got.push_back(rng.RandomSample());
      ExpectSame(Doubles(c["random_sample"]), got, tag + "random_sample");
    }
    {
      NumpyRandom rng(seed);
      std::vector<double> got(9);
      rng.FillNormal(got);  // 5 then 4 in numpy: the cache carries over between calls
      ExpectSame(Doubles(c["standard_normal_5_then_4"]), got, tag + "standard_normal");
      std::vector<double> normal(9);
      rng.FillNormal(normal, 0.5, 2.0);
      ExpectSame(Doubles(c["normal_loc0.5_scale2_3x3"]), normal, tag + "normal");
      rng.Seed(seed);
      std::vector<double> again(3);
      rng.FillNormal(again);
      ExpectSame(Doubles(c["standard_normal_after_reseed"]), again, tag + "after reseed");
    }
    {
      NumpyRandom rng(seed);
      std::vector<double> weights(1000);
      rng.FillNormal(weights, 0, std::sqrt(1.0 / 100));
      ExpectSame(Doubles(c["normal_scale_sqrt_0.01_1000"]), weights, tag + "weights");
    }
    {
      NumpyRandom rng(seed);
      rng.StandardNormal();
      std::vector<double> uniform(6);
      rng.FillUniform(uniform, -2, 3);
      ExpectSame(Doubles(c["uniform_-2_3_6"]), uniform, tag + "uniform");
      std::vector<double> normal(2);
      rng.FillNormal(normal);
      ExpectSame(Doubles(c["standard_normal_after_uniform"]), normal, tag + "cached normal");
    }
    {
      NumpyRandom rng(seed);
      EXPECT_EQ(c["permutation_10"].get<std::vector<std::int64_t>>(), rng.Permutation(10)) << tag;
      const auto big = rng.Permutation(1000);
      EXPECT_EQ(c["permutation_1000_head"].get<std::vector<std::int64_t>>(),
                std::vector<std::int64_t>(big.begin(), big.begin() + 20))
          << tag;
      std::vector<std::int64_t> ints;
      for (int i = 0; i < 10; ++i) ints.push_back(rng.RandInt(-5, 17));
      EXPECT_EQ(c["randint_-5_17_10"].get<std::vector<std::int64_t>>(), ints) << tag;
      std::vector<double> after(2);
      rng.FillUniform(after);
      ExpectSame(Doubles(c["random_sample_after"]), after, tag + "after randint");
    }
  }
}

TEST(NumpyRandom, CopiesContinueTheSameStream) {
  NumpyRandom a(7);
  a.StandardNormal();  // leaves a cached value
  NumpyRandom b = a;
  for (int i = 0; i < 5; ++i) EXPECT_EQ(a.StandardNormal(), b.StandardNormal());
}

TEST(NumpyRandom, RejectsSeedsOutsideTheUnsigned32BitRange) {
  EXPECT_NO_THROW(NumpyRandom(NumpyRandom::kMaxSeed));
  EXPECT_THROW(NumpyRandom(NumpyRandom::kMaxSeed + 1), std::invalid_argument);
  NumpyRandom rng;
  EXPECT_THROW(rng.RandInt(3, 3), std::invalid_argument);
}

}  // namespace
}  // namespace actlab
