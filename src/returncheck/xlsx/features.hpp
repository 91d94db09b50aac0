// What a workbook holds besides cells, formats and layout, counted so that a copy can say what it leaves out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

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

// Per workbook, from the package's parts. New kinds go at the end, so that lists keep their order.
enum class package_feature : std::uint8_t {
  chart,                ///< a chart part (xl/charts/chart1.xml)
  drawing,              ///< a drawing part holding a sheet's charts, pictures and shapes
  media,                ///< an image or other media file (xl/media/)
  pivot_table,          ///< a pivot table
  pivot_cache,          ///< a pivot table's cached source data
  vba_project,          ///< macros (xl/vbaProject.bin)
  comments,             ///< a sheet's notes (xl/comments1.xml)
  threaded_comments,    ///< a sheet's threaded comments (Excel 365)
  external_link,        ///< a link to another workbook
  slicer,               ///< a slicer
  timeline,             ///< a timeline (a slicer for dates)
  query_table,          ///< the result range of a query
  connections,          ///< data connections (xl/connections.xml)
  custom_xml,           ///< a custom XML data part (customXml/item1.xml)
  embedded_object,      ///< an embedded object or file (xl/embeddings/)
  control,              ///< an ActiveX or form control
  data_model,           ///< a Power Pivot data model (xl/model/)
  rich_data,            ///< rich values: pictures in cells, linked data types
  revision_log,         ///< a shared workbook's change history (xl/revisions/)
  digital_signature,    ///< a digital signature
  custom_ui,            ///< a customised ribbon
  workbook_protection,  ///< the workbook structure is protected (<workbookProtection>)
};

// How many of one feature: parts of that kind, or 1 for workbook protection.
struct feature_count {
  package_feature feature{};
  std::uint32_t count = 0;
  friend bool operator==(const feature_count&, const feature_count&) = default;
};

// The feature's stable name, snake_case ("pivot_table"), for JSON and scripts.
std::string_view feature_name(package_feature f);
// Its name in words, as a heading for a count ("pivot tables").
std::string_view feature_label(package_feature f);

// How many kinds there are.
inline constexpr std::size_t package_feature_count = 22;

}  // namespace returncheck::xlsx
