// One validation run: read the return, find its tables (by the schema, or detected), run every
// check, explain what is wrong, and gather the findings in a stable order.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "returncheck/bind/bind.hpp"
#include "returncheck/formula/evaluator.hpp"
#include "returncheck/report/coverage.hpp"
#include "returncheck/rules/explanation.hpp"
#include "returncheck/rules/finding.hpp"
#include "returncheck/rules/records_checks.hpp"
#include "returncheck/rules/restated.hpp"
#include "returncheck/schema/schema.hpp"
#include "returncheck/xlsx/limits.hpp"

namespace returncheck::validate {

// The figures of the previous submission of a return, to flag restated ones (RC402).
struct baseline {
  std::string name;  // the file's name, as messages give it
  std::vector<rules::figure> figures;
};

struct options {
  const schema::schema* spec = nullptr;  // nullptr: detect tables, run the checks that need none
  bool formula_checks = true;
  xlsx::limits caps;
  formula::eval_limits eval;  // evaluation steps per formula (--max-steps)
  std::uint64_t unique_bytes = rules::default_unique_bytes;  // memory for a records table's unique values
  // A sheet of more cells is held only in part (--max-held-cells): its records tables are checked
  // as it streams, the formula checks leave it out (RC108 says so). 200,000 cells is about 20 MB
  // held, and more than any indicators return holds on one sheet.
  std::uint64_t max_held_cells = 200'000;
  const baseline* prior = nullptr;  // compare with this submission's figures (RC402)
  // The history of the return: the fingerprints of its last check (nullptr: none kept), and
  // the explanations people gave (rules/explanation.hpp).
  const std::set<std::string>* previous = nullptr;
  std::vector<rules::explanation> explanations;
};

// The workbook as the run read it, kept for the outputs that copy it (clean::). Held by pointer:
// the evaluator refers to the workbook and its cells.
struct source {
  xlsx::workbook wb;
  xlsx::cell_store cells;
  std::unique_ptr<formula::evaluator> ev;
};

struct outcome {
  std::vector<rules::finding> findings;    // sorted (rules::sort_findings), fingerprinted
  std::uint64_t cells_checked = 0;
  std::vector<std::string> sheet_order;
  std::vector<bind::bound_table> tables;   // as bound or detected, derived periods worked out
  std::vector<bind::bound_records> records;  // the schema's records tables as bound
  std::vector<std::string> suppression_markers;  // the markers the checks read as suppressed
  std::vector<rules::figure> figures;      // the tables' period figures, a baseline for the next submission
  std::shared_ptr<source> book;            // the workbook read, with every formula's computed result
  std::vector<report::checked_part> checked;     // the rules that ran, part by part
  std::vector<report::indicator_series> series;  // every indicator a finding names, as read
};

// Reads and checks a workbook. An unreadable workbook is the reader's error (exit 3).
util::result<outcome, xlsx::error> run(const std::string& path, const options& opts);

// Reads a previous submission's figures: its tables found as `run` finds them (by opts.spec, or
// detected), no checks run.
util::result<baseline, xlsx::error> read_baseline(const std::string& path, const options& opts);

// Findings on one cell tell one story: formula findings (stale result, inconsistent formula)
// on a cell that also has a derived-figure finding become part of that finding's cause.
void merge_findings_on_a_cell(std::vector<rules::finding>& findings);

}  // namespace returncheck::validate
