// Training on Fashion-MNIST: the activations ranked by validation accuracy beside the tutorial's
// ranking, from a saved `actlab train` result or from a short run made for the page.
#include <algorithm>
#include <stdexcept>
#include <thread>

#include "actlab/figures/experiments.h"
#include "actlab/nn/comparison.h"
#include "actlab/nn/data.h"
#include "actlab/nn/results.h"
#include "actlab/nn/train.h"
#include "report/html.h"
#include "report/sections.h"

namespace actlab::report {
namespace {

const std::vector<std::string> kTutorialActivations = {"sigmoid", "tanh",  "relu", "leaky_relu",
                                                       "rrelu",   "prelu", "elu",  "selu"};

// The saved results must come from the comparison protocol, or the page would compare unlike runs.
void CheckProtocol(const nn::TrainConfig& saved, const std::filesystem::path& path) {
  const nn::TrainConfig standard;
  std::string differences;
  if (saved.hidden != standard.hidden) differences += " hidden layers;";
  if (saved.batch != standard.batch) differences += " batch size;";
  if (saved.lr != standard.lr) differences += " learning rate;";
  if (saved.optimizer != standard.optimizer) differences += " optimizer;";
  if (saved.dropout != standard.dropout) differences += " dropout;";
  if (saved.limit != 0) differences += " --limit;";
  if (!differences.empty()) {
    throw std::invalid_argument("training results '" + path.string() +
                                "' come from another protocol (differs in:" + differences +
                                " expected 784-256-128-10, batch 128, Adam lr 1e-3, no dropout, "
                                "all training images)");
  }
}

}  // namespace

std::vector<nn::RunResult> LoadTrainResults(const std::filesystem::path& path,
                                            nn::TrainConfig* protocol) {
  std::vector<nn::RunResult> runs = nn::ReadResultsJson(path, protocol);
  CheckProtocol(*protocol, path);
  return runs;
}

Section TrainingSection(const Context& context) {
  std::vector<nn::RunResult> runs;
  nn::TrainConfig config;
  std::string command, protocol;
  if (!context.train_results.empty()) {
    context.Say("training: from " + context.train_results.string());
    runs = context.saved_runs;
    config = context.saved_protocol;
    command = "actlab train --act ... --seeds ... --out DIR  (read from " +
              context.train_results.filename().string() + ")";
    protocol = "the default protocol, " + std::to_string(config.epochs) + " epochs";
  } else {
    config.epochs = context.quick ? 2 : 3;
    config.limit = context.quick ? 10000 : 0;
    const nn::MnistData data = nn::ReadMnistDirectory(nn::kDefaultDataDir);
    command = "actlab train --epochs " + std::to_string(config.epochs) +
              (config.limit ? " --limit " + std::to_string(config.limit) : "") + " --seeds 0";
    nn::ComparisonOptions comparison;
    for (const std::string& spec : kTutorialActivations) {
      command += " --act " + spec;
      comparison.activations.push_back(Activation::Parse(spec));
    }
    comparison.seeds = {0};
    comparison.config = config;
    // Two ranges per step on any machine of two cores or more, so that the page's numbers are the
    // same on all of them.
    comparison.threads = std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, 2);
    nn::ComparisonProgress progress;
    progress.run_started = [&](const nn::RunStart& start) {
      context.Say("training: " + kTutorialActivations[start.activation]);
    };
    runs = nn::RunComparison(data, comparison, progress);
    protocol = "a short run made for this page: " + std::to_string(config.epochs) + " epochs, " +
               (config.limit ? "the first " + std::to_string(config.limit) + " training images"
                             : "all 50,000 training images") +
               ", seed 0 (the full comparison is 10 epochs, seeds 0, 1, 2: see docs/training.md)";
  }
  const std::vector<nn::Summary> ranked = nn::Summarise(runs);
  const nn::Agreement agreement = nn::CompareWithTutorial(ranked);

  std::string body =
      "<p>Does the tutorial's advice (ELU/SELU &gt; leaky ReLU and its variants &gt; ReLU &gt; "
      "tanh "
      "&gt; logistic) hold on real data? An MLP 784-256-128-10 on Fashion-MNIST, Adam lr 1e-3, "
      "batch 128, each activation with the initialisation the catalogue recommends; validation = "
      "the last 10,000 training images, test = the 10,000 test images. Shown: " +
      Escape(protocol) + ".</p>\n";
  body += Command(command) + TableHtml(nn::SummaryTable(ranked));
  body +=
      "<p>Pairs of activations in different tutorial tiers ordered as the tutorial says: " +
      std::to_string(agreement.agreeing) + " of " + std::to_string(agreement.pairs) +
      "; separated by more than their spread over seeds: " + std::to_string(agreement.separated) +
      ". In a shallow network with standardised inputs "
      "and Adam, the activations lie within about the spread between seeds; the tutorial's "
      "argument is about deep networks (<code>--hidden 128x16</code>, docs/training.md).</p>\n";
  body += "<div class=\"grid\">" +
          FigureHtml(context, plot::TrainingFigure(runs, "Validation accuracy per epoch"),
                     "learning_curves", "learning curves", true) +
          "</div>\n";
  return {"training", "Training on Fashion-MNIST", body};
}

}  // namespace actlab::report
