#include "actlab/output.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace actlab {
namespace fs = std::filesystem;

namespace {

std::string Quoted(const fs::path& path) { return "'" + path.string() + "'"; }

// What must be removed when a command fails or is interrupted.
struct Registry {
  std::mutex mutex;
  std::map<int, fs::path> temporaries;
  int next_slot = 0;
  std::vector<fs::path> created_folders;  // outermost first
};

Registry& TheRegistry() {
  static Registry* registry = new Registry;  // never destroyed: the signal thread may outlive main
  return *registry;
}

void RemoveLocked(Registry& registry) {
  std::error_code ignored;
  for (const auto& [slot, path] : registry.temporaries) fs::remove_all(path, ignored);
  registry.temporaries.clear();
  for (auto it = registry.created_folders.rbegin(); it != registry.created_folders.rend(); ++it) {
    fs::remove_all(*it, ignored);
  }
  registry.created_folders.clear();
}

// The path with every symbolic link along its last component followed (up to 40, as the kernel).
fs::path FollowLinks(const fs::path& target) {
  fs::path path = target;
  for (int hops = 0; hops < 40; ++hops) {
    std::error_code error;
    if (!fs::is_symlink(fs::symlink_status(path, error))) return path;
    const fs::path link = fs::read_symlink(path, error);
    if (error) throw IoError("cannot follow the link " + Quoted(target) + ": " + error.message());
    path = link.is_absolute() ? link : path.parent_path() / link;
  }
  throw IoError("cannot follow the link " + Quoted(target) + ": " + std::strerror(ELOOP));
}

fs::path FolderOf(const fs::path& path) {
  return path.has_parent_path() ? path.parent_path() : fs::path(".");
}

// The nearest ancestor of `path` that exists (following links), which must be a writable folder.
void CheckAncestor(const fs::path& path, const fs::path& target) {
  fs::path folder = FolderOf(path);
  while (true) {
    struct stat info {};
    if (::stat(folder.c_str(), &info) == 0) {
      if (!S_ISDIR(info.st_mode)) {
        throw IoError("cannot write " + Quoted(target) + ": " + Quoted(folder) +
                      " is a file, not a folder");
      }
      if (::access(folder.c_str(), W_OK | X_OK) != 0) {
        throw IoError("cannot write " + Quoted(target) + ": the folder " + Quoted(folder) + ": " +
                      std::strerror(errno));
      }
      return;
    }
    if (errno != ENOENT) {
      throw IoError("cannot write " + Quoted(target) + ": " + Quoted(folder) + ": " +
                    std::strerror(errno));
    }
    if (!folder.has_parent_path() || folder.parent_path() == folder) return;  // relative root
    folder = folder.parent_path();
  }
}

}  // namespace

TemporaryPath::TemporaryPath(fs::path path) : path_(std::move(path)) {
  Registry& registry = TheRegistry();
  const std::lock_guard lock(registry.mutex);
  slot_ = registry.next_slot++;
  registry.temporaries.emplace(slot_, path_);
}

TemporaryPath::TemporaryPath(TemporaryPath&& other) noexcept
    : path_(std::move(other.path_)), slot_(other.slot_) {
  other.slot_ = -1;
}

TemporaryPath& TemporaryPath::operator=(TemporaryPath&& other) noexcept {
  if (this != &other) {
    Remove();
    path_ = std::move(other.path_);
    slot_ = other.slot_;
    other.slot_ = -1;
  }
  return *this;
}

TemporaryPath::~TemporaryPath() { Remove(); }

void TemporaryPath::Remove() {
  if (slot_ < 0) return;
  std::error_code ignored;
  fs::remove_all(path_, ignored);
  Release();
}

void TemporaryPath::Release() {
  if (slot_ < 0) return;
  Registry& registry = TheRegistry();
  const std::lock_guard lock(registry.mutex);
  registry.temporaries.erase(slot_);
  slot_ = -1;
}

void KeepCreatedFolders() {
  Registry& registry = TheRegistry();
  const std::lock_guard lock(registry.mutex);
  registry.created_folders.clear();
}

void RemoveTemporaries() {
  Registry& registry = TheRegistry();
  const std::lock_guard lock(registry.mutex);
  RemoveLocked(registry);
}

void CreateOutputFolder(const fs::path& folder) {
  const fs::path path = FollowLinks(folder);
  std::vector<fs::path> missing;
  for (fs::path p = path; !p.empty(); p = p.parent_path()) {
    struct stat info {};
    if (::stat(p.c_str(), &info) == 0) {
      if (!S_ISDIR(info.st_mode)) {
        throw IoError("cannot create the folder " + Quoted(folder) + ": " + Quoted(p) +
                      " is a file, not a folder");
      }
      break;
    }
    missing.push_back(p);
    if (p.parent_path() == p) break;
  }
  Registry& registry = TheRegistry();
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    const std::lock_guard lock(registry.mutex);
    if (::mkdir(it->c_str(), 0777) != 0 && errno != EEXIST) {
      throw IoError("cannot create the folder " + Quoted(*it) + ": " + std::strerror(errno));
    }
    if (it == missing.rbegin()) registry.created_folders.push_back(*it);
  }
}

void CheckOutputFile(const fs::path& target) {
  if (target == "-") return;
  const fs::path path = FollowLinks(target);
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) {
      throw IoError("cannot write " + Quoted(target) + ": it is a folder; give a file name");
    }
    if (!S_ISREG(info.st_mode)) {
      if (::access(path.c_str(), W_OK) != 0) {
        throw IoError("cannot write " + Quoted(target) + ": " + std::strerror(errno));
      }
      return;
    }
  }
  CheckAncestor(path, target);
}

void CheckOutputFolder(const fs::path& folder) {
  const fs::path path = FollowLinks(folder);
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    if (!S_ISDIR(info.st_mode)) {
      throw IoError("cannot write the folder " + Quoted(folder) + ": a file is in the way");
    }
    if (::access(path.c_str(), W_OK | X_OK) != 0) {
      throw IoError("cannot write in the folder " + Quoted(folder) + ": " + std::strerror(errno));
    }
    return;
  }
  CheckAncestor(path, folder);
}

Output::Output(const fs::path& target) : target_(target) {
  if (target == "-") {
    std::cout.flush();
    std::fflush(stdout);
    fd_ = STDOUT_FILENO;
    return;
  }
  CheckOutputFile(target);  // not a folder; the nearest existing ancestor is a writable folder
  final_ = FollowLinks(target);
  struct stat info {};
  const bool exists = ::stat(final_.c_str(), &info) == 0;
  if (exists && !S_ISREG(info.st_mode)) {  // a device, FIFO or socket: write through
    fd_ = ::open(final_.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd_ < 0) Fail("cannot open", errno);
    owns_fd_ = true;
    return;
  }
  CreateOutputFolder(FolderOf(final_));
  static std::atomic<unsigned> counter{0};
  // Registered before it exists, so that a signal between the two finds it.
  temporary_ = TemporaryPath(FolderOf(final_) / ("." + final_.filename().string() + ".tmp" +
                                                 std::to_string(::getpid()) + "." +
                                                 std::to_string(counter.fetch_add(1))));
  fd_ = ::open(temporary_.path().c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd_ < 0)
    Fail("cannot create a temporary file in " + Quoted(FolderOf(final_)) + " for", errno);
  owns_fd_ = true;
  if (exists) ::fchmod(fd_, info.st_mode & 07777);  // the replaced file's permissions stay
}

Output::~Output() {
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
  // temporary_, unless released by Commit(), removes the half-written file.
}

void Output::Fail(const std::string& what, int error) {
  throw IoError(what + " " +
                (target_ == "-" ? std::string("to standard output") : Quoted(target_)) + ": " +
                std::strerror(error));
}

void Output::Write(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd_, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      Fail("cannot write", errno);
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
}

void Output::Commit() {
  if (committed_) return;
  if (owns_fd_) {
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) Fail("cannot write", errno);
  }
  if (!temporary_.path().empty()) {
    if (std::rename(temporary_.path().c_str(), final_.c_str()) != 0) Fail("cannot write", errno);
    temporary_.Release();
  }
  committed_ = true;
}

void WriteOutput(const fs::path& target, std::string_view content) {
  WriteOutput(target, std::span<const std::string_view>(&content, 1));
}

void WriteOutput(const fs::path& target, std::span<const std::string_view> pieces) {
  Output output(target);
  for (const std::string_view piece : pieces) output.Write(piece);
  output.Commit();
}

void WriteStdout(std::string_view text) {
  Output output("-");
  output.Write(text);
  output.Commit();
}

void InstallSignalCleanup() {
  sigset_t signals;
  sigemptyset(&signals);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&signals, s);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread([signals] {
    int signal = 0;
    while (sigwait(&signals, &signal) != 0) {
    }
    Registry& registry = TheRegistry();
    registry.mutex.lock();  // held until the end: no new temporary is registered after this
    RemoveLocked(registry);
    ::_exit(128 + signal);
  }).detach();
}

}  // namespace actlab
