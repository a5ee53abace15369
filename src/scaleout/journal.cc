// The journal of finished jobs and its manifest, and the command line a merge runs again.
#include <cinttypes>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "actlab/io.h"
#include "actlab/output.h"
#include "actlab/scaleout.h"

namespace actlab::scaleout {
namespace {

namespace fs = std::filesystem;

// FNV-1a: a stable hash of the fingerprint, stamped on every job file.
std::string Stamp(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016" PRIx64, hash);
  return hex;
}

fs::path JobPath(const fs::path& folder, std::size_t index) {
  char name[32];
  std::snprintf(name, sizeof name, "job-%06zu.txt", index);
  return folder / name;
}

}  // namespace

void ParseShard(std::string_view text, int* shard, int* shards) {
  const std::size_t slash = text.find('/');
  const auto i = ParseNumber(text.substr(0, slash));
  const auto n =
      slash == std::string_view::npos ? std::nullopt : ParseNumber(text.substr(slash + 1));
  constexpr NumberRange kShards{.min = 1, .max = 1e6, .integer = true};
  if (!i || !n || !kShards.Contains(*i) || !kShards.Contains(*n) || *i > *n) {
    throw std::invalid_argument("--shard " + QuoteInput(text) +
                                " is not allowed; allowed: I/N with 1 <= I <= N (e.g. 3/8)");
  }
  *shard = static_cast<int>(*i);
  *shards = static_cast<int>(*n);
}

Journal::Journal(fs::path folder, const JobList& jobs, const std::vector<std::string>& arguments,
                 bool resume)
    : folder_(std::move(folder)), jobs_(&jobs), stamp_(Stamp(jobs.fingerprint)) {
  std::error_code error;
  fs::create_directories(folder_, error);
  if (error) {
    throw IoError("cannot create the journal folder '" + folder_.string() +
                  "': " + error.message());
  }
  if (resume && fs::exists(folder_ / "manifest.json")) {
    const Manifest before = ReadManifest(folder_);
    if (before.fingerprint != jobs.fingerprint) {
      throw std::invalid_argument("--resume: the journal '" + folder_.string() +
                                  "' records another computation (recorded by 'actlab " +
                                  (before.arguments.empty() ? "" : before.arguments[0]) +
                                  " ...' with other options); resume with the same options");
    }
  }
  nlohmann::ordered_json manifest = {{"command", jobs.command},
                                     {"fingerprint", jobs.fingerprint},
                                     {"arguments", arguments},
                                     {"jobs", jobs.labels}};
  WriteOutput(folder_ / "manifest.json", manifest.dump(1) + "\n");
}

Journal::Journal(fs::path folder, const JobList& jobs)
    : folder_(std::move(folder)), jobs_(&jobs), stamp_(Stamp(jobs.fingerprint)) {
  if (ReadManifest(folder_).fingerprint != jobs.fingerprint) {
    throw std::invalid_argument("merge: '" + folder_.string() +
                                "' records another computation than the first folder given");
  }
}

std::string Journal::Header(std::size_t index) const {
  return "actlab job " + stamp_ + " " + std::to_string(index) + "\n" + jobs_->labels[index] + "\n";
}

std::optional<std::string> Journal::Finished(std::size_t index) const {
  const std::optional<std::string> text = ReadFile(JobPath(folder_, index));
  if (!text) return std::nullopt;
  // A job of another computation (another stamp, index or label) does not count.
  const std::string header = Header(index);
  if (text->compare(0, header.size(), header) != 0) return std::nullopt;
  return text->substr(header.size());
}

void Journal::Record(std::size_t index, std::string_view result) const {
  const std::string header = Header(index);
  const std::string_view pieces[] = {header, result};
  WriteOutput(JobPath(folder_, index), pieces);
}

Manifest ReadManifest(const fs::path& folder) {
  const fs::path path = folder / "manifest.json";
  const std::optional<std::string> text = ReadFile(path);
  if (!text) {
    throw IoError("'" + folder.string() +
                  "' holds no manifest.json: not a journal folder of actlab (--journal, or the "
                  "jobs folder under train's --out)");
  }
  try {
    const auto json = nlohmann::json::parse(*text);
    Manifest m;
    m.command = json.at("command").get<std::string>();
    m.fingerprint = json.at("fingerprint").get<std::string>();
    m.arguments = json.at("arguments").get<std::vector<std::string>>();
    m.jobs = json.at("jobs").size();
    return m;
  } catch (const nlohmann::json::exception& e) {
    throw IoError("'" + path.string() + "' is not a journal manifest: " + e.what());
  }
}

std::vector<std::string> MergeArguments(const Manifest& manifest,
                                        const std::vector<fs::path>& folders,
                                        const std::string& out) {
  std::vector<std::string> dropped_with_value = {"--shard", "--journal", "--merge-from"};
  if (!out.empty()) {
    dropped_with_value.emplace_back("--out");
    dropped_with_value.emplace_back("-o");
  }
  std::vector<std::string> arguments;
  const std::vector<std::string>& given = manifest.arguments;
  for (std::size_t i = 0; i < given.size(); ++i) {
    const std::string& a = given[i];
    if (a == "--resume") continue;
    bool dropped = false;
    for (const std::string& name : dropped_with_value) {
      if (a == name) {
        ++i;  // its value
        dropped = true;
      } else if (a.rfind(name + "=", 0) == 0 ||
                 (name == "-o" && a.size() > 2 && a[0] == '-' && a[1] == 'o')) {
        dropped = true;
      }
    }
    if (!dropped) arguments.push_back(a);
  }
  for (const fs::path& folder : folders) {
    arguments.emplace_back("--merge-from");
    arguments.push_back(folder.string());
  }
  if (!out.empty()) {
    arguments.emplace_back("--out");
    arguments.push_back(out);
  }
  return arguments;
}

}  // namespace actlab::scaleout
