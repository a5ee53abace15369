#include "report/html.h"

#include <variant>

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
      std::string text;
      if (const auto* number = std::get_if<double>(&cell)) {
        text = FormatDigits(*number, 4);
      } else if (const auto* integer = std::get_if<std::int64_t>(&cell)) {
        text = std::to_string(*integer);
      } else if (const auto* word = std::get_if<std::string>(&cell)) {
        text = *word;
      }
      const bool numeric = !std::holds_alternative<std::string>(cell);
      html += numeric ? "<td class=\"num\">" : "<td>";
      html += Escape(text) + "</td>";
    }
    html += "</tr>\n";
  }
  return html + "</tbody></table>\n";
}

std::string Pre(std::string_view text) { return "<pre>" + Escape(text) + "</pre>\n"; }

std::string Command(std::string_view command_line) {
  return "<p class=\"cmd\"><code>$ " + Escape(command_line) + "</code></p>\n";
}

}  // namespace actlab::report
