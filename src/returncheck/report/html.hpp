// report.html: one self-contained page a performance officer can read, print and forward
// (docs/report-format.md#reporthtml).
#pragma once

#include <chrono>
#include <string>

#include "returncheck/report/report.hpp"

namespace returncheck::report {

// The verdict first ("2 errors must be fixed before submission"), then the counts by severity
// and by rule, then the findings by sheet, each with its values written as the workbook shows
// them and, when its indicator has a series, a chart of it. Inline CSS and SVG only: no script,
// no external file, no network. All workbook text is escaped. `checked_at` is printed in local
// time; apart from it, the same report always gives the same bytes.
std::string to_html(const report& r,
                    std::chrono::system_clock::time_point checked_at = std::chrono::system_clock::now());

}  // namespace returncheck::report
