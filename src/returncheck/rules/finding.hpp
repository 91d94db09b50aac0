// What the checks report: findings, each from a rule of the catalogue (docs/rules.md).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "returncheck/schema/schema.hpp"
#include "returncheck/xlsx/cell_ref.hpp"

namespace returncheck::rules {

using schema::severity;

// One rule of the catalogue: a stable id ("RC201"), a slug ("pct-change-mismatch"), its
// default severity and a one-line summary (the catalogue in docs/rules.md is checked against
// this table by a test).
struct rule_info {
  std::string_view id;
  std::string_view slug;
  severity level;
  std::string_view family;   // structure, value, derived, change, formula
  std::string_view summary;
};

// Every rule, in id order.
std::span<const rule_info> catalogue();
// The rule with this id or slug; nullptr when there is none.
const rule_info* find_rule(std::string_view id_or_slug);

struct finding {
  std::string rule;        // id, e.g. "RC201"
  std::string name;        // slug, e.g. "pct-change-mismatch"
  severity level = severity::error;
  std::string sheet;       // empty for a finding about the whole workbook
  std::optional<xlsx::cell_pos> cell;
  std::string table;       // the schema's (or detected) table id, when the finding is about one
  std::string schema_rule; // the schema rule's id, for findings of the schema's own rules
  std::string indicator;   // indicator id, when there is one
  std::string period;      // period id, or "from..to" for a derived column
  std::optional<double> expected;
  std::optional<double> actual;
  std::optional<double> tolerance;
  std::string message;     // plain English a performance officer understands without the docs
  std::string cause;       // the likely mistake, when diagnosis found one
  std::string fingerprint; // stable across runs: rule, sheet, indicator, period (not the address)
  // With --fix, when the cleaned workbook corrects the cell: what it held and what it holds now
  // (a number, or a formula starting with '=').
  std::string fix_before;
  std::string fix_after;
  // Against the history of the return (rules/explanation.hpp): "new", "open" or "explained";
  // empty when there is no history. The explanation, when one applies.
  std::string status;
  std::string explanation;
};

// A finding of rule `id` with its catalogue slug and default severity filled in.
finding make_finding(std::string_view id);

// "Activity!F5", "'Table 6.2'!F5", or the sheet alone.
std::string location(const finding& f);

// Sets f.fingerprint from the rule, sheet, table, indicator and period (or the cell when there
// is no indicator): a short hex digest that stays put when rows move.
void set_fingerprint(finding& f);

// Findings in a stable order: sheet order as given, then row, column, rule id.
void sort_findings(std::vector<finding>& findings, std::span<const std::string> sheet_order);

}  // namespace returncheck::rules
