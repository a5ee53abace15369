#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>

#include "actlab/io.h"

namespace actlab {

void WriteFileAtomically(const std::filesystem::path& path, std::string_view content) {
  WriteFileAtomically(path, std::span<const std::string_view>(&content, 1));
}

void WriteFileAtomically(const std::filesystem::path& path,
                         std::span<const std::string_view> pieces) {
  const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : ".";
  std::random_device entropy;
  const std::filesystem::path temporary =
      folder / ("." + path.filename().string() + ".tmp" + std::to_string(::getpid()) + "." +
                std::to_string(entropy()));
  std::FILE* file = std::fopen(temporary.c_str(), "wb");
  if (!file) {
    throw IoError("cannot write '" + path.string() + "': " + std::strerror(errno));
  }
  bool written = true;
  for (const std::string_view piece : pieces) {
    written = written && std::fwrite(piece.data(), 1, piece.size(), file) == piece.size();
  }
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed) {
    const int saved = errno;
    std::remove(temporary.c_str());
    throw IoError("cannot write '" + path.string() + "': " + std::strerror(saved));
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int saved = errno;
    std::remove(temporary.c_str());
    throw IoError("cannot write '" + path.string() + "': " + std::strerror(saved));
  }
}

}  // namespace actlab
