// libFuzzer target: the number layer every numeric option and parameter goes through. Any text
// either parses to a number inside the range asked for, whose shortest form reads back the same,
// or is refused with std::invalid_argument; QuoteInput stays short and free of control bytes.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>

#include "actlab/io.h"

namespace {

const actlab::NumberRange kRanges[] = {
    {},
    {.min = 0, .max = 1e6, .min_open = true},
    {.min = 1, .max = 16777216, .integer = true},
    {.min = -3.4028234663852886e38, .max = 3.4028234663852886e38},
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const actlab::NumberParse parsed = actlab::ParseNumberDetailed(text, true);
  if (parsed.value.has_value() != (parsed.problem == actlab::NumberParse::Problem::kNone)) {
    std::abort();
  }
  if (parsed.value && !std::isnan(*parsed.value)) {
    const auto back = actlab::ParseNumber(actlab::FormatShortest(*parsed.value), true);
    if (!back || *back != *parsed.value) std::abort();
  }
  for (const actlab::NumberRange& range : kRanges) {
    try {
      const double value = actlab::ParseInRange(text, range);
      if (!range.Contains(value) || !std::isfinite(value)) std::abort();
    } catch (const std::invalid_argument& e) {
      if (std::string_view(e.what()).find("allowed: ") == std::string_view::npos) std::abort();
    }
  }
  const std::string quoted = actlab::QuoteInput(text);
  if (quoted.size() > 64 * 4 + 40) std::abort();
  for (const char c : quoted) {
    if (static_cast<unsigned char>(c) < 0x20) std::abort();
  }
  return 0;
}
