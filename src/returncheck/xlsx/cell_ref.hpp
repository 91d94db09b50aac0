// A1 cell references and ranges: parsing and formatting, with Excel's sheet limits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace returncheck::xlsx {

inline constexpr std::uint32_t max_row_idx = 1048576;  // rows 1..1048576
inline constexpr std::uint32_t max_col_idx = 16384;    // columns A..XFD

// A cell's position, 1-based as in A1 references (A1 is row 1, column 1).
struct cell_pos {
  std::uint32_t row_idx = 0;
  std::uint32_t col_idx = 0;
  friend bool operator==(const cell_pos&, const cell_pos&) = default;
};

// A rectangle of cells, first = top-left, last = bottom-right.
struct cell_range {
  cell_pos first;
  cell_pos last;
  friend bool operator==(const cell_range&, const cell_range&) = default;
  std::uint64_t cell_count() const {
    return std::uint64_t(last.row_idx - first.row_idx + 1) * (last.col_idx - first.col_idx + 1);
  }
  bool contains(cell_pos p) const {
    return p.row_idx >= first.row_idx && p.row_idx <= last.row_idx && p.col_idx >= first.col_idx &&
           p.col_idx <= last.col_idx;
  }
};

// "B3" or "$B$3"; nullopt for anything else or a cell outside the sheet.
std::optional<cell_pos> parse_cell_ref(std::string_view text);
// "A1:C4", "C4:A1" (normalised) or a single cell "B2".
std::optional<cell_range> parse_range(std::string_view text);

// Column letters of a 1-based column index: 1 → "A", 28 → "AB".
void append_col_letters(std::string& out, std::uint32_t col_idx);
void append_cell_ref(std::string& out, cell_pos pos);
std::string format_cell_ref(cell_pos pos);
std::string format_range(const cell_range& range);  // "A1" when the range is one cell

}  // namespace returncheck::xlsx
