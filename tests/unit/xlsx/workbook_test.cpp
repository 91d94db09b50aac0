// Tests for opening a workbook: package structure, workbook.xml, styles, shared strings, app.xml.
#include "returncheck/xlsx/workbook.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "unit/test_xlsx.hpp"

namespace returncheck::xlsx {
namespace {

using test::part;
using test::remove_part;
using test::set_part;
using test::workbook_parts;
using test::worksheet;
using test::write_zip;
using test::pkg_rel_ns;
using test::rel_ns;
using test::main_ns;


// A workbook part around the given content (<sheets>, <definedNames>, ...), one element a line.
std::string workbook_xml(const std::string& inner) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<workbook xmlns=\"" + main_ns + "\" xmlns:r=\"" + rel_ns +
         "\">\n" + inner + "\n</workbook>";
}

struct rel {
  std::string id;
  std::string type;  // the last segment of the type URI, or a whole URI
  std::string target;
};

std::string rels_xml(const std::vector<rel>& rels) {
  std::string s = "<?xml version=\"1.0\"?><Relationships xmlns=\"" + pkg_rel_ns + "\">";
  for (const auto& r : rels) {
    const std::string type = r.type.find("://") == std::string::npos ? rel_ns + "/" + r.type : r.type;
    s += "<Relationship Id=\"" + r.id + "\" Type=\"" + type + "\" Target=\"" + r.target + "\"/>";
  }
  return s + "</Relationships>";
}

const std::string one_cell = worksheet(R"(<row r="1"><c r="A1"><v>1</v></c></row>)");

// Opens a workbook that must open; a failure ends the test with the reader's message.
workbook open_ok(const std::string& path, const limits& caps = {}) {
  auto wb = workbook::open(path, caps);
  if (!wb) throw std::runtime_error("cannot open: " + wb.error().message);
  return std::move(wb).value();
}

void expect_open_error(const std::string& path, read_error code, const std::string& message) {
  auto wb = workbook::open(path);
  ASSERT_FALSE(wb.has_value()) << "opened, but expected: " << message;
  EXPECT_EQ(wb.error().code, code) << wb.error().message;
  EXPECT_EQ(wb.error().message, message);
}

// The first cell of a sheet's first row, as a number (to show the right part was read).
double first_number(const workbook& wb, std::size_t sheet) {
  auto reader = wb.read_sheet(sheet);
  if (!reader) {
    ADD_FAILURE() << reader.error().message;
    return -1;
  }
  row r;
  auto more = reader->next_row(r);
  if (!more || !*more || r.cells.empty()) {
    ADD_FAILURE() << "no first cell";
    return -1;
  }
  return r.cells[0].number;
}

TEST(workbook, sheets_in_workbook_order) {
  const std::string path = write_zip(workbook_parts({
      {"Zeta", worksheet(R"(<row r="1"><c r="A1"><v>1</v></c></row>)")},
      {"Alpha", worksheet(R"(<row r="1"><c r="A1"><v>2</v></c></row>)")},
      {"Notes & Figures", worksheet(R"(<row r="1"><c r="A1"><v>3</v></c></row>)")},
  }));
  const workbook wb = open_ok(path);
  EXPECT_EQ(wb.path(), path);
  ASSERT_EQ(wb.sheets().size(), 3u);
  const std::vector<std::string> names = {"Zeta", "Alpha", "Notes & Figures"};
  for (std::size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(names[i]);
    EXPECT_EQ(wb.sheets()[i].name, names[i]);
    EXPECT_EQ(wb.sheets()[i].part, "xl/worksheets/sheet" + std::to_string(i + 1) + ".xml");
    EXPECT_EQ(wb.sheets()[i].kind, sheet_kind::worksheet);
    EXPECT_EQ(wb.sheets()[i].state, sheet_state::visible);
    EXPECT_EQ(first_number(wb, i), double(i + 1));
  }
  EXPECT_FALSE(wb.date1904());
  EXPECT_FALSE(wb.strict_ooxml());
  EXPECT_TRUE(wb.defined_names().empty());
  EXPECT_EQ(wb.application(), "");
  EXPECT_EQ(wb.app_version(), "");
  EXPECT_EQ(wb.shared_string_count(), 0u);
}

TEST(workbook, tables_are_found_through_each_sheets_relationships) {
  auto parts = workbook_parts({{"One", worksheet("")}, {"Two", worksheet("")}});
  auto table_rel = [](const std::string& id, const std::string& target) {
    return "<Relationship Id=\"" + id + "\" Type=\"" + rel_ns + "/table\" Target=\"" + target + "\"/>";
  };
  set_part(parts, "xl/worksheets/_rels/sheet2.xml.rels",
           "<Relationships xmlns=\"" + pkg_rel_ns + "\">" + table_rel("rId1", "../tables/table1.xml") +
               table_rel("rId2", "../tables/table2.xml") + table_rel("rId3", "../tables/missing.xml") +
               table_rel("rId4", "../tables/table3.xml") + "</Relationships>");
  // No header row, a column name with an escaped line break.
  set_part(parts, "xl/tables/table1.xml",
           "<table xmlns=\"" + main_ns + "\" id=\"1\" name=\"T\" displayName=\"Rates\" ref=\"B3:C9\" "
           "headerRowCount=\"0\"><tableColumns count=\"2\"><tableColumn id=\"1\" name=\"Rate_x000a_per 10,000\"/>"
           "<tableColumn id=\"2\" name=\"Area\"/></tableColumns></table>");
  set_part(parts, "xl/tables/table2.xml", "<table><broken");  // damaged: left out
  // Three columns named for a range two wide: left out.
  set_part(parts, "xl/tables/table3.xml",
           "<table xmlns=\"" + main_ns + "\" id=\"3\" name=\"W\" ref=\"A1:B2\"><tableColumns count=\"3\">"
           "<tableColumn id=\"1\" name=\"a\"/><tableColumn id=\"2\" name=\"b\"/><tableColumn id=\"3\" "
           "name=\"c\"/></tableColumns></table>");
  const auto wb = workbook::open(write_zip(parts));
  ASSERT_TRUE(wb) << wb.error().message;
  ASSERT_EQ(wb->tables().size(), 1u);
  const table_info& t = wb->tables().front();
  EXPECT_EQ(t.name, "Rates");
  EXPECT_EQ(t.sheet, 1u);
  EXPECT_EQ(format_range(t.ref), "B3:C9");
  EXPECT_EQ(t.header_rows, 0u);
  EXPECT_EQ(t.totals_rows, 0u);
  EXPECT_EQ(t.columns, (std::vector<std::string>{"Rate\nper 10,000", "Area"}));
}

TEST(workbook, sheet_states) {
  auto parts = workbook_parts({{"a", one_cell}, {"b", one_cell}, {"c", one_cell}, {"d", one_cell}});
  set_part(parts, "xl/workbook.xml",
           workbook_xml("<sheets>\n"
                        "<sheet name=\"Shown\" sheetId=\"1\" r:id=\"rId1\"/>\n"
                        "<sheet name=\"Hidden\" sheetId=\"2\" state=\"hidden\" r:id=\"rId2\"/>\n"
                        "<sheet name=\"Deep\" sheetId=\"3\" state=\"veryHidden\" r:id=\"rId3\"/>\n"
                        "<sheet name=\"Explicit\" sheetId=\"4\" state=\"visible\" r:id=\"rId4\"/>\n"
                        "</sheets>"));
  const workbook wb = open_ok(write_zip(parts));
  ASSERT_EQ(wb.sheets().size(), 4u);
  EXPECT_EQ(wb.sheets()[0].state, sheet_state::visible);
  EXPECT_EQ(wb.sheets()[1].state, sheet_state::hidden);
  EXPECT_EQ(wb.sheets()[2].state, sheet_state::very_hidden);
  EXPECT_EQ(wb.sheets()[3].state, sheet_state::visible);
  EXPECT_EQ(wb.sheets()[1].name, "Hidden");
  EXPECT_EQ(first_number(wb, 2), 1);  // hidden sheets are still read
}

TEST(workbook, active_sheet) {
  const std::vector<std::pair<std::string, std::size_t>> cases = {
      {"", 0},
      {"<bookViews><workbookView xWindow=\"0\" yWindow=\"0\"/></bookViews>", 0},
      {"<bookViews><workbookView activeTab=\"2\"/></bookViews>", 2},
      // Only the first window counts: it is the one that opens.
      {"<bookViews><workbookView activeTab=\"1\"/><workbookView activeTab=\"2\"/></bookViews>", 1},
      {"<bookViews><workbookView activeTab=\"3\"/></bookViews>", 0},  // no fourth sheet
      {"<bookViews><workbookView activeTab=\"second\"/></bookViews>", 0},
  };
  for (const auto& [views, expected] : cases) {
    SCOPED_TRACE(views);
    const workbook wb =
        open_ok(write_zip(workbook_parts({{"a", one_cell}, {"b", one_cell}, {"c", one_cell}}, "", "", views)));
    EXPECT_EQ(wb.active_sheet(), expected);
  }
}

TEST(workbook, workbook_protection_is_a_package_feature) {
  const workbook plain = open_ok(write_zip(workbook_parts({{"Sheet1", one_cell}})));
  EXPECT_TRUE(plain.package_features().empty());
  const workbook locked = open_ok(write_zip(workbook_parts(
      {{"Sheet1", one_cell}}, "", "", "<workbookProtection workbookPassword=\"CC3D\" lockStructure=\"1\"/>")));
  EXPECT_EQ(locked.package_features(), (std::vector<feature_count>{{package_feature::workbook_protection, 1}}));
}

TEST(workbook, namespace_prefixed_workbook) {
  auto parts = workbook_parts({{"Sheet1", one_cell}});
  set_part(parts, "xl/workbook.xml",
           "<?xml version=\"1.0\"?><x:workbook xmlns:x=\"" + main_ns + "\" xmlns:r=\"" + rel_ns + "\">"
           "<x:workbookPr date1904=\"1\"/><x:sheets><x:sheet name=\"Prefixed\" sheetId=\"1\" state=\"hidden\" r:id=\"rId1\"/>"
           "</x:sheets><x:definedNames><x:definedName name=\"N\">Prefixed!$A$1</x:definedName></x:definedNames>"
           "</x:workbook>");
  const workbook wb = open_ok(write_zip(parts));
  ASSERT_EQ(wb.sheets().size(), 1u);
  EXPECT_EQ(wb.sheets()[0].name, "Prefixed");
  EXPECT_EQ(wb.sheets()[0].state, sheet_state::hidden);
  EXPECT_TRUE(wb.date1904());
  ASSERT_EQ(wb.defined_names().size(), 1u);
  EXPECT_EQ(wb.defined_names()[0].formula, "Prefixed!$A$1");
  EXPECT_EQ(first_number(wb, 0), 1);
}

TEST(workbook, sheet_kinds_from_relationship_types) {
  auto parts = workbook_parts({{"Data", one_cell}});
  set_part(parts, "xl/workbook.xml",
           workbook_xml("<sheets>\n"
                        "<sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/>\n"
                        "<sheet name=\"Chart1\" sheetId=\"2\" r:id=\"rId2\"/>\n"
                        "<sheet name=\"Dialog1\" sheetId=\"3\" r:id=\"rId3\"/>\n"
                        "<sheet name=\"Macro1\" sheetId=\"4\" r:id=\"rId4\"/>\n"
                        "</sheets>"));
  set_part(parts, "xl/_rels/workbook.xml.rels",
           rels_xml({{"rId1", "worksheet", "worksheets/sheet1.xml"},
                     {"rId2", "chartsheet", "chartsheets/sheet1.xml"},
                     {"rId3", "dialogsheet", "dialogsheets/sheet1.xml"},
                     {"rId4", "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet",
                      "macrosheets/sheet1.xml"}}));
  parts.push_back({"xl/chartsheets/sheet1.xml",
                   "<chartsheet xmlns=\"" + main_ns + "\" xmlns:r=\"" + rel_ns + "\"><drawing r:id=\"rId1\"/></chartsheet>"});
  parts.push_back({"xl/dialogsheets/sheet1.xml", worksheet("")});
  parts.push_back({"xl/macrosheets/sheet1.xml", worksheet(R"(<row r="1"><c r="A1"><v>7</v></c></row>)")});
  const workbook wb = open_ok(write_zip(parts));
  ASSERT_EQ(wb.sheets().size(), 4u);
  EXPECT_EQ(wb.sheets()[0].kind, sheet_kind::worksheet);
  EXPECT_EQ(wb.sheets()[1].kind, sheet_kind::chartsheet);
  EXPECT_EQ(wb.sheets()[1].part, "xl/chartsheets/sheet1.xml");
  EXPECT_EQ(wb.sheets()[2].kind, sheet_kind::dialogsheet);
  EXPECT_EQ(wb.sheets()[3].kind, sheet_kind::macrosheet);

  // A chartsheet yields no rows.
  auto chart = wb.read_sheet(1);
  ASSERT_TRUE(chart.has_value()) << chart.error().message;
  row r;
  auto more = chart->next_row(r);
  ASSERT_TRUE(more.has_value()) << more.error().message;
  EXPECT_FALSE(*more);
  EXPECT_TRUE(chart->merged_ranges().empty());
  EXPECT_FALSE(chart->declared_dimension().has_value());

  EXPECT_EQ(first_number(wb, 3), 7);
}

TEST(workbook, chartsheet_without_its_part_still_yields_no_rows) {
  auto parts = workbook_parts({{"Data", one_cell}});
  set_part(parts, "xl/workbook.xml",
           workbook_xml("<sheets><sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/>"
                        "<sheet name=\"Chart1\" sheetId=\"2\" r:id=\"rId2\"/></sheets>"));
  set_part(parts, "xl/_rels/workbook.xml.rels",
           rels_xml({{"rId1", "worksheet", "worksheets/sheet1.xml"}, {"rId2", "chartsheet", "chartsheets/sheet1.xml"}}));
  const workbook wb = open_ok(write_zip(parts));
  auto chart = wb.read_sheet(1);
  ASSERT_TRUE(chart.has_value()) << chart.error().message;
  row r;
  auto more = chart->next_row(r);
  ASSERT_TRUE(more.has_value());
  EXPECT_FALSE(*more);
}

TEST(workbook, date1904) {
  const std::vector<std::pair<std::string, bool>> cases = {
      {"", false},
      {"<workbookPr/>", false},
      {"<workbookPr defaultThemeVersion=\"124226\"/>", false},
      {"<workbookPr date1904=\"1\"/>", true},
      {"<workbookPr date1904=\"true\"/>", true},
      {"<workbookPr date1904=\"0\"/>", false},
      {"<workbookPr date1904=\"false\"/>", false},
      {"<workbookPr codeName=\"ThisWorkbook\" date1904=\"1\" defaultThemeVersion=\"124226\"/>", true},
      // Excel 2013 adds <x15:workbookPr> in an extension; it shares the local name only.
      {"<workbookPr date1904=\"1\"/><extLst><ext uri=\"{140A7094-0E35-4892-8432-C4D2E57EDEB5}\" "
       "xmlns:x15=\"http://schemas.microsoft.com/office/spreadsheetml/2010/11/main\">"
       "<x15:workbookPr chartTrackingRefBase=\"1\"/></ext></extLst>",
       true},
  };
  for (const auto& [pr, expected] : cases) {
    SCOPED_TRACE(pr);
    const workbook wb = open_ok(write_zip(workbook_parts({{"Sheet1", one_cell}}, "", "", pr)));
    EXPECT_EQ(wb.date1904(), expected);
  }
}

TEST(workbook, defined_names) {
  auto parts = workbook_parts({{"Sheet1", one_cell}, {"My Sheet", one_cell}});
  set_part(parts, "xl/workbook.xml",
           workbook_xml("<sheets>\n"
                        "<sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/>\n"
                        "<sheet name=\"My Sheet\" sheetId=\"2\" r:id=\"rId2\"/>\n"
                        "</sheets>\n"
                        "<definedNames>\n"
                        "<definedName name=\"Total\">Sheet1!$A$1:$A$10</definedName>\n"
                        "<definedName name=\"_xlnm.Print_Area\" localSheetId=\"1\">'My Sheet'!$A$1:$C$3</definedName>\n"
                        "<definedName name=\"Secret\" hidden=\"1\">Sheet1!$B$2</definedName>\n"
                        "<definedName name=\"Label\" localSheetId=\"0\" hidden=\"true\">\"a\"&amp;\"b&lt;c\"</definedName>\n"
                        "<definedName name=\"Empty\"/>\n"
                        "</definedNames>"));
  const workbook wb = open_ok(write_zip(parts));
  const auto& names = wb.defined_names();
  ASSERT_EQ(names.size(), 5u);

  EXPECT_EQ(names[0].name, "Total");
  EXPECT_EQ(names[0].formula, "Sheet1!$A$1:$A$10");
  EXPECT_FALSE(names[0].local_sheet.has_value());
  EXPECT_FALSE(names[0].hidden);

  EXPECT_EQ(names[1].name, "_xlnm.Print_Area");
  EXPECT_EQ(names[1].formula, "'My Sheet'!$A$1:$C$3");
  EXPECT_EQ(names[1].local_sheet, 1u);
  EXPECT_FALSE(names[1].hidden);

  EXPECT_EQ(names[2].name, "Secret");
  EXPECT_EQ(names[2].formula, "Sheet1!$B$2");
  EXPECT_FALSE(names[2].local_sheet.has_value());
  EXPECT_TRUE(names[2].hidden);

  EXPECT_EQ(names[3].name, "Label");
  EXPECT_EQ(names[3].formula, "\"a\"&\"b<c\"");
  EXPECT_EQ(names[3].local_sheet, 0u);
  EXPECT_TRUE(names[3].hidden);

  EXPECT_EQ(names[4].name, "Empty");
  EXPECT_EQ(names[4].formula, "");
}

const std::string app_xml =
    "<?xml version=\"1.0\"?><Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" "
    "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
    "<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity>"
    "<TitlesOfParts><vt:vector size=\"1\" baseType=\"lpstr\"><vt:lpstr>Sheet1</vt:lpstr></vt:vector></TitlesOfParts>"
    "<AppVersion>16.0300</AppVersion></Properties>";

TEST(workbook, application_from_app_xml) {
  auto parts = workbook_parts({{"Sheet1", one_cell}});
  parts.push_back({"docProps/app.xml", app_xml});
  const workbook wb = open_ok(write_zip(parts));
  EXPECT_EQ(wb.application(), "Microsoft Excel");
  EXPECT_EQ(wb.app_version(), "16.0300");
}

TEST(workbook, application_from_a_related_part) {
  auto parts = workbook_parts({{"Sheet1", one_cell}});
  set_part(parts, "_rels/.rels",
           rels_xml({{"rId1", "officeDocument", "xl/workbook.xml"},
                     {"rId2", "extended-properties", "props/application.xml"}}));
  parts.push_back({"props/application.xml", app_xml});
  const workbook wb = open_ok(write_zip(parts));
  EXPECT_EQ(wb.application(), "Microsoft Excel");
}

TEST(workbook, damaged_app_xml_does_not_stop_the_read) {
  auto parts = workbook_parts({{"Sheet1", one_cell}});
  parts.push_back({"docProps/app.xml", "<Properties><Application>LibreOffice</Properties>"});
  const workbook wb = open_ok(write_zip(parts));
  EXPECT_EQ(wb.application(), "");
  EXPECT_EQ(first_number(wb, 0), 1);
}

struct target_case {
  std::string target;        // as written in workbook.xml.rels
  std::string stored_as;     // the part's name in the zip
  std::string expected_part;
};

TEST(workbook, relationship_targets) {
  const std::vector<target_case> cases = {
      {"worksheets/sheet1.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"},
      {"/xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"},  // absolute
      {"../xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"},
      {"./worksheets/../worksheets/sheet1.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"},
      {"../sheets/data.xml", "sheets/data.xml", "sheets/data.xml"},
      {"worksheets\\sheet1.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"},
      {"worksheets/my%20sheet.xml", "xl/worksheets/my sheet.xml", "xl/worksheets/my sheet.xml"},
      {"Worksheets/Sheet1.XML", "xl/worksheets/sheet1.xml", "xl/Worksheets/Sheet1.XML"},  // found ignoring case
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.target);
    auto parts = workbook_parts({{"Sheet1", worksheet(R"(<row r="1"><c r="A1"><v>5</v></c></row>)")}});
    remove_part(parts, "xl/worksheets/sheet1.xml");
    parts.push_back({c.stored_as, worksheet(R"(<row r="1"><c r="A1"><v>5</v></c></row>)")});
    set_part(parts, "xl/_rels/workbook.xml.rels", rels_xml({{"rId1", "worksheet", c.target}}));
    const workbook wb = open_ok(write_zip(parts));
    ASSERT_EQ(wb.sheets().size(), 1u);
    EXPECT_EQ(wb.sheets()[0].part, c.expected_part);
    EXPECT_EQ(first_number(wb, 0), 5);
  }
}

TEST(workbook, workbook_part_found_through_the_package_relationships) {
  auto parts = workbook_parts({{"Sheet1", one_cell}});
  // Renamed, and named only by _rels/.rels (absolute target).
  for (auto& p : parts) {
    if (p.name == "xl/workbook.xml") p.name = "xl/book.xml";
    if (p.name == "xl/_rels/workbook.xml.rels") p.name = "xl/_rels/book.xml.rels";
  }
  set_part(parts, "_rels/.rels", rels_xml({{"rId1", "officeDocument", "/xl/book.xml"}}));
  remove_part(parts, "[Content_Types].xml");
  const workbook wb = open_ok(write_zip(parts));
  ASSERT_EQ(wb.sheets().size(), 1u);
  EXPECT_EQ(first_number(wb, 0), 1);
}

TEST(workbook, workbook_part_found_through_content_types) {
  auto parts = workbook_parts({{"Sheet1", one_cell}});
  for (auto& p : parts) {
    if (p.name == "xl/workbook.xml") p.name = "xl/book.xml";
    if (p.name == "xl/_rels/workbook.xml.rels") p.name = "xl/_rels/book.xml.rels";
  }
  remove_part(parts, "_rels/.rels");
  set_part(parts, "[Content_Types].xml",
           R"(<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
           R"(<Default Extension="xml" ContentType="application/xml"/>)"
           R"(<Override PartName="/xl/book.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/>)"
           "</Types>");
  const workbook wb = open_ok(write_zip(parts));
  ASSERT_EQ(wb.sheets().size(), 1u);
  EXPECT_EQ(first_number(wb, 0), 1);
}

TEST(workbook, missing_content_types_still_readable) {
  auto parts = workbook_parts({{"Sheet1", one_cell}});
  remove_part(parts, "[Content_Types].xml");
  const workbook wb = open_ok(write_zip(parts));
  EXPECT_EQ(first_number(wb, 0), 1);

  // Without the package relationships either: the usual name is tried.
  remove_part(parts, "_rels/.rels");
  const workbook bare = open_ok(write_zip(parts));
  EXPECT_EQ(first_number(bare, 0), 1);
}

TEST(workbook, missing_workbook_part) {
  auto parts = workbook_parts({{"Sheet1", one_cell}});
  remove_part(parts, "xl/workbook.xml");
  const std::string path = write_zip(parts);
  expect_open_error(path, read_error::missing_part,
                    path + ": no workbook part (xl/workbook.xml) in the package; is this an .xlsx file?");
}

TEST(workbook, word_document_is_not_a_workbook) {
  const std::string path = write_zip({{"word/document.xml", "<w:document xmlns:w=\"urn:w\"/>"}}, "letter.xlsx");
  expect_open_error(path, read_error::not_a_workbook, path + ": this is a Word document, not a workbook");
}

TEST(workbook, docx_package_is_not_a_workbook) {
  // A whole Word package: its officeDocument relationship names a wordprocessingml part.
  const std::string path = write_zip(
      {{"[Content_Types].xml",
        R"(<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
        R"(<Default Extension="xml" ContentType="application/xml"/>)"
        R"(<Override PartName="/word/document.xml" )"
        R"(ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>)"},
       {"_rels/.rels", rels_xml({{"rId1", "officeDocument", "word/document.xml"}})},
       {"word/document.xml", "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"/>"},
       {"word/embeddings/Microsoft_Excel_Worksheet.xlsx", "PK"}},
      "report.xlsx");
  expect_open_error(path, read_error::not_a_workbook, path + ": this is a Word document, not a workbook");
}

TEST(workbook, presentation_is_not_a_workbook) {
  const std::string path = write_zip({{"ppt/presentation.xml", "<p:presentation xmlns:p=\"urn:p\"/>"}}, "deck.xlsx");
  expect_open_error(path, read_error::not_a_workbook, path + ": this is a PowerPoint presentation, not a workbook");
}

TEST(workbook, empty_zip) {
  const std::string path = write_zip({}, "empty-zip.xlsx");
  expect_open_error(path, read_error::missing_part, path + ": the zip archive is empty: there is no workbook in it");
}

const std::string billion_laughs =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE lolz [\n"
    " <!ENTITY lol \"lol\">\n"
    " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
    " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
    " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
    " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
    " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
    " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
    " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
    " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
    "]>\n"
    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>&lol9;</t></si></sst>";

TEST(workbook, dtd_in_shared_strings_is_refused) {
  auto parts = workbook_parts({{"Sheet1", one_cell}}, "<si><t>x</t></si>");
  set_part(parts, "xl/sharedStrings.xml", billion_laughs);
  const std::string path = write_zip(parts);
  expect_open_error(path, read_error::forbidden_dtd,
                    path + ": xl/sharedStrings.xml: declares a DTD or entities, which workbooks never contain "
                           "(an entity-expansion attack?)");
}

TEST(workbook, dtd_anywhere_is_refused) {
  // Even a DOCTYPE that declares nothing, in each part read at open.
  for (const std::string name : {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"}) {
    SCOPED_TRACE(name);
    auto parts = workbook_parts({{"Sheet1", one_cell}}, "", test::styles({0}));
    for (auto& p : parts) {
      if (p.name != name) continue;
      const auto decl_end = p.content.find("?>") + 2;
      p.content.insert(decl_end, "<!DOCTYPE x>");
    }
    const std::string path = write_zip(parts);
    expect_open_error(path, read_error::forbidden_dtd,
                      path + ": " + name +
                          ": declares a DTD or entities, which workbooks never contain (an entity-expansion attack?)");
  }
}

TEST(workbook, damaged_package_relationships_are_read_as_none) {
  // _rels/.rels only points at the workbook, which is found without it; a DTD there is not
  // parsed (so cannot expand) and the package is read through its usual names.
  for (const std::string& content : {std::string("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>"),
                                    std::string("<Relationships><Relationship"), std::string("")}) {
    SCOPED_TRACE(content);
    auto parts = workbook_parts({{"Sheet1", one_cell}});
    set_part(parts, "_rels/.rels", content);
    const workbook wb = open_ok(write_zip(parts));
    EXPECT_EQ(first_number(wb, 0), 1);
  }
}

TEST(workbook, damaged_content_types_are_read_as_none) {
  auto parts = workbook_parts({{"Sheet1", one_cell}});
  set_part(parts, "[Content_Types].xml", "<Types><Override PartName=");
  const workbook wb = open_ok(write_zip(parts));
  EXPECT_EQ(first_number(wb, 0), 1);
}

TEST(workbook, malformed_workbook_xml) {
  auto parts = workbook_parts({{"Sheet1", one_cell}});
  set_part(parts, "xl/workbook.xml",
           workbook_xml("<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"></sheets>"));
  const std::string path = write_zip(parts);
  expect_open_error(path, read_error::malformed_xml, path + ": xl/workbook.xml line 3: malformed XML: mismatched tag");
}

TEST(workbook, malformed_shared_strings) {
  auto parts = workbook_parts({{"Sheet1", one_cell}}, "<si><t>x</t></si>");
  set_part(parts, "xl/sharedStrings.xml", "<?xml version=\"1.0\"?>\n<sst>\n<si><t>a & b</t></si></sst>");
  const std::string path = write_zip(parts);
  expect_open_error(path, read_error::malformed_xml,
                    path + ": xl/sharedStrings.xml line 3: malformed XML: not well-formed (invalid token)");
}

TEST(workbook, truncated_workbook_xml) {
  auto parts = workbook_parts({{"Sheet1", one_cell}});
  const std::string whole = workbook_xml("<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets>");
  set_part(parts, "xl/workbook.xml", whole.substr(0, whole.size() - 20));
  const std::string path = write_zip(parts);
  auto wb = workbook::open(path);
  ASSERT_FALSE(wb.has_value());
  EXPECT_EQ(wb.error().code, read_error::malformed_xml);
  EXPECT_TRUE(wb.error().message.starts_with(path + ": xl/workbook.xml line ")) << wb.error().message;
}

TEST(workbook, find_sheet_ignores_case) {
  const workbook wb = open_ok(write_zip(workbook_parts({{"Sheet1", one_cell}, {"Activity", one_cell}})));
  EXPECT_EQ(wb.find_sheet("Sheet1"), 0u);
  EXPECT_EQ(wb.find_sheet("sheet1"), 0u);
  EXPECT_EQ(wb.find_sheet("SHEET1"), 0u);
  EXPECT_EQ(wb.find_sheet("activity"), 1u);
  EXPECT_EQ(wb.find_sheet("ACTIVITY"), 1u);
  EXPECT_EQ(wb.find_sheet("Activity "), std::nullopt);
  EXPECT_EQ(wb.find_sheet("Sheet"), std::nullopt);
  EXPECT_EQ(wb.find_sheet(""), std::nullopt);
}

TEST(workbook, find_sheet_ignores_case_beyond_ascii) {
  // Excel will not let a workbook hold both "Données" and "DONNÉES": they are one name.
  const workbook wb = open_ok(write_zip(workbook_parts({{"Donn\xC3\xA9""es", one_cell}})));
  EXPECT_EQ(wb.find_sheet("Donn\xC3\xA9""es"), 0u);
  EXPECT_EQ(wb.find_sheet("donn\xC3\xA9""es"), 0u);
  EXPECT_EQ(wb.find_sheet("DONN\xC3\x89""ES"), 0u);
}

TEST(workbook, sheet_part_missing) {
  auto parts = workbook_parts({{"Sheet1", one_cell}, {"Activity", one_cell}});
  remove_part(parts, "xl/worksheets/sheet2.xml");
  const std::string path = write_zip(parts);
  const workbook wb = open_ok(path);  // sheets are read on demand
  ASSERT_EQ(wb.sheets().size(), 2u);
  EXPECT_EQ(first_number(wb, 0), 1);
  auto reader = wb.read_sheet(1);
  ASSERT_FALSE(reader.has_value());
  EXPECT_EQ(reader.error().code, read_error::missing_part);
  EXPECT_EQ(reader.error().message, path + ": sheet 'Activity': its part xl/worksheets/sheet2.xml is missing");
}

TEST(workbook, sheet_without_a_relationship_yields_no_rows) {
  // Some writers leave a sheet (often a macro sheet) that no relationship points at.
  auto parts = workbook_parts({{"Sheet1", one_cell}});
  set_part(parts, "xl/workbook.xml",
           workbook_xml("<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/>"
                        "<sheet name=\"Orphan\" sheetId=\"2\" r:id=\"rId9\"/></sheets>"));
  const std::string path = write_zip(parts);
  const workbook wb = open_ok(path);
  ASSERT_EQ(wb.sheets().size(), 2u);
  EXPECT_EQ(wb.sheets()[1].part, "");
  auto reader = wb.read_sheet(1);
  ASSERT_TRUE(reader.has_value()) << reader.error().message;
  row r;
  auto more = reader->next_row(r);
  ASSERT_TRUE(more.has_value()) << more.error().message;
  EXPECT_FALSE(*more);
}

TEST(workbook, shared_strings_are_counted_and_capped) {
  auto parts = workbook_parts({{"Sheet1", one_cell}}, "<si><t>a</t></si><si><t>b</t></si><si><t>c</t></si>");
  const std::string path = write_zip(parts);
  EXPECT_EQ(open_ok(path).shared_string_count(), 3u);

  limits caps;
  caps.max_shared_strings = 2;
  auto wb = workbook::open(path, caps);
  ASSERT_FALSE(wb.has_value());
  EXPECT_EQ(wb.error().code, read_error::limit_exceeded);
  EXPECT_EQ(wb.error().message, path + ": xl/sharedStrings.xml: more than 2 shared strings (limit max-shared-strings)");
}

TEST(workbook, long_shared_string_is_capped) {
  const std::string path =
      write_zip(workbook_parts({{"Sheet1", one_cell}}, "<si><t>short</t></si><si><t>" + std::string(101, 'x') + "</t></si>"));
  limits caps;
  caps.max_string_bytes = 100;
  auto wb = workbook::open(path, caps);
  ASSERT_FALSE(wb.has_value());
  EXPECT_EQ(wb.error().code, read_error::limit_exceeded);
  EXPECT_EQ(wb.error().message,
            path + ": xl/sharedStrings.xml: shared string 1 is longer than 100 bytes (limit max-string)");
  caps.max_string_bytes = 101;
  EXPECT_TRUE(workbook::open(path, caps).has_value());
}

TEST(workbook, number_formats) {
  const std::string path = write_zip(workbook_parts(
      {{"Sheet1", one_cell}}, "",
      test::styles({0, 14, 164, 10, 49, 2, 22, 46, 200, 165}, {{164, "dd/mm/yyyy"}, {165, "0.0%"}})));
  const workbook wb = open_ok(path);

  struct fmt_case {
    std::uint32_t style_idx;
    std::string code;
    num_fmt_kind kind;
  };
  const std::vector<fmt_case> cases = {
      {0, "General", num_fmt_kind::general},
      {1, "m/d/yyyy", num_fmt_kind::date},  // built-in 14 as en-US Excel shows it
      {2, "dd/mm/yyyy", num_fmt_kind::date},  // custom
      {3, "0.00%", num_fmt_kind::percent},
      {4, "@", num_fmt_kind::text},
      {5, "0.00", num_fmt_kind::number},
      {6, "m/d/yyyy h:mm", num_fmt_kind::datetime},
      {7, "[h]:mm:ss", num_fmt_kind::elapsed},
      {8, "General", num_fmt_kind::general},  // id 200: neither built in nor defined
      {9, "0.0%", num_fmt_kind::percent},
      {10, "General", num_fmt_kind::general},  // beyond cellXfs
      {99999, "General", num_fmt_kind::general},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE("style " + std::to_string(c.style_idx));
    EXPECT_EQ(wb.num_fmt_code(c.style_idx), c.code);
    EXPECT_EQ(wb.num_fmt(c.style_idx).kind, c.kind);
  }
  EXPECT_EQ(wb.num_fmt(3).decimals, 2);
  EXPECT_EQ(wb.num_fmt(9).decimals, 1);
}

TEST(workbook, custom_format_overrides_a_built_in_id) {
  const workbook wb =
      open_ok(write_zip(workbook_parts({{"Sheet1", one_cell}}, "", test::styles({0, 14}, {{14, "yyyy-mm-dd"}}))));
  EXPECT_EQ(wb.num_fmt_code(1), "yyyy-mm-dd");
  EXPECT_EQ(wb.num_fmt(1).kind, num_fmt_kind::date);
}

TEST(workbook, conditional_format_number_formats_are_not_cell_formats) {
  // A <numFmt> inside <dxfs> belongs to a conditional format, even when it reuses an id.
  const std::string styles_xml =
      "<?xml version=\"1.0\"?><styleSheet xmlns=\"" + main_ns + "\">"
      "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"0.000\"/></numFmts>"
      "<cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/></cellXfs>"
      "<dxfs count=\"1\"><dxf><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/></dxf></dxfs>"
      "</styleSheet>";
  const workbook wb = open_ok(write_zip(workbook_parts({{"Sheet1", one_cell}}, "", styles_xml)));
  EXPECT_EQ(wb.num_fmt_code(1), "0.000");
  EXPECT_EQ(wb.num_fmt(1).kind, num_fmt_kind::number);
}

TEST(workbook, no_styles_part_means_general) {
  const workbook wb = open_ok(write_zip(workbook_parts({{"Sheet1", one_cell}})));
  EXPECT_EQ(wb.num_fmt_code(0), "General");
  EXPECT_EQ(wb.num_fmt(0).kind, num_fmt_kind::general);
  EXPECT_EQ(wb.num_fmt_code(5), "General");
}

TEST(workbook, cell_style_xfs_are_not_cell_formats) {
  // Only <cellXfs> indexes cells' s= attributes; <cellStyleXfs> comes first in the part.
  const std::string styles_xml =
      "<?xml version=\"1.0\"?><styleSheet xmlns=\"" + main_ns + "\">"
      "<cellStyleXfs count=\"2\"><xf numFmtId=\"14\"/><xf numFmtId=\"10\"/></cellStyleXfs>"
      "<cellXfs count=\"2\"><xf numFmtId=\"0\" xfId=\"0\"/><xf numFmtId=\"2\" xfId=\"1\"/></cellXfs>"
      "<dxfs count=\"1\"><dxf><numFmt numFmtId=\"170\" formatCode=\"yyyy\"/></dxf></dxfs>"
      "</styleSheet>";
  const workbook wb = open_ok(write_zip(workbook_parts({{"Sheet1", one_cell}}, "", styles_xml)));
  EXPECT_EQ(wb.num_fmt_code(0), "General");
  EXPECT_EQ(wb.num_fmt_code(1), "0.00");
  EXPECT_EQ(wb.num_fmt_code(2), "General");
}

}  // namespace
}  // namespace returncheck::xlsx
