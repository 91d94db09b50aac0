// `returncheck inspect`: a workbook's sheets, extents, cell types, formulas and merges.
#include "returncheck/xlsx/inspect.hpp"

#include <algorithm>

#include "returncheck/util/json.hpp"

namespace returncheck::xlsx {
namespace {

constexpr const char* type_names[] = {"no_cached_value", "number", "string", "boolean", "error", "date"};

std::string_view kind_name(sheet_kind k) {
  switch (k) {
    case sheet_kind::worksheet: return "worksheet";
    case sheet_kind::chartsheet: return "chartsheet";
    case sheet_kind::dialogsheet: return "dialogsheet";
    case sheet_kind::macrosheet: return "macrosheet";
  }
  return "worksheet";
}

std::string_view state_name(sheet_state s) {
  switch (s) {
    case sheet_state::visible: return "visible";
    case sheet_state::hidden: return "hidden";
    case sheet_state::very_hidden: return "very hidden";
  }
  return "visible";
}

void extend(std::optional<cell_range>& r, cell_pos p) {
  if (!r) {
    r = cell_range{p, p};
    return;
  }
  r->first.row_idx = std::min(r->first.row_idx, p.row_idx);
  r->first.col_idx = std::min(r->first.col_idx, p.col_idx);
  r->last.row_idx = std::max(r->last.row_idx, p.row_idx);
  r->last.col_idx = std::max(r->last.col_idx, p.col_idx);
}

}  // namespace

result<workbook_summary> inspect(const workbook& wb) {
  workbook_summary s;
  s.path = wb.path();
  s.application = wb.application();
  s.app_version = wb.app_version();
  s.date1904 = wb.date1904();
  s.strict = wb.strict_ooxml();
  s.shared_strings = wb.shared_string_count();
  s.names = wb.defined_names();
  for (std::size_t i = 0; i < wb.sheets().size(); ++i) {
    sheet_summary sh;
    sh.info = wb.sheets()[i];
    auto reader = wb.read_sheet(i);
    if (!reader) return util::unexpected<error>{reader.error()};
    row r;
    for (;;) {
      auto more = reader->next_row(r);
      if (!more) return util::unexpected<error>{more.error()};
      if (!*more) break;
      ++sh.rows;
      for (const cell& c : r.cells) {
        const bool has_formula = c.formula_type != formula_kind::none;
        if (c.type == value_type::empty && !has_formula) {
          ++sh.blank_styled;
          continue;
        }
        extend(sh.used_range, c.pos);
        ++sh.by_type[static_cast<std::size_t>(c.type)];
        if (!has_formula) continue;
        ++sh.formulas;
        if (c.formula_type == formula_kind::shared) ++sh.shared_formulas;
        if (c.formula_type == formula_kind::array) ++sh.array_formulas;
        if (c.formula_type == formula_kind::data_table) ++sh.data_tables;
      }
    }
    sh.merged = reader->merged_ranges();
    sh.declared_dimension = reader->declared_dimension();
    for (const auto& ie : reader->ignored_errors()) sh.ignored_error_marks += ie.ranges.size();
    s.sheets.push_back(std::move(sh));
  }
  return s;
}

std::string to_json(const workbook_summary& s) {
  util::json_writer w;
  w.begin_object()
      .field("file", s.path)
      .field("application", s.application)
      .field("app_version", s.app_version)
      .field("date_system", s.date1904 ? 1904.0 : 1900.0)
      .field("strict_ooxml", s.strict)
      .field("shared_strings", double(s.shared_strings));
  w.key("defined_names").begin_array();
  for (const auto& n : s.names) {
    w.begin_object().field("name", n.name).field("formula", n.formula);
    if (n.local_sheet) w.field("sheet", double(*n.local_sheet));
    if (n.hidden) w.field("hidden", true);
    w.end_object();
  }
  w.end_array();
  w.key("sheets").begin_array();
  for (const auto& sh : s.sheets) {
    w.begin_object().field("name", sh.info.name).field("kind", kind_name(sh.info.kind)).field("state", state_name(sh.info.state));
    w.key("used_range");
    if (sh.used_range) w.value(format_range(*sh.used_range));
    else w.null();
    w.key("declared_dimension");
    if (sh.declared_dimension) w.value(format_range(*sh.declared_dimension));
    else w.null();
    w.field("rows", double(sh.rows));
    w.key("cells").begin_object();
    for (std::size_t t = 1; t < sh.by_type.size(); ++t) w.field(type_names[t], double(sh.by_type[t]));
    w.field("formula_without_cached_value", double(sh.by_type[0])).field("blank_styled", double(sh.blank_styled));
    w.end_object();
    w.key("formulas")
        .begin_object()
        .field("total", double(sh.formulas))
        .field("shared", double(sh.shared_formulas))
        .field("array", double(sh.array_formulas))
        .field("data_table", double(sh.data_tables))
        .end_object();
    w.key("merged_ranges").begin_array();
    for (const auto& m : sh.merged) w.value(format_range(m));
    w.end_array();
    w.field("ignored_error_ranges", double(sh.ignored_error_marks)).end_object();
  }
  w.end_array().end_object();
  return w.str() + "\n";
}

std::string to_text(const workbook_summary& s) {
  std::string o;
  o += s.path + "\n";
  o += "  saved by:     " + (s.application.empty() ? std::string("(not recorded)") : s.application) +
       (s.app_version.empty() ? "" : " " + s.app_version) + "\n";
  o += std::string("  date system:  ") + (s.date1904 ? "1904 (Mac)" : "1900") + "\n";
  if (s.strict) o += "  format:       ISO/IEC 29500 Strict OOXML\n";
  o += "  sheets:       " + std::to_string(s.sheets.size()) + "\n";
  o += "  shared strings: " + std::to_string(s.shared_strings) + ", defined names: " + std::to_string(s.names.size()) + "\n";
  for (const auto& sh : s.sheets) {
    o += "\n  '" + sh.info.name + "' (" + std::string(kind_name(sh.info.kind));
    if (sh.info.state != sheet_state::visible) o += ", " + std::string(state_name(sh.info.state));
    o += ")\n";
    if (sh.info.kind == sheet_kind::chartsheet) continue;
    o += "    used range: " + (sh.used_range ? format_range(*sh.used_range) : std::string("(empty)"));
    if (sh.declared_dimension && sh.used_range && *sh.declared_dimension != *sh.used_range)
      o += " (declared " + format_range(*sh.declared_dimension) + ")";
    o += ", " + std::to_string(sh.rows) + " rows\n";
    o += "    cells:";
    bool any = false;
    for (std::size_t t = 1; t < sh.by_type.size(); ++t) {
      if (sh.by_type[t] == 0) continue;
      o += std::string(any ? ", " : " ") + std::to_string(sh.by_type[t]) + " " + type_names[t];
      any = true;
    }
    if (!any) o += " none";
    if (sh.blank_styled) o += ", " + std::to_string(sh.blank_styled) + " blank with a format";
    o += "\n";
    if (sh.formulas) {
      o += "    formulas: " + std::to_string(sh.formulas) + " (" + std::to_string(sh.shared_formulas) + " shared, " +
           std::to_string(sh.array_formulas) + " array";
      if (sh.data_tables) o += ", " + std::to_string(sh.data_tables) + " data table";
      if (sh.by_type[0]) o += "; " + std::to_string(sh.by_type[0]) + " without a cached value";
      o += ")\n";
    }
    if (!sh.merged.empty()) {
      o += "    merged: " + std::to_string(sh.merged.size()) + " (";
      for (std::size_t m = 0; m < sh.merged.size() && m < 5; ++m) o += (m ? " " : "") + format_range(sh.merged[m]);
      o += sh.merged.size() > 5 ? " ...)\n" : ")\n";
    }
    if (sh.ignored_error_marks) o += "    Excel error checks switched off on " + std::to_string(sh.ignored_error_marks) + " ranges\n";
  }
  return o;
}

}  // namespace returncheck::xlsx
