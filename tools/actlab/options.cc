// The options several commands share, declared once, and the one check of every numeric option.
#include <algorithm>
#include <string>
#include <thread>

#include "actlab/parallel.h"
#include "commands.h"

namespace actlab::cli {

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
  // A count checked by InRange, or auto, stored as 0.
  const CLI::Validator count =
      InRange({.min = 1, .max = static_cast<double>(MaxThreads()), .integer = true});
  return command->add_option("--threads", *threads, help)
      ->transform(CLI::Validator(
          [count](std::string& text) -> std::string {
            if (text == "auto") {
              text = "0";
              return {};
            }
            const std::string error = count(text);
            return error.empty() ? error : error + " or auto";
          },
          "1.." + std::to_string(MaxThreads()) + " or auto"));
}

void UseThreadsOption(int threads) {
  if (threads > 0) SetNumThreads(threads);
}

}  // namespace actlab::cli
