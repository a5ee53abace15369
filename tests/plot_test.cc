// The plot module: ticks, geometry, the figure model, and the tutorial figures as the recording
// renderer sees them (titles, annotations, reference lines, curves, and texts that never overlap).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "actlab/figures/activations.h"
#include "actlab/plot/figure.h"
#include "actlab/plot/renderer.h"
#include "actlab/plot/ticks.h"
#include "plot/cairo_renderer.h"
#include "plot/geometry.h"
#include "support/fontconfig_leak.h"

namespace actlab::plot {
namespace {

constexpr double kDpi = 100;
const std::string kMinus = "\u2212";

// ----------------------------------------------------------------------------------------------
// ticks

struct TickCase {
  double min, max;
  int bins;
  std::vector<double> values;
  std::vector<std::string> labels;  // empty: not checked
};

TEST(Ticks, NiceStepsOverATableOfRanges) {
  const std::vector<TickCase> cases = {
      // The tutorial's axes, with matplotlib's automatic bin count for a 640x480 figure (9).
      {-5, 5, 9, {-4, -2, 0, 2, 4}, {kMinus + "4", kMinus + "2", "0", "2", "4"}},
      {-0.2,
       1.2,
       9,
       {-0.2, 0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2},
       {kMinus + "0.2", "0.0", "0.2", "0.4", "0.6", "0.8", "1.0", "1.2"}},
      {-2,
       2,
       9,
       {-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2},
       {kMinus + "2.0", kMinus + "1.5", kMinus + "1.0", kMinus + "0.5", "0.0", "0.5", "1.0", "1.5",
        "2.0"}},
      {-0.5, 4.2, 9, {0, 1, 2, 3, 4}, {"0", "1", "2", "3", "4"}},
      {-2.35, 5.35, 9, {-2, -1, 0, 1, 2, 3, 4, 5}, {}},
      {0, 1, 5, {0, 0.2, 0.4, 0.6, 0.8, 1.0}, {"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}},
      {3, 7, 9, {3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7}, {}},
      {0.001, 0.002, 4, {0.001, 0.0015, 0.002}, {"0.0010", "0.0015", "0.0020"}},
      {-1e6,
       1e6,
       4,
       {-1e6, -5e5, 0, 5e5, 1e6},  // matplotlib: x 1e6 from an order of magnitude of 6
       {kMinus + "1.0", kMinus + "0.5", "0.0", "0.5", "1.0"}},
      {-1e5,
       1e5,
       4,
       {-1e5, -5e4, 0, 5e4, 1e5},
       {kMinus + "100000", kMinus + "50000", "0", "50000", "100000"}},
      {-3, 9, 6, {0, 5}, {"0", "5"}},
      {0.3, 0.7, 9, {0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7}, {}},
      {-7, -6.5, 2, {-7, -6.5}, {kMinus + "7.0", kMinus + "6.5"}},
  };
  for (const TickCase& c : cases) {
    const std::vector<Tick> ticks = LinearTicks(c.min, c.max, c.bins);
    ASSERT_EQ(ticks.size(), c.values.size()) << c.min << ":" << c.max;
    for (std::size_t i = 0; i < ticks.size(); ++i) {
      EXPECT_NEAR(ticks[i].value, c.values[i], 1e-12 * std::abs(c.max - c.min))
          << c.min << ":" << c.max;
      if (!c.labels.empty()) {
        EXPECT_EQ(ticks[i].label, c.labels[i]) << c.min << ":" << c.max;
      }
    }
    // At most bins + 1 ticks, all inside, evenly spaced by 1, 2 or 5 x 10^k.
    EXPECT_LE(ticks.size(), static_cast<std::size_t>(c.bins + 1));
    if (ticks.size() >= 2) {
      const double step = ticks[1].value - ticks[0].value;
      const double mantissa = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
      EXPECT_TRUE(std::abs(mantissa - 1) < 1e-6 || std::abs(mantissa - 2) < 1e-6 ||
                  std::abs(mantissa - 5) < 1e-6)
          << step;
    }
  }
}

TEST(Ticks, LabelsNeverShowMinusZero) {
  EXPECT_EQ(FormatTickLabel(-0.0, 1), "0.0");
  EXPECT_EQ(FormatTickLabel(-1e-17, 1), "0.0");
  EXPECT_EQ(FormatTickLabel(-0.25, 2), kMinus + "0.25");
  for (const Tick& t : LinearTicks(-1, 1, 4)) EXPECT_EQ(t.label.find('-'), std::string::npos);
}

TEST(Ticks, DecadesOnALogAxis) {
  auto exponents = [](double lo, double hi, int bins) {
    std::vector<std::string> labels;
    for (const Tick& t : LogTicks(lo, hi, bins)) {
      EXPECT_TRUE(t.decade);
      labels.push_back(t.label);
    }
    return labels;
  };
  EXPECT_EQ(exponents(1e-6, 1, 9),
            (std::vector<std::string>{kMinus + "6", kMinus + "5", kMinus + "4", kMinus + "3",
                                      kMinus + "2", kMinus + "1", "0"}));
  EXPECT_EQ(exponents(1e-20, 2, 5),
            (std::vector<std::string>{kMinus + "20", kMinus + "16", kMinus + "12", kMinus + "8",
                                      kMinus + "4", "0"}));
  EXPECT_EQ(exponents(3, 4000, 9), (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_FALSE(LogTicks(2, 5, 9).front().decade);  // no decade inside: linear ticks
  EXPECT_THROW(LogTicks(0, 1, 9), std::invalid_argument);
  EXPECT_THROW(LinearTicks(1, 1, 9), std::invalid_argument);
  EXPECT_THROW(LinearTicks(5, 1, 9), std::invalid_argument);
}

// ------------------------------------------------------------------------------------------
// geometry

TEST(Geometry, ClipPolylineKeepsTheInsidePieces) {
  const Box box{0, 0, 10, 10};
  const auto pieces = ClipPolyline({{-5, 5}, {5, 5}, {5, 15}, {8, 5}, {15, 5}}, box);
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[0], (std::vector<Point>{{0, 5}, {5, 5}, {5, 10}}));
  EXPECT_NEAR(pieces[1][0].x, 8 - 3 * 0.5, 1e-12);
  EXPECT_EQ(pieces[1].back(), (Point{10, 5}));
  EXPECT_TRUE(ClipPolyline({{-5, -5}, {-1, 20}}, box).empty());
}

TEST(Geometry, ClipPolygonCutsToTheBox) {
  const auto cut = ClipPolygon({{-5, 2}, {5, 2}, {5, 8}, {-5, 8}}, {0, 0, 10, 10});
  double area = 0;
  for (std::size_t i = 0; i < cut.size(); ++i) {
    const Point a = cut[i], b = cut[(i + 1) % cut.size()];
    area += a.x * b.y - b.x * a.y;
  }
  EXPECT_NEAR(std::abs(area) / 2, 30, 1e-12);
  EXPECT_TRUE(ClipPolygon({{20, 20}, {30, 20}, {30, 30}}, {0, 0, 10, 10}).empty());
}

TEST(Geometry, ArrowLeavesTheNearestBoxPointShrunkAtBothEnds) {
  const Box text{100, 50, 160, 70};
  // Target below-left: the arrow starts at the bottom-left corner; 10% of the way is cut at each
  // end.
  auto [from, to] = ArrowEnds(text, {0, 170}, 0.1);
  EXPECT_NEAR(from.x, 100 - 10, 1e-12);
  EXPECT_NEAR(from.y, 70 + 10, 1e-12);
  EXPECT_NEAR(to.x, 10, 1e-12);
  EXPECT_NEAR(to.y, 160, 1e-12);
  // Target straight above the middle: the arrow leaves the top edge's midpoint.
  std::tie(from, to) = ArrowEnds(text, {130, 0}, 0);
  EXPECT_EQ(from, (Point{130, 50}));
  // With a pad the arrow starts where it leaves the grown box, then shrinks from there.
  std::tie(from, to) = ArrowEnds(text, {130, -100}, 0.1, 5);
  EXPECT_NEAR(from.y, 50 - 5 - 15, 1e-12);
  EXPECT_NEAR(to.y, -100 + 15, 1e-12);
  const auto outline = ArrowOutline({0, 0}, {100, 0}, 4, 12, 12);
  ASSERT_EQ(outline.size(), 7u);
  EXPECT_EQ(outline[3], (Point{100, 0}));               // the tip
  EXPECT_NEAR(outline[2].y - outline[4].y, 12, 1e-12);  // head width
  EXPECT_NEAR(outline[0].y - outline[6].y, 4, 1e-12);   // shaft width
  EXPECT_NEAR(outline[2].x, 88, 1e-12);                 // head length
}

// ------------------------------------------------------------------------------------------- model

TEST(Figure, AxesMethodsReturnTheArtistTheyMake) {
  Figure figure;
  Axes& axes = figure.AddAxes();
  const double x[] = {0, 1, 2}, y[] = {0, 1, 4};
  Line& line = axes.Plot(x, y, Tab10(1), LineStyle::kDotted, 3, "square");
  Annotation& note = axes.Annotate("here", {1, 3}, {2, 4});
  Text& text = axes.AddText("corner", {0.02, 0.95}, Coords::kAxesFraction);
  for (int i = 0; i < 100; ++i) axes.HorizontalLine(i);  // more artists never move earlier ones
  line.color = kBlack;
  note.size_pt = 20;
  EXPECT_EQ(axes.lines().front().color, kBlack);
  EXPECT_EQ(axes.lines().front().style, LineStyle::kDotted);
  EXPECT_EQ(axes.annotations().front().size_pt, 20);
  EXPECT_EQ(&axes.texts().front(), &text);
  EXPECT_EQ(Tab10(0), Color::Hex(0x1f77b4));
  EXPECT_EQ(Tab10(13), Color::Hex(0xd62728));
}

TEST(Figure, LimitsFollowTheDataWithFivePercentMargins) {
  Figure figure;
  Axes& axes = figure.AddAxes();
  const double x[] = {-5, 5}, y[] = {-1, 9};
  axes.Plot(x, y, kBlack);
  axes.HorizontalLine(100);  // spans the axes: does not widen x, and not y either (axhline)
  EXPECT_EQ(axes.XLimits(), (std::pair{-5.5, 5.5}));
  EXPECT_EQ(axes.YLimits(), (std::pair{-1.5, 9.5}));
  axes.SetYLimits(0, 1);
  EXPECT_EQ(axes.YLimits(), (std::pair{0.0, 1.0}));
  EXPECT_THROW(axes.SetXLimits(5, 1), std::invalid_argument);
  EXPECT_THROW(axes.SetXLimits(1, 1), std::invalid_argument);
  EXPECT_THROW(axes.SetXLimits(0, std::numeric_limits<double>::infinity()), std::invalid_argument);
}

TEST(Figure, SubplotGridTilesTheFigure) {
  Figure figure;
  GridSpacing spacing{.left = 0.1,
                      .right = 0.9,
                      .bottom = 0.1,
                      .top = 0.9,
                      .horizontal_space = 0.25,
                      .vertical_space = 0.5};
  const Rect a = figure.AddSubplot(2, 2, 0, spacing).rect();
  const Rect d = figure.AddSubplot(2, 2, 3, spacing).rect();
  EXPECT_NEAR(a.left, 0.1, 1e-12);
  EXPECT_NEAR(a.bottom + a.height, 0.9, 1e-12);
  EXPECT_NEAR(d.left + d.width, 0.9, 1e-12);
  EXPECT_NEAR(d.bottom, 0.1, 1e-12);
  EXPECT_NEAR(d.left - (a.left + a.width), 0.25 * a.width, 1e-12);
  EXPECT_NEAR(a.bottom - (d.bottom + d.height), 0.5 * a.height, 1e-12);
  EXPECT_THROW(figure.AddSubplot(2, 2, 4), std::invalid_argument);
}

TEST(Figure, FillBetweenMakesOnePolygonPerRun) {
  Figure figure;
  Axes& axes = figure.AddAxes();
  const double x[] = {0, 1, 2, 3, 4, 5}, lo[] = {0, 0, 0, 0, 0, 0}, hi[] = {1, 2, 3, 4, 5, 6};
  const bool where[] = {true, true, false, true, true, true};
  const Fill& fill = axes.FillBetween(x, lo, hi, Tab10(2), where);
  ASSERT_EQ(fill.polygons.size(), 2u);
  EXPECT_EQ(fill.polygons[0].size(), 4u);
  EXPECT_EQ(fill.polygons[1].size(), 6u);
  EXPECT_EQ(fill.polygons[1].front(), (Point{3, 0}));
  EXPECT_EQ(fill.polygons[1].back(), (Point{3, 4}));
}

// The device box of an axes, as Figure::Draw lays it out.
Box DeviceBox(const Figure& figure, const Axes& axes, double dpi) {
  const double w = figure.width_in() * dpi, h = figure.height_in() * dpi;
  const Rect r = axes.rect();
  return {r.left * w, (1 - r.bottom - r.height) * h, (r.left + r.width) * w, (1 - r.bottom) * h};
}

Point ToData(const Axes& axes, const Box& box, Point device) {
  const auto [x0, x1] = axes.XLimits();
  const auto [y0, y1] = axes.YLimits();
  return {x0 + (device.x - box.left) / (box.right - box.left) * (x1 - x0),
          y0 + (box.bottom - device.y) / (box.bottom - box.top) * (y1 - y0)};
}

TEST(Figure, LogAxisPlacesDecadesEvenly) {
  Figure figure;
  Axes& axes = figure.AddAxes();
  axes.SetYScale(Scale::kLog10);
  const double x[] = {0, 1, 2, 3, 4}, y[] = {1e-3, 1e-2, 0, 1e-1, 1};  // 0 cannot be drawn: a gap
  axes.Plot(x, y, kBlack);
  axes.SetXLimits(0, 4);
  axes.SetYLimits(1e-4, 1);
  RecordingRenderer recorder;
  figure.Draw(recorder, kDpi);
  std::vector<std::vector<Point>> lines;
  for (const auto& path : recorder.paths()) {
    if (path.group == "line") lines.push_back(path.points);
  }
  ASSERT_EQ(lines.size(), 2u);  // broken at the zero
  ASSERT_EQ(lines[0].size(), 2u);
  const Box box = DeviceBox(figure, axes, kDpi);
  const double decade = (box.bottom - box.top) / 4;
  EXPECT_NEAR(lines[0][0].y - lines[0][1].y, decade, 1e-9);
  EXPECT_NEAR(box.bottom - lines[0][0].y, decade, 1e-9);
  int tens = 0;
  for (const auto& text : recorder.texts()) tens += text.text == "10";
  EXPECT_EQ(tens, 5);  // 10^-4 ... 10^0
}

TEST(Figure, LegendListsLabelledArtistsAndAvoidsTheData) {
  Figure figure;
  Axes& axes = figure.AddAxes();
  const double x[] = {0, 1, 2, 3, 4}, rising[] = {0, 1, 2, 3, 4};
  axes.Plot(x, rising, Tab10(0), LineStyle::kSolid, 1.5, "rising");
  axes.Plot(x, rising, Tab10(1), LineStyle::kDashed, 1.5);  // no label: not listed
  const double lo[] = {0, 0, 0, 0, 0};
  axes.FillBetween(x, lo, rising, Tab10(2).WithAlpha(0.3), {}, "area");
  axes.ShowLegend();
  RecordingRenderer recorder;
  figure.Draw(recorder, kDpi);
  std::vector<std::string> labels;
  double left = 1e9;
  for (const auto& text : recorder.texts()) {
    if (text.group == "legend") {
      labels.push_back(text.text);
      left = std::min(left, text.left);
    }
  }
  EXPECT_EQ(labels, (std::vector<std::string>{"rising", "area"}));
  // The line rises to the upper right: 'best' puts the legend in the upper left.
  EXPECT_LT(left, DeviceBox(figure, axes, kDpi).left + 100);
}

// Two diagonals with their ends in the four corners: every corner holds a vertex and a segment,
// the middle of the right side holds nothing, and 'best' goes there (matplotlib counts crossing
// segments as well as vertices).
TEST(Figure, BestLegendAvoidsSegmentsNotOnlyVertices) {
  Figure figure;
  Axes& axes = figure.AddAxes();
  const double x[] = {0, 10}, up[] = {0, 10}, down[] = {10, 0};
  axes.Plot(x, up, Tab10(0), LineStyle::kSolid, 1.5, "up");
  axes.Plot(x, down, Tab10(1), LineStyle::kSolid, 1.5, "down");
  axes.SetXLimits(0, 10);
  axes.SetYLimits(0, 10);
  axes.ShowLegend();
  RecordingRenderer recorder;
  figure.Draw(recorder, kDpi);
  const Box box = DeviceBox(figure, axes, kDpi);
  double top = 1e9, bottom = -1e9, left = 1e9;
  for (const auto& text : recorder.texts()) {
    if (text.group != "legend") continue;
    top = std::min(top, text.top);
    bottom = std::max(bottom, text.bottom);
    left = std::min(left, text.left);
  }
  EXPECT_GT(left, (box.left + box.right) / 2);
  EXPECT_NEAR((top + bottom) / 2, (box.top + box.bottom) / 2, 0.1 * (box.bottom - box.top));
}

// ------------------------------------------------------------------------------ the tutorial
// figures

struct TutorialCase {
  const char* name;
  std::string title;
  std::vector<double> dashed;  // the asymptote levels
};

double SeluLimit() { return -kSeluScale * kSeluAlpha; }

std::vector<TutorialCase> TutorialCases() {
  return {{"sigmoid", "Sigmoid activation function", {1}},
          {"tanh", "Tanh activation function", {-1, 1}},
          {"leaky_relu", "Leaky ReLU activation function", {}},
          {"elu", "ELU activation function", {-1}},
          {"selu", "SELU activation function", {SeluLimit()}}};
}

TEST(TutorialFigures, AreTheFiveOfTheTutorial) {
  std::vector<std::string> names;
  for (Kind kind : TutorialKinds()) names.emplace_back(InfoOf(kind).name);
  EXPECT_EQ(names, (std::vector<std::string>{"sigmoid", "tanh", "leaky_relu", "elu", "selu"}));
  EXPECT_EQ(TutorialActivation(Kind::kLeakyRelu).param("alpha"), 0.05);
}

TEST(TutorialFigures, ModelHoldsTitleRangesReferenceLinesAndAnnotations) {
  for (const TutorialCase& c : TutorialCases()) {
    SCOPED_TRACE(c.name);
    const Kind kind = KindFromName(c.name);
    const PlotHints& hints = InfoOf(kind).plot;
    const Figure figure = TutorialFigure(kind);
    ASSERT_EQ(figure.axes().size(), 1u);
    const Axes& axes = figure.axes().front();
    EXPECT_EQ(axes.title(), c.title);
    EXPECT_EQ(axes.title_size_pt(), 14);
    EXPECT_TRUE(axes.grid());
    EXPECT_EQ(axes.XLimits(), (std::pair{hints.x_min, hints.x_max}));
    EXPECT_EQ(axes.YLimits(), (std::pair{hints.y_min, hints.y_max}));
    std::vector<double> dashed, solid_horizontal, solid_vertical;
    for (const Line& line : axes.lines()) {
      if (line.x_coords == Coords::kAxesFraction) {
        (line.style == LineStyle::kDashed ? dashed : solid_horizontal).push_back(line.y[0]);
        EXPECT_EQ(line.color, kBlack);
      }
      if (line.y_coords == Coords::kAxesFraction) solid_vertical.push_back(line.x[0]);
    }
    std::sort(dashed.begin(), dashed.end());
    ASSERT_EQ(dashed.size(), c.dashed.size());
    for (std::size_t i = 0; i < dashed.size(); ++i) EXPECT_DOUBLE_EQ(dashed[i], c.dashed[i]);
    EXPECT_EQ(solid_horizontal, std::vector<double>{0});
    EXPECT_EQ(solid_vertical, std::vector<double>{0});
    ASSERT_EQ(axes.annotations().size(), hints.annotations.size());
    for (std::size_t i = 0; i < hints.annotations.size(); ++i) {
      const Annotation& note = axes.annotations()[i];
      EXPECT_EQ(note.text, hints.annotations[i].text);
      EXPECT_EQ(note.text_position,
                (Point{hints.annotations[i].text_x, hints.annotations[i].text_y}));
      EXPECT_EQ(note.target, (Point{hints.annotations[i].target_x, hints.annotations[i].target_y}));
      EXPECT_EQ(note.size_pt, 14);
      EXPECT_EQ(note.h_align, HAlign::kCenter);
      ASSERT_TRUE(note.arrow.has_value());
      EXPECT_EQ(note.arrow->shrink, 0.1);
    }
  }
  // The tutorial's own annotations, as its code has them.
  const Figure sigmoid_figure = TutorialFigure(Kind::kSigmoid);
  const Axes& sigmoid = sigmoid_figure.axes().front();
  ASSERT_EQ(sigmoid.annotations().size(), 3u);
  EXPECT_EQ(sigmoid.annotations()[2].text, "Linear");
  EXPECT_EQ(sigmoid.annotations()[2].target, (Point{0, 0.5}));
  const Figure leaky_figure = TutorialFigure(Kind::kLeakyRelu);
  const Axes& leaky = leaky_figure.axes().front();
  ASSERT_EQ(leaky.annotations().size(), 1u);
  EXPECT_EQ(leaky.annotations()[0].text, "Leak");
  EXPECT_EQ(leaky.annotations()[0].target, (Point{-5, -0.2}));
}

TEST(TutorialFigures, DrawnCurveFollowsTheActivation) {
  for (const TutorialCase& c : TutorialCases()) {
    SCOPED_TRACE(c.name);
    const Kind kind = KindFromName(c.name);
    const Activation act = TutorialActivation(kind);
    const Figure figure = TutorialFigure(kind);
    const Axes& axes = figure.axes().front();
    // In the model: exactly f(x) at every sample, over the whole x range.
    const Line* curve = nullptr;
    for (const Line& line : axes.lines()) {
      if (line.color == kPureBlue) curve = &line;
    }
    ASSERT_NE(curve, nullptr);
    EXPECT_EQ(curve->x.front(), axes.XLimits().first);
    EXPECT_EQ(curve->x.back(), axes.XLimits().second);
    EXPECT_GE(curve->x.size(), 200u);
    for (std::size_t i = 0; i < curve->x.size(); ++i)
      EXPECT_EQ(curve->y[i], act.Value(curve->x[i]));
    // As drawn: every vertex, taken back to data coordinates, lies on the curve.
    RecordingRenderer recorder;
    figure.Draw(recorder, kDpi);
    const Box box = DeviceBox(figure, axes, kDpi);
    const double y_span = axes.YLimits().second - axes.YLimits().first;
    std::size_t vertices = 0;
    for (const auto& path : recorder.paths()) {
      if (path.group != "line" || path.style.stroke != kPureBlue) continue;
      for (const Point& p : path.points) {
        const Point data = ToData(axes, box, p);
        // Clipped ends are interpolated along a chord: allow the chord's sag there.
        EXPECT_NEAR(data.y, act.Value(data.x), 2e-3 * y_span) << data.x;
        ++vertices;
      }
    }
    EXPECT_GE(vertices, 200u);
  }
}

TEST(TutorialFigures, ArrowsPointAtTheirTargets) {
  for (const TutorialCase& c : TutorialCases()) {
    SCOPED_TRACE(c.name);
    const Figure figure = TutorialFigure(KindFromName(c.name));
    const Axes& axes = figure.axes().front();
    RecordingRenderer recorder;
    figure.Draw(recorder, kDpi);
    const Box box = DeviceBox(figure, axes, kDpi);
    std::vector<Point> tips;
    for (const auto& path : recorder.paths()) {
      if (path.group == "arrow") tips.push_back(ToData(axes, box, path.points.at(3)));
    }
    ASSERT_EQ(tips.size(), axes.annotations().size());
    for (std::size_t i = 0; i < tips.size(); ++i) {
      const Annotation& note = axes.annotations()[i];
      const double reach =
          std::hypot(note.target.x - note.text_position.x, note.target.y - note.text_position.y);
      // shrink 0.1 of the text-to-target distance, in data units: the tip stops short, on the way.
      const double miss = std::hypot(tips[i].x - note.target.x, tips[i].y - note.target.y);
      EXPECT_GT(miss, 0);
      EXPECT_LT(miss, 0.15 * reach) << note.text;
      bool drawn = false;
      for (const auto& text : recorder.texts()) drawn |= text.text == note.text;
      EXPECT_TRUE(drawn) << note.text;
    }
  }
}

bool Overlap(const RecordingRenderer::TextCall& a, const RecordingRenderer::TextCall& b) {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

// Every text that meets another text, or a segment of the curves, reference lines, arrows, spines
// or ticks. The grid may cross texts (as in the tutorial's figures).
std::vector<std::string> Collisions(const RecordingRenderer& recorder) {
  std::vector<std::string> found;
  const auto& texts = recorder.texts();
  for (std::size_t i = 0; i < texts.size(); ++i) {
    for (std::size_t j = i + 1; j < texts.size(); ++j) {
      if (Overlap(texts[i], texts[j])) found.push_back(texts[i].text + " / " + texts[j].text);
    }
    const Box box{texts[i].left, texts[i].top, texts[i].right, texts[i].bottom};
    for (const auto& path : recorder.paths()) {
      if (path.group != "line" && path.group != "arrow" && path.group != "spine" &&
          path.group != "tick") {
        continue;
      }
      for (std::size_t k = 0; k + 1 < path.points.size(); ++k) {
        if (SegmentTouchesBox(path.points[k], path.points[k + 1], box)) {
          found.push_back(texts[i].text + " / a " + path.group);
          break;
        }
      }
    }
  }
  return found;
}

TEST(TutorialFigures, TextsNeverOverlapLinesOrEachOther) {
  for (Kind kind : TutorialKinds()) {
    SCOPED_TRACE(InfoOf(kind).name);
    for (double dpi : {72.0, 100.0, 200.0}) {
      RecordingRenderer recorder;
      TutorialFigure(kind).Draw(recorder, dpi);
      ASSERT_GE(recorder.texts().size(), 10u);
      EXPECT_EQ(Collisions(recorder), std::vector<std::string>{}) << "dpi " << dpi;
    }
  }
}

// Ticks as drawn, over random ranges on linear and log axes of random sizes: spans from a few ulps
// to 1e300, magnitudes from 1e-300 to 1e300. On each axis the labels are distinct and no two meet.
TEST(Ticks, RenderedRangesGiveDistinctLabelsThatNeverMeet) {
  std::mt19937_64 random(11);
  std::uniform_real_distribution<double> unit(0, 1);
  const auto range = [&](bool positive) {
    const double magnitude = std::pow(10.0, -300 + 600 * unit(random));
    const double centre = positive ? magnitude : (unit(random) - 0.5) * 2 * magnitude;
    const double span =
        std::abs(centre) * std::ldexp(1.0, -52 + static_cast<int>(60 * unit(random))) +
        (positive ? 0 : magnitude * unit(random));
    return std::pair{centre, centre + std::max(span, std::abs(centre) * 0x1p-50)};
  };
  int drawn = 0;
  for (int i = 0; i < 1200; ++i) {
    const bool log = i % 3 == 0;
    auto [x0, x1] = range(false);
    auto [y0, y1] = range(log);
    if (log && unit(random) < 0.5) y1 = y0 * std::pow(10.0, 600 * unit(random));  // many decades
    if (!(x0 < x1) || !(y0 < y1) || !std::isfinite(x1 - x0) || !std::isfinite(y1) ||
        !std::isfinite(y1 - y0)) {
      continue;
    }
    Figure figure(2 + 8 * unit(random), 1.5 + 6 * unit(random));
    Axes& axes = figure.AddAxes();
    const double x[] = {x0, x1}, y[] = {y0, y1};
    axes.Plot(x, y, kBlack);
    if (log) axes.SetYScale(Scale::kLog10);
    axes.SetXLimits(x0, x1);
    axes.SetYLimits(y0, y1);
    RecordingRenderer recorder;
    figure.Draw(recorder, 50 + 150 * unit(random));
    // x labels sit wholly below the axes, y labels to their left (the lowest centred on the
    // bottom spine).
    std::vector<RecordingRenderer::TextCall> below, left;
    double axes_bottom = 0;
    for (const auto& path : recorder.paths()) {
      if (path.group == "spine") {
        for (const Point& p : path.points) axes_bottom = std::max(axes_bottom, p.y);
      }
    }
    for (const auto& text : recorder.texts()) {
      if (text.group != "tick_label" && text.group != "tick_offset") continue;
      (text.top > axes_bottom ? below : left).push_back(text);
    }
    for (const auto* labels : {&below, &left}) {
      std::set<std::string> seen;
      for (std::size_t a = 0; a < labels->size(); ++a) {
        const auto& t = (*labels)[a];
        if (t.group == "tick_label" && t.text != "10") {
          EXPECT_TRUE(seen.insert(t.text).second) << "repeated label " << t.text << " on " << x0
                                                  << ":" << x1 << " / " << y0 << ":" << y1;
        }
        for (std::size_t b = a + 1; b < labels->size(); ++b) {
          const auto& u = (*labels)[b];
          // A decade's exponent is drawn against its own "10".
          const auto* ten = t.text == "10" ? &t : &u;
          const auto* exponent = t.text == "10" ? &u : &t;
          const bool own = (t.text == "10") != (u.text == "10") &&
                           std::abs(exponent->left - ten->right) < 0.5 * (ten->bottom - ten->top);
          if (!own) {
            EXPECT_FALSE(Overlap(t, u)) << "'" << t.text << "' meets '" << u.text << "' on " << x0
                                        << ":" << x1 << " / " << y0 << ":" << y1;
          }
        }
      }
    }
    ++drawn;
  }
  EXPECT_GE(drawn, 1000);
}

TEST(TutorialFigures, CollisionCheckSeesATextOnTheCurve) {
  Figure figure = TutorialFigure(Kind::kSigmoid);
  figure.axes().front().Annotate("On the curve", {0, 0.5}, {2, 0.2});
  figure.axes().front().AddText("Saturating", {3.5, 0.7});  // on top of the tutorial's label
  RecordingRenderer recorder;
  figure.Draw(recorder, kDpi);
  const auto found = Collisions(recorder);
  EXPECT_NE(std::find(found.begin(), found.end(), "On the curve / a line"), found.end());
  EXPECT_NE(std::find(found.begin(), found.end(), "Saturating / Saturating"), found.end());
}

TEST(TutorialFigures, TitleAndTickLabelsAreWhereMatplotlibPutsThem) {
  RecordingRenderer recorder;
  const Figure figure = TutorialFigure(Kind::kSigmoid);
  figure.Draw(recorder, kDpi);
  const Box box = DeviceBox(figure, figure.axes().front(), kDpi);
  EXPECT_NEAR(box.left, 80, 1e-9);
  EXPECT_NEAR(box.right, 576, 1e-9);
  EXPECT_NEAR(box.top, 57.6, 1e-9);
  EXPECT_NEAR(box.bottom, 427.2, 1e-9);
  std::vector<std::string> x_labels, y_labels;
  for (const auto& text : recorder.texts()) {
    if (text.group == "title") {
      EXPECT_EQ(text.text, "Sigmoid activation function");
      EXPECT_NEAR(text.origin.y, 57.6 - 6 * kDpi / 72, 1e-9);  // 6 pt above the axes
      EXPECT_NEAR((text.left + text.right) / 2, 328, 1e-9);
      EXPECT_NEAR(text.style.size, 14 * kDpi / 72, 1e-12);
    }
    if (text.group == "tick_label") {
      EXPECT_NEAR(text.style.size, 12 * kDpi / 72, 1e-12);
      (text.top > box.bottom ? x_labels : y_labels).push_back(text.text);
    }
  }
  EXPECT_EQ(x_labels, (std::vector<std::string>{kMinus + "4", kMinus + "2", "0", "2", "4"}));
  EXPECT_EQ(y_labels.size(), 8u);
  EXPECT_EQ(y_labels.front(), kMinus + "0.2");
}

// ------------------------------------------------------------------------------- the other figures

TEST(CatalogueFigures, GalleryHasOnePanelPerEntryWithFAndDerivative) {
  const Figure figure = GalleryFigure();
  ASSERT_EQ(figure.axes().size(), Catalogue().size());
  for (std::size_t i = 0; i < Catalogue().size(); ++i) {
    const Axes& axes = figure.axes()[i];
    const Activation act(Catalogue()[i].kind);
    EXPECT_EQ(axes.title(), Catalogue()[i].name);
    std::vector<const Line*> curves;
    for (const Line& line : axes.lines()) {
      if (!line.label.empty()) curves.push_back(&line);
    }
    ASSERT_EQ(curves.size(), 2u);
    EXPECT_EQ(curves[1]->style, LineStyle::kDashed);
    for (std::size_t k = 0; k < curves[0]->x.size(); k += 37) {
      EXPECT_EQ(curves[0]->y[k], act.Value(curves[0]->x[k]));
      EXPECT_EQ(curves[1]->y[k], act.Derivative(curves[1]->x[k]));
    }
  }
  RecordingRenderer recorder;
  figure.Draw(recorder, 100);
  for (std::size_t i = 0; i < recorder.texts().size(); ++i) {
    for (std::size_t j = i + 1; j < recorder.texts().size(); ++j) {
      EXPECT_FALSE(Overlap(recorder.texts()[i], recorder.texts()[j]))
          << recorder.texts()[i].text << " / " << recorder.texts()[j].text;
    }
  }
}

TEST(CatalogueFigures, ComparisonDrawsDerivativesDashedInTheSameColour) {
  const std::vector<Activation> acts = {Activation(Kind::kElu),
                                        Activation::Parse("gelu:approximate=tanh")};
  ComparisonOptions options;
  options.derivative = true;
  options.x_range = std::pair{-3.0, 2.0};
  const Figure figure = ComparisonFigure(acts, options);
  const Axes& axes = figure.axes().front();
  std::vector<const Line*> curves;
  for (const Line& line : axes.lines()) {
    if (!line.label.empty()) curves.push_back(&line);
  }
  ASSERT_EQ(curves.size(), 4u);
  EXPECT_EQ(curves[0]->color, curves[1]->color);
  EXPECT_NE(curves[0]->color, curves[2]->color);
  EXPECT_EQ(curves[1]->style, LineStyle::kDashed);
  EXPECT_EQ(curves[2]->label, "gelu:approximate=tanh");
  EXPECT_EQ(curves[3]->y[10], acts[1].Derivative(curves[3]->x[10]));
  EXPECT_EQ(axes.XLimits(), (std::pair{-3.0, 2.0}));
  EXPECT_TRUE(axes.legend().has_value());
  options.x_range = std::pair{5.0, 1.0};
  EXPECT_THROW(ComparisonFigure(acts, options), std::invalid_argument);
  EXPECT_THROW(ComparisonFigure({}, {}), std::invalid_argument);
}

TEST(CatalogueFigures, SaturatedIntervalsMatchTheClosedForms) {
  constexpr double t = kSaturationThreshold;
  const double sigmoid_edge = [] {
    const double s = (1 + std::sqrt(1 - 4 * t)) / 2;  // s (1 - s) = t
    return std::log(s / (1 - s));
  }();
  struct Case {
    const char* spec;
    std::vector<std::pair<double, double>> expected;
  };
  const std::vector<Case> cases = {
      {"sigmoid", {{-5, -sigmoid_edge}, {sigmoid_edge, 5}}},
      {"tanh", {{-5, -std::atanh(std::sqrt(1 - t))}, {std::atanh(std::sqrt(1 - t)), 5}}},
      {"relu", {{-5, 0}}},
      {"elu", {{-5, std::log(t)}}},
      {"selu", {{-5, std::log(t / (kSeluScale * kSeluAlpha))}}},
      {"leaky_relu:alpha=0.1", {}},
  };
  for (const Case& c : cases) {
    const auto got = SaturatedIntervals(Activation::Parse(c.spec), -5, 5, t);
    ASSERT_EQ(got.size(), c.expected.size()) << c.spec;
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_NEAR(got[i].first, c.expected[i].first, 1e-9) << c.spec;
      EXPECT_NEAR(got[i].second, c.expected[i].second, 1e-9) << c.spec;
    }
  }
  const Figure figure = SaturationFigure();
  const Axes& axes = figure.axes().front();
  EXPECT_EQ(axes.fills().size(), 7u);  // sigmoid 2, tanh 2, relu, elu, selu
  int labelled = 0;
  for (const Line& line : axes.lines()) labelled += !line.label.empty();
  EXPECT_EQ(labelled, 5);
}

// The shape the propagation and training figures take: two panels, a min..max band, a log axis.
Figure TwoPanelExample() {
  Figure figure(11, 4.5);
  GridSpacing spacing{.left = 0.07,
                      .right = 0.98,
                      .bottom = 0.13,
                      .top = 0.9,
                      .horizontal_space = 0.25,
                      .vertical_space = 0.2};
  Axes& left = figure.AddSubplot(1, 2, 0, spacing);
  Axes& right = figure.AddSubplot(1, 2, 1, spacing);
  std::vector<double> layer, mean, low, high, norm;
  for (int i = 0; i < 100; ++i) {
    layer.push_back(i);
    mean.push_back(std::sin(i / 10.0) / 10);
    low.push_back(mean.back() - 0.3);
    high.push_back(mean.back() + 0.3);
    norm.push_back(std::pow(0.8, i));
  }
  left.FillBetween(layer, low, high, Tab10(0).WithAlpha(0.25), {}, "min..max over samples");
  left.Plot(layer, mean, Tab10(0), LineStyle::kSolid, 1.5, "mean");
  left.SetTitle("Mean per layer");
  left.SetXLabel("layer");
  left.SetGrid(true);
  left.ShowLegend(LegendLocation::kLowerRight);
  right.SetYScale(Scale::kLog10);
  right.Plot(layer, norm, Tab10(1), LineStyle::kSolid, 1.5, "gradient norm");
  right.SetTitle("Gradient norm");
  right.SetXLabel("layer");
  right.SetYLabel("norm");
  right.SetGrid(true);
  return figure;
}

TEST(Figure, TwoPanelsWithABandAndALogAxis) {
  const Figure figure = TwoPanelExample();
  RecordingRenderer recorder;
  figure.Draw(recorder, kDpi);
  int fills = 0, titles = 0, decades = 0;
  for (const auto& path : recorder.paths()) fills += path.group == "fill";
  for (const auto& text : recorder.texts()) {
    titles += text.group == "title";
    decades += text.text == "10";
  }
  EXPECT_EQ(fills, 1);
  EXPECT_EQ(titles, 2);
  EXPECT_GE(decades, 3);  // 0.8^99 = 2.5e-10: 10^-10 ... 10^0, every few decades
  EXPECT_EQ(figure.axes()[1].YLimits().first > 0, true);
}

// ----------------------------------------------------------------------------------------------
// text in any script

// An image of `text` at 20 px, drawn by the renderer (with font fallback) or by cairo alone in
// DejaVu Sans (boxes where it has no glyph).
std::vector<unsigned char> TextPixels(const std::string& text, bool fallback) {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_A8, 200, 40);
  cairo_t* cr = cairo_create(surface);
  if (fallback) {
    CairoRenderer renderer(cr, true);
    TextStyle style;
    style.size = 20;
    renderer.DrawText(text, {4, 30}, style);
  } else {
    SelectFont(cr, 20);
    cairo_move_to(cr, 4, 30);
    cairo_show_text(cr, text.c_str());
  }
  EXPECT_EQ(cairo_status(cr), CAIRO_STATUS_SUCCESS);
  cairo_surface_flush(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  std::vector<unsigned char> pixels(data, data + cairo_image_surface_get_stride(surface) * 40);
  cairo_destroy(cr);
  cairo_surface_destroy(surface);
  return pixels;
}

// A title in a script DejaVu Sans lacks takes an installed font with its glyphs
// (scripts/install-deps.sh installs fonts-wqy-microhei), not DejaVu Sans's boxes.
TEST(Text, GlyphsDejaVuSansLacksComeFromAFontThatHasThem) {
  const std::string cjk = "\u6fc0\u6d3b\u51fd\u6570";  // "activation function" in Chinese
  const std::vector<FontRun> runs = FontRuns("tanh " + cjk + " \u03b1");
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].family, "DejaVu Sans");
  EXPECT_EQ(runs[0].text, "tanh ");
  EXPECT_NE(runs[1].family, "DejaVu Sans") << "no installed font has CJK glyphs";
  EXPECT_EQ(runs[1].text, cjk);
  EXPECT_EQ(runs[2].family, "DejaVu Sans");  // Greek is DejaVu Sans's own
  EXPECT_EQ(runs[2].text, " \u03b1");

  // CJK glyphs are one em wide; the measure is the fallback font's, not four boxes'.
  const TextMetrics metrics = MeasureWithCairo(cjk, 20);
  EXPECT_NEAR(metrics.width, 80, 8);
  EXPECT_GT(metrics.ascent, 10);
  // And what is drawn differs from the boxes, while Latin text draws as before.
  EXPECT_NE(TextPixels(cjk, true), TextPixels(cjk, false));
  EXPECT_EQ(TextPixels("sigmoid(x) = 1/(1+e^-x)", true),
            TextPixels("sigmoid(x) = 1/(1+e^-x)", false));
}

// Bytes that are not UTF-8 reach cairo as U+FFFD, so the drawing goes on (cairo stops drawing on
// its context after an invalid string).
TEST(Text, BytesThatAreNotUtf8BecomeReplacementCharacters) {
  const std::string bad =
      "a\xff"
      "b\xe6\xbf"
      "c\xed\xa0\x80"
      "d\xc0\xaf"
      "e\xf4\x90\x80\x80";
  std::string joined;
  for (const FontRun& run : FontRuns(bad)) joined += run.text;
  const std::string r = "\ufffd";
  EXPECT_EQ(joined, "a" + r + "b" + r + r + "c" + r + r + r + "d" + r + r + "e" + r + r + r + r);
  (void)TextPixels(bad, true);  // checks the context's status
}

}  // namespace
}  // namespace actlab::plot
