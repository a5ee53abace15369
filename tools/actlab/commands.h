// The program's subcommands register themselves here; each lives in commands/<name>.cc and is thin:
// parse the options, call the library, print.
#ifndef ACTLAB_TOOLS_COMMANDS_H_
#define ACTLAB_TOOLS_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "actlab/activation.h"
#include "actlab/io.h"
#include "actlab/output.h"

namespace actlab::cli {

// Adds one subcommand (with its callback) to the program.
using Setup = void (*)(CLI::App& program);

// Registers a subcommand; `order` sorts them in --help.
struct Registration {
  Registration(int order, Setup setup);
};
std::vector<Setup> RegisteredCommands();

#define ACTLAB_COMMAND(order, setup) \
  static const ::actlab::cli::Registration registration_##setup(order, setup)

// A usage error found after parsing (bad value of an option); exits 2.
class UsageError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// A command that ran to the end and wrote its outputs, but whose verdict is a failure (an
// accuracy bound exceeded): exits 1 with the message, and its outputs stay.
class VerdictFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The options several commands share, declared once (tools/actlab/options.cc).
// --format text|csv|json
CLI::Option* AddFormatOption(CLI::App* command, std::string* format);
// -o,--out FILE; `help` says what is written there (for most commands: kOutHelp).
inline constexpr const char* kOutHelp = "Write to this file instead of stdout";
CLI::Option* AddOutOption(CLI::App* command, std::string* out, const std::string& help = kOutHelp);
// --threads N|auto, the thread count of the command's parallel work; `help` says what it means
// there. N runs from 1 to MaxThreads(); auto (stored as 0, also the value when not given) leaves
// the default: ACTLAB_NUM_THREADS or every core.
CLI::Option* AddThreadsOption(CLI::App* command, int* threads, const std::string& help);
int MaxThreads();  // 4 x the cores, at least 4
// Applies a parsed --threads: N > 0 sets the thread count (SetNumThreads).
void UseThreadsOption(int threads);

// A CLI11 transform that accepts only text inside `range` (ParseInRange: NaN, overflow,
// underflow and out-of-range values are usage errors naming what is allowed) and hands CLI11 the
// number in a form its conversion reads back exactly.
CLI::Validator InRange(const NumberRange& range);

// A numeric option checked by InRange: T is double, an integer type (whole numbers only) or a
// vector of int64 (several values, repeated or with a delimiter, each checked).
template <class T>
CLI::Option* AddNumberOption(CLI::App* command, const std::string& name, T* value,
                             NumberRange range, const std::string& help) {
  if constexpr (!std::is_floating_point_v<T>) range.integer = true;
  return command->add_option(name, *value, help)->transform(InRange(range));
}

// Writes `text` to `out` through the output layer ("-" or empty: stdout).
void Emit(const std::string& out, const std::string& text);
// Renders a table in the format's form.
std::string Render(const Table& table, Format format);

// Parses every --act spec; a bad spec is a UsageError.
std::vector<Activation> ParseActivations(const std::vector<std::string>& specs);

}  // namespace actlab::cli

#endif  // ACTLAB_TOOLS_COMMANDS_H_
