// The report as a person sees it: headless Chromium loads the page from a file:// URL; the DOM it
// dumps must hold every section, and every image it references must exist. A screenshot is saved
// to the build folder (report-screenshot.png).
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>

#include "support/run_program.h"

namespace actlab {
namespace {

namespace fs = std::filesystem;
using testing::RunActlab;
using testing::RunCommand;

std::vector<std::string> ChromiumArgs(const fs::path& profile) {
  return {"60", "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--user-data-dir=" + profile.string()};
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
  const std::regex section_id("<section id=\"([a-z-]+)\"");
  for (auto it = std::sregex_iterator(dom.out.begin(), dom.out.end(), section_id);
       it != std::sregex_iterator(); ++it) {
    sections.insert((*it)[1]);
  }
  for (const char* required :
       {"catalogue", "figures", "propagation", "training", "kernels", "provenance"}) {
    EXPECT_TRUE(sections.count(required)) << "section '" << required << "' missing";
  }
  int images = 0;
  const std::regex image_source("<img [^>]*src=\"([^\"]+)\"");
  for (auto it = std::sregex_iterator(dom.out.begin(), dom.out.end(), image_source);
       it != std::sregex_iterator(); ++it) {
    const std::string source = (*it)[1];
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
