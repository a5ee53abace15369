// actlab report: one HTML page with every figure and measurement.
#include "actlab/report.h"

#include <iostream>

#include "commands.h"

namespace actlab::cli {
namespace {

void SetupReport(CLI::App& program) {
  auto options = std::make_shared<ReportOptions>();
  auto train_results = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  CLI::App* command = program.add_subcommand(
      "report", "Write a self-contained HTML page (and SVG figures) with everything actlab shows");
  command->footer(
      "Example: actlab report --quick -o out/report   (then open out/report/index.html)");
  AddOutOption(command, out.get(), "Output folder (gets index.html and figures/)")->required();
  command->add_flag("--quick", options->quick, "Smaller experiments (under 2 minutes)");
  command->add_flag("--force", options->force, "Replace the folder when it is not empty");
  command->add_option("--train-results", *train_results,
                      "results.json of 'actlab train' to show instead of a short run");
  command->callback([options, train_results, out] {
    ReportOptions run = *options;
    run.out_dir = *out;
    run.train_results = *train_results;
    run.command_line = std::string("actlab report") + (run.quick ? " --quick" : "") +
                       (train_results->empty() ? "" : " --train-results " + *train_results) +
                       " -o " + *out;
    run.progress = [](const std::string& line) { std::cerr << "report: " << line << '\n'; };
    WriteReport(run);
    std::cout << (std::filesystem::absolute(*out) / "index.html").string() << '\n';
  });
}

}  // namespace

ACTLAB_COMMAND(100, SetupReport);

}  // namespace actlab::cli
