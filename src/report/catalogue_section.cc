// The catalogue: every activation with its formula, derivative, defaults and recommended init.
#include "actlab/activation.h"
#include "report/html.h"
#include "report/sections.h"

namespace actlab::report {

Section CatalogueSection(const Context& context) {
  context.Say("catalogue");
  std::string body =
      "<p>The " + std::to_string(Catalogue().size()) +
      " activations actlab knows, with their exact definitions. Derivatives at kinks follow "
      "PyTorch's autograd. Scalar values are computed in extended precision and rounded "
      "once.</p>\n";
  body += Command("actlab list");
  body +=
      "<table><thead><tr><th>name</th><th>f(x)</th><th>f'(x)</th><th>parameters</th>"
      "<th>init</th><th>source</th></tr></thead><tbody>\n";
  for (const Info& info : Catalogue()) {
    std::string params;
    for (const ParamSpec& p : info.params) {
      if (!params.empty()) params += ", ";
      params += std::string(p.name) + " = ";
      params += p.choices.empty()
                    ? FormatShortest(p.default_value)
                    : std::string(p.choices[static_cast<std::size_t>(p.default_value)]);
    }
    body += "<tr><td><b>" + Escape(info.name) + "</b></td><td>" + Escape(info.formula) +
            "</td><td>" + Escape(info.derivative) + "</td><td>" +
            Escape(params.empty() ? "-" : params) + "</td><td>" + Escape(ToString(info.init)) +
            "</td><td>" + Escape(info.source) + "</td></tr>\n";
  }
  body += "</tbody></table>\n";
  body += Command("actlab plot ACT --derivative -o ACT.svg");
  body += CatalogueFigures(context);
  return {"catalogue", "The catalogue", body};
}

}  // namespace actlab::report
