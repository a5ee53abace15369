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
  std::filesystem::path figures_dir;  // where figures go as SVG files; empty: inline in the page
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
// Every entry's f and f' drawn by an embedded script: toggles, f/f', parameter sliders, values on
// hover; a static figure without scripts.
Section ExplorerSection(const Context& context);
Section PropagationSection(const Context& context);
Section TrainingSection(const Context& context);
// Reads and checks a saved results.json (the comparison protocol); throws std::invalid_argument.
std::vector<nn::RunResult> LoadTrainResults(const std::filesystem::path& path,
                                            nn::TrainConfig* protocol);
Section KernelsSection(const Context& context);

// The <figure> element that shows `figure`: the SVG inline as a data URI, or saved as
// figures_dir/<name>.svg and linked. `wide` spans the whole width of a grid.
std::string FigureHtml(const Context& context, const plot::Figure& figure, const std::string& name,
                       const std::string& caption, bool wide = false);
// One small figure (f and f') per catalogue entry.
std::string CatalogueFigures(const Context& context);

}  // namespace actlab::report

#endif  // ACTLAB_SRC_REPORT_SECTIONS_H_
