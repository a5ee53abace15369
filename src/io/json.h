// Numbers in the JSON actlab writes and reads: JSON has no NaN or infinity, so non-finite values
// are the strings "nan", "inf" and "-inf" in every file (tables, results.json), and every reader
// takes them back (and null, which older files hold for NaN).
#ifndef ACTLAB_SRC_IO_JSON_H_
#define ACTLAB_SRC_IO_JSON_H_

#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <vector>

#include "actlab/io.h"

namespace actlab::json {

inline nlohmann::ordered_json Number(double value) {
  if (std::isfinite(value)) return value;
  return FormatShortest(value);
}

inline nlohmann::ordered_json Numbers(const std::vector<double>& values) {
  nlohmann::ordered_json array = nlohmann::ordered_json::array();
  for (double v : values) array.push_back(Number(v));
  return array;
}

// A number written by Number(); throws std::invalid_argument for anything else.
template <class Json>
double ReadNumber(const Json& value) {
  if (value.is_number()) return value.template get<double>();
  if (value.is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (value.is_string()) {
    if (const auto number = ParseNumber(value.template get<std::string>(), true)) return *number;
  }
  throw std::invalid_argument("expected a number (or \"nan\", \"inf\", \"-inf\"), got " +
                              QuoteInput(value.dump()));
}

template <class Json>
std::vector<double> ReadNumbers(const Json& array) {
  std::vector<double> values;
  for (const auto& v : array) values.push_back(ReadNumber(v));
  return values;
}

}  // namespace actlab::json

#endif  // ACTLAB_SRC_IO_JSON_H_
