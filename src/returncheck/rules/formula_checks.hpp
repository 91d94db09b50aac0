// The formula checks (RC501-RC505): stale cached values, formulas out of line with their
// neighbours, numbers typed over formulas, error values, and arithmetic on blank or text cells.
#pragma once

#include <cstddef>
#include <vector>

#include "returncheck/formula/evaluator.hpp"
#include "returncheck/rules/finding.hpp"
#include "returncheck/xlsx/cell_store.hpp"
#include "returncheck/xlsx/workbook.hpp"

namespace returncheck::rules {

struct formula_check_options {
  // Findings of one rule on one sheet beyond this many are not listed one by one: a closing
  // info finding of that rule counts them ("and 57 more ...").
  std::size_t max_per_rule_per_sheet = 200;
};

// Every formula check over the whole workbook, each finding with its sheet and cell (no
// indicator or period), in sheet order, then row, column and rule. Cells that Excel's own
// error checking was told to ignore (<ignoredError>) are not reported by the matching rule.
//
// Precision comes before recall: a region whose formulas differ from one another throughout,
// a formula that builds on the cell it differs from, or a reference tested elsewhere in the
// same formula is left alone rather than reported on a guess.
std::vector<finding> check_formulas(const xlsx::workbook& wb, const xlsx::cell_store& cells, formula::evaluator& ev,
                                    const formula_check_options& opts = {});

}  // namespace returncheck::rules
