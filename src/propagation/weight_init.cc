// Parsing of --init: the named rules and an explicit sigma_w^2.
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>

#include "actlab/io.h"
#include "actlab/propagation.h"

namespace actlab {

WeightInit WeightInit::Of(Init rule) {
  WeightInit init;
  init.name = std::string(ToString(rule));
  if (rule == Init::kHeNormal) init.sigma_w2 = 2;
  if (rule == Init::kGlorotUniform) init.distribution = Distribution::kUniform;
  return init;
}

WeightInit WeightInit::Parse(std::string_view text) {
  if (const std::optional<Init> rule = InitFromName(text)) {
    WeightInit init = Of(*rule);
    init.name = std::string(text);  // as the user wrote it (it is printed back)
    return init;
  }
  WeightInit init;
  init.name = std::string(text);
  constexpr std::string_view kPrefix = "sigma_w2=";
  if (text.starts_with(kPrefix)) {
    try {
      init.sigma_w2 =
          ParseInRange(text.substr(kPrefix.size()), {.min = 0, .max = 1e6, .min_open = true});
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("init sigma_w2: " + std::string(e.what()) +
                                  " (e.g. sigma_w2=1.5)");
    }
    return init;
  }
  throw std::invalid_argument("unknown init " + QuoteInput(text) +
                              "'; allowed: lecun, he, glorot, sigma_w2=X (X > 0)");
}

}  // namespace actlab
