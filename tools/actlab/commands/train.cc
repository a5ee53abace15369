// actlab train: trains an MLP on Fashion-MNIST (or any MNIST-format directory) for each activation,
// seed and fold, and ranks the activations beside the tutorial's advice.
#include "actlab/nn/train.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "actlab/figures/experiments.h"
#include "actlab/nn/comparison.h"
#include "actlab/nn/results.h"
#include "actlab/parallel.h"
#include "actlab/plot/save.h"
#include "actlab/scaleout.h"
#include "commands.h"
#include "progress.h"
#include "scaleout_options.h"

namespace actlab::cli {
namespace {

using nn::RunResult;
using nn::Summary;

std::vector<int> ParseIntList(const std::string& text, const char* option, int min) {
  std::vector<int> values;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    try {
      values.push_back(static_cast<int>(
          ParseInRange(item, {.min = static_cast<double>(min), .max = 1e9, .integer = true})));
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string(option) + ": " + e.what());
    }
  }
  if (values.empty()) throw UsageError(std::string(option) + ": empty list");
  return values;
}

// "256,128", "128x16" (16 layers of 128) or a mix ("512,128x4").
std::vector<int> ParseHidden(const std::string& text) {
  std::vector<int> widths;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    const auto x = item.find('x');
    const std::string width = item.substr(0, x);
    const std::string count = x == std::string::npos ? "1" : item.substr(x + 1);
    const auto w = ParseNumber(width);
    const auto c = ParseNumber(count);
    constexpr NumberRange kWidth{.min = 1, .max = 65536, .integer = true};
    constexpr NumberRange kCount{.min = 1, .max = 1000, .integer = true};
    if (!w || !c || !kWidth.Contains(*w) || !kCount.Contains(*c)) {
      throw UsageError("--hidden: " + QuoteInput(item) +
                       " is not a width or WIDTHxCOUNT; allowed: widths 1 to 65536, counts 1 to "
                       "1000 (e.g. 256,128 or 128x16)");
    }
    widths.insert(widths.end(), static_cast<std::size_t>(*c), static_cast<int>(*w));
  }
  if (widths.empty()) throw UsageError("--hidden: empty list");
  return widths;
}

Init ParseInit(const std::string& name) {
  if (const std::optional<Init> init = InitFromName(name)) return *init;
  throw UsageError("--init: " + QuoteInput(name) +
                   " is not an initialisation; allowed: lecun, he, glorot (default: the "
                   "activation's)");
}

// Progress on stderr: a line rewritten in place on a terminal, one line per epoch otherwise;
// nothing with --quiet.
class ProgressPrinter {
 public:
  ProgressPrinter() : terminal_(ProgressShown()), quiet_(Quiet()) {}

  void Start(const std::string& label, int runs_done, int runs) {
    label_ = label;
    runs_done_ = runs_done;
    runs_ = runs;
  }

  void operator()(const nn::Progress& p) {
    if (quiet_) return;
    if (p.epoch_done) {
      const nn::EpochMetrics& m = *p.metrics;
      if (terminal_) std::fputs("\r\033[K", stderr);
      std::fprintf(stderr,
                   "%s epoch %d/%d: loss %.4f, train %.2f%%, val %.2f%%, test %.2f%%, %.2f s\n",
                   label_.c_str(), p.epoch, p.epochs, m.train_loss, m.train_accuracy,
                   m.val_accuracy, m.test_accuracy, m.seconds);
      return;
    }
    if (!terminal_) return;
    const auto now = std::chrono::steady_clock::now();
    if (p.step != p.steps && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    const double steps_left =
        static_cast<double>(p.steps - p.step) + static_cast<double>(p.epochs - p.epoch) * p.steps;
    const double rate = p.samples_per_second;
    const double seconds_left = p.step > 0 ? p.seconds / p.step * steps_left : 0;
    const int width = 20;
    const int filled = p.steps > 0 ? width * p.step / p.steps : 0;
    std::fprintf(stderr,
                 "\r\033[K[run %d/%d] %s epoch %d/%d [%s%s] batch %d/%d loss %.4f %.0f samples/s "
                 "~%.0f s left",
                 runs_done_ + 1, runs_, label_.c_str(), p.epoch, p.epochs,
                 std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::string(static_cast<std::size_t>(width - filled), '.').c_str(), p.step,
                 p.steps, p.loss, rate, seconds_left);
    std::fflush(stderr);
  }

 private:
  bool terminal_, quiet_;
  std::string label_;
  int runs_done_ = 0, runs_ = 0;
  std::chrono::steady_clock::time_point last_{};
};

std::string RunLabel(const std::vector<Activation>& acts, const nn::RunStart& run) {
  return acts[run.activation].ToString() + " seed " + std::to_string(run.seed) +
         (run.fold >= 0 ? " fold " + std::to_string(run.fold) : "");
}

void SetupTrain(CLI::App& program) {
  struct Options {
    std::vector<std::string> acts;
    std::string hidden = "256,128";
    int epochs = 10;
    int batch = 128;
    double lr = 1e-3;
    std::string optimizer = "adam";
    std::string seeds = "0,1,2";
    int folds = 0;
    double dropout = 0;
    int threads = 0;
    int limit = 0;
    std::string init;
    std::string data = nn::kDefaultDataDir;
    std::string out;
    std::string format = "text";
    ScaleOutOptions scaleout;
  };
  auto o = std::make_shared<Options>();
  CLI::App* command = program.add_subcommand(
      "train",
      "Train an MLP on Fashion-MNIST per activation and rank them beside the tutorial's advice");
  command->footer(
      "Protocol: pixels/255 standardised with the training part's mean and std; validation = the "
      "last\n"
      "10,000 training images (or --folds K over all 60,000); test = t10k. The ranking uses each "
      "run's\n"
      "best validation accuracy; test accuracy is the last epoch's.\n"
      "Examples: actlab train --act relu --act elu --seeds 0 --epochs 3\n"
      "          actlab train --act selu --act relu --hidden 128x16 --out out/deep\n"
      "          actlab train --act rrelu:lower=0.05,upper=0.2 --act rrelu --folds 5 --seeds 0\n"
      "Each run is a job: with --out every finished run is recorded in DIR/jobs (--resume skips\n"
      "them); under mpirun the ranks share the runs; --shard I/N + 'actlab merge' split them\n"
      "into job-array tasks. --threads fixes how each step is split (so the results): the same\n"
      "value gives the same results for any number of ranks or shards (docs/scale-out.md).");
  command
      ->add_option("--act", o->acts,
                   "Activation spec (repeatable), e.g. elu or rrelu:lower=0.1,upper=0.3")
      ->required();
  command->add_option("--hidden", o->hidden, "Hidden widths: 256,128 or WIDTHxCOUNT (128x16)")
      ->capture_default_str();
  AddNumberOption(command, "--epochs", &o->epochs, {.min = 1, .max = 100000}, "Epochs")
      ->capture_default_str();
  AddNumberOption(command, "--batch", &o->batch, {.min = 1, .max = 1000000},
                  "Batch size (the last partial batch is kept)")
      ->capture_default_str();
  AddNumberOption(command, "--lr", &o->lr, {.min = 0, .max = 1e6, .min_open = true},
                  "Learning rate")
      ->capture_default_str();
  command->add_option("--optimizer", o->optimizer, "adam or sgd (momentum 0.9)")
      ->check(CLI::IsMember({"adam", "sgd"}))
      ->capture_default_str();
  command->add_option("--seeds", o->seeds, "Seeds, comma-separated")->capture_default_str();
  AddNumberOption(command, "--folds", &o->folds, {.min = 2, .max = 1000},
                  "K-fold cross-validation over all training images (K >= 2)");
  AddNumberOption(command, "--dropout", &o->dropout, {.min = 0, .max = 0.99},
                  "Dropout after each hidden activation (AlphaDropout for selu)");
  AddThreadsOption(command, &o->threads, "Threads (default: ACTLAB_NUM_THREADS or every core)");
  AddNumberOption(command, "--limit", &o->limit, {.min = 1, .max = 100000000},
                  "Train on the first N images of the training part only");
  command->add_option("--init", o->init,
                      "Weight init: lecun, he or glorot (default: the activation's)");
  command->add_option("--data", o->data, "MNIST-format directory (plain or .gz IDX files)")
      ->capture_default_str();
  AddOutOption(command, &o->out,
               "Directory for results.json, metrics.csv and learning_curves.svg/.png");
  AddFormatOption(command, &o->format);
  AddQuietOption(command);
  AddScaleOutOptions(command, &o->scaleout, "Journal folder of finished runs (default: OUT/jobs)");
  command->callback([o] {
    const std::vector<Activation> acts = ParseActivations(o->acts);
    nn::TrainConfig config;
    config.hidden = ParseHidden(o->hidden);
    config.epochs = o->epochs;
    config.batch = o->batch;
    config.lr = o->lr;
    config.optimizer = o->optimizer;
    config.folds = o->folds;
    config.dropout = o->dropout;
    config.limit = o->limit;
    if (!o->init.empty()) config.init = ParseInit(o->init);
    const std::vector<int> seeds = ParseIntList(o->seeds, "--seeds", 0);
    UseThreadsOption(o->threads);
    const int threads = NumThreads();
    const Format format = ParseFormat(o->format);

    if (!o->out.empty()) CheckOutputFolder(o->out);  // before hours of training, not after
    nn::ComparisonOptions comparison;
    comparison.activations = acts;
    comparison.seeds.assign(seeds.begin(), seeds.end());
    comparison.config = config;
    comparison.threads = threads;
    const std::vector<nn::RunStart> starts = nn::ComparisonRuns(comparison);
    scaleout::JobList jobs;
    jobs.command = "train";
    for (const nn::RunStart& start : starts) jobs.labels.push_back(RunLabel(acts, start));
    nlohmann::ordered_json fingerprint = nlohmann::ordered_json::parse(
        nn::ResultsJson(config, o->data, threads, {}, {}, {}))["protocol"];
    fingerprint["init"] = o->init;
    fingerprint["momentum"] = config.momentum;
    fingerprint["jobs"] = jobs.labels;
    jobs.fingerprint = fingerprint.dump();
    const auto runner = MakeRunner(o->scaleout, o->out.empty() ? "" : o->out + "/jobs");

    std::optional<nn::MnistData> data;  // read by the first job: a merge needs none
    nn::WorkerPool pool(threads);
    ProgressPrinter printer;
    const auto results = runner->Run(jobs, [&](std::size_t index) {
      if (!data) data = nn::ReadMnistDirectory(o->data);
      const nn::RunStart& start = starts[index];
      nn::ProgressCallback progress;
      if (runner->Sequential()) {
        printer.Start(jobs.labels[index], start.index, start.total);
        progress = std::ref(printer);
      }
      return scaleout::EncodeRun(nn::TrainRun(*data, config, acts[start.activation], start.seed,
                                              start.fold, pool, progress));
    });
    if (!results) return;  // a shard or an MPI rank other than 0: nothing to write
    std::vector<RunResult> runs;
    runs.reserve(results->size());
    for (const std::string& result : *results) runs.push_back(scaleout::DecodeRun(result));
    const std::vector<Summary> ranked = nn::Summarise(runs);
    const nn::Agreement agreement = nn::CompareWithTutorial(ranked);
    const Table table = nn::SummaryTable(ranked);
    std::string text = Render(table, format);
    if (format == Format::kText) {
      text += "validation: best epoch, mean +- sample std over " +
              std::string(config.folds > 1 ? "seeds and folds" : "seeds") +
              "; test: last epoch; seconds: training loop per epoch, " + std::to_string(threads) +
              " threads\n";
      text += "tutorial: ELU/SELU > leaky ReLU, RReLU, PReLU > ReLU > tanh > logistic\n";
      if (agreement.pairs > 0) {
        text += "pairs in different tutorial tiers ordered as the tutorial says: " +
                std::to_string(agreement.agreeing) + " of " + std::to_string(agreement.pairs) +
                "; separated by more than their spread (needs 2+ runs each): " +
                std::to_string(agreement.separated) + " (" +
                std::to_string(agreement.separated_agreeing) + " of them as the tutorial says)\n";
      }
    }
    if (!o->out.empty()) {
      CreateOutputFolder(o->out);
      const std::filesystem::path dir(o->out);
      WriteOutput(dir / "metrics.csv", nn::MetricsCsv(runs));
      WriteOutput(dir / "results.json",
                  nn::ResultsJson(config, o->data, threads, runs, ranked, agreement));
      plot::SaveFigure(plot::TrainingFigure(runs, "Validation accuracy per epoch"),
                       dir / "learning_curves.svg");
      plot::SaveFigure(plot::TrainingFigure(runs, "Validation accuracy per epoch"),
                       dir / "learning_curves.png");
    }
    WriteStdout(text);
  });
}

}  // namespace

ACTLAB_COMMAND(90, SetupTrain);

}  // namespace actlab::cli
