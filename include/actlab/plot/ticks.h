// Tick positions and labels: "nice" steps of 1, 2 or 5 times a power of ten, and decades on a log
// axis.
#ifndef ACTLAB_PLOT_TICKS_H_
#define ACTLAB_PLOT_TICKS_H_

#include <string>
#include <vector>

namespace actlab::plot {

struct Tick {
  double value = 0;
  std::string label;    // for a decade on a log axis: the exponent, drawn as 10 with a superscript
  bool decade = false;  // true: label is the exponent of 10
};

// Ticks and the text shared by all their labels: an offset added to every label ("+1") and a
// power of ten they are multiplied by ("\u00d71e\u22127"), drawn once at the end of the axis as
// matplotlib does; empty when the labels are the values themselves.
struct TickSet {
  std::vector<Tick> ticks;
  std::string offset;
};

// Ticks inside [min, max] at the smallest step 1, 2 or 5 x 10^k that needs at most `max_bins`
// intervals to cover the range (matplotlib's MaxNLocator with steps 1-2-5). Labels carry as many
// decimals as the step needs and the minus sign U+2212. Requires finite min < max and
// max_bins >= 1; any such range takes bounded work and gives distinct labels, with an offset or a
// power of ten when the ticks share many leading digits or are very large or small.
// With `integer`, steps are whole numbers (1, 2, 5, 10, ...): for axes of counts or epochs
// (matplotlib's MaxNLocator(integer=True)).
TickSet LinearTickSet(double min, double max, int max_bins, bool integer = false);
// The ticks of LinearTickSet alone.
std::vector<Tick> LinearTicks(double min, double max, int max_bins);

// Decades 10^k inside [min, max] (both > 0), every n-th decade so that there are at most
// max_bins + 1 of them; when the range holds fewer than two decades, LinearTickSet's ticks (with
// its offset or power of ten).
TickSet LogTickSet(double min, double max, int max_bins);
// The ticks of LogTickSet alone.
std::vector<Tick> LogTicks(double min, double max, int max_bins);

// A tick label: `value` with `decimals` decimals, U+2212 for negatives, never "-0".
std::string FormatTickLabel(double value, int decimals);

}  // namespace actlab::plot

#endif  // ACTLAB_PLOT_TICKS_H_
