// What a run covered besides its findings: the rules that ran over each table or sheet (the
// JUnit report lists them as test cases, passed or failed) and the values of each flagged
// indicator over its periods (the HTML report charts them).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "returncheck/xlsx/cell_ref.hpp"

namespace returncheck::report {

// The rules that ran over one part of the workbook: a table, a sheet (the formula checks go
// over whole sheets), or the whole workbook (a schema's sheets and tables being there at all).
struct checked_part {
  std::string table;               // the table's id; empty for a sheet or the whole workbook
  std::string sheet;               // the sheet's name; empty for the whole workbook
  std::vector<std::string> rules;  // the ids of the rules that ran, in catalogue order
};

// One period of an indicator, read as the checks read it.
struct series_point {
  std::string period;  // the period's id
  std::string header;  // the period's header as the workbook writes it, on one line
  xlsx::cell_pos cell;
  std::optional<double> value;  // a number (a fraction for a percentage); none when the cell is
                                // blank, suppressed, text or an error value
  std::string text;             // as the cell shows it: "1,205", "8%", "c"; empty when blank
};

// An indicator's values across the periods of its table, left to right as the sheet has them.
struct indicator_series {
  std::string table;
  std::string sheet;
  std::string indicator;  // the indicator's id, as findings name it
  std::string label;      // as the workbook writes it, on one line
  std::vector<series_point> points;
};

}  // namespace returncheck::report
