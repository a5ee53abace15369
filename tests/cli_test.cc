// The program's list and eval commands, their formats, its errors and exit codes, and its progress
// line.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "actlab/activation.h"
#include "actlab/bench.h"
#include "support/run_program.h"

namespace actlab {
namespace {

using testing::RunActlab;

TEST(ListCommand, TextShowsEveryEntry) {
  const auto result = RunActlab({"list"});
  ASSERT_EQ(result.status, 0) << result.err;
  for (const Info& info : Catalogue()) {
    EXPECT_NE(result.out.find(std::string(info.name) + " "), std::string::npos) << info.name;
  }
}

TEST(ListCommand, JsonHasTheDocumentedFields) {
  const auto result = RunActlab({"list", "--format", "json"});
  ASSERT_EQ(result.status, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  ASSERT_TRUE(json.is_array());
  ASSERT_EQ(json.size(), Catalogue().size());
  for (std::size_t i = 0; i < json.size(); ++i) {
    const Info& info = Catalogue()[i];
    EXPECT_EQ(json[i]["name"], info.name);
    EXPECT_EQ(json[i]["aliases"].size(), info.aliases.size());
    EXPECT_EQ(json[i]["parameters"].size(), info.params.size());
    EXPECT_EQ(json[i]["formula"], info.formula);
  }
  EXPECT_EQ(json[3]["parameters"]["alpha"], 0.01);  // leaky_relu
  EXPECT_TRUE(json[3]["parameter_ranges"]["alpha"]["min"].is_number());
  EXPECT_TRUE(json[3]["parameter_ranges"]["alpha"]["min_open"].is_boolean());
}

// Every line of the text forms within 100 columns; the details of one entry in `list NAME`.
TEST(ListCommand, TextFitsOneHundredColumnsAndNameShowsOneEntryInFull) {
  const auto width = [](const std::string& text) {
    std::size_t widest = 0;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) widest = std::max(widest, line.size());
    return widest;
  };
  const auto all = RunActlab({"list"});
  ASSERT_EQ(all.status, 0) << all.err;
  EXPECT_LE(width(all.out), 100u) << all.out;
  for (const Info& info : Catalogue()) {
    const auto one =
        RunActlab({"list", std::string(info.aliases.empty() ? info.name : info.aliases[0])});
    ASSERT_EQ(one.status, 0) << one.err;
    EXPECT_LE(width(one.out), 100u) << one.out;
    EXPECT_EQ(one.out.rfind("name          " + std::string(info.name) + "\n", 0), 0u) << one.out;
    // The formula, wrapped: its first and last words are there.
    const std::string formula(info.formula);
    EXPECT_NE(one.out.find(formula.substr(0, formula.find(' '))), std::string::npos) << one.out;
    EXPECT_NE(one.out.find(formula.substr(formula.rfind(' ') + 1)), std::string::npos) << one.out;
    for (const ParamSpec& p : info.params) {
      EXPECT_NE(one.out.find("\n" + std::string(p.name) + " "), std::string::npos) << one.out;
    }
    const auto json = RunActlab({"list", std::string(info.name), "--format", "json"});
    ASSERT_EQ(json.status, 0) << json.err;
    EXPECT_EQ(nlohmann::json::parse(json.out)["name"], info.name);
  }
  const auto unknown = RunActlab({"list", "nosuch"});
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.err.find("sigmoid"), std::string::npos) << unknown.err;
}

TEST(EvalCommand, CsvHasTheExactHeaderAndFullPrecision) {
  const auto result =
      RunActlab({"eval", "selu", "--format", "csv", "--", "-1", "0", "2.5", "1e-3"});
  ASSERT_EQ(result.status, 0) << result.err;
  std::istringstream lines(result.out);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "x,value,derivative");
  const Activation selu(Kind::kSelu);
  int rows = 0;
  while (std::getline(lines, line)) {
    double x, value, derivative;
    char comma1, comma2;
    std::istringstream fields(line);
    fields >> x >> comma1 >> value >> comma2 >> derivative;
    EXPECT_EQ(value, selu.Value(x)) << line;
    EXPECT_EQ(derivative, selu.Derivative(x)) << line;
    ++rows;
  }
  EXPECT_EQ(rows, 4);
}

TEST(EvalCommand, ReadsStdinAndWritesJson) {
  const auto result = RunActlab({"eval", "sigmoid", "--format", "json"}, "0\n-800 nan\n inf\n");
  ASSERT_EQ(result.status, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  ASSERT_EQ(json.size(), 4u);
  EXPECT_EQ(json[0]["value"], 0.5);
  EXPECT_EQ(json[1]["value"], 0.0);
  EXPECT_EQ(json[2]["value"], "nan");
  EXPECT_EQ(json[3]["value"], 1.0);
  EXPECT_EQ(json[3]["x"], "inf");
}

TEST(EvalCommand, TextPrintsSeventeenDigits) {
  const auto result = RunActlab({"eval", "tanh", "0.5"});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.out.find("0.46211715726000974"), std::string::npos) << result.out;
}

TEST(EvalCommand, WritesTheOutputFile) {
  const std::string path = ::testing::TempDir() + "/eval.csv";
  const auto result = RunActlab({"eval", "relu", "1", "--format", "csv", "-o", path});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_TRUE(result.out.empty());
  std::ifstream file(path);
  std::string header;
  std::getline(file, header);
  EXPECT_EQ(header, "x,value,derivative");
}

struct BadCall {
  std::vector<std::string> args;
  int status;
  std::vector<std::string> message_parts;
};

void PrintTo(const BadCall& call, std::ostream* out) {
  *out << "actlab";
  for (const std::string& arg : call.args) *out << " " << arg;
}

class ProgramErrors : public ::testing::TestWithParam<BadCall> {};

TEST_P(ProgramErrors, ExitWithAClearMessage) {
  const BadCall& call = GetParam();
  const auto result = RunActlab(call.args);
  EXPECT_EQ(result.status, call.status) << result.err;
  EXPECT_EQ(result.err.rfind("actlab: error: ", 0), 0u) << result.err;
  for (const std::string& part : call.message_parts) {
    EXPECT_NE(result.err.find(part), std::string::npos)
        << "'" << result.err << "' lacks '" << part << "'";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, ProgramErrors,
    ::testing::Values(
        BadCall{
            {"eval", "sigmod", "1"}, 2, {"unknown activation 'sigmod'", "did you mean 'sigmoid'"}},
        BadCall{{"eval", "elu:beta=2", "1"}, 2, {"unknown parameter 'beta'", "allowed: alpha"}},
        BadCall{{"eval", "rrelu:lower=0.5,upper=0.1", "1"}, 2, {"lower must not exceed upper"}},
        BadCall{{"eval", "softplus:beta=0", "1"}, 2, {"beta='0'", "[1e-04, 10000]"}},
        BadCall{{"eval", "hardtanh:min=1,max=-1", "1"}, 2, {"min must be less than max"}},
        BadCall{{"eval", "elu", "1e999"}, 2, {"'1e999'", "overflows"}},
        BadCall{{"eval", "elu", "1e-400"}, 2, {"'1e-400'", "underflows to zero"}},
        BadCall{{"eval", "elu", "abc"}, 2, {"'abc'", "not a number"}},
        BadCall{{"eval", "elu", "1", "--format", "xml"}, 2, {"--format"}},
        BadCall{{"eval"}, 2, {"act"}},
        BadCall{{"frobnicate"}, 2, {"unknown command 'frobnicate'", "eval"}},
        BadCall{{}, 2, {"subcommand"}},
        BadCall{{"eval", "elu", "1", "-o", "/proc/version/x.csv"},
                1,
                {"/proc/version/x.csv", "is a file, not a folder"}}));

TEST(Program, HelpAndVersionExitZero) {
  EXPECT_EQ(RunActlab({"--help"}).status, 0);
  EXPECT_EQ(RunActlab({"eval", "--help"}).status, 0);
  const auto version = RunActlab({"--version"});
  EXPECT_EQ(version.status, 0);
  EXPECT_NE(version.out.find("actlab"), std::string::npos);
}

// The progress line is drawn on a terminal (here the pseudo-terminal of util-linux's script), and
// never with --quiet or when stderr is a pipe, so that logs stay clean.
TEST(Program, ProgressOnlyOnATerminalAndNotWhenQuiet) {
  const std::string accuracy =
      std::string(ACTLAB_BINARY) + " accuracy --act sigmoid --act tanh --samples 64";
  const auto on_terminal = testing::RunCommand("script", {"-qec", accuracy, "/dev/null"});
  ASSERT_EQ(on_terminal.status, 0) << on_terminal.out;
  EXPECT_NE(on_terminal.out.find("\r\033[Kaccuracy ["), std::string::npos) << on_terminal.out;
  EXPECT_NE(on_terminal.out.find("sigmoid"), std::string::npos);

  const auto quiet = testing::RunCommand("script", {"-qec", accuracy + " --quiet", "/dev/null"});
  ASSERT_EQ(quiet.status, 0) << quiet.out;
  EXPECT_EQ(quiet.out.find('\033'), std::string::npos) << quiet.out;

  const auto piped = RunActlab({"accuracy", "--act", "sigmoid", "--samples", "64"});
  ASSERT_EQ(piped.status, 0) << piped.err;
  EXPECT_EQ(piped.err, "");
}

// A start that draws and compares nothing loads neither the comparison libraries nor the drawing
// ones: oneDNN, with its OpenMP and OpenCL runtimes, is loaded by bench alone, cairo by the
// commands that draw, MPI only under mpirun (the dynamic loader's own list of the files it opens,
// LD_DEBUG=files).
TEST(Program, ListLoadsNoLibraryItDoesNotUse) {
  const auto list = testing::RunCommand("env", {"LD_DEBUG=files", ACTLAB_BINARY, "list"});
  ASSERT_EQ(list.status, 0) << list.err;
  ASSERT_NE(list.err.find("libactlab.so"), std::string::npos) << "LD_DEBUG listed no files";
#ifdef ACTLAB_MODULES_AT_START  // a sanitizer build, where oneDNN and cairo are linked on purpose
  const std::vector<const char*> unwanted = {"libmpi"};
#else
  const std::vector<const char*> unwanted = {"libdnnl",       "libOpenCL", "libgomp", "libcairo",
                                             "libfontconfig", "libX11",    "libmpi"};
#endif
  for (const char* library : unwanted) {
    EXPECT_EQ(list.err.find(library), std::string::npos) << library << " loaded by actlab list";
  }
  const std::filesystem::path figure = std::filesystem::temp_directory_path() /
                                       ("actlab_cli_test_" + std::to_string(getpid()) + ".svg");
  const auto plot = testing::RunCommand(
      "env", {"LD_DEBUG=files", ACTLAB_BINARY, "plot", "tanh", "-o", figure.string()});
  std::filesystem::remove(figure);
  ASSERT_EQ(plot.status, 0) << plot.err;
  EXPECT_NE(plot.err.find("libcairo"), std::string::npos) << "plot drew without cairo";
  if (OneDnnVersion().empty()) return;  // built without oneDNN: nothing for bench to load
  const auto bench = testing::RunCommand(
      "env", {"LD_DEBUG=files", ACTLAB_BINARY, "bench", "--act", "relu", "--size", "4096", "--type",
              "f32", "--direction", "fwd", "--repetitions", "1", "--format", "csv"});
  ASSERT_EQ(bench.status, 0) << bench.err;
  EXPECT_NE(bench.err.find("libdnnl"), std::string::npos) << "bench compares without oneDNN";
}

}  // namespace
}  // namespace actlab
