// A run's findings rendered for people and programs: report.json, CSV and the console summary.
// docs/report-format.md defines each format; report.json is a stable contract ("format": 1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "returncheck/clean/clean.hpp"
#include "returncheck/report/coverage.hpp"
#include "returncheck/rules/finding.hpp"

namespace returncheck::report {

// The cleaned and annotated workbooks, when they were written: their file names, the cells the
// cleaned one holds differently from the input, and what neither could carry over.
struct cleaned_output {
  std::string cleaned_file;
  std::string annotated_file;  // empty when none was written
  std::vector<clean::change> changes;
  std::vector<clean::not_carried> not_carried;
};

// What one run of the checks found in one workbook.
struct report {
  std::string input;                     // the workbook as the user named it
  std::string schema;                    // the schema file as the user named it; empty without one
  std::vector<rules::finding> findings;  // in any order: every format lists them in a stable one
  std::uint64_t cells_checked = 0;
  std::vector<std::string> sheet_order;  // the workbook's sheets in order; findings follow it
  std::optional<cleaned_output> cleaned; // set when the cleaned workbook was written
  std::vector<checked_part> checked;     // the rules that ran, by part; JUnit's test cases
  std::vector<indicator_series> series;  // every indicator with a finding, for the HTML charts
};

struct summary {
  std::uint64_t errors = 0;
  std::uint64_t queries = 0;
  std::uint64_t infos = 0;
  std::uint64_t explained = 0;  // queries with an explanation that applies (counted in queries too)
};

summary summarise(const report& r);

// Whether a run with these findings fails --fail-on LEVEL (error, query; never fails nothing):
// errors always count, queries for `query` unless explained.
bool fails(const summary& s, std::string_view fail_on);

// Every format lists the findings in the same order: those about the whole workbook first, then
// by sheet (sheet_order, then sheets it does not name in the order they first appear), row,
// column and rule id. A finding without a name, message or fingerprint gets the rule's slug, the
// rule's summary and a computed fingerprint, so those fields are never empty.

// report.json: one compact line of JSON ending with a newline, keys in a fixed order, absent
// values as null; numbers read back to the same double.
std::string to_json(const report& r);

// One finding a row under a header row (RFC 4180, CRLF line ends), UTF-8 with a byte order mark
// so that Excel reads it as UTF-8. Text that starts with = + - @, a tab or a carriage return is
// prefixed with ' so that a spreadsheet shows it rather than running it as a formula.
std::string to_csv(const report& r);

// For a terminal: the input and schema, the findings grouped by sheet, and a final count line
// ("1 error, 0 queries, 0 infos in 15 cells checked"). With `colour`, severities are coloured
// with ANSI escapes. Control characters in workbook text are shown as spaces, so that a cell
// cannot move the cursor or recolour the terminal.
std::string to_console(const report& r, bool colour);

}  // namespace returncheck::report
