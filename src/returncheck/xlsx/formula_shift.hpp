// Moving a formula's relative references, as Excel does for each cell of a shared formula.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace returncheck::xlsx {

// Returns the formula (text without a leading '=') as it reads in a cell row_delta rows and
// col_delta columns away from the cell that holds it. Only the parts of A1 references without a
// '$' move; a reference pushed off the sheet becomes #REF! (a whole range, if either end goes),
// keeping its sheet prefix as Excel does. Strings, structured references, names, functions,
// numbers and errors are copied byte for byte, so any input, however malformed, is safe.
std::string shift_formula(std::string_view formula, std::int32_t row_delta, std::int32_t col_delta);

// One past the ']' that closes the bracketed group opening at `open` (a structured reference
// such as Table1[[#This Row],[Col]], or an external workbook [1]), nested groups and the '
// escape (Table1['#Items]) included; npos when it never closes. Shared with the parser.
std::size_t bracket_group_end(std::string_view text, std::size_t open);

}  // namespace returncheck::xlsx
