// actlab eval: f(x) and f'(x) at the given points, to full double precision.
#include <iostream>
#include <iterator>

#include "commands.h"

namespace actlab::cli {
namespace {

double ReadPoint(const std::string& text) {
  const auto value = ParseNumber(text, /*allow_nonfinite=*/true);
  if (!value) {
    throw UsageError("eval: '" + text +
                     "' is not a number that a double can hold; allowed: decimal or exponent form "
                     "within +-1.8e308 (e.g. -2.5, 1e-3), nan, inf, -inf");
  }
  return *value;
}

void SetupEval(CLI::App& program) {
  struct Options {
    std::string act;
    std::vector<std::string> points;
    std::string format = "text";
    std::string out;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = program.add_subcommand(
      "eval", "Print x, f(x) and f'(x) for each X (or numbers read from stdin)");
  command->footer(
      "Example: actlab eval elu:alpha=0.5 -- -1 0 2.5\n         echo 0.1 0.2 | actlab eval gelu "
      "--format csv");
  command->add_option("act", options->act, "Activation spec, e.g. elu or leaky_relu:alpha=0.05")
      ->required();
  command->add_option("x", options->points, "Points (use -- before negative numbers)");
  AddFormatOption(command, &options->format);
  AddOutOption(command, &options->out);
  command->callback([options] {
    const Activation act = Activation::Parse(options->act);
    std::vector<std::string> tokens = options->points;
    if (tokens.empty()) {
      tokens.assign(std::istream_iterator<std::string>(std::cin),
                    std::istream_iterator<std::string>());
    }
    Table table({"x", "value", "derivative"});
    for (const std::string& token : tokens) {
      const double x = ReadPoint(token);
      table.AddRow({x, act.Value(x), act.Derivative(x)});
    }
    Emit(options->out, Render(table, ParseFormat(options->format)));
  });
}

}  // namespace

ACTLAB_COMMAND(20, SetupEval);

}  // namespace actlab::cli
