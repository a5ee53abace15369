// The report as a reader sees it, in headless Chromium driven over the DevTools protocol: the page
// is one file that opens alone from a temporary folder; every section and figure is there; the
// explorer answers real clicks, pointer moves and key presses with the values actlab computes; and
// with scripts off the page still shows its static figures. Screenshots go to the build folder
// (ACTLAB_UPDATE_DOCS=1: to docs/, where the README shows them).
#include "support/browser.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <tuple>

#include "actlab/activation.h"
#include "actlab/io.h"
#include "support/run_program.h"

namespace actlab {
namespace {

namespace fs = std::filesystem;
using testing::Browser;
using testing::RunActlab;

// One report for the whole suite, written alone into a fresh folder.
class ReportPage : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    folder_ = fs::path(::testing::TempDir()) / ("actlab-browser-" + std::to_string(getpid()));
    fs::remove_all(folder_);
    fs::create_directories(folder_);
    const auto made = RunActlab({"report", "--quick", "-o", (folder_ / "report.html").string()});
    ASSERT_EQ(made.status, 0) << made.err;
  }
  static void TearDownTestSuite() {
    for (const char* profile :
         {"", "-profile-sections", "-profile-noscript", "-profile-explorer"}) {
      fs::remove_all(folder_.string() + profile);
    }
  }

  static std::string Url() { return "file://" + (folder_ / "report.html").string(); }
  fs::path Profile(const std::string& name) const {
    return folder_.parent_path() / (folder_.filename().string() + "-" + name);
  }

  static fs::path folder_;
};

fs::path ReportPage::folder_;

// Screenshots go to the build folder, or to docs/ (shown by the README) with ACTLAB_UPDATE_DOCS=1.
fs::path ScreenshotFolder() {
  if (std::getenv("ACTLAB_UPDATE_DOCS"))
    return fs::path(ACTLAB_TEST_DATA_DIR) / ".." / ".." / "docs";
  return ACTLAB_BUILD_DIR;
}

// The text the explorer shows for a value: 8 significant digits, a true minus sign.
std::string Shown(double value) {
  std::string text = FormatDigits(value, 8);
  if (text[0] == '-') text = "\u2212" + text.substr(1);
  return text;
}

TEST_F(ReportPage, IsOneFileThatShowsEverythingWithAndWithoutScripts) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder_)) files.push_back(entry.path());
  ASSERT_EQ(files.size(), 1u) << "the page must be the only file";

  Browser browser(Profile("profile-sections"));
  browser.Open(Url());
  std::set<std::string> sections;
  for (const auto& id : browser.Evaluate(
           "Array.from(document.querySelectorAll('section')).map(function (s) { return s.id; })")) {
    sections.insert(id.get<std::string>());
  }
  for (const char* required :
       {"catalogue", "figures", "explore", "propagation", "training", "kernels", "provenance"}) {
    EXPECT_TRUE(sections.count(required)) << "section '" << required << "' missing";
  }
  // Every image is inline (a data: URI) and decoded by the browser.
  const auto images = browser.Evaluate(
      "Array.from(document.images).map(function (i) { return [i.src.slice(0, 5), i.complete && "
      "i.naturalWidth > 0]; })");
  EXPECT_GE(images.size(), 8u);
  for (const auto& image : images) {
    EXPECT_EQ(image[0], "data:");
    EXPECT_TRUE(image[1].get<bool>()) << "an image did not load";
  }
  // No reference leaves the page (a stylesheet, a script or an image from elsewhere).
  EXPECT_EQ(
      browser.Evaluate(
          "document.querySelectorAll('link[href], script[src], img:not([src^=\"data:\"])').length"),
      0);

  const fs::path shots = ScreenshotFolder();
  std::ofstream(shots / "report-screenshot.png", std::ios::binary) << browser.Screenshot(false);
  std::ofstream(shots / "report-page.png", std::ios::binary) << browser.Screenshot(true);
  EXPECT_GT(fs::file_size(shots / "report-screenshot.png"), 10000u);
  EXPECT_GT(fs::file_size(shots / "report-page.png"),
            fs::file_size(shots / "report-screenshot.png"));

  // With scripts off: the explorer's static figure instead of its controls and plot.
  Browser plain(Profile("profile-noscript"), false);
  plain.Open(Url());
  EXPECT_EQ(plain.Evaluate("document.getElementById('explorer').dataset.ready === undefined"),
            true);
  EXPECT_EQ(
      plain.Evaluate("document.getElementById('explorer-plot').getBoundingClientRect().height"), 0);
  EXPECT_EQ(plain.Evaluate(
                "document.querySelector('#explorer .controls').getBoundingClientRect().height"),
            0);
  EXPECT_GT(
      plain
          .Evaluate(
              "document.getElementById('figure-explorer_static').getBoundingClientRect().height")
          .get<double>(),
      100);
}

TEST_F(ReportPage, ExplorerAnswersClicksPointerAndKeys) {
  Browser browser(Profile("profile-explorer"));
  browser.Open(Url());
  ASSERT_EQ(browser.Evaluate("document.getElementById('explorer').dataset.ready"), "true");
  const auto curves = [&](const std::string& act) {
    return browser
        .Evaluate("document.querySelectorAll('#explorer-plot path[data-act=\"" + act +
                  "\"]').length")
        .get<int>();
  };
  const auto path = [&](const std::string& act) {
    return browser
        .Evaluate("document.querySelector('#explorer-plot path[data-act=\"" + act +
                  "\"]').getAttribute('d')")
        .get<std::string>();
  };
  const auto cell = [&](const std::string& act, const std::string& column) {
    return browser
        .Evaluate("document.querySelector('#explorer-readout tr[data-act=\"" + act + "\"] td." +
                  column + "').textContent")
        .get<std::string>();
  };
  // The tutorial's five when the page opens.
  EXPECT_EQ(browser.Evaluate("document.querySelectorAll('#explorer-plot path.curve').length"), 5);
  EXPECT_EQ(curves("sigmoid"), 1);
  EXPECT_EQ(curves("gelu"), 0);

  // Toggles: a click on a box removes or adds its curve.
  auto [bx, by] = browser.Centre("input[type=checkbox][data-act=\"sigmoid\"]");
  browser.Click(bx, by);
  EXPECT_EQ(curves("sigmoid"), 0);
  browser.Click(bx, by);
  EXPECT_EQ(curves("sigmoid"), 1);
  std::tie(bx, by) = browser.Centre("input[type=checkbox][data-act=\"gelu\"]");
  browser.Click(bx, by);
  EXPECT_EQ(curves("gelu"), 1);

  // Hover: the pointer over x = -1 shows f and f' there, as actlab computes them.
  const auto point_at = [&](double x) {
    browser.Centre("#explorer-plot");
    const auto box = browser.Evaluate(
        "(function () { var r = document.getElementById('explorer-plot').getBoundingClientRect(); "
        "return [r.left, r.top, r.width, r.height]; })()");
    const double scale = box[2].get<double>() / 720;  // the plot's viewBox is 720 wide
    const double inner = 64 + (x + 5) / 10 * (720 - 64 - 16);
    browser.MoveMouse(box[0].get<double>() + inner * scale,
                      box[1].get<double>() + box[3].get<double>() / 2);
  };
  point_at(-1);
  EXPECT_EQ(browser.Evaluate("document.getElementById('explorer-x').textContent"), "x = -1");
  const Activation elu(Kind::kElu), sigmoid(Kind::kSigmoid);
  EXPECT_EQ(cell("sigmoid", "f"), Shown(sigmoid.Value(-1)));
  EXPECT_EQ(cell("sigmoid", "df"), Shown(sigmoid.Derivative(-1)));
  EXPECT_EQ(cell("elu", "f"), Shown(elu.Value(-1)));
  EXPECT_EQ(browser.Evaluate("document.querySelectorAll('#explorer-plot circle').length"), 6);

  // Slider: a click focuses elu's alpha, a key press moves it one step; the curve, the label and
  // the values follow.
  const std::string before = path("elu");
  std::tie(bx, by) = browser.Centre("#explorer-elu-alpha");
  browser.Click(bx, by);
  const int start = std::stoi(
      browser.Evaluate("document.getElementById('explorer-elu-alpha').value").get<std::string>());
  browser.PressKey("ArrowRight", 39);
  const int moved = std::stoi(
      browser.Evaluate("document.getElementById('explorer-elu-alpha').value").get<std::string>());
  ASSERT_EQ(moved, start + 1);
  const std::string label =
      browser.Evaluate("document.querySelector('#explorer-elu-alpha + output').textContent")
          .get<std::string>();
  const double alpha = std::stod(label);
  EXPECT_NE(path("elu"), before);
  point_at(-1);
  const Activation moved_elu = elu.With("alpha", alpha);
  EXPECT_EQ(cell("elu", "spec"), moved_elu.ToString());
  EXPECT_EQ(cell("elu", "f"), Shown(moved_elu.Value(-1)));

  // gelu's form is a choice: the tanh approximation replaces the curve.
  const std::string erf_form = path("gelu");
  EXPECT_EQ(browser.Evaluate(
                "(function () { var s = document.getElementById('explorer-gelu-approximate'); "
                "s.focus(); return document.activeElement === s; })()"),
            true);
  browser.PressKey("ArrowDown", 40);
  EXPECT_NE(path("gelu"), erf_form);
  EXPECT_EQ(cell("gelu", "spec"), "gelu:approximate=tanh");

  // f' instead of f: the curves become the derivatives.
  const std::string forward = path("tanh");
  std::tie(bx, by) = browser.Centre("input[name=explorer-view][value=df]");
  browser.Click(bx, by);
  EXPECT_NE(path("tanh"), forward);
  EXPECT_NE(browser.Evaluate("document.getElementById('explorer-plot').textContent")
                .get<std::string>()
                .find("f\u2032(x)"),
            std::string::npos);

  browser.Centre("#explorer");
  std::ofstream(ScreenshotFolder() / "report-explorer.png", std::ios::binary)
      << browser.Screenshot(false);
  EXPECT_GT(fs::file_size(ScreenshotFolder() / "report-explorer.png"), 10000u);
}

}  // namespace
}  // namespace actlab
