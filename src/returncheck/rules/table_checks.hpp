// The checks over an indicators table as bound: each value (type, bounds, markers, text), each
// derived column (% change, change, share, rate), movements between periods, and the schema's
// own rules. Derived figures are compared at the precision the stated cell shows.
#pragma once

#include <cstdint>
#include <vector>

#include "returncheck/bind/bind.hpp"
#include "returncheck/formula/evaluator.hpp"
#include "returncheck/rules/finding.hpp"
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

// The schema's rules (expression, change, sum) over the bound tables.
std::vector<finding> check_rules(const schema::schema& s, const std::vector<bind::bound_table>& tables,
                                 const table_context& ctx);

}  // namespace returncheck::rules
