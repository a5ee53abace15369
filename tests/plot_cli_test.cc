// actlab plot: the files it writes, and its errors (exit 2 for usage, 1 for I/O, no partial file).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "support/run_program.h"

namespace actlab {
namespace {

using testing::RunActlab;
namespace fs = std::filesystem;

class PlotCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device entropy;
    folder_ = fs::temp_directory_path() / ("actlab-plot-cli-" + std::to_string(entropy()));
    fs::create_directories(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }

  std::string Path(const std::string& name) const { return (folder_ / name).string(); }
  std::vector<std::string> Files(const fs::path& where) const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(where))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
  std::string Head(const std::string& name, std::size_t n) const {
    std::ifstream in(folder_ / name, std::ios::binary);
    std::string bytes(n, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(n));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    return bytes;
  }

  fs::path folder_;
};

TEST_F(PlotCommand, TutorialWritesPngAndSvgOfTheFive) {
  const auto result = RunActlab({"plot", "--tutorial", "-o", Path("figures/deeper")});
  ASSERT_EQ(result.status, 0) << result.err;
  std::vector<std::string> expected;
  for (const char* name : {"elu", "leaky_relu", "selu", "sigmoid", "tanh"}) {
    expected.push_back(std::string(name) + ".png");
    expected.push_back(std::string(name) + ".svg");
  }
  EXPECT_EQ(Files(folder_ / "figures/deeper"), expected);
  EXPECT_EQ(Head("figures/deeper/sigmoid.png", 8), std::string("\x89PNG\r\n\x1a\n", 8));
}

TEST_F(PlotCommand, ComparisonGalleryAndSaturation) {
  auto result =
      RunActlab({"plot", "elu", "selu", "gelu:approximate=tanh", "--derivative", "--x-range=-4:3",
                 "--y-range", "-2:3", "--title", "Three", "-o", Path("c.svg")});
  ASSERT_EQ(result.status, 0) << result.err;
  result = RunActlab({"plot", "--gallery", "-o", Path("g.png"), "--dpi", "50"});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(Head("g.png", 4), "\x89PNG");
  result = RunActlab({"plot", "--saturation", "-o", Path("s.pdf")});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(Head("s.pdf", 5), "%PDF-");
  EXPECT_EQ(Files(folder_), (std::vector<std::string>{"c.svg", "g.png", "s.pdf"}));
}

TEST_F(PlotCommand, BadInputIsAClearErrorAndLeavesNoFile) {
  struct Case {
    std::vector<std::string> args;
    int status;
    std::string says;
  };
  std::ofstream(folder_ / "a_file") << "x";
  const std::vector<Case> cases = {
      {{"plot", "nosuch", "-o", Path("x.png")}, 2, "nosuch"},
      {{"plot", "elu", "--x-range", "5:1", "-o", Path("x.png")}, 2, "empty or reversed"},
      {{"plot", "elu", "--x-range", "1:1", "-o", Path("x.png")}, 2, "empty or reversed"},
      {{"plot", "elu", "--y-range", "a:b", "-o", Path("x.png")}, 2, "'a' is not a number"},
      {{"plot", "elu", "--y-range", "5", "-o", Path("x.png")}, 2, "not a range"},
      {{"plot", "elu", "--x-range=-1e308:1e308", "-o", Path("x.png")}, 2, "wider than a double"},
      {{"plot", "elu", "-o", Path("x.bmp")}, 2, "allowed: .png, .svg, .pdf"},
      {{"plot", "elu", "--dpi", "0", "-o", Path("x.png")}, 2, "allowed: a number from 10 to 1200"},
      {{"plot", "-o", Path("x.png")}, 2, "exactly one of"},
      {{"plot", "elu", "--gallery", "-o", Path("x.png")}, 2, "exactly one of"},
      {{"plot", "--gallery", "--derivative", "-o", Path("x.png")}, 2, "activation specs only"},
      {{"plot", "nosuch", "-o", Path("missing/x.png")}, 2, "nosuch"},
      {{"plot", "elu", "-o", Path("a_file/x.png")}, 1, "cannot write"},
      {{"plot", "--tutorial", "-o", Path("a_file")}, 1, "cannot create the folder"},
      {{"plot", "--tutorial", "-o", Path("a_file/sub")}, 1, "cannot create the folder"},
  };
  for (const Case& c : cases) {
    const auto result = RunActlab(c.args);
    EXPECT_EQ(result.status, c.status) << c.args[1] << " " << result.err;
    EXPECT_NE(result.err.find("actlab: error: "), std::string::npos) << result.err;
    EXPECT_NE(result.err.find(c.says), std::string::npos) << result.err;
  }
  EXPECT_EQ(Files(folder_), std::vector<std::string>{"a_file"});
}

TEST_F(PlotCommand, HelpHasAnExample) {
  const auto result = RunActlab({"plot", "--help"});
  ASSERT_EQ(result.status, 0);
  EXPECT_NE(result.out.find("actlab plot --tutorial -o"), std::string::npos);
}

}  // namespace
}  // namespace actlab
