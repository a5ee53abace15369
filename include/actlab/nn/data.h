// Image data sets in the IDX format of MNIST and Fashion-MNIST (plain or gzip-compressed).
#ifndef ACTLAB_NN_DATA_H_
#define ACTLAB_NN_DATA_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace actlab::nn {

// Where Debian's dataset-fashion-mnist package puts the files.
inline constexpr const char* kDefaultDataDir = "/usr/share/datasets/fashion-mnist";

// Greyscale images, one byte per pixel, stored image after image, row after row.
struct Images {
  int count = 0;
  int rows = 0;
  int cols = 0;
  std::vector<std::uint8_t> pixels;  // count * rows * cols
  int pixels_per_image() const { return rows * cols; }
};

// Images with one class label (0-9) each.
struct LabelledImages {
  Images images;
  std::vector<std::uint8_t> labels;
};

// The four files of an MNIST-format directory.
struct MnistData {
  LabelledImages train;
  LabelledImages test;
};

// Reads an IDX3 image file (magic 0x00000803), gzip-compressed or not (detected from the content).
// Throws IoError naming the file for a missing or unreadable file, a corrupt gzip stream, a wrong
// magic number, zero or absurd dimensions, or fewer bytes than the header announces.
Images ReadIdxImages(const std::filesystem::path& path);
// Reads an IDX1 label file (magic 0x00000801) likewise; labels above 9 are errors too.
std::vector<std::uint8_t> ReadIdxLabels(const std::filesystem::path& path);

// Reads train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and
// t10k-labels-idx1-ubyte from `dir`, each with or without a .gz suffix. Throws IoError for a
// missing directory or file and for image and label files that disagree in count.
MnistData ReadMnistDirectory(const std::filesystem::path& dir);

}  // namespace actlab::nn

#endif  // ACTLAB_NN_DATA_H_
