// Paths and texts through cairo; the same measurements serve the recording renderer.
#include "plot/cairo_renderer.h"

#include <cmath>
#include <memory>
#include <numbers>
#include <string>
#include <vector>

namespace actlab::plot {
namespace {

void SetColor(cairo_t* cr, const Color& c) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a); }

// matplotlib's dash patterns, in multiples of the line width.
std::vector<double> DashPattern(LineStyle style, double width) {
  std::vector<double> pattern;
  switch (style) {
    case LineStyle::kSolid:
      break;
    case LineStyle::kDashed:
      pattern = {3.7, 1.6};
      break;
    case LineStyle::kDotted:
      pattern = {1, 1.65};
      break;
    case LineStyle::kDashDot:
      pattern = {6.4, 1.6, 1, 1.6};
      break;
  }
  for (double& d : pattern) d *= width;
  return pattern;
}

// Pixel-centre snapping for crisp lines, as Agg does for straight axis-aligned paths: to the
// nearest pixel centre (odd widths) or edge (even widths), rounding as matplotlib's PathSnapper
// does.
double Snap(double v, double width) {
  const double offset = static_cast<long>(std::lround(width)) % 2 == 1 ? 0.5 : 0.0;
  return std::floor(v + 0.5) + offset;
}

}  // namespace

void SelectFont(cairo_t* cr, double size) {
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  cairo_set_font_options(cr, options);
  cairo_font_options_destroy(options);
}

TextMetrics MeasureWithCairo(std::string_view text, double size) {
  // One scratch context per thread; measuring needs no surface of any size.
  struct Scratch {
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t* cr = cairo_create(surface);
    ~Scratch() {
      cairo_destroy(cr);
      cairo_surface_destroy(surface);
    }
  };
  thread_local Scratch scratch;
  SelectFont(scratch.cr, size);
  const std::string copy(text);
  cairo_text_extents_t extents;
  cairo_text_extents(scratch.cr, copy.c_str(), &extents);
  return {extents.x_advance, -extents.y_bearing, extents.height + extents.y_bearing};
}

CairoRenderer::CairoRenderer(cairo_t* cr, bool raster) : cr_(cr), raster_(raster) {
  cairo_set_antialias(cr_, CAIRO_ANTIALIAS_GRAY);
}

void CairoRenderer::DrawPath(std::span<const Point> points, const PathStyle& style) {
  if (points.empty()) return;
  std::vector<Point> path(points.begin(), points.end());
  if (raster_ && style.snap && style.stroke && path.size() == 2) {
    if (path[0].x == path[1].x) path[0].x = path[1].x = Snap(path[0].x, style.width);
    if (path[0].y == path[1].y) path[0].y = path[1].y = Snap(path[0].y, style.width);
  }
  cairo_new_path(cr_);
  cairo_move_to(cr_, path[0].x, path[0].y);
  for (std::size_t i = 1; i < path.size(); ++i) cairo_line_to(cr_, path[i].x, path[i].y);
  if (style.fill) {
    cairo_close_path(cr_);
    SetColor(cr_, *style.fill);
    if (style.stroke) {
      cairo_fill_preserve(cr_);
    } else {
      cairo_fill(cr_);
    }
  }
  if (style.stroke) {
    SetColor(cr_, *style.stroke);
    cairo_set_line_width(cr_, style.width);
    cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr_, CAIRO_LINE_CAP_BUTT);
    const std::vector<double> dashes = DashPattern(style.dash, style.width);
    cairo_set_dash(cr_, dashes.data(), static_cast<int>(dashes.size()), 0);
    cairo_stroke(cr_);
  }
  cairo_new_path(cr_);
}

void CairoRenderer::DrawText(std::string_view text, Point origin, const TextStyle& style) {
  cairo_save(cr_);
  SelectFont(cr_, style.size);
  SetColor(cr_, style.color);
  cairo_translate(cr_, origin.x, origin.y);
  cairo_rotate(cr_, -style.rotation_deg * std::numbers::pi / 180);
  cairo_move_to(cr_, 0, 0);
  const std::string copy(text);
  cairo_show_text(cr_, copy.c_str());
  cairo_new_path(cr_);
  cairo_restore(cr_);
}

TextMetrics CairoRenderer::MeasureText(std::string_view text, double size) {
  return MeasureWithCairo(text, size);
}

}  // namespace actlab::plot
