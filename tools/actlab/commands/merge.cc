// actlab merge: combines the journal folders of --shard runs into the output one run writes, by
// running the recorded command line again with its jobs' results read from the folders.
#include <algorithm>
#include <filesystem>

#include "actlab/scaleout.h"
#include "commands.h"

namespace actlab::cli {
namespace {

void SetupMerge(CLI::App& program) {
  struct Options {
    std::vector<std::string> folders;
    std::string out;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = program.add_subcommand(
      "merge", "Combine the journals of --shard runs into the output of one run (same bytes)");
  command->footer(
      "Each folder is a journal: --journal DIR of accuracy and propagate, DIR/jobs of train --out "
      "DIR\n"
      "(a train --out folder is taken for its jobs folder). The recorded command line runs "
      "again\n"
      "with every job read from the folders; run merge from the folder the shards ran in.\n"
      "Example: actlab train --act relu --act elu --folds 5 --shard 2/4 --out runs   (x4)\n"
      "         actlab merge runs\n"
      "         actlab accuracy --exhaustive --journal parts/3 --shard 3/8 -o acc.csv   (x8)\n"
      "         actlab merge parts/* -o acc.csv");
  command->add_option("folders", options->folders, "Journal folders of the shards")->required();
  AddOutOption(command, &options->out,
               "Write the output here instead of where the recorded command line wrote it");
  command->callback([options] {
    std::vector<std::filesystem::path> folders;
    for (const std::string& folder : options->folders) {
      const std::filesystem::path jobs = std::filesystem::path(folder) / "jobs";
      folders.push_back(
          std::filesystem::exists(jobs / "manifest.json") ? jobs : std::filesystem::path(folder));
    }
    // The first folder's command line runs again; each folder's journal then checks that it
    // records the same computation.
    const scaleout::Manifest manifest = scaleout::ReadManifest(folders.front());
    std::vector<std::string> arguments = scaleout::MergeArguments(manifest, folders, options->out);
    if (arguments.empty() || arguments.front() != manifest.command) {
      throw UsageError("merge: '" + folders.front().string() + "' does not record an 'actlab " +
                       manifest.command + "' command line");
    }
    CLI::App again{"actlab", "actlab"};
    again.require_subcommand(1);
    for (Setup setup : RegisteredCommands()) setup(again);
    std::reverse(arguments.begin(), arguments.end());  // CLI11 takes them last first
    again.parse(arguments);
  });
}

}  // namespace

ACTLAB_COMMAND(110, SetupMerge);

}  // namespace actlab::cli
