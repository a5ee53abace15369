#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include "actlab/io.h"

namespace actlab {

std::optional<double> ParseNumber(std::string_view text, bool allow_nonfinite) {
  if (text.empty()) return std::nullopt;
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "nan" || lower == "+nan" || lower == "-nan") {
    if (!allow_nonfinite) return std::nullopt;
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (lower == "inf" || lower == "+inf" || lower == "infinity" || lower == "+infinity") {
    if (!allow_nonfinite) return std::nullopt;
    return std::numeric_limits<double>::infinity();
  }
  if (lower == "-inf" || lower == "-infinity") {
    if (!allow_nonfinite) return std::nullopt;
    return -std::numeric_limits<double>::infinity();
  }
  std::string_view digits = text;
  if (digits.front() == '+') digits.remove_prefix(1);
  // from_chars spells nan and inf itself; those were handled above with their exact spellings.
  if (digits.empty() || std::isalpha(static_cast<unsigned char>(digits.front())))
    return std::nullopt;
  double value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (end != digits.data() + digits.size()) return std::nullopt;
  if (error == std::errc::result_out_of_range) {
    // Accept a result in the subnormal range; reject overflow and underflow to zero.
    if (value == 0 || std::isinf(value)) return std::nullopt;
    return value;
  }
  if (error != std::errc()) return std::nullopt;
  return value;
}

std::string FormatShortest(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[64];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return error == std::errc() ? std::string(buffer, end) : std::string("?");
}

std::string FormatDigits(double value, int digits) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[64];
  const auto [end, error] =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, digits);
  return error == std::errc() ? std::string(buffer, end) : std::string("?");
}

std::string EscapeXml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Format ParseFormat(std::string_view name) {
  if (name == "text") return Format::kText;
  if (name == "csv") return Format::kCsv;
  if (name == "json") return Format::kJson;
  throw std::invalid_argument("unknown format '" + std::string(name) +
                              "'; allowed: text, csv, json");
}

}  // namespace actlab
