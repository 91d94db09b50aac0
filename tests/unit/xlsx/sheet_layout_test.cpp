// Tests for a worksheet's layout (columns, view, pane, default sizes, tab colour) and its feature counts.
#include <gtest/gtest.h>

#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "returncheck/xlsx/workbook.hpp"
#include "unit/test_xlsx.hpp"

namespace returncheck::xlsx {

std::ostream& operator<<(std::ostream& os, const col_info& c) {
  os << "{" << c.first_col << "-" << c.last_col << " width=";
  if (c.width) os << *c.width;
  return os << (c.custom_width ? " custom" : "") << (c.hidden ? " hidden" : "") << " s=" << c.style_idx
            << " level=" << int(c.outline_level) << "}";
}

namespace {

using test::main_ns;
using test::workbook_parts;
using test::write_zip;

// A worksheet part: `head` before <sheetData>, `after` after it, one cell in A1.
std::string sheet_xml(const std::string& head, const std::string& after = "") {
  return "<?xml version=\"1.0\"?>\n<worksheet xmlns=\"" + main_ns +
         "\" xmlns:x14=\"http://schemas.microsoft.com/office/spreadsheetml/2009/9/main\">" + head +
         "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData>" + after + "</worksheet>";
}

struct sheet_read {
  sheet_layout layout;
  sheet_features features;
};

// Reads the whole sheet and returns what the reader knew at the end.
sheet_read read_sheet_xml(const std::string& xml, const std::string& styles_xml = "") {
  auto wb = workbook::open(write_zip(workbook_parts({{"Sheet1", xml}}, "", styles_xml)));
  if (!wb) throw std::runtime_error(wb.error().message);
  auto reader = wb->read_sheet(0);
  if (!reader) throw std::runtime_error(reader.error().message);
  row r;
  for (;;) {
    auto more = reader->next_row(r);
    if (!more) throw std::runtime_error(more.error().message);
    if (!*more) break;
  }
  return {reader->layout(), reader->features()};
}

TEST(sheet_layout, column_widths) {
  const auto s =
      read_sheet_xml(sheet_xml("<cols><col min=\"1\" max=\"1\" width=\"12.7109375\" customWidth=\"1\"/>"
                               "<col min=\"2\" max=\"4\" width=\"0\" hidden=\"1\" style=\"3\" outlineLevel=\"1\"/>"
                               "<col min=\"5\" max=\"16384\" style=\"2\"/></cols>"));
  EXPECT_EQ(s.layout.cols,
            (std::vector<col_info>{
                {.first_col = 1, .last_col = 1, .width = 12.7109375, .custom_width = true},
                {.first_col = 2, .last_col = 4, .width = 0, .hidden = true, .style_idx = 3, .outline_level = 1},
                {.first_col = 5, .last_col = 16384, .style_idx = 2},  // no width: the default
            }));
}

TEST(sheet_layout, odd_columns) {
  const auto s = read_sheet_xml(
      sheet_xml("<cols><col min=\"8\" max=\"9\" width=\"20\"/>"
                "<col min=\"3\" max=\"2\" width=\"5\"/>"          // min beyond max: no columns
                "<col min=\"0\" max=\"2\" width=\"5\"/>"          // column 0 does not exist
                "<col min=\"4\" width=\"5\"/>"                    // no max
                "<col min=\"x\" max=\"5\" width=\"5\"/>"          // min not a number
                "<col min=\"16385\" max=\"16390\" width=\"5\"/>"  // beyond XFD
                "<col min=\"2\" max=\"3\" width=\"wide\" hidden=\"maybe\" style=\"-1\" outlineLevel=\"8\"/>"
                "<col min=\"6\" max=\"20000\" width=\"-3\"/>"  // ends beyond XFD; a negative width is none
                "<col min=\"1\" max=\"1\" width=\"inf\"/></cols>"
                "<cols><col min=\"7\" max=\"7\" width=\"1e3\"/></cols>"));  // a second <cols> block
  EXPECT_EQ(s.layout.cols, (std::vector<col_info>{
                               {.first_col = 1, .last_col = 1},
                               {.first_col = 2, .last_col = 3},
                               {.first_col = 6, .last_col = 16384},
                               {.first_col = 7, .last_col = 7, .width = 1000},
                               {.first_col = 8, .last_col = 9, .width = 20},
                           }));
}

TEST(sheet_layout, frozen_pane) {
  const auto s = read_sheet_xml(
      sheet_xml("<sheetViews><sheetView tabSelected=\"1\" showGridLines=\"0\" zoomScale=\"85\" workbookViewId=\"0\">"
                "<pane xSplit=\"1\" ySplit=\"2\" topLeftCell=\"B3\" activePane=\"bottomRight\" state=\"frozen\"/>"
                "<selection pane=\"bottomRight\" activeCell=\"C5\" sqref=\"C5\"/></sheetView></sheetViews>"));
  EXPECT_EQ(s.layout.view, (sheet_view{.tab_selected = true,
                                       .show_grid_lines = false,
                                       .zoom_scale = 85,
                                       .pane = sheet_pane{.state = pane_state::frozen,
                                                          .frozen_rows = 2,
                                                          .frozen_cols = 1,
                                                          .x_split = 1,
                                                          .y_split = 2,
                                                          .top_left = cell_pos{3, 2}}}));
}

TEST(sheet_layout, pane_states) {
  struct pane_case {
    std::string pane;
    sheet_pane expected;
  };
  const std::vector<pane_case> cases = {
      // Without state= a pane is a split, its position in twentieths of a point.
      {"<pane xSplit=\"2400\" ySplit=\"1500\" topLeftCell=\"D6\"/>",
       {.x_split = 2400, .y_split = 1500, .top_left = cell_pos{6, 4}}},
      {"<pane ySplit=\"1\" topLeftCell=\"A2\" state=\"frozenSplit\"/>",
       {.state = pane_state::frozen_split, .frozen_rows = 1, .y_split = 1, .top_left = cell_pos{2, 1}}},
      {"<pane xSplit=\"3\" state=\"split\"/>", {.x_split = 3}},
      {"<pane xSplit=\"many\" ySplit=\"-2\" topLeftCell=\"nowhere\" state=\"thawed\"/>", {}},
      {"<pane ySplit=\"2000000\" state=\"frozen\"/>",
       {.state = pane_state::frozen, .frozen_rows = 1048576, .y_split = 2000000}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.pane);
    const auto s = read_sheet_xml(
        sheet_xml("<sheetViews><sheetView workbookViewId=\"0\">" + c.pane + "</sheetView></sheetViews>"));
    ASSERT_TRUE(s.layout.view.pane.has_value());
    EXPECT_EQ(*s.layout.view.pane, c.expected);
  }
}

TEST(sheet_layout, only_the_first_view_counts) {
  // A second window's view, and a custom view's pane after the cells, are not the sheet's view.
  const auto s =
      read_sheet_xml(sheet_xml("<sheetViews><sheetView zoomScale=\"5\" showGridLines=\"false\" workbookViewId=\"0\"/>"
                               "<sheetView tabSelected=\"1\" zoomScale=\"200\" workbookViewId=\"1\">"
                               "<pane ySplit=\"1\" state=\"frozen\"/></sheetView></sheetViews>",
                               "<customSheetViews><customSheetView guid=\"{0}\"><pane ySplit=\"4\" state=\"frozen\"/>"
                               "<autoFilter ref=\"A1:B2\"/></customSheetView></customSheetViews>"));
  EXPECT_EQ(s.layout.view, (sheet_view{.show_grid_lines = false}));  // zoom 5 is below Excel's 10
  EXPECT_EQ(s.features.auto_filters, 0u);
}

TEST(sheet_layout, default_sizes_and_tab_colour) {
  const auto s =
      read_sheet_xml(sheet_xml("<sheetPr><tabColor rgb=\"FF00B050\"/><pageSetUpPr fitToPage=\"1\"/></sheetPr>"
                               "<sheetFormatPr baseColWidth=\"10\" defaultColWidth=\"10.5\" "
                               "defaultRowHeight=\"15\" zeroHeight=\"1\" x14ac:dyDescent=\"0.25\"/>"));
  EXPECT_EQ(s.layout.default_col_width, 10.5);
  EXPECT_EQ(s.layout.default_row_height, 15);
  EXPECT_TRUE(s.layout.rows_hidden_by_default);
  EXPECT_EQ(s.layout.tab_color, (color_info{.rgb = 0x00B050}));

  const auto odd =
      read_sheet_xml(sheet_xml("<sheetPr><tabColor indexed=\"10\"/></sheetPr>"
                               "<sheetFormatPr defaultColWidth=\"\" defaultRowHeight=\"tall\" zeroHeight=\"2\"/>"));
  EXPECT_EQ(odd.layout.default_col_width, std::nullopt);
  EXPECT_EQ(odd.layout.default_row_height, std::nullopt);
  EXPECT_FALSE(odd.layout.rows_hidden_by_default);
  EXPECT_EQ(odd.layout.tab_color, (color_info{.rgb = 0xFF0000, .indexed = 10}));

  const auto theme =
      read_sheet_xml(sheet_xml("<sheetPr codeName=\"Sheet1\"><tabColor theme=\"5\" tint=\"0.4\"/></sheetPr>"));
  EXPECT_EQ(theme.layout.tab_color, (color_info{.theme = 5, .tint = 0.4}));
}

TEST(sheet_layout, tab_colour_through_the_workbooks_palette) {
  std::string styles = "<?xml version=\"1.0\"?><styleSheet xmlns=\"" + main_ns + "\"><colors><indexedColors>";
  for (int i = 0; i < 64; ++i) styles += i == 12 ? "<rgbColor rgb=\"FFABCDEF\"/>" : "<rgbColor rgb=\"FF000000\"/>";
  styles += "</indexedColors></colors></styleSheet>";
  const auto s = read_sheet_xml(sheet_xml("<sheetPr><tabColor indexed=\"12\"/></sheetPr>"), styles);
  EXPECT_EQ(s.layout.tab_color, (color_info{.rgb = 0xABCDEF, .indexed = 12}));
}

TEST(sheet_layout, nothing_said_means_the_defaults) {
  const auto s = read_sheet_xml(sheet_xml(""));
  EXPECT_TRUE(s.layout.cols.empty());
  EXPECT_EQ(s.layout.view, sheet_view{});
  EXPECT_EQ(s.layout.default_col_width, std::nullopt);
  EXPECT_EQ(s.layout.default_row_height, std::nullopt);
  EXPECT_FALSE(s.layout.rows_hidden_by_default);
  EXPECT_EQ(s.layout.tab_color, std::nullopt);
  EXPECT_EQ(s.features, sheet_features{});
}

TEST(sheet_layout, known_once_the_first_row_is_read) {
  const std::string xml = sheet_xml(
      "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" state=\"frozen\"/>"
      "</sheetView></sheetViews><cols><col min=\"1\" max=\"2\" width=\"30\" customWidth=\"1\"/></cols>",
      "<conditionalFormatting sqref=\"A1\"><cfRule type=\"cellIs\" priority=\"1\"/></conditionalFormatting>");
  auto wb = workbook::open(write_zip(workbook_parts({{"Sheet1", xml}})));
  ASSERT_TRUE(wb.has_value()) << wb.error().message;
  auto reader = wb->read_sheet(0);
  ASSERT_TRUE(reader.has_value()) << reader.error().message;
  row r;
  auto more = reader->next_row(r);
  ASSERT_TRUE(more.has_value() && *more);
  ASSERT_EQ(reader->layout().cols.size(), 1u);
  ASSERT_TRUE(reader->layout().view.pane.has_value());
  EXPECT_EQ(reader->layout().view.pane->frozen_rows, 1u);
  EXPECT_EQ(reader->features().conditional_formats, 0u);  // still ahead in the file
  more = reader->next_row(r);
  ASSERT_TRUE(more.has_value());
  EXPECT_FALSE(*more);
  EXPECT_EQ(reader->features().conditional_formats, 1u);
}

TEST(sheet_layout, features_a_copy_may_not_keep) {
  const auto s = read_sheet_xml(sheet_xml(
      "<sheetPr filterMode=\"1\"/>",
      "<sheetProtection sheet=\"1\" objects=\"1\"/><autoFilter ref=\"A1:C9\"><filterColumn colId=\"0\"/>"
      "</autoFilter><mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells>"
      "<conditionalFormatting sqref=\"A1:A9\"><cfRule type=\"dataBar\" priority=\"1\"><dataBar>"
      "<cfvo type=\"min\"/><cfvo type=\"max\"/><color rgb=\"FF638EC6\"/></dataBar><extLst><ext uri=\"{B025}\">"
      "<x14:id>{1}</x14:id></ext></extLst></cfRule></conditionalFormatting>"
      "<conditionalFormatting sqref=\"B1:B9\"><cfRule type=\"expression\" priority=\"2\"><formula>B1&gt;0"
      "</formula></cfRule></conditionalFormatting>"
      "<dataValidations count=\"3\"><dataValidation type=\"list\" sqref=\"C1\"><formula1>\"a,b\"</formula1>"
      "</dataValidation><dataValidation type=\"whole\" sqref=\"C2\"/><dataValidation sqref=\"C3\"/>"
      "</dataValidations>"
      "<hyperlinks><hyperlink ref=\"A1\" r:id=\"rId1\" xmlns:r=\"urn:r\"/><hyperlink ref=\"A2\" location=\"'S'!A1\"/>"
      "</hyperlinks><pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" "
      "footer=\"0.3\"/><drawing r:id=\"rId2\" xmlns:r=\"urn:r\"/><legacyDrawing r:id=\"rId3\" xmlns:r=\"urn:r\"/>"
      "<tableParts count=\"2\"><tablePart r:id=\"rId4\" xmlns:r=\"urn:r\"/><tablePart r:id=\"rId5\" xmlns:r=\"urn:r\"/>"
      "</tableParts><extLst><ext uri=\"{78C0D931}\"><x14:conditionalFormattings><x14:conditionalFormatting>"
      "<x14:cfRule type=\"dataBar\" id=\"{1}\"/></x14:conditionalFormatting></x14:conditionalFormattings></ext>"
      "<ext uri=\"{CCE6A557}\"><x14:dataValidations count=\"1\"><x14:dataValidation/></x14:dataValidations>"
      "</ext><ext uri=\"{05C60535}\"><x14:sparklineGroups/></ext></extLst>"));
  EXPECT_EQ(s.features, (sheet_features{.conditional_formats = 2,
                                        .data_validations = 3,
                                        .hyperlinks = 2,
                                        .drawings = 1,
                                        .legacy_drawings = 1,
                                        .table_parts = 2,
                                        .auto_filters = 1,
                                        .sheet_protection = 1,
                                        .extensions = 3}));
}

TEST(sheet_layout, prefixed_elements_read_alike) {
  const std::string xml =
      "<?xml version=\"1.0\"?>\n<x:worksheet xmlns:x=\"" + main_ns +
      "\"><x:sheetViews><x:sheetView workbookViewId=\"0\">"
      "<x:pane xSplit=\"2\" state=\"frozen\"/></x:sheetView></x:sheetViews><x:cols><x:col min=\"1\" max=\"1\" "
      "width=\"9\"/></x:cols><x:sheetData/><x:hyperlinks><x:hyperlink ref=\"A1\"/></x:hyperlinks></x:worksheet>";
  const auto s = read_sheet_xml(xml);
  EXPECT_EQ(s.layout.cols, (std::vector<col_info>{{.first_col = 1, .last_col = 1, .width = 9}}));
  ASSERT_TRUE(s.layout.view.pane.has_value());
  EXPECT_EQ(s.layout.view.pane->frozen_cols, 2u);
  EXPECT_EQ(s.features.hyperlinks, 1u);
}

}  // namespace
}  // namespace returncheck::xlsx
