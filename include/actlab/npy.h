// NumPy .npy files of float32 or float64 in C order, any shape: read, written atomically, and
// checked with errors that name the file, what is wrong and what is allowed.
#ifndef ACTLAB_NPY_H_
#define ACTLAB_NPY_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace actlab {

// The element types actlab reads and writes: '<f4' and '<f8'.
enum class NpyType : std::uint8_t { kFloat32, kFloat64 };

// Bytes per element of the type.
std::size_t NpyItemSize(NpyType type);
// "float32" or "float64".
std::string_view NpyTypeName(NpyType type);

// What the header of a .npy file says.
struct NpyHeader {
  int major_version = 1;  // 1, 2 or 3 (the minor version is always 0)
  NpyType type = NpyType::kFloat64;
  std::vector<std::uint64_t> shape;  // empty for a 0-d array
  std::uint64_t count = 1;           // product of shape (1 for 0-d, 0 when a dimension is 0)
  std::size_t data_offset = 0;       // bytes before the first element
};

// numpy's limits on what it reads: the header dict's length and the number of dimensions
// (NPY_MAXDIMS of numpy 1.x).
inline constexpr std::size_t kMaxNpyHeaderBytes = 10000;
inline constexpr std::size_t kMaxNpyDimensions = 32;

// Parses the magic, version and header dict at the start of `bytes` (which need not hold the data).
// Throws IoError naming `name` for a malformed or truncated header, Fortran order, big-endian or
// non-float dtypes, more than kMaxNpyDimensions dimensions, a dict longer than kMaxNpyHeaderBytes,
// and shapes whose byte size overflows.
NpyHeader ParseNpyHeader(std::string_view bytes, std::string_view name);

// The header text (magic, version, length, padded dict) of a C-order array; version 1.0 unless the
// dict needs more than 65535 bytes (then 2.0). Its length is a multiple of 64, as numpy writes.
std::string NpyHeaderBytes(NpyType type, std::span<const std::uint64_t> shape);

// An array read from a .npy file: its shape and elements, stored without zero-filling so that huge
// arrays are read straight into their final buffer.
class NpyArray {
 public:
  NpyArray() = default;
  // An uninitialised array of the given type and shape.
  NpyArray(NpyType type, std::vector<std::uint64_t> shape);

  NpyType type() const { return type_; }
  const std::vector<std::uint64_t>& shape() const { return shape_; }
  std::size_t size() const { return count_; }
  std::size_t size_bytes() const { return count_ * NpyItemSize(type_); }

  // The elements as T (float for kFloat32, double for kFloat64); throws std::logic_error otherwise.
  template <class T>
  std::span<T> data();
  template <class T>
  std::span<const T> data() const;
  std::span<std::byte> bytes() { return {storage_.get(), size_bytes()}; }
  std::span<const std::byte> bytes() const { return {storage_.get(), size_bytes()}; }

 private:
  NpyType type_ = NpyType::kFloat64;
  std::vector<std::uint64_t> shape_;
  std::size_t count_ = 0;
  std::unique_ptr<std::byte[]> storage_;
};

// "(3, 4)", "(5,)" or "()": a shape as numpy prints it.
std::string FormatNpyShape(std::span<const std::uint64_t> shape);

// A .npy file read in blocks, so that an array larger than memory can be streamed: the header is
// read and checked (against the file's size too) on construction.
class NpyReader {
 public:
  explicit NpyReader(const std::filesystem::path& path);
  const NpyHeader& header() const { return header_; }
  // Reads the next min(bytes.size(), bytes left) data bytes into `bytes`; returns how many (0 at
  // the end). Throws IoError when the file cannot be read or is shorter than its header says.
  std::size_t Read(std::span<std::byte> bytes);

 private:
  std::string name_;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_;
  NpyHeader header_;
  std::uint64_t left_ = 0;
};

// Reads a whole .npy file. Throws IoError naming the path when it cannot be read, its header is not
// allowed (see ParseNpyHeader), or its data is shorter or longer than the shape says.
NpyArray ReadNpy(const std::filesystem::path& path);
// The same for a file already in memory; `name` is used in messages.
NpyArray ParseNpy(std::string_view bytes, std::string_view name);

// Writes a C-order array as .npy (through a temporary file and a rename). Throws IoError naming the
// path, or std::invalid_argument when the data does not hold product(shape) elements.
void WriteNpy(const std::filesystem::path& path, std::span<const std::uint64_t> shape,
              std::span<const float> data);
void WriteNpy(const std::filesystem::path& path, std::span<const std::uint64_t> shape,
              std::span<const double> data);
void WriteNpy(const std::filesystem::path& path, const NpyArray& array);

}  // namespace actlab

#endif  // ACTLAB_NPY_H_
