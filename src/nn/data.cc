// IDX reader. zlib's gzread reads gzip and plain files alike, so one path serves both.
#include "actlab/nn/data.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>

#include "actlab/io.h"

namespace actlab::nn {
namespace {

constexpr std::uint32_t kImageMagic = 0x00000803;
constexpr std::uint32_t kLabelMagic = 0x00000801;
constexpr std::uint32_t kMaxCount = 10'000'000;
constexpr std::uint32_t kMaxSide = 4096;

struct GzCloser {
  void operator()(gzFile file) const { gzclose(file); }
};
using GzFile = std::unique_ptr<std::remove_pointer_t<gzFile>, GzCloser>;

class IdxFile {
 public:
  explicit IdxFile(const std::filesystem::path& path) : path_(path) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
      throw IoError("cannot read '" + path.string() + "': no such file");
    }
    file_.reset(gzopen(path.c_str(), "rb"));
    if (!file_) throw IoError("cannot open '" + path.string() + "'");
  }

  // Reads exactly `size` bytes; `what` says what they were for in the error message.
  void Read(void* data, std::size_t size, const std::string& what) {
    auto* bytes = static_cast<unsigned char*>(data);
    std::size_t done = 0;
    while (done < size) {
      const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(size - done, 1u << 30));
      const int got = gzread(file_.get(), bytes + done, chunk);
      if (got < 0) {
        int code = 0;
        const char* message = gzerror(file_.get(), &code);
        throw IoError("'" + path_.string() + "': corrupt or unreadable (" + message + ")");
      }
      if (got == 0) {
        throw IoError("'" + path_.string() + "' is truncated: " + what + " needs " +
                      std::to_string(size) + " bytes, the file has " + std::to_string(done));
      }
      done += static_cast<std::size_t>(got);
    }
  }

  std::uint32_t ReadBigEndian(const std::string& what) {
    std::array<unsigned char, 4> b{};
    Read(b.data(), b.size(), what);
    return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) |
           std::uint32_t{b[3]};
  }

  void ExpectMagic(std::uint32_t expected, const char* kind) {
    const std::uint32_t magic = ReadBigEndian("the magic number");
    if (magic != expected) {
      char text[64];
      std::snprintf(text, sizeof text, "0x%08x, expected 0x%08x", magic, expected);
      throw IoError("'" + path_.string() + "' is not an IDX " + kind + " file: magic number " +
                    text);
    }
  }

  std::uint32_t ReadDimension(const char* name, std::uint32_t max) {
    const std::uint32_t value = ReadBigEndian(std::string("the ") + name);
    if (value == 0 || value > max) {
      throw IoError("'" + path_.string() + "': " + name + " " + std::to_string(value) +
                    " is outside 1.." + std::to_string(max));
    }
    return value;
  }

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  GzFile file_;
};

std::filesystem::path FindFile(const std::filesystem::path& dir, const std::string& name) {
  for (const char* suffix : {"", ".gz"}) {
    auto path = dir / (name + suffix);
    std::error_code error;
    if (std::filesystem::is_regular_file(path, error)) return path;
  }
  throw IoError("'" + dir.string() + "' has no " + name + " or " + name +
                ".gz (an MNIST-format directory holds train-images-idx3-ubyte, "
                "train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte)");
}

LabelledImages ReadPair(const std::filesystem::path& dir, const std::string& prefix) {
  const auto image_path = FindFile(dir, prefix + "-images-idx3-ubyte");
  const auto label_path = FindFile(dir, prefix + "-labels-idx1-ubyte");
  LabelledImages data{ReadIdxImages(image_path), ReadIdxLabels(label_path)};
  if (static_cast<std::size_t>(data.images.count) != data.labels.size()) {
    throw IoError("'" + image_path.string() + "' has " + std::to_string(data.images.count) +
                  " images but '" + label_path.string() + "' has " +
                  std::to_string(data.labels.size()) + " labels");
  }
  return data;
}

}  // namespace

Images ReadIdxImages(const std::filesystem::path& path) {
  IdxFile file(path);
  file.ExpectMagic(kImageMagic, "image (idx3-ubyte)");
  Images images;
  images.count = static_cast<int>(file.ReadDimension("image count", kMaxCount));
  images.rows = static_cast<int>(file.ReadDimension("row count", kMaxSide));
  images.cols = static_cast<int>(file.ReadDimension("column count", kMaxSide));
  const std::uint64_t total = std::uint64_t{static_cast<std::uint32_t>(images.count)} *
                              static_cast<std::uint32_t>(images.rows) *
                              static_cast<std::uint32_t>(images.cols);
  RequireMemory(total,
                "the " + std::to_string(images.count) + " images of '" + path.string() + "'");
  // In pieces, so that a header promising more than the file holds fails at the end of the file
  // instead of allocating all it promises first.
  const std::string what = "the pixels of " + std::to_string(images.count) + " images";
  constexpr std::uint64_t kPiece = std::uint64_t{1} << 24;
  while (images.pixels.size() < total) {
    const std::size_t done = images.pixels.size();
    const auto piece = static_cast<std::size_t>(std::min(kPiece, total - done));
    images.pixels.resize(done + piece);
    file.Read(images.pixels.data() + done, piece, what);
  }
  return images;
}

std::vector<std::uint8_t> ReadIdxLabels(const std::filesystem::path& path) {
  IdxFile file(path);
  file.ExpectMagic(kLabelMagic, "label (idx1-ubyte)");
  std::vector<std::uint8_t> labels(file.ReadDimension("label count", kMaxCount));
  file.Read(labels.data(), labels.size(), std::to_string(labels.size()) + " labels");
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] > 9) {
      throw IoError("'" + path.string() + "': label " + std::to_string(labels[i]) + " at index " +
                    std::to_string(i) + " is outside 0..9");
    }
  }
  return labels;
}

MnistData ReadMnistDirectory(const std::filesystem::path& dir) {
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    throw IoError("data directory '" + dir.string() +
                  "' does not exist (Fashion-MNIST: apt-get install dataset-fashion-mnist)");
  }
  MnistData data{ReadPair(dir, "train"), ReadPair(dir, "t10k")};
  const Images& a = data.train.images;
  const Images& b = data.test.images;
  if (a.rows != b.rows || a.cols != b.cols) {
    throw IoError("'" + dir.string() + "': training images are " + std::to_string(a.rows) + "x" +
                  std::to_string(a.cols) + " but test images are " + std::to_string(b.rows) + "x" +
                  std::to_string(b.cols));
  }
  return data;
}

}  // namespace actlab::nn
