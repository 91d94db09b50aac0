// The formula printer shared by to_formula (A1 references) and to_r1c1 (R1C1 references).
#pragma once

#include <string>

#include "returncheck/formula/ast.hpp"
#include "returncheck/xlsx/cell_ref.hpp"

namespace returncheck::formula::detail {

// Appends the cells of a reference (B3, $A:$C, R[-1]C2, ...), without its sheet prefix, as seen
// from the cell `at` that holds the formula.
using write_cells_fn = void (*)(std::string& out, const reference& ref, xlsx::cell_pos at);

void write_a1_cells(std::string& out, const reference& ref, xlsx::cell_pos at);

// Appends the whole tree as formula text; every reference's cells go through write_cells.
void write_formula(std::string& out, const node& tree, write_cells_fn write_cells, xlsx::cell_pos at);

}  // namespace returncheck::formula::detail
