// Training end to end: the train command on a Fashion-MNIST subset, determinism, k-fold splits,
// the summary against the tutorial's ranking, and the command's errors.
#include "actlab/nn/train.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "actlab/nn/rng.h"
#include "support/run_program.h"
#include "support/synthetic_images.h"

namespace actlab::nn {
namespace {

namespace fs = std::filesystem;
using testing::RunActlab;

using testing::SyntheticData;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// metrics.csv without its last column (seconds, which varies from run to run).
std::string WithoutSeconds(const std::string& csv) {
  std::istringstream lines(csv);
  std::string line, out;
  while (std::getline(lines, line)) out += line.substr(0, line.rfind(',')) + "\n";
  return out;
}

fs::path TempDir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("actlab_train_test_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(TrainRun, LearnsAndIsBitReproducibleWithNoiseAndThreads) {
  const MnistData data = SyntheticData();
  TrainConfig config;
  config.hidden = {16, 8};
  config.epochs = 3;
  config.batch = 32;
  config.lr = 1e-2;
  config.validation = 100;
  config.dropout = 0.1;
  WorkerPool pool(2);
  const Activation rrelu = Activation::Parse("rrelu");
  const RunResult a = TrainRun(data, config, rrelu, 7, -1, pool);
  const RunResult b = TrainRun(data, config, rrelu, 7, -1, pool);
  const RunResult c = TrainRun(data, config, rrelu, 8, -1, pool);
  ASSERT_EQ(a.epochs.size(), 3u);
  EXPECT_EQ(a.train_size, 500);
  EXPECT_EQ(a.val_size, 100);
  EXPECT_EQ(a.layers.size(), 2u * 3 + 1);  // dense, rrelu, dropout twice, then dense
  for (std::size_t e = 0; e < a.epochs.size(); ++e) {
    EXPECT_EQ(a.epochs[e].train_loss, b.epochs[e].train_loss);
    EXPECT_EQ(a.epochs[e].val_accuracy, b.epochs[e].val_accuracy);
    EXPECT_EQ(a.epochs[e].test_accuracy, b.epochs[e].test_accuracy);
  }
  EXPECT_NE(a.epochs.back().train_loss, c.epochs.back().train_loss);
  EXPECT_GT(a.epochs.back().val_accuracy, 80.0);
  EXPECT_EQ(a.gradient_norm_first_step.size(), 3u);
  EXPECT_EQ(a.gradient_norm_first_step, b.gradient_norm_first_step);
}

TEST(TrainRun, KFoldValidatesOnEachFoldOnce) {
  const MnistData data = SyntheticData();
  TrainConfig config;
  config.hidden = {8};
  config.epochs = 1;
  config.folds = 4;
  WorkerPool pool(1);
  for (int fold = 0; fold < 4; ++fold) {
    const RunResult run = TrainRun(data, config, Activation(Kind::kElu), 0, fold, pool);
    EXPECT_EQ(run.val_size, 150);
    EXPECT_EQ(run.train_size, 450);
  }
  EXPECT_THROW(TrainRun(data, config, Activation(Kind::kElu), 0, 4, pool), std::invalid_argument);
}

TEST(Summary, RanksByValidationAndComparesWithTheTutorial) {
  std::vector<RunResult> runs;
  const auto add = [&](const std::string& act, double val, double test) {
    RunResult run;
    run.activation = act;
    run.epochs.push_back({1, 0.5, 80, val - 1, test, 2.0, 0.1});
    run.epochs.push_back({2, 0.4, 85, val, test, 1.0, 0.1});
    runs.push_back(run);
  };
  add("sigmoid", 88.0, 87.0);
  add("sigmoid", 88.2, 87.2);
  add("elu", 89.0, 88.0);
  add("elu", 89.2, 88.2);
  add("relu", 88.5, 88.5);
  add("relu", 88.5, 88.5);
  add("gelu", 95, 95);
  const auto ranked = Summarise(runs);
  ASSERT_EQ(ranked.size(), 4u);
  EXPECT_EQ(ranked[0].activation, "gelu");
  EXPECT_EQ(ranked[1].activation, "elu");
  EXPECT_NEAR(ranked[1].val_mean, 89.1, 1e-12);
  EXPECT_NEAR(ranked[1].val_std, std::sqrt(0.02), 1e-12);  // sample std of 89.0 and 89.2
  EXPECT_NEAR(ranked[1].seconds_per_epoch, 1.5, 1e-12);
  EXPECT_EQ(ranked[1].tutorial_tier, 1);
  EXPECT_EQ(ranked[0].tutorial_tier, 0);
  const Agreement agreement = CompareWithTutorial(ranked);
  EXPECT_EQ(agreement.pairs, 3);  // elu-relu, elu-sigmoid, relu-sigmoid
  EXPECT_EQ(agreement.agreeing, 3);
  EXPECT_EQ(agreement.separated, 3);
  runs.pop_back();  // gelu
  runs.pop_back();  // relu: one run left, no spread
  const Agreement single = CompareWithTutorial(Summarise(runs));
  EXPECT_EQ(single.pairs, 3);
  EXPECT_EQ(single.separated, 1);  // elu-sigmoid only
}

// The command on the real data set, installed by scripts/install-deps.sh.
const char* const kFashion = kDefaultDataDir;

TEST(TrainCommand, OneEpochOnA2000ImageSubset) {
  if (!fs::exists(fs::path(kFashion) / "train-images-idx3-ubyte.gz")) {
    GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  }
  const fs::path out = TempDir("subset");
  const auto result = RunActlab({"train", "--act", "relu", "--seeds", "0", "--epochs", "1",
                                 "--limit", "2000", "--threads", "2", "--out", out.string()});
  ASSERT_EQ(result.status, 0) << result.err;
  std::istringstream csv(ReadFile(out / "metrics.csv"));
  std::string header, row;
  std::getline(csv, header);
  EXPECT_EQ(
      header,
      "activation,seed,fold,epoch,train_loss,train_accuracy,val_accuracy,test_accuracy,seconds");
  std::getline(csv, row);
  const auto json = nlohmann::json::parse(ReadFile(out / "results.json"));
  const auto& run = json["runs"][0];
  EXPECT_EQ(run["train_size"], 2000);
  EXPECT_EQ(run["val_size"], 10000);
  EXPECT_EQ(run["test_size"], 10000);
  // Measured: 72.95 % validation after one epoch of 16 batches (PyTorch's protocol on 2,000
  // images).
  EXPECT_GE(run["epochs"][0]["val_accuracy"].get<double>(), 68.0) << row;
  EXPECT_GE(run["epochs"][0]["test_accuracy"].get<double>(), 68.0) << row;
  EXPECT_EQ(run["gradient_norm_first_epoch"].size(), 3u);
  EXPECT_EQ(run["init"], "he_normal");
  EXPECT_NE(result.out.find("relu"), std::string::npos);
  EXPECT_NE(result.err.find("epoch 1/1"), std::string::npos);  // one line per epoch: no terminal
  fs::remove_all(out);
}

TEST(TrainCommand, TwoRunsGiveIdenticalMetrics) {
  if (!fs::exists(fs::path(kFashion) / "train-images-idx3-ubyte.gz")) {
    GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  }
  std::string metrics[2];
  for (int i = 0; i < 2; ++i) {
    const fs::path out = TempDir("determinism" + std::to_string(i));
    const auto result = RunActlab({"train", "--act", "rrelu", "--act", "prelu", "--seeds", "3",
                                   "--epochs", "2", "--limit", "600", "--hidden", "32x3",
                                   "--dropout", "0.1", "--threads", "2", "--out", out.string()});
    ASSERT_EQ(result.status, 0) << result.err;
    metrics[i] = WithoutSeconds(ReadFile(out / "metrics.csv"));
    fs::remove_all(out);
  }
  EXPECT_EQ(metrics[0], metrics[1]);
  EXPECT_EQ(std::count(metrics[0].begin(), metrics[0].end(), '\n'), 1 + 2 * 2);
}

TEST(TrainCommand, ErrorsNameWhatIsWrong) {
  auto result = RunActlab({"train", "--act", "relu", "--data", "/nonexistent/actlab"});
  EXPECT_EQ(result.status, 1);
  EXPECT_NE(result.err.find("/nonexistent/actlab"), std::string::npos) << result.err;
  result = RunActlab({"train", "--act", "relu", "--hidden", "128xq"});
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("WIDTHxCOUNT"), std::string::npos) << result.err;
  result = RunActlab({"train", "--act", "relux"});
  EXPECT_EQ(result.status, 2);
  result = RunActlab({"train", "--act", "relu", "--seeds", "1,x"});
  EXPECT_EQ(result.status, 2);
  result = RunActlab({"train", "--act", "relu", "--init", "orthogonal"});
  EXPECT_EQ(result.status, 2);
}

}  // namespace
}  // namespace actlab::nn
