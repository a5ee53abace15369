// The renderer contract (draw a path, draw a text, measure a text) and the recording renderer that
// tests inspect. Coordinates are device units with y pointing down: pixels for PNG, points for SVG
// and PDF. The cairo implementation lives in save.h's functions.
#ifndef ACTLAB_PLOT_RENDERER_H_
#define ACTLAB_PLOT_RENDERER_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "actlab/plot/figure.h"

namespace actlab::plot {

// How a path is stroked and filled. Sizes are in device units.
struct PathStyle {
  std::optional<Color> stroke;  // none: not stroked
  double width = 1;
  LineStyle dash = LineStyle::kSolid;
  std::optional<Color> fill;  // none: not filled (the path is closed when filled)
  bool snap = false;          // axis-aligned lines: a raster backend may snap them to pixel centres
  // What the path is ("grid", "spine", "tick", "line", "fill", "arrow", "legend", ...): for tests
  // and for debugging, never for drawing.
  std::string_view group;
};

// A text's size as drawn: advance width, and its extent above and below the baseline.
struct TextMetrics {
  double width = 0, ascent = 0, descent = 0;
};

struct TextStyle {
  double size = 12;  // font size in device units
  Color color = kBlack;
  double rotation_deg = 0;  // counter-clockwise about the origin
  std::string_view group;   // as PathStyle::group
};

class Renderer {
 public:
  virtual ~Renderer() = default;
  // Strokes and/or fills the polyline `points`.
  virtual void DrawPath(std::span<const Point> points, const PathStyle& style) = 0;
  // Draws `text` (UTF-8) in DejaVu Sans (characters it lacks in a font that has them) with its
  // baseline starting at `origin`.
  virtual void DrawText(std::string_view text, Point origin, const TextStyle& style) = 0;
  // The metrics `text` would have at font size `size`.
  virtual TextMetrics MeasureText(std::string_view text, double size) = 0;
};

// The text metrics of DejaVu Sans through cairo, shared by every renderer.
TextMetrics MeasureWithCairo(std::string_view text, double size);

// Keeps every call, for tests. Texts are measured with the real font, so boxes are the drawn ones.
class RecordingRenderer : public Renderer {
 public:
  struct PathCall {
    std::vector<Point> points;
    PathStyle style;
    std::string group;
  };
  struct TextCall {
    std::string text;
    Point origin;
    TextStyle style;
    std::string group;
    // The text's box in device units: left, top, right, bottom (y down).
    double left = 0, top = 0, right = 0, bottom = 0;
  };

  void DrawPath(std::span<const Point> points, const PathStyle& style) override;
  void DrawText(std::string_view text, Point origin, const TextStyle& style) override;
  TextMetrics MeasureText(std::string_view text, double size) override;

  const std::vector<PathCall>& paths() const { return paths_; }
  const std::vector<TextCall>& texts() const { return texts_; }

 private:
  std::vector<PathCall> paths_;
  std::vector<TextCall> texts_;
};

}  // namespace actlab::plot

#endif  // ACTLAB_PLOT_RENDERER_H_
