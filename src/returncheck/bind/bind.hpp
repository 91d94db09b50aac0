// Binding: finding a schema's tables, indicators, periods and derived columns in a workbook by
// their labels, not their addresses; and, without a schema, detecting indicator x period tables.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "returncheck/rules/finding.hpp"
#include "returncheck/schema/schema.hpp"
#include "returncheck/xlsx/cell_store.hpp"
#include "returncheck/xlsx/workbook.hpp"

namespace returncheck::bind {

// A label as compared: case folded, runs of spaces and line breaks made one space, trimmed,
// footnote marks removed ("Looked after children*", "Contacts (1)", "Referrals [note 3]",
// "CIN¹"), and a trailing colon dropped.
std::string normalise_label(std::string_view label);

// A label as written, on one line for messages and reports: every run of spaces, tabs and line
// breaks made one space, trimmed; case and footnote marks kept.
std::string one_line(std::string_view label);

// An id made from a label: the normalised label's letters and digits joined by '-', accents
// dropped and '%' written "pct" ("Number of Looked After Children*" gives
// "number-of-looked-after-children"); empty when the label holds no letter or digit.
std::string slug(std::string_view label);

// What a derived column's header says it holds: "% change", "percentage change", "change (%)",
// "% difference", "% change since ..." are pct_change; "change", "difference", "+/-" change;
// "rate per 10,000", "per 10,000" rate (with `per`); "%", "% of total", "share" share.
// nullopt for any other header.
struct derived_header {
  schema::derived_kind kind = schema::derived_kind::pct_change;
  double per = 1;
};
std::optional<derived_header> read_derived_header(std::string_view header);

// A period header read as a period: a real date cell, or text such as "31/03/2015",
// "31 March 2015", "Q2 2017-18", "2023-24", "2023/24", "Sep-17", "2019". `key` is canonical
// ("2015-03-31", "2017-18Q2", "2023-24", "2017-09", "2019"), so two spellings compare equal.
// Dates are read day first (31/03/2015), two-digit years as Excel does (00-29 are 20xx), and
// quarters are financial ones (Q1 is April to June). Leading words such as "as at", "at",
// "year ending" and "year to" are allowed; anything else ("Total", "% change", "2019 target")
// is no period.
struct period_key {
  std::string key;
  // The Excel 1900-system serial of the period's first day, for ordering: the date itself; a
  // month's 1st; 1 April of a financial year; a financial quarter's first day; 1 January of a year.
  std::optional<double> serial;
  friend bool operator==(const period_key&, const period_key&) = default;
};
std::optional<period_key> parse_period(std::string_view text);
// A date cell (or a number formatted as a date) holding a whole day gives its date, or its month
// when the format shows no day ("mmm-yy"); a string cell goes through parse_period; a whole number from 1990 to
// 2100 is a year. Anything else (times, other numbers) is no period.
std::optional<period_key> period_of_cell(const xlsx::stored_cell& c, const xlsx::cell_store& cells,
                                         const xlsx::workbook& wb);

struct bound_period {
  std::string id;          // schema period id, or the canonical key when detected
  std::string header;      // as written in the workbook
  std::uint32_t col_idx = 0;
  std::optional<double> serial;
};

struct bound_derived {
  std::string header;
  schema::derived_kind kind = schema::derived_kind::pct_change;
  std::uint32_t col_idx = 0;
  std::optional<std::size_t> from;  // index into bound_table::periods; unset when not known yet
  std::optional<std::size_t> to;
  std::string of;                    // share/ratio: denominator indicator id
  double per = 1;                    // rate
};

struct bound_indicator {
  std::string id;          // schema id, or a slug of the label when detected
  std::string label;       // as written in the workbook
  std::uint32_t row_idx = 0;
  const schema::indicator* spec = nullptr;  // nullptr when detected without a schema
};

// One indicators-layout table as found: where its labels, periods and derived columns are.
struct bound_table {
  std::string id;
  std::uint32_t sheet = 0;
  std::uint32_t header_row = 0;     // the row of the period headers; 0 when no row holds them
  std::uint32_t label_col = 0;      // the column of the indicator labels; 0 when none is found
  // Located: the schema's periods, derived columns and indicators that were found, in schema
  // order. Detected: left to right, and top to bottom.
  std::vector<bound_period> periods;
  std::vector<bound_derived> derived;
  std::vector<bound_indicator> indicators;
  const schema::table* spec = nullptr;  // nullptr when detected

  xlsx::cell_pos cell(const bound_indicator& i, const bound_period& p) const { return {i.row_idx, p.col_idx}; }
  const bound_indicator* find_indicator(std::string_view id) const;
  const bound_period* find_period(std::string_view id) const;
};

struct bind_result {
  std::vector<bound_table> tables;
  // structure findings: a missing sheet, table, indicator, period or derived column (each
  // naming the nearest labels present), a duplicate indicator.
  std::vector<rules::finding> findings;
};

// Locates every indicators-layout table of the schema, in schema order. A table is searched on
// its named sheet, or on every worksheet (the one holding most of its headers and labels wins);
// its header row is the row holding most of its period and derived headers, its label column the
// column left of them holding most of its labels. A table found only in part is returned with a
// finding for each missing part; a table whose sheet is missing (RC101) or of which nothing is
// found (RC106) is not returned.
bind_result locate(const schema::schema& s, const xlsx::workbook& wb, const xlsx::cell_store& cells);

// One records-layout table as found: a header row, then one record per row below it.
struct bound_column {
  std::string id;          // schema column id
  std::string header;      // as written in the workbook, on one line
  std::uint32_t col_idx = 0;
  const schema::column* spec = nullptr;
};

struct bound_records {
  std::string id;
  std::uint32_t sheet = 0;
  std::uint32_t header_row = 0;
  std::vector<bound_column> columns;  // the schema's columns that were found, in schema order
  // The records: rows first_row to last_row; none when last_row < first_row. A row in between
  // that is blank in every bound column is no record.
  std::uint32_t first_row = 0;
  std::uint32_t last_row = 0;
  const schema::table* spec = nullptr;
};

struct records_result {
  std::vector<bound_records> tables;
  // structure findings: a missing sheet (RC101), a missing column (RC107, naming the nearest
  // headers present), a table none of whose headers is found (RC106).
  std::vector<rules::finding> findings;
};

// Locates every records-layout table of the schema, in schema order. Its header row is the row
// of its named sheet (or of any worksheet) holding most of its column headers or aliases,
// compared as labels (normalise_label); the topmost such row wins a tie. Its records run from
// the next row down to the last row holding a value in a bound column, and end at two
// consecutive rows blank in every bound column.
records_result locate_records(const schema::schema& s, const xlsx::workbook& wb, const xlsx::cell_store& cells);

// Without a schema: every block on each worksheet with a header row of at least two periods,
// labels in a column to their left, and numbers below; derived columns recognised by their
// headers ("% change", "change", "rate per 10,000", "%", "share"), their from/to left unset.
std::vector<bound_table> detect(const xlsx::workbook& wb, const xlsx::cell_store& cells);

}  // namespace returncheck::bind
