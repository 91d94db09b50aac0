// A formula's R1C1 form: the shape that cells filled from one another share.
#pragma once

#include <string>

#include "returncheck/formula/ast.hpp"
#include "returncheck/xlsx/cell_ref.hpp"

namespace returncheck::formula {

// The formula of the cell `at` as Excel shows it in R1C1 style: relative parts as offsets from
// `at` (R[-1]C[2], RC[-3]; R and C alone for no offset), absolute parts as numbers (R5C2),
// whole columns and rows as C[-1]:C[1] and R[2] (one column or row written once). Everything
// else is written as by to_formula. =(E4-B4)/B4 in F4 and =(E5-B5)/B5 in F5 both give
// (RC[-1]-RC[-4])/RC[-4], so equal text means one formula filled across cells.
std::string to_r1c1(const node& tree, xlsx::cell_pos at);

}  // namespace returncheck::formula
