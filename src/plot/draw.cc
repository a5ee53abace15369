// Laying a figure out and drawing it onto a renderer: coordinates, ticks, grid, spines, texts,
// annotations and legends, in matplotlib's default sizes (points converted at the renderer's dpi).
#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "actlab/plot/figure.h"
#include "actlab/plot/renderer.h"
#include "actlab/plot/ticks.h"
#include "plot/geometry.h"

namespace actlab::plot {
namespace {

// matplotlib's rcParams defaults that the figures use, in points.
constexpr double kSpineWidth = 0.8;
constexpr double kTickLength = 3.5;
constexpr double kTickWidth = 0.8;
constexpr double kTickPad = 3.5;
constexpr double kLabelPad = 4;
constexpr double kTitlePad = 6;
constexpr double kGridWidth = 0.8;
const Color kLegendEdge{0.8, 0.8, 0.8, 1};

PathStyle Stroked(Color color, double width, std::string_view group,
                  LineStyle dash = LineStyle::kSolid, bool snap = false) {
  PathStyle style;
  style.stroke = color;
  style.width = width;
  style.dash = dash;
  style.snap = snap;
  style.group = group;
  return style;
}

PathStyle Filled(Color color, std::string_view group) {
  PathStyle style;
  style.fill = color;
  style.group = group;
  return style;
}

// Text placed by its alignment: the box and the baseline origin, in device units.
struct PlacedText {
  Point origin;
  Box box;
};

class Painter {
 public:
  Painter(Renderer& renderer, double dpi) : renderer_(renderer), scale_(dpi / 72.0) {}

  double Pt(double points) const { return points * scale_; }

  // Box heights as matplotlib lays texts out: at least the extent of "lp", so that texts of one
  // size line up whatever their letters.
  TextMetrics Metrics(const std::string& text, double size_pt) {
    TextMetrics m = renderer_.MeasureText(text, Pt(size_pt));
    const TextMetrics lp = renderer_.MeasureText("lp", Pt(size_pt));
    m.ascent = std::max(m.ascent, lp.ascent);
    m.descent = std::max(m.descent, lp.descent);
    return m;
  }

  PlacedText Place(const TextMetrics& m, Point anchor, HAlign h, VAlign v) const {
    double x = anchor.x;
    if (h == HAlign::kCenter) x -= m.width / 2;
    if (h == HAlign::kRight) x -= m.width;
    double baseline = anchor.y;
    if (v == VAlign::kBottom) baseline -= m.descent;
    if (v == VAlign::kTop) baseline += m.ascent;
    if (v == VAlign::kCenter) baseline += (m.ascent - m.descent) / 2;
    return {{x, baseline}, {x, baseline - m.ascent, x + m.width, baseline + m.descent}};
  }

  PlacedText Text(const std::string& text, double size_pt, Point anchor, HAlign h, VAlign v,
                  Color color, std::string_view group) {
    const PlacedText placed = Place(Metrics(text, size_pt), anchor, h, v);
    renderer_.DrawText(text, placed.origin, {Pt(size_pt), color, 0, group});
    return placed;
  }

  void Path(const std::vector<Point>& points, PathStyle style) {
    if (points.size() >= 2 || (style.fill && points.size() >= 3)) renderer_.DrawPath(points, style);
  }

  Renderer& renderer() { return renderer_; }

 private:
  Renderer& renderer_;
  double scale_;
};

// Data and axes-fraction coordinates to device coordinates for one axes.
class Transform {
 public:
  Transform(const Box& box, std::pair<double, double> x, std::pair<double, double> y, bool log_y)
      : box_(box), x_(x), log_y_(log_y) {
    y_ = log_y ? std::pair{std::log10(y.first), std::log10(y.second)} : y;
  }
  double X(double v, Coords c) const {
    const double f = c == Coords::kData ? (v - x_.first) / (x_.second - x_.first) : v;
    return box_.left + f * (box_.right - box_.left);
  }
  double Y(double v, Coords c) const {
    double f = v;
    if (c == Coords::kData) {
      if (log_y_) v = v > 0 ? std::log10(v) : std::nan("");
      f = (v - y_.first) / (y_.second - y_.first);
    }
    return box_.bottom - f * (box_.bottom - box_.top);
  }
  Point Map(Point p, Coords cx, Coords cy) const { return {X(p.x, cx), Y(p.y, cy)}; }
  const Box& box() const { return box_; }

 private:
  Box box_;
  std::pair<double, double> x_, y_;
  bool log_y_;
};

int AutoBins(double length_pt, double label_pt, double per_label) {
  return std::clamp(static_cast<int>(std::floor(length_pt / (per_label * label_pt))), 1, 9);
}

// The clip box, a hair larger than the axes so lines on its edges survive rounding.
Box ClipBox(const Box& box) {
  const double eps = 1e-7 * std::max(box.right - box.left, box.bottom - box.top);
  return {box.left - eps, box.top - eps, box.right + eps, box.bottom + eps};
}

class AxesPainter {
 public:
  AxesPainter(Painter& painter, const Axes& axes, double fig_w, double fig_h)
      : p_(painter),
        axes_(axes),
        box_{axes.rect().left * fig_w, (1 - axes.rect().bottom - axes.rect().height) * fig_h,
             (axes.rect().left + axes.rect().width) * fig_w, (1 - axes.rect().bottom) * fig_h},
        transform_(box_, axes.XLimits(), axes.YLimits(), axes.y_scale() == Scale::kLog10) {}

  void Draw() {
    p_.Path({{box_.left, box_.top},
             {box_.right, box_.top},
             {box_.right, box_.bottom},
             {box_.left, box_.bottom}},
            Filled(kWhite, "axes"));
    ComputeTicks();
    // Artists in z order (stable: equal z keeps the order they were added).
    std::vector<std::pair<double, std::function<void()>>> layers;
    for (const Fill& fill : axes_.fills())
      layers.emplace_back(fill.z_order, [&] { DrawFill(fill); });
    if (axes_.grid()) layers.emplace_back(1.5, [&] { DrawGrid(); });
    for (const Line& line : axes_.lines())
      layers.emplace_back(line.z_order, [&] { DrawLine(line); });
    layers.emplace_back(2.5, [&] { DrawSpinesAndTicks(); });
    for (const plot::Text& text : axes_.texts()) {
      layers.emplace_back(text.z_order, [&] { DrawText(text); });
    }
    for (const Annotation& note : axes_.annotations()) {
      layers.emplace_back(note.z_order, [&] { DrawAnnotation(note); });
    }
    if (axes_.legend()) layers.emplace_back(axes_.legend()->z_order, [&] { DrawLegend(); });
    std::stable_sort(layers.begin(), layers.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& layer : layers) layer.second();
    DrawLabels();
  }

 private:
  // Ticks from the axes' size and font (matplotlib's 'auto' bins), with fewer bins while any two
  // neighbouring labels would meet.
  void ComputeTicks() {
    const double size = axes_.tick_label_size_pt();
    const double width_pt = (box_.right - box_.left) / p_.Pt(1);
    const double height_pt = (box_.bottom - box_.top) / p_.Pt(1);
    const int x_bins = axes_.max_tick_bins() ? axes_.max_tick_bins() : AutoBins(width_pt, size, 3);
    const int y_bins = axes_.max_tick_bins() ? axes_.max_tick_bins() : AutoBins(height_pt, size, 2);
    const auto [x0, x1] = axes_.XLimits();
    const auto [y0, y1] = axes_.YLimits();
    for (int bins = x_bins;; --bins) {
      TickSet x = LinearTickSet(x0, x1, bins, axes_.x_integer());
      x_ticks_ = std::move(x.ticks);
      x_offset_ = std::move(x.offset);
      if (bins == 1 || !Crowded(x_ticks_, true, size)) break;
    }
    for (int bins = y_bins;; --bins) {
      TickSet y =
          axes_.y_scale() == Scale::kLog10 ? LogTickSet(y0, y1, bins) : LinearTickSet(y0, y1, bins);
      y_ticks_ = std::move(y.ticks);
      y_offset_ = std::move(y.offset);
      if (bins == 1 || !Crowded(y_ticks_, false, size)) break;
    }
  }

  // A decade's label: "10" and its exponent, raised and smaller, after it.
  struct DecadeLabel {
    TextMetrics base, whole;
    double exponent_size;
  };
  DecadeLabel DecadeMetrics(const Tick& t, double size) {
    const double exponent_size = size * 0.7;
    const TextMetrics base = p_.Metrics("10", size);
    const TextMetrics exponent = p_.Metrics(t.label, exponent_size);
    return {base,
            {base.width + exponent.width, base.ascent + p_.Pt(size) * 0.35, base.descent},
            exponent_size};
  }

  // The size of a tick label as TickLabel draws it.
  TextMetrics TickLabelMetrics(const Tick& t, double size) {
    if (!t.decade) return p_.renderer().MeasureText(t.label, p_.Pt(size));
    return DecadeMetrics(t, size).whole;
  }

  // Whether two neighbouring labels along an axis come closer than a quarter of the font size.
  bool Crowded(const std::vector<Tick>& ticks, bool horizontal, double size) {
    const double pad = p_.Pt(size) * 0.25;
    std::vector<std::pair<double, double>> spans;  // centre, half extent along the axis
    for (const Tick& t : ticks) {
      const TextMetrics m = TickLabelMetrics(t, size);
      const double centre =
          horizontal ? transform_.X(t.value, Coords::kData) : transform_.Y(t.value, Coords::kData);
      spans.emplace_back(centre, (horizontal ? m.width : m.ascent + m.descent) / 2);
    }
    std::sort(spans.begin(), spans.end());
    for (std::size_t i = 1; i < spans.size(); ++i) {
      if (spans[i].first - spans[i - 1].first < spans[i].second + spans[i - 1].second + pad) {
        return true;
      }
    }
    return false;
  }

  void DrawGrid() {
    const PathStyle style = Stroked(kGridGrey, p_.Pt(kGridWidth), "grid", LineStyle::kSolid, true);
    for (const Tick& tick : x_ticks_) {
      const double x = transform_.X(tick.value, Coords::kData);
      p_.Path({{x, box_.top}, {x, box_.bottom}}, style);
    }
    for (const Tick& tick : y_ticks_) {
      const double y = transform_.Y(tick.value, Coords::kData);
      p_.Path({{box_.left, y}, {box_.right, y}}, style);
    }
  }

  void DrawLine(const Line& line) {
    const PathStyle style =
        Stroked(line.color, p_.Pt(line.width_pt), "line", line.style, line.x.size() == 2);
    std::vector<Point> run;
    auto flush = [&] {
      for (auto& piece : ClipPolyline(run, ClipBox(box_))) p_.Path(piece, style);
      run.clear();
    };
    for (std::size_t i = 0; i < line.x.size(); ++i) {
      const Point q = transform_.Map({line.x[i], line.y[i]}, line.x_coords, line.y_coords);
      if (std::isfinite(q.x) && std::isfinite(q.y)) {
        run.push_back(q);
      } else {
        flush();
      }
    }
    flush();
  }

  void DrawFill(const Fill& fill) {
    PathStyle style = Filled(fill.color, "fill");
    if (fill.edge_width_pt > 0 && fill.edge_color.a > 0) {
      style.stroke = fill.edge_color;
      style.width = p_.Pt(fill.edge_width_pt);
    }
    for (const auto& polygon : fill.polygons) {
      std::vector<Point> mapped;
      for (const Point& q : polygon) {
        const Point m = transform_.Map(q, fill.x_coords, fill.y_coords);
        if (std::isfinite(m.x) && std::isfinite(m.y)) mapped.push_back(m);
      }
      p_.Path(ClipPolygon(mapped, ClipBox(box_)), style);
    }
  }

  void DrawSpinesAndTicks() {
    const PathStyle spine = Stroked(kBlack, p_.Pt(kSpineWidth), "spine", LineStyle::kSolid, true);
    p_.Path({{box_.left, box_.top}, {box_.right, box_.top}}, spine);
    p_.Path({{box_.left, box_.bottom}, {box_.right, box_.bottom}}, spine);
    p_.Path({{box_.left, box_.top}, {box_.left, box_.bottom}}, spine);
    p_.Path({{box_.right, box_.top}, {box_.right, box_.bottom}}, spine);
    const PathStyle tick = Stroked(kBlack, p_.Pt(kTickWidth), "tick", LineStyle::kSolid, true);
    const double size = axes_.tick_label_size_pt();
    const double length = p_.Pt(kTickLength), gap = p_.Pt(kTickLength + kTickPad);
    x_labels_bottom_ = box_.bottom + gap;
    for (const Tick& t : x_ticks_) {
      const double x = transform_.X(t.value, Coords::kData);
      p_.Path({{x, box_.bottom}, {x, box_.bottom + length}}, tick);
      const Box b = TickLabel(t, size, {x, box_.bottom + gap}, HAlign::kCenter, VAlign::kTop);
      x_labels_bottom_ = std::max(x_labels_bottom_, b.bottom);
    }
    y_labels_left_ = box_.left - gap;
    for (const Tick& t : y_ticks_) {
      const double y = transform_.Y(t.value, Coords::kData);
      p_.Path({{box_.left - length, y}, {box_.left, y}}, tick);
      const Box b = TickLabel(t, size, {box_.left - gap, y}, HAlign::kRight, VAlign::kCenter);
      y_labels_left_ = std::min(y_labels_left_, b.left);
    }
    // The offset or power of ten shared by the labels: below the x labels at the right end, above
    // the y axis at its top.
    if (!x_offset_.empty()) {
      const PlacedText placed = p_.Text(x_offset_, size, {box_.right, x_labels_bottom_},
                                        HAlign::kRight, VAlign::kTop, kBlack, "tick_offset");
      x_labels_bottom_ = std::max(x_labels_bottom_, placed.box.bottom);
    }
    if (!y_offset_.empty()) {
      p_.Text(y_offset_, size, {box_.left, box_.top - p_.Pt(kTickPad)}, HAlign::kLeft,
              VAlign::kBaseline, kBlack, "tick_offset");
    }
  }

  // A tick label; a decade is drawn as "10" with its exponent raised and smaller.
  Box TickLabel(const Tick& t, double size, Point anchor, HAlign h, VAlign v) {
    if (!t.decade) {
      if (v == VAlign::kCenter) {
        // Digits centred on their own height, as matplotlib's center_baseline does.
        const TextMetrics m = p_.renderer().MeasureText(t.label, p_.Pt(size));
        const PlacedText placed = p_.Place(m, anchor, h, VAlign::kBaseline);
        const Point origin{placed.origin.x, anchor.y + m.ascent / 2};
        p_.renderer().DrawText(t.label, origin, {p_.Pt(size), kBlack, 0, "tick_label"});
        return {origin.x, origin.y - m.ascent, origin.x + m.width, origin.y + m.descent};
      }
      return p_.Text(t.label, size, anchor, h, v, kBlack, "tick_label").box;
    }
    const DecadeLabel decade = DecadeMetrics(t, size);
    const PlacedText placed = p_.Place(decade.whole, anchor, h, v);
    const double baseline = placed.origin.y;
    p_.renderer().DrawText("10", {placed.origin.x, baseline},
                           {p_.Pt(size), kBlack, 0, "tick_label"});
    p_.renderer().DrawText(t.label,
                           {placed.origin.x + decade.base.width, baseline - p_.Pt(size) * 0.45},
                           {p_.Pt(decade.exponent_size), kBlack, 0, "tick_label"});
    return placed.box;
  }

  void DrawText(const plot::Text& text) {
    const Point anchor = transform_.Map(text.position, text.x_coords, text.y_coords);
    p_.Text(text.text, text.size_pt, anchor, text.h_align, text.v_align, text.color, "text");
  }

  void DrawAnnotation(const Annotation& note) {
    const Point anchor = transform_.Map(note.text_position, Coords::kData, Coords::kData);
    const PlacedText placed = p_.Text(note.text, note.size_pt, anchor, note.h_align, note.v_align,
                                      note.color, "annotation");
    if (!note.arrow) return;
    const Arrow& arrow = *note.arrow;
    const Point target = transform_.Map(note.target, Coords::kData, Coords::kData);
    // matplotlib clips the arrow by the text box grown by 2 pt on each side.
    const auto [from, to] = ArrowEnds(placed.box, target, arrow.shrink, p_.Pt(2));
    const std::vector<Point> outline = ArrowOutline(
        from, to, p_.Pt(arrow.width_pt), p_.Pt(arrow.head_width_pt), p_.Pt(arrow.head_length_pt));
    PathStyle style = Stroked(arrow.color, p_.Pt(1), "arrow");
    style.fill = arrow.color;
    p_.Path(outline, style);
  }

  // matplotlib's loc='best': of nine places (the corners, the middles of the sides, the centre,
  // in matplotlib's order), the first where the legend covers the fewest data vertices plus line
  // segments that cross it.
  Box BestLegendBox(double width, double height, double margin) const {
    const double lefts[] = {box_.right - margin - width, box_.left + margin,
                            (box_.left + box_.right - width) / 2};
    const double tops[] = {box_.top + margin, box_.bottom - margin - height,
                           (box_.top + box_.bottom - height) / 2};
    // (column, row): upper right, upper left, lower left, lower right, right (matplotlib's
    // 'center right' is the same place, later), center left, lower center, upper center, center.
    const int places[][2] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 2},
                             {1, 2}, {2, 1}, {2, 0}, {2, 2}};
    Box best{};
    int fewest = -1;
    for (const auto& place : places) {
      const double left = lefts[place[0]], top = tops[place[1]];
      const Box candidate{left, top, left + width, top + height};
      int badness = 0;
      for (const Line& line : axes_.lines()) {
        std::optional<Point> previous;
        for (std::size_t i = 0; i < line.x.size(); ++i) {
          if (!std::isfinite(line.x[i]) || !std::isfinite(line.y[i])) {
            previous.reset();
            continue;
          }
          const Point point = transform_.Map({line.x[i], line.y[i]}, line.x_coords, line.y_coords);
          badness += candidate.Contains(point);
          if (previous && SegmentTouchesBox(*previous, point, candidate)) ++badness;
          previous = point;
        }
      }
      for (const Fill& fill : axes_.fills()) {
        for (const auto& polygon : fill.polygons) {
          for (const Point& q : polygon) {
            badness += candidate.Contains(transform_.Map(q, fill.x_coords, fill.y_coords));
          }
        }
      }
      if (fewest < 0 || badness < fewest) {
        fewest = badness;
        best = candidate;
      }
    }
    return best;
  }

  void DrawLegend() {
    struct Entry {
      std::string label;
      const Line* line;
      const Fill* fill;
    };
    std::vector<Entry> entries;
    for (const Line& line : axes_.lines()) {
      if (!line.label.empty()) entries.push_back({line.label, &line, nullptr});
    }
    for (const Fill& fill : axes_.fills()) {
      if (!fill.label.empty()) entries.push_back({fill.label, nullptr, &fill});
    }
    if (entries.empty()) return;
    const Legend& legend = *axes_.legend();
    const double fs = p_.Pt(legend.size_pt);
    const double pad = 0.4 * fs, handle = 2.0 * fs, handle_pad = 0.8 * fs, spacing = 0.5 * fs;
    const double margin = 0.5 * fs;
    double text_width = 0, row = 0;
    for (const Entry& e : entries) {
      const TextMetrics m = p_.Metrics(e.label, legend.size_pt);
      text_width = std::max(text_width, m.width);
      row = std::max(row, m.ascent + m.descent);
    }
    const double n = static_cast<double>(entries.size());
    const double width = 2 * pad + handle + handle_pad + text_width;
    const double height = 2 * pad + n * row + (n - 1) * spacing;
    auto corner = [&](LegendLocation loc) {
      const bool right = loc == LegendLocation::kUpperRight || loc == LegendLocation::kLowerRight;
      const bool upper = loc == LegendLocation::kUpperRight || loc == LegendLocation::kUpperLeft;
      const double left = right ? box_.right - margin - width : box_.left + margin;
      const double top = upper ? box_.top + margin : box_.bottom - margin - height;
      return Box{left, top, left + width, top + height};
    };
    Box frame = corner(legend.location);
    if (legend.location == LegendLocation::kBest) frame = BestLegendBox(width, height, margin);
    PathStyle frame_style = Stroked(kLegendEdge, p_.Pt(kSpineWidth), "legend");
    frame_style.fill = kWhite.WithAlpha(0.8);
    p_.Path(RoundedRectangle(frame, 0.2 * fs), frame_style);
    double top = frame.top + pad;
    for (const Entry& e : entries) {
      const double middle = top + row / 2;
      const double x0 = frame.left + pad;
      if (e.line) {
        p_.Path({{x0, middle}, {x0 + handle, middle}},
                Stroked(e.line->color, p_.Pt(e.line->width_pt), "legend", e.line->style));
      } else {
        const double h = 0.35 * fs;
        p_.Path({{x0, middle - h},
                 {x0 + handle, middle - h},
                 {x0 + handle, middle + h},
                 {x0, middle + h}},
                Filled(e.fill->color, "legend"));
      }
      p_.Text(e.label, legend.size_pt, {x0 + handle + handle_pad, middle}, HAlign::kLeft,
              VAlign::kCenter, kBlack, "legend");
      top += row + spacing;
    }
  }

  void DrawLabels() {
    if (!axes_.title().empty()) {
      p_.Text(axes_.title(), axes_.title_size_pt(),
              {(box_.left + box_.right) / 2, box_.top - p_.Pt(kTitlePad)}, HAlign::kCenter,
              VAlign::kBaseline, kBlack, "title");
    }
    if (!axes_.x_label().empty()) {
      p_.Text(axes_.x_label(), axes_.x_label_size_pt(),
              {(box_.left + box_.right) / 2, x_labels_bottom_ + p_.Pt(kLabelPad)}, HAlign::kCenter,
              VAlign::kTop, kBlack, "axis_label");
    }
    if (!axes_.y_label().empty()) {
      // Rotated a quarter turn: the box's right edge is the baseline plus the descent.
      const TextMetrics m = p_.Metrics(axes_.y_label(), axes_.y_label_size_pt());
      const double right = y_labels_left_ - p_.Pt(kLabelPad);
      const Point origin{right - m.descent, (box_.top + box_.bottom) / 2 + m.width / 2};
      p_.renderer().DrawText(axes_.y_label(), origin,
                             {p_.Pt(axes_.y_label_size_pt()), kBlack, 90, "axis_label"});
    }
  }

  Painter& p_;
  const Axes& axes_;
  Box box_;
  Transform transform_;
  std::vector<Tick> x_ticks_, y_ticks_;
  std::string x_offset_, y_offset_;
  double x_labels_bottom_ = 0, y_labels_left_ = 0;
};

}  // namespace

void Figure::Draw(Renderer& renderer, double dpi) const {
  Painter painter(renderer, dpi);
  const double w = width_in_ * dpi, h = height_in_ * dpi;
  painter.Path({{0, 0}, {w, 0}, {w, h}, {0, h}}, Filled(kWhite, "background"));
  for (const Axes& axes : axes_) AxesPainter(painter, axes, w, h).Draw();
  if (!title_.empty()) {
    painter.Text(title_, title_size_pt_, {w / 2, 0.02 * h}, HAlign::kCenter, VAlign::kTop, kBlack,
                 "figure_title");
  }
}

}  // namespace actlab::plot
