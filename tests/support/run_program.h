// Runs the actlab program as a child process, for the CLI tests.
#ifndef ACTLAB_TESTS_SUPPORT_RUN_PROGRAM_H_
#define ACTLAB_TESTS_SUPPORT_RUN_PROGRAM_H_

#include <optional>
#include <string>
#include <vector>

namespace actlab::testing {

struct ProgramResult {
  int status = -1;  // exit status, or 128 + signal number
  std::string out;
  std::string err;
};

// Runs `program args...` with `input` on stdin and collects both output streams.
ProgramResult RunCommand(const std::string& program, const std::vector<std::string>& args,
                         const std::string& input = "");
// Runs `actlab args...` (the program built with the tests).
ProgramResult RunActlab(const std::vector<std::string>& args, const std::string& input = "");

// actlab started in the background, for tests that talk to it line by line or signal it. Its
// stdin and stdout are pipes (or stdout goes to `stdout_path`); stderr is collected.
class RunningProgram {
 public:
  explicit RunningProgram(const std::vector<std::string>& args,
                          const std::string& stdout_path = "");
  RunningProgram(const RunningProgram&) = delete;
  RunningProgram& operator=(const RunningProgram&) = delete;
  ~RunningProgram();  // kills the program if it still runs

  void Write(const std::string& text);  // to its stdin
  void CloseInput();
  // The next line of its stdout (without the newline); nullopt after `timeout_ms` or at the end.
  std::optional<std::string> ReadLine(int timeout_ms);
  void Signal(int signal);
  // Waits for the end: the exit status, or 128 + the signal that ended it; stderr is then known.
  int Wait();
  const std::string& err() const { return err_; }

 private:
  int pid_ = -1;
  int in_ = -1, out_ = -1, errfd_ = -1;
  std::string pending_, err_;
  int status_ = -1;
};

}  // namespace actlab::testing

#endif  // ACTLAB_TESTS_SUPPORT_RUN_PROGRAM_H_
