// libFuzzer target: the activation spec parser. Any text either parses into an activation whose
// canonical form parses back to the same activation, or is refused with SpecError.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "actlab/activation.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const actlab::Activation act = actlab::Activation::Parse(text);
    const std::string canonical = act.ToString();
    if (!(actlab::Activation::Parse(canonical) == act)) std::abort();
    // Every accepted parameter set gives finite values at ordinary points.
    for (const double x : {-2.0, -0.5, 0.0, 0.5, 2.0}) {
      if (!std::isfinite(act.Value(x)) || !std::isfinite(act.Derivative(x))) std::abort();
    }
  } catch (const actlab::SpecError&) {
  }
  return 0;
}
