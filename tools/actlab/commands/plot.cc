// actlab plot: the tutorial's figures, comparisons, the gallery and the saturation figure, drawn to
// PNG, SVG or PDF (chosen by the file extension).
#include <cmath>
#include <filesystem>
#include <iostream>
#include <optional>
#include <system_error>

#include "actlab/figures/activations.h"
#include "actlab/plot/save.h"
#include "commands.h"

namespace actlab::cli {
namespace {

// "A:B" with A < B, both finite numbers.
std::optional<std::pair<double, double>> ParseRange(const std::string& option,
                                                    const std::string& text) {
  if (text.empty()) return std::nullopt;
  const std::size_t colon = text.find(':', 1);  // a leading '-' is a sign, never the separator
  if (colon == std::string::npos) {
    throw UsageError("plot: " + option + " " + QuoteInput(text) +
                     " is not a range; allowed: A:B with numbers A < B, e.g. -5:5");
  }
  double low = 0, high = 0;
  try {
    low = ParseInRange(text.substr(0, colon), {});
    high = ParseInRange(text.substr(colon + 1), {});
  } catch (const std::invalid_argument& e) {
    throw UsageError("plot: " + option + " " + QuoteInput(text) + ": " + e.what());
  }
  if (!(low < high)) {
    throw UsageError("plot: " + option + " " + QuoteInput(text) +
                     " is empty or reversed; allowed: A:B with A < B");
  }
  if (!std::isfinite(high - low)) {
    throw UsageError("plot: " + option + " " + QuoteInput(text) +
                     " is wider than a double can hold; allowed: B - A up to 1.8e308");
  }
  return std::pair{low, high};
}

void Save(const plot::Figure& figure, const std::filesystem::path& path, double dpi) {
  plot::SaveFigure(figure, path, dpi);
  std::cout << "wrote " << path.string() << '\n';
}

void SetupPlot(CLI::App& program) {
  struct Options {
    std::vector<std::string> acts;
    bool tutorial = false, gallery = false, saturation = false, derivative = false;
    std::string x_range, y_range, title, out;
    double dpi = 100;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = program.add_subcommand(
      "plot",
      "Draw activations to PNG, SVG or PDF: the tutorial's figures, comparisons, the gallery");
  command->footer(
      "Examples: actlab plot --tutorial -o out/figures\n"
      "          actlab plot elu selu gelu --derivative --x-range=-4:3 -o cmp.svg\n"
      "          actlab plot --gallery -o gallery.png --dpi 60\n"
      "          actlab plot --saturation -o saturation.pdf");
  command->add_option("act", options->acts,
                      "Activation specs to draw on one axes (e.g. elu:alpha=0.5)");
  command->add_flag("--tutorial", options->tutorial,
                    "The tutorial's figures: OUT is a folder that gets <name>.png and <name>.svg");
  command->add_flag("--gallery", options->gallery,
                    "Small multiples of every catalogue entry with f'");
  command->add_flag("--saturation", options->saturation,
                    "Derivatives of sigmoid, tanh, relu, elu, selu with |f'| < 0.05 shaded");
  command->add_flag("--derivative", options->derivative,
                    "Also draw each f' dashed in the same colour");
  command->add_option("--x-range", options->x_range,
                      "x limits A:B (write --x-range=-5:5 for a negative A)");
  command->add_option("--y-range", options->y_range, "y limits A:B");
  command->add_option("--title", options->title, "Title instead of the default one");
  AddNumberOption(command, "--dpi", &options->dpi, {.min = 10, .max = 1200},
                  "Pixels per inch of PNG output")
      ->capture_default_str();
  AddOutOption(command, &options->out, "Output file (.png, .svg, .pdf), or folder for --tutorial")
      ->required();
  command->callback([options] {
    const int modes =
        !options->acts.empty() + options->tutorial + options->gallery + options->saturation;
    if (modes != 1) {
      throw UsageError(
          "plot: give exactly one of: activation specs, --tutorial, --gallery, --saturation");
    }
    if (options->acts.empty() && (options->derivative || !options->x_range.empty() ||
                                  !options->y_range.empty() || !options->title.empty())) {
      throw UsageError(
          "plot: --derivative, --x-range, --y-range and --title go with activation specs only");
    }
    const std::filesystem::path out = options->out;
    if (options->tutorial) {
      CreateOutputFolder(out);
      for (Kind kind : plot::TutorialKinds()) {
        const plot::Figure figure = plot::TutorialFigure(kind);
        for (const char* extension : {".png", ".svg"}) {
          Save(figure, out / (std::string(InfoOf(kind).name) + extension), options->dpi);
        }
      }
      return;
    }
    plot::ImageFormatFromPath(out);  // a bad extension is a usage error, found before any drawing
    CheckOutputFile(out);
    if (options->gallery) return Save(plot::GalleryFigure(), out, options->dpi);
    if (options->saturation) return Save(plot::SaturationFigure(), out, options->dpi);
    plot::ComparisonOptions comparison;
    comparison.derivative = options->derivative;
    comparison.x_range = ParseRange("--x-range", options->x_range);
    comparison.y_range = ParseRange("--y-range", options->y_range);
    comparison.title = options->title;
    const std::vector<Activation> acts = ParseActivations(options->acts);
    Save(plot::ComparisonFigure(acts, comparison), out, options->dpi);
  });
}

}  // namespace

ACTLAB_COMMAND(60, SetupPlot);

}  // namespace actlab::cli

#if defined(__SANITIZE_ADDRESS__)
// Under LeakSanitizer: fontconfig, which cairo asks for DejaVu Sans, keeps its configuration for
// the life of the process in memory LSan cannot trace (about 650 bytes, once); not a leak of ours.
// The hook must be defined in the executable to win over the sanitizer runtime's weak default.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }
#endif
