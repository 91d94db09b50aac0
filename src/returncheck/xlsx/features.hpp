// What a workbook holds besides cells, formats and layout, counted so that a copy can say what it leaves out.
#pragma once

#include <cstdint>

namespace returncheck::xlsx {

// Per worksheet, from the worksheet part's own elements: complete once next_row() has
// returned false, because most of them follow the cells.
struct sheet_features {
  std::uint32_t conditional_formats = 0;  // <conditionalFormatting> blocks
  std::uint32_t data_validations = 0;     // <dataValidation> rules (drop-down lists and the like)
  std::uint32_t hyperlinks = 0;           // <hyperlink>
  std::uint32_t drawings = 0;             // <drawing>: charts, pictures and shapes on the sheet
  std::uint32_t legacy_drawings = 0;      // <legacyDrawing>: notes (comments) and form controls
  std::uint32_t table_parts = 0;          // <tablePart>: tables (Insert > Table)
  std::uint32_t auto_filters = 0;         // <autoFilter>: filter buttons on a range
  std::uint32_t sheet_protection = 0;     // <sheetProtection>: the sheet is protected
  std::uint32_t extensions = 0;           // <ext> in the sheet's <extLst>: sparklines, newer rules, slicers
  friend bool operator==(const sheet_features&, const sheet_features&) = default;
};

}  // namespace returncheck::xlsx
