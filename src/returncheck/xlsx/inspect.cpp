// `returncheck inspect`: a workbook's sheets, extents, cell types, formulas, merges, layout and features.
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

std::string_view pane_name(pane_state p) {
  switch (p) {
    case pane_state::split: return "split";
    case pane_state::frozen: return "frozen";
    case pane_state::frozen_split: return "frozen_split";
  }
  return "split";
}

// "00B050", as Excel's colour dialogs show an RGB value.
std::string hex_rgb(std::uint32_t rgb) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out(6, '0');
  for (int i = 5; i >= 0; --i, rgb >>= 4) out[std::size_t(i)] = digits[rgb & 0xF];
  return out;
}

// The sheet features by their JSON names and their words, in one list for both outputs.
struct sheet_feature_field {
  std::string_view name;
  std::string_view label;
  std::uint32_t sheet_features::*count;
};

constexpr sheet_feature_field sheet_feature_fields[] = {
    {"conditional_formats", "conditional formats", &sheet_features::conditional_formats},
    {"data_validations", "data validations", &sheet_features::data_validations},
    {"hyperlinks", "hyperlinks", &sheet_features::hyperlinks},
    {"drawings", "drawings", &sheet_features::drawings},
    {"legacy_drawings", "legacy drawings (notes, controls)", &sheet_features::legacy_drawings},
    {"table_parts", "tables", &sheet_features::table_parts},
    {"auto_filters", "autofilters", &sheet_features::auto_filters},
    {"sheet_protection", "sheet protection", &sheet_features::sheet_protection},
    {"extensions", "extensions", &sheet_features::extensions},
};

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

// "1 row", "2 rows"
std::string counted(std::uint64_t n, std::string_view thing) {
  return std::to_string(n) + " " + std::string(thing) + (n == 1 ? "" : "s");
}

// "    heading: a, b, c\n" from the items, each after ", "; nothing when there are none.
std::string listed(std::string_view heading, const std::string& items) {
  return items.empty() ? "" : "    " + std::string(heading) + ": " + items.substr(2) + "\n";
}

// The layout and feature lines of a sheet: only what differs from a plain sheet.
std::string layout_lines(const sheet_summary& sh) {
  std::string o;
  const sheet_layout& l = sh.layout;
  if (const auto& pane = l.view.pane) {
    const std::string top_left = pane->top_left ? " (top-left cell " + format_cell_ref(*pane->top_left) + ")" : "";
    if (pane->state == pane_state::split) {
      o += "    split into panes" + top_left + "\n";
    } else {
      std::string frozen;
      if (pane->frozen_rows) frozen += ", " + counted(pane->frozen_rows, "row");
      if (pane->frozen_cols) frozen += ", " + counted(pane->frozen_cols, "column");
      o += "    frozen: " + (frozen.empty() ? std::string("nothing") : frozen.substr(2)) + top_left + "\n";
    }
  }
  std::string sizes;
  if (!l.cols.empty()) sizes += ", " + counted(l.cols.size(), "column width");
  if (sh.hidden_cols) sizes += ", " + counted(sh.hidden_cols, "column") + " hidden";
  if (sh.custom_height_rows) sizes += ", " + counted(sh.custom_height_rows, "row height") + " set";
  if (sh.hidden_rows) sizes += ", " + counted(sh.hidden_rows, "row") + " hidden";
  o += listed("sizes", sizes);
  std::string view;
  if (l.tab_color && l.tab_color->rgb) view += ", tab colour " + hex_rgb(*l.tab_color->rgb);
  if (l.view.zoom_scale != 100) view += ", zoom " + std::to_string(l.view.zoom_scale) + "%";
  if (!l.view.show_grid_lines) view += ", grid lines off";
  o += listed("view", view);
  std::string features;
  for (const auto& f : sheet_feature_fields)
    if (const std::uint32_t n = sh.features.*f.count) features += ", " + std::string(f.label) + " " + std::to_string(n);
  o += listed("features", features);
  return o;
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
  s.active_sheet = wb.active_sheet();
  s.package_features = wb.package_features();
  for (std::size_t i = 0; i < wb.sheets().size(); ++i) {
    sheet_summary sh;
    sh.info = wb.sheets()[i];
    auto reader = wb.read_sheet(i);
    if (!reader) return util::unexpected<error>{reader.error()};
    // Empty rows too, for their heights and visibility; they are not counted as rows.
    reader->keep_formatted_empty_rows();
    row r;
    for (;;) {
      auto more = reader->next_row(r);
      if (!more) return util::unexpected<error>{more.error()};
      if (!*more) break;
      sh.custom_height_rows += r.custom_height;
      sh.hidden_rows += r.hidden;
      if (r.cells.empty()) continue;
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
    sh.layout = reader->layout();
    for (const col_info& c : sh.layout.cols)
      if (c.hidden) sh.hidden_cols += c.last_col - c.first_col + 1;
    sh.features = reader->features();
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
  w.field("active_sheet", double(s.active_sheet));
  w.key("package_features").begin_object();
  for (const auto& f : s.package_features) w.field(feature_name(f.feature), double(f.count));
  w.end_object();
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
    w.field("ignored_error_ranges", double(sh.ignored_error_marks));
    const sheet_layout& l = sh.layout;
    const std::optional<sheet_pane>& pane = l.view.pane;
    w.key("layout").begin_object();
    w.key("pane");
    if (pane) w.value(pane_name(pane->state));
    else w.null();
    w.field("frozen_rows", double(pane ? pane->frozen_rows : 0))
        .field("frozen_cols", double(pane ? pane->frozen_cols : 0));
    w.key("top_left_cell");
    if (pane && pane->top_left) w.value(format_cell_ref(*pane->top_left));
    else w.null();
    w.field("column_widths", double(l.cols.size())).field("hidden_columns", double(sh.hidden_cols));
    w.field("custom_height_rows", double(sh.custom_height_rows)).field("hidden_rows", double(sh.hidden_rows));
    w.key("default_col_width");
    if (l.default_col_width) w.value(*l.default_col_width);
    else w.null();
    w.key("default_row_height");
    if (l.default_row_height) w.value(*l.default_row_height);
    else w.null();
    w.field("zoom", double(l.view.zoom_scale)).field("show_grid_lines", l.view.show_grid_lines);
    w.field("tab_selected", l.view.tab_selected);
    w.key("tab_color");
    if (l.tab_color && l.tab_color->rgb) w.value(hex_rgb(*l.tab_color->rgb));
    else w.null();
    w.end_object();
    w.key("features").begin_object();
    for (const auto& f : sheet_feature_fields) w.field(f.name, double(sh.features.*f.count));
    w.end_object().end_object();
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
  o += "  sheets:       " + std::to_string(s.sheets.size());
  if (s.active_sheet != 0 && s.active_sheet < s.sheets.size())
    o += " ('" + s.sheets[s.active_sheet].info.name + "' shown first)";
  o += "\n";
  o += "  shared strings: " + std::to_string(s.shared_strings) + ", defined names: " + std::to_string(s.names.size()) + "\n";
  if (!s.package_features.empty()) {
    o += "  package:      ";
    for (std::size_t i = 0; i < s.package_features.size(); ++i)
      o += (i ? ", " : "") + std::string(feature_label(s.package_features[i].feature)) + " " +
           std::to_string(s.package_features[i].count);
    o += "\n";
  }
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
    o += layout_lines(sh);
  }
  return o;
}

}  // namespace returncheck::xlsx
