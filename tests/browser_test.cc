// The report as a person sees it: headless Chromium loads the page from a file:// URL; the DOM it
// dumps must hold every section, and every image it references must exist. A screenshot is saved
// to the build folder (report-screenshot.png).
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "support/run_program.h"

namespace actlab {
namespace {

namespace fs = std::filesystem;
using testing::RunActlab;
using testing::RunCommand;

std::vector<std::string> ChromiumArgs(const fs::path& profile) {
  return {"60",
          "chromium",
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--user-data-dir=" + profile.string()};
}

// The values of `attribute` in every element that starts with `tag` ("<img ").
std::vector<std::string> AttributeValues(const std::string& html, const std::string& tag,
                                         const std::string& attribute) {
  std::vector<std::string> values;
  const std::string key = " " + attribute + "=\"";
  for (std::size_t at = html.find(tag); at != std::string::npos; at = html.find(tag, at + 1)) {
    const std::size_t end = html.find('>', at);
    const std::size_t start = html.find(key, at);
    if (start == std::string::npos || start > end) continue;
    const std::size_t first = start + key.size();
    values.push_back(html.substr(first, html.find('"', first) - first));
  }
  return values;
}

TEST(Report, EverySectionAndImageIsThereInTheBrowser) {
  const fs::path dir = fs::path(::testing::TempDir()) / "actlab-browser-report";
  fs::remove_all(dir);
  const auto made = RunActlab({"report", "--quick", "-o", dir.string()});
  ASSERT_EQ(made.status, 0) << made.err;
  ASSERT_TRUE(fs::exists(dir / "index.html"));

  const fs::path profile = fs::path(::testing::TempDir()) / "actlab-chromium-profile";
  fs::remove_all(profile);
  auto args = ChromiumArgs(profile);
  args.push_back("--dump-dom");
  args.push_back("file://" + fs::absolute(dir / "index.html").string());
  const auto dom = RunCommand("timeout", args);
  ASSERT_EQ(dom.status, 0) << dom.err;

  std::set<std::string> sections;
  for (const std::string& id : AttributeValues(dom.out, "<section ", "id")) sections.insert(id);
  for (const char* required :
       {"catalogue", "figures", "propagation", "training", "kernels", "provenance"}) {
    EXPECT_TRUE(sections.count(required)) << "section '" << required << "' missing";
  }
  int images = 0;
  for (const std::string& source : AttributeValues(dom.out, "<img ", "src")) {
    EXPECT_TRUE(fs::exists(dir / source)) << source << " does not resolve";
    ++images;
  }
  EXPECT_GE(images, 8);

  const fs::path screenshot = fs::path(ACTLAB_BUILD_DIR) / "report-screenshot.png";
  fs::remove(screenshot);
  args = ChromiumArgs(profile);
  args.push_back("--window-size=1280,1600");
  args.push_back("--screenshot=" + screenshot.string());
  args.push_back("file://" + fs::absolute(dir / "index.html").string());
  const auto shot = RunCommand("timeout", args);
  EXPECT_EQ(shot.status, 0) << shot.err;
  EXPECT_TRUE(fs::exists(screenshot));
}

}  // namespace
}  // namespace actlab
