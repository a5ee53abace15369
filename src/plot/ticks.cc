// Nice tick steps (1, 2, 5 x 10^k) and decade ticks.
#include "actlab/plot/ticks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "actlab/io.h"

namespace actlab::plot {

std::string FormatTickLabel(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, std::abs(value));
  std::string text = buffer;
  bool zero = true;
  for (char c : text) zero &= (c == '0' || c == '.');
  if (value < 0 && !zero) text = "\u2212" + text;
  return text;
}

namespace {

// The smallest step 1, 2 or 5 x 10^k that covers [min, max] in at most max_bins intervals.
double NiceStep(double min, double max, int max_bins) {
  // Divided first: max - min may overflow a double when the ends are near +-1.8e308.
  const double raw = max / max_bins - min / max_bins;
  double scale = std::pow(10.0, std::floor(std::log10(raw)));
  for (int attempt = 0; attempt < 3; ++attempt, scale *= 10) {
    for (double multiple : {1.0, 2.0, 5.0, 10.0}) {
      const double candidate = multiple * scale;
      // Tolerance for values that sit on a tick up to rounding (0.1 * 3 vs 0.3).
      const double eps = candidate * 1e-9;
      const double low = std::floor((min + eps) / candidate);
      const double high = std::ceil((max - eps) / candidate);
      if (high - low <= max_bins) return candidate;
    }
  }
  return 10 * scale;
}

std::string Superscript(int exponent) {
  return "1e" + std::string(exponent < 0 ? "\u2212" : "") + std::to_string(std::abs(exponent));
}

}  // namespace

TickSet LinearTickSet(double min, double max, int max_bins) {
  if (!std::isfinite(min) || !std::isfinite(max) || !(min < max) || max_bins < 1) {
    throw std::invalid_argument("LinearTicks: needs finite min < max and max_bins >= 1");
  }
  const double step = NiceStep(min, max, max_bins);
  const double eps = step * 1e-9;
  // At most max_bins + 1 ticks; the count is fixed before the loop, so that any range (a span of a
  // few ulps, ends near the largest double) takes bounded work.
  const double first = std::ceil((min - eps) / step);
  const double last = std::floor((max + eps) / step);
  const int count = std::clamp(static_cast<int>(last - first) + 1, 0, max_bins + 1);
  std::vector<double> values;
  for (int i = 0; i < count; ++i) {
    double value = (first + i) * step;
    if (std::abs(value) < eps) value = 0;
    if (value < min - eps || value > max + eps) continue;
    if (!values.empty() && value <= values.back()) continue;  // rounding made two ticks one
    values.push_back(value);
  }

  // matplotlib's ScalarFormatter: when every tick shares 4 or more leading digits, the labels
  // show the difference to an offset printed once at the axis's end; when the labels would need
  // more than 5 digits before or 4 zeros after the point, they are scaled by a power of ten.
  TickSet set;
  const int step_exponent = static_cast<int>(std::floor(std::log10(step) + 1e-9));
  double offset = 0;
  const double largest = std::max(std::abs(min), std::abs(max));
  if (std::isfinite(max - min) && largest > 0 && std::log10(largest) - std::log10(max - min) >= 4) {
    const double unit = std::pow(10.0, step_exponent + 2);
    offset = std::round((min + max) / 2 / unit) * unit;
  }
  double biggest_label = 0;
  for (double v : values) biggest_label = std::max(biggest_label, std::abs(v - offset));
  int scale = 0;
  if (biggest_label >= 1e6 || (biggest_label > 0 && biggest_label < 1e-4)) {
    scale = biggest_label > 0 ? static_cast<int>(std::floor(std::log10(biggest_label))) : 0;
  }
  const double factor = std::pow(10.0, -scale);
  int decimals = std::max(0, scale - step_exponent);
  for (double v : values) {
    set.ticks.push_back({v, FormatTickLabel((v - offset) * factor, decimals), false});
  }
  // Rounding can still make two labels equal: more decimals until they differ (17 at most).
  auto distinct = [&] {
    for (std::size_t i = 1; i < set.ticks.size(); ++i) {
      if (set.ticks[i].label == set.ticks[i - 1].label) return false;
    }
    return true;
  };
  while (!distinct() && decimals < 17) {
    ++decimals;
    for (Tick& t : set.ticks) t.label = FormatTickLabel((t.value - offset) * factor, decimals);
  }
  if (scale != 0) set.offset = "\u00d7" + Superscript(scale);
  if (offset != 0) {
    set.offset += (set.offset.empty() ? "" : " ") + std::string(offset < 0 ? "\u2212" : "+") +
                  FormatShortest(std::abs(offset));
  }
  return set;
}

std::vector<Tick> LinearTicks(double min, double max, int max_bins) {
  return LinearTickSet(min, max, max_bins).ticks;
}

std::vector<Tick> LogTicks(double min, double max, int max_bins) {
  if (!(min > 0) || !std::isfinite(max) || !(min < max) || max_bins < 1) {
    throw std::invalid_argument("LogTicks: needs 0 < min < max and max_bins >= 1");
  }
  const double eps = 1e-9;
  const int first = static_cast<int>(std::ceil(std::log10(min) - eps));
  const int last = static_cast<int>(std::floor(std::log10(max) + eps));
  if (last < first) return LinearTicks(min, max, max_bins);
  int every = 1;
  while ((last - first) / every + 1 > max_bins + 1) ++every;
  std::vector<Tick> ticks;
  // Decades at multiples of `every`, so that 10^0 stays when it is in range.
  for (int k = first; k <= last; ++k) {
    if (((k % every) + every) % every != 0) continue;
    ticks.push_back({std::pow(10.0, k), FormatTickLabel(k, 0), true});
  }
  return ticks;
}

}  // namespace actlab::plot
