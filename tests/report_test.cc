// actlab report's refusals: a non-empty folder without --force, and training results that are
// missing, malformed or from another protocol. Each is refused before any work, with exit status 2
// (1 when the file cannot be read at all), and leaves nothing behind.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/run_program.h"

namespace actlab {
namespace {

namespace fs = std::filesystem;
using testing::RunActlab;

fs::path Fresh(const std::string& name) {
  const fs::path path = fs::path(::testing::TempDir()) / name;
  fs::remove_all(path);
  return path;
}

void Write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

// No staging folder (".NAME.partial...") is left beside the target.
void ExpectNothingLeftBeside(const fs::path& target) {
  for (const auto& entry : fs::directory_iterator(target.parent_path())) {
    EXPECT_EQ(entry.path().filename().string().find("." + target.filename().string() + ".partial"),
              std::string::npos)
        << entry.path();
  }
}

TEST(ReportCommand, RefusesANonEmptyFolderWithoutForce) {
  const fs::path dir = Fresh("report-nonempty");
  fs::create_directories(dir);
  Write(dir / "keep.txt", "mine");
  const auto result = RunActlab({"report", "--quick", "-o", dir.string()});
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("is not empty"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("--force"), std::string::npos) << result.err;
  EXPECT_TRUE(fs::exists(dir / "keep.txt"));
}

struct BadResults {
  const char* name;
  const char* content;  // nullptr: the file does not exist
  const char* message;
  int status = 2;  // 1 when the file cannot be read at all
};

class ReportTrainResults : public ::testing::TestWithParam<BadResults> {};

TEST_P(ReportTrainResults, AreRefusedBeforeAnyWork) {
  const BadResults& bad = GetParam();
  const fs::path file = fs::path(::testing::TempDir()) / (std::string(bad.name) + ".json");
  fs::remove(file);
  if (bad.content) Write(file, bad.content);
  const fs::path dir = Fresh(std::string("report-") + bad.name);
  const auto result =
      RunActlab({"report", "--quick", "--train-results", file.string(), "-o", dir.string()});
  EXPECT_EQ(result.status, bad.status) << result.err;
  EXPECT_NE(result.err.find(file.string()), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(bad.message), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(dir));
  ExpectNothingLeftBeside(dir);
}

constexpr const char* kOtherProtocol = R"({"protocol": {"hidden": [128, 128, 128], "epochs": 10,
  "batch": 128, "lr": 0.001, "optimizer": "adam", "dropout": 0, "folds": 0, "limit": 0},
  "runs": [{"activation": "relu", "seed": 0, "fold": null, "init": "he_normal",
  "gradient_norm_first_epoch": [1, 2], "epochs": [{"epoch": 1, "train_loss": 0.5,
  "train_accuracy": 80, "val_accuracy": 85, "test_accuracy": 84, "seconds": 1}]}]})";

INSTANTIATE_TEST_SUITE_P(
    Table, ReportTrainResults,
    ::testing::Values(BadResults{"missing", nullptr, "cannot read", 1},
                      BadResults{"malformed", "{\"protocol\": [1, 2", "not an 'actlab train'"},
                      BadResults{"no-runs", "{\"runs\": []}", "not an 'actlab train'"},
                      BadResults{"other-protocol", kOtherProtocol, "another protocol"}));

}  // namespace
}  // namespace actlab
