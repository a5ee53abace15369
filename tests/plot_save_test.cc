// Figures written through cairo: valid PNG, SVG and PDF, the size that the dpi asks for, and errors
// that leave no file behind.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "actlab/figures/activations.h"
#include "actlab/io.h"
#include "actlab/plot/save.h"
#include "support/fontconfig_leak.h"

namespace actlab::plot {
namespace {

std::uint32_t BigEndian32(const std::string& bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i)
    value = value << 8 | static_cast<unsigned char>(bytes.at(at + i));
  return value;
}

// Checks what the tests need of XML: one root element, every tag closed in order, comments,
// declarations and character data skipped. Returns "" when well formed, else what is wrong.
std::string XmlProblem(const std::string& text) {
  std::vector<std::string> open;
  int roots = 0;
  std::size_t at = 0;
  while ((at = text.find('<', at)) != std::string::npos) {
    auto skip_to = [&](const char* end) {
      const std::size_t stop = text.find(end, at);
      at = stop == std::string::npos ? std::string::npos : stop + std::string(end).size();
    };
    if (text.compare(at, 4, "<!--") == 0) {
      skip_to("-->");
    } else if (text.compare(at, 9, "<![CDATA[") == 0) {
      skip_to("]]>");
    } else if (text.compare(at, 2, "<?") == 0 || text.compare(at, 2, "<!") == 0) {
      skip_to(">");
    } else {
      const std::size_t end = text.find('>', at);
      if (end == std::string::npos) return "unterminated tag";
      std::string tag = text.substr(at + 1, end - at - 1);
      at = end + 1;
      if (tag.empty()) return "empty tag";
      if (tag[0] == '/') {
        const std::string name = tag.substr(1, tag.find_first_of(" \t\n") - 1);
        if (open.empty() || open.back() != name) return "</" + name + "> closes nothing open";
        open.pop_back();
      } else if (tag.back() != '/') {
        if (open.empty()) ++roots;
        open.push_back(tag.substr(0, tag.find_first_of(" \t\n")));
      } else if (open.empty()) {
        ++roots;
      }
    }
    if (at == std::string::npos) return "unterminated comment or section";
  }
  if (!open.empty()) return "<" + open.back() + "> is never closed";
  if (roots != 1) return std::to_string(roots) + " root elements";
  return "";
}

class TempFolder {
 public:
  TempFolder() {
    std::random_device entropy;
    path_ = std::filesystem::temp_directory_path() / ("actlab-plot-" + std::to_string(entropy()));
    std::filesystem::create_directories(path_);
  }
  ~TempFolder() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }
  std::vector<std::string> Files() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(path_)) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  }

 private:
  std::filesystem::path path_;
};

std::string Read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(SaveFigure, PngHasItsSignatureAndTheSizeTheDpiAsks) {
  const Figure figure = TutorialFigure(Kind::kSigmoid);
  for (const auto& [dpi, width, height] :
       std::vector<std::tuple<double, std::uint32_t, std::uint32_t>>{
           {100, 640, 480}, {200, 1280, 960}, {72, 461, 346}}) {
    const std::string png = RenderFigure(figure, ImageFormat::kPng, dpi);
    ASSERT_GT(png.size(), 33u);
    EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    EXPECT_EQ(png.substr(12, 4), "IHDR");
    EXPECT_EQ(BigEndian32(png, 16), width) << dpi;
    EXPECT_EQ(BigEndian32(png, 20), height) << dpi;
    EXPECT_EQ(png.substr(png.size() - 8, 4), "IEND");
  }
}

TEST(SaveFigure, SvgIsXmlAndNamesTheFigure) {
  for (Kind kind : TutorialKinds()) {
    const Figure figure = TutorialFigure(kind);
    const std::string svg = RenderFigure(figure, ImageFormat::kSvg);
    EXPECT_EQ(XmlProblem(svg), "") << InfoOf(kind).name;
    EXPECT_NE(svg.find("<svg"), std::string::npos);
    EXPECT_NE(svg.find("<title>" + figure.axes().front().title() + "</title>"), std::string::npos);
    EXPECT_NE(svg.find("width=\"460.8pt\""), std::string::npos);  // 6.4 in x 72 pt
  }
  EXPECT_NE(XmlProblem("<a><b></a></b>"), "");  // the checker can fail
  EXPECT_NE(XmlProblem("<a></a><a></a>"), "");
}

TEST(SaveFigure, PdfHasHeaderAndTrailer) {
  const std::string pdf = RenderFigure(GalleryFigure(), ImageFormat::kPdf);
  EXPECT_EQ(pdf.substr(0, 7), "%PDF-1.");
  EXPECT_NE(pdf.find("%%EOF", pdf.size() - 16), std::string::npos);
}

TEST(SaveFigure, FormatFollowsTheExtension) {
  EXPECT_EQ(ImageFormatFromPath("a/b.png"), ImageFormat::kPng);
  EXPECT_EQ(ImageFormatFromPath("b.SVG"), ImageFormat::kSvg);
  EXPECT_EQ(ImageFormatFromPath("c.Pdf"), ImageFormat::kPdf);
  for (const char* bad : {"figure.bmp", "figure", "figure.png.tmp", ".png"}) {
    EXPECT_THROW(ImageFormatFromPath(bad), std::invalid_argument) << bad;
  }
}

TEST(SaveFigure, WritesEachFormatAndLeavesNothingElse) {
  TempFolder folder;
  const Figure figure = SaturationFigure();
  SaveFigure(figure, folder.path() / "s.png");
  SaveFigure(figure, folder.path() / "s.svg");
  SaveFigure(figure, folder.path() / "s.pdf", 200);
  auto files = folder.Files();
  std::sort(files.begin(), files.end());
  EXPECT_EQ(files, (std::vector<std::string>{"s.pdf", "s.png", "s.svg"}));
  EXPECT_EQ(Read(folder.path() / "s.png"), RenderFigure(figure, ImageFormat::kPng));
}

TEST(SaveFigure, ErrorsLeaveNoFile) {
  TempFolder folder;
  const Figure figure = TutorialFigure(Kind::kTanh);
  EXPECT_THROW(SaveFigure(figure, folder.path() / "t.bmp"), std::invalid_argument);
  EXPECT_THROW(SaveFigure(figure, folder.path() / "t.png", 0), std::invalid_argument);
  EXPECT_THROW(SaveFigure(figure, folder.path() / "t.png", 5000), std::invalid_argument);
  std::ofstream(folder.path() / "file") << "x";
  EXPECT_THROW(SaveFigure(figure, folder.path() / "file" / "t.png"), IoError);
  EXPECT_EQ(folder.Files(), std::vector<std::string>{"file"});
}

// The output layer's rule: missing parent folders are created.
TEST(SaveFigure, CreatesMissingParentFolders) {
  TempFolder folder;
  SaveFigure(TutorialFigure(Kind::kTanh), folder.path() / "a" / "b" / "t.svg");
  EXPECT_TRUE(std::filesystem::is_regular_file(folder.path() / "a" / "b" / "t.svg"));
}

}  // namespace
}  // namespace actlab::plot
