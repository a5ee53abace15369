// Internal: small helpers to write the report's HTML.
#ifndef ACTLAB_SRC_REPORT_HTML_H_
#define ACTLAB_SRC_REPORT_HTML_H_

#include <string>
#include <string_view>

#include "actlab/io.h"

namespace actlab::report {

// Escapes &, <, >, " for text and attribute values.
std::string Escape(std::string_view text);
// A <table> with a header row; numbers with `digits` significant digits.
std::string TableHtml(const Table& table, std::string_view css_class = "");
// <pre> block with escaped text.
std::string Pre(std::string_view text);
// RFC 4648 base64 of `bytes`, with padding: the payload of a data: URI.
std::string Base64(std::string_view bytes);
// The command that produced a number or figure, shown under it.
std::string Command(std::string_view command_line);

}  // namespace actlab::report

#endif  // ACTLAB_SRC_REPORT_HTML_H_
