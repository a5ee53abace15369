// actlab propagate: the tutorial's deep-network experiment for any activation, forwards and
// backwards, as the tutorial's table, CSV or JSON.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "actlab/figures/experiments.h"
#include "actlab/kernels.h"
#include "actlab/meanfield.h"
#include "actlab/nn/train.h"
#include "actlab/plot/save.h"
#include "actlab/propagation.h"
#include "actlab/scaleout.h"
#include "commands.h"
#include "progress.h"
#include "scaleout_options.h"

namespace actlab::cli {
namespace {

struct Options {
  std::vector<std::string> acts;
  std::vector<std::int64_t> depths = {100}, widths = {100};
  std::int64_t batch = 500, every = 10;
  std::vector<std::string> seeds = {"42"};
  std::vector<std::string> inits = {"lecun"};
  bool grid = false;
  std::string format = "text";
  std::string out;
  std::string plot;
  int threads = 0;
  ScaleOutOptions scaleout;
};

constexpr NumberRange kSizeRange{.min = 1, .max = 1 << 24, .integer = true};

std::uint64_t Seed(const std::string& text) {
  try {
    return static_cast<std::uint64_t>(
        ParseInRange(text, {.min = 0, .max = 4294967295.0, .integer = true}));
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("propagate: --seed: ") + e.what() + " (2**32-1)");
  }
}

// The activations of every layer (kept for the backward pass) and two weight matrices of the
// largest cell, checked before any is allocated.
void CheckMemory(const Options& options) {
  const auto width =
      static_cast<std::uint64_t>(*std::max_element(options.widths.begin(), options.widths.end()));
  const auto depth =
      static_cast<std::uint64_t>(*std::max_element(options.depths.begin(), options.depths.end()));
  const auto batch = static_cast<std::uint64_t>(options.batch);
  RequireMemory(8 * (width * width * 2 + width * batch * (depth + 4)),
                "propagate --depth " + std::to_string(depth) + " --width " + std::to_string(width) +
                    " --batch " + std::to_string(batch));
}

const std::vector<std::string> kColumns = {"activation", "seed",          "layer",   "mean_min",
                                           "mean_max",   "std_min",       "std_max", "mean",
                                           "std",        "zero_fraction", "grad_rms"};

// The grid form's columns: one row per combination, the last layer's statistics and the gradient
// at the first layer (where vanishing or exploding gradients show).
const std::vector<std::string> kGridColumns = {
    "activation", "init",    "width", "depth", "seed",          "mean_min",      "mean_max",
    "std_min",    "std_max", "mean",  "std",   "zero_fraction", "grad_rms_first"};

WeightInit Init(const std::string& text) {
  try {
    return WeightInit::Parse(text);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("propagate: ") + e.what());
  }
}

std::string Run(const Options& options) {
  PropagationOptions base;
  base.batch = static_cast<int>(options.batch);
  CheckMemory(options);
  const Format format = ParseFormat(options.format);
  const bool grid = options.grid || options.depths.size() > 1 || options.widths.size() > 1 ||
                    options.seeds.size() > 1 || options.inits.size() > 1;
  if (grid && !options.plot.empty()) {
    throw UsageError("propagate: --plot draws one run per activation; not with a grid");
  }
  // The text table shows the forward pass only; the figure and the grid show the gradients too.
  base.backward = grid || format != Format::kText || !options.plot.empty();
  if (!options.plot.empty()) plot::ImageFormatFromPath(options.plot);  // fail before the work
  const std::vector<Activation> acts =
      ParseActivations(options.acts.empty() ? std::vector<std::string>{"selu"} : options.acts);

  std::vector<WeightInit> inits;
  for (const std::string& init : options.inits) inits.push_back(Init(init));
  std::vector<std::uint64_t> seeds;
  for (const std::string& seed : options.seeds) seeds.push_back(Seed(seed));

  // The runs: activation x init x width x depth x seed, in that order (activation outermost).
  std::vector<PropagationOptions> runs;
  scaleout::JobList jobs;
  jobs.command = "propagate";
  for (const Activation& act : acts) {
    for (const WeightInit& init : inits) {
      for (const std::int64_t width : options.widths) {
        for (const std::int64_t depth : options.depths) {
          for (const std::uint64_t seed : seeds) {
            PropagationOptions& run = runs.emplace_back(base);
            run.act = act;
            run.init = init;
            run.width = static_cast<int>(width);
            run.depth = static_cast<int>(depth);
            run.seed = seed;
            jobs.labels.push_back(act.ToString() + " init " + run.init.name + " width " +
                                  std::to_string(run.width) + " depth " +
                                  std::to_string(run.depth) + " seed " + std::to_string(run.seed));
          }
        }
      }
    }
  }
  jobs.fingerprint = nlohmann::json{
      {"batch", base.batch},
      {"backward", base.backward},
      {"kernel_target", KernelTarget()},
      {"matrix_product_target", nn::MatrixProductTarget()},
      {"jobs",
       jobs.labels}}.dump();
  const auto runner = MakeRunner(options.scaleout, "");
  ProgressBar bar("propagate", runner->Sequential() ? runs.size() : 0);
  const auto encoded = runner->Run(jobs, [&](std::size_t index) {
    if (runner->Sequential()) bar.Next(jobs.labels[index]);
    return scaleout::EncodeLayers(Propagate(runs[index]).layers);
  });
  bar.Finish();
  if (!encoded) return {};  // a shard or an MPI rank other than 0: nothing to write
  std::vector<PropagationResult> results;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    results.push_back({runs[i], scaleout::DecodeLayers((*encoded)[i])});
  }

  if (grid) {
    Table table(kGridColumns);
    for (const PropagationResult& result : results) {
      const PropagationOptions& run = result.options;
      const LayerRecord& last = result.layers.back();
      table.AddRow({run.act.ToString(), run.init.name, static_cast<std::int64_t>(run.width),
                    static_cast<std::int64_t>(run.depth), static_cast<std::int64_t>(run.seed),
                    last.mean_min, last.mean_max, last.std_min, last.std_max, last.mean, last.std,
                    last.zero_fraction, result.layers.front().grad_rms});
    }
    return Render(table, format);
  }

  std::ostringstream text;
  Table table(kColumns);
  std::vector<MeanFieldTheory> theories;
  for (std::size_t a = 0; a < results.size(); ++a) {
    const PropagationOptions& run = results[a].options;
    if (!options.plot.empty()) {
      theories.push_back(AnalyzeMeanField(run.act, run.init.sigma_w2, run.depth));
    }
    if (format == Format::kText) {
      if (acts.size() > 1) text << (a ? "\n" : "") << run.act.ToString() << ":\n";
      for (const LayerRecord& r : results[a].layers) {
        if (r.layer % options.every == 0) text << TutorialLine(r) << '\n';
      }
      continue;
    }
    for (const LayerRecord& r : results[a].layers) {
      table.AddRow({run.act.ToString(), static_cast<std::int64_t>(run.seed),
                    static_cast<std::int64_t>(r.layer), r.mean_min, r.mean_max, r.std_min,
                    r.std_max, r.mean, r.std, r.zero_fraction, r.grad_rms});
    }
  }
  if (!options.plot.empty()) {
    plot::SaveFigure(plot::PropagationFigure(results, theories), options.plot);
  }
  if (format == Format::kText) return text.str();
  if (format == Format::kCsv) return Render(table, format);
  const PropagationOptions& first = runs.front();
  nlohmann::ordered_json document;
  document["parameters"] = {
      {"depth", first.depth},
      {"width", first.width},
      {"batch", first.batch},
      {"seed", first.seed},
      {"init", first.init.name},
      {"sigma_w2", first.init.sigma_w2},
      {"weights",
       first.init.distribution == WeightInit::Distribution::kNormal ? "normal" : "uniform"},
      {"loss", "sum(Z_last * G), G ~ N(0,1) drawn after the forward pass"}};
  std::vector<std::string> names;
  names.reserve(acts.size());
  for (const Activation& act : acts) names.push_back(act.ToString());
  document["parameters"]["activations"] = names;
  document["layers"] = nlohmann::ordered_json::parse(Render(table, Format::kJson));
  return document.dump(1) + "\n";
}

void SetupPropagate(CLI::App& program) {
  auto options = std::make_shared<Options>();
  CLI::App* command = program.add_subcommand(
      "propagate", "Push random inputs through a deep random network: statistics per layer");
  command->footer(
      "Each --act restarts from the same seed, as if the tutorial's script had the function "
      "swapped;\n"
      "draws follow numpy's np.random.seed/normal. The text table is the tutorial's (forward "
      "only);\n"
      "csv/json add the overall mean/std, the share of exact zeros and grad_rms, the rms of\n"
      "d loss/d Z_l for loss = sum(Z_last * G), G ~ N(0,1) drawn after the forward pass.\n"
      "Example: actlab propagate --act selu\n"
      "         actlab propagate --act relu --act tanh --init he --format csv -o runs.csv\n"
      "         actlab propagate --act selu --act elu --act relu --plot depth.png\n"
      "         actlab propagate --act selu,relu --init lecun,he --width 50,100 --depth 10,100 \\\n"
      "             --seed 0,1,2 --format csv   (the grid: one row per combination)\n"
      "Each run is a job: mpirun shares them among its ranks, --shard I/N + 'actlab merge' split\n"
      "them into job-array tasks (docs/scale-out.md).");
  command->add_option("--act", options->acts, "Activation spec (repeatable); default selu");
  AddNumberOption(command, "--depth", &options->depths, kSizeRange,
                  "Number of layers (several: a grid)")
      ->delimiter(',')
      ->capture_default_str();
  AddNumberOption(command, "--width", &options->widths, kSizeRange,
                  "Units per layer (several: a grid)")
      ->delimiter(',')
      ->capture_default_str();
  AddNumberOption(command, "--batch", &options->batch, kSizeRange, "Samples")
      ->capture_default_str();
  command
      ->add_option("--seed", options->seeds, "np.random.seed value, 0 to 2**32-1 (several: a grid)")
      ->delimiter(',')
      ->capture_default_str();
  command
      ->add_option("--init", options->inits,
                   "Weights: lecun (N(0,1/width)), he (N(0,2/width)), glorot (uniform, "
                   "variance 1/width) or sigma_w2=X (N(0,X/width)); several: a grid")
      ->delimiter(',')
      ->capture_default_str();
  command->add_flag("--grid", options->grid,
                    "One row per combination of --act, --init, --width, --depth and --seed (the "
                    "last layer's statistics and the first layer's gradient rms); implied by "
                    "several values of any but --act");
  AddNumberOption(command, "--every", &options->every, kSizeRange,
                  "Text table: print every N-th layer")
      ->capture_default_str();
  AddFormatOption(command, &options->format);
  AddQuietOption(command);
  AddOutOption(command, &options->out);
  AddScaleOutOptions(command, &options->scaleout,
                     "Journal folder of finished runs (default: none)");
  command->add_option("--plot", options->plot,
                      "Also draw std bands and gradient rms per layer beside mean-field theory "
                      "(.png, .svg or .pdf)");
  AddThreadsOption(command, &options->threads,
                   "Threads: 1 draws and multiplies on the calling thread; more draw the random "
                   "numbers ahead on a second thread and split large products (default: "
                   "ACTLAB_NUM_THREADS or all cores; results are the same for any count)");
  command->callback([options] {
    UseThreadsOption(options->threads);
    if (!options->out.empty()) CheckOutputFile(options->out);
    if (!options->plot.empty()) CheckOutputFile(options->plot);
    const std::string text = Run(*options);
    if (!text.empty()) Emit(options->out, text);
  });
}

}  // namespace

ACTLAB_COMMAND(70, SetupPropagate);

}  // namespace actlab::cli
