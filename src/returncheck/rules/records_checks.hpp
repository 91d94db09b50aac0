// The checks over a records table as bound: each record's cells against its column's
// constraints (required, type, minimum and maximum, enum, pattern) and unique columns across
// the records.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "returncheck/bind/bind.hpp"
#include "returncheck/rules/finding.hpp"
#include "returncheck/xlsx/cell_store.hpp"
#include "returncheck/xlsx/workbook.hpp"

namespace returncheck::rules {

// Longer text is never matched against a column's pattern (ECMAScript matching recurses per
// character and would exhaust the stack); it is reported as not matching.
inline constexpr std::size_t max_pattern_text = 1000;

// How much memory the values of a table's unique columns may take (each column, and the record
// keys) before repeats are no longer looked for (RC108 says so): 64 MB holds about a million
// values of twenty characters.
inline constexpr std::uint64_t default_unique_bytes = 64u << 20;

// One cell of a record, from the held cells or from the reader as the sheet streams by.
struct record_cell {
  std::uint32_t col_idx = 0;
  xlsx::value_type type = xlsx::value_type::empty;
  double number = 0;
  std::string_view text;  // string or error value
  std::uint32_t style_idx = 0;
};

// Checks a records table one row at a time, so that a table of a million rows is checked as it
// streams by without being held: memory grows only with the values kept for uniqueness, and
// those are capped. Rows below the header are given in order; a row blank in every bound column
// is no record, and two such rows in a row (or rows the sheet skips) end the records.
class records_checker {
 public:
  // With report_errors, an error value in a bound column is an RC504 finding: for a sheet the
  // formula checks cannot cover because it is streamed, not held.
  records_checker(const bind::bound_records& table, const xlsx::workbook& wb,
                  std::uint64_t unique_bytes = default_unique_bytes, bool report_errors = false);
  records_checker(records_checker&&) noexcept;
  ~records_checker();

  void add_row(std::uint32_t row_idx, std::span<const record_cell> cells);
  bool ended() const;  // the records have ended: later rows are not the table's
  std::uint64_t cells_checked() const;
  std::vector<finding> finish();

 private:
  struct state;
  std::unique_ptr<state> s_;
};

// Checks one records table held in `cells`. Findings name the row and the column's header; their `indicator`
// is the column id and their `period` the record's key: the value of the table's first unique
// column ("ref=AB1234", "ref=AB1234#2" for its second occurrence) when the record holds one, so
// that a finding keeps its fingerprint when rows are inserted above it, and "row 12" otherwise.
// A row blank in every bound column is no record. `cells_checked` grows by the cells read.
std::vector<finding> check_records(const bind::bound_records& table, const xlsx::workbook& wb,
                                   const xlsx::cell_store& cells, std::uint64_t& cells_checked,
                                   std::uint64_t unique_bytes = default_unique_bytes);

}  // namespace returncheck::rules
