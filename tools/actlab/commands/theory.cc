// actlab theory: mean-field theory of the deep-network experiment (fixed point of the length map,
// chi_1, depth scale, per-layer predictions), and SELU's constants derived from their definition.
#include "actlab/meanfield.h"
#include "actlab/propagation.h"
#include "commands.h"

namespace actlab::cli {
namespace {

struct Options {
  std::vector<std::string> acts;
  std::string init = "lecun";
  std::int64_t depth = 100;
  bool per_layer = false;
  bool selu_constants = false;
  std::string format = "text";
  std::string out;
};

std::string_view KindName(FixedPointKind kind) {
  switch (kind) {
    case FixedPointKind::kStable:
      return "fixed_point";
    case FixedPointKind::kMarginal:
      return "marginal";
    case FixedPointKind::kCollapse:
      return "collapse";
    case FixedPointKind::kDiverge:
      return "diverge";
  }
  return "?";
}

Table SeluTable() {
  const SeluConstants c = DeriveSeluConstants(40);
  Table table({"constant", "derived", "tutorial", "difference"});
  table.AddRow({"alpha", c.alpha, c.tutorial_alpha, c.alpha_difference});
  table.AddRow({"scale", c.scale, c.tutorial_scale, c.scale_difference});
  return table;
}

std::string Run(const Options& options) {
  const Format format = ParseFormat(options.format);
  if (options.selu_constants) return Render(SeluTable(), format);
  WeightInit init;
  try {
    init = WeightInit::Parse(options.init);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("theory: ") + e.what());
  }
  const std::vector<Activation> acts = ParseActivations(
      options.acts.empty()
          ? std::vector<std::string>{"selu", "elu", "relu", "tanh", "sigmoid", "leaky_relu"}
          : options.acts);
  const int depth = static_cast<int>(options.depth);
  if (options.per_layer) {
    Table table({"activation", "sigma_w2", "layer", "q", "mean", "std", "chi", "grad_rms"});
    for (const Activation& act : acts) {
      for (const MeanFieldLayer& l :
           MeanFieldTrajectory(act, init.sigma_w2, init.sigma_w2, depth)) {
        table.AddRow({act.ToString(), init.sigma_w2, static_cast<std::int64_t>(l.layer), l.q,
                      l.mean, l.std, l.chi, l.grad_rms});
      }
    }
    return Render(table, format);
  }
  Table table({"activation", "sigma_w2", "q0", "kind", "q_star", "chi_1", "mean_at_q_star",
               "depth_scale", "q_last", "std_last", "grad_rms_first", "status"},
              format == Format::kText ? 6 : 17);
  for (const Activation& act : acts) {
    const MeanFieldTheory t = AnalyzeMeanField(act, init.sigma_w2, depth);
    table.AddRow({act.ToString(), t.sigma_w2, t.q0, std::string(KindName(t.kind)), t.q_star,
                  t.chi_1, t.mean_at_q_star, t.depth_scale, t.layers.back().q, t.layers.back().std,
                  t.layers.front().grad_rms, t.status});
  }
  return Render(table, format);
}

void SetupTheory(CLI::App& program) {
  auto options = std::make_shared<Options>();
  CLI::App* command = program.add_subcommand(
      "theory", "Mean-field theory of deep random networks; SELU's constants derived");
  command->footer(
      "q' = sigma_w2 E[phi(sqrt(q) z)^2] (z ~ N(0,1)) from q0 = sigma_w2; chi_1 = sigma_w2\n"
      "E[phi'(sqrt(q*) z)^2] is the per-layer factor of the mean squared gradient; depth_scale =\n"
      "1/|ln chi_1|. grad_rms_first is the predicted rms of d loss/d Z_0 (1 at the last layer).\n"
      "Example: actlab theory --act selu --act relu --init he\n"
      "         actlab theory --act tanh --per-layer --format csv\n"
      "         actlab theory --selu-constants");
  command->add_option(
      "--act", options->acts,
      "Activation spec (repeatable); default selu elu relu tanh sigmoid leaky_relu");
  command->add_option("--init", options->init, "lecun, he, glorot or sigma_w2=X")
      ->capture_default_str();
  AddNumberOption(command, "--depth", &options->depth, {.min = 1, .max = 100000},
                  "Layers to predict")
      ->capture_default_str();
  command->add_flag("--per-layer", options->per_layer,
                    "One row per layer: q, mean, std, chi, grad_rms");
  command->add_flag("--selu-constants", options->selu_constants,
                    "Derive SELU's alpha and scale from E[selu(z)] = 0, E[selu(z)^2] = 1");
  AddFormatOption(command, &options->format);
  AddOutOption(command, &options->out);
  command->callback([options] { Emit(options->out, Run(*options)); });
}

}  // namespace

ACTLAB_COMMAND(80, SetupTheory);

}  // namespace actlab::cli
