// The results of training runs as tables and files: the ranked summary beside the tutorial's
// ranking, metrics.csv, and results.json (written and read back).
#ifndef ACTLAB_NN_RESULTS_H_
#define ACTLAB_NN_RESULTS_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "actlab/io.h"
#include "actlab/nn/train.h"

namespace actlab::nn {

// One row per activation, best first: rank, runs, validation and test mean +- std, seconds per
// epoch, the places the tutorial's advice gives it (tutorial_rank_min..max: a tier shared by two
// activations spans two places; empty for activations the tutorial does not rank) and whether the
// measured rank falls among them.
Table SummaryTable(const std::vector<Summary>& ranked);

// metrics.csv: one row per activation, seed, fold and epoch; header
// activation,seed,fold,epoch,train_loss,train_accuracy,val_accuracy,test_accuracy,seconds.
std::string MetricsCsv(const std::vector<RunResult>& runs);

// results.json: the protocol, every run with its epochs, the summary and the tutorial agreement.
// Non-finite numbers (a diverged run's NaN loss) are the strings "nan", "inf", "-inf".
std::string ResultsJson(const TrainConfig& config, const std::string& data_dir, int threads,
                        const std::vector<RunResult>& runs, const std::vector<Summary>& ranked,
                        const Agreement& agreement);

// Reads the runs back from a results.json and the protocol it states ("nan", "inf", "-inf" and
// null read as non-finite numbers). Throws IoError naming the file and the operating system's
// reason when it cannot be read, std::invalid_argument naming the problem when it is malformed.
std::vector<RunResult> ReadResultsJson(const std::filesystem::path& path, TrainConfig* protocol);
// The same for the text of a results.json; `name` is used in messages.
std::vector<RunResult> ParseResultsJson(std::string_view text, const std::string& name,
                                        TrainConfig* protocol);

}  // namespace actlab::nn

#endif  // ACTLAB_NN_RESULTS_H_
