// docs/catalogue.md is written from the catalogue's rows: this test fails when the page is out
// of date, and with ACTLAB_UPDATE_DOCS=1 (`make docs`) writes it anew. The README and every page
// of docs/ cite only files that are in the repository.
#include <fnmatch.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "actlab/activation.h"

namespace actlab {
namespace {

const std::string kPage = std::string(ACTLAB_TEST_DATA_DIR) + "/../../docs/catalogue.md";

namespace fs = std::filesystem;
const fs::path kRoot = fs::weakly_canonical(fs::path(ACTLAB_TEST_DATA_DIR) / ".." / "..");

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Whether `pattern` names something under `folder`: components may hold * or a <placeholder>,
// each matching any name.
bool Exists(const fs::path& folder, const std::string& pattern) {
  const std::size_t slash = pattern.find('/');
  std::string head = pattern.substr(0, slash);
  const std::string rest = slash == std::string::npos ? "" : pattern.substr(slash + 1);
  for (std::size_t open; (open = head.find('<')) != std::string::npos;) {
    const std::size_t close = head.find('>', open);
    if (close == std::string::npos) break;
    head.replace(open, close - open + 1, "*");
  }
  if (head.empty() || head == ".") return rest.empty() || Exists(folder, rest);
  if (head.find('*') == std::string::npos) {
    const fs::path next = folder / head;
    return fs::exists(next) && (rest.empty() || Exists(next, rest));
  }
  if (!fs::is_directory(folder)) return false;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (fnmatch(head.c_str(), entry.path().filename().c_str(), 0) != 0) continue;
    if (rest.empty() || Exists(entry.path(), rest)) return true;
  }
  return false;
}

// The paths a Markdown page cites: `code` spans that start with a folder of the repository, and
// the targets of links and images.
std::vector<std::string> CitedPaths(const std::string& page,
                                    const std::vector<std::string>& folders) {
  std::vector<std::string> paths;
  bool fenced = false;
  std::istringstream lines(page);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("```", 0) == 0) fenced = !fenced;
    if (fenced) continue;
    for (std::size_t open = line.find('`'); open != std::string::npos;) {
      const std::size_t close = line.find('`', open + 1);
      if (close == std::string::npos) break;
      const std::string span = line.substr(open + 1, close - open - 1);
      open = line.find('`', close + 1);
      if (span.find_first_of(" $=") != std::string::npos) continue;  // a command, not a path
      for (const std::string& folder : folders) {
        if (span.rfind(folder + "/", 0) == 0) paths.push_back(span);
      }
    }
    for (std::size_t at = line.find("]("); at != std::string::npos; at = line.find("](", at + 2)) {
      const std::size_t end = line.find_first_of(") #", at + 2);
      const std::string target = line.substr(at + 2, end == std::string::npos ? end : end - at - 2);
      if (target.empty() || target.find("://") != std::string::npos || target[0] == '#') continue;
      paths.push_back("./" + target);  // relative to the page
    }
  }
  return paths;
}

TEST(Docs, CiteOnlyFilesInTheRepository) {
  std::vector<std::string> folders;  // the repository's own top-level folders
  for (const auto& entry : fs::directory_iterator(kRoot)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_directory() && name != "build" && name != "out" && name != ".git") {
      folders.push_back(name);
    }
  }
  std::vector<fs::path> pages = {kRoot / "README.md"};
  for (const auto& entry : fs::directory_iterator(kRoot / "docs")) {
    if (entry.path().extension() == ".md") pages.push_back(entry.path());
  }
  int checked = 0;
  for (const fs::path& page : pages) {
    const std::string text = ReadAll(page);
    EXPECT_EQ(text.find("../shared"), std::string::npos) << page << " cites a folder outside";
    for (const std::string& cited : CitedPaths(text, folders)) {
      const bool relative = cited.rfind("./", 0) == 0;
      const fs::path base = relative ? page.parent_path() : kRoot;
      EXPECT_TRUE(Exists(base, relative ? cited.substr(2) : cited))
          << page.filename() << " cites " << cited << ", which is not in the repository";
      ++checked;
    }
  }
  EXPECT_GT(checked, 50);
}

TEST(CatalogueDoc, PageMatchesTheRows) {
  const std::string expected = CatalogueMarkdown();
  if (const char* update = std::getenv("ACTLAB_UPDATE_DOCS");
      update && std::string(update) == "1") {
    std::ofstream(kPage, std::ios::binary) << expected;
  }
  std::ifstream in(kPage, std::ios::binary);
  ASSERT_TRUE(in) << "cannot read " << kPage;
  std::stringstream page;
  page << in.rdbuf();
  EXPECT_EQ(page.str(), expected) << "docs/catalogue.md is out of date: run `make docs`";
}

TEST(CatalogueDoc, EveryRowHasItsFacts) {
  for (const Info& info : Catalogue()) {
    SCOPED_TRACE(std::string(info.name));
    EXPECT_FALSE(info.formula.empty());
    EXPECT_FALSE(info.derivative.empty());
    EXPECT_FALSE(info.source.empty());
    EXPECT_FALSE(info.plot.display_name.empty());
    EXPECT_GE(info.tutorial_tier, 0);
    EXPECT_LE(info.tutorial_tier, 5);
    EXPECT_NE(CatalogueMarkdown().find("## " + std::string(info.name) + "\n"), std::string::npos);
  }
}

}  // namespace
}  // namespace actlab
