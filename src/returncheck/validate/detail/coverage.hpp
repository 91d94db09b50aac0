// What a validation run covered besides its findings: the rules that ran on each part of the
// workbook, and the values of the indicators that findings name.
#pragma once

#include <vector>

#include "returncheck/bind/bind.hpp"
#include "returncheck/report/coverage.hpp"
#include "returncheck/rules/finding.hpp"
#include "returncheck/rules/table_checks.hpp"

namespace returncheck::validate::detail {

// The rules that ran (docs/report-format.md#which-rules-ran), part by part: with a schema, the
// whole workbook (RC101, RC106); each indicators table (rules::rules_run); each records table
// (RC107 and the records rules its columns' constraints call for); and, with the formula
// checks, each worksheet (RC501 to RC505).
std::vector<report::checked_part> checked_parts(const xlsx::workbook& wb, const schema::schema* spec,
                                                const std::vector<bind::bound_table>& tables,
                                                const std::vector<bind::bound_records>& records, bool formula_checks);

// One series for each indicator of `tables` that a finding names (the same table and indicator
// id), in table order and then row order, its points left to right.
std::vector<report::indicator_series> flagged_series(const std::vector<bind::bound_table>& tables,
                                                     const std::vector<rules::finding>& findings,
                                                     const rules::table_context& ctx);

}  // namespace returncheck::validate::detail
