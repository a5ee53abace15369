// libFuzzer target: the IDX reader of the training data (plain or gzip). The first byte chooses
// images or labels, the rest is the file. Any file either reads into data of the size its header
// states, or is refused with IoError; a header promising more than the file holds must not
// allocate what it promises.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "actlab/io.h"
#include "actlab/nn/data.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const std::string path = [] {
    std::atexit(
        [] { std::remove(("/tmp/actlab-idx-fuzz-" + std::to_string(::getpid())).c_str()); });
    return "/tmp/actlab-idx-fuzz-" + std::to_string(::getpid());
  }();
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (!file) std::abort();
  std::fwrite(data + 1, 1, size - 1, file);
  std::fclose(file);
  try {
    if (data[0] & 1) {
      const actlab::nn::Images images = actlab::nn::ReadIdxImages(path);
      const std::size_t expected =
          static_cast<std::size_t>(images.count) * images.rows * images.cols;
      if (images.pixels.size() != expected) std::abort();
    } else {
      const auto labels = actlab::nn::ReadIdxLabels(path);
      for (const auto label : labels) {
        if (label > 9) std::abort();
      }
    }
  } catch (const actlab::IoError&) {
  }
  return 0;
}
