// actlab bench: throughput of the kernels beside copy loops and oneDNN, measured in one run.
#include "actlab/bench.h"

#include <iostream>

#include "actlab/kernels.h"
#include "commands.h"
#include "progress.h"

namespace actlab::cli {
namespace {

std::optional<double> Ratio(double a, std::optional<double> b) {
  if (!b || *b <= 0) return std::nullopt;
  return a / *b;
}

Table::Cell Cell(std::optional<double> value) {
  return value ? Table::Cell(*value) : Table::Cell(std::monostate{});
}

// The CSV columns are fixed (documented); text and JSON add the median, memcpy and the ratios.
Table MakeTable(const std::vector<BenchResult>& results, Format format) {
  const bool csv = format == Format::kCsv;
  std::vector<std::string> columns = {"activation", "direction", "type",
                                      "size",       "threads",   "elements_per_ns"};
  if (!csv) columns.push_back("median_elements_per_ns");
  columns.insert(columns.end(), {"gb_per_s", "copy_elements_per_ns"});
  if (!csv) columns.push_back("memcpy_elements_per_ns");
  columns.push_back("onednn_elements_per_ns");
  if (!csv) columns.insert(columns.end(), {"vs_copy", "vs_onednn"});
  Table table(columns, 4);
  for (const BenchResult& r : results) {
    std::vector<Table::Cell> row = {r.act.ToString(),
                                    std::string(ToString(r.direction)),
                                    std::string(ToString(r.type)),
                                    static_cast<std::int64_t>(r.size),
                                    static_cast<std::int64_t>(r.threads),
                                    r.elements_per_ns};
    if (!csv) row.emplace_back(r.median_elements_per_ns);
    row.insert(row.end(), {r.gb_per_s, r.copy_elements_per_ns});
    if (!csv) row.emplace_back(r.memcpy_elements_per_ns);
    row.push_back(Cell(r.onednn_elements_per_ns));
    if (!csv) {
      row.push_back(Cell(Ratio(r.elements_per_ns, r.copy_elements_per_ns)));
      row.push_back(Cell(Ratio(r.elements_per_ns, r.onednn_elements_per_ns)));
    }
    table.AddRow(std::move(row));
  }
  return table;
}

void SetupBench(CLI::App& program) {
  struct Options {
    std::vector<std::string> acts, sizes, directions, types;
    int threads = 1;
    int repetitions = 5;
    bool quick = false;
    std::string format = "text";
    std::string out;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = program.add_subcommand(
      "bench", "Elements/ns and GB/s of the kernels beside copy loops and oneDNN's eltwise");
  command->footer(
      "Defaults: every activation, fwd and bwd, f32 and f64, sizes 4Ki 256Ki 16Mi 256Mi, 1 "
      "thread.\n"
      "copy = y=2x (fwd) or z=x*y (bwd) with the kernel's memory traffic; vs_* = ratios.\n"
      "Example: actlab bench --act sigmoid --act gelu --size 256Ki --type f32 --format csv");
  command->add_option("--act", options->acts, "Activation spec (repeatable; default: all)");
  command->add_option("--size", options->sizes,
                      "Elements per array, e.g. 4096, 4Ki, 16Mi (repeatable)");
  command->add_option("--direction", options->directions, "fwd or bwd (repeatable; default: both)")
      ->check(CLI::IsMember({"fwd", "bwd"}));
  command->add_option("--type", options->types, "f32 or f64 (repeatable; default: both)")
      ->check(CLI::IsMember({"f32", "f64"}));
  AddThreadsOption(command, &options->threads, "Threads for every variant")->capture_default_str();
  CLI::Option* repetitions =
      AddNumberOption(command, "--repetitions", &options->repetitions, {.min = 1, .max = 100000},
                      "Samples per variant (best and median)")
          ->capture_default_str();
  command->add_flag("--quick", options->quick, "Sizes 4Ki and 256Ki only, 3 repetitions");
  AddFormatOption(command, &options->format);
  AddQuietOption(command);
  AddOutOption(command, &options->out);
  command->callback([options, repetitions] {
    BenchOptions bench;
    bench.acts = ParseActivations(options->acts);
    if (options->quick) {
      bench.sizes = {std::size_t{4} << 10, std::size_t{256} << 10};
      bench.repetitions = 3;
    }
    if (!options->sizes.empty()) bench.sizes.clear();
    for (const std::string& text : options->sizes) {
      const auto size = ParseElementCount(text);
      if (!size) {
        throw UsageError("bench: --size " + QuoteInput(text) +
                         " is not allowed; allowed: a positive element count, optionally with "
                         "Ki, Mi or Gi (4096, 256Ki, 16Mi)");
      }
      bench.sizes.push_back(*size);
    }
    if (!options->directions.empty()) bench.directions.clear();
    for (const std::string& d : options->directions) {
      bench.directions.push_back(d == "fwd" ? Direction::kForward : Direction::kBackward);
    }
    if (!options->types.empty()) bench.types.clear();
    for (const std::string& t : options->types) {
      bench.types.push_back(t == "f32" ? ElementType::kF32 : ElementType::kF64);
    }
    bench.threads = options->threads > 0 ? options->threads : NumThreads();
    if (!options->quick || repetitions->count() > 0) bench.repetitions = options->repetitions;
    const Format format = ParseFormat(options->format);
    ProgressBar bar("bench", 0);
    const std::vector<BenchResult> results =
        RunBench(bench, [&bar](const std::string& what) { bar.Set(0, what); });
    bar.Finish();
    std::string text = Render(MakeTable(results, format), format);
    if (format == Format::kText) {
      const std::string onednn = OneDnnVersion();
      text = "kernels: " + KernelTarget() + ", oneDNN: " +
             (onednn.empty() ? std::string("not built in") : onednn + " (f32 only)") + "\n" + text;
    }
    Emit(options->out, text);
  });
}

}  // namespace

ACTLAB_COMMAND(50, SetupBench);

}  // namespace actlab::cli
