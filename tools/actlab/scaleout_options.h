// The scale-out options the commands with jobs share (train, accuracy, propagate), declared once:
// --shard I/N, --resume, --journal DIR, and the hidden --merge-from DIR that actlab merge passes.
#ifndef ACTLAB_TOOLS_SCALEOUT_OPTIONS_H_
#define ACTLAB_TOOLS_SCALEOUT_OPTIONS_H_

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "actlab/scaleout.h"

namespace actlab::cli {

struct ScaleOutOptions {
  std::string shard;
  bool resume = false;
  std::string journal;
  std::vector<std::string> merge_from;
};

// Adds the options; `journal_help` says where the journal is when --journal is not given.
void AddScaleOutOptions(CLI::App* command, ScaleOutOptions* options,
                        const std::string& journal_help);

// The runner the options (and mpirun, when it started the program) ask for. `default_journal`:
// the journal folder when --journal is not given (empty: none). A bad --shard is a UsageError.
std::unique_ptr<scaleout::Runner> MakeRunner(const ScaleOutOptions& options,
                                             const std::string& default_journal);

// The program's arguments without its name (set by main), recorded in journals for actlab merge.
std::vector<std::string>& ProgramArguments();

}  // namespace actlab::cli

#endif  // ACTLAB_TOOLS_SCALEOUT_OPTIONS_H_
