#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include "actlab/io.h"
#include "io/json.h"

namespace actlab {
namespace {

std::string CsvQuote(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
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

std::string Table::CellText(const Cell& cell) const {
  if (const auto* number = std::get_if<double>(&cell)) return FormatDigits(*number, digits_);
  if (const auto* integer = std::get_if<std::int64_t>(&cell)) return std::to_string(*integer);
  if (const auto* text = std::get_if<std::string>(&cell)) return *text;
  return "";
}

void Table::WriteText(std::ostream& out) const {
  std::vector<std::size_t> widths(columns_.size());
  for (std::size_t c = 0; c < columns_.size(); ++c) widths[c] = columns_[c].size();
  std::vector<std::vector<std::string>> texts;
  for (const auto& row : rows_) {
    auto& line = texts.emplace_back();
    for (std::size_t c = 0; c < row.size(); ++c) {
      line.push_back(CellText(row[c]));
      widths[c] = std::max(widths[c], line.back().size());
    }
  }
  auto write_line = [&](const std::vector<std::string>& cells, const std::vector<Cell>* row) {
    std::string line;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const bool numeric = row && !std::holds_alternative<std::string>((*row)[c]);
      const std::string pad(widths[c] - cells[c].size(), ' ');
      line += (c ? "  " : "") + (numeric ? pad + cells[c] : cells[c] + pad);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << '\n';
  };
  write_line(columns_, nullptr);
  for (std::size_t r = 0; r < rows_.size(); ++r) write_line(texts[r], &rows_[r]);
}

void Table::WriteCsv(std::ostream& out) const {
  for (std::size_t c = 0; c < columns_.size(); ++c) out << (c ? "," : "") << CsvQuote(columns_[c]);
  out << '\n';
  for (const auto& row : rows_) {
    for (std::size_t c = 0; c < row.size(); ++c)
      out << (c ? "," : "") << CsvQuote(CellText(row[c]));
    out << '\n';
  }
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
    : table_(std::move(columns), digits), format_(format), sink_(std::move(sink)) {}

void TableStream::Header() {
  if (header_written_) return;
  header_written_ = true;
  const auto& names = table_.columns();
  if (format_ == Format::kText) {
    std::string line;
    for (std::size_t c = 0; c < names.size(); ++c) {
      const std::size_t width = std::max<std::size_t>(names[c].size(), kTextWidth);
      // Numbers are right-aligned: the name sits at the right of its column.
      line += (c ? "  " : "") + std::string(width - names[c].size(), ' ') + names[c];
    }
    sink_(line + "\n");
  } else if (format_ == Format::kCsv) {
    std::ostringstream header;
    Table(names).WriteCsv(header);
    sink_(header.str());
  }
}

void TableStream::AddRow(std::vector<Table::Cell> row) {
  Header();
  Table one(table_.columns(), table_.digits());
  one.AddRow(std::move(row));
  const auto& cells = one.rows().front();
  if (format_ == Format::kJson) {
    // The same bytes as Table::WriteJson: objects indented by two, separated by ",\n".
    const std::string object = RowObject(one.columns(), cells).dump(2);
    std::string indented = rows_ ? ",\n  " : "[\n  ";
    for (char ch : object) {
      indented += ch;
      if (ch == '\n') indented += "  ";
    }
    sink_(indented);
  } else if (format_ == Format::kCsv) {
    std::ostringstream text;
    one.WriteCsv(text);
    const std::string all = text.str();
    sink_(all.substr(all.find('\n') + 1));
  } else {
    std::string line;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const std::string text = one.CellText(cells[c]);
      const std::size_t width = std::max<std::size_t>(one.columns()[c].size(), kTextWidth);
      const std::string pad(width > text.size() ? width - text.size() : 0, ' ');
      const bool numeric = !std::holds_alternative<std::string>(cells[c]);
      line += (c ? "  " : "") + (numeric ? pad + text : text + pad);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    sink_(line + "\n");
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
