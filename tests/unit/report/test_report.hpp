// Findings the report tests share: the example of DESIGN.md, and a plain finding at any cell.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "returncheck/report/report.hpp"
#include "returncheck/rules/finding.hpp"

namespace returncheck::report::test {

// +18% stated at Activity!F5 where 229 → 278 is +21.4%.
inline rules::finding pct_change_finding() {
  rules::finding f = rules::make_finding("RC201");
  f.sheet = "Activity";
  f.cell = xlsx::cell_pos{5, 6};
  f.table = "activity";
  f.indicator = "cla";
  f.period = "2015-03-31..2017-09-30";
  f.expected = 49.0 / 229;
  f.actual = 0.18;
  f.tolerance = 0.005;
  f.message = "Stated % change +18% but 229 \u2192 278 is +21.4%";
  f.cause = "matches (278-229)/278: the change was divided by the new value, not the old";
  f.fingerprint = "0123456789abcdef";
  return f;
}

// q2.xlsx checked against cp-quarterly.yaml: 15 cells on Activity, and the finding above.
inline report small_report() {
  report r;
  r.input = "q2.xlsx";
  r.schema = "cp-quarterly.yaml";
  r.cells_checked = 15;
  r.sheet_order = {"Activity"};
  r.findings = {pct_change_finding()};
  return r;
}

// A finding of `rule` at the cell, its message "RCnnn message".
inline rules::finding finding_at(std::string_view rule, std::string sheet, std::uint32_t row, std::uint32_t col) {
  rules::finding f = rules::make_finding(rule);
  f.sheet = std::move(sheet);
  f.cell = xlsx::cell_pos{row, col};
  f.message = std::string(rule) + " message";
  return f;
}

}  // namespace returncheck::report::test
