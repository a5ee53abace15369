// Input and output helpers shared by the program and the library: numbers as text, tables written
// as text, CSV or JSON, and files written atomically.
#ifndef ACTLAB_IO_H_
#define ACTLAB_IO_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <limits>
#include <optional>
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

// Parses a whole string as a double: decimal or exponent form with at most one sign, or "nan",
// "inf", "infinity" with an optional sign (any case) when allow_nonfinite. Returns nullopt for
// anything else ("+-1", "nan(1)"), including overflow ("1e999") and
// underflow to zero of a non-zero number ("1e-400"). Subnormal results are accepted.
std::optional<double> ParseNumber(std::string_view text, bool allow_nonfinite = false);

// ParseNumber with the reason of a failure.
struct NumberParse {
  enum class Problem { kNone, kNotANumber, kOverflow, kUnderflow, kNonFinite };
  std::optional<double> value;
  Problem problem = Problem::kNone;
};
NumberParse ParseNumberDetailed(std::string_view text, bool allow_nonfinite = false);
// "overflows a double", "underflows to zero in a double", "is not finite", "is not a number".
std::string ProblemText(NumberParse::Problem problem);

// The values a numeric option or parameter allows: finite, within [min, max] (either end open),
// whole numbers only when `integer`.
struct NumberRange {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false;
  bool max_open = false;
  bool integer = false;
  bool Contains(double value) const;
  std::string Text() const;  // "a number in (0, 1]", "an integer from 1 to 8"
};
// Parses `text` as a number inside `range`; otherwise throws std::invalid_argument saying what is
// wrong (not a number, overflow, underflow, not finite, out of range) and what is allowed.
double ParseInRange(std::string_view text, const NumberRange& range);

// `text` as an error message quotes it: in single quotes, control bytes, quotes and backslashes as
// \xNN, cut after `limit` characters with the full length named.
std::string QuoteInput(std::string_view text, std::size_t limit = 64);

// The whole content of a file, or nullopt when it cannot be opened or read (errno says why).
std::optional<std::string> ReadFile(const std::filesystem::path& path);

// The memory a process can allocate here now: MemAvailable, lowered by RLIMIT_AS and a cgroup
// limit.
std::uint64_t AvailableMemory();
// "1.5 GiB", "512 bytes".
std::string FormatBytes(std::uint64_t bytes);
// Checks, before allocating, that `bytes` fit in AvailableMemory(); otherwise throws IoError naming
// `what`, the size asked for and the memory there is.
void RequireMemory(std::uint64_t bytes, std::string_view what);

// Shortest text that reads back as the same double ("0.1", "1e-05"), "nan", "inf", "-inf".
std::string FormatShortest(double value);
// %.17g-style text with `digits` significant digits, "nan", "inf", "-inf".
std::string FormatDigits(double value, int digits = 17);

// Escapes &, <, > and " for XML and HTML text and attribute values.
std::string EscapeXml(std::string_view text);

// Output formats shared by every command.
enum class Format { kText, kCsv, kJson };
Format ParseFormat(std::string_view name);  // throws std::invalid_argument naming the choices

// A table of results: named columns, rows of numbers, yes/no answers, text or empty cells. Every
// command that prints records builds one and writes it in the format the user asked for: JSON
// gets numbers, booleans, strings and null; text and CSV write a boolean as "yes" or "no".
class Table {
 public:
  using Cell = std::variant<std::monostate, double, std::int64_t, bool, std::string>;

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

  // A row's cells as text and CSV write them: numbers with the table's digits.
  std::vector<std::string> RowTexts(const std::vector<Cell>& row) const;
  // One cell as text and CSV write it, numbers with `digits` significant digits; empty: "".
  static std::string CellText(const Cell& cell, int digits);
  // Whether the cell is a number (right-aligned in the text form and the report's tables).
  static bool IsNumber(const Cell& cell);

 private:
  std::vector<std::string> columns_;
  std::vector<std::vector<Cell>> rows_;
  int digits_;
};

// A table written row by row as its rows come (eval reading a pipe): CSV and JSON are the bytes
// Table writes; text has each column as wide as its name or kTextWidth (a 17-digit number), since
// later rows cannot widen it.
class TableStream {
 public:
  using Sink = std::function<void(std::string_view)>;
  static constexpr std::size_t kTextWidth = 24;
  TableStream(std::vector<std::string> columns, Format format, Sink sink, int digits = 17);
  void AddRow(const std::vector<Table::Cell>& row);
  void Finish();  // JSON's closing bracket

 private:
  void Header();  // written with the first row or at Finish(), not before any input arrived
  Table table_;   // the columns and digits
  std::vector<std::size_t> widths_;  // of the text form's columns
  bool header_written_ = false;
  Format format_;
  Sink sink_;
  std::size_t rows_ = 0;
};

}  // namespace actlab

#endif  // ACTLAB_IO_H_
