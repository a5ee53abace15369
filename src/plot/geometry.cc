// Clipping and arrow outlines, in device units.
#include "plot/geometry.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace actlab::plot {

namespace {

// Liang–Barsky: the parameter interval [t0, t1] of a + t (b - a) inside the box, or false.
bool ClipSegment(Point a, Point b, const Box& box, double& t0, double& t1) {
  t0 = 0;
  t1 = 1;
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double p[4] = {-dx, dx, -dy, dy};
  const double q[4] = {a.x - box.left, box.right - a.x, a.y - box.top, box.bottom - a.y};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return false;
      continue;
    }
    const double t = q[i] / p[i];
    if (p[i] < 0) {
      t0 = std::max(t0, t);
    } else {
      t1 = std::min(t1, t);
    }
    if (t0 > t1) return false;
  }
  return true;
}

Point Lerp(Point a, Point b, double t) { return {a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)}; }

}  // namespace

std::vector<std::vector<Point>> ClipPolyline(const std::vector<Point>& polyline, const Box& box) {
  std::vector<std::vector<Point>> pieces;
  if (polyline.size() == 1 && box.Contains(polyline[0])) pieces.push_back(polyline);
  std::vector<Point> current;
  for (std::size_t i = 0; i + 1 < polyline.size(); ++i) {
    double t0, t1;
    if (!ClipSegment(polyline[i], polyline[i + 1], box, t0, t1)) {
      if (!current.empty()) pieces.push_back(std::move(current));
      current.clear();
      continue;
    }
    const Point start = Lerp(polyline[i], polyline[i + 1], t0);
    const Point end = Lerp(polyline[i], polyline[i + 1], t1);
    if (current.empty() || t0 > 0) {
      if (!current.empty()) pieces.push_back(std::move(current));
      current = {start};
    }
    current.push_back(end);
    if (t1 < 1) {
      pieces.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) pieces.push_back(std::move(current));
  return pieces;
}

std::vector<Point> ClipPolygon(const std::vector<Point>& polygon, const Box& box) {
  std::vector<Point> result = polygon;
  // One pass per edge: inside(p), and the intersection of p-q with the edge line.
  auto pass = [&](auto inside, auto intersect) {
    std::vector<Point> input = std::move(result);
    result.clear();
    for (std::size_t i = 0; i < input.size(); ++i) {
      const Point p = input[i], q = input[(i + 1) % input.size()];
      const bool p_in = inside(p), q_in = inside(q);
      if (p_in) result.push_back(p);
      if (p_in != q_in) result.push_back(intersect(p, q));
    }
  };
  auto at_x = [](double x) {
    return [x](Point p, Point q) { return Lerp(p, q, (x - p.x) / (q.x - p.x)); };
  };
  auto at_y = [](double y) {
    return [y](Point p, Point q) { return Lerp(p, q, (y - p.y) / (q.y - p.y)); };
  };
  pass([&](Point p) { return p.x >= box.left; }, at_x(box.left));
  pass([&](Point p) { return p.x <= box.right; }, at_x(box.right));
  pass([&](Point p) { return p.y >= box.top; }, at_y(box.top));
  pass([&](Point p) { return p.y <= box.bottom; }, at_y(box.bottom));
  return result;
}

bool SegmentTouchesBox(Point a, Point b, const Box& box) {
  double t0, t1;
  return ClipSegment(a, b, box, t0, t1);
}

std::vector<Point> ArrowOutline(Point from, Point to, double shaft, double head_width,
                                double head_length) {
  const double dx = to.x - from.x, dy = to.y - from.y;
  const double length = std::hypot(dx, dy);
  if (length == 0) return {};
  const double ux = dx / length, uy = dy / length;  // along the arrow
  const double nx = -uy, ny = ux;                   // across it
  const double scale = std::min(1.0, length / head_length);
  const double head = head_length * scale, half_head = head_width * scale / 2;
  const double half_shaft = std::min(shaft / 2, half_head);
  const Point neck{to.x - ux * head, to.y - uy * head};
  return {{from.x + nx * half_shaft, from.y + ny * half_shaft},
          {neck.x + nx * half_shaft, neck.y + ny * half_shaft},
          {neck.x + nx * half_head, neck.y + ny * half_head},
          to,
          {neck.x - nx * half_head, neck.y - ny * half_head},
          {neck.x - nx * half_shaft, neck.y - ny * half_shaft},
          {from.x - nx * half_shaft, from.y - ny * half_shaft}};
}

std::pair<Point, Point> ArrowEnds(const Box& text_box, Point target, double shrink, double pad) {
  auto nearest = [](double a, double b, double t) {
    const double candidates[3] = {a, (a + b) / 2, b};
    double best = candidates[0];
    for (double c : candidates) {
      if (std::abs(c - t) < std::abs(best - t)) best = c;
    }
    return best;
  };
  const Point start{nearest(text_box.left, text_box.right, target.x),
                    nearest(text_box.top, text_box.bottom, target.y)};
  const double dx = target.x - start.x, dy = target.y - start.y;
  // Where the line leaves the padded box: the largest t with start + t (target - start) inside it.
  const Box padded{text_box.left - pad, text_box.top - pad, text_box.right + pad,
                   text_box.bottom + pad};
  double exit = 0;
  if (pad > 0) {
    double t0, t1;
    if (ClipSegment(start, target, padded, t0, t1)) exit = t1;
  }
  // shrink is a fraction of the whole distance, taken off at each end.
  const double from = std::min(exit + shrink, 1 - shrink);
  return {{start.x + from * dx, start.y + from * dy},
          {target.x - shrink * dx, target.y - shrink * dy}};
}

std::vector<Point> RoundedRectangle(const Box& box, double radius) {
  radius = std::min({radius, (box.right - box.left) / 2, (box.bottom - box.top) / 2});
  std::vector<Point> points;
  const Point centres[4] = {{box.right - radius, box.top + radius},
                            {box.right - radius, box.bottom - radius},
                            {box.left + radius, box.bottom - radius},
                            {box.left + radius, box.top + radius}};
  constexpr int kSteps = 6;
  for (int corner = 0; corner < 4; ++corner) {
    const double start = (corner - 1) * std::numbers::pi / 2;  // -90°, 0°, 90°, 180° (y down)
    for (int i = 0; i <= kSteps; ++i) {
      const double angle = start + i * (std::numbers::pi / 2) / kSteps;
      points.push_back({centres[corner].x + radius * std::cos(angle),
                        centres[corner].y + radius * std::sin(angle)});
    }
  }
  return points;
}

}  // namespace actlab::plot
