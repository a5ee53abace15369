// Progress on stderr for the commands that can run for more than two seconds: one line redrawn in
// place ("accuracy [########............] 7/20 sigmoid bwd, 12 s left"), at most five times a
// second, and only when stderr is a terminal and --quiet was not given. Nothing is written
// otherwise, so logs and pipes stay clean.
#ifndef ACTLAB_TOOLS_PROGRESS_H_
#define ACTLAB_TOOLS_PROGRESS_H_

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace actlab::cli {

// -q,--quiet on a command: no progress bar.
void AddQuietOption(CLI::App* command);
// Whether --quiet was given.
bool Quiet();
// Whether progress is drawn: stderr is a terminal and --quiet was not given.
bool ProgressShown();

class ProgressBar {
 public:
  // `total` steps; 0 when the count is not known (the bar then shows the step's name and the time
  // so far).
  ProgressBar(std::string label, std::uint64_t total);
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  ~ProgressBar();  // clears the line

  // `done` of the total are finished; `what` names the step under way.
  void Set(std::uint64_t done, std::string_view what = {});
  // The next step begins: as many as were begun before it are finished.
  void Next(std::string_view what) { Set(begun_++, what); }
  void Finish();  // clears the line; later Set calls draw nothing

 private:
  void Draw(std::string_view what);
  std::string label_;
  std::uint64_t total_, done_ = 0, begun_ = 0;
  bool shown_;
  std::chrono::steady_clock::time_point start_, last_{};
};

}  // namespace actlab::cli

#endif  // ACTLAB_TOOLS_PROGRESS_H_
