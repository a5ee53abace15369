#include "support/run_program.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <stdexcept>

namespace actlab::testing {

ProgramResult RunActlab(const std::vector<std::string>& args, const std::string& input) {
  return RunCommand(ACTLAB_BINARY, args, input);
}

namespace {

// Starts `program args...` with stdin, stdout and stderr on pipes (stdout on the file
// `stdout_path` when one is given); the parent's ends are in[1], out[0] and err[0].
pid_t Spawn(const std::string& program_path, const std::vector<std::string>& args, int (&in)[2],
            int (&out)[2], int (&err)[2], const std::string& stdout_path = "") {
  if (pipe(in) || pipe(out) || pipe(err)) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(in[0], 0);
    if (stdout_path.empty()) {
      dup2(out[1], 1);
    } else {
      const int fd = open(stdout_path.c_str(), O_WRONLY);
      if (fd < 0) _exit(126);
      dup2(fd, 1);
    }
    dup2(err[1], 2);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
    std::vector<char*> argv;
    std::string program = program_path;
    argv.push_back(program.data());
    std::vector<std::string> copies = args;
    for (std::string& arg : copies) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execvp(program.c_str(), argv.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  return pid;
}

}  // namespace

ProgramResult RunCommand(const std::string& program_path, const std::vector<std::string>& args,
                         const std::string& input) {
  int in[2], out[2], err[2];
  const pid_t pid = Spawn(program_path, args, in, out, err);
  ProgramResult result;
  std::size_t written = 0;
  if (input.empty()) close(in[1]);
  bool input_open = !input.empty();
  fcntl(in[1], F_SETFL, O_NONBLOCK);
  bool out_open = true, err_open = true;
  char buffer[65536];
  while (out_open || err_open) {
    pollfd fds[3] = {
        {out[0], POLLIN, 0}, {err[0], POLLIN, 0}, {input_open ? in[1] : -1, POLLOUT, 0}};
    if (poll(fds, 3, -1) < 0) break;
    if (fds[2].revents & (POLLOUT | POLLERR | POLLHUP)) {
      const ssize_t n = write(in[1], input.data() + written, input.size() - written);
      if (n > 0) written += static_cast<std::size_t>(n);
      if (n < 0 || written == input.size()) {
        close(in[1]);
        input_open = false;
      }
    }
    for (int i = 0; i < 2; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP))) continue;
      const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n <= 0) {
        (i == 0 ? out_open : err_open) = false;
        continue;
      }
      (i == 0 ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
    }
  }
  if (input_open) close(in[1]);
  close(out[0]);
  close(err[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

RunningProgram::RunningProgram(const std::vector<std::string>& args,
                               const std::string& stdout_path) {
  int in[2], out[2], err[2];
  pid_ = Spawn(ACTLAB_BINARY, args, in, out, err, stdout_path);
  in_ = in[1];
  out_ = out[0];
  errfd_ = err[0];
}

RunningProgram::~RunningProgram() {
  if (status_ < 0 && pid_ > 0) {
    kill(pid_, SIGKILL);
    Wait();
  }
  for (int fd : {in_, out_, errfd_}) {
    if (fd >= 0) close(fd);
  }
}

void RunningProgram::Write(const std::string& text) {
  if (::write(in_, text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    throw std::runtime_error("cannot write to the program's stdin");
  }
}

void RunningProgram::CloseInput() {
  if (in_ >= 0) close(in_);
  in_ = -1;
}

std::optional<std::string> RunningProgram::ReadLine(int timeout_ms) {
  while (true) {
    const std::size_t newline = pending_.find('\n');
    if (newline != std::string::npos) {
      std::string line = pending_.substr(0, newline);
      pending_.erase(0, newline + 1);
      return line;
    }
    pollfd fd = {out_, POLLIN, 0};
    if (poll(&fd, 1, timeout_ms) <= 0) return std::nullopt;
    char buffer[4096];
    const ssize_t n = read(out_, buffer, sizeof buffer);
    if (n <= 0) return std::nullopt;
    pending_.append(buffer, static_cast<std::size_t>(n));
  }
}

void RunningProgram::Signal(int signal) { kill(pid_, signal); }

int RunningProgram::Wait() {
  if (status_ >= 0) return status_;
  char buffer[4096];
  ssize_t n;
  while ((n = read(errfd_, buffer, sizeof buffer)) > 0)
    err_.append(buffer, static_cast<std::size_t>(n));
  int status = 0;
  waitpid(pid_, &status, 0);
  status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return status_;
}

}  // namespace actlab::testing
