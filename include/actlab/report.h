// The report: one self-contained HTML page (every figure inline, the style and the script embedded)
// that retells the tutorial with measurements made on this machine and lets the reader explore the
// activations; or, on request, the page with its figures as separate SVG files beside it.
#ifndef ACTLAB_REPORT_H_
#define ACTLAB_REPORT_H_

#include <filesystem>
#include <functional>
#include <string>

namespace actlab {

struct ReportOptions {
  // A file whose name ends in .html, or a folder that gets index.html (and figures/ with
  // separate_figures).
  std::filesystem::path out;
  bool separate_figures = false;        // folder form: figures/NAME.svg beside index.html, linked
  bool quick = false;                   // smaller experiments: under 2 minutes on 2 cores
  bool force = false;                   // replace a non-empty folder
  std::filesystem::path train_results;  // results.json of `actlab train`; empty: a short run
  std::string command_line;             // how the report was made, shown on the page
  std::function<void(const std::string&)> progress;  // one line per step; may be empty
};

// Whether `out` names the page itself (ends in .html, any case) rather than a folder.
bool ReportIsOneFile(const std::filesystem::path& out);

// Builds the page and puts it in place at the end (a file through a temporary and a rename, a
// folder staged beside its place and renamed), so a failure half-way leaves nothing behind. Throws
// std::invalid_argument for a refused `out` or a bad train_results file, IoError for I/O failures.
// Returns the page's path.
std::filesystem::path WriteReport(const ReportOptions& options);

}  // namespace actlab

#endif  // ACTLAB_REPORT_H_
