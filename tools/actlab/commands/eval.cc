// actlab eval: f(x) and f'(x) at the given points, to full double precision. Numbers read from
// standard input are answered line by line as they come, so that eval can sit in a pipe.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <sstream>

#include "commands.h"

namespace actlab::cli {
namespace {

const std::vector<std::string> kColumns = {"x", "value", "derivative"};

double Point(const std::string& text) {
  const NumberParse parsed = ParseNumberDetailed(text, /*allow_nonfinite=*/true);
  if (parsed.value) return *parsed.value;
  throw UsageError("eval: " + QuoteInput(text) + " " + ProblemText(parsed.problem) +
                   "; allowed: decimal or exponent form within +-1.8e308 (e.g. -2.5, 1e-3), nan, "
                   "inf, -inf");
}

// Reads standard input a line at a time, answering each line before reading the next.
void StreamStdin(const Activation& act, Format format, const std::string& out) {
  std::unique_ptr<Output> file;
  if (!out.empty() && out != "-") file = std::make_unique<Output>(out);
  TableStream table(kColumns, format, [&](std::string_view text) {
    if (file) {
      file->Write(text);
    } else {
      WriteStdout(text);
    }
  });
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream tokens(line);
    std::string token;
    while (tokens >> token) {
      const double x = Point(token);
      table.AddRow({x, act.Value(x), act.Derivative(x)});
    }
  }
  if (std::ferror(stdin) || std::cin.bad()) {
    throw IoError(std::string("eval: cannot read standard input: ") + std::strerror(errno));
  }
  table.Finish();
  if (file) file->Commit();
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
      "Numbers on stdin are answered line by line as they arrive (text columns 24 wide).\n"
      "Example: actlab eval elu:alpha=0.5 -- -1 0 2.5\n         echo 0.1 0.2 | actlab eval gelu "
      "--format csv");
  command->add_option("act", options->act, "Activation spec, e.g. elu or leaky_relu:alpha=0.05")
      ->required();
  command->add_option("x", options->points, "Points (use -- before negative numbers)");
  AddFormatOption(command, &options->format);
  AddOutOption(command, &options->out);
  command->callback([options] {
    const Activation act = Activation::Parse(options->act);
    const Format format = ParseFormat(options->format);
    if (!options->out.empty()) CheckOutputFile(options->out);
    if (options->points.empty()) return StreamStdin(act, format, options->out);
    Table table(kColumns);
    for (const std::string& token : options->points) {
      const double x = Point(token);
      table.AddRow({x, act.Value(x), act.Derivative(x)});
    }
    Emit(options->out, Render(table, format));
  });
}

}  // namespace

ACTLAB_COMMAND(20, SetupEval);

}  // namespace actlab::cli
