// Internal: the report's sections, each built from the modules it presents.
#ifndef ACTLAB_SRC_REPORT_SECTIONS_H_
#define ACTLAB_SRC_REPORT_SECTIONS_H_

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "actlab/nn/train.h"
#include "actlab/plot/figure.h"

namespace actlab::report {

struct Context {
  std::filesystem::path dir;  // the staging folder; figures go to dir/figures
  bool quick = false;
  std::filesystem::path train_results;
  std::vector<nn::RunResult> saved_runs;  // read from train_results before any work
  nn::TrainConfig saved_protocol;
  std::function<void(const std::string&)> progress;

  void Say(const std::string& line) const {
    if (progress) progress(line);
  }
};

struct Section {
  std::string id;  // the anchor, e.g. "catalogue"
  std::string title;
  std::string body;  // HTML
};

// Every section, in the tutorial's order.
std::vector<Section> BuildSections(const Context& context);

Section CatalogueSection(const Context& context);
Section FiguresSection(const Context& context);
Section PropagationSection(const Context& context);
Section TrainingSection(const Context& context);
// Reads and checks a saved results.json (the comparison protocol); throws std::invalid_argument.
std::vector<nn::RunResult> LoadTrainResults(const std::filesystem::path& path,
                                            nn::TrainConfig* protocol);
Section KernelsSection(const Context& context);

// Saves `figure` as dir/figures/<name>.svg and returns the <figure> element that shows it.
std::string FigureHtml(const Context& context, const plot::Figure& figure, const std::string& name,
                       const std::string& caption);
// One small figure (f and f') per catalogue entry.
std::string CatalogueFigures(const Context& context);

}  // namespace actlab::report

#endif  // ACTLAB_SRC_REPORT_SECTIONS_H_
