// Binding's internals: UTF-8 and edit distance, civil dates and Excel serials, and one sheet's
// cells read once as normalised labels and periods.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "returncheck/bind/bind.hpp"

namespace returncheck::bind::detail {

// The code point starting at s[i], advancing i; a malformed sequence gives U+FFFD and skips
// one byte.
std::uint32_t next_code_point(std::string_view s, std::size_t& i);

// Levenshtein distance over bytes; texts past 200 bytes are compared by their first 200.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The indexes of the up to `count` smallest distances (ties in their order), among those below
// `limit`.
std::vector<std::size_t> nearest(const std::vector<std::size_t>& distances, std::size_t count,
                                 std::size_t limit = static_cast<std::size_t>(-1));

struct civil_date {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
};
unsigned days_in_month(int year, unsigned month);
// The Excel 1900-system serial of a date from 1900-03-01 on (the leap day Excel invents in 1900
// comes before every date this is used for).
double serial_of(civil_date d);
// The date of a 1900-system serial (its whole days); nullopt before 1900-03-01.
std::optional<civil_date> date_of_serial(double serial);
std::string date_key(civil_date d);               // "2015-03-31"
std::string month_key(int year, unsigned month);  // "2017-09"
std::string en_gb_date(civil_date d);             // "31/03/2015"
std::string_view month_abbr(unsigned month);      // "Mar"

// "1,234", "-3.5", "12%", "(12)", "£1,200": a number typed as text.
bool is_number_text(std::string_view s);
// One of the usual suppression markers ("c", "x", "*", "-", "[c]", ".." ...), compared trimmed
// and without case.
bool is_suppression_marker(std::string_view s);

// One sheet's cells, each string read once as a normalised label and each cell as a period.
class grid {
 public:
  struct entry {
    const xlsx::stored_cell* cell = nullptr;
    std::string label;                 // normalised text of a string cell; empty otherwise
    std::optional<period_key> period;  // the cell read as a period (whole numbers as years)
  };
  struct row_span {
    std::uint32_t row_idx = 0;
    std::size_t first = 0;  // [first, last) into the entries
    std::size_t last = 0;
  };

  grid(std::size_t sheet, const xlsx::cell_store& cells, const xlsx::workbook& wb);

  std::size_t sheet() const { return sheet_; }
  const std::vector<row_span>& rows() const { return rows_; }
  std::span<const entry> cells_of(const row_span& r) const {
    return std::span<const entry>(entries_).subspan(r.first, r.last - r.first);
  }
  const entry* at(xlsx::cell_pos pos) const;

  std::string_view text(const entry& e) const;  // a string cell's text as written
  // A header cell as a reader sees it: text as written, a date as 31/03/2015 (Mar 2015 when
  // its format shows no day), a whole number without decimals.
  std::string shown(const entry& e) const;
  // Text that can name an indicator: holds a letter, and is no number, marker or period.
  bool is_label(const entry& e) const;
  // A value an indicator row holds: a number, a number typed as text, or a suppression marker.
  bool is_value(const entry& e) const;
  bool is_blank(const entry& e) const;

  // The periods of a row read as a header row, left to right. Whole numbers count as years only
  // when there are two or more, the row holds no other numbers, and they run in order with
  // steps of 1 to 5.
  std::vector<std::pair<std::uint32_t, const period_key*>> header_periods(const row_span& r) const;
  // A row with at least two distinct periods and no numbers besides them.
  bool is_header(const row_span& r) const;

 private:
  std::size_t sheet_ = 0;
  const xlsx::cell_store* store_ = nullptr;
  const xlsx::workbook* wb_ = nullptr;
  std::vector<entry> entries_;
  std::vector<row_span> rows_;
};

// "Activity!A3", "'Table 6.2'!A3": a sheet and a cell as a formula would write them.
std::string sheet_cell_ref(std::string_view sheet, xlsx::cell_pos pos);

}  // namespace returncheck::bind::detail
