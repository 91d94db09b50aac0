// The rule catalogue and what every finding shares: location, fingerprint, order.
#include "returncheck/rules/finding.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <tuple>

namespace returncheck::rules {
namespace {

using enum schema::severity;

// Ids are stable: a rule that goes away leaves its id unused. docs/rules.md describes each.
constexpr std::array<rule_info, 35> rules{{
    {"RC101", "missing-sheet", error, "structure", "A sheet the schema names is not in the workbook"},
    {"RC102", "missing-indicator", error, "structure", "An indicator's label is not found in its table"},
    {"RC103", "missing-period", error, "structure", "A period's header is not found in its table"},
    {"RC104", "missing-derived-column", error, "structure", "A derived column's header is not found"},
    {"RC105", "duplicate-indicator", query, "structure", "An indicator's label appears on more than one row"},
    {"RC106", "missing-table", error, "structure", "None of a table's labels is found on any sheet"},
    {"RC107", "missing-column", error, "structure", "A records table's column header is not found in its header row"},
    {"RC108", "check-limited", info, "structure", "A check stopped at a memory limit; what it did not reach is not reported"},
    {"RC201", "pct-change-mismatch", error, "derived", "A stated % change differs from the change its inputs give"},
    {"RC202", "change-mismatch", error, "derived", "A stated change differs from the difference of its inputs"},
    {"RC203", "share-mismatch", error, "derived", "A stated share or ratio differs from part / whole"},
    {"RC204", "rate-mismatch", error, "derived", "A stated rate per N differs from count / population x N"},
    {"RC205", "sum-mismatch", error, "derived", "Parts do not add up to their total"},
    {"RC206", "rule-failed", error, "derived", "A schema rule's expression is not TRUE"},
    {"RC301", "not-a-count", error, "value", "A count is not a whole number of at least 0"},
    {"RC302", "out-of-bounds", error, "value", "A value is outside the schema's minimum or maximum"},
    {"RC303", "required-missing", error, "value", "A required value is blank or suppressed"},
    {"RC304", "number-stored-as-text", query, "value", "A number is stored as text"},
    {"RC305", "percent-as-whole-number", query, "value", "A percentage is written as 20 where 0.2 (20%) is meant"},
    {"RC306", "percent-as-text", query, "value", "A percentage is stored as the text \"20%\""},
    {"RC307", "suppressed-value", info, "value", "A value is suppressed (c, x, *, [c] ...)"},
    {"RC308", "text-in-numeric-cell", error, "value", "A numeric indicator's cell holds text that is no number or marker"},
    {"RC309", "record-required-missing", error, "value", "A record's cell in a required column is blank"},
    {"RC310", "record-wrong-type", error, "value", "A record's cell is not of its column's type (integer, number, date, boolean)"},
    {"RC311", "record-out-of-bounds", error, "value", "A record's value is outside its column's minimum or maximum"},
    {"RC312", "record-not-allowed", error, "value", "A record's value is not one of its column's allowed values (enum)"},
    {"RC313", "record-pattern-mismatch", error, "value", "A record's value does not match its column's pattern"},
    {"RC314", "record-duplicate", error, "value", "A value in a unique column repeats an earlier record's"},
    {"RC401", "large-change", query, "change", "A period-on-period movement is beyond the schema's threshold"},
    {"RC402", "restated-figure", query, "change", "A period's figure differs from the previous submission's"},
    {"RC501", "stale-cached-value", error, "formula", "A formula's stored result differs from what it computes"},
    {"RC502", "inconsistent-formula", query, "formula", "A formula differs in shape from its row or column neighbours"},
    {"RC503", "number-over-formula", query, "formula", "A typed number stands where its neighbours hold formulas"},
    {"RC504", "error-value", error, "formula", "A cell shows an error value (#DIV/0!, #REF!, #N/A ...)"},
    {"RC505", "reference-to-blank-or-text", query, "formula", "A formula's arithmetic reads a blank or text cell"},
}};

}  // namespace

std::span<const rule_info> catalogue() { return rules; }

const rule_info* find_rule(std::string_view id_or_slug) {
  for (const auto& r : rules)
    if (r.id == id_or_slug || r.slug == id_or_slug) return &r;
  return nullptr;
}

finding make_finding(std::string_view id) {
  finding f;
  f.rule = std::string(id);
  if (const rule_info* r = find_rule(id)) {
    f.name = std::string(r->slug);
    f.level = r->level;
  }
  return f;
}

std::string location(const finding& f) {
  std::string out;
  if (!f.sheet.empty()) {
    const bool quote = std::any_of(f.sheet.begin(), f.sheet.end(), [](char c) {
      return !(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' ||
               static_cast<unsigned char>(c) >= 0x80);
    });
    if (quote) {
      out += '\'';
      for (char c : f.sheet) {
        if (c == '\'') out += '\'';
        out += c;
      }
      out += '\'';
    } else {
      out += f.sheet;
    }
  }
  if (f.cell) {
    if (!out.empty()) out += '!';
    out += xlsx::format_cell_ref(*f.cell);
  }
  return out;
}

// FNV-1a over the parts, each followed by a separator: stable across platforms and runs.
void set_fingerprint(finding& f) {
  std::uint64_t h = 14695981039346656037ull;
  auto add = [&](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
    h ^= 0x1f;
    h *= 1099511628211ull;
  };
  add(f.rule);
  add(f.sheet);
  add(f.table);
  add(f.schema_rule);
  add(f.indicator);
  add(f.period);
  if (f.indicator.empty() && f.cell) add(xlsx::format_cell_ref(*f.cell));
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  f.fingerprint = buf;
}

void sort_findings(std::vector<finding>& findings, std::span<const std::string> sheet_order) {
  auto sheet_rank = [&](const std::string& name) {
    const auto it = std::find(sheet_order.begin(), sheet_order.end(), name);
    return name.empty() ? std::ptrdiff_t(-1) : std::distance(sheet_order.begin(), it);
  };
  std::stable_sort(findings.begin(), findings.end(), [&](const finding& a, const finding& b) {
    const auto ka = std::make_tuple(sheet_rank(a.sheet), a.cell ? a.cell->row_idx : 0u, a.cell ? a.cell->col_idx : 0u);
    const auto kb = std::make_tuple(sheet_rank(b.sheet), b.cell ? b.cell->row_idx : 0u, b.cell ? b.cell->col_idx : 0u);
    if (ka != kb) return ka < kb;
    return a.rule < b.rule;
  });
}

}  // namespace returncheck::rules
