// Nice tick steps (1, 2, 5 x 10^k) and decade ticks.
#include "actlab/plot/ticks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

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

std::vector<Tick> LinearTicks(double min, double max, int max_bins) {
  if (!std::isfinite(min) || !std::isfinite(max) || !(min < max) || max_bins < 1) {
    throw std::invalid_argument("LinearTicks: needs finite min < max and max_bins >= 1");
  }
  const double raw = (max - min) / max_bins;
  double scale = std::pow(10.0, std::floor(std::log10(raw)));
  // Tolerance for values that sit on a tick up to rounding (0.1 * 3 vs 0.3).
  double step = 0;
  for (int attempt = 0; attempt < 3 && step == 0; ++attempt, scale *= 10) {
    for (double multiple : {1.0, 2.0, 5.0, 10.0}) {
      const double candidate = multiple * scale;
      const double eps = candidate * 1e-9;
      const double low = std::floor((min + eps) / candidate);
      const double high = std::ceil((max - eps) / candidate);
      if (high - low <= max_bins) {
        step = candidate;
        break;
      }
    }
  }
  const int decimals = std::max(0, -static_cast<int>(std::floor(std::log10(step) + 1e-9)));
  std::vector<Tick> ticks;
  const double eps = step * 1e-9;
  for (double k = std::ceil((min - eps) / step); k * step <= max + eps; k += 1) {
    double value = k * step;
    if (std::abs(value) < eps) value = 0;
    ticks.push_back({value, FormatTickLabel(value, decimals), false});
  }
  return ticks;
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
