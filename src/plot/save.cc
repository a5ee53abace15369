// PNG, SVG and PDF through the plotting module's cairo surfaces, written to memory and then to the
// file atomically.
#include "actlab/plot/save.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <stdexcept>

#include "actlab/io.h"
#include "actlab/output.h"
#include "plot/cairo_module.h"

namespace actlab::plot {
namespace {

// The texts that name the figure: its title, else its axes' titles.
std::string Titles(const Figure& figure) {
  std::string titles = figure.title();
  for (const Axes& axes : figure.axes()) {
    if (!figure.title().empty()) break;
    if (axes.title().empty()) continue;
    titles += (titles.empty() ? "" : "; ") + axes.title();
  }
  return titles;
}

// What the module's callback draws: the figure at its dpi.
struct Drawing {
  const Figure* figure;
  double dpi;
};

void DrawFigure(void* context, Renderer& renderer) {
  const auto* drawing = static_cast<const Drawing*>(context);
  drawing->figure->Draw(renderer, drawing->dpi);
}

}  // namespace

ImageFormat ImageFormatFromPath(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".png") return ImageFormat::kPng;
  if (ext == ".svg") return ImageFormat::kSvg;
  if (ext == ".pdf") return ImageFormat::kPdf;
  throw std::invalid_argument(
      "cannot tell the image format of '" + path.string() + "' from its " +
      (ext.empty() ? std::string("missing extension") : "extension '" + ext + "'") +
      "; allowed: .png, .svg, .pdf");
}

std::string RenderFigure(const Figure& figure, ImageFormat format, double dpi) {
  if (!(dpi >= 10 && dpi <= 1200)) {
    throw std::invalid_argument("dpi " + std::to_string(dpi) +
                                " is not allowed; allowed: 10 to 1200");
  }
  std::string bytes, error;
  const std::string titles = Titles(figure);
  bool written = false;
  if (format == ImageFormat::kPng) {
    Drawing drawing{&figure, dpi};
    written = Cairo().render(CairoSurface::kPng, std::round(figure.width_in() * dpi),
                             std::round(figure.height_in() * dpi), "", DrawFigure, &drawing, &bytes,
                             &error);
  } else {
    // Vector surfaces are sized in points: lay out at 72 units per inch.
    Drawing drawing{&figure, 72};
    written = Cairo().render(format == ImageFormat::kSvg ? CairoSurface::kSvg : CairoSurface::kPdf,
                             figure.width_in() * 72, figure.height_in() * 72, titles.c_str(),
                             DrawFigure, &drawing, &bytes, &error);
  }
  if (!written) throw IoError("cairo could not " + error);
  if (format == ImageFormat::kSvg && !titles.empty()) {
    // cairo draws text as glyph outlines; a <title> keeps the figure's name readable and
    // searchable.
    const std::size_t svg = bytes.find("<svg");
    const std::size_t end = svg == std::string::npos ? svg : bytes.find('>', svg);
    if (end != std::string::npos) {
      bytes.insert(end + 1, "\n<title>" + EscapeXml(titles) + "</title>");
    }
  }
  return bytes;
}

void SaveFigure(const Figure& figure, const std::filesystem::path& path, double dpi) {
  const ImageFormat format = ImageFormatFromPath(path);
  WriteOutput(path, RenderFigure(figure, format, dpi));
}

}  // namespace actlab::plot
