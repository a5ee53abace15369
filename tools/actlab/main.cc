// actlab: the activation-function laboratory. Exit status 0 on success, 1 on a runtime error, 2 on
// a usage error; errors go to stderr as "actlab: error: ...".
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <new>
#include <sstream>

#include "commands.h"
#include "scaleout_options.h"

namespace actlab::cli {
namespace {

std::vector<std::pair<int, Setup>>& Registry() {
  static std::vector<std::pair<int, Setup>> registry;
  return registry;
}

// Removes what the failed command left (temporaries, folders it created) and reports the error.
int Fail(int status, const std::string& message) {
  RemoveTemporaries();
  std::cout.flush();
  std::fflush(stdout);
  std::cerr << "actlab: error: " << message << '\n';
  return status;
}

// Whatever went to standard output through std::cout reached it: a full disk or a closed pipe is
// an error, not a silent truncation.
int Finish() {
  std::cout.flush();
  if (!std::cout || std::fflush(stdout) != 0 || std::ferror(stdout)) {
    const int error = errno;
    return Fail(1, std::string("cannot write to standard output: ") +
                       (error ? std::strerror(error) : "write failed"));
  }
  KeepCreatedFolders();
  return 0;
}

}  // namespace

Registration::Registration(int order, Setup setup) { Registry().emplace_back(order, setup); }

std::vector<Setup> RegisteredCommands() {
  auto registry = Registry();
  std::stable_sort(registry.begin(), registry.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Setup> setups;
  setups.reserve(registry.size());
  for (const auto& [order, setup] : registry) setups.push_back(setup);
  return setups;
}

void Emit(const std::string& out, const std::string& text) {
  if (out.empty() || out == "-") {
    WriteStdout(text);
  } else {
    WriteOutput(out, text);
  }
}

std::string Render(const Table& table, Format format) {
  std::ostringstream stream;
  table.Write(stream, format);
  return stream.str();
}

std::vector<Activation> ParseActivations(const std::vector<std::string>& specs) {
  std::vector<Activation> acts;
  acts.reserve(specs.size());
  for (const std::string& spec : specs) acts.push_back(Activation::Parse(spec));
  return acts;
}

int Main(int argc, char** argv) {
  InstallSignalCleanup();
  ProgramArguments().assign(argv + 1, argv + argc);
  CLI::App program{"actlab: activation functions of neural networks, exact and fast", "actlab"};
  program.set_version_flag("--version", std::string("actlab ") + ACTLAB_VERSION);
  program.require_subcommand(1);
  program.footer("Run 'actlab COMMAND --help' for a command's options and an example.");
  for (Setup setup : RegisteredCommands()) setup(program);
  if (argc > 1 && argv[1][0] != '-') {
    std::string known;
    bool found = false;
    for (const CLI::App* command : program.get_subcommands({})) {
      found |= command->get_name() == argv[1];
      known += (known.empty() ? "" : ", ") + command->get_name();
    }
    if (!found) return Fail(2, "unknown command " + QuoteInput(argv[1]) + "; known: " + known);
  }
  // Where to read more after a parse error: the command's own help when a command was given.
  const std::string help = argc > 1 && argv[1][0] != '-'
                               ? "actlab " + std::string(argv[1]) + " --help"
                               : std::string("actlab --help");
  try {
    program.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return program.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return program.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return program.exit(e);
  } catch (const CLI::ParseError& e) {
    return Fail(2, std::string(e.what()) + " (run '" + help + "')");
  } catch (const std::invalid_argument& e) {  // SpecError, UsageError
    return Fail(2, e.what());
  } catch (const VerdictFailure& e) {
    KeepCreatedFolders();
    std::cerr << "actlab: " << e.what() << '\n';
    return 1;
  } catch (const std::bad_alloc&) {
    return Fail(1, "out of memory: the command needs more memory than the machine can give it");
  } catch (const std::exception& e) {
    return Fail(1, e.what());
  }
  return Finish();
}

}  // namespace actlab::cli

int main(int argc, char** argv) { return actlab::cli::Main(argc, argv); }
