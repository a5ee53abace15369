// Clipping of polylines and polygons to a rectangle, and the outline of an annotation's arrow:
// plain geometry in device units, shared by the drawing code and its tests.
#ifndef ACTLAB_SRC_PLOT_GEOMETRY_H_
#define ACTLAB_SRC_PLOT_GEOMETRY_H_

#include <vector>

#include "actlab/plot/figure.h"

namespace actlab::plot {

struct Box {
  double left = 0, top = 0, right = 0, bottom = 0;  // y down
  bool Contains(Point p) const {
    return p.x >= left && p.x <= right && p.y >= top && p.y <= bottom;
  }
};

// The pieces of `polyline` inside `box` (Liang–Barsky on each segment, consecutive pieces joined).
std::vector<std::vector<Point>> ClipPolyline(const std::vector<Point>& polyline, const Box& box);

// `polygon` cut to `box` (Sutherland–Hodgman); empty when nothing is inside.
std::vector<Point> ClipPolygon(const std::vector<Point>& polygon, const Box& box);

// Whether the segment a-b crosses or touches `box`.
bool SegmentTouchesBox(Point a, Point b, const Box& box);

// The outline of matplotlib's "simple" arrow from `from` to `to`: shaft of width `shaft`, head
// `head_width` wide and `head_length` long (all device units); the head shrinks on short arrows.
std::vector<Point> ArrowOutline(Point from, Point to, double shaft, double head_width,
                                double head_length);

// The start and end of an annotation's arrow, as matplotlib draws it: from the point of `text_box`
// nearest `target` (each axis chosen among the box's two edges and its middle), cut where it leaves
// the box grown by `pad` on each side, then both ends pulled in by `shrink` times the distance from
// that point to the target.
std::pair<Point, Point> ArrowEnds(const Box& text_box, Point target, double shrink, double pad = 0);

// A rectangle with rounded corners as a closed polygon.
std::vector<Point> RoundedRectangle(const Box& box, double radius);

}  // namespace actlab::plot

#endif  // ACTLAB_SRC_PLOT_GEOMETRY_H_
