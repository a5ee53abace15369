#include "progress.h"

#include <unistd.h>

#include <cstdio>

namespace actlab::cli {
namespace {

bool quiet = false;
constexpr int kBarWidth = 24;
constexpr std::size_t kLineWidth = 100;  // columns: what does not fit is cut

}  // namespace

void AddQuietOption(CLI::App* command) {
  command->add_flag_callback(
      "-q,--quiet", [] { quiet = true; }, "No progress bar on stderr");
}

bool Quiet() { return quiet; }

bool ProgressShown() { return !quiet && isatty(STDERR_FILENO) != 0; }

ProgressBar::ProgressBar(std::string label, std::uint64_t total)
    : label_(std::move(label)),
      total_(total),
      shown_(ProgressShown()),
      start_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() { Finish(); }

void ProgressBar::Set(std::uint64_t done, std::string_view what) {
  if (!shown_) return;
  done_ = done;
  const auto now = std::chrono::steady_clock::now();
  if (done != total_ && now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  Draw(what);
}

void ProgressBar::Draw(std::string_view what) {
  const double seconds = std::chrono::duration<double>(last_ - start_).count();
  std::string line = label_;
  char numbers[96];
  if (total_ > 0) {
    const auto filled = static_cast<int>(kBarWidth * done_ / total_);
    line += " [" + std::string(static_cast<std::size_t>(filled), '#') +
            std::string(static_cast<std::size_t>(kBarWidth - filled), '.') + "]";
    std::snprintf(numbers, sizeof numbers, " %llu/%llu", static_cast<unsigned long long>(done_),
                  static_cast<unsigned long long>(total_));
    line += numbers;
  }
  if (!what.empty()) line += " " + std::string(what);
  if (total_ > 0 && done_ > 0 && done_ < total_) {
    const double left = seconds / static_cast<double>(done_) * static_cast<double>(total_ - done_);
    std::snprintf(numbers, sizeof numbers, ", %.0f s left", left);
  } else {
    std::snprintf(numbers, sizeof numbers, ", %.0f s", seconds);
  }
  line += numbers;
  if (line.size() > kLineWidth) line.resize(kLineWidth);
  std::fprintf(stderr, "\r\033[K%s", line.c_str());
  std::fflush(stderr);
}

void ProgressBar::Finish() {
  if (!shown_) return;
  shown_ = false;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
}

}  // namespace actlab::cli
