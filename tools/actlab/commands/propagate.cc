// actlab propagate: the tutorial's deep-network experiment for any activation, forwards and
// backwards, as the tutorial's table, CSV or JSON.
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "actlab/figures/experiments.h"
#include "actlab/kernels.h"
#include "actlab/meanfield.h"
#include "actlab/plot/save.h"
#include "actlab/propagation.h"
#include "commands.h"

namespace actlab::cli {
namespace {

struct Options {
  std::vector<std::string> acts;
  std::int64_t depth = 100, width = 100, batch = 500, every = 10;
  std::string seed = "42";
  std::string init = "lecun";
  std::string format = "text";
  std::string out;
  std::string plot;
  int threads = 0;
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

const std::vector<std::string> kColumns = {"activation", "seed",          "layer",   "mean_min",
                                           "mean_max",   "std_min",       "std_max", "mean",
                                           "std",        "zero_fraction", "grad_rms"};

std::string Run(const Options& options) {
  PropagationOptions base;
  base.depth = static_cast<int>(options.depth);
  base.width = static_cast<int>(options.width);
  base.batch = static_cast<int>(options.batch);
  // The activations of every layer (kept for the backward pass) and two weight matrices.
  const auto width = static_cast<std::uint64_t>(options.width);
  RequireMemory(8 * (width * width * 2 + width * static_cast<std::uint64_t>(options.batch) *
                                             static_cast<std::uint64_t>(options.depth + 4)),
                "propagate --depth " + std::to_string(options.depth) + " --width " +
                    std::to_string(options.width) + " --batch " + std::to_string(options.batch));
  base.seed = Seed(options.seed);
  try {
    base.init = WeightInit::Parse(options.init);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("propagate: ") + e.what());
  }
  const Format format = ParseFormat(options.format);
  // The text table shows the forward pass only; the figure shows the gradients too.
  base.backward = format != Format::kText || !options.plot.empty();
  if (!options.plot.empty()) plot::ImageFormatFromPath(options.plot);  // fail before the work
  const std::vector<Activation> acts =
      ParseActivations(options.acts.empty() ? std::vector<std::string>{"selu"} : options.acts);

  std::ostringstream text;
  Table table(kColumns);
  std::vector<PropagationResult> results;
  std::vector<MeanFieldTheory> theories;
  for (std::size_t a = 0; a < acts.size(); ++a) {
    PropagationOptions run = base;
    run.act = acts[a];
    const PropagationResult& result = results.emplace_back(Propagate(run));
    if (!options.plot.empty()) {
      theories.push_back(AnalyzeMeanField(run.act, run.init.sigma_w2, run.depth));
    }
    if (format == Format::kText) {
      if (acts.size() > 1) text << (a ? "\n" : "") << run.act.ToString() << ":\n";
      for (const LayerRecord& r : result.layers) {
        if (r.layer % options.every == 0) text << TutorialLine(r) << '\n';
      }
      continue;
    }
    for (const LayerRecord& r : result.layers) {
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
  nlohmann::ordered_json document;
  document["parameters"] = {
      {"depth", base.depth},
      {"width", base.width},
      {"batch", base.batch},
      {"seed", base.seed},
      {"init", base.init.name},
      {"sigma_w2", base.init.sigma_w2},
      {"weights",
       base.init.distribution == WeightInit::Distribution::kNormal ? "normal" : "uniform"},
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
      "         actlab propagate --act selu --act elu --act relu --plot depth.png");
  command->add_option("--act", options->acts, "Activation spec (repeatable); default selu");
  AddNumberOption(command, "--depth", &options->depth, kSizeRange, "Number of layers")
      ->capture_default_str();
  AddNumberOption(command, "--width", &options->width, kSizeRange, "Units per layer")
      ->capture_default_str();
  AddNumberOption(command, "--batch", &options->batch, kSizeRange, "Samples")
      ->capture_default_str();
  command->add_option("--seed", options->seed, "np.random.seed value, 0 to 2**32-1")
      ->capture_default_str();
  command
      ->add_option("--init", options->init,
                   "Weights: lecun (N(0,1/width)), he (N(0,2/width)), glorot (uniform, "
                   "variance 1/width) or sigma_w2=X (N(0,X/width))")
      ->capture_default_str();
  AddNumberOption(command, "--every", &options->every, kSizeRange,
                  "Text table: print every N-th layer")
      ->capture_default_str();
  AddFormatOption(command, &options->format);
  AddOutOption(command, &options->out);
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
    Emit(options->out, Run(*options));
  });
}

}  // namespace

ACTLAB_COMMAND(70, SetupPropagate);

}  // namespace actlab::cli
