// The plotting module's entry (cairo_module.h): surfaces for PNG, SVG and PDF written to
// memory, and text measured with the fonts. Uses nothing of libactlab but its headers.
#include "plot/cairo_module.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>

#include <cmath>

#include "plot/cairo_renderer.h"

namespace {

using actlab::plot::CairoSurface;

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

bool Failed(cairo_status_t status, const char* what, std::string* error) {
  if (status == CAIRO_STATUS_SUCCESS) return false;
  *error = std::string(what) + ": " + cairo_status_to_string(status);
  return true;
}

// Draws on `surface` (destroyed here, also when `draw` throws); the status of the drawing.
cairo_status_t DrawOn(cairo_surface_t* surface, bool raster, actlab::plot::DrawCallback draw,
                      void* context) {
  cairo_t* cr = cairo_create(surface);
  try {
    actlab::plot::CairoRenderer renderer(cr, raster);
    draw(context, renderer);
  } catch (...) {
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
    throw;
  }
  const cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  return status;
}

void Measure(const char* text, std::size_t length, double size,
             actlab::plot::TextMetrics* metrics) {
  *metrics = actlab::plot::MeasureTextInCairo(std::string_view(text, length), size);
}

bool Render(CairoSurface kind, double width, double height, const char* title,
            actlab::plot::DrawCallback draw, void* context, std::string* bytes,
            std::string* error) {
  if (kind == CairoSurface::kPng) {
    cairo_surface_t* surface =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, static_cast<int>(std::lround(width)),
                                   static_cast<int>(std::lround(height)));
    if (Failed(cairo_surface_status(surface), "create the image", error)) {
      cairo_surface_destroy(surface);
      return false;
    }
    const cairo_status_t drawn = DrawOn(surface, true, draw, context);
    const cairo_status_t status =
        drawn != CAIRO_STATUS_SUCCESS
            ? drawn
            : cairo_surface_write_to_png_stream(surface, AppendToString, bytes);
    cairo_surface_destroy(surface);
    return !Failed(status, drawn != CAIRO_STATUS_SUCCESS ? "draw the figure" : "encode the PNG",
                   error);
  }
  cairo_surface_t* surface =
      kind == CairoSurface::kSvg
          ? cairo_svg_surface_create_for_stream(AppendToString, bytes, width, height)
          : cairo_pdf_surface_create_for_stream(AppendToString, bytes, width, height);
  if (Failed(cairo_surface_status(surface), "create the document", error)) {
    cairo_surface_destroy(surface);
    return false;
  }
  if (kind == CairoSurface::kPdf && title && *title) {
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "actlab");
  }
  const cairo_status_t drawn = DrawOn(surface, false, draw, context);
  cairo_surface_finish(surface);
  const cairo_status_t status =
      drawn != CAIRO_STATUS_SUCCESS ? drawn : cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  return !Failed(status, drawn != CAIRO_STATUS_SUCCESS ? "draw the figure" : "write the document",
                 error);
}

}  // namespace

const actlab::plot::CairoModule actlab_cairo_module{&Measure, &Render};
