// The options several commands share, declared once.
#include <string>

#include "actlab/parallel.h"
#include "commands.h"

namespace actlab::cli {

CLI::Option* AddFormatOption(CLI::App* command, std::string* format) {
  return command->add_option("--format", *format, "Output format: text, csv or json")
      ->check(CLI::IsMember({"text", "csv", "json"}))
      ->capture_default_str();
}

CLI::Option* AddOutOption(CLI::App* command, std::string* out, const std::string& help) {
  return command->add_option("-o,--out", *out, help);
}

CLI::Option* AddThreadsOption(CLI::App* command, int* threads, const std::string& help) {
  return command->add_option("--threads", *threads, help);
}

void UseThreadsOption(const std::string& command, int threads) {
  if (threads < 0) {
    throw UsageError(command + ": --threads " + std::to_string(threads) +
                     " is not allowed; allowed: a positive count");
  }
  if (threads > 0) SetNumThreads(threads);
}

}  // namespace actlab::cli
