// libFuzzer target: the results.json reader (actlab report --train-results). Any text either
// gives runs that each have epochs, or is refused with std::invalid_argument naming the file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>

#include "actlab/nn/results.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  actlab::nn::TrainConfig protocol;
  try {
    const auto runs = actlab::nn::ParseResultsJson(text, "fuzz.json", &protocol);
    if (runs.empty()) std::abort();
    for (const auto& run : runs) {
      if (run.epochs.empty()) std::abort();
    }
  } catch (const std::invalid_argument& e) {
    if (std::string_view(e.what()).find("fuzz.json") == std::string_view::npos) std::abort();
  }
  return 0;
}
