// Reading the worksheet elements that lay a sheet out, from a start tag's raw attributes.
#pragma once

#include <optional>
#include <string_view>

#include "returncheck/xlsx/detail/workbook_data.hpp"
#include "returncheck/xlsx/layout.hpp"

namespace returncheck::xlsx::detail {

// Each reads what it can: a bad or missing value leaves its field at the default, because a
// width or a zoom is never worth refusing a sheet's cells for.

// <col>; nullopt when min and max do not name a run of columns on the sheet.
std::optional<col_info> read_col(std::string_view attrs);
// <sheetView>: tabSelected, showGridLines, zoomScale.
void read_sheet_view(std::string_view attrs, sheet_view& view);
// <pane>
sheet_pane read_pane(std::string_view attrs);
// <sheetFormatPr>: the default column width and row height, zeroHeight.
void read_sheet_format(std::string_view attrs, sheet_layout& layout);
// <tabColor>, an indexed colour resolved through the workbook's palette.
color_info read_tab_color(std::string_view attrs, const workbook_data& wb);

}  // namespace returncheck::xlsx::detail
