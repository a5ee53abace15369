// The figure model: artists added to axes, and the limits that follow from them.
#include "actlab/plot/figure.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace actlab::plot {
namespace {

void CheckLimits(const char* axis, double min, double max) {
  if (!std::isfinite(min) || !std::isfinite(max) || !(min < max)) {
    throw std::invalid_argument(std::string(axis) + " limits " + std::to_string(min) + ":" +
                                std::to_string(max) +
                                " are empty or reversed; allowed: finite numbers with min < max");
  }
}

}  // namespace

Color Color::Hex(std::uint32_t rgb, double alpha) {
  return {((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0, alpha};
}

Color Tab10(int index) {
  static constexpr std::uint32_t kTab10[] = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
                                             0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf};
  return Color::Hex(kTab10[((index % 10) + 10) % 10]);
}

std::vector<double> Linspace(double a, double b, int n) {
  std::vector<double> values;
  if (n <= 0) return values;
  if (n == 1) return {a};
  values.reserve(static_cast<std::size_t>(n));
  const double step = (b - a) / (n - 1);
  for (int i = 0; i < n; ++i) values.push_back(i == n - 1 ? b : a + i * step);
  return values;
}

Line& Axes::Plot(std::span<const double> x, std::span<const double> y, Color color, LineStyle style,
                 double width_pt, std::string label) {
  if (x.size() != y.size()) throw std::invalid_argument("Plot: x and y differ in length");
  Line& line = lines_.emplace_back();
  line.x.assign(x.begin(), x.end());
  line.y.assign(y.begin(), y.end());
  line.color = color;
  line.style = style;
  line.width_pt = width_pt;
  line.label = std::move(label);
  return line;
}

Line& Axes::HorizontalLine(double y, Color color, LineStyle style, double width_pt) {
  Line& line = lines_.emplace_back();
  line.x = {0, 1};
  line.y = {y, y};
  line.x_coords = Coords::kAxesFraction;
  line.color = color;
  line.style = style;
  line.width_pt = width_pt;
  return line;
}

Line& Axes::VerticalLine(double x, Color color, LineStyle style, double width_pt) {
  Line& line = lines_.emplace_back();
  line.x = {x, x};
  line.y = {0, 1};
  line.y_coords = Coords::kAxesFraction;
  line.color = color;
  line.style = style;
  line.width_pt = width_pt;
  return line;
}

Fill& Axes::FillBetween(std::span<const double> x, std::span<const double> y1,
                        std::span<const double> y2, Color color, std::span<const bool> where,
                        std::string label) {
  if (x.size() != y1.size() || x.size() != y2.size() ||
      (!where.empty() && where.size() != x.size())) {
    throw std::invalid_argument("FillBetween: x, y1, y2 and where differ in length");
  }
  Fill& fill = fills_.emplace_back();
  fill.color = color;
  fill.label = std::move(label);
  std::size_t i = 0;
  while (i < x.size()) {
    if (!where.empty() && !where[i]) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < x.size() && (where.empty() || where[end])) ++end;
    std::vector<Point> polygon;
    for (std::size_t k = i; k < end; ++k) polygon.push_back({x[k], y1[k]});
    for (std::size_t k = end; k-- > i;) polygon.push_back({x[k], y2[k]});
    fill.polygons.push_back(std::move(polygon));
    i = end;
  }
  return fill;
}

Fill& Axes::VerticalSpan(double x0, double x1, Color color) {
  Fill& fill = fills_.emplace_back();
  fill.polygons.push_back({{x0, 0}, {x1, 0}, {x1, 1}, {x0, 1}});
  fill.y_coords = Coords::kAxesFraction;
  fill.color = color;
  return fill;
}

Fill& Axes::HorizontalSpan(double y0, double y1, Color color) {
  Fill& fill = fills_.emplace_back();
  fill.polygons.push_back({{0, y0}, {1, y0}, {1, y1}, {0, y1}});
  fill.x_coords = Coords::kAxesFraction;
  fill.color = color;
  return fill;
}

Text& Axes::AddText(std::string text, Point position, Coords coords, double size_pt) {
  Text& item = texts_.emplace_back();
  item.text = std::move(text);
  item.position = position;
  item.x_coords = item.y_coords = coords;
  item.size_pt = size_pt;
  return item;
}

Annotation& Axes::Annotate(std::string text, Point text_position, Point target, double size_pt) {
  Annotation& item = annotations_.emplace_back();
  item.text = std::move(text);
  item.text_position = text_position;
  item.target = target;
  item.size_pt = size_pt;
  return item;
}

Legend& Axes::ShowLegend(LegendLocation location) {
  legend_ = Legend{};
  legend_->location = location;
  return *legend_;
}

void Axes::SetXLimits(double min, double max) {
  CheckLimits("x", min, max);
  x_limits_ = {min, max};
}

void Axes::SetYLimits(double min, double max) {
  CheckLimits("y", min, max);
  if (y_scale_ == Scale::kLog10 && min <= 0) {
    throw std::invalid_argument("y limits of a log axis must be positive");
  }
  y_limits_ = {min, max};
}

void Axes::SetTitle(std::string title, double size_pt) {
  title_ = std::move(title);
  title_size_pt_ = size_pt;
}

void Axes::SetXLabel(std::string label, double size_pt) {
  x_label_ = std::move(label);
  x_label_size_pt_ = size_pt;
}

void Axes::SetYLabel(std::string label, double size_pt) {
  y_label_ = std::move(label);
  y_label_size_pt_ = size_pt;
}

std::pair<double, double> Axes::DataExtent(bool vertical) const {
  const bool log = vertical && y_scale_ == Scale::kLog10;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  auto take = [&](double v) {
    if (!std::isfinite(v) || (log && v <= 0)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  };
  for (const Line& line : lines_) {
    if ((vertical ? line.y_coords : line.x_coords) != Coords::kData) continue;
    // Lines spanning the axes (axhline) do not widen the other direction.
    if ((vertical ? line.x_coords : line.y_coords) != Coords::kData) continue;
    for (double v : vertical ? line.y : line.x) take(v);
  }
  for (const Fill& fill : fills_) {
    if ((vertical ? fill.y_coords : fill.x_coords) != Coords::kData) continue;
    if ((vertical ? fill.x_coords : fill.y_coords) != Coords::kData) continue;
    for (const auto& polygon : fill.polygons) {
      for (const Point& p : polygon) take(vertical ? p.y : p.x);
    }
  }
  if (!(lo <= hi)) return log ? std::pair{1.0, 10.0} : std::pair{0.0, 1.0};
  if (log) {
    const double a = std::log10(lo), b = std::log10(hi);
    const double margin = a == b ? 0.5 : 0.05 * (b - a);
    return {std::pow(10.0, a - margin), std::pow(10.0, b + margin)};
  }
  // matplotlib's nonsingular(): a span of a few ulps (sigmoid over [35, 40]) is widened by 5 % of
  // the values, as an empty span is, so that the axis shows a curve that is flat to the eye.
  const double largest = std::max(std::abs(lo), std::abs(hi));
  const double limit = std::numeric_limits<double>::max();
  if (hi - lo <= largest * 1e-15) {
    if (largest == 0) return {-0.05, 0.05};
    return {std::max(lo - 0.05 * std::abs(lo), -limit), std::min(hi + 0.05 * std::abs(hi), limit)};
  }
  // 5 % of the span, which may exceed a double when the data reach +-1.8e308.
  const double margin = std::isfinite(hi - lo) ? 0.05 * (hi - lo) : 0.1 * (hi / 2 - lo / 2);
  return {std::max(lo - margin, -limit), std::min(hi + margin, limit)};
}

std::pair<double, double> Axes::XLimits() const {
  return x_limits_ ? *x_limits_ : DataExtent(false);
}
std::pair<double, double> Axes::YLimits() const {
  return y_limits_ ? *y_limits_ : DataExtent(true);
}

Figure::Figure(double width_in, double height_in) : width_in_(width_in), height_in_(height_in) {
  if (!(width_in > 0) || !(height_in > 0) || width_in > 200 || height_in > 200) {
    throw std::invalid_argument("figure size must be within (0, 200] inches");
  }
}

Axes& Figure::AddAxes(Rect rect) { return axes_.emplace_back(rect); }

Axes& Figure::AddSubplot(int rows, int cols, int index, const GridSpacing& s) {
  if (rows < 1 || cols < 1 || index < 0 || index >= rows * cols) {
    throw std::invalid_argument("subplot index " + std::to_string(index) + " outside a " +
                                std::to_string(rows) + "x" + std::to_string(cols) + " grid");
  }
  // matplotlib's GridSpec: spaces are fractions of the average cell size.
  const double total_w = s.right - s.left, total_h = s.top - s.bottom;
  const double cell_w = total_w / (cols + s.horizontal_space * (cols - 1));
  const double cell_h = total_h / (rows + s.vertical_space * (rows - 1));
  const int row = index / cols, col = index % cols;
  Rect rect;
  rect.width = cell_w;
  rect.height = cell_h;
  rect.left = s.left + col * cell_w * (1 + s.horizontal_space);
  rect.bottom = s.top - (row + 1) * cell_h - row * cell_h * s.vertical_space;
  return AddAxes(rect);
}

void Figure::SetTitle(std::string title, double size_pt) {
  title_ = std::move(title);
  title_size_pt_ = size_pt;
}

}  // namespace actlab::plot
