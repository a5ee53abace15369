#include "actlab/nn/results.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "actlab/io.h"
#include "actlab/kernels.h"
#include "io/json.h"

namespace actlab::nn {
namespace {

// The positions the tutorial's ranking gives each tier among the activations tested: {1, 2} when
// two activations share the best tier, {0, 0} for activations it does not rank.
struct Positions {
  int first = 0, last = 0;
};

std::vector<Positions> TutorialPositions(const std::vector<Summary>& ranked,
                                         std::vector<bool>* agrees) {
  std::vector<Positions> positions(ranked.size());
  agrees->assign(ranked.size(), false);
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    const int tier = ranked[i].tutorial_tier;
    if (tier == 0) continue;
    int better = 0, same = 0;
    for (const Summary& other : ranked) {
      if (other.tutorial_tier == 0) continue;
      better += other.tutorial_tier < tier ? 1 : 0;
      same += other.tutorial_tier == tier ? 1 : 0;
    }
    int measured = 1;
    for (std::size_t j = 0; j < i; ++j) measured += ranked[j].tutorial_tier != 0 ? 1 : 0;
    positions[i] = {better + 1, better + same};
    (*agrees)[i] = measured >= better + 1 && measured <= better + same;
  }
  return positions;
}

}  // namespace

Table SummaryTable(const std::vector<Summary>& ranked) {
  std::vector<bool> agrees;
  const std::vector<Positions> tutorial = TutorialPositions(ranked, &agrees);
  Table table({"rank", "activation", "runs", "val_mean", "val_std", "test_mean", "test_std",
               "seconds_per_epoch", "tutorial_rank_min", "tutorial_rank_max", "agrees", "diverged"},
              4);
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    const Summary& s = ranked[i];
    const bool ranked_by_tutorial = tutorial[i].first != 0;
    const auto position = [&](int value) {
      return ranked_by_tutorial ? Table::Cell{static_cast<std::int64_t>(value)} : Table::Cell{};
    };
    table.AddRow({static_cast<std::int64_t>(i + 1), s.activation, static_cast<std::int64_t>(s.runs),
                  s.val_mean, s.val_std, s.test_mean, s.test_std, s.seconds_per_epoch,
                  position(tutorial[i].first), position(tutorial[i].last),
                  ranked_by_tutorial ? Table::Cell{static_cast<bool>(agrees[i])} : Table::Cell{},
                  static_cast<std::int64_t>(s.diverged)});
  }
  return table;
}

std::string MetricsCsv(const std::vector<RunResult>& runs) {
  Table table({"activation", "seed", "fold", "epoch", "train_loss", "train_accuracy",
               "val_accuracy", "test_accuracy", "seconds"});
  for (const RunResult& run : runs) {
    for (const EpochMetrics& e : run.epochs) {
      table.AddRow(
          {run.activation, static_cast<std::int64_t>(run.seed),
           run.fold >= 0 ? Table::Cell{static_cast<std::int64_t>(run.fold)} : Table::Cell{},
           static_cast<std::int64_t>(e.epoch), e.train_loss, e.train_accuracy, e.val_accuracy,
           e.test_accuracy, e.seconds});
    }
  }
  std::ostringstream csv;
  table.WriteCsv(csv);
  return csv.str();
}

std::string ResultsJson(const TrainConfig& config, const std::string& data_dir, int threads,
                        const std::vector<RunResult>& runs, const std::vector<Summary>& ranked,
                        const Agreement& agreement) {
  nlohmann::ordered_json document;
  document["protocol"] = {
      {"data", data_dir},
      {"hidden", config.hidden},
      {"epochs", config.epochs},
      {"batch", config.batch},
      {"lr", config.lr},
      {"optimizer", config.optimizer},
      {"dropout", config.dropout},
      {"folds", config.folds},
      {"limit", config.limit},
      {"validation", config.folds > 1 ? "k-fold" : "last 10000 training images"},
      {"threads", threads},
      {"kernel_target", KernelTarget()},
      {"matrix_product_target", MatrixProductTarget()}};
  nlohmann::ordered_json run_array = nlohmann::ordered_json::array();
  for (const RunResult& run : runs) {
    nlohmann::ordered_json r;
    r["activation"] = run.activation;
    r["seed"] = run.seed;
    r["fold"] = run.fold >= 0 ? nlohmann::ordered_json(run.fold) : nlohmann::ordered_json();
    r["train_size"] = run.train_size;
    r["val_size"] = run.val_size;
    r["test_size"] = run.test_size;
    r["input_mean"] = json::Number(run.input_mean);
    r["input_std"] = json::Number(run.input_std);
    r["init"] = run.init;
    r["layers"] = run.layers;
    r["gradient_norm_first_step"] = json::Numbers(run.gradient_norm_first_step);
    r["gradient_norm_first_epoch"] = json::Numbers(run.gradient_norm_first_epoch);
    nlohmann::ordered_json epochs = nlohmann::ordered_json::array();
    for (const EpochMetrics& e : run.epochs) {
      epochs.push_back({{"epoch", e.epoch},
                        {"train_loss", json::Number(e.train_loss)},
                        {"train_accuracy", json::Number(e.train_accuracy)},
                        {"val_accuracy", json::Number(e.val_accuracy)},
                        {"test_accuracy", json::Number(e.test_accuracy)},
                        {"seconds", json::Number(e.seconds)},
                        {"eval_seconds", json::Number(e.eval_seconds)}});
    }
    r["epochs"] = epochs;
    run_array.push_back(r);
  }
  document["runs"] = run_array;
  nlohmann::ordered_json summary = nlohmann::ordered_json::array();
  for (const Summary& s : ranked) {
    summary.push_back({{"activation", s.activation},
                       {"runs", s.runs},
                       {"val_mean", json::Number(s.val_mean)},
                       {"val_std", json::Number(s.val_std)},
                       {"test_mean", json::Number(s.test_mean)},
                       {"test_std", json::Number(s.test_std)},
                       {"seconds_per_epoch", json::Number(s.seconds_per_epoch)},
                       {"tutorial_tier", s.tutorial_tier},
                       {"diverged", s.diverged}});
  }
  document["summary"] = summary;
  document["tutorial_agreement"] = {{"pairs", agreement.pairs},
                                    {"agreeing", agreement.agreeing},
                                    {"separated", agreement.separated},
                                    {"separated_agreeing", agreement.separated_agreeing}};
  return document.dump(2) + "\n";
}

}  // namespace actlab::nn
