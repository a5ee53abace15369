// The runner over MPI's ranks, built as its own module (libactlab_mpi.so) and loaded only when
// mpirun started the program, so that the program never loads MPI otherwise.
//
// Rank 0 leads: it holds the queue of unfinished jobs, hands the next one to whichever rank asks
// (so a slow job never idles the others), records every result in the journal as it arrives and
// returns them all in job order. It runs jobs itself on a second thread; only its main thread
// calls MPI (MPI_THREAD_FUNNELED). The other ranks ask, run, send the result and ask again.
#include <mpi.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "actlab/parallel.h"
#include "actlab/scaleout.h"

namespace actlab::scaleout {
namespace {

enum Tag : int { kReady = 1, kResult = 2, kFailed = 3, kAssign = 4, kStop = 5 };

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void Send(const std::string& message, int rank, int tag) {
  MPI_Send(message.data(), static_cast<int>(message.size()), MPI_CHAR, rank, tag, MPI_COMM_WORLD);
}

// Receives the next message from `source` (MPI_ANY_SOURCE: anyone); sets *rank and *tag.
std::string Receive(int source, int* rank, int* tag) {
  MPI_Status status;
  MPI_Probe(source, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
  int bytes = 0;
  MPI_Get_count(&status, MPI_CHAR, &bytes);
  std::string message(static_cast<std::size_t>(bytes), '\0');
  MPI_Recv(message.data(), bytes, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
           MPI_STATUS_IGNORE);
  *rank = status.MPI_SOURCE;
  *tag = status.MPI_TAG;
  return message;
}

// What rank 0 says when mpirun stops it because a rank died: the jobs that were running where.
// Prepared in advance (two buffers, the current one chosen atomically), because a signal handler
// may only write.
char stop_message[2][8192];
std::atomic<int> stop_current{0};
struct sigaction previous_term;

void SayStopped(int signal) {
  const char* text = stop_message[stop_current.load()];
  if (write(STDERR_FILENO, text, std::strlen(text)) < 0) {
    // Nothing more to do: the process is stopping.
  }
  sigaction(signal, &previous_term, nullptr);
  raise(signal);
}

class MpiRunner : public Runner {
 public:
  explicit MpiRunner(RunnerOptions options) : options_(std::move(options)) {
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    // The node's cores are shared among its ranks (mpirun may also have bound each to fewer).
    MPI_Comm node;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
    int node_ranks = 1;
    MPI_Comm_size(node, &node_ranks);
    MPI_Comm_free(&node);
    cpu_set_t cpus;
    const int bound = sched_getaffinity(0, sizeof cpus, &cpus) == 0 ? CPU_COUNT(&cpus) : 1 << 20;
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    SetNumThreads(std::max(1, std::min({NumThreads(), bound, cores / node_ranks})));
  }
  ~MpiRunner() override {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (!finalized) MPI_Finalize();
  }
  MpiRunner(const MpiRunner&) = delete;
  MpiRunner& operator=(const MpiRunner&) = delete;

  std::optional<std::vector<std::string>> Run(const JobList& jobs,
                                              const JobFunction& job) override {
    if (rank_ != 0) {
      Follow(job);
      return std::nullopt;
    }
    return Lead(jobs, job);
  }

 private:
  // A rank other than 0: ask, run, answer with the result, until told to stop.
  void Follow(const JobFunction& job) const {
    Send("", 0, kReady);
    for (;;) {
      int rank = 0, tag = 0;
      const std::string message = Receive(0, &rank, &tag);
      if (tag == kStop) return;
      const std::size_t index = std::stoull(message);
      const auto start = std::chrono::steady_clock::now();
      std::string result;
      try {
        result = job(index);
      } catch (const std::exception& e) {
        Send(std::to_string(index) + "\n" + e.what(), 0, kFailed);
        Receive(0, &rank, &tag);  // the stop: rank 0 hands out no more jobs after a failure
        return;
      }
      char head[64];
      std::snprintf(head, sizeof head, "%zu %a\n", index, SecondsSince(start));
      Send(head + result, 0, kResult);
    }
  }

  std::optional<std::vector<std::string>> Lead(const JobList& jobs, const JobFunction& job) {
    const std::optional<Journal> journal = OpenJournal(options_, jobs);
    const std::size_t total = jobs.labels.size();
    std::vector<std::string> results(total);
    std::deque<std::size_t> pending;
    for (std::size_t i = 0; i < total; ++i) {
      std::optional<std::string> done;
      if (journal && options_.resume) done = journal->Finished(i);
      if (done) {
        results[i] = std::move(*done);
      } else {
        pending.push_back(i);
      }
    }
    running_.assign(static_cast<std::size_t>(size_), kNone);
    std::mutex mutex;  // pending, running_, finished, failure, the journal's messages
    std::size_t finished = 0;
    std::string failure;
    const auto finish = [&](std::size_t index, int rank, std::string result, double seconds) {
      if (journal) journal->Record(index, result);
      std::lock_guard lock(mutex);
      results[index] = std::move(result);
      running_[static_cast<std::size_t>(rank)] = kNone;
      SayDone(jobs, index, ++finished, "rank " + std::to_string(rank), seconds);
      PrepareStopMessage(jobs, journal);
    };
    const auto next = [&](int rank) -> std::optional<std::size_t> {
      std::lock_guard lock(mutex);
      if (pending.empty() || !failure.empty()) return std::nullopt;
      const std::size_t index = pending.front();
      pending.pop_front();
      running_[static_cast<std::size_t>(rank)] = index;
      PrepareStopMessage(jobs, journal);
      return index;
    };
    const auto fail = [&](int rank, std::size_t index, const std::string& what) {
      std::lock_guard lock(mutex);
      if (failure.empty())
        failure = "rank " + std::to_string(rank) + " failed on job " + std::to_string(index) +
                  " (" + jobs.labels[index] + "): " + what;
    };
    PrepareStopMessage(jobs, journal);
    struct sigaction action {};
    action.sa_handler = SayStopped;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, &previous_term);

    std::thread local([&] {
      while (const std::optional<std::size_t> index = next(0)) {
        const auto start = std::chrono::steady_clock::now();
        try {
          std::string result = job(*index);
          finish(*index, 0, std::move(result), SecondsSince(start));
        } catch (const std::exception& e) {
          fail(0, *index, e.what());
          return;
        }
      }
    });
    // After a failure no job is handed out: the jobs running finish (and are recorded), every
    // rank is told to stop, and the run fails naming the rank and the job.
    int asking = size_ - 1;  // ranks not yet told to stop
    while (asking > 0) {
      int flag = 0;
      MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
      if (!flag) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        continue;
      }
      int rank = 0, tag = 0;
      const std::string message = Receive(MPI_ANY_SOURCE, &rank, &tag);
      if (tag == kFailed) {
        const std::size_t newline = message.find('\n');
        fail(rank, std::stoull(message), message.substr(newline + 1));
      }
      if (tag == kResult) {
        const std::size_t newline = message.find('\n');
        char* end = nullptr;
        const std::size_t index = std::strtoull(message.c_str(), &end, 10);
        const double seconds = std::strtod(end, nullptr);
        finish(index, rank, message.substr(newline + 1), seconds);
      }
      if (const std::optional<std::size_t> index = next(rank)) {
        Send(std::to_string(*index), rank, kAssign);
      } else {
        Send("", rank, kStop);
        --asking;
      }
    }
    local.join();
    sigaction(SIGTERM, &previous_term, nullptr);
    if (!failure.empty()) {
      throw std::runtime_error(failure + "; " + std::to_string(finished) + " finished jobs " +
                               (journal ? "are recorded in '" + journal->folder().string() +
                                              "' (--resume continues from them)"
                                        : std::string("are lost (no journal folder)")));
    }
    return results;
  }

  // Called with the lock held whenever a job starts or finishes.
  void PrepareStopMessage(const JobList& jobs, const std::optional<Journal>& journal) {
    std::string text = "actlab: error: mpirun stopped the run (a rank died; mpirun names it) while";
    bool any = false;
    for (std::size_t r = 0; r < running_.size(); ++r) {
      if (running_[r] == kNone) continue;
      text += std::string(any ? "," : "") + " rank " + std::to_string(r) + " ran job " +
              std::to_string(running_[r]) + " (" + jobs.labels[running_[r]] + ")";
      any = true;
    }
    if (!any) text += " no job was running";
    text += journal ? "; the finished jobs are recorded in '" + journal->folder().string() +
                          "' (--resume continues from them)\n"
                    : "; no journal folder: the finished jobs are lost\n";
    const int spare = 1 - stop_current.load();
    std::snprintf(stop_message[spare], sizeof stop_message[spare], "%s", text.c_str());
    stop_current.store(spare);
  }

  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  RunnerOptions options_;
  int rank_ = 0, size_ = 1;
  std::vector<std::size_t> running_;  // the job each rank runs (rank 0: its second thread)
};

}  // namespace
}  // namespace actlab::scaleout

extern "C" actlab::scaleout::Runner* actlab_make_mpi_runner(
    const actlab::scaleout::RunnerOptions* options) {
  return new actlab::scaleout::MpiRunner(*options);
}
