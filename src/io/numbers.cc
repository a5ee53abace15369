#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

#include "actlab/io.h"

namespace actlab {

NumberParse ParseNumberDetailed(std::string_view text, bool allow_nonfinite) {
  using Problem = NumberParse::Problem;
  if (text.empty()) return {std::nullopt, Problem::kNotANumber};
  std::string lower;
  if (text.size() <= 9) {
    for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  const auto nonfinite = [&](double value) -> NumberParse {
    if (!allow_nonfinite) return {std::nullopt, Problem::kNonFinite};
    return {value, Problem::kNone};
  };
  if (lower == "nan" || lower == "+nan" || lower == "-nan") {
    return nonfinite(std::numeric_limits<double>::quiet_NaN());
  }
  if (lower == "inf" || lower == "+inf" || lower == "infinity" || lower == "+infinity") {
    return nonfinite(std::numeric_limits<double>::infinity());
  }
  if (lower == "-inf" || lower == "-infinity") {
    return nonfinite(-std::numeric_limits<double>::infinity());
  }
  // At most one sign, then a digit or the decimal point. from_chars reads its own "-inf",
  // "-nan(...)" and "-infinity"; the spellings accepted were handled above, and no other may pass.
  const bool plus = text.front() == '+';
  const std::string_view digits = text.substr(plus ? 1 : 0);
  const bool minus = !digits.empty() && digits.front() == '-';
  const std::string_view body = digits.substr(minus ? 1 : 0);
  if ((plus && minus) || body.empty() ||
      !(std::isdigit(static_cast<unsigned char>(body.front())) || body.front() == '.')) {
    return {std::nullopt, Problem::kNotANumber};
  }
  double value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (end != digits.data() + digits.size()) return {std::nullopt, Problem::kNotANumber};
  if (error == std::errc::result_out_of_range) {
    // from_chars does not say which way the value left the range; strtod does: HUGE_VAL on
    // overflow, zero on underflow, a subnormal number (accepted) in between.
    const std::string copy(digits);
    errno = 0;
    const double rounded = std::strtod(copy.c_str(), nullptr);
    if (std::isinf(rounded)) return {std::nullopt, Problem::kOverflow};
    if (rounded == 0) return {std::nullopt, Problem::kUnderflow};
    return {rounded, Problem::kNone};
  }
  if (error != std::errc()) return {std::nullopt, Problem::kNotANumber};
  return {value, Problem::kNone};
}

std::optional<double> ParseNumber(std::string_view text, bool allow_nonfinite) {
  return ParseNumberDetailed(text, allow_nonfinite).value;
}

std::string QuoteInput(std::string_view text, std::size_t limit) {
  std::string out = "'";
  std::size_t shown = 0;
  for (const char c : text) {
    if (shown == limit) break;
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f || c == '\\' || c == '\'') {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
      out += escaped;
    } else {
      out += c;
    }
    ++shown;
  }
  out += "'";
  if (shown < text.size()) out += "... (" + std::to_string(text.size()) + " bytes)";
  return out;
}

std::string NumberRange::Text() const {
  auto bound = [](double v) {
    if (v == std::floor(v) && std::abs(v) < 1e15) return std::to_string(static_cast<long long>(v));
    return FormatShortest(v);
  };
  std::string kind = integer ? "an integer" : "a number";
  if (min == -std::numeric_limits<double>::infinity() &&
      max == std::numeric_limits<double>::infinity()) {
    return kind + " (finite)";
  }
  if (max == std::numeric_limits<double>::infinity()) {
    return kind + (min_open ? " > " : " >= ") + bound(min);
  }
  if (min == -std::numeric_limits<double>::infinity()) {
    return kind + (max_open ? " < " : " <= ") + bound(max);
  }
  if (!min_open && !max_open) return kind + " from " + bound(min) + " to " + bound(max);
  return kind + " in " + (min_open ? "(" : "[") + bound(min) + ", " + bound(max) +
         (max_open ? ")" : "]");
}

bool NumberRange::Contains(double v) const {
  if (std::isnan(v)) return false;
  if (integer && v != std::floor(v)) return false;
  const bool above = min_open ? v > min : v >= min;
  const bool below = max_open ? v < max : v <= max;
  return above && below;
}

std::string ProblemText(NumberParse::Problem problem) {
  switch (problem) {
    case NumberParse::Problem::kNone:
      return "is a number";
    case NumberParse::Problem::kOverflow:
      return "overflows a double";
    case NumberParse::Problem::kUnderflow:
      return "underflows to zero in a double";
    case NumberParse::Problem::kNonFinite:
      return "is not finite";
    case NumberParse::Problem::kNotANumber:
      break;
  }
  return "is not a number";
}

double ParseInRange(std::string_view text, const NumberRange& range) {
  const NumberParse parsed = ParseNumberDetailed(text);
  const std::string allowed = "; allowed: " + range.Text();
  if (!parsed.value) {
    throw std::invalid_argument(QuoteInput(text) + " " + ProblemText(parsed.problem) + allowed);
  }
  if (!range.Contains(*parsed.value)) {
    throw std::invalid_argument(QuoteInput(text) + " is out of range" + allowed);
  }
  return *parsed.value;
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
