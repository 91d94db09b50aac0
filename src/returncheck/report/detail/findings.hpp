// What every report format shares: the findings in their one order, and the names they print.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "returncheck/report/report.hpp"

namespace returncheck::report::detail {

std::string_view severity_name(schema::severity s);  // "error", "query", "info"

// "F5", or empty for a finding without a cell.
std::string cell_text(const rules::finding& f);

// The findings as every format lists them (the order report.hpp describes), each with its name,
// message and fingerprint filled in.
std::vector<rules::finding> prepared(const report& r);

// "1 error", "2 errors"
std::string counted(std::uint64_t n, std::string_view one, std::string_view many);

// "returncheck 0.1.0"
std::string tool_name();

}  // namespace returncheck::report::detail
