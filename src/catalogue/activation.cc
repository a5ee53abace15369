#include "actlab/activation.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <vector>

#include "actlab/io.h"
#include "catalogue/catalogue.h"

namespace actlab {
namespace {

std::string Normalise(std::string_view name) {
  std::string out;
  for (char c : name) {
    out += c == '-' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

NumberRange RangeOf(const ParamSpec& p) {
  return {.min = p.min, .max = p.max, .min_open = p.min_open, .max_open = p.max_open};
}

int ParamIndex(const Info& info, std::string_view key) {
  for (std::size_t i = 0; i < info.params.size(); ++i) {
    if (info.params[i].name == key) return static_cast<int>(i);
  }
  return -1;
}

std::string AllowedKeys(const Info& info) {
  if (info.params.empty()) return "it takes no parameters";
  std::string s = "allowed: ";
  for (std::size_t i = 0; i < info.params.size(); ++i) {
    s += (i ? ", " : "") + std::string(info.params[i].name);
  }
  return s;
}

// Reads one parameter value given as text: a number, or a word for enumerated parameters.
double ReadValue(const Info& info, const ParamSpec& p, std::string_view text) {
  const std::string prefix =
      std::string(info.name) + ": " + std::string(p.name) + "=" + QuoteInput(text) + " ";
  if (!p.choices.empty()) {
    for (std::size_t i = 0; i < p.choices.size(); ++i) {
      if (Normalise(text) == p.choices[i]) return static_cast<double>(i);
    }
    throw SpecError(prefix + "is not allowed; allowed: " + internal::RangeText(p));
  }
  const NumberParse parsed = ParseNumberDetailed(text, /*allow_nonfinite=*/true);
  if (!parsed.value) {
    throw SpecError(prefix + ProblemText(parsed.problem) + "; allowed: " + internal::RangeText(p));
  }
  if (!RangeOf(p).Contains(*parsed.value))
    throw SpecError(prefix + "is out of range; allowed: " + internal::RangeText(p));
  return *parsed.value;
}

void CheckCombination(const Info& info, const double* params) {
  const std::string problem = internal::ScalarOf(info.kind).check(params);
  if (problem.empty()) return;
  std::string given;
  for (std::size_t i = 0; i < info.params.size(); ++i) {
    given += (i ? ", " : "") + std::string(info.params[i].name) + "=" + FormatShortest(params[i]);
  }
  throw SpecError(std::string(info.name) + ": " + given + ": " + problem);
}

}  // namespace

Kind KindFromName(std::string_view name) {
  const std::string wanted = Normalise(Trim(name));
  for (const Info& info : Catalogue()) {
    if (info.name == wanted) return info.kind;
    for (std::string_view alias : info.aliases) {
      if (alias == wanted) return info.kind;
    }
  }
  // Suggest the names closest to what was typed.
  std::vector<std::pair<std::size_t, std::string_view>> scored;
  for (const Info& info : Catalogue()) {
    std::size_t best = EditDistance(wanted, info.name);
    for (std::string_view alias : info.aliases) best = std::min(best, EditDistance(wanted, alias));
    scored.emplace_back(best, info.name);
  }
  std::stable_sort(scored.begin(), scored.end());
  std::string message = "unknown activation " + QuoteInput(Trim(name));
  if (!scored.empty() && scored[0].first <= std::max<std::size_t>(2, wanted.size() / 3)) {
    message += "; did you mean '" + std::string(scored[0].second) + "'";
    if (scored.size() > 1 && scored[1].first == scored[0].first) {
      message += " or '" + std::string(scored[1].second) + "'";
    }
    message += "?";
  }
  message += " (known: ";
  for (std::size_t i = 0; i < Catalogue().size(); ++i) {
    message += (i ? ", " : "") + std::string(Catalogue()[i].name);
  }
  throw SpecError(message + "; see 'actlab list')");
}

Activation::Activation(Kind kind) : kind_(kind) {
  const Info& info = InfoOf(kind);
  for (std::size_t i = 0; i < info.params.size(); ++i) params_[i] = info.params[i].default_value;
}

Activation Activation::Parse(std::string_view spec) {
  spec = Trim(spec);
  const std::size_t colon = spec.find(':');
  Activation act(KindFromName(spec.substr(0, colon)));
  if (colon == std::string_view::npos) return act;

  const Info& info = act.info();
  std::string_view rest = spec.substr(colon + 1);
  std::array<bool, kMaxParams> seen{};
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::string_view item = Trim(rest.substr(0, comma));
    const std::size_t equals = item.find('=');
    if (equals == std::string_view::npos) {
      throw SpecError(std::string(info.name) + ": expected key=value, got " + QuoteInput(item) +
                      " (" + AllowedKeys(info) + ")");
    }
    const std::string key = Normalise(Trim(item.substr(0, equals)));
    const int index = ParamIndex(info, key);
    if (index < 0) {
      throw SpecError(std::string(info.name) + ": unknown parameter " + QuoteInput(key) + "; " +
                      AllowedKeys(info));
    }
    const auto slot = static_cast<std::size_t>(index);
    if (seen[slot]) {
      throw SpecError(std::string(info.name) + ": parameter '" + key + "' is given twice");
    }
    seen[slot] = true;
    act.params_[slot] = ReadValue(info, info.params[slot], Trim(item.substr(equals + 1)));
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  CheckCombination(info, act.params_.data());
  return act;
}

std::string Activation::ToString() const {
  const Info& info = this->info();
  std::string out(info.name);
  char separator = ':';
  for (std::size_t i = 0; i < info.params.size(); ++i) {
    const ParamSpec& p = info.params[i];
    if (params_[i] == p.default_value) continue;
    out += separator;
    out += std::string(p.name) + "=";
    out += p.choices.empty() ? FormatShortest(params_[i])
                             : std::string(p.choices[static_cast<std::size_t>(params_[i])]);
    separator = ',';
  }
  return out;
}

double Activation::param(std::string_view name) const {
  const int index = ParamIndex(info(), Normalise(name));
  if (index < 0) {
    throw SpecError(std::string(info().name) + ": unknown parameter " + QuoteInput(name) + "; " +
                    AllowedKeys(info()));
  }
  return params_[static_cast<std::size_t>(index)];
}

Activation Activation::With(std::string_view name, double value) const {
  const Info& info = this->info();
  const int index = ParamIndex(info, Normalise(name));
  if (index < 0) {
    throw SpecError(std::string(info.name) + ": unknown parameter " + QuoteInput(name) + "; " +
                    AllowedKeys(info));
  }
  const ParamSpec& p = info.params[static_cast<std::size_t>(index)];
  const bool allowed = p.choices.empty()
                           ? RangeOf(p).Contains(value)
                           : value >= 0 && value < static_cast<double>(p.choices.size()) &&
                                 value == std::floor(value);
  if (!allowed) {
    throw SpecError(std::string(info.name) + ": " + std::string(p.name) + "=" +
                    FormatShortest(value) + " is out of range; allowed: " + internal::RangeText(p));
  }
  Activation copy = *this;
  copy.params_[static_cast<std::size_t>(index)] = value;
  CheckCombination(info, copy.params_.data());
  return copy;
}

long double Activation::ValueExtended(long double x) const {
  if (std::isnan(x)) return x;
  return internal::ScalarOf(kind_).value(x, params_.data());
}

long double Activation::DerivativeExtended(long double x) const {
  if (std::isnan(x)) return x;
  return internal::ScalarOf(kind_).derivative(x, params_.data());
}

double Activation::Value(double x) const { return static_cast<double>(ValueExtended(x)); }

double Activation::Derivative(double x) const { return static_cast<double>(DerivativeExtended(x)); }

std::string internal::RangeText(const ParamSpec& p) {
  if (!p.choices.empty()) {
    std::string s = "one of ";
    for (std::size_t i = 0; i < p.choices.size(); ++i) {
      s += (i ? ", " : "") + std::string(p.choices[i]);
    }
    return s;
  }
  return std::string(p.min_open ? "(" : "[") + FormatShortest(p.min) + ", " +
         FormatShortest(p.max) + (p.max_open ? ")" : "]");
}

}  // namespace actlab
