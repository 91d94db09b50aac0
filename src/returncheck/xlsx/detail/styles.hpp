// Reading styles.xml: every cell format's number format and look, and the colour palette.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "returncheck/xlsx/detail/workbook_data.hpp"

namespace returncheck::xlsx::detail {

// The legacy palette that indexed="N" colours 0 to 63 name, before a workbook changes it.
std::array<std::uint32_t, 64> standard_palette();

// Fills wb.formats and wb.styles from the styles part, and wb.palette from its <indexedColors>;
// fails only when the part is not readable XML. Unknown elements and bad values are skipped.
result<util::ok_t> read_styles(workbook_data& wb, std::string_view part);

// Reads one attribute of a colour element (rgb, theme, indexed, tint) into c; others and bad
// values are ignored. Shared by styles.xml and worksheets' <tabColor>.
void read_color_attr(color_info& c, std::string_view name, std::string_view value);
// Gives an indexed colour its RGB from the workbook's palette.
void resolve_indexed(color_info& c, const workbook_data& wb);

}  // namespace returncheck::xlsx::detail
