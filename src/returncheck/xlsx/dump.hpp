// `returncheck dump`: every non-empty cell of a workbook as JSON Lines (docs/dump.md).
#pragma once

#include <cstddef>
#include <optional>
#include <ostream>

#include "returncheck/xlsx/workbook.hpp"

namespace returncheck::xlsx {

// One line per non-empty cell, in sheet order, then row, then column as stored:
// {"sheet":"Activity","cell":"F5","type":"n","value":0.176,"formula":"(E5-B5)/E5"}
// When only_sheet is set, just that sheet (an index into wb.sheets()).
result<util::ok_t> dump(const workbook& wb, std::optional<std::size_t> only_sheet, std::ostream& out);

}  // namespace returncheck::xlsx
