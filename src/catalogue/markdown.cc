// docs/catalogue.md, written from the rows.
#include <string>

#include "actlab/activation.h"
#include "actlab/io.h"
#include "catalogue/catalogue.h"

namespace actlab {
namespace {

std::string Numbers(std::span<const double> values) {
  std::string s;
  for (const double v : values) s += (s.empty() ? "" : ", ") + FormatShortest(v);
  return s.empty() ? "none" : s;
}

std::string Or(std::string_view text, std::string_view otherwise) {
  return std::string(text.empty() ? otherwise : text);
}

std::string Bounds(const AccuracyBound& b) {
  return FormatShortest(b.f32_forward) + " / " + FormatShortest(b.f32_backward) + " / " +
         FormatShortest(b.f64_forward) + " / " + FormatShortest(b.f64_backward);
}

}  // namespace

std::string CatalogueMarkdown() {
  std::string md =
      "# The catalogue\n\n"
      "Every activation actlab knows, one row each in `src/catalogue/`. This page is written from "
      "those rows (`make docs`); a test fails when it is out of date.\n\n"
      "Bounds are the kernels' largest error in ulps, float32 forward / backward, float64 forward "
      "/ backward, against a high-precision reference (0: correctly rounded). The tier is the "
      "tutorial's advice, ELU/SELU (1) > leaky ReLU, RReLU, PReLU (2) > ReLU (3) > tanh (4) > "
      "logistic (5).\n\n"
      "| name | parameters | init | bounds (ulp) | tier | PyTorch | oneDNN |\n"
      "|---|---|---|---|---|---|---|\n";
  for (const Info& info : Catalogue()) {
    std::string params;
    for (const ParamSpec& p : info.params) {
      params +=
          (params.empty() ? "" : ", ") + std::string(p.name) + "=" +
          (p.choices.empty() ? FormatShortest(p.default_value)
                             : std::string(p.choices[static_cast<std::size_t>(p.default_value)]));
    }
    md += "| `" + std::string(info.name) + "` | " + Or(params, "") + " | " +
          std::string(ToString(info.init)) + " | " + Bounds(info.accuracy) + " | " +
          (info.tutorial_tier != 0 ? std::to_string(info.tutorial_tier) : "") + " | " +
          Or(info.pytorch, "") + " | " + Or(info.onednn, "") + " |\n";
  }
  for (const Info& info : Catalogue()) {
    md += "\n## " + std::string(info.name) + "\n\n";
    if (!info.aliases.empty()) {
      std::string aliases;
      for (const auto a : info.aliases)
        aliases += (aliases.empty() ? "`" : ", `") + std::string(a) + "`";
      md += "Aliases: " + aliases + ".\n\n";
    }
    md += "- f(x) = " + std::string(info.formula) + "\n";
    md += "- f'(x) = " + std::string(info.derivative) + "\n";
    for (const ParamSpec& p : info.params) {
      md +=
          "- `" + std::string(p.name) + "`: " + std::string(p.description) + "; default " +
          (p.choices.empty() ? FormatShortest(p.default_value)
                             : std::string(p.choices[static_cast<std::size_t>(p.default_value)])) +
          ", allowed " + internal::RangeText(p) + (p.learnable ? " (learned)" : "") + "\n";
    }
    md += "- kinks (default parameters): " + Numbers(info.kinks) + "\n";
    md += "- branch points checked by the accuracy runs: " + Numbers(info.branch_points) + "\n";
    md += "- source: " + std::string(info.source) + "\n";
  }
  return md;
}

}  // namespace actlab
