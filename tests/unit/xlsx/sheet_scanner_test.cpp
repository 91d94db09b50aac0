// Tests for reading a worksheet's cells through workbook::read_sheet and next_row.
#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "returncheck/xlsx/workbook.hpp"
#include "unit/test_xlsx.hpp"

namespace returncheck::xlsx {
namespace {

using test::part;
using test::set_part;
using test::styles;
using test::workbook_parts;
using test::worksheet;
using test::write_zip;
using test::main_ns;


// A cell copied out of the reader, so that it outlives the row.
struct cell_value {
  std::string ref{};
  value_type type = value_type::empty;
  double number = 0;
  std::string text{};
  std::string formula{};
  formula_kind formula_type = formula_kind::none;
  std::uint32_t style_idx = 0;
  friend bool operator==(const cell_value&, const cell_value&) = default;
};

std::ostream& operator<<(std::ostream& os, const cell_value& c) {
  static constexpr const char* types[] = {"empty", "number", "string", "boolean", "error", "date"};
  static constexpr const char* kinds[] = {"none", "normal", "shared", "array", "data_table"};
  return os << "{" << c.ref << " " << types[int(c.type)] << " number=" << c.number << " text='" << c.text
            << "' formula='" << c.formula << "' " << kinds[int(c.formula_type)] << " s=" << c.style_idx << "}";
}

cell_value copy(const cell& c) {
  return {format_cell_ref(c.pos), c.type, c.number, std::string(c.text), std::string(c.formula), c.formula_type,
          c.style_idx};
}

// Everything read from one sheet: the rows until the end or the first error.
struct sheet_read {
  std::string path;
  std::string where;  // how messages name the sheet: "<path>: <part> ('<name>')"
  std::vector<std::uint32_t> row_idx;
  std::vector<std::vector<cell_value>> rows;
  std::optional<error> err;
  std::vector<cell_range> merged;
  std::vector<ignored_error> ignored;
  std::optional<cell_range> dimension;

  std::vector<cell_value> cells() const {
    std::vector<cell_value> all;
    for (const auto& r : rows) all.insert(all.end(), r.begin(), r.end());
    return all;
  }
};

sheet_read read_all(const workbook& wb, std::size_t sheet = 0) {
  sheet_read out;
  out.path = wb.path();
  out.where = wb.path() + ": " + wb.sheets().at(sheet).part + " ('" + wb.sheets().at(sheet).name + "')";
  auto reader = wb.read_sheet(sheet);
  if (!reader) {
    out.err = reader.error();
    return out;
  }
  row r;
  for (;;) {
    auto more = reader->next_row(r);
    if (!more) {
      out.err = more.error();
      return out;
    }
    if (!*more) break;
    out.row_idx.push_back(r.row_idx);
    std::vector<cell_value> cells;
    for (const cell& c : r.cells) cells.push_back(copy(c));
    out.rows.push_back(std::move(cells));
  }
  out.merged = reader->merged_ranges();
  out.ignored = reader->ignored_errors();
  out.dimension = reader->declared_dimension();
  return out;
}

workbook open_ok(const std::string& path, const limits& caps = {}) {
  auto wb = workbook::open(path, caps);
  if (!wb) throw std::runtime_error("cannot open: " + wb.error().message);
  return std::move(wb).value();
}

sheet_read read_parts(const std::vector<part>& parts, const limits& caps = {}) {
  return read_all(open_ok(write_zip(parts), caps));
}

// One sheet named Sheet1 holding this worksheet XML.
sheet_read read_xml(const std::string& sheet_xml, const std::string& shared_strings_si = "",
                    const std::string& styles_xml = "", const limits& caps = {}, const std::string& workbook_pr = "") {
  return read_parts(workbook_parts({{"Sheet1", sheet_xml}}, shared_strings_si, styles_xml, workbook_pr), caps);
}

void expect_cells(const sheet_read& r, const std::vector<cell_value>& expected) {
  ASSERT_FALSE(r.err.has_value()) << r.err->message;
  EXPECT_EQ(r.cells(), expected);
}

void expect_error(const sheet_read& r, read_error code, const std::string& message) {
  ASSERT_TRUE(r.err.has_value()) << "read without error, expected: " << message;
  EXPECT_EQ(r.err->code, code) << r.err->message;
  EXPECT_EQ(r.err->message, message);
}

using vt = value_type;
using fk = formula_kind;

TEST(sheet_scanner, numbers) {
  const auto r = read_xml(worksheet(
      R"(<row r="1"><c r="A1"><v>184</v></c><c r="B1"><v>0.176</v></c><c r="C1" t="n"><v>-1.5E-3</v></c>)"
      R"(<c r="D1"><v> 42 </v></c><c r="E1"><v>1E+300</v></c><c r="F1"><v>+7</v></c></row>)"));
  expect_cells(r, {
                      {.ref = "A1", .type = vt::number, .number = 184},
                      {.ref = "B1", .type = vt::number, .number = 0.176},
                      {.ref = "C1", .type = vt::number, .number = -1.5e-3},
                      {.ref = "D1", .type = vt::number, .number = 42},
                      {.ref = "E1", .type = vt::number, .number = 1e300},
                      {.ref = "F1", .type = vt::number, .number = 7},
                  });
  EXPECT_EQ(r.row_idx, std::vector<std::uint32_t>{1});
}

TEST(sheet_scanner, number_cell_holding_text_keeps_the_text) {
  const auto r = read_xml(worksheet(R"(<row r="1"><c r="A1"><v>n/a</v></c><c r="B1"><v></v></c></row>)"));
  expect_cells(r, {
                      {.ref = "A1", .type = vt::string, .text = "n/a"},
                      {.ref = "B1", .type = vt::empty},
                  });
}

TEST(sheet_scanner, shared_strings) {
  const std::string si =
      "<si><t>plain</t></si>"
      "<si><r><t>rich </t></r><r><rPr><b/><sz val=\"11\"/></rPr><t>text</t></r></si>"
      "<si><t>\xE6\xBC\xA2\xE5\xAD\x97</t><rPh sb=\"0\" eb=\"2\"><t>\xE3\x81\x8B\xE3\x82\x93\xE3\x81\x98</t></rPh>"
      "<phoneticPr fontId=\"1\"/></si>"
      "<si><t>a_x000D_b</t></si>"
      "<si><t xml:space=\"preserve\">  spaced  </t></si>"
      "<si><t/></si>"
      "<si><t>x &amp; y &#x41;</t></si>"
      "<si><r><t>_x005F_x0041_</t></r></si>";
  std::string row = "<row r=\"1\">";
  for (int i = 0; i < 8; ++i)
    row += "<c r=\"" + std::string(1, char('A' + i)) + "1\" t=\"s\"><v>" + std::to_string(i) + "</v></c>";
  row += "</row>";
  const auto r = read_xml(worksheet(row), si);
  expect_cells(r, {
                      {.ref = "A1", .type = vt::string, .text = "plain"},
                      {.ref = "B1", .type = vt::string, .text = "rich text"},  // runs joined
                      {.ref = "C1", .type = vt::string, .text = "\xE6\xBC\xA2\xE5\xAD\x97"},  // no furigana
                      {.ref = "D1", .type = vt::string, .text = "a\rb"},
                      {.ref = "E1", .type = vt::string, .text = "  spaced  "},
                      {.ref = "F1", .type = vt::string, .text = ""},
                      {.ref = "G1", .type = vt::string, .text = "x & y A"},
                      {.ref = "H1", .type = vt::string, .text = "_x0041_"},
                  });
}

TEST(sheet_scanner, shared_string_index_out_of_range) {
  const auto r = read_xml(worksheet(R"(<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="s"><v>5</v></c></row>)"),
                          "<si><t>a</t></si><si><t>b</t></si>");
  expect_error(r, read_error::malformed_xml,
               r.where + " line 2: malformed XML: cell B1 refers to shared string 5 but the table has 2");
}

TEST(sheet_scanner, shared_string_index_not_a_number) {
  const auto r = read_xml(worksheet(R"(<row r="1"><c r="A1" t="s"><v>-1</v></c></row>)"), "<si><t>a</t></si>");
  expect_error(r, read_error::malformed_xml,
               r.where + " line 2: malformed XML: cell A1 refers to shared string -1 but the table has 1");
}

TEST(sheet_scanner, inline_strings) {
  const auto r = read_xml(worksheet(
      R"(<row r="1">)"
      R"(<c r="A1" t="inlineStr"><is><t>inline</t></is></c>)"
      R"(<c r="B1" t="inlineStr"><is><r><t>ri</t></r><r><rPr><i/></rPr><t>ch</t></r></is></c>)"
      "<c r=\"C1\" t=\"inlineStr\"><is><t>\xE6\xBC\xA2</t><rPh sb=\"0\" eb=\"1\"><t>\xE3\x81\x8B\xE3\x82\x93</t></rPh></is></c>"
      R"(<c r="D1" t="inlineStr"><is><t>a_x000A_b</t></is></c>)"
      R"(<c r="E1" t="inlineStr"><is><t xml:space="preserve"> &lt;tag&gt; </t></is></c>)"
      R"(<c r="F1" t="inlineStr"><is/></c>)"
      R"(<c r="G1"><is><t>no t attribute</t></is></c>)"
      R"(</row>)"));
  expect_cells(r, {
                      {.ref = "A1", .type = vt::string, .text = "inline"},
                      {.ref = "B1", .type = vt::string, .text = "rich"},
                      {.ref = "C1", .type = vt::string, .text = "\xE6\xBC\xA2"},
                      {.ref = "D1", .type = vt::string, .text = "a\nb"},
                      {.ref = "E1", .type = vt::string, .text = " <tag> "},
                      {.ref = "F1", .type = vt::string, .text = ""},
                      {.ref = "G1", .type = vt::string, .text = "no t attribute"},
                  });
}

TEST(sheet_scanner, line_breaks_in_text) {
  // XML reads a literal CR LF or CR as LF; a carriage return that is meant is written &#13;
  // or _x000D_, and stays one.
  const auto r = read_xml(worksheet(
      "<row r=\"1\">"
      "<c r=\"A1\" t=\"inlineStr\"><is><t>a\r\nb\rc\nd</t></is></c>"
      "<c r=\"B1\" t=\"inlineStr\"><is><t>a&#13;b</t></is></c>"
      "<c r=\"C1\" t=\"inlineStr\"><is><t>a_x000D_b</t></is></c>"
      "<c r=\"E1\" t=\"str\"><f>A1&amp;\r\nB1</f><v>1</v></c>"
      "</row>"));
  expect_cells(r, {
                      {.ref = "A1", .type = vt::string, .text = "a\nb\nc\nd"},
                      {.ref = "B1", .type = vt::string, .text = "a\rb"},
                      {.ref = "C1", .type = vt::string, .text = "a\rb"},
                      {.ref = "E1", .type = vt::string, .text = "1", .formula = "A1&\nB1", .formula_type = fk::normal},
                  });
}

TEST(sheet_scanner, character_reference_cr_beside_a_literal_line_break) {
  // Only literal line breaks are normalised: the &#13; stays a CR even when the same text
  // also holds a literal CR LF.
  const auto r = read_xml(
      worksheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x&#13;y\r\nz</t></is></c></row>"));
  expect_cells(r, {{.ref = "A1", .type = vt::string, .text = "x\ry\nz"}});
}

TEST(sheet_scanner, line_breaks_in_cdata) {
  // XML normalises line breaks before parsing, so inside CDATA too (XML 1.0, 2.11), as expat
  // does for shared strings.
  const auto r = read_xml(
      worksheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t><![CDATA[a\r\nb\rc]]></t></is></c></row>"));
  expect_cells(r, {{.ref = "A1", .type = vt::string, .text = "a\nb\nc"}});
}

TEST(sheet_scanner, byte_order_mark) {
  const auto r = read_xml("\xEF\xBB\xBF" + worksheet(R"(<row r="1"><c r="A1"><v>1</v></c></row>)"));
  expect_cells(r, {{.ref = "A1", .type = vt::number, .number = 1}});
}

TEST(sheet_scanner, formula_strings_booleans_and_errors) {
  const auto r = read_xml(worksheet(
      R"(<row r="1">)"
      R"(<c r="A1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>)"
      R"(<c r="B1" t="b"><v>1</v></c>)"
      R"(<c r="C1" t="b"><v>0</v></c>)"
      R"(<c r="D1" t="b"><f>1&gt;2</f><v>0</v></c>)"
      R"(<c r="E1" t="e"><f>1/0</f><v>#DIV/0!</v></c>)"
      R"(<c r="F1" t="e"><v>#N/A</v></c>)"
      R"(<c r="G1" t="e"><v>#REF!</v></c>)"
      R"(<c r="H1" t="str"><v>text result</v></c>)"
      R"(</row>)"));
  expect_cells(r, {
                      {.ref = "A1", .type = vt::string, .text = "ab", .formula = "\"a\"&\"b\"", .formula_type = fk::normal},
                      {.ref = "B1", .type = vt::boolean, .number = 1},
                      {.ref = "C1", .type = vt::boolean, .number = 0},
                      {.ref = "D1", .type = vt::boolean, .number = 0, .formula = "1>2", .formula_type = fk::normal},
                      {.ref = "E1", .type = vt::error, .text = "#DIV/0!", .formula = "1/0", .formula_type = fk::normal},
                      {.ref = "F1", .type = vt::error, .text = "#N/A"},
                      {.ref = "G1", .type = vt::error, .text = "#REF!"},
                      {.ref = "H1", .type = vt::string, .text = "text result"},
                  });
}

TEST(sheet_scanner, iso_dates) {
  struct date_case {
    std::string iso;
    bool date1904;
    double serial;
  };
  const std::vector<date_case> cases = {
      {"2015-03-31T00:00:00", false, 42094},
      {"2015-03-31", false, 42094},
      {"2015-03-31T12:00:00", false, 42094.5},
      {"2015-03-31T06:00:00Z", false, 42094.25},
      {"2015-03-31T00:00", false, 42094},
      {"1900-01-01", false, 1},
      {"1900-02-28", false, 59},
      {"1900-03-01", false, 61},  // serial 60 is Excel's 29 February 1900
      {"1899-12-31", false, 0},
      {"9999-12-31", false, 2958465},
      {"2015-03-31T00:00:00", true, 40632},
      {"1904-01-01", true, 0},
      {"1904-01-02T18:00:00", true, 1.75},
      {"12:00:00", false, 0.5},  // a time of day alone
      {"06:00", false, 0.25},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.iso + (c.date1904 ? " (1904)" : ""));
    const auto r = read_xml(worksheet("<row r=\"1\"><c r=\"A1\" t=\"d\"><v>" + c.iso + "</v></c></row>"), "", "", {},
                            c.date1904 ? "<workbookPr date1904=\"1\"/>" : "");
    expect_cells(r, {{.ref = "A1", .type = vt::date, .number = c.serial}});
  }
}

TEST(sheet_scanner, iso_date_that_is_not_a_date_stays_text) {
  const auto r = read_xml(worksheet(R"(<row r="1"><c r="A1" t="d"><v>31/03/2015</v></c>)"
                                    R"(<c r="B1" t="d"><v>2015-13-01</v></c></row>)"));
  expect_cells(r, {
                      {.ref = "A1", .type = vt::string, .text = "31/03/2015"},
                      {.ref = "B1", .type = vt::string, .text = "2015-13-01"},
                  });
}

TEST(sheet_scanner, dates_by_style) {
  const std::string st = styles({0, 14, 164, 2, 49, 22, 21}, {{164, "dd/mm/yyyy"}});
  const auto r = read_xml(worksheet(
                              R"(<row r="1">)"
                              R"(<c r="A1" s="1"><v>42094</v></c>)"
                              R"(<c r="B1" s="2"><v>42094</v></c>)"
                              R"(<c r="C1" s="3"><v>42094</v></c>)"
                              R"(<c r="D1" s="0"><v>42094</v></c>)"
                              R"(<c r="E1"><v>42094</v></c>)"
                              R"(<c r="F1" s="4"><v>42094</v></c>)"
                              R"(<c r="G1" s="5"><v>42094.5</v></c>)"
                              R"(<c r="H1" s="6"><v>0.5</v></c>)"
                              R"(<c r="I1" s="99"><v>42094</v></c>)"
                              R"(<c r="J1" s="2"/>)"
                              R"(</row>)"),
                          "", st);
  expect_cells(r, {
                      {.ref = "A1", .type = vt::date, .number = 42094, .style_idx = 1},  // built-in 14
                      {.ref = "B1", .type = vt::date, .number = 42094, .style_idx = 2},  // custom dd/mm/yyyy
                      {.ref = "C1", .type = vt::number, .number = 42094, .style_idx = 3},  // 0.00
                      {.ref = "D1", .type = vt::number, .number = 42094},
                      {.ref = "E1", .type = vt::number, .number = 42094},
                      {.ref = "F1", .type = vt::number, .number = 42094, .style_idx = 4},  // "@"
                      {.ref = "G1", .type = vt::date, .number = 42094.5, .style_idx = 5},  // date and time
                      {.ref = "H1", .type = vt::date, .number = 0.5, .style_idx = 6},  // time only
                      {.ref = "I1", .type = vt::number, .number = 42094, .style_idx = 99},  // no such style
                      {.ref = "J1", .type = vt::empty, .style_idx = 2},  // blank with a format
                  });
}

TEST(sheet_scanner, shared_formulas_are_expanded) {
  const auto r = read_xml(worksheet(
      R"(<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B3" si="0">A1*2</f><v>2</v></c></row>)"
      R"(<row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" si="0"/><v>4</v></c></row>)"
      R"(<row r="3"><c r="A3"><v>3</v></c><c r="B3"><f t="shared" si="0"></f><v>6</v></c></row>)"));
  expect_cells(r, {
                      {.ref = "A1", .type = vt::number, .number = 1},
                      {.ref = "B1", .type = vt::number, .number = 2, .formula = "A1*2", .formula_type = fk::shared},
                      {.ref = "A2", .type = vt::number, .number = 2},
                      {.ref = "B2", .type = vt::number, .number = 4, .formula = "A2*2", .formula_type = fk::shared},
                      {.ref = "A3", .type = vt::number, .number = 3},
                      {.ref = "B3", .type = vt::number, .number = 6, .formula = "A3*2", .formula_type = fk::shared},
                  });
}

TEST(sheet_scanner, shared_formulas_across_rows_and_columns) {
  // Two groups: C1:D2 moves both ways, E1:E2 keeps its absolute parts.
  const auto r = read_xml(worksheet(
      R"(<row r="1"><c r="C1"><f t="shared" ref="C1:D2" si="0">SUM($A1:B1)</f><v>0</v></c>)"
      R"(<c r="D1"><f t="shared" si="0"/><v>0</v></c>)"
      R"(<c r="E1"><f t="shared" ref="E1:E2" si="1">$A$1+A1</f><v>0</v></c></row>)"
      R"(<row r="2"><c r="C2"><f t="shared" si="0"/><v>0</v></c><c r="D2"><f t="shared" si="0"/><v>0</v></c>)"
      R"(<c r="E2"><f t="shared" si="1"/><v>0</v></c></row>)"));
  ASSERT_FALSE(r.err.has_value()) << r.err->message;
  std::vector<std::string> formulas;
  for (const auto& c : r.cells()) formulas.push_back(c.ref + "=" + c.formula);
  EXPECT_EQ(formulas, (std::vector<std::string>{"C1=SUM($A1:B1)", "D1=SUM($A1:C1)", "E1=$A$1+A1", "C2=SUM($A2:B2)",
                                                "D2=SUM($A2:C2)", "E2=$A$1+A2"}));
}

TEST(sheet_scanner, array_formula_on_the_top_left_cell_only) {
  const auto r = read_xml(worksheet(
      R"(<row r="1"><c r="A1"><v>1</v></c><c r="C1"><f t="array" ref="C1:C2">A1:A2*2</f><v>2</v></c></row>)"
      R"(<row r="2"><c r="A2"><v>2</v></c><c r="C2"><v>4</v></c></row>)"));
  expect_cells(r, {
                      {.ref = "A1", .type = vt::number, .number = 1},
                      {.ref = "C1", .type = vt::number, .number = 2, .formula = "A1:A2*2", .formula_type = fk::array},
                      {.ref = "A2", .type = vt::number, .number = 2},
                      {.ref = "C2", .type = vt::number, .number = 4},
                  });
}

TEST(sheet_scanner, data_table_formula) {
  const auto r = read_xml(worksheet(
      R"(<row r="2"><c r="B2"><f t="dataTable" ref="B2:B4" dt2D="0" dtr="0" r1="A1"/><v>10</v></c></row>)"));
  expect_cells(r, {{.ref = "B2", .type = vt::number, .number = 10, .formula_type = fk::data_table}});
}

TEST(sheet_scanner, formula_without_cached_value) {
  const auto r = read_xml(worksheet(
      R"(<row r="1"><c r="A1"><f>SUM(B1:B2)</f></c><c r="C1"><f>1+1</f><v></v></c>)"
      R"(<c r="D1" t="str"><f>"x"</f></c></row>)"));
  expect_cells(r, {
                      {.ref = "A1", .type = vt::empty, .formula = "SUM(B1:B2)", .formula_type = fk::normal},
                      {.ref = "C1", .type = vt::empty, .formula = "1+1", .formula_type = fk::normal},
                      {.ref = "D1", .type = vt::empty, .formula = "\"x\"", .formula_type = fk::normal},
                  });
}

TEST(sheet_scanner, rows_and_cells_without_references) {
  const auto r = read_xml(worksheet(
      R"(<row><c><v>1</v></c><c><v>2</v></c></row>)"
      R"(<row><c><v>3</v></c><c r="D2"><v>4</v></c><c><v>5</v></c></row>)"
      R"(<row r="7"><c r="B7"><v>6</v></c></row>)"
      R"(<row><c><v>7</v></c></row>)"));
  ASSERT_FALSE(r.err.has_value()) << r.err->message;
  EXPECT_EQ(r.row_idx, (std::vector<std::uint32_t>{1, 2, 7, 8}));
  std::vector<std::string> refs;
  for (const auto& c : r.cells()) refs.push_back(c.ref + "=" + std::to_string(int(c.number)));
  EXPECT_EQ(refs, (std::vector<std::string>{"A1=1", "B1=2", "A2=3", "D2=4", "E2=5", "B7=6", "A8=7"}));
}

TEST(sheet_scanner, sparse_rows) {
  const auto r = read_xml(worksheet(R"(<row r="1"><c r="A1"><v>1</v></c></row>)"
                                    R"(<row r="1000"><c r="C1000"><v>2</v></c></row>)"));
  ASSERT_FALSE(r.err.has_value()) << r.err->message;
  EXPECT_EQ(r.row_idx, (std::vector<std::uint32_t>{1, 1000}));
  EXPECT_EQ(r.cells(), (std::vector<cell_value>{{.ref = "A1", .type = vt::number, .number = 1},
                                                {.ref = "C1000", .type = vt::number, .number = 2}}));
}

TEST(sheet_scanner, rows_without_cells_are_skipped) {
  const auto r = read_xml(worksheet(R"(<row r="1"/><row r="2" spans="1:3"></row><row r="3"><c r="A3" s="1"/></row>)"
                                    R"(<row r="4" ht="20" customHeight="1"/>)"));
  ASSERT_FALSE(r.err.has_value()) << r.err->message;
  EXPECT_EQ(r.row_idx, (std::vector<std::uint32_t>{3}));  // a blank styled cell counts
  EXPECT_EQ(r.cells(), (std::vector<cell_value>{{.ref = "A3", .style_idx = 1}}));
}

// A row's number, cell count and format, copied out of the reader.
struct row_format {
  std::uint32_t row_idx = 0;
  std::size_t cells = 0;
  std::optional<double> height{};
  bool custom_height = false;
  bool hidden = false;
  std::optional<std::uint32_t> style_idx{};
  std::uint8_t outline_level = 0;
  friend bool operator==(const row_format&, const row_format&) = default;
};

std::ostream& operator<<(std::ostream& os, const row_format& r) {
  os << "{row " << r.row_idx << ", " << r.cells << " cells, ht=";
  if (r.height) os << *r.height;
  os << (r.custom_height ? " custom" : "") << (r.hidden ? " hidden" : "") << " s=";
  if (r.style_idx) os << *r.style_idx;
  return os << " level=" << int(r.outline_level) << "}";
}

std::vector<row_format> read_row_formats(const std::string& sheet_data, bool keep_empty) {
  const workbook wb = open_ok(write_zip(workbook_parts({{"Sheet1", worksheet(sheet_data)}})));
  auto reader = wb.read_sheet(0);
  if (!reader) throw std::runtime_error(reader.error().message);
  reader->keep_formatted_empty_rows(keep_empty);
  std::vector<row_format> rows;
  row r;
  for (;;) {
    auto more = reader->next_row(r);
    if (!more) throw std::runtime_error(more.error().message);
    if (!*more) break;
    rows.push_back({r.row_idx, r.cells.size(), r.height, r.custom_height, r.hidden, r.style_idx, r.outline_level});
  }
  return rows;
}

TEST(sheet_scanner, row_heights_visibility_and_formats) {
  const auto rows =
      read_row_formats(R"(<row r="1" spans="1:2" ht="30" customHeight="1"><c r="A1"><v>1</v></c></row>)"
                       R"(<row r="2" hidden="1" s="3" customFormat="1"><c r="A2"><v>2</v></c></row>)"
                       R"(<row r="3" s="4" ht="15.75" x14ac:dyDescent="0.25"><c r="A3"><v>3</v></c></row>)"
                       R"(<row r="4" outlineLevel="2" hidden="true" customHeight="0"><c r="A4"><v>4</v></c></row>)",
                       false);
  EXPECT_EQ(rows, (std::vector<row_format>{
                      {.row_idx = 1, .cells = 1, .height = 30, .custom_height = true},
                      {.row_idx = 2, .cells = 1, .hidden = true, .style_idx = 3},
                      {.row_idx = 3, .cells = 1, .height = 15.75},  // s= without customFormat is no row format
                      {.row_idx = 4, .cells = 1, .hidden = true, .outline_level = 2},
                  }));
}

TEST(sheet_scanner, bad_row_attributes_read_as_defaults) {
  const auto rows = read_row_formats(
      R"(<row r="1" ht="tall" hidden="maybe" outlineLevel="9" s="x" customFormat="1"><c r="A1"><v>1</v></c></row>)"
      R"(<row r="2" ht="-4" customHeight="yes"><c r="A2"><v>2</v></c></row>)"
      R"(<row r="3" ht="inf" outlineLevel="-1"><c r="A3"><v>3</v></c></row>)",
      false);
  EXPECT_EQ(rows, (std::vector<row_format>{
                      {.row_idx = 1, .cells = 1, .style_idx = 0},
                      {.row_idx = 2, .cells = 1},
                      {.row_idx = 3, .cells = 1},
                  }));
}

TEST(sheet_scanner, formatted_empty_rows_when_asked_for) {
  const std::string sheet_data =
      R"(<row r="1"/><row r="2" spans="1:3"></row><row r="3"><c r="A3" s="1"/></row>)"
      R"(<row r="4" ht="20" customHeight="1"/><row r="5" hidden="1"></row><row r="6" s="2" customFormat="1"/>)"
      R"(<row r="7" outlineLevel="1"/><row r="8" s="2"/>)";
  EXPECT_EQ(read_row_formats(sheet_data, false), (std::vector<row_format>{{.row_idx = 3, .cells = 1}}));
  EXPECT_EQ(read_row_formats(sheet_data, true), (std::vector<row_format>{
                                                    {.row_idx = 3, .cells = 1},
                                                    {.row_idx = 4, .height = 20, .custom_height = true},
                                                    {.row_idx = 5, .hidden = true},
                                                    {.row_idx = 6, .style_idx = 2},
                                                    {.row_idx = 7, .outline_level = 1},
                                                }));
}

TEST(sheet_scanner, last_cell_of_the_sheet) {
  const auto r = read_xml(worksheet(R"(<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>)"));
  ASSERT_FALSE(r.err.has_value()) << r.err->message;
  EXPECT_EQ(r.row_idx, (std::vector<std::uint32_t>{1048576}));
  EXPECT_EQ(r.cells(), (std::vector<cell_value>{{.ref = "XFD1048576", .type = vt::number, .number = 1}}));
}

struct bad_case {
  std::string rows;
  std::string what;
};

TEST(sheet_scanner, cell_reference_beyond_the_sheet) {
  // An A1 reference past XFD or row 1048576 is damage, not a reference to ignore: read as a
  // missing one, the value would land in another cell.
  const std::vector<bad_case> cases = {
      {R"(<row r="1"><c r="XFE1"><v>1</v></c></row>)", "cell XFE1 lies beyond the sheet (A1:XFD1048576)"},
      {R"(<row r="1"><c r="A1"><v>1</v></c><c r="ZZZZ1"><v>1</v></c></row>)",
       "cell ZZZZ1 lies beyond the sheet (A1:XFD1048576)"},
      {R"(<row r="1"><c r="A1048577"><v>1</v></c></row>)", "cell A1048577 lies beyond the sheet (A1:XFD1048576)"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.rows);
    const auto r = read_xml(worksheet(c.rows));
    expect_error(r, read_error::malformed_xml, r.where + " line 2: malformed XML: " + c.what);
  }
}

TEST(sheet_scanner, dimension_beyond_the_sheet) {
  // Nothing is sized by a dimension, but one claiming a million columns is as damaged as a cell
  // there; a whole-sheet dimension is valid and costs nothing.
  auto with_dimension = [](const std::string& ref) {
    std::string xml = worksheet(R"(<row r="1" spans="1:1000000"><c r="A1"><v>1</v></c></row>)");
    xml.insert(xml.find("<sheetData"), "<dimension ref=\"" + ref + "\"/>");
    return xml;
  };
  for (const std::string ref : {"A1:BDWGN1", "A1:XFE1", "A1048577"}) {
    SCOPED_TRACE(ref);
    const auto r = read_xml(with_dimension(ref));
    expect_error(r, read_error::malformed_xml,
                 r.where + " line 2: malformed XML: dimension " + ref + " lies beyond the sheet (A1:XFD1048576)");
  }
  const auto whole = read_xml(with_dimension("A1:XFD1048576"));
  ASSERT_FALSE(whole.err.has_value()) << whole.err->message;
  EXPECT_EQ(whole.cells().size(), 1u);
}

TEST(sheet_scanner, cells_and_rows_outside_the_sheet) {
  const std::vector<bad_case> cases = {
      {R"(<row r="1"><c r="XFD1"><v>1</v></c><c><v>2</v></c></row>)", "a cell beyond column XFD"},
      {R"(<row r="1048577"><c><v>1</v></c></row>)", "row number r=\"1048577\" is not a row of a sheet"},
      {R"(<row r="0"><c><v>1</v></c></row>)", "row number r=\"0\" is not a row of a sheet"},
      {R"(<row r="x"><c><v>1</v></c></row>)", "row number r=\"x\" is not a row of a sheet"},
      {R"(<row r="1"><c r="A1" s="bold"><v>1</v></c></row>)", "style s=\"bold\" is not a number"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.rows);
    const auto r = read_xml(worksheet(c.rows));
    expect_error(r, read_error::malformed_xml, r.where + " line 2: malformed XML: " + c.what);
  }
}

TEST(sheet_scanner, reference_that_is_not_a1_follows_the_cell_before) {
  // Some writers put a number in r=; such a cell is read as if it had no reference.
  const auto r = read_xml(worksheet(R"(<row r="3"><c r="B3"><v>1</v></c><c r="7"><v>2</v></c><c r=""><v>3</v></c></row>)"));
  ASSERT_FALSE(r.err.has_value()) << r.err->message;
  std::vector<std::string> refs;
  for (const auto& c : r.cells()) refs.push_back(c.ref);
  EXPECT_EQ(refs, (std::vector<std::string>{"B3", "C3", "D3"}));
}

TEST(sheet_scanner, namespace_prefixed_elements) {
  const std::string sheet =
      "<?xml version=\"1.0\"?>\n<x:worksheet xmlns:x=\"" + main_ns + "\">"
      "<x:dimension ref=\"A1:B2\"/>"
      "<x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>hi</x:t></x:is></x:c>"
      "<x:c r=\"B1\"><x:f>1+1</x:f><x:v>2</x:v></x:c></x:row>"
      "<x:row r=\"2\"><x:c r=\"A2\" t=\"s\"><x:v>0</x:v></x:c></x:row></x:sheetData>"
      "<x:mergeCells count=\"1\"><x:mergeCell ref=\"A2:B2\"/></x:mergeCells></x:worksheet>";
  auto parts = workbook_parts({{"Sheet1", sheet}}, "<si><t>x</t></si>");
  set_part(parts, "xl/sharedStrings.xml",
           "<?xml version=\"1.0\"?><x:sst xmlns:x=\"" + main_ns + "\"><x:si><x:t>prefixed</x:t></x:si></x:sst>");
  const auto r = read_parts(parts);
  expect_cells(r, {
                      {.ref = "A1", .type = vt::string, .text = "hi"},
                      {.ref = "B1", .type = vt::number, .number = 2, .formula = "1+1", .formula_type = fk::normal},
                      {.ref = "A2", .type = vt::string, .text = "prefixed"},
                  });
  EXPECT_EQ(r.merged, (std::vector<cell_range>{{{2, 1}, {2, 2}}}));
  EXPECT_EQ(r.dimension, (cell_range{{1, 1}, {2, 2}}));
}

// Rewrites a transitional package into ISO/IEC 29500 Strict's namespaces.
std::vector<part> to_strict(std::vector<part> parts) {
  const std::vector<std::pair<std::string, std::string>> swaps = {
      {"http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main"},
      {"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "http://purl.oclc.org/ooxml/officeDocument/relationships"},
  };
  for (auto& p : parts) {
    for (const auto& [from, to] : swaps) {
      for (auto at = p.content.find(from); at != std::string::npos; at = p.content.find(from, at + to.size()))
        p.content.replace(at, from.size(), to);
    }
  }
  return parts;
}

TEST(sheet_scanner, strict_ooxml) {
  const auto parts = to_strict(workbook_parts(
      {{"Sheet1", worksheet(R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>42094</v></c>)"
                            R"(<c r="C1" t="d"><v>2015-03-31T00:00:00</v></c></row>)")}},
      "<si><t>strict</t></si>", styles({0, 14})));
  ASSERT_NE(parts.back().content.find("purl.oclc.org"), std::string::npos);
  const workbook wb = open_ok(write_zip(parts));
  EXPECT_TRUE(wb.strict_ooxml());
  EXPECT_EQ(wb.num_fmt_code(1), "m/d/yyyy");
  const auto r = read_all(wb);
  expect_cells(r, {
                      {.ref = "A1", .type = vt::string, .text = "strict"},
                      {.ref = "B1", .type = vt::date, .number = 42094, .style_idx = 1},
                      {.ref = "C1", .type = vt::date, .number = 42094},
                  });
}

TEST(sheet_scanner, merged_ranges_ignored_errors_and_dimension) {
  const std::string sheet =
      "<?xml version=\"1.0\"?>\n<worksheet xmlns=\"" + main_ns + "\">"
      "<dimension ref=\"A1:C3\"/><sheetViews><sheetView workbookViewId=\"0\"/></sheetViews>"
      "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>007</t></is></c></row>"
      "<row r=\"3\"><c r=\"C3\"><v>1</v></c></row></sheetData>"
      "<mergeCells count=\"3\"><mergeCell ref=\"A1:B1\"/><mergeCell ref=\"C3:A2\"/><mergeCell ref=\"bogus\"/></mergeCells>"
      "<ignoredErrors><ignoredError sqref=\"A1:A3 C5\" numberStoredAsText=\"1\"/>"
      "<ignoredError sqref=\"B2\" formula=\"1\" evalError=\"true\" twoDigitTextYear=\"0\"/></ignoredErrors>"
      "</worksheet>";
  const workbook wb = open_ok(write_zip(workbook_parts({{"Sheet1", sheet}})));
  auto reader = wb.read_sheet(0);
  ASSERT_TRUE(reader.has_value()) << reader.error().message;
  EXPECT_TRUE(reader->merged_ranges().empty());
  row r;
  int rows = 0;
  for (;;) {
    auto more = reader->next_row(r);
    ASSERT_TRUE(more.has_value()) << more.error().message;
    if (!*more) break;
    ++rows;
  }
  EXPECT_EQ(rows, 2);
  EXPECT_EQ(reader->merged_ranges(), (std::vector<cell_range>{{{1, 1}, {1, 2}}, {{2, 1}, {3, 3}}}));
  EXPECT_EQ(reader->declared_dimension(), (cell_range{{1, 1}, {3, 3}}));
  const auto& ignored = reader->ignored_errors();
  ASSERT_EQ(ignored.size(), 2u);
  EXPECT_EQ(ignored[0].ranges, (std::vector<cell_range>{{{1, 1}, {3, 1}}, {{5, 3}, {5, 3}}}));
  EXPECT_EQ(ignored[0].flags, ignored_error::number_stored_as_text);
  EXPECT_EQ(ignored[1].ranges, (std::vector<cell_range>{{{2, 2}, {2, 2}}}));
  EXPECT_EQ(ignored[1].flags, ignored_error::formula | ignored_error::eval_error);
  // Reading on past the end changes nothing.
  auto again = reader->next_row(r);
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE(*again);
}

TEST(sheet_scanner, comments_and_cdata) {
  const std::string sheet =
      "<?xml version=\"1.0\"?>\n<!-- written by hand -->\n<worksheet xmlns=\"" + main_ns + "\"><sheetData>"
      "<!-- a <row> in a comment is not a row -->"
      "<row r=\"1\">"
      "<c r=\"A1\" t=\"inlineStr\"><is><t><![CDATA[a<b>&c]]></t></is></c>"
      "<c r=\"B1\"><!-- note --><v>1<!-- x -->2</v></c>"
      "<c r=\"C1\" t=\"str\"><f><![CDATA[A1&\"x\"]]></f><v>1x</v></c>"
      "<c r=\"D1\" t=\"inlineStr\"><is><t>x<![CDATA[&amp;]]>y</t></is></c>"
      "<?some-instruction data?>"
      "</row></sheetData></worksheet>\n<!-- trailing -->\n";
  const auto r = read_xml(sheet);
  expect_cells(r, {
                      {.ref = "A1", .type = vt::string, .text = "a<b>&c"},
                      {.ref = "B1", .type = vt::number, .number = 12},
                      {.ref = "C1", .type = vt::string, .text = "1x", .formula = "A1&\"x\"", .formula_type = fk::normal},
                      {.ref = "D1", .type = vt::string, .text = "x&amp;y"},  // CDATA is not decoded
                  });
}

TEST(sheet_scanner, entities_in_formulas) {
  const auto r = read_xml(worksheet(
      R"(<row r="1"><c r="A1" t="str"><f>IF(A2&lt;&gt;"",A2&amp;&quot;x&quot;,&apos;My Sheet&apos;!B1)</f><v>x</v></c>)"
      R"(<c r="B1"><f>A1&gt;=1&#10;+&#x41;1</f><v>1</v></c></row>)"));
  expect_cells(r, {
                      {.ref = "A1", .type = vt::string, .text = "x", .formula = "IF(A2<>\"\",A2&\"x\",'My Sheet'!B1)",
                       .formula_type = fk::normal},
                      {.ref = "B1", .type = vt::number, .number = 1, .formula = "A1>=1\n+A1", .formula_type = fk::normal},
                  });
}

TEST(sheet_scanner, unknown_entity_is_malformed) {
  const auto r = read_xml(worksheet(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>a&nbsp;b</t></is></c></row>)"));
  expect_error(r, read_error::malformed_xml,
               r.where + " line 2: malformed XML: an unknown or malformed character reference in 'a&nbsp;b'");
}

TEST(sheet_scanner, markup_variations) {
  // Single quotes, spaces around '=', line breaks inside tags, a '>' inside a value, end tags
  // with trailing space, and attributes with prefixes.
  const std::string sheet =
      "<?xml version='1.0'?>\n<worksheet xmlns='" + main_ns + "' xmlns:x14ac='urn:x14ac'>\n<sheetData>\n"
      "<row r = '1' x14ac:dyDescent='0.25'\n  spans='1:2'>\n"
      "<c r='A1'\n t='inlineStr' x14ac:note='a>b'><is><t>quoted</t ></is ></c >\n"
      "<c\tr=\"B1\"\ts=\"0\"><v>3</v></c>\n"
      "</row >\n</sheetData>\n</worksheet>";
  expect_cells(read_xml(sheet), {
                                    {.ref = "A1", .type = vt::string, .text = "quoted"},
                                    {.ref = "B1", .type = vt::number, .number = 3},
                                });
}

TEST(sheet_scanner, dtd_in_a_worksheet_is_refused) {
  for (const std::string decl : {"<!DOCTYPE worksheet>", "<!DOCTYPE x [<!ENTITY a \"b\">]>", "<!ENTITY a \"b\">"}) {
    SCOPED_TRACE(decl);
    std::string sheet = worksheet(R"(<row r="1"><c r="A1"><v>1</v></c></row>)");
    sheet.insert(sheet.find('\n') + 1, decl + "\n");
    const auto r = read_xml(sheet);
    expect_error(r, read_error::forbidden_dtd,
                 r.where + ": declares a DTD or entities, which workbooks never contain (an entity-expansion attack?)");
  }
}

TEST(sheet_scanner, mismatched_tags) {
  const auto r = read_xml(worksheet("\n<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>\n<row r=\"2\">\n<c r=\"A2\"><v>1</c>\n</row>\n"));
  expect_error(r, read_error::malformed_xml, r.where + " line 5: malformed XML: </c> does not close <v>");
  EXPECT_EQ(r.row_idx, (std::vector<std::uint32_t>{1}));  // rows before the error were read
  EXPECT_EQ(r.where, r.path + ": xl/worksheets/sheet1.xml ('Sheet1')");
}

TEST(sheet_scanner, other_malformed_markup) {
  struct bad_case {
    std::string sheet;
    std::string what;  // after "line N: malformed XML: "
  };
  const std::string head = "<?xml version=\"1.0\"?>\n<worksheet xmlns=\"" + main_ns + "\"><sheetData>";
  const std::vector<bad_case> cases = {
      {head + "</row></sheetData></worksheet>", "line 2: malformed XML: </row> does not close <sheetData>"},
      {head + "</sheetData></worksheet></worksheet>", "line 2: malformed XML: unexpected </worksheet>"},
      {head + "</sheetData></worksheet>trailing", "line 2: malformed XML: text outside the root element"},
      {"<?xml version=\"1.0\"?>\n", "line 2: malformed XML: the part holds no XML element"},
      {head + "<row r=\"1\"><c r=\"A1\" <v>1</v></c></row></sheetData></worksheet>",
       "line 2: malformed XML: '<' inside a tag"},
      {head + "<row r=\"1\"><c r=\"A1\" t><v>1</v></c></row></sheetData></worksheet>",
       "line 2: malformed XML: bad attributes in <c>"},
      {head + "<row r=\"1\"><c r=\"A1\"><f t=\"shared\" si=0/></c></row></sheetData></worksheet>",
       "line 2: malformed XML: bad attributes in <f>"},
      {head + "<row r=\"1\"><c r=\"A1\"></></c></row></sheetData></worksheet>",
       "line 2: malformed XML: a tag without a name"},
      {head + "<!X></sheetData></worksheet>", "line 2: malformed XML: unexpected markup '<!'"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.sheet);
    const auto r = read_xml(c.sheet);
    expect_error(r, read_error::malformed_xml, r.where + " " + c.what);
  }
}

TEST(sheet_scanner, empty_part) {
  const auto r = read_xml("");
  expect_error(r, read_error::malformed_xml, r.where + " line 1: malformed XML: the part holds no XML element");
}

TEST(sheet_scanner, deep_nesting_is_malformed) {
  std::string deep;
  for (int i = 0; i < 300; ++i) deep += "<a>";
  for (int i = 0; i < 300; ++i) deep += "</a>";
  const auto r = read_xml(worksheet("", deep));
  expect_error(r, read_error::malformed_xml, r.where + " line 2: malformed XML: elements nested more than 256 deep");
}

TEST(sheet_scanner, truncated_part) {
  const std::string whole =
      worksheet("\n<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>\n<row r=\"2\"><c r=\"A2\"><v>2</v></c></row>\n");
  const struct {
    std::string cut_after;
    std::string inside;
  } cases[] = {
      {"<c r=\"A2\"><v>2", "v"},      // inside a value
      {"<row r=\"2\"><c r=\"A", "row"},  // inside a tag: the partial tag is dropped
      {"</sheetData>", "worksheet"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.cut_after);
    const std::string part = whole.substr(0, whole.find(c.cut_after) + c.cut_after.size());
    const auto r = read_xml(part);
    ASSERT_TRUE(r.err.has_value());
    EXPECT_EQ(r.err->code, read_error::malformed_xml) << r.err->message;
    EXPECT_TRUE(r.err->message.starts_with(r.where + " line ")) << r.err->message;
    EXPECT_TRUE(r.err->message.ends_with(": malformed XML: the part ends inside <" + c.inside +
                                         "> (the file is truncated?)"))
        << r.err->message;
  }
  const auto r = read_xml(whole.substr(0, whole.find("<c r=\"A2\"><v>2") + 14));
  expect_error(r, read_error::malformed_xml,
               r.where + " line 4: malformed XML: the part ends inside <v> (the file is truncated?)");
  EXPECT_EQ(r.row_idx, (std::vector<std::uint32_t>{1}));
}

TEST(sheet_scanner, damaged_part_is_reported_as_damage) {
  // Garbled bytes in a stored part read as malformed XML first; the CRC at the end of the
  // part tells the real cause.
  auto parts = workbook_parts({{"Sheet1", worksheet(R"(<row r="1"><c r="A1"><v>1</v></c></row>)"
                                                    R"(<row r="2"><c r="A2"><v>2</v></c></row>)")}});
  std::string bytes = test::read_file(test::write_zip_stored(parts));
  const auto at = bytes.find("<v>2</v>");
  ASSERT_NE(at, std::string::npos);
  bytes[at + 5] = 'x';  // </x>
  const std::string path = test::write_file(bytes, "damaged.xlsx");
  const workbook wb = open_ok(path);
  const auto r = read_all(wb);
  expect_error(r, read_error::corrupt_zip, path + ": xl/worksheets/sheet1.xml: CRC check failed (the file is damaged)");
}

TEST(sheet_scanner, stored_parts_read_like_deflated_ones) {
  const auto parts = workbook_parts({{"Sheet1", worksheet(R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)")}},
                                    "<si><t>stored</t></si>");
  const auto r = read_all(open_ok(test::write_zip_stored(parts)));
  expect_cells(r, {{.ref = "A1", .type = vt::string, .text = "stored"}});
}

TEST(sheet_scanner, cell_count_cap) {
  const std::string rows = R"(<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c><c r="C1"><v>3</v></c></row>)"
                           R"(<row r="2"><c r="A2"><v>4</v></c><c r="B2"><v>5</v></c><c r="C2"><v>6</v></c></row>)";
  limits caps;
  caps.max_cells_per_sheet = 6;
  const auto all = read_xml(worksheet(rows), "", "", caps);
  ASSERT_FALSE(all.err.has_value()) << all.err->message;
  EXPECT_EQ(all.cells().size(), 6u);

  caps.max_cells_per_sheet = 5;
  const auto r = read_xml(worksheet(rows), "", "", caps);
  expect_error(r, read_error::limit_exceeded, r.where + ": more than 5 cells (limit max-cells; raise it with --max-cells)");
  EXPECT_EQ(r.row_idx, (std::vector<std::uint32_t>{1}));
}

TEST(sheet_scanner, string_length_cap) {
  limits caps;
  caps.max_string_bytes = 100;
  const auto at_limit = read_xml(
      worksheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>" + std::string(100, 'x') + "</t></is></c></row>"), "",
      "", caps);
  expect_cells(at_limit, {{.ref = "A1", .type = vt::string, .text = std::string(100, 'x')}});

  const auto r = read_xml(
      worksheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>" + std::string(101, 'x') + "</t></is></c></row>"), "",
      "", caps);
  expect_error(r, read_error::limit_exceeded, r.where + ": a cell's text is longer than 100 bytes (limit max-string)");

  const auto cdata = read_xml(
      worksheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t><![CDATA[" + std::string(101, 'x') +
                "]]></t></is></c></row>"),
      "", "", caps);
  expect_error(cdata, read_error::limit_exceeded,
               cdata.where + ": a cell's text is longer than 100 bytes (limit max-string)");

  const auto formula = read_xml(
      worksheet("<row r=\"1\"><c r=\"A1\"><f>" + std::string(101, '1') + "</f><v>1</v></c></row>"), "", "", caps);
  ASSERT_TRUE(formula.err.has_value());
  EXPECT_EQ(formula.err->code, read_error::limit_exceeded);
}

TEST(sheet_scanner, huge_tag_is_capped) {
  limits caps;
  caps.max_string_bytes = 1000;
  const auto r = read_xml(
      worksheet("<row r=\"1\"><c r=\"A1\" junk=\"" + std::string(600u << 10, 'j') + "\"><v>1</v></c></row>"), "", "", caps);
  expect_error(r, read_error::limit_exceeded,
               r.where + ": a single XML token is longer than 1000 bytes (limit max-string)");
}

// A text that exercises the decoder: entities, multi-byte UTF-8 and OOXML escapes, of a given length.
struct text_pair {
  std::string xml;
  std::string decoded;
};

text_pair long_text(std::size_t approx_bytes, unsigned seed) {
  static const std::vector<text_pair> pieces = {
      {"plain ", "plain "},
      {"&amp;", "&"},
      {"&lt;&gt;", "<>"},
      {"\xC3\xA9", "\xC3\xA9"},
      {"\xE6\xBC\xA2\xE5\xAD\x97", "\xE6\xBC\xA2\xE5\xAD\x97"},
      {"\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"},
      {"&#x20AC;", "\xE2\x82\xAC"},
      {"_x000D_", "\r"},
      {"0123456789", "0123456789"},
      {"\n", "\n"},
  };
  text_pair out;
  unsigned x = seed * 2654435761u + 12345;
  while (out.xml.size() < approx_bytes) {
    x = x * 1103515245u + 12345;
    const auto& p = pieces[(x >> 16) % pieces.size()];
    out.xml += p.xml;
    out.decoded += p.decoded;
  }
  return out;
}

TEST(sheet_scanner, large_sheet_read_back_exactly) {
  constexpr int n_rows = 30000;
  constexpr int n_strings = 50;
  std::string si;
  for (int k = 0; k < n_strings; ++k) si += "<si><t>shared " + std::to_string(k) + "</t></si>";
  std::string rows;
  rows.reserve(n_rows * 260u);
  for (int i = 1; i <= n_rows; ++i) {
    const std::string n = std::to_string(i);
    rows += "<row r=\"" + n + "\" spans=\"1:5\">";
    rows += "<c r=\"A" + n + "\"><v>" + n + ".5</v></c>";
    rows += "<c r=\"B" + n + "\" t=\"inlineStr\"><is><t>row " + n + " &amp; more</t></is></c>";
    rows += "<c r=\"C" + n + "\" t=\"s\"><v>" + std::to_string(i % n_strings) + "</v></c>";
    rows += "<c r=\"D" + n + "\"><f>A" + n + "*2</f><v>" + std::to_string(2 * i + 1) + "</v></c>";
    rows += "<c r=\"E" + n + "\" t=\"b\"><v>" + std::to_string(i % 2) + "</v></c>";
    rows += "</row>\n";
  }
  const std::string sheet = worksheet(rows);
  ASSERT_GT(sheet.size(), 4u << 20);  // many times the scanner's 256 KiB window

  const auto r = read_xml(sheet, si);
  ASSERT_FALSE(r.err.has_value()) << r.err->message;
  ASSERT_EQ(r.rows.size(), std::size_t(n_rows));
  for (int i = 1; i <= n_rows; ++i) {
    const std::string n = std::to_string(i);
    const std::vector<cell_value> expected = {
        {.ref = "A" + n, .type = vt::number, .number = i + 0.5},
        {.ref = "B" + n, .type = vt::string, .text = "row " + n + " & more"},
        {.ref = "C" + n, .type = vt::string, .text = "shared " + std::to_string(i % n_strings)},
        {.ref = "D" + n, .type = vt::number, .number = 2.0 * i + 1, .formula = "A" + n + "*2", .formula_type = fk::normal},
        {.ref = "E" + n, .type = vt::boolean, .number = double(i % 2)},
    };
    ASSERT_EQ(r.row_idx[std::size_t(i - 1)], std::uint32_t(i));
    ASSERT_EQ(r.rows[std::size_t(i - 1)], expected) << "row " << i;
  }
}

TEST(sheet_scanner, long_strings_straddle_window_refills) {
  // Strings of 3 to 40 KB, some far beyond the window, in inline strings, CDATA and formulas.
  std::string rows;
  std::vector<cell_value> expected;
  std::size_t total = 0;
  for (int i = 1; i <= 120; ++i) {
    const std::string n = std::to_string(i);
    const text_pair t = long_text(3000 + std::size_t(i) * 331 % 37000, unsigned(i));
    rows += "<row r=\"" + n + "\">";
    rows += "<c r=\"A" + n + "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">" + t.xml + "</t></is></c>";
    expected.push_back({.ref = "A" + n, .type = vt::string, .text = t.decoded});
    if (i % 3 == 0) {
      const std::string raw(std::size_t(i) * 97 % 9000 + 1, char('a' + i % 26));
      rows += "<c r=\"B" + n + "\" t=\"inlineStr\"><is><t><![CDATA[<" + raw + "&amp;>]]></t></is></c>";
      expected.push_back({.ref = "B" + n, .type = vt::string, .text = "<" + raw + "&amp;>"});
    }
    rows += "<c r=\"C" + n + "\"><v>" + n + "</v></c>";
    expected.push_back({.ref = "C" + n, .type = vt::number, .number = double(i)});
    rows += "</row>\n";
    total += t.xml.size();
  }
  // One string larger than the window itself (the window has to grow to hold it).
  const text_pair huge = long_text(600u << 10, 999);
  rows += "<row r=\"200\"><c r=\"A200\" t=\"inlineStr\"><is><t>" + huge.xml + "</t></is></c><c r=\"B200\"><v>1</v></c></row>";
  expected.push_back({.ref = "A200", .type = vt::string, .text = huge.decoded});
  expected.push_back({.ref = "B200", .type = vt::number, .number = 1});
  rows += "<row r=\"201\"><c r=\"A201\"><v>2</v></c></row>";
  expected.push_back({.ref = "A201", .type = vt::number, .number = 2});
  ASSERT_GT(total, 1u << 20);

  const auto r = read_xml(worksheet(rows));
  ASSERT_FALSE(r.err.has_value()) << r.err->message;
  const auto got = r.cells();
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    ASSERT_EQ(got[i].ref, expected[i].ref);
    ASSERT_EQ(got[i].text.size(), expected[i].text.size()) << expected[i].ref;
    ASSERT_EQ(got[i], expected[i]) << expected[i].ref;
  }
}

TEST(sheet_scanner, line_numbers_count_across_refills) {
  // An error after several windows of text still names its line.
  std::string rows;
  for (int i = 1; i <= 20000; ++i)
    rows += "<row r=\"" + std::to_string(i) + "\"><c r=\"A" + std::to_string(i) + "\"><v>1</v></c></row>\n";
  rows += "<row r=\"20001\"><c r=\"A20001\"><v>1</c></row>\n";
  const auto r = read_xml(worksheet(rows));
  expect_error(r, read_error::malformed_xml, r.where + " line 20002: malformed XML: </c> does not close <v>");
  EXPECT_EQ(r.rows.size(), 20000u);
}

TEST(sheet_scanner, views_stay_valid_for_the_whole_row) {
  // Many inline strings in one row: each cell's text must survive the cells read after it.
  std::string row = "<row r=\"1\">";
  std::vector<cell_value> expected;
  for (int i = 1; i <= 200; ++i) {
    std::string ref;
    append_col_letters(ref, std::uint32_t(i));
    ref += "1";
    const std::string text = "value " + std::to_string(i) + std::string(std::size_t(i % 40), '.');
    row += "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
    expected.push_back({.ref = ref, .type = vt::string, .text = text});
  }
  row += "</row>";
  const workbook wb = open_ok(write_zip(workbook_parts({{"Sheet1", worksheet(row + "<row r=\"2\"><c r=\"A2\"><v>1</v></c></row>")}})));
  auto reader = wb.read_sheet(0);
  ASSERT_TRUE(reader.has_value());
  xlsx::row r;
  auto more = reader->next_row(r);
  ASSERT_TRUE(more.has_value() && *more);
  ASSERT_EQ(r.cells.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(copy(r.cells[i]), expected[i]);
}

}  // namespace
}  // namespace returncheck::xlsx
