// The program under hostile input, signals, full disks, devices, FIFOs and symlinks: every bad call
// exits with its status and a message that names what is wrong and what is allowed, and leaves the
// file system as it was (docs/reliability.md).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "actlab/io.h"
#include "actlab/nn/results.h"
#include "actlab/nn/train.h"
#include "actlab/npy.h"
#include "actlab/plot/ticks.h"
#include "support/run_program.h"

namespace actlab {
namespace {

namespace fs = std::filesystem;
using testing::RunActlab;
using testing::RunningProgram;

// Every file under a folder with its content: what a command must not change.
std::map<std::string, std::string> Snapshot(const fs::path& folder) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    const std::string name = fs::relative(entry.path(), folder).string();
    if (entry.is_symlink()) {
      files[name] = "-> " + fs::read_symlink(entry.path()).string();
    } else if (entry.is_regular_file()) {
      files[name] = ReadFile(entry.path()).value_or("");
    } else {
      files[name] = entry.is_directory() ? "<folder>" : "<special>";
    }
  }
  return files;
}

class Reliability : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::path(::testing::TempDir()) /
              ("reliability-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
    fs::create_directories(folder_ / "results-folder");
    std::ofstream(folder_ / "sentinel") << "not to be touched";
  }
  void TearDown() override { fs::remove_all(folder_); }
  std::string Path(const std::string& name) const { return (folder_ / name).string(); }

  fs::path folder_;
};

struct BadCall {
  std::vector<std::string> args;  // "@" is replaced by the test's folder
  int status;
  std::vector<std::string> says;
};

void PrintTo(const BadCall& call, std::ostream* out) {
  for (const std::string& arg : call.args) *out << (arg.size() > 40 ? "<long>" : arg) << " ";
}

class BadCalls : public Reliability, public ::testing::WithParamInterface<BadCall> {};

TEST_P(BadCalls, ExitWithTheirStatusAndChangeNoFile) {
  const auto substitute = [&](std::string text) {
    for (std::size_t at; (at = text.find('@')) != std::string::npos;) {
      text.replace(at, 1, folder_.string());
    }
    return text;
  };
  std::vector<std::string> args;
  for (const std::string& arg : GetParam().args) args.push_back(substitute(arg));
  const auto before = Snapshot(folder_);
  const auto result = RunActlab(args);
  EXPECT_EQ(result.status, GetParam().status) << result.err;
  EXPECT_EQ(result.err.rfind("actlab: error: ", 0), 0u) << result.err;
  for (const std::string& part : GetParam().says) {
    EXPECT_NE(result.err.find(substitute(part)), std::string::npos)
        << "'" << result.err << "' lacks " << part;
  }
  EXPECT_LT(result.err.size(), 1000u) << "the message quotes too much of the input";
  EXPECT_EQ(Snapshot(folder_), before) << "a file was changed or left behind";
}

const std::string kLongSpec(100000, 'x');

INSTANTIATE_TEST_SUITE_P(
    Table, BadCalls,
    ::testing::Values(
        // Numeric options and parameters, range-checked where they are parsed.
        BadCall{{"train", "--act", "relu", "--lr", "nan"},
                2,
                {"--lr", "'nan' is not finite", "(run 'actlab train --help')"}},
        BadCall{{kLongSpec}, 2, {"unknown command 'xxxx", "(100000 bytes)"}},
        BadCall{{"train", "--act", "relu", "--lr", "-1"}, 2, {"out of range", "(0, 1000000]"}},
        BadCall{{"train", "--act", "relu", "--dropout", "nan"}, 2, {"--dropout", "not finite"}},
        BadCall{{"train", "--act", "relu", "--epochs", "1e999"}, 2, {"overflows a double"}},
        BadCall{{"train", "--act", "relu", "--threads", "100000"}, 2, {"--threads", "or auto"}},
        BadCall{{"train", "--act", "relu", "--threads", "0"}, 2, {"integer from 1 to"}},
        BadCall{{"apply", "relu", "--in", "@/x.npy", "--out", "@/y.npy", "--threads", "-3"},
                2,
                {"--threads"}},
        BadCall{{"eval", "elu:alpha=1e300", "1"}, 2, {"out of range", "[0, 1000]"}},
        BadCall{{"eval", "elu", "1e-400"}, 2, {"underflows to zero"}},
        BadCall{{"propagate", "--seed", "-1"}, 2, {"--seed", "from 0 to 4294967295"}},
        BadCall{{"theory", "--depth", "0"}, 2, {"--depth", "from 1 to 100000"}},
        BadCall{{"accuracy", "--samples", "0"}, 2, {"--samples"}},
        BadCall{{"plot", "sigmoid", "--x-range=5:5", "-o", "@/x.svg"}, 2, {"empty or reversed"}},
        BadCall{{"plot", "sigmoid", "--x-range=5:1", "-o", "@/x.svg"}, 2, {"empty or reversed"}},
        // Inputs quoted shortened and escaped.
        BadCall{{"eval", kLongSpec, "1"}, 2, {"(100000 bytes)"}},
        BadCall{{"eval", "sig\x01moid", "1"}, 2, {"sig\\x01moid"}},
        // Sizes larger than memory: refused before allocating, with the size asked for.
        BadCall{{"propagate", "--width", "16777216", "--batch", "16777216"},
                1,
                {"needs", "of memory; this machine allows"}},
        BadCall{{"bench", "--size", "4096Gi", "--act", "relu"}, 1, {"of memory"}},
        // Outputs checked before the work, with the operating system's reason.
        BadCall{{"eval", "relu", "1", "-o", "@/results-folder"}, 1, {"is a folder"}},
        BadCall{{"eval", "relu", "1", "-o", "@/sentinel/x.csv"}, 1, {"is a file, not a folder"}},
        BadCall{{"train", "--act", "relu", "--data", "@/no-data", "--out", "@/sentinel/run"},
                1,
                {"@/sentinel/run"}},
        BadCall{{"report", "--quick", "--train-results", "@/results-folder", "-o", "@/report"},
                1,
                {"is a folder"}},
        BadCall{{"report", "--quick", "--train-results", "@/missing.json", "-o", "@/report"},
                1,
                {"No such file or directory", "@/missing.json"}}));

TEST_F(Reliability, EvalFromAFolderOnStdinIsAnError) {
  const std::string command = std::string(ACTLAB_BINARY) + " eval sigmoid < " + folder_.string() +
                              " > /dev/null 2> " + Path("err");
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  const std::string message = ReadFile(Path("err")).value_or("");
  EXPECT_NE(message.find("Is a directory"), std::string::npos) << message;
}

TEST_F(Reliability, DevicesAreWrittenThroughNotReplaced) {
  struct stat before {
  }, after{};
  ASSERT_EQ(stat("/dev/null", &before), 0);
  const auto result = RunActlab({"eval", "sigmoid", "0", "-o", "/dev/null"});
  EXPECT_EQ(result.status, 0) << result.err;
  ASSERT_EQ(stat("/dev/null", &after), 0);
  EXPECT_TRUE(S_ISCHR(after.st_mode));
  EXPECT_EQ(before.st_ino, after.st_ino);
  EXPECT_EQ(before.st_rdev, after.st_rdev);
}

TEST_F(Reliability, SymlinksAreFollowedAndStay) {
  fs::create_symlink("target.csv", folder_ / "link.csv");
  auto result = RunActlab({"eval", "sigmoid", "0", "--format", "csv", "-o", Path("link.csv")});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_TRUE(fs::is_symlink(folder_ / "link.csv"));
  std::ifstream target(folder_ / "target.csv");
  std::string header;
  std::getline(target, header);
  EXPECT_EQ(header, "x,value,derivative");
  // A link into another folder: the link stays, the file there is replaced atomically.
  fs::create_directories(folder_ / "elsewhere");
  std::ofstream(folder_ / "elsewhere" / "old.csv") << "old";
  fs::create_symlink(folder_ / "elsewhere" / "old.csv", folder_ / "far.csv");
  result = RunActlab({"eval", "relu", "2", "--format", "csv", "-o", Path("far.csv")});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_TRUE(fs::is_symlink(folder_ / "far.csv"));
  std::ifstream far(folder_ / "elsewhere" / "old.csv");
  std::getline(far, header);
  EXPECT_EQ(header, "x,value,derivative");
  EXPECT_EQ(fs::directory_iterator(folder_ / "elsewhere")->path().filename(), "old.csv");
}

TEST_F(Reliability, FifosAreWrittenThrough) {
  ASSERT_EQ(mkfifo(Path("fifo").c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] { received = ReadFile(Path("fifo")).value_or(""); });
  const auto result = RunActlab({"eval", "relu", "1", "2", "--format", "csv", "-o", Path("fifo")});
  reader.join();
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(received, "x,value,derivative\n1,1,1\n2,2,1\n");
  struct stat info {};
  ASSERT_EQ(stat(Path("fifo").c_str(), &info), 0);
  EXPECT_TRUE(S_ISFIFO(info.st_mode));
}

TEST_F(Reliability, DashIsStandardOutput) {
  const auto result = RunActlab({"eval", "relu", "3", "--format", "csv", "-o", "-"});
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "x,value,derivative\n3,3,1\n");
  EXPECT_FALSE(fs::exists("-"));
}

TEST_F(Reliability, AFullDiskIsAnErrorNotATruncatedFile) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"eval", "relu", "1", "-o", "/dev/full"},
        std::vector<std::string>{"propagate", "--depth", "3", "--format", "csv", "-o",
                                 "/dev/full"}}) {
    const auto result = RunActlab(args);
    EXPECT_EQ(result.status, 1) << args[0];
    EXPECT_NE(result.err.find("No space left on device"), std::string::npos) << result.err;
  }
  // Standard output on a full disk, both through the output layer and through a plain print.
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"eval", "relu", "1"}, std::vector<std::string>{"list"}}) {
    RunningProgram program(args, "/dev/full");
    program.CloseInput();
    EXPECT_EQ(program.Wait(), 1) << args[0];
    EXPECT_NE(program.err().find("No space left on device"), std::string::npos) << program.err();
  }
}

TEST_F(Reliability, MissingParentFoldersAreCreated) {
  auto result = RunActlab({"eval", "relu", "1", "-o", Path("a/b/c.csv")});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_TRUE(fs::is_regular_file(folder_ / "a" / "b" / "c.csv"));
  result = RunActlab({"plot", "relu", "-o", Path("d/e.svg")});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_TRUE(fs::is_regular_file(folder_ / "d" / "e.svg"));
}

// A float32 .npy of `count` elements x_i = (i % 200 - 100) / 10.
void WriteInput(const fs::path& path, std::size_t count) {
  std::vector<float> x(count);
  for (std::size_t i = 0; i < count; ++i) x[i] = static_cast<float>(i % 200) / 10.0f - 10.0f;
  const std::vector<std::uint64_t> shape = {count};
  WriteNpy(path, shape, std::span<const float>(x));
}

std::string Read(const fs::path& path) { return ReadFile(path).value_or(""); }

TEST_F(Reliability, ApplyStreamsInBlocksWithTheSameBytes) {
  WriteInput(folder_ / "x.npy", 1001);
  WriteInput(folder_ / "dy.npy", 1001);
  for (const std::string block : {"1", "7", "1000", "4194304"}) {
    auto result = RunActlab({"apply", "gelu", "--in", Path("x.npy"), "--out",
                             Path("y" + block + ".npy"), "--block", block});
    ASSERT_EQ(result.status, 0) << result.err;
    result = RunActlab({"apply", "elu", "--in", Path("x.npy"), "--backward", "--grad",
                        Path("dy.npy"), "--out", Path("dx" + block + ".npy"), "--block", block});
    ASSERT_EQ(result.status, 0) << result.err;
  }
  for (const std::string block : {"1", "7", "1000"}) {
    EXPECT_EQ(Read(folder_ / ("y" + block + ".npy")), Read(folder_ / "y4194304.npy")) << block;
    EXPECT_EQ(Read(folder_ / ("dx" + block + ".npy")), Read(folder_ / "dx4194304.npy")) << block;
  }
  const NpyArray y = ReadNpy(folder_ / "y7.npy");
  EXPECT_EQ(y.shape(), std::vector<std::uint64_t>{1001});
}

// Waits until `folder` holds an entry whose name contains `part` (the program is mid-run).
bool WaitForEntry(const fs::path& folder, const std::string& part, int seconds) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < end) {
    std::error_code error;  // entries come and go while the program runs
    for (fs::recursive_directory_iterator it(folder, error), last; !error && it != last;
         it.increment(error)) {
      if (it->path().filename().string().find(part) != std::string::npos) return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

TEST_F(Reliability, SignalsRemoveTemporariesAndCreatedFolders) {
  WriteInput(folder_ / "x.npy", std::size_t{1} << 22);
  const auto before = Snapshot(folder_);
  for (const auto& [signal, status] : {std::pair{SIGINT, 130}, {SIGTERM, 143}, {SIGHUP, 129}}) {
    // One element per block: slow enough to be caught with its temporary file open.
    RunningProgram program({"apply", "softplus", "--in", Path("x.npy"), "--out",
                            Path("new/sub/y.npy"), "--block", "1", "--threads", "1"});
    ASSERT_TRUE(WaitForEntry(folder_, ".tmp", 30)) << "no temporary file appeared";
    program.Signal(signal);
    EXPECT_EQ(program.Wait(), status) << program.err();
    EXPECT_EQ(Snapshot(folder_), before) << "signal " << signal << " left files behind";
  }
}

TEST_F(Reliability, ASignalDuringTheReportLeavesNothing) {
  const auto before = Snapshot(folder_);
  RunningProgram program({"report", "--quick", "-o", Path("report")});
  ASSERT_TRUE(WaitForEntry(folder_, ".partial", 60)) << "no staging folder appeared";
  program.Signal(SIGTERM);
  EXPECT_EQ(program.Wait(), 143) << program.err();
  EXPECT_EQ(Snapshot(folder_), before);
}

TEST_F(Reliability, EvalAnswersEachLineBeforeTheNextArrives) {
  for (const std::string format : {"text", "csv", "json"}) {
    RunningProgram program({"eval", "relu", "--format", format});
    program.Write("1.5\n");
    std::string seen;
    // The answer to the first line comes while stdin is still open.
    for (int lines = 0; lines < 8 && seen.find("1.5") == std::string::npos; ++lines) {
      const auto line = program.ReadLine(10000);
      ASSERT_TRUE(line) << format << ": nothing printed before stdin was closed";
      seen += *line + "\n";
    }
    EXPECT_NE(seen.find("1.5"), std::string::npos) << format;
    program.Write("-2 nan\n");
    program.CloseInput();
    std::string rest;
    while (const auto line = program.ReadLine(10000)) rest += *line + "\n";
    EXPECT_EQ(program.Wait(), 0) << program.err();
    EXPECT_NE(rest.find("nan"), std::string::npos) << rest;
  }
}

TEST_F(Reliability, StreamedJsonIsTheSameAsTheWholeTable) {
  const auto streamed = RunActlab({"eval", "selu", "--format", "json"}, "0.5\n-1 2\n");
  const auto whole = RunActlab({"eval", "selu", "--format", "json", "--", "0.5", "-1", "2"});
  ASSERT_EQ(streamed.status, 0) << streamed.err;
  EXPECT_EQ(streamed.out, whole.out);
  const auto empty = RunActlab({"eval", "selu", "--format", "json"}, "\n");
  EXPECT_EQ(empty.out, "[]\n");
}

TEST_F(Reliability, AccuracyExitsOneWhenABoundIsExceededAndKeepsItsTable) {
  const auto result =
      RunActlab({"accuracy", "--act", "sigmoid", "--direction", "fwd", "--samples", "1000",
                 "--bound", "0.001", "--format", "csv", "-o", Path("new/accuracy.csv")});
  EXPECT_EQ(result.status, 1) << result.err;
  EXPECT_NE(result.err.find("1 of 1 rows exceed their bound (sigmoid fwd)"), std::string::npos)
      << result.err;
  EXPECT_NE(Read(folder_ / "new" / "accuracy.csv").find(",no"), std::string::npos);
  const auto passing =
      RunActlab({"accuracy", "--act", "relu", "--samples", "1000", "--format", "json"});
  EXPECT_EQ(passing.status, 0) << passing.err;
  // JSON answers yes/no with booleans and counts with numbers.
  const auto rows = nlohmann::json::parse(passing.out);
  ASSERT_FALSE(rows.empty());
  for (const auto& row : rows) {
    EXPECT_EQ(row["pass"], true) << row;
    EXPECT_TRUE(row["inputs"].is_number_integer()) << row;
    EXPECT_TRUE(row["max_ulp"].is_number()) << row;
  }
}

// The summary's tutorial places and agreement are numbers and booleans in JSON.
TEST(Summary, TutorialPlacesAreNumbersAndAgreementABoolean) {
  std::vector<nn::Summary> ranked(3);
  ranked[0].activation = "elu", ranked[0].tutorial_tier = 1;
  ranked[1].activation = "sigmoid", ranked[1].tutorial_tier = 5;
  ranked[2].activation = "selu", ranked[2].tutorial_tier = 1;
  std::ostringstream json;
  nn::SummaryTable(ranked).WriteJson(json);
  const std::string text = json.str();
  EXPECT_NE(
      text.find("\"tutorial_rank_min\": 1,\n    \"tutorial_rank_max\": 2,\n    \"agrees\": true"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find("\"tutorial_rank_min\": 3,\n    \"tutorial_rank_max\": 3,\n    \"agrees\": false"),
      std::string::npos)
      << text;
}

TEST_F(Reliability, ADivergedRunIsWrittenAsNanAndReadBack) {
  nn::RunResult run;
  run.activation = "relu";
  run.init = "he";
  run.gradient_norm_first_epoch = {1, NAN};
  run.epochs.push_back({1, NAN, 10, NAN, INFINITY, 1, 0});
  nn::TrainConfig config;
  const std::vector<nn::Summary> ranked = nn::Summarise({run});
  ASSERT_EQ(ranked.size(), 1u);
  EXPECT_EQ(ranked[0].diverged, 1);  // shown in the summary table and the report
  const Table summary = nn::SummaryTable(ranked);
  EXPECT_EQ(summary.columns().back(), "diverged");
  EXPECT_EQ(std::get<std::int64_t>(summary.rows()[0].back()), 1);
  const std::string json = nn::ResultsJson(config, "data", 1, {run}, ranked, {});
  EXPECT_NE(json.find("\"train_loss\": \"nan\""), std::string::npos) << json;
  EXPECT_EQ(json.find("\"train_loss\": null"), std::string::npos);
  std::ofstream(folder_ / "results.json") << json;
  nn::TrainConfig read;
  const std::vector<nn::RunResult> back = nn::ReadResultsJson(folder_ / "results.json", &read);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_TRUE(std::isnan(back[0].epochs[0].train_loss));
  EXPECT_TRUE(std::isnan(back[0].epochs[0].val_accuracy));
  EXPECT_EQ(back[0].epochs[0].test_accuracy, INFINITY);
  EXPECT_TRUE(std::isnan(back[0].gradient_norm_first_epoch[1]));
}

TEST_F(Reliability, APlotOfAFewUlpsFinishes) {
  const auto result =
      RunActlab({"plot", "sigmoid", "--x-range=35:40", "--derivative", "-o", Path("flat.svg")});
  EXPECT_EQ(result.status, 0) << result.err;
  const std::string svg = Read(folder_ / "flat.svg");
  EXPECT_NE(svg.find("<svg"), std::string::npos);
}

// Ticks over random ranges, from spans of a few ulps to 1e300: bounded in number, distinct labels.
TEST(Ticks, AnyRangeGivesFewDistinctLabels) {
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> unit(0, 1);
  for (int i = 0; i < 3000; ++i) {
    const double magnitude = std::pow(10.0, -300 + 600 * unit(random));
    const double centre = (unit(random) - 0.5) * magnitude;
    const double span_ulps = std::pow(2.0, 60 * unit(random));
    double low = centre, high = centre;
    for (int u = 0; u < 4 && high == low; ++u) {
      high = centre + std::abs(centre) * std::ldexp(span_ulps, -52) + magnitude * 1e-300;
    }
    if (!(low < high) || !std::isfinite(high - low)) continue;
    const int bins = 2 + static_cast<int>(unit(random) * 8);
    const plot::TickSet set = plot::LinearTickSet(low, high, bins);
    ASSERT_LE(set.ticks.size(), static_cast<std::size_t>(bins + 1)) << low << ":" << high;
    std::set<std::string> labels;
    for (const plot::Tick& t : set.ticks) {
      EXPECT_GE(t.value, low - (high - low) * 1e-6);
      EXPECT_LE(t.value, high + (high - low) * 1e-6);
      EXPECT_LE(t.label.size(), 24u) << t.label;
      labels.insert(t.label);
    }
    EXPECT_EQ(labels.size(), set.ticks.size()) << low << ":" << high;
  }
  // The tutorial's axis stays as it was: no offset, plain labels.
  EXPECT_EQ(plot::LinearTickSet(-5, 5, 10).offset, "");
  // A few ulps below 1: labels relative to an offset.
  const plot::TickSet near_one = plot::LinearTickSet(1 - 1e-9, 1 + 1e-9, 4);
  EXPECT_FALSE(near_one.offset.empty());
}

// The number layer reads nan and inf only in the spellings include/actlab/io.h lists, with one
// sign; anything else that from_chars or strtod would read as a non-finite value is not a number.
TEST(Numbers, NonFiniteValuesOnlyInTheirListedSpellings) {
  for (const char* text : {"nan", "-NaN", "inf", "+inf", "-Infinity", "+infinity"}) {
    const NumberParse parsed = ParseNumberDetailed(text, true);
    EXPECT_TRUE(parsed.value.has_value()) << text;
    EXPECT_FALSE(std::isfinite(*parsed.value)) << text;
    EXPECT_EQ(ParseNumberDetailed(text, false).problem, NumberParse::Problem::kNonFinite) << text;
  }
  for (const char* text : {"+-infinity", "-+inf", "--1", "+-1", "-nan(1)", "nan(1)", "-infinit",
                           "-", "+", "-.", "- 1", "0x10", "-inf1", "1e", "infinity!"}) {
    for (const bool allow_nonfinite : {true, false}) {
      const NumberParse parsed = ParseNumberDetailed(text, allow_nonfinite);
      EXPECT_FALSE(parsed.value.has_value()) << text;
      EXPECT_EQ(parsed.problem, NumberParse::Problem::kNotANumber) << text;
    }
  }
  EXPECT_EQ(ParseNumber("-.5"), -0.5);
  EXPECT_EQ(ParseNumber("+.5e1"), 5.0);
  EXPECT_TRUE(std::signbit(*ParseNumber("-0")));
  EXPECT_THROW(ParseInRange("+-infinity", {}), std::invalid_argument);
}

}  // namespace
}  // namespace actlab
