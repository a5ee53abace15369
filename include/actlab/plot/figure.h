// The figure model: Figure → Axes → artists (Line, Fill, Text, Annotation, Legend), in the spirit
// of matplotlib. Axes methods return the artist they create, so that a caller can adjust it.
// Coordinates are named (data or axes fraction, chosen per axis as matplotlib's blended transforms
// do). Nothing here knows about a backend: a Figure is drawn onto any Renderer (renderer.h) and
// saved with SaveFigure (save.h).
#ifndef ACTLAB_PLOT_FIGURE_H_
#define ACTLAB_PLOT_FIGURE_H_

#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace actlab::plot {

class Renderer;

// An RGBA colour, each channel in [0, 1].
struct Color {
  double r = 0, g = 0, b = 0, a = 1;
  // From 0xRRGGBB.
  static Color Hex(std::uint32_t rgb, double alpha = 1);
  // The same colour with another opacity.
  Color WithAlpha(double alpha) const { return {r, g, b, alpha}; }
  bool operator==(const Color&) const = default;
};
// matplotlib's default colour cycle ("tab10"); index taken modulo 10.
Color Tab10(int index);
inline constexpr Color kBlack{0, 0, 0, 1};
inline constexpr Color kWhite{1, 1, 1, 1};
inline constexpr Color kPureBlue{0, 0, 1, 1};  // matplotlib's "b", the tutorial's curves
inline constexpr Color kGridGrey{0.690196, 0.690196, 0.690196, 1};  // #b0b0b0

enum class LineStyle { kSolid, kDashed, kDotted, kDashDot };

// Which coordinate system a value is given in.
enum class Coords {
  kData,          // the axes' data coordinates
  kAxesFraction,  // 0 = left/bottom edge of the axes, 1 = right/top edge
};

struct Point {
  double x = 0, y = 0;
  bool operator==(const Point&) const = default;
};

enum class HAlign { kLeft, kCenter, kRight };
enum class VAlign { kBaseline, kBottom, kCenter, kTop };

// A polyline; non-finite points break it into pieces (as matplotlib does with NaN).
struct Line {
  std::vector<double> x, y;
  Coords x_coords = Coords::kData, y_coords = Coords::kData;
  Color color = Tab10(0);
  double width_pt = 1.5;
  LineStyle style = LineStyle::kSolid;
  std::string label;  // shown in the legend when not empty
  int z_order = 2;
};

// Filled polygons (fill_between, axvspan, bands). Each polygon is closed implicitly.
struct Fill {
  std::vector<std::vector<Point>> polygons;
  Coords x_coords = Coords::kData, y_coords = Coords::kData;
  Color color = Tab10(0).WithAlpha(0.25);
  Color edge_color{0, 0, 0, 0};  // transparent: no outline
  double edge_width_pt = 0;
  std::string label;
  int z_order = 1;
};

// A text at a point; `size_pt` in typographic points.
struct Text {
  std::string text;
  Point position;
  Coords x_coords = Coords::kData, y_coords = Coords::kData;
  double size_pt = 12;
  HAlign h_align = HAlign::kLeft;
  VAlign v_align = VAlign::kBaseline;
  Color color = kBlack;
  int z_order = 3;
};

// The arrow of an annotation, matplotlib's default "simple" arrow (its arrowprops without an
// arrowstyle): a shaft of `width_pt`, a head `head_width_pt` wide and `head_length_pt` long. Both
// ends are pulled in by `shrink` times the distance from the text box to the target.
struct Arrow {
  double shrink = 0.1;
  double width_pt = 4, head_width_pt = 12, head_length_pt = 12;
  Color color = kBlack;
};

// A text with an arrow to a point (matplotlib's annotate). The arrow leaves the text box at its
// corner or edge midpoint nearest the target.
struct Annotation {
  std::string text;
  Point text_position;  // data coordinates
  Point target;         // data coordinates: where the arrow points
  double size_pt = 14;
  HAlign h_align = HAlign::kCenter;
  VAlign v_align = VAlign::kBaseline;
  Color color = kBlack;
  std::optional<Arrow> arrow = Arrow{};
  int z_order = 3;
};

enum class LegendLocation { kBest, kUpperRight, kUpperLeft, kLowerLeft, kLowerRight };

// The legend of an axes: one entry per labelled Line and Fill, in the order they were added.
struct Legend {
  LegendLocation location = LegendLocation::kBest;
  double size_pt = 12;
  int z_order = 5;
};

// An axis' scale.
enum class Scale { kLinear, kLog10 };

// A rectangle in figure fraction (0..1 from the left and from the bottom, as matplotlib).
struct Rect {
  double left = 0.125, bottom = 0.11, width = 0.775, height = 0.77;
};

// One set of axes: limits, ticks, grid, labels and the artists drawn in it.
class Axes {
 public:
  explicit Axes(Rect rect) : rect_(rect) {}

  // A polyline through (x[i], y[i]) in data coordinates.
  Line& Plot(std::span<const double> x, std::span<const double> y, Color color,
             LineStyle style = LineStyle::kSolid, double width_pt = 1.5, std::string label = {});
  // A horizontal line across the whole axes at data y (axhline).
  Line& HorizontalLine(double y, Color color = kBlack, LineStyle style = LineStyle::kSolid,
                       double width_pt = 1.5);
  // A vertical line across the whole axes at data x (axvline).
  Line& VerticalLine(double x, Color color = kBlack, LineStyle style = LineStyle::kSolid,
                     double width_pt = 1.5);
  // The region between y1 and y2 over x; with `where`, only the runs where it is true.
  Fill& FillBetween(std::span<const double> x, std::span<const double> y1,
                    std::span<const double> y2, Color color, std::span<const bool> where = {},
                    std::string label = {});
  // A band over the full height between data x0 and x1 (axvspan).
  Fill& VerticalSpan(double x0, double x1, Color color);
  // A band over the full width between data y0 and y1 (axhspan).
  Fill& HorizontalSpan(double y0, double y1, Color color);
  // A text at `position` in the given coordinates.
  Text& AddText(std::string text, Point position, Coords coords = Coords::kData,
                double size_pt = 12);
  // A text at `text_position` with an arrow to `target`, both in data coordinates.
  Annotation& Annotate(std::string text, Point text_position, Point target, double size_pt = 14);
  // Shows the legend of the labelled lines and fills.
  Legend& ShowLegend(LegendLocation location = LegendLocation::kBest);

  void SetXLimits(double min, double max);  // throws std::invalid_argument unless min < max
  void SetYLimits(double min, double max);
  void SetYScale(Scale scale) { y_scale_ = scale; }
  void SetTitle(std::string title, double size_pt = 14);
  void SetXLabel(std::string label, double size_pt = 14);
  void SetYLabel(std::string label, double size_pt = 14);
  void SetGrid(bool on) { grid_ = on; }
  // Ticks on the x axis at whole numbers only (epochs, layers, counts).
  void SetXInteger(bool on) { x_integer_ = on; }
  void SetTickLabelSize(double size_pt) { tick_label_size_pt_ = size_pt; }
  // Upper bound on the number of tick intervals; 0 chooses from the axes' size (matplotlib's
  // 'auto').
  void SetMaxTickBins(int bins) { max_tick_bins_ = bins; }

  // The limits in force: the ones set, or the data's extent with 5% margins (matplotlib's default).
  std::pair<double, double> XLimits() const;
  std::pair<double, double> YLimits() const;
  Scale y_scale() const { return y_scale_; }
  const Rect& rect() const { return rect_; }
  const std::string& title() const { return title_; }
  double title_size_pt() const { return title_size_pt_; }
  const std::string& x_label() const { return x_label_; }
  const std::string& y_label() const { return y_label_; }
  double x_label_size_pt() const { return x_label_size_pt_; }
  double y_label_size_pt() const { return y_label_size_pt_; }
  bool grid() const { return grid_; }
  bool x_integer() const { return x_integer_; }
  double tick_label_size_pt() const { return tick_label_size_pt_; }
  int max_tick_bins() const { return max_tick_bins_; }
  const std::deque<Line>& lines() const { return lines_; }
  const std::deque<Fill>& fills() const { return fills_; }
  const std::deque<Text>& texts() const { return texts_; }
  const std::deque<Annotation>& annotations() const { return annotations_; }
  const std::optional<Legend>& legend() const { return legend_; }

 private:
  std::pair<double, double> DataExtent(bool vertical) const;

  Rect rect_;
  std::optional<std::pair<double, double>> x_limits_, y_limits_;
  Scale y_scale_ = Scale::kLinear;
  std::string title_, x_label_, y_label_;
  double title_size_pt_ = 14, x_label_size_pt_ = 14, y_label_size_pt_ = 14;
  double tick_label_size_pt_ = 12;
  int max_tick_bins_ = 0;
  bool grid_ = false;
  bool x_integer_ = false;
  // deques: references returned to callers stay valid as more artists are added.
  std::deque<Line> lines_;
  std::deque<Fill> fills_;
  std::deque<Text> texts_;
  std::deque<Annotation> annotations_;
  std::optional<Legend> legend_;
};

// Where subplots sit in a figure (matplotlib's subplotpars, fractions of the figure; spaces are
// fractions of the average axes width/height).
struct GridSpacing {
  double left = 0.125, right = 0.9, bottom = 0.11, top = 0.88;
  double horizontal_space = 0.2, vertical_space = 0.2;
};

// A figure: its size and its axes. Default size 6.4 x 4.8 inches (640 x 480 pixels at 100 dpi).
class Figure {
 public:
  explicit Figure(double width_in = 6.4, double height_in = 4.8);

  // Axes at a rectangle given in figure fraction.
  Axes& AddAxes(Rect rect = {});
  // Axes `index` (0-based, row-major) of a rows x cols grid.
  Axes& AddSubplot(int rows, int cols, int index, const GridSpacing& spacing = {});
  // A title over the whole figure (suptitle).
  void SetTitle(std::string title, double size_pt = 16);

  double width_in() const { return width_in_; }
  double height_in() const { return height_in_; }
  const std::string& title() const { return title_; }
  double title_size_pt() const { return title_size_pt_; }
  std::deque<Axes>& axes() { return axes_; }
  const std::deque<Axes>& axes() const { return axes_; }

  // Draws everything onto `renderer` at `dpi` device units per inch (pixels for PNG, 72 for the
  // point-based SVG and PDF surfaces).
  void Draw(Renderer& renderer, double dpi) const;

 private:
  double width_in_, height_in_;
  std::string title_;
  double title_size_pt_ = 16;
  std::deque<Axes> axes_;
};

// n evenly spaced values from a to b, both included (numpy's linspace).
std::vector<double> Linspace(double a, double b, int n);

}  // namespace actlab::plot

#endif  // ACTLAB_PLOT_FIGURE_H_
