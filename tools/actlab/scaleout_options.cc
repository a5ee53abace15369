// The scale-out options, declared once for every command that runs jobs.
#include "scaleout_options.h"

#include "commands.h"

namespace actlab::cli {

std::vector<std::string>& ProgramArguments() {
  static std::vector<std::string> arguments;
  return arguments;
}

void AddScaleOutOptions(CLI::App* command, ScaleOutOptions* options,
                        const std::string& journal_help) {
  command->add_option("--shard", options->shard,
                      "Run only slice I of N of the jobs (I/N, 1 <= I <= N) and record them in "
                      "the journal; 'actlab merge' combines the slices");
  command->add_flag("--resume", options->resume,
                    "Skip the jobs the journal records as finished (same options as before)");
  command->add_option("--journal", options->journal, journal_help);
  command->add_option("--merge-from", options->merge_from)->group("");  // actlab merge's
}

std::unique_ptr<scaleout::Runner> MakeRunner(const ScaleOutOptions& options,
                                             const std::string& default_journal) {
  scaleout::RunnerOptions runner;
  if (!options.shard.empty()) {
    try {
      scaleout::ParseShard(options.shard, &runner.shard, &runner.shards);
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
  }
  runner.journal = options.journal.empty() ? default_journal : options.journal;
  runner.resume = options.resume;
  runner.merge_from.assign(options.merge_from.begin(), options.merge_from.end());
  runner.arguments = ProgramArguments();
  return scaleout::MakeRunner(runner);
}

}  // namespace actlab::cli
