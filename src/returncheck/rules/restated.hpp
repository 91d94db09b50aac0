// Restated figures: a period's figure that a return gives differently from the previous
// submission of the same return (the baseline), as the DfE's own checks flag them.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "returncheck/bind/bind.hpp"
#include "returncheck/rules/finding.hpp"

namespace returncheck::rules {

// One figure of an indicators table: an indicator's value in a period, as the return states it.
struct figure {
  std::string table;       // table id (the schema's, or detected)
  std::string indicator;   // indicator id
  std::string period;      // period id
  std::string sheet;
  xlsx::cell_pos cell;
  std::string label;       // the indicator's label and the period's header as written, for messages
  std::string header;
  double value = 0;        // as stored (a fraction for a percentage)
  double tolerance = 0;    // half a unit of the last digit shown
  std::string shown;       // as a message writes it: "258", "21.4%"
};

// Every period figure of the tables that reads as a number (blank, suppressed and text cells
// give none), in table, indicator, period order.
std::vector<figure> figures_of(const std::vector<bind::bound_table>& tables, const xlsx::workbook& wb,
                               const xlsx::cell_store& cells, std::span<const std::string> suppression_markers);

// RC402: each figure present in both (same table, indicator and period) whose values differ by
// more than either shows: "Number of Looked After Children, 31/03/2016 was 258 in q1.xlsx and
// is 260 in q2.xlsx". expected is the baseline's value, actual this return's.
std::vector<finding> check_restated(std::span<const figure> now, std::span<const figure> before,
                                    std::string_view now_name, std::string_view before_name);

}  // namespace returncheck::rules
