// The .npy format (numpy/lib/format.py): magic "\x93NUMPY", major and minor version bytes, a
// little-endian header length (2 bytes in 1.0, 4 bytes in 2.0 and 3.0), then a Python dict literal
// with exactly the keys 'descr', 'fortran_order' and 'shape', padded with spaces and ended by '\n'.
#include "actlab/npy.h"

#include <sys/stat.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <optional>
#include <stdexcept>
#include <type_traits>

#include "actlab/io.h"
#include "actlab/output.h"

namespace actlab {

static_assert(std::endian::native == std::endian::little,
              "the .npy reader stores '<f4'/'<f8' data as it is in memory");

namespace {

constexpr std::string_view kMagic = "\x93NUMPY";
constexpr std::string_view kAllowedTypes = "'<f4' (float32) or '<f8' (float64)";

[[noreturn]] void Fail(std::string_view name, const std::string& what) {
  throw IoError("'" + std::string(name) + "' is not a .npy file actlab can read: " + what);
}

// What a message shows of untrusted text: at most 40 bytes, non-printable bytes escaped.
std::string Quote(std::string_view text) { return QuoteInput(text, 40); }

// A value of the header dict: a string, a bool or a tuple of non-negative integers.
struct DictValue {
  enum class Kind { kString, kBool, kTuple } kind = Kind::kString;
  std::string text;
  bool flag = false;
  std::vector<std::uint64_t> numbers;
};

// A recursive-descent reader of the subset of Python literals numpy writes in a header.
class HeaderParser {
 public:
  HeaderParser(std::string_view text, std::string_view name) : text_(text), name_(name) {}

  void Parse(std::optional<DictValue>* descr, std::optional<DictValue>* fortran,
             std::optional<DictValue>* shape) {
    Expect('{');
    SkipSpace();
    while (Peek() != '}') {
      const std::string key = ParseString();
      Expect(':');
      DictValue value = ParseValue();
      std::optional<DictValue>* slot = key == "descr"           ? descr
                                       : key == "fortran_order" ? fortran
                                       : key == "shape"         ? shape
                                                                : nullptr;
      if (!slot) {
        Fail(name_, "header has the key " + Quote(key) +
                        "; allowed keys: 'descr', 'fortran_order', 'shape'");
      }
      if (slot->has_value()) Fail(name_, "header repeats the key " + Quote(key));
      *slot = std::move(value);
      SkipSpace();
      if (Peek() == ',') {
        ++pos_;
        SkipSpace();
      } else if (Peek() != '}') {
        Error("',' or '}'");
      }
    }
    ++pos_;
    SkipSpace();
    if (pos_ != text_.size()) Error("the end of the header after '}'");
  }

 private:
  char Peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' ||
                                   text_[pos_] == '\t' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  [[noreturn]] void Error(std::string_view expected) const {
    Fail(name_, "malformed header dict: expected " + std::string(expected) + " at byte " +
                    std::to_string(pos_) + " of " + Quote(text_.substr(pos_)));
  }
  void Expect(char c) {
    SkipSpace();
    if (Peek() != c) Error(std::string("'") + c + "'");
    ++pos_;
  }
  std::string ParseString() {
    SkipSpace();
    const char quote = Peek();
    if (quote != '\'' && quote != '"') Error("a quoted string");
    const std::size_t end = text_.find(quote, pos_ + 1);
    if (end == std::string_view::npos) Error("a closing quote");
    std::string value(text_.substr(pos_ + 1, end - pos_ - 1));
    pos_ = end + 1;
    return value;
  }
  std::uint64_t ParseInteger() {
    SkipSpace();
    if (Peek() < '0' || Peek() > '9') Error("a non-negative integer");
    std::uint64_t value = 0;
    while (Peek() >= '0' && Peek() <= '9') {
      const auto digit = static_cast<std::uint64_t>(Peek() - '0');
      if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
        Fail(name_, "a dimension of the shape overflows 64 bits");
      }
      value = value * 10 + digit;
      ++pos_;
    }
    if (Peek() == 'L') ++pos_;  // Python 2 long literal, as old numpy wrote
    return value;
  }
  DictValue ParseValue() {
    SkipSpace();
    DictValue value;
    if (Peek() == '\'' || Peek() == '"') {
      value.text = ParseString();
    } else if (text_.substr(pos_, 4) == "True") {
      value.kind = DictValue::Kind::kBool;
      value.flag = true;
      pos_ += 4;
    } else if (text_.substr(pos_, 5) == "False") {
      value.kind = DictValue::Kind::kBool;
      pos_ += 5;
    } else if (Peek() == '(') {
      value.kind = DictValue::Kind::kTuple;
      ++pos_;
      SkipSpace();
      while (Peek() != ')') {
        value.numbers.push_back(ParseInteger());
        SkipSpace();
        if (Peek() == ',') {
          ++pos_;
          SkipSpace();
        } else if (Peek() != ')') {
          Error("',' or ')' in the shape");
        } else if (value.numbers.size() == 1) {
          Error("',' after the only dimension (a 1-d shape is written '(n,)')");
        }
      }
      ++pos_;
    } else if (Peek() == '[') {
      Fail(name_, "structured dtypes (a list as 'descr') are not supported; allowed: " +
                      std::string(kAllowedTypes));
    } else {
      Error("a string, True, False or a tuple");
    }
    return value;
  }

  std::string_view text_;
  std::string_view name_;
  std::size_t pos_ = 0;
};

NpyType TypeFromDescr(const std::string& descr, std::string_view name) {
  if (descr == "<f4") return NpyType::kFloat32;
  if (descr == "<f8") return NpyType::kFloat64;
  const std::string allowed = "; allowed: " + std::string(kAllowedTypes);
  if (descr == ">f4" || descr == ">f8") {
    Fail(name, "dtype " + Quote(descr) + " is big-endian" + allowed +
                   " (numpy: a.astype(a.dtype.newbyteorder('<')))");
  }
  Fail(name, "dtype " + Quote(descr) + " is not float32 or float64" + allowed +
                 " (numpy: a.astype('float32'))");
}

std::uint32_t LittleEndian(std::string_view bytes) {
  std::uint32_t value = 0;
  for (std::size_t i = bytes.size(); i-- > 0;) {
    value = value << 8 | static_cast<unsigned char>(bytes[i]);
  }
  return value;
}

std::size_t Count(std::span<const std::uint64_t> shape) {
  std::uint64_t count = 1;
  for (const std::uint64_t dim : shape) {
    if (dim != 0 && count > std::numeric_limits<std::uint64_t>::max() / dim) {
      throw std::overflow_error("shape overflows");
    }
    count *= dim;
  }
  return count;
}

}  // namespace

std::size_t NpyItemSize(NpyType type) { return type == NpyType::kFloat32 ? 4 : 8; }

std::string_view NpyTypeName(NpyType type) {
  return type == NpyType::kFloat32 ? "float32" : "float64";
}

std::string FormatNpyShape(std::span<const std::uint64_t> shape) {
  std::string text = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    text += (i ? ", " : "") + std::to_string(shape[i]);
  }
  return text + (shape.size() == 1 ? ",)" : ")");
}

NpyHeader ParseNpyHeader(std::string_view bytes, std::string_view name) {
  if (bytes.substr(0, kMagic.size()) != kMagic) {
    Fail(name, "it does not start with the magic \"\\x93NUMPY\" (it starts with " +
                   Quote(bytes.substr(0, 8)) + ")");
  }
  if (bytes.size() < 8) Fail(name, "the file ends inside the version bytes");
  NpyHeader header;
  header.major_version = static_cast<unsigned char>(bytes[6]);
  const int minor = static_cast<unsigned char>(bytes[7]);
  if (header.major_version < 1 || header.major_version > 3 || minor != 0) {
    Fail(name, "format version " + std::to_string(header.major_version) + "." +
                   std::to_string(minor) + " is not supported; allowed: 1.0, 2.0, 3.0");
  }
  const std::size_t length_bytes = header.major_version == 1 ? 2 : 4;
  if (bytes.size() < 8 + length_bytes) Fail(name, "the file ends inside the header length");
  const std::size_t length = LittleEndian(bytes.substr(8, length_bytes));
  if (length > kMaxNpyHeaderBytes) {
    Fail(name, "the header is " + std::to_string(length) + " bytes long; allowed: at most " +
                   std::to_string(kMaxNpyHeaderBytes) + " (numpy's limit)");
  }
  const std::size_t start = 8 + length_bytes;
  if (bytes.size() - start < length) {
    Fail(name, "the header is truncated: it says " + std::to_string(length) +
                   " bytes, the file has " + std::to_string(bytes.size() - start) + " after it");
  }
  const std::string_view text = bytes.substr(start, length);
  if (text.empty() || text.back() != '\n') Fail(name, "the header does not end with a newline");

  std::optional<DictValue> descr, fortran, shape;
  HeaderParser(text, name).Parse(&descr, &fortran, &shape);
  if (!descr || !fortran || !shape) {
    Fail(name, std::string("the header lacks the key '") +
                   (!descr     ? "descr"
                    : !fortran ? "fortran_order"
                               : "shape") +
                   "'; required keys: 'descr', 'fortran_order', 'shape'");
  }
  if (descr->kind != DictValue::Kind::kString) Fail(name, "'descr' is not a string");
  if (fortran->kind != DictValue::Kind::kBool) Fail(name, "'fortran_order' is not True or False");
  if (shape->kind != DictValue::Kind::kTuple) Fail(name, "'shape' is not a tuple of integers");
  header.type = TypeFromDescr(descr->text, name);
  if (fortran->flag) {
    Fail(name, "the array is in Fortran order; allowed: C order (numpy: np.ascontiguousarray(a))");
  }
  header.shape = std::move(shape->numbers);
  if (header.shape.size() > kMaxNpyDimensions) {
    Fail(name, "the array has " + std::to_string(header.shape.size()) +
                   " dimensions; allowed: at most " + std::to_string(kMaxNpyDimensions) +
                   " (numpy's limit)");
  }
  const std::uint64_t max_bytes = std::numeric_limits<std::ptrdiff_t>::max();
  try {
    header.count = Count(header.shape);
  } catch (const std::overflow_error&) {
    header.count = max_bytes;  // caught below
  }
  if (header.count > max_bytes / NpyItemSize(header.type)) {
    Fail(name,
         "the shape " + FormatNpyShape(header.shape) + " has more elements than memory can hold");
  }
  header.data_offset = start + length;
  return header;
}

std::string NpyHeaderBytes(NpyType type, std::span<const std::uint64_t> shape) {
  if (shape.size() > kMaxNpyDimensions) {
    throw std::invalid_argument("an array of " + std::to_string(shape.size()) +
                                " dimensions; allowed: at most " +
                                std::to_string(kMaxNpyDimensions) + " (numpy's limit)");
  }
  std::string dict = std::string("{'descr': '") + (type == NpyType::kFloat32 ? "<f4" : "<f8") +
                     "', 'fortran_order': False, 'shape': " + FormatNpyShape(shape) + ", }";
  // Pad with spaces so that magic + version + length + dict + '\n' is a multiple of 64.
  auto padded = [&dict](std::size_t prefix) {
    const std::size_t total = prefix + dict.size() + 1;
    return dict + std::string((64 - total % 64) % 64, ' ') + '\n';
  };
  std::string text = padded(10);
  std::string out(kMagic);
  if (text.size() <= 0xffff) {
    out += '\x01';
    out += '\0';
    out += static_cast<char>(text.size() & 0xff);
    out += static_cast<char>(text.size() >> 8);
  } else {
    text = padded(12);
    out += '\x02';
    out += '\0';
    for (int i = 0; i < 4; ++i) out += static_cast<char>((text.size() >> (8 * i)) & 0xff);
  }
  return out + text;
}

NpyArray::NpyArray(NpyType type, std::vector<std::uint64_t> shape)
    : type_(type), shape_(std::move(shape)), count_(Count(shape_)) {
  // make_unique_for_overwrite: no zero-filling pass over what the caller overwrites anyway.
  storage_ = std::make_unique_for_overwrite<std::byte[]>(std::max<std::size_t>(size_bytes(), 1));
}

template <class T>
std::span<T> NpyArray::data() {
  if ((type_ == NpyType::kFloat32) != std::is_same_v<T, float>) {
    throw std::logic_error("NpyArray::data: the array holds " + std::string(NpyTypeName(type_)));
  }
  return {reinterpret_cast<T*>(storage_.get()), count_};
}
template <class T>
std::span<const T> NpyArray::data() const {
  return const_cast<NpyArray*>(this)->data<T>();
}
template std::span<float> NpyArray::data<float>();
template std::span<double> NpyArray::data<double>();
template std::span<const float> NpyArray::data<float>() const;
template std::span<const double> NpyArray::data<double>() const;

NpyArray ParseNpy(std::string_view bytes, std::string_view name) {
  const NpyHeader header = ParseNpyHeader(bytes, name);
  const std::uint64_t expected = header.count * NpyItemSize(header.type);
  const std::uint64_t present = bytes.size() - header.data_offset;
  if (present != expected) {
    Fail(name, "the shape " + FormatNpyShape(header.shape) + " of " +
                   std::string(NpyTypeName(header.type)) + " needs " + std::to_string(expected) +
                   " data bytes, the file has " + std::to_string(present));
  }
  NpyArray array(header.type, header.shape);
  if (expected) std::memcpy(array.bytes().data(), bytes.data() + header.data_offset, expected);
  return array;
}

NpyReader::NpyReader(const std::filesystem::path& path)
    : name_(path.string()), file_(std::fopen(path.c_str(), "rb"), std::fclose) {
  if (!file_) throw IoError("cannot read '" + name_ + "': " + std::strerror(errno));
  struct stat info {};
  if (::fstat(fileno(file_.get()), &info) != 0) {
    throw IoError("cannot read '" + name_ + "': " + std::strerror(errno));
  }
  if (S_ISDIR(info.st_mode)) throw IoError("cannot read '" + name_ + "': it is a folder");
  if (!S_ISREG(info.st_mode)) {
    throw IoError("cannot read '" + name_ + "': not a regular file; allowed: a .npy file");
  }
  const auto file_size = static_cast<std::uint64_t>(info.st_size);

  // The header is at most 12 + kMaxNpyHeaderBytes bytes long; read the fixed part, then exactly
  // the dict.
  std::string head(12, '\0');
  head.resize(std::fread(head.data(), 1, head.size(), file_.get()));
  if (std::ferror(file_.get())) {
    throw IoError("cannot read '" + name_ + "': " + std::strerror(errno));
  }
  std::size_t header_end = head.size();
  if (head.size() >= 10 && head.substr(0, kMagic.size()) == kMagic) {
    const std::size_t length_bytes = head[6] == 1 ? 2 : 4;
    const std::uint64_t length = LittleEndian(std::string_view(head).substr(8, length_bytes));
    // Longer than allowed: ParseNpyHeader names the limit without the dict being read.
    if (length <= kMaxNpyHeaderBytes) {
      header_end = std::min<std::uint64_t>(8 + length_bytes + length, file_size);
    }
  }
  if (header_end > head.size()) {
    const std::size_t have = head.size();
    head.resize(header_end);
    head.resize(have + std::fread(head.data() + have, 1, header_end - have, file_.get()));
  }
  header_ = ParseNpyHeader(head, name_);
  if (header_.data_offset > head.size()) throw IoError("cannot read '" + name_ + "'");
  const std::uint64_t expected = header_.count * NpyItemSize(header_.type);
  const std::uint64_t present = file_size - header_.data_offset;
  if (present != expected) {
    Fail(name_, "the shape " + FormatNpyShape(header_.shape) + " of " +
                    std::string(NpyTypeName(header_.type)) + " needs " + std::to_string(expected) +
                    " data bytes, the file has " + std::to_string(present));
  }
  left_ = expected;
}

std::size_t NpyReader::Read(std::span<std::byte> bytes) {
  const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(bytes.size(), left_));
  if (want == 0) return 0;
  if (std::fread(bytes.data(), 1, want, file_.get()) != want) {
    throw IoError("cannot read '" + name_ + "': " +
                  (std::ferror(file_.get()) ? std::strerror(errno) : "the file shrank while read"));
  }
  left_ -= want;
  return want;
}

NpyArray ReadNpy(const std::filesystem::path& path) {
  NpyReader reader(path);
  // The size was checked against the file's before allocating: a lying header cannot exhaust
  // memory.
  NpyArray array(reader.header().type, reader.header().shape);
  reader.Read(array.bytes());
  return array;
}

namespace {

template <class T>
void WriteTyped(const std::filesystem::path& path, std::span<const std::uint64_t> shape,
                std::span<const T> data) {
  std::size_t count = 0;
  try {
    count = Count(shape);
  } catch (const std::overflow_error&) {
    count = std::numeric_limits<std::size_t>::max();
  }
  if (count != data.size()) {
    throw std::invalid_argument("WriteNpy: the shape " + FormatNpyShape(shape) + " needs " +
                                std::to_string(count) + " elements, the data has " +
                                std::to_string(data.size()));
  }
  const std::string header =
      NpyHeaderBytes(std::is_same_v<T, float> ? NpyType::kFloat32 : NpyType::kFloat64, shape);
  const std::string_view pieces[] = {
      header, {reinterpret_cast<const char*>(data.data()), data.size_bytes()}};
  WriteOutput(path, pieces);
}

}  // namespace

void WriteNpy(const std::filesystem::path& path, std::span<const std::uint64_t> shape,
              std::span<const float> data) {
  WriteTyped(path, shape, data);
}
void WriteNpy(const std::filesystem::path& path, std::span<const std::uint64_t> shape,
              std::span<const double> data) {
  WriteTyped(path, shape, data);
}
void WriteNpy(const std::filesystem::path& path, const NpyArray& array) {
  if (array.type() == NpyType::kFloat32) {
    WriteTyped(path, array.shape(), array.data<float>());
  } else {
    WriteTyped(path, array.shape(), array.data<double>());
  }
}

}  // namespace actlab
