// Reading styles.xml: the number format of every cell format.
#pragma once

#include <string_view>

#include "returncheck/xlsx/detail/workbook_data.hpp"

namespace returncheck::xlsx::detail {

// Fills wb.formats from the styles part; fails only when the part is not readable XML.
result<util::ok_t> read_styles(workbook_data& wb, std::string_view part);

}  // namespace returncheck::xlsx::detail
