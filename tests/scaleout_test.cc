// Scale-out: the exact codecs, the journal, and the commands run as shards and merged, killed and
// resumed, and over mpirun with 2 and 3 ranks: every form gives the bytes of one process (the
// timings aside).
#include "actlab/scaleout.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <thread>

#include "actlab/io.h"
#include "support/run_program.h"
#include "support/synthetic_images.h"

namespace actlab::scaleout {
namespace {

namespace fs = std::filesystem;
using testing::ProgramResult;
using testing::RunActlab;

// This process's folder: CTest runs the tests of this file as parallel processes, and each makes
// its own data and reference outputs. Removed when the process's tests end.
fs::path TempRoot() {
  return fs::temp_directory_path() / ("actlab_scaleout_test_" + std::to_string(::getpid()));
}

class RemoveTempRoot : public ::testing::Environment {
 public:
  void TearDown() override { fs::remove_all(TempRoot()); }
};
[[maybe_unused]] ::testing::Environment* const kRemoveTempRoot =
    ::testing::AddGlobalTestEnvironment(new RemoveTempRoot);

// A fresh folder in this process's.
fs::path TempDir(const std::string& name) {
  const fs::path dir = TempRoot() / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// A file's content ("" when it is missing).
std::string Contents(const fs::path& path) { return actlab::ReadFile(path).value_or(""); }

// The text without what varies from run to run: JSON members named *seconds* (one per line) and
// metrics.csv's last column (seconds).
std::string WithoutTimings(const std::string& text) {
  const bool csv = text.rfind("activation,seed,fold,epoch", 0) == 0;
  std::istringstream lines(text);
  std::string line, kept;
  while (std::getline(lines, line)) {
    if (csv) {
      kept += line.substr(0, line.rfind(',')) + "\n";
      continue;
    }
    const std::size_t quote = line.find_first_not_of(' ');
    const std::size_t colon = line.find("\": ");
    const bool timing = quote != std::string::npos && line[quote] == '"' &&
                        colon != std::string::npos &&
                        line.substr(quote, colon - quote).find("seconds") != std::string::npos;
    if (!timing) kept += line + "\n";
  }
  return kept;
}

// A small MNIST-format folder (4x4 images, 600 training and 200 test images): training jobs of a
// fraction of a second.
fs::path SyntheticDataDir() {
  const fs::path dir = TempRoot() / "data";
  if (fs::exists(dir / "t10k-labels-idx1-ubyte")) return dir;
  fs::create_directories(dir);
  const nn::MnistData data = testing::SyntheticData();
  const auto write = [&](const std::string& prefix, const nn::LabelledImages& set) {
    const auto be32 = [](std::ofstream& out, std::uint32_t v) {
      const char bytes[] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                            static_cast<char>(v >> 8), static_cast<char>(v)};
      out.write(bytes, 4);
    };
    std::ofstream images(dir / (prefix + "-images-idx3-ubyte"), std::ios::binary);
    be32(images, 0x803);
    be32(images, static_cast<std::uint32_t>(set.images.count));
    be32(images, static_cast<std::uint32_t>(set.images.rows));
    be32(images, static_cast<std::uint32_t>(set.images.cols));
    images.write(reinterpret_cast<const char*>(set.images.pixels.data()),
                 static_cast<std::streamsize>(set.images.pixels.size()));
    std::ofstream labels(dir / (prefix + "-labels-idx1-ubyte"), std::ios::binary);
    be32(labels, 0x801);
    be32(labels, static_cast<std::uint32_t>(set.images.count));
    labels.write(reinterpret_cast<const char*>(set.labels.data()),
                 static_cast<std::streamsize>(set.labels.size()));
  };
  write("train", data.train);
  write("t10k", data.test);
  return dir;
}

// A training grid of 2 activations x 2 seeds x 3 folds = 12 runs.
std::vector<std::string> TrainGrid(const fs::path& out) {
  return {"train",
          "--act",
          "relu",
          "--act",
          "selu",
          "--seeds",
          "0,1",
          "--folds",
          "3",
          "--epochs",
          "2",
          "--hidden",
          "16,16",
          "--batch",
          "32",
          "--threads",
          "2",
          "--data",
          SyntheticDataDir().string(),
          "--out",
          out.string()};
}

// The first 2^22 bit patterns of two entries in both directions, in jobs of 2^20.
std::vector<std::string> SweepSlice(const fs::path& out) {
  return {"accuracy",        "--act",         "tanh",
          "--act",           "elu",           "--exhaustive",
          "--first-pattern", "1065353216",    "--pattern-count",
          "4194304",         "--sweep-block", "1048576",
          "--format",        "csv",           "-o",
          out.string()};
}

std::vector<std::string> PropagationGrid(const fs::path& out) {
  return {"propagate", "--act",    "selu",    "--act", "relu",      "--init", "lecun,he",
          "--width",   "20,40",    "--depth", "10",    "--batch",   "50",     "--seed",
          "0,1",       "--format", "csv",     "-o",    out.string()};
}

// The arguments with options set: a value replaces the option's value where it is given, or is
// added ("--resume" alone: a flag).
std::vector<std::string> With(std::vector<std::string> args,
                              std::initializer_list<std::string> more) {
  for (auto it = more.begin(); it != more.end(); ++it) {
    const bool flag = std::next(it) == more.end() || std::next(it)->rfind("--", 0) == 0;
    const auto given = std::find(args.begin(), args.end(), *it);
    if (flag) {
      if (given == args.end()) args.push_back(*it);
      continue;
    }
    if (given != args.end()) {
      *std::next(given) = *std::next(it);
    } else {
      args.push_back(*it);
      args.push_back(*std::next(it));
    }
    ++it;
  }
  return args;
}

ProgramResult MustRun(const std::vector<std::string>& args) {
  ProgramResult result = RunActlab(args);
  EXPECT_EQ(result.status, 0) << result.err;
  return result;
}

TEST(Codecs, RoundTripEveryBit) {
  const double specials[] = {0.1,
                             -0.0,
                             std::numeric_limits<double>::denorm_min(),
                             std::numeric_limits<double>::infinity(),
                             -std::numeric_limits<double>::max(),
                             1.0 / 3};
  nn::RunResult run;
  run.activation = "elu:alpha=0.5";
  run.seed = 7;
  run.fold = 2;
  run.input_mean = 0.2860402;
  run.layers = {"Dense(16 -> 10)"};
  for (const double v : specials) {
    nn::EpochMetrics& e = run.epochs.emplace_back();
    e.train_loss = v;
    e.val_accuracy = -v;
    run.gradient_norm_first_step.push_back(v);
  }
  const nn::RunResult back = DecodeRun(EncodeRun(run));
  EXPECT_EQ(EncodeRun(back), EncodeRun(run));
  ASSERT_EQ(back.epochs.size(), std::size(specials));
  EXPECT_TRUE(std::signbit(back.epochs[1].train_loss));
  EXPECT_EQ(back.epochs[5].train_loss, 1.0 / 3);

  AccuracyTally tally;
  tally.max_ulp = 0.50000000000000011;
  tally.worst_input = -1e-40;
  tally.sum_ulp = 12345.678;
  tally.seen = std::uint64_t{1} << 40;
  const std::vector<AccuracyTally> tallies = DecodeTallies(EncodeTallies({tally, {}}));
  EXPECT_EQ(EncodeTallies(tallies), EncodeTallies({tally, {}}));

  LayerRecord layer;
  layer.grad_rms = std::nan("");
  layer.mean = -0.0;
  const std::vector<LayerRecord> layers = DecodeLayers(EncodeLayers({layer}));
  EXPECT_TRUE(std::isnan(layers[0].grad_rms));
  EXPECT_TRUE(std::signbit(layers[0].mean));
  EXPECT_THROW(DecodeRun("{\"activation\": 1}"), std::invalid_argument);
}

TEST(Journal, RecordsJobsUnderItsFingerprintOnly) {
  const fs::path dir = TempDir("journal");
  JobList jobs{"propagate", "fingerprint A", {"job zero", "job one"}};
  {
    const Journal journal(dir, jobs, {"propagate", "--act", "selu"}, false);
    EXPECT_FALSE(journal.Finished(0));
    journal.Record(1, "result\nof one");
    EXPECT_EQ(journal.Finished(1), "result\nof one");
  }
  const Manifest manifest = ReadManifest(dir);
  EXPECT_EQ(manifest.command, "propagate");
  EXPECT_EQ(manifest.jobs, 2u);
  EXPECT_EQ(Journal(dir, jobs).Finished(1), "result\nof one");

  JobList other = jobs;
  other.fingerprint = "fingerprint B";
  EXPECT_THROW(Journal(dir, other, {}, true), std::invalid_argument);  // --resume: refused
  const Journal fresh(dir, other, {}, false);  // a new computation: the old job does not count
  EXPECT_FALSE(fresh.Finished(1));
  fs::remove_all(dir);
}

TEST(Journal, MergeRunsTheRecordedCommandLineAgain) {
  Manifest manifest;
  manifest.arguments = {"accuracy", "--shard", "2/3",   "--resume", "--journal=parts/2",
                        "-o",       "a.csv",   "--act", "elu"};
  EXPECT_EQ(MergeArguments(manifest, {"p1", "p2"}, ""),
            (std::vector<std::string>{"accuracy", "-o", "a.csv", "--act", "elu", "--merge-from",
                                      "p1", "--merge-from", "p2"}));
  EXPECT_EQ(MergeArguments(manifest, {"p1"}, "b.csv"),
            (std::vector<std::string>{"accuracy", "--act", "elu", "--merge-from", "p1", "--out",
                                      "b.csv"}));
  int shard = 0, shards = 0;
  ParseShard("3/8", &shard, &shards);
  EXPECT_EQ(shard, 3);
  EXPECT_EQ(shards, 8);
  for (const char* bad : {"0/2", "3/2", "1", "a/b", "1/0", "1.5/2"}) {
    EXPECT_THROW(ParseShard(bad, &shard, &shards), std::invalid_argument) << bad;
  }
}

// The single-process outputs the other forms are compared with, made once.
struct Reference {
  std::string results_json, metrics_csv, sweep_csv, grid_csv;
};

const Reference& SingleProcess() {
  static const Reference reference = [] {
    Reference r;
    const fs::path dir = TempDir("reference");
    MustRun(TrainGrid(dir / "train"));
    r.results_json = WithoutTimings(Contents(dir / "train" / "results.json"));
    r.metrics_csv = WithoutTimings(Contents(dir / "train" / "metrics.csv"));
    MustRun(SweepSlice(dir / "sweep.csv"));
    r.sweep_csv = Contents(dir / "sweep.csv");
    MustRun(PropagationGrid(dir / "grid.csv"));
    r.grid_csv = Contents(dir / "grid.csv");
    return r;
  }();
  return reference;
}

TEST(Reference, OneProcessGivesTheSameResultsWithOtherThreadCountsAndBlocks) {
  const Reference& reference = SingleProcess();
  EXPECT_NE(reference.results_json.find("\"fold\": 2"), std::string::npos);
  EXPECT_EQ(std::count(reference.grid_csv.begin(), reference.grid_csv.end(), '\n'), 1 + 16);
  const fs::path dir = TempDir("threads");
  MustRun(With(SweepSlice(dir / "sweep.csv"), {"--threads", "1", "--sweep-block", "2097152"}));
  EXPECT_EQ(Contents(dir / "sweep.csv"), reference.sweep_csv);
  MustRun(With(PropagationGrid(dir / "grid.csv"), {"--threads", "1"}));
  EXPECT_EQ(Contents(dir / "grid.csv"), reference.grid_csv);
  fs::remove_all(dir);
}

TEST(ShardAndMerge, ThreeShardsMergedGiveTheBytesOfOneRun) {
  const Reference& reference = SingleProcess();
  const fs::path dir = TempDir("shards");
  std::vector<std::string> merge_train = {"merge"}, merge_sweep = {"merge"}, merge_grid = {"merge"};
  for (int shard = 1; shard <= 3; ++shard) {
    const std::string slice = std::to_string(shard) + "/3";
    const fs::path part = dir / ("part" + std::to_string(shard));
    const ProgramResult result = MustRun(With(TrainGrid(part), {"--shard", slice}));
    EXPECT_FALSE(fs::exists(part / "results.json"));  // a shard writes its jobs only
    EXPECT_NE(result.err.find("4 of 12 jobs recorded"), std::string::npos) << result.err;
    merge_train.push_back(part.string());
    MustRun(With(SweepSlice(dir / "sweep.csv"),
                 {"--shard", slice, "--journal", (part / "sweep").string()}));
    merge_sweep.push_back((part / "sweep").string());
    MustRun(With(PropagationGrid(dir / "grid.csv"),
                 {"--shard", slice, "--journal", (part / "grid").string()}));
    merge_grid.push_back((part / "grid").string());
  }
  EXPECT_FALSE(fs::exists(dir / "sweep.csv"));
  // Two shards are not the whole: merge names what is missing.
  const ProgramResult partial = RunActlab({"merge", merge_sweep[1], merge_sweep[2]});
  EXPECT_EQ(partial.status, 1);
  EXPECT_NE(partial.err.find("jobs are in none of the folders"), std::string::npos) << partial.err;

  MustRun(With(merge_train, {"--out", (dir / "train").string()}));
  EXPECT_EQ(WithoutTimings(Contents(dir / "train" / "results.json")), reference.results_json);
  EXPECT_EQ(WithoutTimings(Contents(dir / "train" / "metrics.csv")), reference.metrics_csv);
  EXPECT_TRUE(fs::exists(dir / "train" / "learning_curves.svg"));
  MustRun(merge_sweep);  // to the recorded -o
  EXPECT_EQ(Contents(dir / "sweep.csv"), reference.sweep_csv);
  MustRun(With(merge_grid, {"-o", (dir / "grid.csv").string()}));
  EXPECT_EQ(Contents(dir / "grid.csv"), reference.grid_csv);
  fs::remove_all(dir);
}

TEST(Resume, AKilledRunResumedGivesTheBytesOfOneRun) {
  const Reference& reference = SingleProcess();
  const fs::path dir = TempDir("resume");
  const fs::path out = dir / "train";
  std::vector<std::string> args = TrainGrid(out);
  args.insert(args.begin(), ACTLAB_BINARY);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    freopen("/dev/null", "w", stderr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  // Killed as soon as its first job is recorded.
  const auto recorded = [&] {
    std::vector<fs::path> files;
    if (!fs::exists(out / "jobs")) return files;
    for (const auto& entry : fs::directory_iterator(out / "jobs")) {
      if (entry.path().filename().string().rfind("job-", 0) == 0) files.push_back(entry.path());
    }
    return files;
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (recorded().empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the run finished before it could be killed";
  const std::vector<fs::path> before = recorded();
  ASSERT_FALSE(before.empty());
  ASSERT_LT(before.size(), 12u);
  EXPECT_FALSE(fs::exists(out / "results.json"));
  std::vector<ino_t> inodes;
  for (const fs::path& file : before) {
    struct stat info {};
    stat(file.c_str(), &info);
    inodes.push_back(info.st_ino);
  }

  MustRun(With(TrainGrid(out), {"--resume"}));
  EXPECT_EQ(WithoutTimings(Contents(out / "results.json")), reference.results_json);
  EXPECT_EQ(WithoutTimings(Contents(out / "metrics.csv")), reference.metrics_csv);
  for (std::size_t i = 0; i < before.size(); ++i) {  // skipped, not run again
    struct stat info {};
    stat(before[i].c_str(), &info);
    EXPECT_EQ(info.st_ino, inodes[i]) << before[i];
  }
  // Other options: --resume refuses the journal.
  const ProgramResult other = RunActlab(With(TrainGrid(out), {"--resume", "--epochs", "3"}));
  EXPECT_EQ(other.status, 2);
  EXPECT_NE(other.err.find("records another computation"), std::string::npos) << other.err;
  fs::remove_all(dir);
}

TEST(ScaleOutOptions, ErrorsNameWhatIsWrong) {
  ProgramResult result = RunActlab({"propagate", "--depth", "3", "--shard", "2/4"});
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("--journal"), std::string::npos) << result.err;
  result = RunActlab({"propagate", "--depth", "3", "--shard", "5/4", "--journal", "x"});
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("1 <= I <= N"), std::string::npos) << result.err;
  result = RunActlab({"accuracy", "--resume"});
  EXPECT_EQ(result.status, 2);
  result = RunActlab({"merge", "/nonexistent/actlab"});
  EXPECT_EQ(result.status, 1);
  EXPECT_NE(result.err.find("manifest.json"), std::string::npos) << result.err;
}

#ifdef ACTLAB_MPIEXEC
ProgramResult MpiRun(int ranks, const std::vector<std::string>& args) {
  std::vector<std::string> all = {"-np", std::to_string(ranks), "--oversubscribe",
                                  "--allow-run-as-root"};
#if defined(__SANITIZE_ADDRESS__)
  // Open MPI's plugins, loaded and unloaded by libmpi, leave allocations that LeakSanitizer
  // reports at exit with frames in modules already unloaded, which no suppression can name. The
  // ranks run without leak detection; the same code runs leak-checked in the one-process tests.
  all.insert(all.end(), {"-x", "ASAN_OPTIONS=detect_leaks=0"});
#endif
  all.push_back(ACTLAB_BINARY);
  all.insert(all.end(), args.begin(), args.end());
  return testing::RunCommand(ACTLAB_MPIEXEC, all);
}
#endif

class Mpi : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
#ifndef ACTLAB_MPIEXEC
    GTEST_SKIP() << "built without MPI (libopenmpi-dev absent or ACTLAB_WITH_MPI=OFF)";
#endif
  }
};

#ifdef ACTLAB_MPIEXEC
TEST_P(Mpi, RanksGiveTheBytesOfOneProcess) {
  const Reference& reference = SingleProcess();
  const int ranks = GetParam();
  const fs::path dir = TempDir("mpi" + std::to_string(ranks));
  ProgramResult result = MpiRun(ranks, TrainGrid(dir / "train"));
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.err.find("on rank " + std::to_string(ranks - 1)), std::string::npos)
      << result.err;
  EXPECT_EQ(WithoutTimings(Contents(dir / "train" / "results.json")), reference.results_json);
  EXPECT_EQ(WithoutTimings(Contents(dir / "train" / "metrics.csv")), reference.metrics_csv);
  // Rank 0 prints the summary; the others print nothing.
  EXPECT_EQ(result.out.find("tutorial:"), result.out.rfind("tutorial:")) << result.out;
  EXPECT_NE(result.out.find("tutorial:"), std::string::npos) << result.out;
  result = MpiRun(ranks, SweepSlice(dir / "sweep.csv"));
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(Contents(dir / "sweep.csv"), reference.sweep_csv);
  result = MpiRun(ranks,
                  With(PropagationGrid(dir / "grid.csv"), {"--journal", (dir / "grid").string()}));
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(Contents(dir / "grid.csv"), reference.grid_csv);
  // Resumed from the journal: nothing left to run, the same bytes.
  fs::remove(dir / "grid.csv");
  result = MpiRun(ranks, With(PropagationGrid(dir / "grid.csv"),
                              {"--journal", (dir / "grid").string(), "--resume"}));
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.err.find("finished on"), std::string::npos) << result.err;
  EXPECT_EQ(Contents(dir / "grid.csv"), reference.grid_csv);
  fs::remove_all(dir);
}

TEST_P(Mpi, AFailingRankStopsTheRunNamingRankAndJob) {
  const fs::path dir = TempDir("mpifail" + std::to_string(GetParam()));
  const ProgramResult result =
      MpiRun(GetParam(), With(TrainGrid(dir / "train"), {"--data", (dir / "missing").string()}));
  EXPECT_NE(result.status, 0);
  const std::size_t failed = result.err.find(" failed on job ");
  ASSERT_NE(failed, std::string::npos) << result.err;
  EXPECT_NE(result.err.rfind("rank ", failed), std::string::npos) << result.err;
  EXPECT_TRUE(result.err.find("(relu seed", failed) != std::string::npos ||
              result.err.find("(selu seed", failed) != std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("missing"), std::string::npos) << result.err;
  fs::remove_all(dir);
}
#else
TEST_P(Mpi, RanksGiveTheBytesOfOneProcess) {}
#endif

INSTANTIATE_TEST_SUITE_P(Ranks, Mpi, ::testing::Values(2, 3));

}  // namespace
}  // namespace actlab::scaleout
