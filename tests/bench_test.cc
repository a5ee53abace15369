// actlab bench: the shape of its output in every format, its errors, and that each oneDNN algorithm
// it compares with computes the same function as the catalogue entry. Never its speed.
#include "actlab/bench.h"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "support/reference.h"
#include "support/run_program.h"

namespace actlab {
namespace {

using testing::RunActlab;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> Fields(const std::string& line) {
  std::vector<std::string> fields;
  std::istringstream stream(line);
  for (std::string field; std::getline(stream, field, ',');) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

const std::vector<std::string> kTiny = {"--size", "100", "--size", "1Ki", "--repetitions", "1"};

TEST(BenchCommand, CsvHasTheDocumentedHeaderAndOneRowPerCase) {
  std::vector<std::string> args = {"bench", "--act", "sigmoid", "--act", "selu", "--format", "csv"};
  args.insert(args.end(), kTiny.begin(), kTiny.end());
  const auto result = RunActlab(args);
  ASSERT_EQ(result.status, 0) << result.err;
  const auto lines = Lines(result.out);
  ASSERT_EQ(lines.size(), 1u + 2 * 2 * 2 * 2);  // acts x directions x types x sizes
  EXPECT_EQ(lines[0],
            "activation,direction,type,size,threads,elements_per_ns,gb_per_s,copy_elements_per_ns,"
            "onednn_elements_per_ns");
  const bool onednn = !OneDnnVersion().empty();
  std::set<std::string> sizes, directions, types;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto fields = Fields(lines[i]);
    ASSERT_EQ(fields.size(), 9u) << lines[i];
    EXPECT_TRUE(fields[0] == "sigmoid" || fields[0] == "selu") << lines[i];
    directions.insert(fields[1]);
    types.insert(fields[2]);
    sizes.insert(fields[3]);
    EXPECT_EQ(fields[4], "1");
    for (int column : {5, 6, 7}) EXPECT_GT(std::stod(fields[column]), 0) << lines[i];
    const double bytes = (fields[2] == "f32" ? 4 : 8) * (fields[1] == "fwd" ? 2 : 3);
    EXPECT_NEAR(std::stod(fields[6]) / std::stod(fields[5]), bytes, bytes * 1e-3) << lines[i];
    // oneDNN has sigmoid but no selu, and no float64 eltwise.
    const bool expect_onednn = onednn && fields[0] == "sigmoid" && fields[2] == "f32";
    EXPECT_EQ(!fields[8].empty(), expect_onednn) << lines[i];
  }
  EXPECT_EQ(sizes, (std::set<std::string>{"100", "1024"}));
  EXPECT_EQ(directions, (std::set<std::string>{"fwd", "bwd"}));
  EXPECT_EQ(types, (std::set<std::string>{"f32", "f64"}));
}

TEST(BenchCommand, JsonAndTextCarryTheRatios) {
  std::vector<std::string> args = {"bench", "--act",     "tanh", "--type",   "f32", "--direction",
                                   "bwd",   "--threads", "2",    "--format", "json"};
  args.insert(args.end(), kTiny.begin(), kTiny.end());
  auto result = RunActlab(args);
  ASSERT_EQ(result.status, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  ASSERT_EQ(json.size(), 2u);
  for (const auto& row : json) {
    EXPECT_EQ(row["activation"], "tanh");
    EXPECT_EQ(row["direction"], "bwd");
    EXPECT_EQ(row["threads"], 2);
    for (const char* key : {"elements_per_ns", "median_elements_per_ns", "gb_per_s",
                            "copy_elements_per_ns", "memcpy_elements_per_ns", "vs_copy"}) {
      ASSERT_TRUE(row[key].is_number()) << key;
      EXPECT_GT(row[key].get<double>(), 0) << key;
    }
    EXPECT_GE(row["elements_per_ns"].get<double>() * (1 + 1e-9),
              row["median_elements_per_ns"].get<double>());
    EXPECT_NEAR(row["vs_copy"].get<double>(),
                row["elements_per_ns"].get<double>() / row["copy_elements_per_ns"].get<double>(),
                1e-3 * row["vs_copy"].get<double>());
    EXPECT_EQ(row["vs_onednn"].is_number(), !OneDnnVersion().empty());
  }
  args[10] = "text";
  result = RunActlab(args);
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out.rfind("kernels: ", 0), 0u) << result.out;
  EXPECT_NE(result.out.find("vs_onednn"), std::string::npos) << result.out;
}

TEST(BenchCommand, ErrorsHaveTheirStatusAndSayWhatIsAllowed) {
  const std::pair<std::vector<std::string>, std::pair<int, const char*>> cases[] = {
      {{"bench", "--size", "0"}, {2, "--size '0' is not allowed; allowed: a positive"}},
      {{"bench", "--size", "4Kx"}, {2, "--size '4Kx'"}},
      {{"bench", "--size", "99999999999999999999Gi"}, {2, "is not allowed"}},
      {{"bench", "--size", "64", "--threads", "0"}, {2, "--threads: '0' is out of range"}},
      {{"bench", "--size", "64", "--repetitions", "0"}, {2, "--repetitions: '0' is out of range"}},
      {{"bench", "--size", "64", "--type", "f16"}, {2, "f16"}},
      {{"bench", "--size", "64", "--direction", "up"}, {2, "up"}},
      {{"bench", "--size", "64", "--act", "nosuch"}, {2, "nosuch"}},
      {{"bench", "--size", "64", "--format", "xml"}, {2, "xml"}},
      {{"bench", "--size", "4096Gi", "--act", "relu"}, {1, "of memory; this machine allows"}},
  };
  for (const auto& [args, expected] : cases) {
    const auto result = RunActlab(args);
    EXPECT_EQ(result.status, expected.first) << result.err;
    EXPECT_NE(result.err.find(expected.second), std::string::npos) << result.err;
    EXPECT_EQ(result.out, "");
  }
}

TEST(Bench, ElementCountsParseAndPrint) {
  EXPECT_EQ(ParseElementCount("4096"), 4096u);
  EXPECT_EQ(ParseElementCount("4Ki"), 4096u);
  EXPECT_EQ(ParseElementCount("256Mi"), std::size_t{256} << 20);
  EXPECT_EQ(ParseElementCount("2Gi"), std::size_t{2} << 30);
  for (const char* bad :
       {"", "0", "0Ki", "Ki", "-4", "4k", "4 Ki", "1e6", "99999999999999999999"}) {
    EXPECT_EQ(ParseElementCount(bad), std::nullopt) << bad;
  }
  EXPECT_EQ(FormatElementCount(4096), "4Ki");
  EXPECT_EQ(FormatElementCount(std::size_t{16} << 20), "16Mi");
  EXPECT_EQ(FormatElementCount(1000), "1000");
}

// Where oneDNN has a counterpart, it computes the same function (to float32 accuracy, away from
// the tails where oneDNN is known to lose precision), forward and backward.
TEST(Bench, OneDnnCounterpartsComputeTheCatalogueFunction) {
  if (OneDnnVersion().empty()) GTEST_SKIP() << "built without oneDNN";
  std::vector<float> x, dy;
  for (int i = 0; i < 1200; ++i) {
    x.push_back(static_cast<float>(-6.0 + 0.01 * i + 0.0037));  // misses every kink
    dy.push_back(static_cast<float>(std::sin(i)));
  }
  std::set<std::string> mapped;
  for (const Activation& act : testing::ActivationsUnderTest()) {
    std::vector<float> y(x.size()), dx(x.size());
    const bool forward = OneDnnForward(act, x, y);
    const bool backward = OneDnnBackward(act, x, dy, dx);
    EXPECT_EQ(forward, backward) << act.ToString();
    EXPECT_EQ(forward, !OneDnnCounterpart(act).empty()) << act.ToString();
    if (!forward) continue;
    mapped.insert(std::string(act.name()));
    for (std::size_t i = 0; i < x.size(); ++i) {
      // The value as float32 holds it: a parameter near float32's largest value (leaky_relu's
      // slope may be up to 3.4e38) makes products overflow to +-inf there.
      const auto as_float = [](double v) { return static_cast<double>(static_cast<float>(v)); };
      const double value = as_float(act.Value(x[i]));
      const double derivative = as_float(act.Derivative(x[i]) * dy[i]);
      if (std::isinf(value)) {
        EXPECT_EQ(y[i], value) << act.ToString() << " x=" << x[i];
      } else {
        EXPECT_NEAR(y[i], value, 2e-6 + 2e-6 * std::fabs(value))
            << act.ToString() << " via " << OneDnnCounterpart(act) << " x=" << x[i];
      }
      if (std::isinf(derivative)) {
        EXPECT_EQ(dx[i], derivative) << act.ToString() << " backward x=" << x[i];
      } else {
        EXPECT_NEAR(dx[i], derivative, 2e-6 + 2e-6 * std::fabs(derivative))
            << act.ToString() << " backward via " << OneDnnCounterpart(act) << " x=" << x[i];
      }
    }
  }
  // Every row that names a oneDNN algorithm is compared with it, at its default parameters.
  std::set<std::string> named;
  for (const Info& info : Catalogue()) {
    if (!info.onednn.empty()) named.insert(std::string(info.name));
  }
  EXPECT_EQ(mapped, named);
  EXPECT_EQ(named.size(), 16u);
  std::vector<float> empty;
  EXPECT_TRUE(OneDnnForward(Activation(Kind::kRelu), empty, empty));
  EXPECT_FALSE(OneDnnForward(Activation(Kind::kSelu), x, std::span<float>(dy)));
}

}  // namespace
}  // namespace actlab
