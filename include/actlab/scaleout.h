// Scale-out: a command's work as a list of jobs (training runs, grid cells, blocks of a sweep) run
// by one of several runners: in this process, as one shard of a job array (--shard I/N, combined
// later by `actlab merge`), or over the ranks of an MPI job (mpirun). Every runner hands back the
// jobs' results as exact text in job order, so that one assembly code writes the same bytes
// whichever ran them. Finished jobs are recorded in a journal folder, one file each, written
// atomically, so that a run killed at any point resumes (--resume) where it stopped.
#ifndef ACTLAB_SCALEOUT_H_
#define ACTLAB_SCALEOUT_H_

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actlab/accuracy.h"
#include "actlab/nn/train.h"
#include "actlab/propagation.h"

namespace actlab::scaleout {

// The jobs of one command line.
struct JobList {
  std::string command;  // "train", "accuracy", "propagate"
  // Everything that decides the results, as text: runs recorded under another fingerprint are
  // never reused or merged.
  std::string fingerprint;
  std::vector<std::string> labels;  // one per job, for messages ("relu seed 0 fold 1")
};

// Computes job `index` and returns its result as exact text (the codecs below).
using JobFunction = std::function<std::string(std::size_t index)>;

// Runs a JobList's jobs.
class Runner {
 public:
  virtual ~Runner() = default;
  // Runs the jobs this process owns. Returns every job's result in job order on the process that
  // writes the output (the only process, or MPI rank 0), nullopt elsewhere (other ranks, shards).
  virtual std::optional<std::vector<std::string>> Run(const JobList& jobs,
                                                      const JobFunction& job) = 0;
  // Whether the command's own per-job progress fits (one process runs every job in order).
  virtual bool Sequential() const { return false; }
};

// How the program asked for its jobs to be run.
struct RunnerOptions {
  // The folder of finished jobs; empty: none (then --resume and --shard are errors).
  std::filesystem::path journal;
  bool resume = false;  // skip the jobs the journal holds
  int shard = 0;        // 1..shards: run only the jobs j with j % shards == shard - 1
  int shards = 0;
  // Journal folders whose jobs together make the whole list (actlab merge): nothing is computed.
  std::vector<std::filesystem::path> merge_from;
  // The command line (without the program's name), recorded in the journal for actlab merge.
  std::vector<std::string> arguments;
};

// Parses "I/N" (1 <= I <= N). Throws std::invalid_argument naming the text.
void ParseShard(std::string_view text, int* shard, int* shards);

// Whether this process was started by mpirun / srun (OMPI_COMM_WORLD_SIZE, PMI_SIZE or
// PMIX_RANK in the environment): the only case in which MPI is loaded at all.
bool LaunchedByMpi();

// The runner the options and the environment ask for: merge, shard, MPI (under mpirun, loading
// the MPI module) or local. Throws std::invalid_argument for contradicting options and IoError
// when mpirun started the program but it was built without MPI.
std::unique_ptr<Runner> MakeRunner(const RunnerOptions& options);

// The journal folder: manifest.json (the command line, the fingerprint and the job labels) and
// job-NNNNNN.txt per finished job. Each file is written to a temporary name and renamed.
class Journal {
 public:
  // Opens `folder` (creating it) for `jobs`. resume: the finished jobs recorded there under the
  // same fingerprint are kept; a manifest under another fingerprint is an error. Not resume: the
  // jobs recorded there are removed.
  Journal(std::filesystem::path folder, const JobList& jobs,
          const std::vector<std::string>& arguments, bool resume);
  // Opens `folder` to read the jobs finished there (actlab merge). Throws IoError when its manifest
  // is missing and std::invalid_argument when it records another computation.
  Journal(std::filesystem::path folder, const JobList& jobs);
  // A finished job's result, or nullopt.
  std::optional<std::string> Finished(std::size_t index) const;
  // Records a finished job (safe to call from several threads for different jobs).
  void Record(std::size_t index, std::string_view result) const;
  const std::filesystem::path& folder() const { return folder_; }

 private:
  // The first lines of job `index`'s file, before its result: "actlab job STAMP INDEX\nLABEL\n".
  std::string Header(std::size_t index) const;
  std::filesystem::path folder_;
  const JobList* jobs_;
  std::string stamp_;  // the fingerprint's hash, first line of every job file
};

// What a journal folder's manifest says.
struct Manifest {
  std::string command;
  std::string fingerprint;
  std::vector<std::string> arguments;
  std::size_t jobs = 0;
};
// Reads `folder`/manifest.json. Throws IoError naming the folder when it is missing or malformed.
Manifest ReadManifest(const std::filesystem::path& folder);

// The arguments a merge runs again: `arguments` without --shard, --resume, --journal and (when
// `out` is not empty) -o/--out, then --merge-from FOLDER for each folder and --out `out`.
std::vector<std::string> MergeArguments(const Manifest& manifest,
                                        const std::vector<std::filesystem::path>& folders,
                                        const std::string& out);

// Exact text of the results (doubles as hexadecimal floating point, so they read back bit for
// bit), for the journal and the messages between ranks.
std::string EncodeRun(const nn::RunResult& run);
nn::RunResult DecodeRun(std::string_view text);
std::string EncodeTallies(const std::vector<AccuracyTally>& tallies);
std::vector<AccuracyTally> DecodeTallies(std::string_view text);
std::string EncodeLayers(const std::vector<LayerRecord>& layers);
std::vector<LayerRecord> DecodeLayers(std::string_view text);

// The runner over MPI's ranks, made by the MPI module (libactlab_mpi); nullptr when the module
// was built without it. Declared here for the module to define.
using MpiRunnerFactory = Runner* (*)(const RunnerOptions* options);
inline constexpr const char* kMpiModule = "libactlab_mpi.so";
inline constexpr const char* kMpiFactory = "actlab_make_mpi_runner";

// Shared by the runners: the journal a runner writes (nullopt without a folder) and the results
// of the jobs it finds there.
std::optional<Journal> OpenJournal(const RunnerOptions& options, const JobList& jobs);
// "[3/12] relu seed 0 fold 1: finished on rank 2 in 4.1 s" on stderr.
void SayDone(const JobList& jobs, std::size_t index, std::size_t finished, const std::string& who,
             double seconds);

}  // namespace actlab::scaleout

#endif  // ACTLAB_SCALEOUT_H_
