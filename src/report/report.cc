#include "actlab/report.h"

#include <unistd.h>

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
nav a{margin-right:1em}
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

void PrepareTarget(const ReportOptions& options) {
  const fs::path& out = options.out_dir;
  if (out.empty()) throw std::invalid_argument("report: -o/--out DIR is required");
  if (fs::exists(out)) {
    if (!fs::is_directory(out)) {
      throw std::invalid_argument("report: '" + out.string() + "' exists and is not a directory");
    }
    if (!fs::is_empty(out) && !options.force) {
      throw std::invalid_argument(
          "report: '" + out.string() +
          "' is not empty; choose another DIR or pass --force to replace it");
    }
  }
  CheckOutputFolder(out);
}

}  // namespace

void WriteReport(const ReportOptions& options) {
  PrepareTarget(options);
  report::Context context{{}, options.quick, options.train_results, {}, {}, options.progress};
  if (!options.train_results.empty()) {
    context.saved_runs = report::LoadTrainResults(options.train_results, &context.saved_protocol);
  }
  const auto started = std::chrono::steady_clock::now();
  const fs::path out = fs::absolute(options.out_dir);
  std::random_device entropy;
  CreateOutputFolder(out.parent_path());
  // The page is built in a hidden folder beside the target, removed on failure or a signal.
  TemporaryPath staging(out.parent_path() /
                        ("." + out.filename().string() + ".partial" + std::to_string(entropy())));
  fs::create_directories(staging.path() / "figures");
  context.dir = staging.path();
  {
    std::vector<report::Section> sections = report::BuildSections(context);

    std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
    html += "<title>actlab report: activation functions, measured</title><style>";
    html += std::string(kStyle) + "</style></head><body>\n";
    html += "<h1>Activation functions, measured</h1>\n";
    html += "<p>Every figure and number on this page was drawn or measured by actlab " +
            report::Escape(ACTLAB_VERSION) + " on this machine (" +
            report::Escape(MachineDescription()) + ") on " + Today() + ".</p>\n<nav>";
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
    html += "</body></html>\n";
    WriteOutput(staging.path() / "index.html", html);

    // A replaced report is moved aside first, so that the old one stays until the new one is
    // in place.
    TemporaryPath replaced;
    if (fs::exists(out)) {
      replaced = TemporaryPath(
          out.parent_path() / ("." + out.filename().string() + ".old" + std::to_string(entropy())));
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
  }
}

}  // namespace actlab
