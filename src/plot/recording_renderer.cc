// The renderer that keeps its calls, for tests.
#include <algorithm>
#include <cmath>
#include <numbers>

#include "actlab/plot/renderer.h"

namespace actlab::plot {

void RecordingRenderer::DrawPath(std::span<const Point> points, const PathStyle& style) {
  paths_.push_back({{points.begin(), points.end()}, style, std::string(style.group)});
  paths_.back().style.group = {};  // the view would dangle; `group` keeps the text
}

void RecordingRenderer::DrawText(std::string_view text, Point origin, const TextStyle& style) {
  const TextMetrics m = MeasureText(text, style.size);
  // The unrotated box relative to the origin, turned by the rotation (counter-clockwise, y down).
  const double angle = style.rotation_deg * std::numbers::pi / 180;
  const double c = std::cos(angle), s = std::sin(angle);
  const Point corners[4] = {
      {0, -m.ascent}, {m.width, -m.ascent}, {m.width, m.descent}, {0, m.descent}};
  TextCall call{std::string(text), origin, style, std::string(style.group)};
  call.style.group = {};
  call.left = call.top = 1e300;
  call.right = call.bottom = -1e300;
  for (const Point& p : corners) {
    const double x = origin.x + p.x * c + p.y * s, y = origin.y - p.x * s + p.y * c;
    call.left = std::min(call.left, x);
    call.right = std::max(call.right, x);
    call.top = std::min(call.top, y);
    call.bottom = std::max(call.bottom, y);
  }
  texts_.push_back(std::move(call));
}

TextMetrics RecordingRenderer::MeasureText(std::string_view text, double size) {
  return MeasureWithCairo(text, size);
}

}  // namespace actlab::plot
