// The report: one self-contained HTML page (plus its SVG figures) that retells the tutorial with
// measurements made on this machine.
#ifndef ACTLAB_REPORT_H_
#define ACTLAB_REPORT_H_

#include <filesystem>
#include <functional>
#include <string>

namespace actlab {

struct ReportOptions {
  std::filesystem::path out_dir;        // gets index.html and figures/
  bool quick = false;                   // smaller experiments: under 2 minutes on 2 cores
  bool force = false;                   // replace a non-empty out_dir
  std::filesystem::path train_results;  // results.json of `actlab train`; empty: a short run
  std::string command_line;             // how the report was made, shown on the page
  std::function<void(const std::string&)> progress;  // one line per step; may be empty
};

// Builds the page in a temporary folder beside out_dir and renames it into place at the end, so a
// failure half-way leaves nothing behind. Throws std::invalid_argument for a refused out_dir or a
// bad train_results file, IoError for I/O failures.
void WriteReport(const ReportOptions& options);

}  // namespace actlab

#endif  // ACTLAB_REPORT_H_
