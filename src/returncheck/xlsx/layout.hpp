// How a worksheet is laid out beyond its cells: column widths, the frozen pane, view settings, default sizes.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "returncheck/xlsx/cell_ref.hpp"
#include "returncheck/xlsx/style.hpp"

namespace returncheck::xlsx {

// One <col>: a run of columns that share a width and a format.
struct col_info {
  std::uint32_t first_col = 1;    // col_idx, 1-based
  std::uint32_t last_col = 1;     // inclusive
  std::optional<double> width{};  // in characters of the default font's digit, as Excel stores it
  bool custom_width = false;      // set by hand rather than fitted to the contents
  bool hidden = false;
  std::uint32_t style_idx = 0;     // the format of the column's empty cells
  std::uint8_t outline_level = 0;  // 0 to 7, for grouped columns
  friend bool operator==(const col_info&, const col_info&) = default;
};

// <pane state>: frozen panes stay put when the sheet scrolls; a split divides the window into
// panes that scroll on their own.
enum class pane_state : std::uint8_t { split, frozen, frozen_split };

// The pane of a sheet's first view (<pane>): rows and columns frozen, or a split.
struct sheet_pane {
  pane_state state = pane_state::split;  // a pane without state= is a split, as the standard says
  std::uint32_t frozen_rows = 0;         // when frozen: the rows above the line (ySplit)
  std::uint32_t frozen_cols = 0;         // when frozen: the columns left of the line (xSplit)
  double x_split = 0;                    // as written: columns when frozen, else twentieths of a point
  double y_split = 0;
  std::optional<cell_pos> top_left{};  // the first cell shown in the bottom-right pane
  friend bool operator==(const sheet_pane&, const sheet_pane&) = default;
};

// The first <sheetView> (Excel writes one per window; the first is the one that opens).
struct sheet_view {
  bool tab_selected = false;
  bool show_grid_lines = true;
  std::uint16_t zoom_scale = 100;  // percent, 10 to 400
  std::optional<sheet_pane> pane{};
  friend bool operator==(const sheet_view&, const sheet_view&) = default;
};

// What the worksheet part says before its cells: all known once next_row() has returned the
// first row, because the file puts it first.
struct sheet_layout {
  std::vector<col_info> cols{};  // by first_col; runs that overlap are kept as written
  sheet_view view{};
  std::optional<double> default_col_width{};   // <sheetFormatPr defaultColWidth>, characters
  std::optional<double> default_row_height{};  // <sheetFormatPr defaultRowHeight>, points
  bool rows_hidden_by_default = false;         // <sheetFormatPr zeroHeight="1">: only rows written unhidden show
  std::optional<color_info> tab_color{};       // <sheetPr><tabColor>
};

}  // namespace returncheck::xlsx
