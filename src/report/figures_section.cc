// The tutorial's figures and the saturation figure, and one small figure per catalogue entry.
#include "actlab/activation.h"
#include "actlab/figures/activations.h"
#include "actlab/plot/save.h"
#include "report/html.h"
#include "report/sections.h"

namespace actlab::report {

std::string FigureHtml(const Context& context, const plot::Figure& figure, const std::string& name,
                       const std::string& caption, bool wide) {
  std::string source;
  if (context.figures_dir.empty()) {
    source =
        "data:image/svg+xml;base64," + Base64(plot::RenderFigure(figure, plot::ImageFormat::kSvg));
  } else {
    plot::SaveFigure(figure, context.figures_dir / (name + ".svg"));
    source = "figures/" + Escape(name) + ".svg";
  }
  return std::string(wide ? "<figure class=\"wide\"" : "<figure") + " id=\"figure-" + Escape(name) +
         "\"><img src=\"" + source + "\" alt=\"" + Escape(caption) + "\"><figcaption>" +
         Escape(caption) + "</figcaption></figure>\n";
}

std::string CatalogueFigures(const Context& context) {
  std::string html = "<div class=\"grid\">\n";
  for (const Info& info : Catalogue()) {
    const Activation act(info.kind);
    plot::ComparisonOptions options;
    options.derivative = true;
    options.title = std::string(info.name) + ": f solid, f' dashed";
    html += FigureHtml(context, plot::ComparisonFigure(std::span(&act, 1), options),
                       "catalogue_" + std::string(info.name), act.ToString());
  }
  return html + "</div>\n";
}

Section FiguresSection(const Context& context) {
  context.Say("figures");
  std::string body =
      "<p>The tutorial's figures, drawn from each activation's plot hints in the catalogue "
      "(ranges, "
      "asymptotes, annotations). SELU has no figure in the tutorial; it is drawn in the same "
      "manner, "
      "with its asymptote at &minus;scale&middot;alpha.</p>\n";
  body += Command("actlab plot --tutorial -o DIR");
  body += "<div class=\"grid\">\n";
  for (Kind kind : plot::TutorialKinds()) {
    const std::string name(InfoOf(kind).name);
    body += FigureHtml(context, plot::TutorialFigure(kind), "tutorial_" + name,
                       plot::TutorialActivation(kind).ToString());
  }
  body +=
      "</div>\n<h3>Saturation and vanishing gradients</h3>\n"
      "<p>Where |f'(x)| &lt; 0.05 a unit passes almost no gradient back: sigmoid and tanh "
      "saturate on both sides, ReLU is dead for every x &lt; 0, ELU and SELU only far on the "
      "left.</p>\n";
  body += Command("actlab plot --saturation -o saturation.svg");
  body += "<div class=\"grid\">" +
          FigureHtml(context, plot::SaturationFigure(), "saturation",
                     "derivatives, saturated regions shaded") +
          "</div>\n";
  return {"figures", "The tutorial's figures", body};
}

}  // namespace actlab::report
