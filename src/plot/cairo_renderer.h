// The cairo implementation of Renderer, inside the plotting module (cairo_module.h); save.h is its
// public face.
#ifndef ACTLAB_SRC_PLOT_CAIRO_RENDERER_H_
#define ACTLAB_SRC_PLOT_CAIRO_RENDERER_H_

#include <cairo.h>

#include <string>
#include <string_view>
#include <vector>

#include "actlab/plot/renderer.h"

namespace actlab::plot {

class CairoRenderer : public Renderer {
 public:
  // Draws on `cr` (not owned). `raster`: snap axis-aligned lines to pixel centres, as matplotlib's
  // Agg.
  CairoRenderer(cairo_t* cr, bool raster);

  void DrawPath(std::span<const Point> points, const PathStyle& style) override;
  void DrawText(std::string_view text, Point origin, const TextStyle& style) override;
  TextMetrics MeasureText(std::string_view text, double size) override;

 private:
  cairo_t* cr_;
  bool raster_;
};

// Selects DejaVu Sans at `size` on `cr`, without hinting, so that measures scale with the size.
void SelectFont(cairo_t* cr, double size);

// The metrics of `text` at `size` as drawn (DejaVu Sans and its fallbacks).
TextMetrics MeasureTextInCairo(std::string_view text, double size);

// A piece of text drawn with one font family.
struct FontRun {
  std::string family;
  std::string text;  // UTF-8
};
// `text` cut where the font changes: DejaVu Sans wherever it has the glyph, else the installed font
// fontconfig finds with the glyph (a CJK title, for instance, takes a CJK font). Bytes that are not
// UTF-8 become U+FFFD, so cairo is never given an invalid string.
std::vector<FontRun> FontRuns(std::string_view text);

}  // namespace actlab::plot

#endif  // ACTLAB_SRC_PLOT_CAIRO_RENDERER_H_
