// Escaping workbook text for HTML and XML.
#include "returncheck/report/detail/markup.hpp"

#include "returncheck/util/utf8.hpp"

namespace returncheck::report::detail {
namespace {

bool forbidden(char32_t c) {
  if (c < 0x20) return c != '\t' && c != '\n' && c != '\r';
  return (c >= 0x7F && c <= 0x9F) || c == 0xFFFE || c == 0xFFFF;
}

}  // namespace

void append_escaped(std::string& out, std::string_view s, bool attribute) {
  for (std::size_t i = 0; i < s.size();) {
    const util::utf8_char ch = util::decode_utf8(s, i);
    if (ch.length == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
      continue;
    }
    const char32_t c = ch.code_point;
    if (forbidden(c)) {
      // dropped
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '"') {
      out += "&quot;";
    } else if (c == '\'') {
      out += "&#39;";
    } else if (attribute && c == '\t') {
      out += "&#9;";
    } else if (attribute && c == '\n') {
      out += "&#10;";
    } else if (attribute && c == '\r') {
      out += "&#13;";
    } else {
      out.append(s.substr(i, ch.length));
    }
    i += ch.length;
  }
}

std::string escaped(std::string_view s, bool attribute) {
  std::string out;
  append_escaped(out, s, attribute);
  return out;
}

}  // namespace returncheck::report::detail
