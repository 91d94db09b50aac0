// The cleaned workbook and the annotated copy: a return written again with its values normalised,
// its formulas' results recomputed, and (annotated) its findings marked where people work.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "returncheck/rules/finding.hpp"
#include "returncheck/schema/schema.hpp"
#include "returncheck/util/atomic_file.hpp"
#include "returncheck/xlsx/cell_ref.hpp"

namespace returncheck::validate {
struct outcome;
}

namespace returncheck::clean {

// What a cleaning action did to one cell. Only `fix` changes what a figure means; the others
// store the same figure the way Excel expects it.
enum class action : std::uint8_t {
  number_from_text,     // "229" (text) → 229
  percent_from_text,    // "20%" (text) → 0.2 with a % format
  percent_from_whole,   // 64 among fractions of a percentage row → 0.64 with a % format
  percent_format,       // 0.2 in a percentage indicator shown without % → the same 0.2 shown 20%
  date_from_text,       // "31/03/2015" (text) in a date column → the date 31/03/2015
  suppression_token,    // "x", "*", "[c]" → the one token chosen (default "c")
  label_trimmed,        // " Number of Looked After Children  " → "Number of Looked After Children"
  recomputed,           // a formula's stored result differs from what it computes: the computed one is kept
  fix,                  // --fix: a wrong figure corrected (the finding records before and after)
};

// "number-from-text", ... "fix": the slug used in report.json and report.csv.
std::string_view to_string(action a);

// One cell written differently from the input.
struct change {
  std::string sheet;
  xlsx::cell_pos cell;
  action what = action::number_from_text;
  std::string before;       // as the input showed it: "229" (text), 0.18, =(E5-B5)/E5
  std::string after;        // as the cleaned workbook holds it
  std::string fingerprint;  // of the finding this change answers; empty when there is none

  // What the cleaned workbook writes there: a formula (its result in `number`), else a number,
  // else `text`; with num_fmt, the number format the cell gets (its own otherwise).
  std::string formula;      // without '='
  std::optional<double> number;
  std::string text;
  std::string num_fmt;
};

// Something in the input that the cleaned workbook does not carry (charts, macros, ...).
struct not_carried {
  std::string what;   // "chart", "conditional format", "data table formula", ...
  std::string sheet;  // empty for the whole workbook
  std::uint64_t count = 0;
  std::string detail; // one line: why, or what becomes of it
};

struct options {
  // The token every suppression marker becomes; empty keeps each marker as typed.
  std::string suppression_token = "c";
  // Apply unambiguous corrections to wrong derived figures (recorded as findings' fixes).
  bool fix = false;
};

// The cleaning of one text cell of a records table's column: a date typed as text in a date
// column, a number typed as text in a number or integer column; nullopt when the text is none
// of those or the column takes text. `change::sheet` and `cell` are left for the caller.
// `number_text_ignored`: Excel was told to leave the cell's number as text.
std::optional<change> record_cell_change(const schema::column& column, std::string_view text, bool date1904,
                                         bool number_text_ignored);

// The cleaning actions for a validated workbook: values in the tables the run bound or detected
// stored as Excel expects, labels trimmed, markers made one token, and with opts.fix the wrong
// derived figures that have one unambiguous correction. Findings a fix answers get
// fix_before/fix_after. Changes come in sheet, row, column order.
std::vector<change> plan(validate::outcome& run, const options& opts);

// What is written: the input's sheets, with the planned changes; `annotate` adds a fill and a
// comment on every cell with a finding, and the Discrepancies and Summary sheets.
struct write_options {
  bool annotate = false;
  std::string input_name;   // the input as the user named it, for the Summary sheet
  std::string schema_name;  // empty without a schema
  std::string generated_at; // ISO 8601 time of the run, for the Summary sheet
};

// Writes the copy to `target` atomically (a temporary file in the same folder, then a rename),
// never over `inputs`. Appends to `dropped` what the copy could not carry (each kind once). A
// sheet held only in part (too large to hold) is copied as it streams, in constant memory, its
// records columns cleaned on the way: those changes are appended to `streamed_changes`.
util::write_result write(const std::filesystem::path& target, const validate::outcome& run,
                         std::span<const change> changes, std::span<const rules::finding> findings,
                         const write_options& opts, std::vector<not_carried>& dropped,
                         std::span<const std::filesystem::path> inputs = {},
                         std::vector<change>* streamed_changes = nullptr);

}  // namespace returncheck::clean
