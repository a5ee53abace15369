// The deep-network experiment: the tutorial's table as actlab prints it, every activation's
// statistics through depth beside mean-field theory, and SELU's constants derived.
#include <cmath>

#include "actlab/figures/experiments.h"
#include "actlab/meanfield.h"
#include "actlab/propagation.h"
#include "report/html.h"
#include "report/sections.h"

namespace actlab::report {

Section PropagationSection(const Context& context) {
  context.Say("propagation: the tutorial's table");
  std::string body =
      "<p>500 samples of N(0, 1) inputs through 100 dense layers of 100 units, weights "
      "N(0, 1/100) (LeCun), numpy's random numbers (seed 42). For SELU the table is the "
      "tutorial's, character for character.</p>\n";
  PropagationOptions tutorial;
  tutorial.backward = false;
  std::string table;
  for (const LayerRecord& record : Propagate(tutorial).layers) {
    if (record.layer % 10 == 0) table += TutorialLine(record) + "\n";
  }
  body += Command("actlab propagate --act selu") + Pre(table);

  const std::vector<std::string> specs = {"selu", "elu", "relu", "leaky_relu", "tanh", "sigmoid"};
  const int depth = context.quick ? 50 : 100;
  std::vector<PropagationResult> runs;
  std::vector<MeanFieldTheory> theories;
  Table summary({"activation", "std at last layer", "theory", "mean at last layer", "zero fraction",
                 "grad rms layer 0", "theory ", "chi_1", "fixed point"});
  for (const std::string& spec : specs) {
    context.Say("propagation: " + spec);
    PropagationOptions options;
    options.act = Activation::Parse(spec);
    options.depth = depth;
    const PropagationResult& run = runs.emplace_back(Propagate(options));
    const MeanFieldTheory& theory =
        theories.emplace_back(AnalyzeMeanField(options.act, options.init.sigma_w2, depth));
    const LayerRecord& last = run.layers.back();
    summary.AddRow({spec, last.std, theory.layers.back().std, last.mean, last.zero_fraction,
                    run.layers.front().grad_rms, theory.layers.front().grad_rms, theory.chi_1,
                    theory.status});
  }
  std::string command = "actlab propagate --depth " + std::to_string(depth);
  for (const std::string& spec : specs) command += " --act " + spec;
  body += "<h3>Every activation through depth, beside mean-field theory</h3>\n";
  body += Command(command + " --format csv --plot propagation.svg");
  body += "<div class=\"grid\">" +
          FigureHtml(context, plot::PropagationFigure(runs, theories), "propagation",
                     "std bands and gradient rms per layer; dashed: mean-field theory", true) +
          "</div>\n";
  body +=
      "<p>Gradient rms is that of d loss/d Z for loss = sum(Z_last &middot; G), G ~ N(0,1): 1 "
      "at the last layer by construction; the value at layer 0 shows how much gradient "
      "reaches the first layer.</p>\n";
  body += TableHtml(summary);

  context.Say("propagation: theory");
  Table theory_table({"activation", "init", "q*", "chi_1", "mean at q*", "depth scale", "status"});
  for (const std::string& spec : specs) {
    for (const auto& [name, sigma_w2] : {std::pair{"lecun", 1.0}, std::pair{"he", 2.0}}) {
      const MeanFieldTheory t = AnalyzeMeanField(Activation::Parse(spec), sigma_w2, 100);
      theory_table.AddRow(
          {spec, std::string(name), t.q_star, t.chi_1, t.mean_at_q_star, t.depth_scale, t.status});
    }
  }
  body += "<h3>Mean-field theory</h3>\n";
  body += Command("actlab theory --init lecun; actlab theory --init he") + TableHtml(theory_table);

  const SeluConstants constants = DeriveSeluConstants(40);
  Table selu(
      {"constant", "derived from E[selu(z)] = 0, E[selu(z)^2] = 1", "tutorial", "difference"});
  selu.AddRow({"alpha", constants.alpha, constants.tutorial_alpha, constants.alpha_difference});
  selu.AddRow({"scale", constants.scale, constants.tutorial_scale, constants.scale_difference});
  body += "<h3>SELU's constants, derived</h3>\n";
  body += Command("actlab theory --selu-constants") + TableHtml(selu);
  return {"propagation", "The deep-network experiment", body};
}

}  // namespace actlab::report
