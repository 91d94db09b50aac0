// Scanning worksheet XML into rows of cells without building a tree (docs/reader.md).
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "returncheck/util/raw_buffer.hpp"
#include "returncheck/xlsx/detail/workbook_data.hpp"
#include "returncheck/xlsx/features.hpp"
#include "returncheck/xlsx/layout.hpp"
#include "returncheck/xlsx/workbook.hpp"

namespace returncheck::xlsx::detail {

// Worksheet parts are most of a workbook's bytes, so they get a purpose-built scanner rather
// than expat: it reads only the markup worksheets use, refuses DTDs, checks that tags nest,
// and hands out one row at a time from a fixed-size window over the inflating stream.
class sheet_scanner {
 public:
  // A chartsheet: no cells.
  sheet_scanner(std::shared_ptr<const workbook_data> wb, const sheet_info& sheet);
  sheet_scanner(std::shared_ptr<const workbook_data> wb, const sheet_info& sheet, zip_stream stream);

  result<bool> next_row(row& out);

  std::vector<cell_range> merged;
  std::vector<ignored_error> ignored;
  std::optional<cell_range> dimension;
  sheet_layout layout;
  sheet_features features;
  bool keep_formatted_empty_rows = false;

 private:
  // What a start or end tag is, by local name; everything else is skipped.
  // clang-format off
  enum class tag : std::uint8_t {
    other, sheet_data, row, c, v, f, is, t, r_ph, dimension, merge_cell, ignored_error,
    // how the sheet is laid out (before the cells)
    col, sheet_view, pane, sheet_format_pr, tab_color,
    // what a copy may not keep (mostly after the cells)
    conditional_formatting, data_validation, hyperlink, drawing, legacy_drawing, table_part, auto_filter,
    sheet_protection, ext
  };
  // clang-format on
  enum class step { more, row_done, end };

  result<step> scan();  // consumes buffered markup until a row ends or data runs out
  static tag classify(std::string_view local, bool start);
  result<bool> refill();                // false at the end of the stream
  std::optional<error> start_tag(tag t, std::string_view attrs, bool empty);
  std::optional<error> start_row(std::string_view attrs);
  std::optional<error> end_tag(tag t);
  std::optional<error> finish_cell();
  bool row_to_hand_out() const;
  std::optional<error> add_text(std::string_view raw);

  // Cold: errors, and elements met a few times a sheet. Saying so leaves GCC's inlining budget
  // for this file (--param inline-unit-growth) to the path every cell takes: without it, adding
  // the layout elements cost the scanner 5% more instructions per cell.
  [[gnu::cold]] static tag classify_rare(std::string_view local, bool start);
  [[gnu::cold]] void layout_or_feature(tag t, std::string_view attrs, std::size_t depth);
  [[gnu::cold]] error malformed(std::string_view what) const;
  [[gnu::cold]] error explain(error e);
  [[gnu::cold]] error too_long(std::string_view what) const;

  std::shared_ptr<const workbook_data> wb_;
  std::string where_;  // "file: part ('Sheet')", for messages
  std::string part_;
  std::unique_ptr<prefetch_stream> stream_;
  bool eof_ = false;

  util::raw_buffer buf_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  std::uint64_t bytes_before_ = 0;  // bytes of the part already dropped from the buffer

  // Nesting check: the names of open elements, kept as one string with their lengths.
  std::string open_names_;
  std::vector<std::uint32_t> open_lengths_;
  bool seen_root_ = false;

  // Where we are.
  std::uint32_t sheet_views_ = 0;
  bool in_first_view_ = false;
  bool in_sheet_data_ = false;
  bool in_row_ = false;
  bool in_cell_ = false;
  bool in_is_ = false;
  int phonetic_depth_ = 0;
  std::string* text_target_ = nullptr;

  // The row being built; cell slots and their text buffers are reused from row to row.
  row row_;                     // its height, visibility and format, from <row>
  bool row_formatted_ = false;  // so it is worth handing out without cells
  std::uint32_t row_idx_ = 0;
  std::uint32_t next_col_ = 1;
  std::vector<cell> cells_;
  // A deque, so that views into one slot survive adding the next.
  std::deque<std::string> values_;    // raw <v> / inline text per slot
  std::deque<std::string> formulas_;  // formula text per slot
  std::size_t n_cells_ = 0;
  std::uint64_t cells_in_sheet_ = 0;

  // The cell being built.
  // The cell's t= attribute, decoded once.
  enum class stored_type : std::uint8_t { number, shared_string, formula_string, boolean, error, iso_date, inline_string };
  stored_type cell_t_ = stored_type::number;
  std::string* value_slot_ = nullptr;    // values_[n_cells_]
  std::string* formula_slot_ = nullptr;  // formulas_[n_cells_]
  bool has_value_ = false;
  bool has_inline_ = false;
  bool has_formula_ = false;
  formula_kind f_kind_ = formula_kind::none;
  std::optional<std::uint32_t> f_si_;
  bool f_has_ref_ = false;

  struct shared_master {
    std::string text;
    cell_pos pos;
  };
  std::unordered_map<std::uint32_t, shared_master> shared_;
  std::string scratch_;
};

}  // namespace returncheck::xlsx::detail
