// actlab accuracy: how far the array kernels are from the extended-precision oracle, in ulp.
#include "actlab/accuracy.h"

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "actlab/kernels.h"
#include "actlab/scaleout.h"
#include "commands.h"
#include "progress.h"
#include "scaleout_options.h"

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
    std::uint64_t first_pattern = 0;
    std::uint64_t pattern_count = std::uint64_t{1} << 32;
    std::uint64_t sweep_block = std::uint64_t{1} << 26;
    ScaleOutOptions scaleout;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = program.add_subcommand(
      "accuracy", "Measure the kernels' error in ulp against the extended-precision oracle");
  command->footer(
      "Exit status 1 when a row exceeds its bound (the table is written first).\n"
      "Example: actlab accuracy --act sigmoid --act gelu:approximate=tanh --direction bwd\n"
      "         actlab accuracy --act tanh --exhaustive --format csv\n"
      "         mpirun -np 64 actlab accuracy --exhaustive --journal sweeps -o exhaustive.csv\n"
      "The exhaustive sweep of each entry and direction is split into jobs of --sweep-block bit\n"
      "patterns (run by the ranks of mpirun, or by --shard I/N and 'actlab merge'); the results\n"
      "are the same for any split (docs/scale-out.md).");
  command->add_option("--act", options->acts, "Activation spec (repeatable; default: every entry)");
  command->add_option("--type", options->type, "Element type")
      ->check(CLI::IsMember({"f32", "f64"}));
  command->add_option("--direction", options->directions, "fwd, bwd (repeatable; default both)")
      ->check(CLI::IsMember({"fwd", "bwd"}));
  command->add_flag("--exhaustive", options->exhaustive, "f32: every one of the 2^32 bit patterns");
  AddNumberOption(command, "--samples", &options->samples, {.min = 1, .max = 1 << 30},
                  "Stratified sample size (and as many uniform points in [-40, 40])");
  AddNumberOption(command, "--first-pattern", &options->first_pattern, {.min = 0, .max = 0x1p32},
                  "Exhaustive: the first bit pattern swept (a multiple of 4096)");
  AddNumberOption(command, "--pattern-count", &options->pattern_count, {.min = 4096, .max = 0x1p32},
                  "Exhaustive: how many bit patterns are swept (a multiple of 4096)")
      ->capture_default_str();
  AddNumberOption(command, "--sweep-block", &options->sweep_block,
                  {.min = static_cast<double>(kSweepGroup), .max = 0x1p32},
                  "Exhaustive: bit patterns per job (a multiple of 2^20)")
      ->capture_default_str();
  AddNumberOption(command, "--bound", &options->bound, {.min = 0, .max = 1e30},
                  "Judge every row against this many ulp instead of the catalogue's bound");
  AddThreadsOption(command, &options->threads, "Threads (default: ACTLAB_NUM_THREADS or all)");
  AddFormatOption(command, &options->format);
  AddQuietOption(command);
  AddOutOption(command, &options->out);
  AddScaleOutOptions(command, &options->scaleout,
                     "Journal folder of finished jobs (default: none)");
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
    if (options->sweep_block % kSweepGroup != 0) {
      throw UsageError("accuracy: --sweep-block " + std::to_string(options->sweep_block) +
                       " is not a multiple of 2^20 (1048576)");
    }
    // The rows, each one job or (exhaustive) one job per block of bit patterns.
    struct Row {
      Activation act;
      AccuracyOptions options;
      std::size_t first_job = 0, jobs = 0;
    };
    struct Job {
      std::size_t row = 0;
      AccuracyOptions options;
    };
    std::vector<Row> rows;
    std::vector<Job> job_list;
    scaleout::JobList jobs;
    jobs.command = "accuracy";
    for (const Activation& act : acts) {
      for (Direction direction : directions) {
        Row& row = rows.emplace_back(Row{act, {}, job_list.size(), 0});
        const std::size_t row_index = rows.size() - 1;
        AccuracyOptions& o = row.options;
        o.type = options->type == "f32" ? ElementType::kF32 : ElementType::kF64;
        o.direction = direction;
        o.exhaustive = options->exhaustive;
        o.samples = options->samples;
        const std::string name = act.ToString() + " " + std::string(ToString(direction));
        if (!o.exhaustive) {
          job_list.push_back({row_index, o});
          jobs.labels.push_back(name);
          row.jobs = 1;
          continue;
        }
        o.first_pattern = options->first_pattern;
        o.pattern_count = options->pattern_count;
        for (std::uint64_t begin = 0; begin < o.pattern_count; begin += options->sweep_block) {
          AccuracyOptions block = o;
          block.first_pattern = o.first_pattern + begin;
          block.pattern_count = std::min(options->sweep_block, o.pattern_count - begin);
          job_list.push_back({row_index, block});
          jobs.labels.push_back(name + " patterns " + std::to_string(block.first_pattern) + "+" +
                                std::to_string(block.pattern_count));
          ++row.jobs;
        }
      }
    }
    jobs.fingerprint = nlohmann::json{
        {"type", options->type},
        {"exhaustive", options->exhaustive},
        {"samples", options->samples},
        {"kernel_target", KernelTarget()},
        {"jobs",
         jobs.labels}}.dump();
    const auto runner = MakeRunner(options->scaleout, "");
    ProgressBar bar("accuracy", runner->Sequential() ? job_list.size() : 0);
    const auto results = runner->Run(jobs, [&](std::size_t index) {
      const Job& job = job_list[index];
      if (runner->Sequential()) bar.Next(jobs.labels[index]);
      return scaleout::EncodeTallies(MeasureAccuracyParts(rows[job.row].act, job.options));
    });
    bar.Finish();
    if (!results) return;  // a shard or an MPI rank other than 0: nothing to write

    Table table(columns, 8);
    std::vector<std::string> failed;
    for (const Row& row : rows) {
      std::vector<AccuracyTally> parts;
      for (std::size_t j = row.first_job; j < row.first_job + row.jobs; ++j) {
        const std::vector<AccuracyTally> more = scaleout::DecodeTallies((*results)[j]);
        parts.insert(parts.end(), more.begin(), more.end());
      }
      AccuracyReport r = CombineAccuracyParts(row.act, row.options, parts);
      if (options->bound >= 0) r.bound = options->bound;
      std::vector<Table::Cell> cells = {r.activation,
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
        cells.push_back(static_cast<std::int64_t>(r.oracle_checks));
        cells.push_back(static_cast<std::int64_t>(r.oracle_disagreements));
      }
      cells.push_back(r.bound);
      cells.push_back(r.Passes());
      table.AddRow(std::move(cells));
      if (!r.Passes()) failed.push_back(r.activation + " " + std::string(ToString(r.direction)));
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
