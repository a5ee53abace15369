#include "actlab/report.h"

#include <unistd.h>

#include <cctype>
#include <chrono>
#include <ctime>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "actlab/activation.h"
#include "actlab/io.h"
#include "actlab/kernels.h"
#include "actlab/output.h"
#include "report/html.h"
#include "report/sections.h"

namespace actlab {

// Every section, in the tutorial's order.
std::vector<report::Section> report::BuildSections(const Context& context) {
  std::vector<report::Section> sections;
  sections.push_back(CatalogueSection(context));
  sections.push_back(FiguresSection(context));
  sections.push_back(ExplorerSection(context));
  sections.push_back(PropagationSection(context));
  sections.push_back(TrainingSection(context));
  sections.push_back(KernelsSection(context));
  return sections;
}

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kStyle = R"(
body{font-family:"DejaVu Sans",sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.8em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:1em 0;font-size:.9em}th,td{border:1px solid #ddd;padding:.25em .5em;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}th{background:#f4f4f4}
pre{background:#f7f7f7;padding:.6em;overflow-x:auto}p.cmd code{background:#eef;padding:.1em .3em}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:1em}
figure{margin:0}figure img{width:100%;border:1px solid #eee}figcaption{font-size:.85em;color:#555}
figure.wide{grid-column:1/-1}figure.wide img{max-width:900px}
nav a{margin-right:1em}
.explorer{display:grid;grid-template-columns:minmax(220px,280px) 1fr;gap:1em;align-items:start}
.explorer fieldset{border:1px solid #ddd;margin:0 0 .6em;padding:.3em .6em}
.explorer fieldset.acts label{display:inline-block;min-width:8.5em;font-size:.9em}
.explorer fieldset.params label{display:block;font-size:.85em;margin-top:.3em}
.explorer input[type=range]{width:70%;vertical-align:middle}.explorer output{font-size:.85em;margin-left:.4em}
#explorer-plot{width:100%;max-width:720px;font-size:12px;background:#fff}
#explorer-plot .gridline{stroke:#e8e8e8}#explorer-plot .frame{fill:none;stroke:#444}
#explorer-plot .curve{fill:none;stroke-width:2}#explorer-plot .cursor{stroke:#888;stroke-dasharray:4 3}
#explorer-readout td{font-variant-numeric:tabular-nums}
@media (max-width:800px){.explorer{grid-template-columns:1fr}}
@media print{nav,.explorer .controls{display:none}section{break-inside:avoid-page}figure img{max-width:100%}body{max-width:none;margin:0}}
)";

std::string MachineDescription() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line, model = "unknown processor";
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("model name", 0) == 0) {
      model = line.substr(line.find(':') + 2);
      break;
    }
  }
  const auto memory = static_cast<std::uint64_t>(sysconf(_SC_PHYS_PAGES)) *
                      static_cast<std::uint64_t>(sysconf(_SC_PAGE_SIZE));
  return model + ", " + std::to_string(sysconf(_SC_NPROCESSORS_ONLN)) + " cores, " +
         FormatBytes(memory) + "; kernels: " + KernelTarget();
}

std::string Today() {
  const std::time_t now = std::time(nullptr);
  char text[64];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
  return text;
}

// Checks `out` before any work: a writable .html file, or a folder that is absent, empty or
// replaced with --force.
void PrepareTarget(const ReportOptions& options) {
  const fs::path& out = options.out;
  if (out.empty()) throw std::invalid_argument("report: -o/--out PATH is required");
  if (ReportIsOneFile(out)) {
    if (options.separate_figures) {
      throw std::invalid_argument(
          "report: --separate-figures needs a folder for -o, not the file '" + out.string() +
          "'; allowed: -o DIR --separate-figures, or -o " + out.string() + " alone");
    }
    CheckOutputFile(out);
    return;
  }
  if (fs::exists(out)) {
    if (!fs::is_directory(out)) {
      throw std::invalid_argument("report: '" + out.string() +
                                  "' exists and is not a folder; allowed: a folder, or a file "
                                  "name ending in .html");
    }
    if (!fs::is_empty(out) && !options.force) {
      throw std::invalid_argument(
          "report: '" + out.string() +
          "' is not empty; choose another DIR or pass --force to replace it");
    }
  }
  CheckOutputFolder(out);
}

std::string PageHtml(const std::vector<report::Section>& sections, const ReportOptions& options,
                     std::chrono::steady_clock::time_point started) {
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  html += "<title>actlab report: activation functions, measured</title><style>";
  html += std::string(kStyle) + "</style></head><body>\n";
  html += "<h1>Activation functions, measured</h1>\n";
  html += "<p>Every figure and number on this page was drawn or measured by actlab " +
          report::Escape(ACTLAB_VERSION) + " on this machine (" +
          report::Escape(MachineDescription()) + ") on " + Today() +
          ". The page is one file: it opens offline, from anywhere.</p>\n<nav>";
  for (const auto& section : sections) {
    html += "<a href=\"#" + section.id + "\">" + report::Escape(section.title) + "</a>";
  }
  html += "</nav>\n";
  for (const auto& section : sections) {
    html += "<section id=\"" + section.id + "\"><h2>" + report::Escape(section.title) + "</h2>\n";
    html += section.body + "</section>\n";
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  html += "<section id=\"provenance\"><h2>How this page was made</h2>\n";
  html += report::Command(options.command_line.empty() ? "actlab report" : options.command_line);
  html += "<p>Machine: " + report::Escape(MachineDescription()) + ". actlab " +
          report::Escape(ACTLAB_VERSION) + ". Built in " + FormatDigits(seconds, 3) +
          " s. Each section names the command that reproduces its numbers.</p></section>\n";
  return html + "</body></html>\n";
}

}  // namespace

bool ReportIsOneFile(const fs::path& out) {
  std::string extension = out.extension().string();
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return extension == ".html" || extension == ".htm";
}

fs::path WriteReport(const ReportOptions& options) {
  PrepareTarget(options);
  report::Context context{{}, options.quick, options.train_results, {}, {}, options.progress};
  if (!options.train_results.empty()) {
    context.saved_runs = report::LoadTrainResults(options.train_results, &context.saved_protocol);
  }
  const auto started = std::chrono::steady_clock::now();
  if (ReportIsOneFile(options.out)) {
    const std::string html = PageHtml(report::BuildSections(context), options, started);
    WriteOutput(options.out, html);
    return options.out;
  }
  const fs::path out = fs::absolute(options.out);
  std::random_device entropy;
  CreateOutputFolder(out.parent_path());
  // The folder is built in a hidden folder beside the target, removed on failure or a signal.
  TemporaryPath staging(out.parent_path() /
                        ("." + out.filename().string() + ".partial" + std::to_string(entropy())));
  fs::create_directories(staging.path());
  if (options.separate_figures) {
    context.figures_dir = staging.path() / "figures";
    fs::create_directories(context.figures_dir);
  }
  WriteOutput(staging.path() / "index.html",
              PageHtml(report::BuildSections(context), options, started));

  // A replaced report is moved aside first, so that the old one stays until the new one is in
  // place.
  TemporaryPath replaced;
  if (fs::exists(out)) {
    replaced = TemporaryPath(out.parent_path() /
                             ("." + out.filename().string() + ".old" + std::to_string(entropy())));
    fs::rename(out, replaced.path());
  }
  std::error_code error;
  fs::rename(staging.path(), out, error);
  if (error) {
    const std::string reason = error.message();
    if (!replaced.path().empty()) {
      fs::rename(replaced.path(), out, error);  // the old report back in its place
      replaced.Release();
    }
    throw IoError("report: cannot write '" + out.string() + "': " + reason);
  }
  staging.Release();
  return out / "index.html";
}

}  // namespace actlab
