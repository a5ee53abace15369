// The one layer through which every output is written.
//
// A target names where the bytes go:
//   "-"                        standard output;
//   a device, FIFO or socket   written through, never replaced (as coreutils write to /dev/null);
//   a symbolic link            followed, so that the link stays and its target gets the content;
//   a regular file, or none    written to a hidden temporary file in the same folder, then renamed
//                              over the target, so that a reader never sees half a file.
// Missing parent folders are created (as `mkdir -p` does) and, like every temporary, removed again
// when the command fails or is interrupted: an error or a signal leaves the file system as it was.
// Every write and the final close are checked; a failure is an IoError naming the target and the
// operating system's reason.
#ifndef ACTLAB_OUTPUT_H_
#define ACTLAB_OUTPUT_H_

#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "actlab/io.h"

namespace actlab {

// A folder or file registered for removal on failure: temporaries, staging folders. Registration
// ends with Release() (the path was renamed into place) or the object's destruction, which removes
// the path first unless it was released.
class TemporaryPath {
 public:
  TemporaryPath() = default;
  explicit TemporaryPath(std::filesystem::path path);
  TemporaryPath(TemporaryPath&& other) noexcept;
  TemporaryPath& operator=(TemporaryPath&& other) noexcept;
  ~TemporaryPath();
  const std::filesystem::path& path() const { return path_; }
  // The path stays; it is no longer removed on failure (it was renamed into place).
  void Release();

 private:
  void Remove();
  std::filesystem::path path_;
  int slot_ = -1;
};

// An output being written. Write() any number of times, then Commit(); destroyed without a
// Commit() (an exception, an early return) it removes its temporary file and leaves the target as
// it was.
class Output {
 public:
  explicit Output(const std::filesystem::path& target);
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  ~Output();

  void Write(std::string_view bytes);
  // Closes the file and renames the temporary over the target; throws IoError on any failure.
  void Commit();

  // The path that messages name (the target as given).
  const std::filesystem::path& target() const { return target_; }

 private:
  [[noreturn]] void Fail(const std::string& what, int error);
  std::filesystem::path target_;
  std::filesystem::path final_;  // the target with symbolic links followed
  TemporaryPath temporary_;      // none when writing through (stdout, a device, a FIFO)
  int fd_ = -1;
  bool owns_fd_ = false;
  bool committed_ = false;
};

// Writes `content` (or the pieces one after the other) to `target` through an Output.
void WriteOutput(const std::filesystem::path& target, std::string_view content);
void WriteOutput(const std::filesystem::path& target, std::span<const std::string_view> pieces);

// Checks, before any work, that `target` can be written as a file: "-", or a path whose nearest
// existing ancestor is a writable folder, that is not itself a folder. Throws IoError otherwise.
void CheckOutputFile(const std::filesystem::path& target);
// The same for an output folder: absent, or an existing folder, under a writable ancestor.
void CheckOutputFolder(const std::filesystem::path& folder);

// Creates `folder` and its missing parents; those created are removed again (with what is in them)
// when the command fails or is interrupted, unless KeepCreatedFolders() was called. Throws IoError
// when a file is in the way or the folder cannot be created.
void CreateOutputFolder(const std::filesystem::path& folder);

// For the program: the folders CreateOutputFolder made stay (the command succeeded).
void KeepCreatedFolders();
// Removes every registered temporary and every folder CreateOutputFolder made in this run. Called
// on a failure and on a signal; safe to call from any thread.
void RemoveTemporaries();
// Blocks SIGINT, SIGTERM and SIGHUP in the calling thread (and in the threads it starts later) and
// starts a thread that waits for them: on one it removes the temporaries and ends the process with
// status 128 + the signal's number (130, 143, 129). Call once, first thing in main().
void InstallSignalCleanup();

// Standard output written through the same checks: write(2) in full or an IoError.
void WriteStdout(std::string_view text);

}  // namespace actlab

#endif  // ACTLAB_OUTPUT_H_
