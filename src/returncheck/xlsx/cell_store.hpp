// A workbook's cells held in memory, for work that needs any cell at any time (formulas, tables).
#pragma once

#include <cstdint>
#include <limits>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "returncheck/xlsx/workbook.hpp"

namespace returncheck::xlsx {

// One non-empty cell (or a formula cell without a cached value), its texts owned by the store.
struct stored_cell {
  cell_pos pos;
  value_type type = value_type::empty;
  double number = 0;
  std::uint32_t text = 0;      // index into the store's texts (string or error value)
  std::uint32_t formula = 0;   // index into the store's texts; 0 = none
  formula_kind formula_type = formula_kind::none;
  std::uint32_t style_idx = 0;
};

// The cells of one sheet, sorted by row then column: sparse, so a sheet with a value in A1 and
// one in XFD1048576 holds two cells.
class sheet_cells {
 public:
  const stored_cell* find(cell_pos pos) const;  // O(log n)
  // Calls visit for each stored cell inside the range, in row-then-column order; stops early
  // when visit returns false. Whole-column ranges cost what the sheet holds, not a million rows.
  void for_each_in(const cell_range& range, const std::function<bool(const stored_cell&)>& visit) const;
  const std::vector<stored_cell>& cells() const { return cells_; }
  std::optional<cell_range> used_range() const;

  // Whether only the sheet's first cells are held (cell_store::load's max_held_per_sheet): then
  // cells past held_through_row() are not here, nor the merged ranges and marks that follow
  // the cells in the file. Work that needs the whole sheet streams it from the reader instead.
  bool partial() const { return partial_; }
  std::uint32_t held_through_row() const { return held_through_row_; }

  // The sheet's merged ranges and its <ignoredError> marks, as the file lists them.
  const std::vector<cell_range>& merged_ranges() const { return merged_; }
  const std::vector<ignored_error>& ignored_errors() const { return ignored_; }
  // The ignored_error::flag bits of every mark whose ranges cover the cell; 0 when none does.
  std::uint16_t ignored_flags(cell_pos pos) const;

 private:
  friend class cell_store;
  std::vector<stored_cell> cells_;  // sorted: lookups are binary searches, no index to hold
  std::vector<cell_range> merged_;
  std::vector<ignored_error> ignored_;
  bool partial_ = false;
  std::uint32_t held_through_row_ = 0;
};

// Every worksheet's cells, loaded once; texts are pooled so that a repeated label costs once.
class cell_store {
 public:
  // Reads every sheet of the workbook (chartsheets hold nothing). max_cells caps the whole store
  // (an error past it). A sheet of more than max_held_per_sheet cells is held only as far as
  // the row that reaches it (sheet_cells::partial), so that one huge sheet does not fill memory.
  static result<cell_store> load(const workbook& wb, std::uint64_t max_cells = 50'000'000,
                                 std::uint64_t max_held_per_sheet = UINT64_MAX);

  std::size_t sheet_count() const { return sheets_.size(); }
  const sheet_cells& sheet(std::size_t index) const { return sheets_[index]; }
  std::string_view text(std::uint32_t index) const { return texts_[index]; }
  std::string_view text_of(const stored_cell& c) const { return texts_[c.text]; }
  std::string_view formula_of(const stored_cell& c) const { return texts_[c.formula]; }

 private:
  std::uint32_t intern(std::string_view s);
  std::vector<sheet_cells> sheets_;
  std::vector<std::string> texts_{std::string()};  // index 0 is the empty text
  std::unordered_map<std::string, std::uint32_t> text_index_;
};

}  // namespace returncheck::xlsx
