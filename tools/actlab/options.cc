// The options several commands share, declared once, and the one check of every numeric option.
#include <algorithm>
#include <string>
#include <thread>

#include "actlab/parallel.h"
#include "commands.h"

namespace actlab::cli {
namespace {

// A CLI11 transform that accepts only text inside `range` and hands CLI11 the number in a form
// its conversion reads back exactly.
CLI::Validator InRange(const NumberRange& range) {
  return CLI::Validator(
      [range](std::string& text) -> std::string {
        try {
          const double value = ParseInRange(text, range);
          text =
              range.integer ? std::to_string(static_cast<long long>(value)) : FormatShortest(value);
          return {};
        } catch (const std::invalid_argument& e) {
          return e.what();
        }
      },
      range.Text());
}

template <class T>
CLI::Option* AddNumber(CLI::App* command, const std::string& name, T* value, NumberRange range,
                       const std::string& help) {
  if constexpr (std::is_integral_v<T> || std::is_same_v<T, std::vector<std::int64_t>>) {
    range.integer = true;
  }
  return command->add_option(name, *value, help)->transform(InRange(range));
}

}  // namespace

CLI::Option* AddFormatOption(CLI::App* command, std::string* format) {
  return command->add_option("--format", *format, "Output format: text, csv or json")
      ->check(CLI::IsMember({"text", "csv", "json"}))
      ->capture_default_str();
}

CLI::Option* AddOutOption(CLI::App* command, std::string* out, const std::string& help) {
  return command->add_option("-o,--out", *out, help);
}

int MaxThreads() { return std::max(4, 4 * static_cast<int>(std::thread::hardware_concurrency())); }

CLI::Option* AddThreadsOption(CLI::App* command, int* threads, const std::string& help) {
  const NumberRange range{.min = 1, .max = static_cast<double>(MaxThreads()), .integer = true};
  return command->add_option("--threads", *threads, help)
      ->transform(CLI::Validator(
          [range](std::string& text) -> std::string {
            if (text == "auto") {
              text = "0";
              return {};
            }
            try {
              text = std::to_string(static_cast<long long>(ParseInRange(text, range)));
              return {};
            } catch (const std::invalid_argument& e) {
              return std::string(e.what()) + " or auto";
            }
          },
          "1.." + std::to_string(MaxThreads()) + " or auto"));
}

void UseThreadsOption(int threads) {
  if (threads > 0) SetNumThreads(threads);
}

CLI::Option* AddNumberOption(CLI::App* command, const std::string& name, double* value,
                             const NumberRange& range, const std::string& help) {
  return AddNumber(command, name, value, range, help);
}
CLI::Option* AddNumberOption(CLI::App* command, const std::string& name, int* value,
                             const NumberRange& range, const std::string& help) {
  return AddNumber(command, name, value, range, help);
}
CLI::Option* AddNumberOption(CLI::App* command, const std::string& name, std::int64_t* value,
                             const NumberRange& range, const std::string& help) {
  return AddNumber(command, name, value, range, help);
}
CLI::Option* AddNumberOption(CLI::App* command, const std::string& name, std::uint64_t* value,
                             const NumberRange& range, const std::string& help) {
  return AddNumber(command, name, value, range, help);
}

CLI::Option* AddNumberOption(CLI::App* command, const std::string& name,
                             std::vector<std::int64_t>* values, const NumberRange& range,
                             const std::string& help) {
  return AddNumber(command, name, values, range, help);
}

}  // namespace actlab::cli
