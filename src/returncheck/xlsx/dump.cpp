// `returncheck dump`: every non-empty cell as JSON Lines.
#include "returncheck/xlsx/dump.hpp"

#include <string>

#include "returncheck/util/json.hpp"

namespace returncheck::xlsx {
namespace {

using util::append_json_number;
using util::append_json_string;

void append_value(std::string& line, const workbook& wb, const cell& c) {
  switch (c.type) {
    case value_type::empty:
      line += "\"type\":null,\"value\":null";
      return;
    case value_type::number:
      line += "\"type\":\"n\",\"value\":";
      append_json_number(line, c.number);
      return;
    case value_type::string:
      line += "\"type\":\"s\",\"value\":";
      append_json_string(line, c.text);
      return;
    case value_type::boolean:
      line += c.number != 0 ? "\"type\":\"b\",\"value\":true" : "\"type\":\"b\",\"value\":false";
      return;
    case value_type::error:
      line += "\"type\":\"e\",\"value\":";
      append_json_string(line, c.text);
      return;
    case value_type::date:
      if (const auto text = wb.date_text(c)) {
        line += "\"type\":\"d\",\"value\":";
        append_json_string(line, *text);
      } else {
        // Outside the dates Excel can show (it displays ####): keep the number.
        line += "\"type\":\"n\",\"value\":";
        append_json_number(line, c.number);
      }
      return;
  }
}

}  // namespace

result<util::ok_t> dump(const workbook& wb, std::optional<std::size_t> only_sheet, std::ostream& out) {
  std::string buf;
  std::string sheet_json;
  for (std::size_t i = 0; i < wb.sheets().size(); ++i) {
    if (only_sheet && *only_sheet != i) continue;
    auto reader = wb.read_sheet(i);
    if (!reader) return util::unexpected<error>{reader.error()};
    sheet_json.clear();
    append_json_string(sheet_json, wb.sheets()[i].name);
    row r;
    for (;;) {
      auto more = reader->next_row(r);
      if (!more) {
        out.write(buf.data(), std::streamsize(buf.size()));
        return util::unexpected<error>{more.error()};
      }
      if (!*more) break;
      for (const cell& c : r.cells) {
        const bool has_formula = c.formula_type != formula_kind::none;
        const bool blank = c.type == value_type::empty || (c.type == value_type::string && c.text.empty());
        if (blank && !has_formula) continue;
        buf += "{\"sheet\":";
        buf += sheet_json;
        buf += ",\"cell\":\"";
        append_cell_ref(buf, c.pos);
        buf += "\",";
        // A formula whose result is empty text shows as a blank cell: no value.
        if (blank) buf += "\"type\":null,\"value\":null";
        else append_value(buf, wb, c);
        // Every formula cell carries its formula, even one stored without text (a data table).
        if (has_formula) {
          buf += ",\"formula\":";
          append_json_string(buf, c.formula);
        }
        buf += "}\n";
      }
      if (buf.size() >= (64u << 10)) {
        out.write(buf.data(), std::streamsize(buf.size()));
        buf.clear();
      }
    }
  }
  out.write(buf.data(), std::streamsize(buf.size()));
  out.flush();
  return util::ok;
}

}  // namespace returncheck::xlsx
