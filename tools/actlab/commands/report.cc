// actlab report: one self-contained HTML page with every figure and measurement.
#include "actlab/report.h"

#include <iostream>

#include "commands.h"
#include "progress.h"

namespace actlab::cli {
namespace {

void SetupReport(CLI::App& program) {
  auto options = std::make_shared<ReportOptions>();
  auto train_results = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  CLI::App* command = program.add_subcommand(
      "report", "Write one self-contained HTML page with everything actlab shows");
  command->footer(
      "Examples: actlab report --quick -o report.html   (one file: figures, style, script inside)\n"
      "          actlab report --quick -o out/report    (a folder with index.html)\n"
      "          actlab report -o out/report --separate-figures   (figures/*.svg beside it)");
  AddOutOption(command, out.get(), "A file ending in .html, or a folder that gets index.html")
      ->required();
  command->add_flag("--separate-figures", options->separate_figures,
                    "Folder form: write each figure as figures/NAME.svg and link it");
  command->add_flag("--quick", options->quick, "Smaller experiments (under 2 minutes)");
  command->add_flag("--force", options->force, "Replace the folder when it is not empty");
  command->add_option("--train-results", *train_results,
                      "results.json of 'actlab train' to show instead of a short run");
  AddQuietOption(command);
  command->callback([options, train_results, out] {
    ReportOptions run = *options;
    run.out = *out;
    run.train_results = *train_results;
    run.command_line = std::string("actlab report") + (run.quick ? " --quick" : "") +
                       (train_results->empty() ? "" : " --train-results " + *train_results) +
                       (run.separate_figures ? " --separate-figures" : "") + " -o " + *out;
    ProgressBar bar("report", 0);
    run.progress = [&bar](const std::string& step) { bar.Set(0, step); };
    const std::filesystem::path page = WriteReport(run);
    bar.Finish();
    std::cout << std::filesystem::absolute(page).string() << '\n';
  });
}

}  // namespace

ACTLAB_COMMAND(100, SetupReport);

}  // namespace actlab::cli
