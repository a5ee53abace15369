// PNG, SVG and PDF through cairo's surfaces, written to memory and then to the file atomically.
#include "actlab/plot/save.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <stdexcept>

#include "actlab/io.h"
#include "actlab/output.h"
#include "plot/cairo_renderer.h"

namespace actlab::plot {
namespace {

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void Check(cairo_status_t status, const char* what) {
  if (status != CAIRO_STATUS_SUCCESS) {
    throw IoError(std::string("cairo could not ") + what + ": " + cairo_status_to_string(status));
  }
}

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

void DrawOn(cairo_surface_t* surface, const Figure& figure, double dpi, bool raster) {
  cairo_t* cr = cairo_create(surface);
  CairoRenderer renderer(cr, raster);
  figure.Draw(renderer, dpi);
  const cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  Check(status, "draw the figure");
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
  std::string bytes;
  if (format == ImageFormat::kPng) {
    const int width = static_cast<int>(std::lround(figure.width_in() * dpi));
    const int height = static_cast<int>(std::lround(figure.height_in() * dpi));
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
    Check(cairo_surface_status(surface), "create the image");
    try {
      DrawOn(surface, figure, dpi, true);
    } catch (...) {
      cairo_surface_destroy(surface);
      throw;
    }
    const cairo_status_t status =
        cairo_surface_write_to_png_stream(surface, AppendToString, &bytes);
    cairo_surface_destroy(surface);
    Check(status, "encode the PNG");
    return bytes;
  }
  // Vector surfaces are sized in points: lay out at 72 units per inch.
  const double width = figure.width_in() * 72, height = figure.height_in() * 72;
  cairo_surface_t* surface =
      format == ImageFormat::kSvg
          ? cairo_svg_surface_create_for_stream(AppendToString, &bytes, width, height)
          : cairo_pdf_surface_create_for_stream(AppendToString, &bytes, width, height);
  Check(cairo_surface_status(surface), "create the document");
  const std::string titles = Titles(figure);
  if (format == ImageFormat::kPdf && !titles.empty()) {
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, titles.c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "actlab");
  }
  try {
    DrawOn(surface, figure, 72, false);
  } catch (...) {
    cairo_surface_destroy(surface);
    throw;
  }
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  Check(status, "write the document");
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
