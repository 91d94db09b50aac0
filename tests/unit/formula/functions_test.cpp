// Runs every function's data table (tests/unit/formula/data/functions/<NAME>.tsv) against a
// fixture workbook, and checks that every function in the library has a table.
//
// A table row is `formula<TAB>expected`, evaluated as if typed into Data!Z100. Expected is a
// number (15, -0.5, 1E-3), "text" in double quotes, TRUE or FALSE, an error (#DIV/0!), or
// `blank`. Lines starting with # are comments. The fixture (see fixture() below):
//   Data!A1:A5  1, 2, 3, 4, 5
//   Data!B1:B4  "apple", "Banana", "cherry", "date"        (B5 empty)
//   Data!C1:C5  TRUE, "3" (text), #DIV/0!, (empty), 10
//   Data!D1:D3  dates 2015-03-31, 2016-03-31, 2017-09-30  (serials 42094, 42460, 43008)
//   Data!E1:E4  184, 188, 209, 148                         (table 6.2's first row)
//   Data!F1:F4  "a", "b", "a", "c"
//   Other!A1    100;  Other!B2 "x"
//   names: rate = 0.5;  total = SUM(Data!$A$1:$A$5)
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "returncheck/formula/evaluator.hpp"
#include "returncheck/formula/parser.hpp"
#include "unit/test_xlsx.hpp"

namespace returncheck::formula {
namespace {

namespace fs = std::filesystem;

const fs::path tables = fs::path(RETURNCHECK_SOURCE_DIR) / "tests/unit/formula/data/functions";

struct fixture_book {
  xlsx::workbook wb;
  xlsx::cell_store cells;
};

const fixture_book& fixture() {
  static const fixture_book book = [] {
    const std::string data = test::worksheet(
        R"(<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="s"><v>0</v></c><c r="C1" t="b"><v>1</v></c>)"
        R"(<c r="D1" s="1"><v>42094</v></c><c r="E1"><v>184</v></c><c r="F1" t="s"><v>4</v></c></row>)"
        R"(<row r="2"><c r="A2"><v>2</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" t="s"><v>7</v></c>)"
        R"(<c r="D2" s="1"><v>42460</v></c><c r="E2"><v>188</v></c><c r="F2" t="s"><v>5</v></c></row>)"
        R"(<row r="3"><c r="A3"><v>3</v></c><c r="B3" t="s"><v>2</v></c><c r="C3" t="e"><v>#DIV/0!</v></c>)"
        R"(<c r="D3" s="1"><v>43008</v></c><c r="E3"><v>209</v></c><c r="F3" t="s"><v>4</v></c></row>)"
        R"(<row r="4"><c r="A4"><v>4</v></c><c r="B4" t="s"><v>3</v></c><c r="E4"><v>148</v></c><c r="F4" t="s"><v>6</v></c></row>)"
        R"(<row r="5"><c r="A5"><v>5</v></c><c r="C5"><v>10</v></c></row>)");
    const std::string other =
        test::worksheet(R"(<row r="1"><c r="A1"><v>100</v></c></row><row r="2"><c r="B2" t="s"><v>8</v></c></row>)");
    auto parts =
        test::workbook_parts({{"Data", data}, {"Other", other}},
                             "<si><t>apple</t></si><si><t>Banana</t></si><si><t>cherry</t></si><si><t>date</t></si>"
                             "<si><t>a</t></si><si><t>b</t></si><si><t>c</t></si><si><t>3</t></si><si><t>x</t></si>",
                             test::styles({0, 14}));
    for (auto& p : parts)
      if (p.name == "xl/workbook.xml")
        p.content.replace(p.content.find("</workbook>"), 11,
                          "<definedNames><definedName name=\"rate\">0.5</definedName>"
                          "<definedName name=\"total\">SUM(Data!$A$1:$A$5)</definedName></definedNames></workbook>");
    auto wb = xlsx::workbook::open(test::write_zip(parts, "fixture.xlsx"));
    if (!wb) throw std::runtime_error(wb.error().message);
    auto cells = xlsx::cell_store::load(*wb);
    if (!cells) throw std::runtime_error(cells.error().message);
    return fixture_book{std::move(*wb), std::move(*cells)};
  }();
  return book;
}

std::string show(const value& v) {
  switch (v.kind()) {
    case value_kind::blank: return "blank";
    case value_kind::number: return format_number(v.as_number());
    case value_kind::text: return "\"" + v.as_text() + "\"";
    case value_kind::boolean: return v.as_boolean() ? "TRUE" : "FALSE";
    case value_kind::error: return std::string(to_text(v.as_error()));
  }
  return "?";
}

// Whether a computed value is what the table expects.
bool matches(const value& got, const std::string& expected) {
  if (expected == "blank") return got.is_blank();
  if (expected == "TRUE" || expected == "FALSE") return got.is_boolean() && got.as_boolean() == (expected == "TRUE");
  if (!expected.empty() && expected.front() == '"') return got.is_text() && "\"" + got.as_text() + "\"" == expected;
  if (const auto e = parse_error_value(expected)) return got.is_error() && got.as_error() == *e;
  char* end = nullptr;
  const double x = std::strtod(expected.c_str(), &end);
  if (end != expected.c_str() + expected.size() || !got.is_number()) return false;
  const double y = got.as_number();
  return x == y || std::fabs(x - y) <= 1e-9 * std::max(std::fabs(x), std::fabs(y));
}

TEST(functions, every_table_row) {
  const auto& book = fixture();
  std::size_t rows = 0;
  for (const auto& entry : fs::directory_iterator(tables)) {
    if (entry.path().extension() != ".tsv") continue;
    std::ifstream in(entry.path());
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      if (line.empty() || line.front() == '#') continue;
      const auto tab = line.find('\t');
      const std::string where = entry.path().filename().string() + ":" + std::to_string(line_no);
      ASSERT_NE(tab, std::string::npos) << where << ": no tab in '" << line << "'";
      const std::string formula = line.substr(0, tab), expected = line.substr(tab + 1);
      auto tree = parse(formula);
      ASSERT_TRUE(tree.has_value()) << where << ": " << tree.error().message;
      evaluator ev(book.wb, book.cells);
      const cell_result r = ev.evaluate_expression(*tree, 0, {100, 26});
      EXPECT_TRUE(matches(r.computed, expected))
          << where << ": " << formula << " gave " << show(r.computed) << ", expected " << expected;
      ++rows;
    }
  }
  EXPECT_GT(rows, 0u);
}

// Every function has a table, and every table names a function: the library and its tests
// cannot drift apart.
TEST(functions, tables_cover_the_library) {
  std::set<std::string> files;
  for (const auto& entry : fs::directory_iterator(tables))
    if (entry.path().extension() == ".tsv") files.insert(entry.path().stem().string());
  for (const auto& f : function_table()) EXPECT_TRUE(files.count(std::string(f.name))) << "no table for " << f.name;
  for (const auto& name : files) EXPECT_NE(find_function(name), nullptr) << name << ".tsv names no function";
}

}  // namespace
}  // namespace returncheck::formula
