// Runs the actlab program as a child process, for the CLI tests.
#ifndef ACTLAB_TESTS_SUPPORT_RUN_PROGRAM_H_
#define ACTLAB_TESTS_SUPPORT_RUN_PROGRAM_H_

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

}  // namespace actlab::testing

#endif  // ACTLAB_TESTS_SUPPORT_RUN_PROGRAM_H_
