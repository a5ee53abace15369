// The deep-network experiment: the tutorial's table character for character, agreement with numpy
// (tests/data/make_propagation_expected.py) forwards and backwards, and the command's errors.
#include "actlab/propagation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "actlab/kernels.h"
#include "support/reference.h"
#include "support/run_program.h"

namespace actlab {
namespace {

using testing::DataPath;
using testing::RunActlab;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << path;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream stream(line);
  std::string cell;
  while (std::getline(stream, cell, ',')) cells.push_back(cell);
  return cells;
}

TEST(Propagate, PrintsTheTutorialsTableCharacterForCharacter) {
  const std::string expected = ReadFile(DataPath("tutorial_selu_table.txt"));
  ASSERT_EQ(std::count(expected.begin(), expected.end(), '\n'), 10);
  const auto with_act = RunActlab({"propagate", "--act", "selu"});
  EXPECT_EQ(with_act.status, 0) << with_act.err;
  EXPECT_EQ(with_act.out, expected);
  const auto with_defaults = RunActlab({"propagate"});
  EXPECT_EQ(with_defaults.out, expected);
}

// numpy's np.dot (BLAS) sums in another order than Eigen; the differences start at 1e-16 and stay
// below 1e-11 relative over 100 layers for every run here (measured), well inside 1e-9.
TEST(Propagate, AgreesWithNumpyForwardsAndBackwards) {
  std::ifstream in(DataPath("propagation_expected.csv"));
  ASSERT_TRUE(in);
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = SplitCsv(line);
  ASSERT_EQ(header.size(), 12u);
  std::map<std::string, std::vector<std::vector<std::string>>> runs;
  std::vector<std::string> order;
  while (std::getline(in, line)) {
    auto cells = SplitCsv(line);
    const std::string key = cells[0] + "," + cells[1] + "," + cells[2];
    if (!runs.count(key)) order.push_back(key);
    runs[key].push_back(cells);
  }
  ASSERT_GE(order.size(), 8u);
  for (const std::string& key : order) {
    const auto& rows = runs[key];
    PropagationOptions options;
    options.act = Activation::Parse(rows[0][0]);
    options.seed = std::stoull(rows[0][1]);
    options.init = WeightInit::Parse("sigma_w2=" + rows[0][2]);
    options.depth = static_cast<int>(rows.size());
    const PropagationResult result = Propagate(options);
    ASSERT_EQ(result.layers.size(), rows.size());
    for (std::size_t l = 0; l < rows.size(); ++l) {
      const LayerRecord& r = result.layers[l];
      const double got[] = {r.mean_min, r.mean_max, r.std_min,       r.std_max,
                            r.mean,     r.std,      r.zero_fraction, r.grad_rms};
      for (std::size_t f = 0; f < 8; ++f) {
        const double expected = std::stod(rows[l][4 + f]);
        EXPECT_LE(std::fabs(got[f] - expected), 1e-9 * std::fabs(expected))
            << key << " layer " << l << " " << header[4 + f] << ": " << got[f] << " vs numpy "
            << expected;
      }
    }
  }
}

TEST(Propagate, CheckpointedBackwardGivesTheSameGradients) {
  PropagationOptions options;
  options.act = Activation::Parse("tanh");
  options.depth = 23;
  options.width = 17;
  options.batch = 9;
  options.seed = 3;
  const PropagationResult kept = Propagate(options);
  options.memory_budget_bytes = 0;  // checkpoints every ceil(sqrt(23)) = 5 layers, recomputed
  const PropagationResult recomputed = Propagate(options);
  for (std::size_t l = 0; l < kept.layers.size(); ++l) {
    EXPECT_EQ(kept.layers[l].grad_rms, recomputed.layers[l].grad_rms) << l;
    EXPECT_EQ(kept.layers[l].std, recomputed.layers[l].std) << l;
  }
  options.backward = false;
  const PropagationResult forward_only = Propagate(options);
  EXPECT_EQ(forward_only.layers.back().std_max, kept.layers.back().std_max);
  EXPECT_TRUE(std::isnan(forward_only.layers.back().grad_rms));
  EXPECT_EQ(kept.layers.back().grad_rms > 0, true);
}

// One thread draws each matrix when the layer needs it; more draw ahead on a thread of their own
// and split large products by rows (2 * 300^3 flops is above the split's threshold). Same numbers.
TEST(Propagate, ThreadCountChangesNothing) {
  PropagationOptions options;
  options.act = Activation::Parse("elu");
  options.depth = 4;
  options.width = 300;
  options.batch = 301;
  options.seed = 11;
  SetNumThreads(1);
  const PropagationResult one = Propagate(options);
  SetNumThreads(3);
  const PropagationResult three = Propagate(options);
  SetNumThreads(0);
  ASSERT_EQ(one.layers.size(), three.layers.size());
  for (std::size_t l = 0; l < one.layers.size(); ++l) {
    EXPECT_EQ(one.layers[l].std_max, three.layers[l].std_max) << l;
    EXPECT_EQ(one.layers[l].mean, three.layers[l].mean) << l;
    EXPECT_EQ(one.layers[l].grad_rms, three.layers[l].grad_rms) << l;
  }
}

TEST(Propagate, ReluKillsUnitsAndTheCountShows) {
  PropagationOptions options;
  options.act = Activation::Parse("relu");
  options.depth = 3;
  const PropagationResult result = Propagate(options);
  for (const LayerRecord& r : result.layers) {
    EXPECT_GT(r.zero_fraction, 0.4);
    EXPECT_LT(r.zero_fraction, 0.6);
  }
}

TEST(PropagateCli, CsvHasTheDocumentedHeaderAndOneRowPerLayer) {
  const auto result =
      RunActlab({"propagate", "--act", "relu", "--act", "tanh", "--depth", "4", "--format", "csv"});
  ASSERT_EQ(result.status, 0) << result.err;
  std::stringstream lines(result.out);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line,
            "activation,seed,layer,mean_min,mean_max,std_min,std_max,mean,std,zero_fraction,"
            "grad_rms");
  int rows = 0;
  while (std::getline(lines, line)) {
    ++rows;
    const auto cells = SplitCsv(line);
    ASSERT_EQ(cells.size(), 11u) << line;
    EXPECT_EQ(cells[1], "42");
    EXPECT_NE(cells[10], "nan");
  }
  EXPECT_EQ(rows, 8);
}

TEST(PropagateCli, TextHasOneBlockPerActivationAndJsonTheParameters) {
  const auto text = RunActlab({"propagate", "--act", "selu", "--act", "elu", "--depth", "25"});
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("selu:\nLayer 0: "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("\nelu:\nLayer 0: "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("Layer 20: "), std::string::npos);
  const auto json =
      RunActlab({"propagate", "--act", "relu", "--depth", "2", "--init", "he", "--format", "json"});
  ASSERT_EQ(json.status, 0) << json.err;
  const auto document = nlohmann::json::parse(json.out);
  EXPECT_EQ(document["parameters"]["sigma_w2"], 2.0);
  EXPECT_EQ(document["parameters"]["seed"], 42);
  EXPECT_EQ(document["layers"].size(), 2u);
  EXPECT_EQ(document["layers"][1]["layer"], 1);
}

TEST(PropagateCli, BadInputIsAUsageError) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--depth", "0"}, "--depth"},
      {{"--width", "-3"}, "--width"},
      {{"--batch", "0"}, "--batch"},
      {{"--seed", "-1"}, "4294967295"},
      {{"--seed", "4294967296"}, "4294967295"},
      {{"--seed", "1.5"}, "integer"},
      {{"--init", "xavier"}, "lecun, he, glorot"},
      {{"--init", "sigma_w2=-1"}, "sigma_w2"},
      {{"--every", "0"}, "--every"},
      {{"--act", "nope"}, "nope"},
      {{"--threads", "-2"}, "allowed: an integer from 1 to"},
  };
  for (const auto& [args, message] : cases) {
    std::vector<std::string> command = {"propagate", "--depth", "2"};
    command.insert(command.end(), args.begin(), args.end());
    const auto result = RunActlab(command);
    EXPECT_EQ(result.status, 2) << args[0] << " " << args[1] << ": " << result.err;
    EXPECT_NE(result.err.find("actlab: error: "), std::string::npos) << result.err;
    EXPECT_NE(result.err.find(message), std::string::npos) << result.err;
    EXPECT_TRUE(result.out.empty());
  }
}

TEST(WeightInit, ParsesTheNamedRulesAndRejectsTheRest) {
  EXPECT_EQ(WeightInit::Parse("lecun").sigma_w2, 1);
  EXPECT_EQ(WeightInit::Parse("he").sigma_w2, 2);
  EXPECT_EQ(WeightInit::Parse("glorot").distribution, WeightInit::Distribution::kUniform);
  EXPECT_EQ(WeightInit::Parse("sigma_w2=1.5").sigma_w2, 1.5);
  for (const char* bad : {"", "He", "sigma_w2=", "sigma_w2=0", "sigma_w2=inf", "sigma_w2=x"}) {
    EXPECT_THROW(WeightInit::Parse(bad), std::invalid_argument) << bad;
  }
  PropagationOptions options;
  options.seed = 1ull << 32;
  EXPECT_THROW(options.Validate(), std::invalid_argument);
}

}  // namespace
}  // namespace actlab
