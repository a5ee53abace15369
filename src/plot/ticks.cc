// Nice tick steps (1, 2, 5 x 10^k) and decade ticks.
#include "actlab/plot/ticks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
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

// A tick step: multiple x 10^exponent with multiple 1, 2 or 5.
struct Step {
  int multiple = 1;
  int exponent = 0;
  double value = 1;
};

// The smallest step that covers [min, max] in at most max_bins intervals; a whole number when
// `integer`.
Step NiceStep(double min, double max, int max_bins, bool integer) {
  // Divided first: max - min may overflow a double when the ends are near +-1.8e308.
  const double raw = max / max_bins - min / max_bins;
  int first = static_cast<int>(std::floor(std::log10(raw)));
  if (integer) first = std::max(first, 0);
  for (int exponent = first; exponent < first + 3; ++exponent) {
    const double scale = std::pow(10.0, exponent);
    for (int multiple : {1, 2, 5}) {
      const double candidate = multiple * scale;
      // Tolerance for values that sit on a tick up to rounding (0.1 * 3 vs 0.3).
      const double eps = candidate * 1e-9;
      const double low = std::floor((min + eps) / candidate);
      const double high = std::ceil((max - eps) / candidate);
      if (high - low <= max_bins) return {multiple, exponent, candidate};
    }
  }
  return {1, first + 3, std::pow(10.0, first + 3)};
}

// n x 10^exponent written out exactly, with max(0, -exponent) decimals and U+2212 for negatives.
std::string ScaledInteger(long long n, int exponent) {
  std::string digits = std::to_string(n < 0 ? -static_cast<unsigned long long>(n)
                                            : static_cast<unsigned long long>(n));
  if (exponent >= 0) {
    if (n != 0) digits += std::string(static_cast<std::size_t>(exponent), '0');
  } else {
    const auto decimals = static_cast<std::size_t>(-exponent);
    if (digits.size() <= decimals) digits.insert(0, decimals + 1 - digits.size(), '0');
    digits.insert(digits.size() - decimals, ".");
  }
  return (n < 0 ? "\u2212" : "") + digits;
}

int DecimalDigits(unsigned long long n) {
  int digits = 1;
  while (n >= 10) {
    n /= 10;
    ++digits;
  }
  return digits;
}

}  // namespace

TickSet LinearTickSet(double min, double max, int max_bins, bool integer) {
  if (!std::isfinite(min) || !std::isfinite(max) || !(min < max) || max_bins < 1) {
    throw std::invalid_argument("LinearTicks: needs finite min < max and max_bins >= 1");
  }
  TickSet set;
  const Step step = NiceStep(min, max, max_bins, integer);
  const double eps = step.value * 1e-9;
  const double first = std::ceil((min - eps) / step.value);
  const double last = std::floor((max + eps) / step.value);
  // Ticks are k x step for whole k. When k outgrows a double's integers (a span of a few ulps,
  // which axes widen before they ask for ticks) or the step leaves the normal range, the two ends
  // are the ticks, labelled by their shortest decimal form.
  if (!(step.value >= std::numeric_limits<double>::min()) || std::abs(first) > 0x1p52 ||
      std::abs(last) > 0x1p52) {
    set.ticks.push_back({min, FormatShortest(min), false});
    set.ticks.push_back({max, FormatShortest(max), false});
    return set;
  }
  // At most max_bins + 1 ticks: the count is fixed before the loop, so any range takes bounded
  // work.
  const auto k_first = static_cast<long long>(first);
  const long long count =
      std::clamp<long long>(static_cast<long long>(last) - k_first + 1, 0, max_bins + 1);

  // matplotlib's ScalarFormatter: when every tick shares 4 or more leading digits, the labels
  // show the difference to an offset printed once at the axis's end; when the labels' order of
  // magnitude is 6 or more, or -5 or less, they are scaled by a power of ten printed there too.
  // Labels are computed from the whole tick indices, so that they are exact and distinct.
  long long k_offset = 0;
  const double largest = std::max(std::abs(min), std::abs(max));
  if (std::isfinite(max - min) && std::log10(largest) - std::log10(max - min) >= 4) {
    k_offset = std::llround((min / 2 + max / 2) / (100 * step.value)) * 100;
  }
  std::vector<long long> labels;
  unsigned long long biggest = 0;
  for (long long i = 0; i < count; ++i) {
    const long long n = (k_first + i - k_offset) * step.multiple;
    labels.push_back(n);
    biggest = std::max(
        biggest, n < 0 ? -static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n));
  }
  int shift = 0;  // labels are n x 10^(exponent - shift), times 10^shift at the axis's end
  const int magnitude = step.exponent + (biggest > 0 ? DecimalDigits(biggest) - 1 : 0);
  if (magnitude >= 6 || magnitude <= -5) shift = magnitude;
  for (long long i = 0; i < count; ++i) {
    // Inside [min, max] even where k x step rounds a few ulps beyond an end.
    double value = std::clamp(static_cast<double>(k_first + i) * step.value, min, max);
    if (std::abs(value) < eps) value = 0;
    set.ticks.push_back(
        {value, ScaledInteger(labels[static_cast<std::size_t>(i)], step.exponent - shift), false});
  }
  if (shift != 0) {
    set.offset =
        "\u00d71e" + std::string(shift < 0 ? "\u2212" : "") + std::to_string(std::abs(shift));
  }
  if (k_offset != 0) {
    const double offset = static_cast<double>(k_offset) * step.value;
    set.offset += (set.offset.empty() ? "" : " ") + std::string(offset < 0 ? "\u2212" : "+") +
                  FormatShortest(std::abs(offset));
  }
  return set;
}

std::vector<Tick> LinearTicks(double min, double max, int max_bins) {
  return LinearTickSet(min, max, max_bins).ticks;
}

TickSet LogTickSet(double min, double max, int max_bins) {
  if (!(min > 0) || !std::isfinite(max) || !(min < max) || max_bins < 1) {
    throw std::invalid_argument("LogTicks: needs 0 < min < max and max_bins >= 1");
  }
  const double eps = 1e-9;
  const int first = static_cast<int>(std::ceil(std::log10(min) - eps));
  const int last = static_cast<int>(std::floor(std::log10(max) + eps));
  if (last <= first) return LinearTickSet(min, max, max_bins);
  const int every = (last - first + max_bins - 1) / max_bins;  // at most max_bins + 1 decades
  TickSet set;
  // Decades at multiples of `every`, so that 10^0 stays when it is in range.
  for (int k = first; k <= last; ++k) {
    if (((k % every) + every) % every != 0) continue;
    set.ticks.push_back({std::pow(10.0, k), FormatTickLabel(k, 0), true});
  }
  return set;
}

std::vector<Tick> LogTicks(double min, double max, int max_bins) {
  return LogTickSet(min, max, max_bins).ticks;
}

}  // namespace actlab::plot
