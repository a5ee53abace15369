// actlab accuracy: how far the array kernels are from the extended-precision oracle, in ulp.
#include "actlab/accuracy.h"

#include <iostream>
#include <memory>

#include "actlab/kernels.h"
#include "commands.h"

namespace actlab::cli {
namespace {

void SetupAccuracy(CLI::App& program) {
  struct Options {
    std::vector<std::string> acts;
    std::string type = "f32";
    std::vector<std::string> directions;
    bool exhaustive = false;
    std::uint64_t samples = std::uint64_t{1} << 22;
    double bound = -1;  // the catalogue's
    int threads = 0;
    std::string format = "text";
    std::string out;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = program.add_subcommand(
      "accuracy", "Measure the kernels' error in ulp against the extended-precision oracle");
  command->footer(
      "Exit status 1 when a row exceeds its bound (the table is written first).\n"
      "Example: actlab accuracy --act sigmoid --act gelu:approximate=tanh --direction bwd\n"
      "         actlab accuracy --act tanh --exhaustive --format csv");
  command->add_option("--act", options->acts, "Activation spec (repeatable; default: every entry)");
  command->add_option("--type", options->type, "Element type")
      ->check(CLI::IsMember({"f32", "f64"}));
  command->add_option("--direction", options->directions, "fwd, bwd (repeatable; default both)")
      ->check(CLI::IsMember({"fwd", "bwd"}));
  command->add_flag("--exhaustive", options->exhaustive, "f32: every one of the 2^32 bit patterns");
  AddNumberOption(command, "--samples", &options->samples, {.min = 1, .max = 1 << 30},
                  "Stratified sample size (and as many uniform points in [-40, 40])");
  AddNumberOption(command, "--bound", &options->bound, {.min = 0, .max = 1e30},
                  "Judge every row against this many ulp instead of the catalogue's bound");
  AddThreadsOption(command, &options->threads, "Threads (default: ACTLAB_NUM_THREADS or all)");
  AddFormatOption(command, &options->format);
  AddOutOption(command, &options->out);
  command->callback([options] {
    const Format format = ParseFormat(options->format);
    if (options->exhaustive && options->type != "f32") {
      throw UsageError(
          "accuracy: --exhaustive sweeps f32 only (2^64 doubles cannot be swept); "
          "drop --exhaustive or use --type f32");
    }
    UseThreadsOption(options->threads);
    std::vector<Activation> acts;
    if (options->acts.empty()) {
      for (const Info& info : Catalogue()) acts.emplace_back(info.kind);
    } else {
      acts = ParseActivations(options->acts);
    }
    std::vector<Direction> directions;
    for (const std::string& d : options->directions) {
      directions.push_back(d == "fwd" ? Direction::kForward : Direction::kBackward);
    }
    if (directions.empty()) directions = {Direction::kForward, Direction::kBackward};

    std::vector<std::string> columns = {
        "activation",   "type",           "direction",          "inputs",
        "max_ulp",      "worst_x",        "mean_ulp",           "nan_mistakes",
        "inf_mistakes", "flush_mistakes", "zero_sign_mistakes", "bound",
        "pass"};
    if (options->exhaustive) {  // the sweep's check of its fast oracle (see accuracy.h)
      columns.insert(columns.end() - 2, {"oracle_checks", "oracle_disagreements"});
    }
    Table table(columns, 8);
    std::vector<std::string> failed;
    for (const Activation& act : acts) {
      for (Direction direction : directions) {
        AccuracyOptions o;
        o.type = options->type == "f32" ? ElementType::kF32 : ElementType::kF64;
        o.direction = direction;
        o.exhaustive = options->exhaustive;
        o.samples = options->samples;
        AccuracyReport r = MeasureAccuracy(act, o);
        if (options->bound >= 0) r.bound = options->bound;
        std::vector<Table::Cell> row = {r.activation,
                                        ToString(r.type),
                                        ToString(r.direction),
                                        static_cast<std::int64_t>(r.inputs),
                                        r.max_ulp,
                                        r.worst_input,
                                        r.mean_ulp,
                                        static_cast<std::int64_t>(r.nan_mistakes),
                                        static_cast<std::int64_t>(r.inf_mistakes),
                                        static_cast<std::int64_t>(r.flush_mistakes),
                                        static_cast<std::int64_t>(r.zero_sign_mistakes)};
        if (options->exhaustive) {
          row.push_back(static_cast<std::int64_t>(r.oracle_checks));
          row.push_back(static_cast<std::int64_t>(r.oracle_disagreements));
        }
        row.push_back(r.bound);
        row.push_back(std::string(r.Passes() ? "yes" : "no"));
        table.AddRow(std::move(row));
        if (!r.Passes()) failed.push_back(r.activation + " " + std::string(ToString(r.direction)));
      }
    }
    Emit(options->out, Render(table, format));
    if (!failed.empty()) {
      std::string list;
      for (const std::string& f : failed) list += (list.empty() ? "" : ", ") + f;
      throw VerdictFailure("accuracy: " + std::to_string(failed.size()) + " of " +
                           std::to_string(table.rows().size()) + " rows exceed their bound (" +
                           list + ")");
    }
  });
}

}  // namespace

ACTLAB_COMMAND(40, SetupAccuracy);

}  // namespace actlab::cli
