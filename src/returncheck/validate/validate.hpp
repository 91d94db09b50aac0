// One validation run: read the return, find its tables (by the schema, or detected), run every
// check, explain what is wrong, and gather the findings in a stable order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "returncheck/bind/bind.hpp"
#include "returncheck/report/coverage.hpp"
#include "returncheck/rules/finding.hpp"
#include "returncheck/schema/schema.hpp"
#include "returncheck/xlsx/limits.hpp"

namespace returncheck::validate {

struct options {
  const schema::schema* spec = nullptr;  // nullptr: detect tables, run the checks that need none
  bool formula_checks = true;
  xlsx::limits caps;
};

struct outcome {
  std::vector<rules::finding> findings;    // sorted (rules::sort_findings), fingerprinted
  std::uint64_t cells_checked = 0;
  std::vector<std::string> sheet_order;
  std::vector<bind::bound_table> tables;   // as bound or detected, derived periods worked out
  std::vector<report::checked_part> checked;     // the rules that ran, part by part
  std::vector<report::indicator_series> series;  // every indicator a finding names, as read
};

// Reads and checks a workbook. An unreadable workbook is the reader's error (exit 3).
util::result<outcome, xlsx::error> run(const std::string& path, const options& opts);

// Findings on one cell tell one story: formula findings (stale result, inconsistent formula)
// on a cell that also has a derived-figure finding become part of that finding's cause.
void merge_findings_on_a_cell(std::vector<rules::finding>& findings);

}  // namespace returncheck::validate
