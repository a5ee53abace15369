// The runners without MPI (local, shard, merge) and the choice among them.
#include <dlfcn.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "actlab/io.h"
#include "actlab/scaleout.h"
#include "io/module.h"

namespace actlab::scaleout {
namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Every job in order, in this process.
class LocalRunner : public Runner {
 public:
  explicit LocalRunner(RunnerOptions options) : options_(std::move(options)) {}

  std::optional<std::vector<std::string>> Run(const JobList& jobs,
                                              const JobFunction& job) override {
    const std::optional<Journal> journal = OpenJournal(options_, jobs);
    std::vector<std::string> results(jobs.labels.size());
    for (std::size_t i = 0; i < results.size(); ++i) {
      std::optional<std::string> done;
      if (journal && options_.resume) done = journal->Finished(i);
      if (done) {
        results[i] = std::move(*done);
        continue;
      }
      results[i] = job(i);
      if (journal) journal->Record(i, results[i]);
    }
    return results;
  }

  bool Sequential() const override { return true; }

 private:
  RunnerOptions options_;
};

// The jobs j with j % shards == shard - 1, recorded in the journal for actlab merge.
class ShardRunner : public Runner {
 public:
  explicit ShardRunner(RunnerOptions options) : options_(std::move(options)) {}

  std::optional<std::vector<std::string>> Run(const JobList& jobs,
                                              const JobFunction& job) override {
    const std::optional<Journal> journal = OpenJournal(options_, jobs);
    const std::string who =
        "shard " + std::to_string(options_.shard) + "/" + std::to_string(options_.shards);
    std::size_t mine = 0, finished = 0;
    for (std::size_t i = static_cast<std::size_t>(options_.shard - 1); i < jobs.labels.size();
         i += static_cast<std::size_t>(options_.shards)) {
      ++mine;
      if (options_.resume && journal->Finished(i)) continue;
      const auto start = std::chrono::steady_clock::now();
      journal->Record(i, job(i));
      SayDone(jobs, i, ++finished, who, SecondsSince(start));
    }
    std::fprintf(stderr,
                 "%s: %zu of %zu jobs recorded in '%s'; 'actlab merge' combines the shards\n",
                 who.c_str(), mine, jobs.labels.size(), journal->folder().c_str());
    return std::nullopt;
  }

 private:
  RunnerOptions options_;
};

// Nothing computed: every job's result from the journal folders of the shards.
class MergeRunner : public Runner {
 public:
  explicit MergeRunner(RunnerOptions options) : options_(std::move(options)) {}

  std::optional<std::vector<std::string>> Run(const JobList& jobs, const JobFunction&) override {
    std::vector<Journal> journals;
    journals.reserve(options_.merge_from.size());
    for (const auto& folder : options_.merge_from) journals.emplace_back(folder, jobs);
    std::vector<std::string> results(jobs.labels.size());
    std::string missing;
    std::size_t missing_count = 0;
    for (std::size_t i = 0; i < results.size(); ++i) {
      std::optional<std::string> found;
      for (const Journal& journal : journals) {
        if ((found = journal.Finished(i))) break;
      }
      if (found) {
        results[i] = std::move(*found);
      } else if (++missing_count <= 5) {
        missing += (missing.empty() ? "" : ", ") + std::string("job ") + std::to_string(i) + " (" +
                   jobs.labels[i] + ")";
      }
    }
    if (missing_count > 0) {
      throw IoError(
          "merge: " + std::to_string(missing_count) + " of " + std::to_string(results.size()) +
          " jobs are in none of the folders: " + missing + (missing_count > 5 ? ", ..." : "") +
          "; finish the shards that hold them (--resume)");
    }
    return results;
  }

 private:
  RunnerOptions options_;
};

}  // namespace

bool LaunchedByMpi() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMI_SIZE") != nullptr ||
         std::getenv("PMIX_RANK") != nullptr;
}

std::optional<Journal> OpenJournal(const RunnerOptions& options, const JobList& jobs) {
  if (options.journal.empty()) return std::nullopt;
  return std::optional<Journal>(std::in_place, options.journal, jobs, options.arguments,
                                options.resume);
}

void SayDone(const JobList& jobs, std::size_t index, std::size_t finished, const std::string& who,
             double seconds) {
  std::fprintf(stderr, "[%zu/%zu] %s: finished on %s in %.2f s\n", finished, jobs.labels.size(),
               jobs.labels[index].c_str(), who.c_str(), seconds);
}

std::unique_ptr<Runner> MakeRunner(const RunnerOptions& options) {
  if (!options.merge_from.empty()) return std::make_unique<MergeRunner>(options);
  if (options.shards > 0 && options.journal.empty()) {
    throw std::invalid_argument(
        "--shard records its jobs for actlab merge: give the folder (--journal DIR, or --out DIR "
        "for train)");
  }
  if (options.resume && options.journal.empty()) {
    throw std::invalid_argument(
        "--resume reads the finished jobs from a journal folder: give it (--journal DIR, or --out "
        "DIR for train)");
  }
  if (LaunchedByMpi()) {
    if (options.shards > 0) {
      throw std::invalid_argument("--shard splits the work without MPI: drop it under mpirun");
    }
    // Loaded only here, so that a program started without mpirun never loads MPI. RTLD_GLOBAL:
    // Open MPI's own plugins look for libmpi's symbols there.
    std::string reason;
    const auto factory = reinterpret_cast<MpiRunnerFactory>(
        ModuleEntry(kMpiModule, kMpiFactory, RTLD_NOW | RTLD_GLOBAL, &reason));
    if (!factory) {
      throw IoError(
          "mpirun started this program, but its MPI module cannot be loaded (built "
          "without MPI? install libopenmpi-dev and rebuild): " +
          reason);
    }
    return std::unique_ptr<Runner>(factory(&options));
  }
  if (options.shards > 0) return std::make_unique<ShardRunner>(options);
  return std::make_unique<LocalRunner>(options);
}

}  // namespace actlab::scaleout
