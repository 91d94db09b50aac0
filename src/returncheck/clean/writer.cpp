// Writing the cleaned and annotated workbooks with libxlsxwriter: the input's sheets copied cell by
// cell as they stream from the reader, the planned changes applied, findings marked.
#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "returncheck/clean/clean.hpp"
#include "returncheck/clean/detail/cell_patch.hpp"
#include "returncheck/clean/detail/extra_sheets.hpp"
#include "returncheck/validate/validate.hpp"
#include "returncheck/xlsx/num_fmt.hpp"
#include "returncheck/xlsx/style.hpp"

namespace returncheck::clean {
namespace {

namespace fs = std::filesystem;
using detail::cell_patch;
using schema::severity;

std::uint64_t key_of(xlsx::cell_pos p) { return (std::uint64_t(p.row_idx) << 14) | p.col_idx; }

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'); }

// Text as a cell's string must be stored so that it reads back the same: the reader decodes
// _xHHHH_, so a literal "_x000D_" is written "_x005F_x000D_" (the escaped underscore), and a NUL,
// which a C string cannot carry, as _x0000_. libxlsxwriter escapes the other control characters.
std::string stored_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\0') {
      out += "_x0000_";
    } else if (text[i] == '_' && i + 6 < text.size() && text[i + 1] == 'x' && is_hex(text[i + 2]) &&
               is_hex(text[i + 3]) && is_hex(text[i + 4]) && is_hex(text[i + 5]) && text[i + 6] == '_') {
      out += "_x005F_";
    } else {
      out += text[i];
    }
  }
  return out;
}

// The findings of one cell, as the annotated copy shows them.
struct cell_note {
  severity level = severity::info;
  std::string text;
};

// Collects what the copy could not carry, one entry per kind and sheet.
class drop_list {
 public:
  explicit drop_list(std::vector<not_carried>& out) : out_(out) {}
  void add(std::string_view what, std::string_view sheet, std::string_view detail, std::uint64_t count = 1) {
    for (auto& d : out_)
      if (d.what == what && d.sheet == sheet) {
        d.count += count;
        return;
      }
    out_.push_back({std::string(what), std::string(sheet), count, std::string(detail)});
  }

 private:
  std::vector<not_carried>& out_;
};

class book_writer {
 public:
  book_writer(lxw_workbook* book, const validate::outcome& run, std::span<const change> changes,
              std::span<const rules::finding> findings, const write_options& opts, drop_list& dropped,
              bool constant_memory, std::vector<change>* streamed_changes)
      : book_(book),
        run_(run),
        wb_(run.book->wb),
        opts_(opts),
        dropped_(dropped),
        constant_memory_(constant_memory),
        streamed_changes_(streamed_changes) {
    patches_.date1904 = wb_.date1904();
    for (const auto& c : changes)
      if (const auto s = wb_.find_sheet(c.sheet)) changes_[std::uint32_t(*s)].emplace(key_of(c.cell), &c);
    if (opts.annotate)
      for (const auto& f : findings) {
        if (!f.cell) continue;
        const auto s = wb_.find_sheet(f.sheet);
        if (!s) continue;
        cell_note& n = notes_[std::uint32_t(*s)][key_of(*f.cell)];
        if (n.text.empty() || f.level > n.level) n.level = f.level;  // the most severe shows
        if (!n.text.empty()) n.text += "\n\n";
        n.text += "[" + std::string(schema::to_string(f.level)) + "] " + f.rule + " " + f.name + "\n" + f.message;
        if (!f.cause.empty()) n.text += "\nCause: " + f.cause;
        if (!f.fix_after.empty()) n.text += "\nFixed: " + f.fix_before + " → " + f.fix_after;
      }
  }

  util::write_result write_sheets() {
    const auto& sheets = wb_.sheets();
    std::set<std::string> used;  // sheet names as Excel compares them, without case
    for (std::uint32_t i = 0; i < sheets.size(); ++i) {
      const auto& info = sheets[i];
      if (info.kind == xlsx::sheet_kind::chartsheet) {
        dropped_.add("chartsheet", info.name, "a sheet holding only a chart; charts are not copied");
        continue;
      }
      if (info.kind == xlsx::sheet_kind::macrosheet || info.kind == xlsx::sheet_kind::dialogsheet)
        dropped_.add(info.kind == xlsx::sheet_kind::macrosheet ? "macro sheet" : "dialog sheet", info.name,
                     "its cells are written on a worksheet; the macros do not run there");
      const std::string name = sheet_name(info.name, used);
      lxw_worksheet* ws = workbook_add_worksheet(book_, name.c_str());
      if (!ws) return util::unexpected{std::string("cannot add the sheet '") + info.name + "'"};
      written_.push_back({i, ws});
      if (info.state != xlsx::sheet_state::visible) {
        worksheet_hide(ws);
        if (info.state == xlsx::sheet_state::very_hidden)
          dropped_.add("very hidden state", info.name, "the sheet is written hidden, so Excel's Unhide lists it");
      }
      if (auto copied = copy_sheet(i, ws); !copied) return copied;
    }
    if (written_.empty()) {
      // Excel needs a sheet: the copy of a workbook of chartsheets alone holds one empty sheet.
      workbook_add_worksheet(book_, nullptr);
      dropped_.add("worksheet", "", "the input has no worksheet; the copy holds one empty sheet");
      copy_defined_names();
      return util::ok;
    }
    // Excel opens on the first visible sheet; a workbook must have one.
    const auto visible = std::find_if(written_.begin(), written_.end(), [&](const auto& w) {
      return sheets[w.first].state == xlsx::sheet_state::visible;
    });
    lxw_worksheet* first = visible == written_.end() ? written_.front().second : visible->second;
    if (visible == written_.end()) first->hidden = 0;
    // The sheet the input opened on, when it is a visible worksheet the copy has.
    lxw_worksheet* active = first;
    for (const auto& [index, ws] : written_)
      if (index == wb_.active_sheet() && sheets[index].state == xlsx::sheet_state::visible) active = ws;
    worksheet_activate(active);
    worksheet_set_first_sheet(first);
    copy_defined_names();
    for (const auto& f : wb_.package_features())
      dropped_.add(xlsx::feature_label(f.feature), "", "not copied: the copy holds the sheets' cells, formats and layout",
                   f.count);
    return util::ok;
  }

  detail::patch_set take_patches() { return std::move(patches_); }
  const std::map<std::string, std::string>& renamed() const { return renamed_; }
  lxw_workbook* book() { return book_; }
  std::uint32_t sheets_written() const { return std::uint32_t(written_.size()); }

 private:
  // A sheet name libxlsxwriter (and Excel) accepts, unique in the workbook: the input's own
  // where it can be.
  std::string sheet_name(const std::string& wanted, std::set<std::string>& used) {
    auto folded = [](std::string s) {
      std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
      return s;
    };
    std::string name = wanted;
    if (workbook_validate_sheet_name(book_, name.c_str()) != LXW_NO_ERROR || used.contains(folded(name))) {
      std::string base;
      for (const char ch : wanted)
        if (std::string_view("[]:*?/\\").find(ch) == std::string_view::npos) base += ch;
      while (!base.empty() && base.front() == '\'') base.erase(base.begin());
      while (!base.empty() && base.back() == '\'') base.pop_back();
      if (base.size() > 25) base.resize(25);
      // Never cut a UTF-8 character in two.
      while (!base.empty() && (static_cast<unsigned char>(base.back()) & 0xC0) == 0x80) base.pop_back();
      if (!base.empty() && static_cast<unsigned char>(base.back()) >= 0xC0) base.pop_back();
      while (!base.empty() && base.back() == ' ') base.pop_back();
      if (base.empty()) base = "Sheet";
      name = base;
      for (int n = 2; workbook_validate_sheet_name(book_, name.c_str()) != LXW_NO_ERROR || used.contains(folded(name)); ++n)
        name = base + " (" + std::to_string(n) + ")";
      dropped_.add("sheet name", wanted, "Excel does not accept the name; the sheet is written as '" + name + "'");
      renamed_[wanted] = name;
    }
    used.insert(folded(name));
    return name;
  }

  // The format of a cell: its style (font, fill, borders, alignment, number format, or the
  // number format a change gives it), and in the annotated copy a fill by severity over its own.
  // Formats are shared between cells of one style.
  lxw_format* format_for(std::uint32_t style_idx, std::string_view num_fmt, std::optional<severity> fill) {
    std::string code = num_fmt.empty() ? std::string(wb_.num_fmt_code(style_idx)) : std::string(num_fmt);
    if (code == "General") code.clear();
    const std::string key = std::to_string(style_idx) + '\x1f' + code + '\x1f' +
                            (fill ? std::to_string(int(*fill)) : std::string("-"));
    if (const auto it = formats_.find(key); it != formats_.end()) return it->second;
    const xlsx::cell_style& st = wb_.cell_style(style_idx);
    static const xlsx::cell_style plain{};
    lxw_format* f = nullptr;
    if (!code.empty() || fill || !(st == plain)) {
      f = workbook_add_format(book_);
      if (!code.empty()) format_set_num_format(f, code.c_str());
      apply_style(f, st);
      if (fill) {
        format_set_pattern(f, LXW_PATTERN_SOLID);
        switch (*fill) {
          case severity::error:
            format_set_bg_color(f, 0xFFC7CE);
            format_set_font_color(f, 0x9C0006);
            break;
          case severity::query:
            format_set_bg_color(f, 0xFFEB9C);
            format_set_font_color(f, 0x9C5700);
            break;
          case severity::info: format_set_bg_color(f, 0xDDEBF7); break;
        }
      }
    }
    formats_.emplace(key, f);
    return f;
  }

  // The style's font, fill, borders and alignment. Theme colours are left to the workbook's
  // default, since the theme is not read (docs/cleaning.md).
  static void apply_style(lxw_format* f, const xlsx::cell_style& st) {
    const auto& font = st.font;
    if (!font.name.empty()) format_set_font_name(f, font.name.c_str());
    if (font.size && *font.size > 0 && *font.size < 410) format_set_font_size(f, *font.size);
    if (font.bold) format_set_bold(f);
    if (font.italic) format_set_italic(f);
    if (font.strike) format_set_font_strikeout(f);
    if (font.underline != xlsx::underline_style::none) format_set_underline(f, std::uint8_t(font.underline));
    if (font.color.rgb) format_set_font_color(f, *font.color.rgb);
    const auto& fill = st.fill;
    if (fill.pattern != xlsx::fill_pattern::none) {
      format_set_pattern(f, std::uint8_t(fill.pattern));
      // A solid fill shows its foreground colour; libxlsxwriter names that the background.
      if (fill.pattern == xlsx::fill_pattern::solid) {
        if (fill.fg_color.rgb) format_set_bg_color(f, *fill.fg_color.rgb);
      } else {
        if (fill.fg_color.rgb) format_set_fg_color(f, *fill.fg_color.rgb);
        if (fill.bg_color.rgb) format_set_bg_color(f, *fill.bg_color.rgb);
      }
    }
    const auto side = [&](const xlsx::border_side& b, void (*set)(lxw_format*, std::uint8_t),
                          void (*colour)(lxw_format*, lxw_color_t)) {
      if (b.style == xlsx::border_line::none) return;
      set(f, std::uint8_t(b.style));
      if (b.color.rgb) colour(f, *b.color.rgb);
    };
    side(st.border.left, format_set_left, format_set_left_color);
    side(st.border.right, format_set_right, format_set_right_color);
    side(st.border.top, format_set_top, format_set_top_color);
    side(st.border.bottom, format_set_bottom, format_set_bottom_color);
    const auto& a = st.alignment;
    if (a.horizontal != xlsx::horizontal_alignment::general) format_set_align(f, std::uint8_t(a.horizontal));
    switch (a.vertical) {
      case xlsx::vertical_alignment::bottom: break;
      case xlsx::vertical_alignment::top: format_set_align(f, LXW_ALIGN_VERTICAL_TOP); break;
      case xlsx::vertical_alignment::center: format_set_align(f, LXW_ALIGN_VERTICAL_CENTER); break;
      case xlsx::vertical_alignment::justify: format_set_align(f, LXW_ALIGN_VERTICAL_JUSTIFY); break;
      case xlsx::vertical_alignment::distributed: format_set_align(f, LXW_ALIGN_VERTICAL_DISTRIBUTED); break;
    }
    if (a.wrap_text) format_set_text_wrap(f);
    if (a.shrink_to_fit) format_set_shrink(f);
    if (a.indent > 0) format_set_indent(f, a.indent);
    if (a.text_rotation > 0 && a.text_rotation <= 180) {
      // The file counts 91-180 as 1-90 degrees down; libxlsxwriter takes -90 to 90.
      format_set_rotation(f, a.text_rotation <= 90 ? std::int16_t(a.text_rotation)
                                                   : std::int16_t(90 - std::int16_t(a.text_rotation)));
    } else if (a.text_rotation == 255) {
      format_set_rotation(f, 270);
    }
  }

  // A number format code for a t="d" cell whose own format shows no date.
  static std::string_view date_format_for(double serial) {
    return serial == std::floor(serial) ? "yyyy-mm-dd" : "yyyy-mm-dd hh:mm:ss";
  }

  void patch(std::uint32_t part, xlsx::cell_pos pos, cell_patch::kind what, std::string text = {}) {
    patches_.cells[part].push_back({pos, what, std::move(text)});
  }

  // A formula with its result; results libxlsxwriter cannot write are patched in afterwards.
  lxw_error write_formula(lxw_worksheet* ws, std::uint32_t part, xlsx::cell_pos pos, std::string_view text,
                          bool array, const formula::value& result, lxw_format* fmt) {
    const lxw_row_t r = pos.row_idx - 1;
    const lxw_col_t c = lxw_col_t(pos.col_idx - 1);
    const std::string f = array ? "{=" + std::string(text) + "}" : "=" + std::string(text);
    const double number = result.is_number() ? result.as_number() : result.is_boolean() && result.as_boolean() ? 1 : 0;
    lxw_error err = LXW_NO_ERROR;
    if (result.is_text() && !array) {
      err = worksheet_write_formula_str(ws, r, c, f.c_str(), fmt, result.as_text().c_str());
    } else {
      err = array ? worksheet_write_array_formula_num(ws, r, c, r, c, f.c_str(), fmt, number)
                  : worksheet_write_formula_num(ws, r, c, f.c_str(), fmt, number);
    }
    if (err != LXW_NO_ERROR) return err;
    switch (result.kind()) {
      case formula::value_kind::number: break;
      case formula::value_kind::text: if (array) patch(part, pos, cell_patch::kind::formula_string, result.as_text()); break;
      case formula::value_kind::boolean: patch(part, pos, cell_patch::kind::formula_boolean, result.as_boolean() ? "1" : "0"); break;
      case formula::value_kind::error:
        patch(part, pos, cell_patch::kind::formula_error, std::string(formula::to_text(result.as_error())));
        break;
      case formula::value_kind::blank: patch(part, pos, cell_patch::kind::formula_no_value); break;
    }
    return LXW_NO_ERROR;
  }

  // The cached result of a formula cell as the reader gives it.
  static formula::value cached_result(const xlsx::cell& c) {
    switch (c.type) {
      case xlsx::value_type::empty: return formula::value::blank();
      case xlsx::value_type::number:
      case xlsx::value_type::date: return formula::value::number(c.number);
      case xlsx::value_type::string: return formula::value::text(std::string(c.text));
      case xlsx::value_type::boolean: return formula::value::boolean(c.number != 0);
      case xlsx::value_type::error:
        if (const auto e = formula::parse_error_value(c.text)) return formula::value::error(*e);
        return formula::value::text(std::string(c.text));
    }
    return formula::value::blank();
  }

  lxw_error write_cell(lxw_worksheet* ws, std::uint32_t sheet, std::uint32_t part, const xlsx::cell& c,
                       std::optional<severity> fill) {
    const lxw_row_t r = c.pos.row_idx - 1;
    const lxw_col_t col = lxw_col_t(c.pos.col_idx - 1);
    const auto& sheet_changes = changes_[sheet];
    const auto planned = sheet_changes.find(key_of(c.pos));
    if (planned != sheet_changes.end()) {
      const change& ch = *planned->second;
      lxw_format* fmt = format_for(c.style_idx, ch.num_fmt, fill);
      if (ch.what == action::recomputed) {
        const auto& result = run_.book->ev->evaluate(sheet, c.pos);
        return write_formula(ws, part, c.pos, ch.formula, c.formula_type == xlsx::formula_kind::array, result.computed, fmt);
      }
      if (!ch.formula.empty())
        return write_formula(ws, part, c.pos, ch.formula, false,
                             ch.number ? formula::value::number(*ch.number) : formula::value::blank(), fmt);
      if (ch.number) return worksheet_write_number(ws, r, col, *ch.number, fmt);
      return worksheet_write_string(ws, r, col, stored_text(ch.text).c_str(), fmt);
    }

    std::string_view num_fmt;
    if (c.type == xlsx::value_type::date && !xlsx::is_serial_kind(wb_.num_fmt(c.style_idx).kind))
      num_fmt = date_format_for(c.number);
    lxw_format* fmt = format_for(c.style_idx, num_fmt, fill);
    if (c.formula_type == xlsx::formula_kind::data_table) {
      dropped_.add("data table formula", wb_.sheets()[sheet].name,
                   "what-if data tables ({=TABLE(...)}) are written as the values they hold");
    } else if (c.formula_type != xlsx::formula_kind::none && c.formula.empty()) {
      dropped_.add("empty formula", wb_.sheets()[sheet].name,
                   "a formula element without formula text is written as the value it holds");
    } else if (!c.formula.empty()) {
      return write_formula(ws, part, c.pos, c.formula, c.formula_type == xlsx::formula_kind::array, cached_result(c), fmt);
    }
    switch (c.type) {
      case xlsx::value_type::empty: return fmt ? worksheet_write_blank(ws, r, col, fmt) : LXW_NO_ERROR;
      case xlsx::value_type::number:
      case xlsx::value_type::date: return worksheet_write_number(ws, r, col, c.number, fmt);
      case xlsx::value_type::string:
        return c.text.empty() ? (fmt ? worksheet_write_blank(ws, r, col, fmt) : LXW_NO_ERROR)
                              : worksheet_write_string(ws, r, col, stored_text(c.text).c_str(), fmt);
      case xlsx::value_type::boolean: return worksheet_write_boolean(ws, r, col, c.number != 0, fmt);
      case xlsx::value_type::error: {
        const lxw_error err = worksheet_write_number(ws, r, col, 0, fmt);
        if (err == LXW_NO_ERROR) patch(part, c.pos, cell_patch::kind::error_value, std::string(c.text));
        return err;
      }
    }
    return LXW_NO_ERROR;
  }

  // Merged ranges go in before the cells, which then overwrite the blanks merging writes.
  void copy_merges(std::uint32_t sheet, lxw_worksheet* ws) {
    const auto& sheet_name = wb_.sheets()[sheet].name;
    std::vector<xlsx::cell_range> kept;
    for (const auto& m : run_.book->cells.sheet(sheet).merged_ranges()) {
      const bool overlaps = std::any_of(kept.begin(), kept.end(), [&](const xlsx::cell_range& k) {
        return !(m.last.row_idx < k.first.row_idx || m.first.row_idx > k.last.row_idx ||
                 m.last.col_idx < k.first.col_idx || m.first.col_idx > k.last.col_idx);
      });
      if (m.cell_count() < 2) continue;  // a one-cell merge means nothing
      if (overlaps || kept.size() >= 65'530) {
        dropped_.add("merged range", sheet_name, "a merged range overlapping another (Excel would repair it) is left out");
        continue;
      }
      const xlsx::stored_cell* anchor = run_.book->cells.sheet(sheet).find(m.first);
      lxw_format* fmt = format_for(anchor ? anchor->style_idx : 0, {}, std::nullopt);
      if (worksheet_merge_range(ws, m.first.row_idx - 1, lxw_col_t(m.first.col_idx - 1), m.last.row_idx - 1,
                                lxw_col_t(m.last.col_idx - 1), "", fmt) != LXW_NO_ERROR) {
        dropped_.add("merged range", sheet_name, "libxlsxwriter refused the range");
        continue;
      }
      kept.push_back(m);
    }
  }

  // Tables (Insert > Table) go in before the cells too, so that structured references in
  // formulas still name a table; the cells then overwrite the headers the table writes.
  void copy_tables(std::uint32_t sheet, lxw_worksheet* ws) {
    for (const auto& t : wb_.tables()) {
      if (t.sheet != sheet) continue;
      std::vector<lxw_table_column> cols(t.columns.size());
      std::vector<lxw_table_column*> col_ptrs;
      for (std::size_t i = 0; i < t.columns.size(); ++i) {
        cols[i].header = const_cast<char*>(t.columns[i].c_str());
        col_ptrs.push_back(&cols[i]);
      }
      col_ptrs.push_back(nullptr);
      lxw_table_options o{};
      o.name = const_cast<char*>(t.name.c_str());
      o.no_header_row = t.header_rows == 0;
      o.total_row = t.totals_rows > 0;
      const std::uint32_t width = t.ref.last.col_idx - t.ref.first.col_idx + 1;
      if (t.columns.size() == width) o.columns = col_ptrs.data();
      if (worksheet_add_table(ws, t.ref.first.row_idx - 1, lxw_col_t(t.ref.first.col_idx - 1), t.ref.last.row_idx - 1,
                              lxw_col_t(t.ref.last.col_idx - 1), &o) != LXW_NO_ERROR)
        dropped_.add("table", wb_.sheets()[sheet].name,
                     "a table libxlsxwriter could not recreate; its cells are kept, its table formatting is not");
    }
  }

  // Column widths, the view (frozen panes, grid lines, zoom) and the tab colour, which the
  // reader knows before the first row.
  void copy_layout(const xlsx::sheet_layout& layout, lxw_worksheet* ws) {
    for (const auto& c : layout.cols) {
      if (c.first_col < 1 || c.last_col < c.first_col || c.last_col > xlsx::max_col_idx) continue;
      lxw_row_col_options o{};
      o.hidden = c.hidden;
      o.level = std::min<std::uint8_t>(c.outline_level, 7);
      // The file stores a width with its cell padding (5 pixels of a 7-pixel digit); libxlsxwriter
      // takes the width without it and adds the padding back.
      const double width = c.width ? std::clamp(*c.width - 5.0 / 7, 0.0, 255.0) : LXW_DEF_COL_WIDTH;
      worksheet_set_column_opt(ws, lxw_col_t(c.first_col - 1), lxw_col_t(c.last_col - 1), width,
                               c.style_idx ? format_for(c.style_idx, {}, std::nullopt) : nullptr, &o);
    }
    const auto& view = layout.view;
    if (view.pane) {
      const auto& p = *view.pane;
      if (p.state == xlsx::pane_state::split)
        worksheet_split_panes(ws, p.y_split / 20, p.x_split * 1.0 / 1024 * 8.43);  // twips; 1/1024ths of a character
      else if (p.frozen_rows || p.frozen_cols)
        worksheet_freeze_panes(ws, p.frozen_rows, lxw_col_t(p.frozen_cols));
    }
    if (!view.show_grid_lines) worksheet_gridlines(ws, LXW_HIDE_ALL_GRIDLINES);
    if (view.zoom_scale >= 10 && view.zoom_scale <= 400 && view.zoom_scale != 100) worksheet_set_zoom(ws, view.zoom_scale);
    if (layout.tab_color && layout.tab_color->rgb) worksheet_set_tab_color(ws, *layout.tab_color->rgb);
  }

  // What the sheet holds that the copy cannot carry, once the reader has seen it all.
  void note_features(const xlsx::sheet_features& f, const std::string& sheet) {
    const struct {
      std::uint32_t n;
      const char* what;
      const char* detail;
    } kinds[] = {
        {f.conditional_formats, "conditional format", "conditional formatting rules are not copied"},
        {f.data_validations, "data validation", "drop-down lists and input rules are not copied"},
        {f.hyperlinks, "hyperlink", "the cells keep their text; the links are not copied"},
        {f.drawings, "drawing", "charts, pictures and shapes placed on the sheet are not copied"},
        {f.legacy_drawings, "notes", "the sheet's notes (comments) are not copied"},
        {f.auto_filters, "autofilter", "the filter buttons are not copied; the cells are"},
        {f.sheet_protection, "sheet protection", "the copy is not protected"},
        {f.extensions, "extension", "newer Excel additions (sparklines, slicers, and the like) are not copied"},
    };
    for (const auto& k : kinds)
      if (k.n > 0) dropped_.add(k.what, sheet, k.detail, k.n);
  }

  // The records columns of a sheet held only in part, cleaned here as its rows stream by.
  struct streamed_column {
    std::uint32_t header_row = 0;
    const schema::column* spec = nullptr;
  };

  std::unordered_map<std::uint32_t, streamed_column> streamed_columns(std::uint32_t sheet) const {
    std::unordered_map<std::uint32_t, streamed_column> out;
    if (sheet >= run_.book->cells.sheet_count() || !run_.book->cells.sheet(sheet).partial()) return out;
    for (const auto& r : run_.records)
      if (r.sheet == sheet)
        for (const auto& c : r.columns)
          if (c.spec) out.emplace(c.col_idx, streamed_column{r.header_row, c.spec});
    return out;
  }

  // The annotated copy's mark on a cell: a comment, and a fill on a cell the input leaves empty.
  void write_note(lxw_worksheet* ws, xlsx::cell_pos pos, const cell_note& note, bool cell_written) {
    if (!cell_written) worksheet_write_blank(ws, pos.row_idx - 1, lxw_col_t(pos.col_idx - 1), format_for(0, {}, note.level));
    lxw_comment_options o{};
    o.author = const_cast<char*>("returncheck");
    o.width = 360;
    o.height = std::uint16_t(std::min<std::size_t>(600, 80 + 15 * (note.text.size() / 50)));
    const std::string text = note.text.size() > 32'000 ? note.text.substr(0, 32'000) : note.text;
    worksheet_write_comment_opt(ws, pos.row_idx - 1, lxw_col_t(pos.col_idx - 1), text.c_str(), &o);
  }

  // Rows go out in order, each with its cells and then its notes, so that the same code serves
  // libxlsxwriter's constant-memory mode, where a row once left cannot be written to again.
  util::write_result copy_sheet(std::uint32_t sheet, lxw_worksheet* ws) {
    const std::uint32_t part = std::uint32_t(written_.size());  // libxlsxwriter names parts sheet1.xml, ...
    const std::string& sheet_name = wb_.sheets()[sheet].name;
    if (constant_memory_) {
      for (const auto& t : wb_.tables())
        if (t.sheet == sheet)
          dropped_.add("table", sheet_name, "a workbook this large is written row by row, where libxlsxwriter keeps no "
                                            "tables; the cells are kept");
    } else {
      copy_tables(sheet, ws);
    }
    copy_merges(sheet, ws);
    auto reader = wb_.read_sheet(sheet);
    if (!reader) return util::unexpected{reader.error().message};
    reader->keep_formatted_empty_rows();
    bool layout_copied = false;

    // Notes in row, then column order, written as their rows go by.
    const auto& sheet_notes = notes_[sheet];
    std::vector<std::pair<xlsx::cell_pos, const cell_note*>> notes;
    for (const auto& [k, note] : sheet_notes) notes.emplace_back(xlsx::cell_pos{std::uint32_t(k >> 14), std::uint32_t(k & 0x3FFF)}, &note);
    std::sort(notes.begin(), notes.end(), [](const auto& a, const auto& b) {
      return std::pair(a.first.row_idx, a.first.col_idx) < std::pair(b.first.row_idx, b.first.col_idx);
    });
    std::size_t next_note = 0;
    std::unordered_set<std::uint64_t> written_in_row;  // this row's cells that have a note
    auto notes_before = [&](std::uint32_t row_idx) {
      for (; next_note < notes.size() && notes[next_note].first.row_idx < row_idx; ++next_note)
        write_note(ws, notes[next_note].first, *notes[next_note].second,
                   written_in_row.contains(key_of(notes[next_note].first)));
    };

    const auto streamed = streamed_columns(sheet);
    const auto& sheet_changes = changes_[sheet];
    xlsx::row row;
    while (true) {
      auto more = reader->next_row(row);
      if (!more) return util::unexpected{more.error().message};
      if (!layout_copied) {
        copy_layout(reader->layout(), ws);
        layout_copied = true;
      }
      if (!*more) break;
      notes_before(row.row_idx);
      written_in_row.clear();
      if (row.height || row.hidden || row.outline_level || row.style_idx) {
        lxw_row_col_options o{};
        o.hidden = row.hidden;
        o.level = std::min<std::uint8_t>(row.outline_level, 7);
        worksheet_set_row_opt(ws, row.row_idx - 1, row.height ? std::clamp(*row.height, 0.0, 409.0) : LXW_DEF_ROW_HEIGHT,
                              row.style_idx ? format_for(*row.style_idx, {}, std::nullopt) : nullptr, &o);
      }
      for (const auto& c : row.cells) {
        const auto note = sheet_notes.find(key_of(c.pos));
        std::optional<severity> fill;
        if (note != sheet_notes.end()) {
          fill = note->second.level;
          written_in_row.insert(key_of(c.pos));
        }
        lxw_error err = LXW_NO_ERROR;
        const auto col = streamed.find(c.pos.col_idx);
        std::optional<change> streamed_change;
        if (col != streamed.end() && c.pos.row_idx > col->second.header_row && c.type == xlsx::value_type::string &&
            c.formula.empty() && !sheet_changes.contains(key_of(c.pos)))
          streamed_change = record_cell_change(*col->second.spec, c.text, wb_.date1904(), false);
        if (streamed_change) {
          streamed_change->sheet = sheet_name;
          streamed_change->cell = c.pos;
          err = worksheet_write_number(ws, c.pos.row_idx - 1, lxw_col_t(c.pos.col_idx - 1), *streamed_change->number,
                                       format_for(c.style_idx, streamed_change->num_fmt, fill));
          if (streamed_changes_) streamed_changes_->push_back(std::move(*streamed_change));
        } else {
          err = write_cell(ws, sheet, part, c, fill);
        }
        if (err == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
          dropped_.add("text over 32,767 characters", sheet_name, "Excel's limit; the cell is left blank");
        else if (err != LXW_NO_ERROR)
          dropped_.add("cell", sheet_name, std::string("a cell libxlsxwriter refused: ") + lxw_strerror(err));
      }
      notes_before(row.row_idx + 1);
    }
    written_in_row.clear();
    notes_before(UINT32_MAX);
    if (!layout_copied) copy_layout(reader->layout(), ws);
    note_features(reader->features(), sheet_name);
    // A sheet held in part: its merged ranges come after its cells in the file, too late for
    // a copy written row by row.
    if (sheet < run_.book->cells.sheet_count() && run_.book->cells.sheet(sheet).partial() && !reader->merged_ranges().empty())
      dropped_.add("merged range", sheet_name, "a sheet too large to hold is copied as it streams: its merged ranges, "
                                               "which follow its cells, are not", reader->merged_ranges().size());
    return util::ok;
  }

  void copy_defined_names() {
    for (const auto& n : wb_.defined_names()) {
      if (n.name.starts_with("_xlnm.") || n.name.starts_with("_XLNM.")) {
        dropped_.add("print area, print titles or filter range", "", "print settings are not copied");
        continue;
      }
      std::string name = n.name;
      if (n.local_sheet) {
        const auto& sheet = wb_.sheets()[*n.local_sheet].name;
        name = "'" + sheet + "'!" + n.name;
      }
      const std::string formula = "=" + n.formula;
      if (workbook_define_name(book_, name.c_str(), formula.c_str()) != LXW_NO_ERROR)
        dropped_.add("defined name", "", "a name libxlsxwriter does not accept; formulas using it show #NAME?");
    }
  }

  lxw_workbook* book_;
  const validate::outcome& run_;
  const xlsx::workbook& wb_;
  const write_options& opts_;
  drop_list& dropped_;
  std::unordered_map<std::uint32_t, std::unordered_map<std::uint64_t, const change*>> changes_;
  std::unordered_map<std::uint32_t, std::unordered_map<std::uint64_t, cell_note>> notes_;
  std::unordered_map<std::string, lxw_format*> formats_;
  std::vector<std::pair<std::uint32_t, lxw_worksheet*>> written_;  // input sheet index, its copy
  detail::patch_set patches_;
  std::map<std::string, std::string> renamed_;  // input sheet name → the name written
  bool constant_memory_ = false;                // a sheet too large to hold: written row by row
  std::vector<change>* streamed_changes_ = nullptr;  // where the changes made while streaming go
};

}  // namespace

util::write_result write(const fs::path& target, const validate::outcome& run, std::span<const change> changes,
                         std::span<const rules::finding> findings, const write_options& opts,
                         std::vector<not_carried>& dropped, std::span<const fs::path> inputs,
                         std::vector<change>* streamed_changes) {
  if (!run.book) return util::unexpected{target.string() + ": no workbook to copy"};
  return util::write_atomically_with(
      target,
      [&](const fs::path& temporary) -> util::write_result {
        lxw_workbook_options o{};
        // A sheet too large to hold is copied in libxlsxwriter's constant-memory mode, so that the
        // copy's memory does not grow with its rows either.
        bool large = false;
        for (std::size_t i = 0; i < run.book->cells.sheet_count(); ++i) large = large || run.book->cells.sheet(i).partial();
        o.constant_memory = large;
        // libxlsxwriter stages every part in a temporary file. In constant-memory mode they are as
        // large as the sheet, so they go beside the target (the system's temporary folder may be
        // a small tmpfs); otherwise they are small, and the system's anonymous temporary files
        // cost a tenth of named ones made and removed in the output folder.
        const std::string tmpdir = target.parent_path().empty() ? std::string(".") : target.parent_path().string();
        if (large) o.tmpdir = const_cast<char*>(tmpdir.c_str());
        o.use_zip64 = 1;
        lxw_workbook* book = workbook_new_opt(temporary.c_str(), &o);
        if (!book) return util::unexpected{target.string() + ": cannot create the workbook"};
        drop_list drops(dropped);
        book_writer writer(book, run, changes, findings, opts, drops, large, streamed_changes);
        auto written = writer.write_sheets();
        if (written && opts.annotate) detail::add_extra_sheets(book, run, changes, findings, dropped, opts, writer.renamed());
        const lxw_error closed = workbook_close(book);  // frees the workbook whatever happens
        if (!written) return util::unexpected{target.string() + ": " + written.error()};
        if (closed != LXW_NO_ERROR) return util::unexpected{target.string() + ": " + lxw_strerror(closed)};
        if (auto patched = detail::apply_patches(temporary, writer.take_patches()); !patched)
          return util::unexpected{target.string() + ": " + patched.error()};
        return util::ok;
      },
      inputs);
}

}  // namespace returncheck::clean
