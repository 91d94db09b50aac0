// `returncheck recalc`: every formula computed and compared with the value Excel cached.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "returncheck/formula/evaluator.hpp"

namespace returncheck::formula {

struct recalc_cell {
  std::string sheet;
  std::string cell;
  std::string formula;
  value cached;    // blank when the file holds no cached value
  value computed;
  eval_status status = eval_status::computed;
  std::string detail;
};

struct recalc_summary {
  std::uint64_t formulas = 0;             // formula cells in the workbook
  std::uint64_t evaluated = 0;            // computed (status computed)
  std::uint64_t matching_cached = 0;      // computed, with a cached value that agrees
  std::uint64_t without_cached = 0;       // computed, but the file holds no cached value
  std::uint64_t mismatch_count = 0;
  std::vector<recalc_cell> mismatches;    // the first max_listed of them
  std::map<std::string, std::uint64_t> unsupported;  // function name → cells
  std::map<std::string, std::uint64_t> not_recomputed;  // reason (volatile function name, cycle, ...) → cells
  std::vector<recalc_cell> all;           // every formula cell, when asked for
};

// Whether a computed value agrees with the cached one as Excel stores it: numbers to 15
// significant digits, text exactly, booleans and errors equal.
bool agrees(const value& computed, const value& cached);

recalc_summary recalc(const xlsx::workbook& wb, const xlsx::cell_store& cells, bool keep_all = false,
                      std::size_t max_listed = 1000, eval_limits limits = {});

// The summary as JSON: {"formulas":N,"evaluated":N,"matching_cached":N,"mismatches":[...],
// "unsupported":{"FUNC":count},...}; values are written as JSON numbers, strings, booleans or
// error texts ("#DIV/0!"), a missing cached value as null.
std::string to_json(const recalc_summary& s);

}  // namespace returncheck::formula
