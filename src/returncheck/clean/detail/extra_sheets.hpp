// The sheets the annotated copy adds after the input's own: Discrepancies and Summary.
#pragma once

#include <map>
#include <span>
#include <string>
#include <vector>

#include "returncheck/clean/clean.hpp"

struct lxw_workbook;

namespace returncheck::clean::detail {

// Discrepancies: one row per finding in an Excel table (autofilter, frozen header) whose Cell
// column links to the cell. Summary: the run, counts by severity and by rule, the cleaning
// changes by action and what the copy could not carry. Discrepancies becomes the active sheet.
// `renamed` maps input sheet names the copy had to change to the names written.
void add_extra_sheets(lxw_workbook* book, const validate::outcome& run, std::span<const change> changes,
                      std::span<const rules::finding> findings, std::span<const not_carried> dropped,
                      const write_options& opts, const std::map<std::string, std::string>& renamed);

}  // namespace returncheck::clean::detail
