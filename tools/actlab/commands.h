// The program's subcommands register themselves here; each lives in commands/<name>.cc and is thin:
// parse the options, call the library, print.
#ifndef ACTLAB_TOOLS_COMMANDS_H_
#define ACTLAB_TOOLS_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "actlab/activation.h"
#include "actlab/io.h"

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

// The options several commands share, declared once (tools/actlab/options.cc).
// --format text|csv|json
CLI::Option* AddFormatOption(CLI::App* command, std::string* format);
// -o,--out FILE; `help` says what is written there (for most commands: kOutHelp).
inline constexpr const char* kOutHelp = "Write to this file instead of stdout";
CLI::Option* AddOutOption(CLI::App* command, std::string* out, const std::string& help = kOutHelp);
// --threads N, the thread count of the command's parallel work; `help` says what it means there.
CLI::Option* AddThreadsOption(CLI::App* command, int* threads, const std::string& help);
// Applies a parsed --threads: N > 0 sets the thread count (SetNumThreads); 0, the option's value
// when not given, leaves the default (ACTLAB_NUM_THREADS or every core); a negative N is a
// UsageError naming `command`.
void UseThreadsOption(const std::string& command, int threads);
// Writes `text` to the file `out` (atomically) or, when `out` is empty, to stdout.
void Emit(const std::string& out, const std::string& text);
// Renders a table in the format's form.
std::string Render(const Table& table, Format format);

// Parses every --act spec; a bad spec is a UsageError.
std::vector<Activation> ParseActivations(const std::vector<std::string>& specs);

}  // namespace actlab::cli

#endif  // ACTLAB_TOOLS_COMMANDS_H_
