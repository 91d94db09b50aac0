// The checks over an indicators table as bound: each value (type, bounds, markers, text), each
// derived column (% change, change, share, rate), movements between periods, and the schema's
// own rules. Derived figures are compared at the precision the stated cell shows.
#pragma once

#include <cstdint>
#include <vector>

#include "returncheck/bind/bind.hpp"
#include "returncheck/formula/evaluator.hpp"
#include "returncheck/rules/finding.hpp"
#include "returncheck/rules/reading.hpp"
#include "returncheck/schema/schema.hpp"

namespace returncheck::rules {

struct table_context {
  const xlsx::workbook& wb;
  const xlsx::cell_store& cells;
  formula::evaluator& ev;
  const schema::schema* spec = nullptr;  // nullptr without a schema
};

// Checks one table. A derived column without from/to (detected, or left open in the schema)
// first has them worked out from the rows that agree: the pair of periods (and the scale, 0.2
// or 20 for 20%) under which most rows agree, when at least two rows and more than half do;
// the column is left alone otherwise. `cells_checked` grows by the cells read.
std::vector<finding> check_table(bind::bound_table& table, const table_context& ctx, std::uint64_t& cells_checked);

// An indicator's cells in each of the table's periods, in t.periods order, read as the checks
// read them (the schema's suppression markers, numbers typed as text, percentages).
std::vector<reading> read_periods(const bind::bound_table& t, const bind::bound_indicator& i, const table_context& ctx);

// The rule that checks a derived column of this kind: RC201 % change, RC202 change, RC203 share
// or ratio, RC204 rate.
std::string_view rule_for(schema::derived_kind k);

// The ids of the rules that check_table and check_rules run over this table, in id order, once
// check_table has worked out its derived columns: the value rules that apply to its indicators'
// types and constraints, one derived rule per kind of column whose periods are known, and the
// schema rules whose indicators are all in it. Without a schema, RC304 and RC306 and the
// derived rules.
std::vector<std::string_view> rules_run(const bind::bound_table& t, const schema::schema* spec);

// The schema's rules (expression, change, sum) over the bound tables.
std::vector<finding> check_rules(const schema::schema& s, const std::vector<bind::bound_table>& tables,
                                 const table_context& ctx);

}  // namespace returncheck::rules
