#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>

#include "actlab/io.h"
#include "io/json.h"

namespace actlab {
namespace {

// One line of the text form: each cell padded to its column's width (on the left where `right`),
// two spaces apart, without trailing spaces.
std::string TextLine(const std::vector<std::string>& cells, const std::vector<std::size_t>& widths,
                     const std::vector<bool>& right) {
  std::string line;
  for (std::size_t c = 0; c < cells.size(); ++c) {
    const std::string pad(widths[c] > cells[c].size() ? widths[c] - cells[c].size() : 0, ' ');
    line += (c ? "  " : "") + (right[c] ? pad + cells[c] : cells[c] + pad);
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line + "\n";
}

std::vector<bool> Numeric(const std::vector<Table::Cell>& row) {
  std::vector<bool> numeric;
  numeric.reserve(row.size());
  for (const Table::Cell& cell : row) numeric.push_back(Table::IsNumber(cell));
  return numeric;
}

std::string CsvQuote(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string CsvLine(const std::vector<std::string>& cells) {
  std::string line;
  for (std::size_t c = 0; c < cells.size(); ++c) line += (c ? "," : "") + CsvQuote(cells[c]);
  return line + "\n";
}

}  // namespace

Table& Table::AddRow(std::vector<Cell> row) {
  if (row.size() != columns_.size()) {
    throw std::logic_error("Table::AddRow: " + std::to_string(row.size()) + " cells for " +
                           std::to_string(columns_.size()) + " columns");
  }
  rows_.push_back(std::move(row));
  return *this;
}

std::string Table::CellText(const Cell& cell, int digits) {
  if (const auto* number = std::get_if<double>(&cell)) return FormatDigits(*number, digits);
  if (const auto* integer = std::get_if<std::int64_t>(&cell)) return std::to_string(*integer);
  if (const auto* answer = std::get_if<bool>(&cell)) return *answer ? "yes" : "no";
  if (const auto* text = std::get_if<std::string>(&cell)) return *text;
  return "";
}

bool Table::IsNumber(const Cell& cell) {
  return std::holds_alternative<double>(cell) || std::holds_alternative<std::int64_t>(cell);
}

std::vector<std::string> Table::RowTexts(const std::vector<Cell>& row) const {
  std::vector<std::string> texts;
  texts.reserve(row.size());
  for (const Cell& cell : row) texts.push_back(CellText(cell, digits_));
  return texts;
}

void Table::WriteText(std::ostream& out) const {
  std::vector<std::size_t> widths(columns_.size());
  for (std::size_t c = 0; c < columns_.size(); ++c) widths[c] = columns_[c].size();
  std::vector<std::vector<std::string>> texts;
  for (const auto& row : rows_) {
    texts.push_back(RowTexts(row));
    for (std::size_t c = 0; c < row.size(); ++c) {
      widths[c] = std::max(widths[c], texts.back()[c].size());
    }
  }
  out << TextLine(columns_, widths, std::vector<bool>(columns_.size(), false));
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    out << TextLine(texts[r], widths, Numeric(rows_[r]));
  }
}

void Table::WriteCsv(std::ostream& out) const {
  out << CsvLine(columns_);
  for (const auto& row : rows_) out << CsvLine(RowTexts(row));
}

namespace {

nlohmann::ordered_json RowObject(const std::vector<std::string>& columns,
                                 const std::vector<Table::Cell>& row) {
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  for (std::size_t c = 0; c < row.size(); ++c) {
    const Table::Cell& cell = row[c];
    auto& slot = object[columns[c]];
    if (const auto* number = std::get_if<double>(&cell)) {
      slot = json::Number(*number);
    } else if (const auto* integer = std::get_if<std::int64_t>(&cell)) {
      slot = *integer;
    } else if (const auto* answer = std::get_if<bool>(&cell)) {
      slot = *answer;
    } else if (const auto* text = std::get_if<std::string>(&cell)) {
      slot = *text;
    }
  }
  return object;
}

}  // namespace

void Table::WriteJson(std::ostream& out) const {
  nlohmann::ordered_json array = nlohmann::ordered_json::array();
  for (const auto& row : rows_) array.push_back(RowObject(columns_, row));
  out << array.dump(2) << '\n';
}

TableStream::TableStream(std::vector<std::string> columns, Format format, Sink sink, int digits)
    : table_(std::move(columns), digits), format_(format), sink_(std::move(sink)) {
  for (const std::string& name : table_.columns()) {
    widths_.push_back(std::max(name.size(), kTextWidth));
  }
}

void TableStream::Header() {
  if (header_written_) return;
  header_written_ = true;
  const auto& names = table_.columns();
  // Text: the names right-aligned, over the numbers.
  if (format_ == Format::kText)
    sink_(TextLine(names, widths_, std::vector<bool>(names.size(), true)));
  if (format_ == Format::kCsv) sink_(CsvLine(names));
}

void TableStream::AddRow(const std::vector<Table::Cell>& row) {
  if (row.size() != table_.columns().size()) {
    throw std::logic_error("TableStream::AddRow: " + std::to_string(row.size()) + " cells for " +
                           std::to_string(table_.columns().size()) + " columns");
  }
  Header();
  if (format_ == Format::kJson) {
    // The same bytes as Table::WriteJson: objects indented by two, separated by ",\n".
    const std::string object = RowObject(table_.columns(), row).dump(2);
    std::string indented = rows_ ? ",\n  " : "[\n  ";
    for (char ch : object) {
      indented += ch;
      if (ch == '\n') indented += "  ";
    }
    sink_(indented);
  } else if (format_ == Format::kCsv) {
    sink_(CsvLine(table_.RowTexts(row)));
  } else {
    sink_(TextLine(table_.RowTexts(row), widths_, Numeric(row)));
  }
  ++rows_;
}

void TableStream::Finish() {
  Header();
  if (format_ == Format::kJson) sink_(rows_ ? "\n]\n" : "[]\n");
}

void Table::Write(std::ostream& out, Format format) const {
  switch (format) {
    case Format::kText:
      return WriteText(out);
    case Format::kCsv:
      return WriteCsv(out);
    case Format::kJson:
      return WriteJson(out);
  }
}

}  // namespace actlab
