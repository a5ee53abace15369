// Input and output helpers shared by the program and the library: numbers as text, tables written
// as text, CSV or JSON, and files written atomically.
#ifndef ACTLAB_IO_H_
#define ACTLAB_IO_H_

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace actlab {

// A runtime failure (a file that cannot be read or written); the program exits 1 on it.
class IoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses a whole string as a double: decimal or exponent form, or "nan", "inf", "-inf" (any case)
// when allow_nonfinite. Returns nullopt for anything else, including overflow ("1e999") and
// underflow to zero of a non-zero number ("1e-400"). Subnormal results are accepted.
std::optional<double> ParseNumber(std::string_view text, bool allow_nonfinite = false);

// Shortest text that reads back as the same double ("0.1", "1e-05"), "nan", "inf", "-inf".
std::string FormatShortest(double value);
// %.17g-style text with `digits` significant digits, "nan", "inf", "-inf".
std::string FormatDigits(double value, int digits = 17);

// Escapes &, <, > and " for XML and HTML text and attribute values.
std::string EscapeXml(std::string_view text);

// Output formats shared by every command.
enum class Format { kText, kCsv, kJson };
Format ParseFormat(std::string_view name);  // throws std::invalid_argument naming the choices

// A table of results: named columns, rows of numbers, text or empty cells. Every command that
// prints records builds one and writes it in the format the user asked for.
class Table {
 public:
  using Cell = std::variant<std::monostate, double, std::int64_t, std::string>;

  explicit Table(std::vector<std::string> columns, int digits = 17)
      : columns_(std::move(columns)), digits_(digits) {}

  Table& AddRow(std::vector<Cell> row);  // throws std::logic_error when the width is wrong

  const std::vector<std::string>& columns() const { return columns_; }
  const std::vector<std::vector<Cell>>& rows() const { return rows_; }

  // Aligned columns with a header line.
  void WriteText(std::ostream& out) const;
  // RFC 4180: a header line, then one line per row; non-finite numbers as nan, inf, -inf.
  void WriteCsv(std::ostream& out) const;
  // An array of objects, one per row; non-finite numbers as the strings "nan", "inf", "-inf"; empty
  // cells as null.
  void WriteJson(std::ostream& out) const;
  void Write(std::ostream& out, Format format) const;

 private:
  std::string CellText(const Cell& cell) const;
  std::vector<std::string> columns_;
  std::vector<std::vector<Cell>> rows_;
  int digits_;
};

// Writes `content` to `path` through a temporary file in the same folder and a rename, so that a
// reader never sees half a file. Throws IoError naming the path.
void WriteFileAtomically(const std::filesystem::path& path, std::string_view content);
// The same for content in pieces written one after the other (a header, then a large array), so
// that large data need not be copied into one string first.
void WriteFileAtomically(const std::filesystem::path& path,
                         std::span<const std::string_view> pieces);

}  // namespace actlab

#endif  // ACTLAB_IO_H_
