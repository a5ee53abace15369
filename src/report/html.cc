#include "report/html.h"

#include <algorithm>
#include <cstdint>

namespace actlab::report {

std::string Escape(std::string_view text) { return EscapeXml(text); }

std::string TableHtml(const Table& table, std::string_view css_class) {
  std::string html = "<table";
  if (!css_class.empty()) html += " class=\"" + Escape(css_class) + "\"";
  html += "><thead><tr>";
  for (const std::string& column : table.columns()) html += "<th>" + Escape(column) + "</th>";
  html += "</tr></thead><tbody>\n";
  for (const auto& row : table.rows()) {
    html += "<tr>";
    for (const auto& cell : row) {
      html += Table::IsNumber(cell) ? "<td class=\"num\">" : "<td>";
      html += Escape(Table::CellText(cell, 4)) + "</td>";
    }
    html += "</tr>\n";
  }
  return html + "</tbody></table>\n";
}

std::string Base64(std::string_view bytes) {
  static constexpr char kDigits[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    std::uint32_t group = 0;
    for (std::size_t k = 0; k < 3; ++k) {
      group = (group << 8) | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0u);
    }
    for (std::size_t k = 0; k < 4; ++k) {
      out += k <= n ? kDigits[(group >> (18 - 6 * k)) & 63] : '=';
    }
  }
  return out;
}

std::string Pre(std::string_view text) { return "<pre>" + Escape(text) + "</pre>\n"; }

std::string Command(std::string_view command_line) {
  return "<p class=\"cmd\"><code>$ " + Escape(command_line) + "</code></p>\n";
}

}  // namespace actlab::report
