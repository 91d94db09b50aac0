// Tests for `dump` (the exact JSON Lines text) and `inspect` (counts, ranges, JSON and text).
#include "returncheck/xlsx/dump.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>
#include <string>

#include "returncheck/util/json.hpp"
#include "returncheck/xlsx/inspect.hpp"
#include "unit/test_xlsx.hpp"

namespace returncheck::xlsx {
namespace {

using test::set_part;
using test::styles;
using test::workbook_parts;
using test::worksheet;
using test::write_zip;
using test::rel_ns;
using test::main_ns;


workbook open_ok(const std::string& path) {
  auto wb = workbook::open(path);
  if (!wb) throw std::runtime_error("cannot open: " + wb.error().message);
  return std::move(wb).value();
}

// Two sheets with one cell of each kind the dump writes, and the cells it leaves out.
std::string small_workbook() {
  const std::string activity = worksheet(
      // Row 1: values of every type; H1 is an empty shared string.
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>184</v></c><c r="C1" s="1"><v>42094</v></c>)"
      R"(<c r="D1" t="b"><v>1</v></c><c r="E1" t="b"><v>0</v></c><c r="F1" t="d"><v>2015-03-31T00:00:00</v></c>)"
      R"(<c r="G1" s="1"><v>-1</v></c><c r="H1" t="s"><v>2</v></c></row>)"
      // Row 2: formulas, with and without a cached value; C2 an empty inline string, D2 blank styled.
      R"(<row r="2"><c r="A2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="B2"><f>B1*2</f></c>)"
      R"(<c r="C2" t="inlineStr"><is><t></t></is></c><c r="D2" s="1"/><c r="E2"><f>B1/1000</f><v>0.184</v></c>)"
      R"(<c r="F2" t="s"><v>1</v></c><c r="G2" s="2"><v>42094.5</v></c></row>)"
      // Row 3: strings with quotes, and an empty string a formula returned (shown as a blank).
      R"(<row r="3"><c r="A3" t="str"><f>A1&amp;"""x"</f><v>Name"x</v></c><c r="B3" t="str"><f>""</f><v></v></c>)"
      R"(<c r="C3"><v>0.1</v></c><c r="D3"><v>-2.5E-3</v></c><c r="E3"><v>1E+16</v></c></row>)");
  const std::string notes =
      worksheet(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>line1&#10;line2</t></is></c></row>)");
  return write_zip(workbook_parts({{"Activity", activity}, {"Notes \"Q1\"", notes}},
                                  "<si><t>Name</t></si><si><t>Tab\there \xC3\xA9</t></si><si><t/></si>",
                                  styles({0, 14, 22})));
}

const std::string activity_lines =
    R"({"sheet":"Activity","cell":"A1","type":"s","value":"Name"})" "\n"
    R"({"sheet":"Activity","cell":"B1","type":"n","value":184})" "\n"
    R"({"sheet":"Activity","cell":"C1","type":"d","value":"2015-03-31T00:00:00"})" "\n"
    R"({"sheet":"Activity","cell":"D1","type":"b","value":true})" "\n"
    R"({"sheet":"Activity","cell":"E1","type":"b","value":false})" "\n"
    R"({"sheet":"Activity","cell":"F1","type":"d","value":"2015-03-31T00:00:00"})" "\n"
    R"({"sheet":"Activity","cell":"G1","type":"n","value":-1})" "\n"  // not a date Excel can show
    R"({"sheet":"Activity","cell":"A2","type":"e","value":"#DIV/0!","formula":"1/0"})" "\n"
    R"({"sheet":"Activity","cell":"B2","type":null,"value":null,"formula":"B1*2"})" "\n"
    R"({"sheet":"Activity","cell":"E2","type":"n","value":0.184,"formula":"B1/1000"})" "\n"
    "{\"sheet\":\"Activity\",\"cell\":\"F2\",\"type\":\"s\",\"value\":\"Tab\\there \xC3\xA9\"}\n"
    R"({"sheet":"Activity","cell":"G2","type":"d","value":"2015-03-31T12:00:00"})" "\n"
    R"({"sheet":"Activity","cell":"A3","type":"s","value":"Name\"x","formula":"A1&\"\"\"x\""})" "\n"
    R"({"sheet":"Activity","cell":"B3","type":null,"value":null,"formula":"\"\""})" "\n"  // shows as blank
    R"({"sheet":"Activity","cell":"C3","type":"n","value":0.1})" "\n"
    R"({"sheet":"Activity","cell":"D3","type":"n","value":-0.0025})" "\n"
    R"({"sheet":"Activity","cell":"E3","type":"n","value":1e+16})" "\n";

const std::string notes_lines = R"({"sheet":"Notes \"Q1\"","cell":"A1","type":"s","value":"line1\nline2"})" "\n";

TEST(dump, json_lines) {
  const workbook wb = open_ok(small_workbook());
  std::ostringstream out;
  auto done = dump(wb, std::nullopt, out);
  ASSERT_TRUE(done.has_value()) << done.error().message;
  EXPECT_EQ(out.str(), activity_lines + notes_lines);
}

TEST(dump, only_one_sheet) {
  const workbook wb = open_ok(small_workbook());
  std::ostringstream out;
  ASSERT_TRUE(dump(wb, 1, out).has_value());
  EXPECT_EQ(out.str(), notes_lines);
  std::ostringstream first;
  ASSERT_TRUE(dump(wb, 0, first).has_value());
  EXPECT_EQ(first.str(), activity_lines);
}

TEST(dump, every_formula_cell_carries_its_formula) {
  // A data table's cells hold no formula text; the line still says the cell is a formula.
  const workbook wb = open_ok(write_zip(workbook_parts({{"Sheet1", worksheet(
      R"(<row r="2"><c r="B2"><f t="dataTable" ref="B2:B3" dt2D="0" dtr="0" r1="A1"/><v>10</v></c></row>)"
      R"(<row r="3"><c r="B3"><v>20</v></c></row>)")}})));
  std::ostringstream out;
  ASSERT_TRUE(dump(wb, std::nullopt, out).has_value());
  EXPECT_EQ(out.str(), R"({"sheet":"Sheet1","cell":"B2","type":"n","value":10,"formula":""})" "\n"
                       R"({"sheet":"Sheet1","cell":"B3","type":"n","value":20})" "\n");
}

TEST(dump, date1904_dates) {
  const workbook wb = open_ok(write_zip(workbook_parts(
      {{"Sheet1", worksheet(R"(<row r="1"><c r="A1" s="1"><v>40632</v></c><c r="B1" t="d"><v>2015-03-31</v></c></row>)")}},
      "", styles({0, 14}), "<workbookPr date1904=\"1\"/>")));
  std::ostringstream out;
  ASSERT_TRUE(dump(wb, std::nullopt, out).has_value());
  EXPECT_EQ(out.str(), R"({"sheet":"Sheet1","cell":"A1","type":"d","value":"2015-03-31T00:00:00"})" "\n"
                       R"({"sheet":"Sheet1","cell":"B1","type":"d","value":"2015-03-31T00:00:00"})" "\n");
}

TEST(dump, empty_sheet_and_chartsheet_write_nothing) {
  auto parts = workbook_parts({{"Empty", worksheet("")}, {"Chart", worksheet("")}});
  set_part(parts, "xl/_rels/workbook.xml.rels",
           "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
           "<Relationship Id=\"rId1\" Type=\"" + rel_ns + "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
           "<Relationship Id=\"rId2\" Type=\"" + rel_ns + "/chartsheet\" Target=\"chartsheets/sheet1.xml\"/>"
           "</Relationships>");
  const workbook wb = open_ok(write_zip(parts));
  std::ostringstream out;
  ASSERT_TRUE(dump(wb, std::nullopt, out).has_value());
  EXPECT_EQ(out.str(), "");
}

TEST(dump, error_after_some_lines) {
  // The lines of the sheets read before the error are written, then the error is returned.
  auto parts = workbook_parts({{"Good", worksheet(R"(<row r="1"><c r="A1"><v>1</v></c></row>)")},
                               {"Bad", worksheet(R"(<row r="1"><c r="A1"><v>2</v></c></row><row r="2"><c r="A2"><v>3</c></row>)")}});
  const std::string path = write_zip(parts);
  const workbook wb = open_ok(path);
  std::ostringstream out;
  auto done = dump(wb, std::nullopt, out);
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(done.error().code, read_error::malformed_xml);
  EXPECT_EQ(done.error().message,
            path + ": xl/worksheets/sheet2.xml ('Bad') line 2: malformed XML: </c> does not close <v>");
  EXPECT_EQ(out.str(), R"({"sheet":"Good","cell":"A1","type":"n","value":1})" "\n"
                       R"({"sheet":"Bad","cell":"A1","type":"n","value":2})" "\n");
}

TEST(dump, missing_sheet_part_is_an_error) {
  auto parts = workbook_parts({{"Sheet1", worksheet("")}});
  test::remove_part(parts, "xl/worksheets/sheet1.xml");
  const std::string path = write_zip(parts);
  const workbook wb = open_ok(path);
  std::ostringstream out;
  auto done = dump(wb, std::nullopt, out);
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(done.error().code, read_error::missing_part);
}

// A workbook with shared and array formulas, merges, names, a hidden chartsheet and app.xml.
std::string inspect_workbook() {
  const std::string data =
      "<?xml version=\"1.0\"?>\n<worksheet xmlns=\"" + main_ns + "\"><dimension ref=\"A1:Z99\"/><sheetData>"
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>Label</t></is></c><c r="B1"><v>1</v></c>)"
      R"(<c r="C1"><f t="shared" ref="C1:C3" si="0">B1*2</f><v>2</v></c></row>)"
      R"(<row r="2"><c r="B2"><v>2</v></c><c r="C2"><f t="shared" si="0"/><v>4</v></c>)"
      R"(<c r="D2"><f t="array" ref="D2:D3">B1:B2*3</f><v>3</v></c></row>)"
      R"(<row r="3"><c r="B3"><v>3</v></c><c r="C3"><f t="shared" si="0"/></c><c r="D3"><v>6</v></c>)"
      R"(<c r="E3" s="1"/><c r="F3" t="b"><v>1</v></c><c r="G3" t="e"><v>#N/A</v></c><c r="H3" s="1"><v>42094</v></c></row>)"
      "</sheetData><mergeCells count=\"2\"><mergeCell ref=\"A1:A3\"/><mergeCell ref=\"E1:F1\"/></mergeCells>"
      "<ignoredErrors><ignoredError sqref=\"B1:B3 D1\" numberStoredAsText=\"1\"/></ignoredErrors></worksheet>";
  auto parts = workbook_parts({{"Data", data}}, "", styles({0, 14}));
  set_part(parts, "xl/workbook.xml",
           "<?xml version=\"1.0\"?><workbook xmlns=\"" + main_ns + "\" xmlns:r=\"" + rel_ns + "\"><sheets>"
           "<sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/>"
           "<sheet name=\"Chart1\" sheetId=\"2\" state=\"hidden\" r:id=\"rId2\"/></sheets>"
           "<definedNames><definedName name=\"Total\">Data!$B$1:$B$3</definedName>"
           "<definedName name=\"_xlnm.Print_Area\" localSheetId=\"0\" hidden=\"1\">Data!$A$1:$H$3</definedName>"
           "</definedNames></workbook>");
  set_part(parts, "xl/_rels/workbook.xml.rels",
           "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
           "<Relationship Id=\"rId1\" Type=\"" + rel_ns + "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
           "<Relationship Id=\"rId2\" Type=\"" + rel_ns + "/chartsheet\" Target=\"chartsheets/sheet1.xml\"/>"
           "<Relationship Id=\"rId3\" Type=\"" + rel_ns + "/styles\" Target=\"styles.xml\"/>"
           "</Relationships>");
  parts.push_back({"xl/chartsheets/sheet1.xml", "<chartsheet xmlns=\"" + main_ns + "\"/>"});
  parts.push_back({"docProps/app.xml",
                   "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
                   "<Application>Microsoft Excel</Application><AppVersion>16.0300</AppVersion></Properties>"});
  return write_zip(parts);
}

TEST(inspect, counts_and_ranges) {
  const std::string path = inspect_workbook();
  const workbook wb = open_ok(path);
  auto s = inspect(wb);
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_EQ(s->path, path);
  EXPECT_EQ(s->application, "Microsoft Excel");
  EXPECT_EQ(s->app_version, "16.0300");
  EXPECT_FALSE(s->date1904);
  EXPECT_EQ(s->names.size(), 2u);
  ASSERT_EQ(s->sheets.size(), 2u);

  const sheet_summary& data = s->sheets[0];
  EXPECT_EQ(data.info.name, "Data");
  EXPECT_EQ(data.used_range, (cell_range{{1, 1}, {3, 8}}));
  EXPECT_EQ(data.declared_dimension, (cell_range{{1, 1}, {99, 26}}));
  EXPECT_EQ(data.rows, 3u);
  EXPECT_EQ(data.by_type[std::size_t(value_type::number)], 7u);
  EXPECT_EQ(data.by_type[std::size_t(value_type::string)], 1u);
  EXPECT_EQ(data.by_type[std::size_t(value_type::boolean)], 1u);
  EXPECT_EQ(data.by_type[std::size_t(value_type::error)], 1u);
  EXPECT_EQ(data.by_type[std::size_t(value_type::date)], 1u);
  EXPECT_EQ(data.by_type[std::size_t(value_type::empty)], 1u);  // C3: a formula without a cached value
  EXPECT_EQ(data.blank_styled, 1u);
  EXPECT_EQ(data.formulas, 4u);
  EXPECT_EQ(data.shared_formulas, 3u);
  EXPECT_EQ(data.array_formulas, 1u);
  EXPECT_EQ(data.data_tables, 0u);
  EXPECT_EQ(data.merged, (std::vector<cell_range>{{{1, 1}, {3, 1}}, {{1, 5}, {1, 6}}}));
  EXPECT_EQ(data.ignored_error_marks, 2u);

  const sheet_summary& chart = s->sheets[1];
  EXPECT_EQ(chart.info.kind, sheet_kind::chartsheet);
  EXPECT_EQ(chart.info.state, sheet_state::hidden);
  EXPECT_FALSE(chart.used_range.has_value());
  EXPECT_EQ(chart.rows, 0u);
}

// The layout and features keys of a sheet that says nothing about either.
const std::string plain_layout =
    R"("layout":{"pane":null,"frozen_rows":0,"frozen_cols":0,"top_left_cell":null,"column_widths":0,)"
    R"("hidden_columns":0,"custom_height_rows":0,"hidden_rows":0,"default_col_width":null,"default_row_height":null,)"
    R"("zoom":100,"show_grid_lines":true,"tab_selected":false,"tab_color":null},)"
    R"("features":{"conditional_formats":0,"data_validations":0,"hyperlinks":0,"drawings":0,"legacy_drawings":0,)"
    R"("table_parts":0,"auto_filters":0,"sheet_protection":0,"extensions":0})";

TEST(inspect, to_json) {
  const std::string path = inspect_workbook();
  auto s = inspect(open_ok(path));
  ASSERT_TRUE(s.has_value()) << s.error().message;
  std::string file;
  util::append_json_string(file, path);
  const std::string expected =
      "{\"file\":" + file +
      R"(,"application":"Microsoft Excel","app_version":"16.0300","date_system":1900,"strict_ooxml":false,)"
      R"("shared_strings":0,"defined_names":[{"name":"Total","formula":"Data!$B$1:$B$3"},)"
      R"({"name":"_xlnm.Print_Area","formula":"Data!$A$1:$H$3","sheet":0,"hidden":true}],)"
      R"("active_sheet":0,"package_features":{},)"
      R"("sheets":[{"name":"Data","kind":"worksheet","state":"visible","used_range":"A1:H3",)"
      R"("declared_dimension":"A1:Z99","rows":3,"cells":{"number":7,"string":1,"boolean":1,"error":1,"date":1,)"
      R"("formula_without_cached_value":1,"blank_styled":1},"formulas":{"total":4,"shared":3,"array":1,"data_table":0},)"
      R"("merged_ranges":["A1:A3","E1:F1"],"ignored_error_ranges":2,)" +
      plain_layout +
      "},"
      R"({"name":"Chart1","kind":"chartsheet","state":"hidden","used_range":null,"declared_dimension":null,"rows":0,)"
      R"("cells":{"number":0,"string":0,"boolean":0,"error":0,"date":0,"formula_without_cached_value":0,"blank_styled":0},)"
      R"("formulas":{"total":0,"shared":0,"array":0,"data_table":0},"merged_ranges":[],"ignored_error_ranges":0,)" +
      plain_layout + "}]}\n";
  EXPECT_EQ(to_json(*s), expected);
}

TEST(inspect, to_text) {
  const std::string path = inspect_workbook();
  auto s = inspect(open_ok(path));
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_EQ(to_text(*s), path +
                             "\n"
                             "  saved by:     Microsoft Excel 16.0300\n"
                             "  date system:  1900\n"
                             "  sheets:       2\n"
                             "  shared strings: 0, defined names: 2\n"
                             "\n"
                             "  'Data' (worksheet)\n"
                             "    used range: A1:H3 (declared A1:Z99), 3 rows\n"
                             "    cells: 7 number, 1 string, 1 boolean, 1 error, 1 date, 1 blank with a format\n"
                             "    formulas: 4 (3 shared, 1 array; 1 without a cached value)\n"
                             "    merged: 2 (A1:A3 E1:F1)\n"
                             "    Excel error checks switched off on 2 ranges\n"
                             "\n"
                             "  'Chart1' (chartsheet, hidden)\n");
}

// A sheet laid out and with features, in a package with charts, pictures and macros.
std::string layout_workbook() {
  const std::string sheet =
      "<?xml version=\"1.0\"?>\n<worksheet xmlns=\"" + main_ns +
      "\"><sheetPr><tabColor rgb=\"FF00B050\"/></sheetPr>"
      "<sheetViews><sheetView showGridLines=\"0\" zoomScale=\"80\" workbookViewId=\"0\">"
      "<pane xSplit=\"1\" ySplit=\"2\" topLeftCell=\"B3\" state=\"frozen\"/></sheetView></sheetViews>"
      "<sheetFormatPr defaultRowHeight=\"15\"/>"
      "<cols><col min=\"1\" max=\"1\" width=\"30\" customWidth=\"1\"/><col min=\"3\" max=\"5\" width=\"0\" "
      "hidden=\"1\"/>"
      "</cols><sheetData>"
      R"(<row r="1" ht="30" customHeight="1"><c r="A1"><v>1</v></c></row>)"
      R"(<row r="2" hidden="1"><c r="A2"><v>2</v></c></row><row r="3" hidden="1" ht="0" customHeight="1"/>)"
      "</sheetData><conditionalFormatting sqref=\"A1:A2\"><cfRule type=\"expression\" priority=\"1\"/>"
      "</conditionalFormatting><hyperlinks><hyperlink ref=\"A1\" location=\"'Other'!A1\"/></hyperlinks>"
      "<drawing r:id=\"rId1\" xmlns:r=\"" +
      rel_ns + "\"/></worksheet>";
  auto parts = workbook_parts({{"Cover", worksheet("")}, {"Laid out", sheet}}, "", "",
                              "<bookViews><workbookView activeTab=\"1\"/></bookViews>");
  for (const char* name : {"xl/charts/chart1.xml", "xl/drawings/drawing1.xml", "xl/media/image1.png",
                           "xl/media/image2.png", "xl/vbaProject.bin"})
    parts.push_back({name, "<x/>"});
  return write_zip(parts);
}

TEST(inspect, layout_and_features) {
  const std::string path = layout_workbook();
  auto s = inspect(open_ok(path));
  ASSERT_TRUE(s.has_value()) << s.error().message;
  const sheet_summary& sh = s->sheets[1];
  EXPECT_EQ(sh.rows, 2u);  // the hidden empty row 3 is no row of cells
  EXPECT_EQ(sh.hidden_rows, 2u);
  EXPECT_EQ(sh.custom_height_rows, 2u);
  EXPECT_EQ(sh.hidden_cols, 3u);
  EXPECT_EQ(to_text(*s), path +
                             "\n"
                             "  saved by:     (not recorded)\n"
                             "  date system:  1900\n"
                             "  sheets:       2 ('Laid out' shown first)\n"
                             "  shared strings: 0, defined names: 0\n"
                             "  package:      charts 1, drawings 1, images and media 2, VBA macros 1\n"
                             "\n"
                             "  'Cover' (worksheet)\n"
                             "    used range: (empty), 0 rows\n"
                             "    cells: none\n"
                             "\n"
                             "  'Laid out' (worksheet)\n"
                             "    used range: A1:A2, 2 rows\n"
                             "    cells: 2 number\n"
                             "    frozen: 2 rows, 1 column (top-left cell B3)\n"
                             "    sizes: 2 column widths, 3 columns hidden, 2 row heights set, 2 rows hidden\n"
                             "    view: tab colour 00B050, zoom 80%, grid lines off\n"
                             "    features: conditional formats 1, hyperlinks 1, drawings 1\n");
  const std::string json = to_json(*s);
  EXPECT_NE(json.find(R"("defined_names":[],"active_sheet":1,)"
                      R"("package_features":{"chart":1,"drawing":1,"media":2,"vba_project":1},"sheets":[)"),
            std::string::npos)
      << json;
  EXPECT_NE(
      json.find(R"("ignored_error_ranges":0,"layout":{"pane":"frozen","frozen_rows":2,"frozen_cols":1,)"
                R"("top_left_cell":"B3","column_widths":2,"hidden_columns":3,"custom_height_rows":2,)"
                R"("hidden_rows":2,"default_col_width":null,"default_row_height":15,"zoom":80,)"
                R"("show_grid_lines":false,"tab_selected":false,"tab_color":"00B050"},)"
                R"("features":{"conditional_formats":1,"data_validations":0,"hyperlinks":1,"drawings":1,)"
                R"("legacy_drawings":0,"table_parts":0,"auto_filters":0,"sheet_protection":0,"extensions":0}}]})"),
      std::string::npos)
      << json;
}

TEST(inspect, json_for_the_dump_workbook) {
  // The workbook of the dump tests: empty strings count as strings, a blank styled cell does not.
  auto s = inspect(open_ok(small_workbook()));
  ASSERT_TRUE(s.has_value()) << s.error().message;
  const sheet_summary& a = s->sheets[0];
  EXPECT_EQ(a.used_range, (cell_range{{1, 1}, {3, 8}}));
  EXPECT_EQ(a.by_type[std::size_t(value_type::number)], 5u);   // B1 E2 C3 D3 E3
  EXPECT_EQ(a.by_type[std::size_t(value_type::string)], 6u);   // A1 H1 C2 F2 A3 B3
  EXPECT_EQ(a.by_type[std::size_t(value_type::boolean)], 2u);
  EXPECT_EQ(a.by_type[std::size_t(value_type::error)], 1u);
  EXPECT_EQ(a.by_type[std::size_t(value_type::date)], 4u);     // C1 F1 G1 G2
  EXPECT_EQ(a.by_type[std::size_t(value_type::empty)], 1u);    // B2
  EXPECT_EQ(a.blank_styled, 1u);                               // D2
  EXPECT_EQ(a.formulas, 5u);
  EXPECT_EQ(s->shared_strings, 3u);
}

}  // namespace
}  // namespace returncheck::xlsx
