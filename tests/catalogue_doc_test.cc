// docs/catalogue.md is written from the catalogue's rows: this test fails when the page is out
// of date, and with ACTLAB_UPDATE_DOCS=1 (`make docs`) writes it anew.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "actlab/activation.h"

namespace actlab {
namespace {

const std::string kPage = std::string(ACTLAB_TEST_DATA_DIR) + "/../../docs/catalogue.md";

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
