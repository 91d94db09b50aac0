// Tests for the cleaned and annotated workbooks: written, read back with our own reader, and
// compared cell by cell with the input (docs/cleaning.md).
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <stdexcept>
#include <string>

#include "returncheck/clean/clean.hpp"
#include "returncheck/clean/detail/cell_patch.hpp"
#include "returncheck/validate/validate.hpp"
#include "returncheck/xlsx/dump.hpp"
#include "unit/test_xlsx.hpp"

namespace returncheck::clean {
namespace {

namespace fs = std::filesystem;
using test::styles;
using test::workbook_parts;
using test::worksheet;
using test::write_zip;

std::string dump_of(const std::string& path) {
  auto wb = xlsx::workbook::open(path);
  if (!wb) throw std::runtime_error("cannot open " + path + ": " + wb.error().message);
  std::ostringstream out;
  if (!xlsx::dump(*wb, std::nullopt, out)) throw std::runtime_error("cannot dump " + path);
  return out.str();
}

validate::outcome validated(const std::string& path, const schema::schema* spec = nullptr) {
  validate::options o;
  o.spec = spec;
  auto run = validate::run(path, o);
  if (!run) throw std::runtime_error("cannot validate " + path + ": " + run.error().message);
  return std::move(*run);
}

std::string temp_path(const std::string& name) {
  return (fs::path(::testing::TempDir()) / name).string();
}

// Writes the cleaned copy of `path` and returns its path.
std::string cleaned_copy(validate::outcome& run, const std::string& name, std::vector<not_carried>* dropped = nullptr,
                         bool annotate = false, const options& opts = {}) {
  const auto changes = plan(run, opts);
  std::vector<not_carried> local;
  const std::string out = temp_path(name);
  write_options w;
  w.annotate = annotate;
  w.input_name = "input.xlsx";
  w.generated_at = "2026-01-01T00:00:00Z";
  auto written = write(out, run, changes, run.findings, w, dropped ? *dropped : local);
  if (!written) throw std::runtime_error(written.error());
  return out;
}

// Every kind of cell the reader knows, with the results libxlsxwriter cannot write itself.
std::string every_kind_of_cell() {
  const std::string sheet = worksheet(
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>184.25</v></c><c r="C1" s="1"><v>42094</v></c>)"
      R"(<c r="D1" t="b"><v>1</v></c><c r="E1" t="e"><v>#N/A</v></c><c r="F1" t="d"><v>2015-03-31T12:00:00</v></c>)"
      R"(<c r="G1" t="s"><v>1</v></c></row>)"
      R"(<row r="2"><c r="A2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="B2"><f>B1*2</f></c>)"
      R"(<c r="C2" t="b"><f>B1&gt;100</f><v>1</v></c><c r="D2" t="str"><f>A1&amp;"!"</f><v>Contacts!</v></c>)"
      R"(<c r="E2"><f>SUM(B1:B1)</f><v>184.25</v></c><c r="F2"><f t="array" ref="F2">SUM(B1*2)</f><v>368.5</v></c></row>)"
      R"(<row r="3"><c r="A3" s="2"/><c r="B3" t="s"><v>2</v></c></row>)",
      R"(<mergeCells count="1"><mergeCell ref="B3:D3"/></mergeCells>)");
  auto parts = workbook_parts({{"Data", sheet}, {"Hidden", worksheet(R"(<row r="1"><c r="A1"><v>1</v></c></row>)")}},
                              R"(<si><t>Contacts</t></si><si><t>A _x005F_x000D_ literal and a tab&#9;</t></si>)"
                              R"(<si><t>Merged</t></si>)",
                              styles({0, 14, 10}));
  test::set_part(parts, "xl/workbook.xml",
                 R"(<workbook xmlns=")" + test::main_ns + R"(" xmlns:r=")" + test::rel_ns +
                     R"("><sheets><sheet name="Data" sheetId="1" r:id="rId1"/>)"
                     R"(<sheet name="Hidden" sheetId="2" state="hidden" r:id="rId2"/></sheets>)"
                     R"(<definedNames><definedName name="Total">Data!$B$1</definedName></definedNames></workbook>)");
  return write_zip(parts, "every-kind.xlsx");
}

TEST(clean_writer, a_copy_reads_back_cell_for_cell) {
  const std::string input = every_kind_of_cell();
  auto run = validated(input);
  std::vector<not_carried> dropped;
  const std::string copy = cleaned_copy(run, "every-kind.cleaned.xlsx", &dropped);
  EXPECT_EQ(dump_of(copy), dump_of(input));
  EXPECT_TRUE(dropped.empty()) << dropped.front().what;
}

TEST(clean_writer, keeps_hidden_sheets_merges_and_defined_names) {
  auto run = validated(every_kind_of_cell());
  const std::string copy = cleaned_copy(run, "layout.cleaned.xlsx");
  auto wb = xlsx::workbook::open(copy);
  ASSERT_TRUE(wb);
  ASSERT_EQ(wb->sheets().size(), 2u);
  EXPECT_EQ(wb->sheets()[1].name, "Hidden");
  EXPECT_EQ(wb->sheets()[1].state, xlsx::sheet_state::hidden);
  ASSERT_EQ(wb->defined_names().size(), 1u);
  EXPECT_EQ(wb->defined_names()[0].name, "Total");
  EXPECT_EQ(wb->defined_names()[0].formula, "Data!$B$1");
  auto reader = wb->read_sheet(0);
  ASSERT_TRUE(reader);
  xlsx::row row;
  while (*reader->next_row(row)) {
  }
  ASSERT_EQ(reader->merged_ranges().size(), 1u);
  EXPECT_EQ(xlsx::format_range(reader->merged_ranges()[0]), "B3:D3");
}

TEST(clean_writer, keeps_the_1904_date_system) {
  auto parts = workbook_parts({{"Dates", worksheet(R"(<row r="1"><c r="A1" s="1"><v>40000</v></c></row>)")}}, "",
                              styles({0, 14}), R"(<workbookPr date1904="1"/>)");
  const std::string input = write_zip(parts, "dates-1904.xlsx");
  auto run = validated(input);
  const std::string copy = cleaned_copy(run, "dates-1904.cleaned.xlsx");
  EXPECT_EQ(dump_of(copy), dump_of(input));
  EXPECT_NE(dump_of(copy).find("2013-07-07"), std::string::npos) << dump_of(copy);
}

TEST(clean_writer, lists_what_it_cannot_carry) {
  auto parts = workbook_parts(
      {{"Data", worksheet(R"(<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="dataTable" ref="B1" dt2D="0" dtr="1" r1="A1"/><v>2</v></c></row>)")},
       {"A name [with] brackets: and far too long for Excel", worksheet(R"(<row r="1"><c r="A1"><v>3</v></c></row>)")}});
  const std::string input = write_zip(parts, "drops.xlsx");
  auto run = validated(input);
  std::vector<not_carried> dropped;
  const std::string copy = cleaned_copy(run, "drops.cleaned.xlsx", &dropped);
  std::map<std::string, std::string> seen;
  for (const auto& d : dropped) seen[d.what] = d.detail;
  ASSERT_TRUE(seen.contains("data table formula"));
  ASSERT_TRUE(seen.contains("sheet name"));
  EXPECT_EQ(seen["sheet name"], "Excel does not accept the name; the sheet is written as 'A name with brackets and'");
  auto wb = xlsx::workbook::open(copy);
  ASSERT_TRUE(wb);
  EXPECT_EQ(wb->sheets()[1].name, "A name with brackets and");
}

// Table 6.2's looked-after children row: a % change of +18% (typed, shown 0%) where 229 → 278
// is +21.4%; the other two rows agree.
std::string looked_after_table(const std::string& file_name) {
  const std::string sheet = worksheet(
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>)"
      R"(<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2"><v>184</v></c><c r="C2"><v>148</v></c><c r="D2" s="1"><v>-0.2</v></c></row>)"
      R"(<row r="3"><c r="A3" t="s"><v>5</v></c><c r="B3"><v>229</v></c><c r="C3"><v>278</v></c><c r="D3" s="1"><v>0.18</v></c></row>)"
      R"(<row r="4"><c r="A4" t="s"><v>6</v></c><c r="B4"><v>20</v></c><c r="C4"><v>42</v></c><c r="D4" s="1"><v>1.1</v></c></row>)");
  return write_zip(
      workbook_parts({{"Activity", sheet}},
                     R"(<si><t>Indicator</t></si><si><t>31/03/2015</t></si><si><t>30/09/2017</t></si><si><t>% change</t></si>)"
                     R"(<si><t>CP plans</t></si><si><t>Looked after children</t></si><si><t>Interim care orders</t></si>)",
                     styles({0, 9})),
      file_name);
}

TEST(clean_writer, the_annotated_copy_marks_cells_and_adds_its_sheets) {
  const std::string input = looked_after_table("annotate.xlsx");
  auto run = validated(input);
  ASSERT_EQ(run.findings.size(), 1u);
  EXPECT_EQ(run.findings[0].rule, "RC201");
  const std::string copy = cleaned_copy(run, "annotate.annotated.xlsx", nullptr, true);
  auto wb = xlsx::workbook::open(copy);
  ASSERT_TRUE(wb);
  ASSERT_EQ(wb->sheets().size(), 3u);
  EXPECT_EQ(wb->sheets()[1].name, "Discrepancies");
  EXPECT_EQ(wb->sheets()[2].name, "Summary");
  const std::string dump = dump_of(copy);
  EXPECT_NE(dump.find(R"({"sheet":"Discrepancies","cell":"B2","type":"s","value":"RC201"})"), std::string::npos) << dump;
  EXPECT_NE(dump.find(R"({"sheet":"Discrepancies","cell":"E2","type":"s","value":"D3"})"), std::string::npos) << dump;
  EXPECT_NE(dump.find(R"({"sheet":"Summary","cell":"B3","type":"s","value":"1 error to fix"})"), std::string::npos) << dump;
}

TEST(clean_writer, fix_corrects_a_typed_figure_at_its_shown_precision) {
  const std::string input = looked_after_table("fix.xlsx");
  auto run = validated(input);
  options o;
  o.fix = true;
  const std::string copy = cleaned_copy(run, "fix.cleaned.xlsx", nullptr, false, o);
  ASSERT_EQ(run.findings.size(), 1u);
  EXPECT_EQ(run.findings[0].fix_before, "0.18");
  EXPECT_EQ(run.findings[0].fix_after, "0.21");  // 21.4% at the 0% the cell shows
  // Validated again, the copy has nothing left to report.
  EXPECT_TRUE(validated(copy).findings.empty());
}

TEST(clean_writer, refuses_to_write_over_its_input) {
  const std::string input = every_kind_of_cell();
  auto run = validated(input);
  std::vector<not_carried> dropped;
  const std::vector<fs::path> inputs{input};
  const auto before = test::read_file(input);
  auto written = write(input, run, {}, {}, write_options{}, dropped, inputs);
  ASSERT_FALSE(written);
  EXPECT_NE(written.error().find("an input is never written over"), std::string::npos) << written.error();
  EXPECT_EQ(test::read_file(input), before);
}

// "Activity!F5" → the dump line of that cell, for every cell of a dump.
std::map<std::string, std::string> dump_lines(const std::string& dump) {
  std::map<std::string, std::string> cells;
  std::istringstream in(dump);
  for (std::string line; std::getline(in, line);) {
    const auto sheet_at = line.find("\"sheet\":\"") + 9;
    const auto cell_at = line.find("\"cell\":\"") + 8;
    cells[line.substr(sheet_at, line.find('"', sheet_at) - sheet_at) + "!" +
          line.substr(cell_at, line.find('"', cell_at) - cell_at)] = line;
  }
  return cells;
}

TEST(clean_writer, samples_differ_only_where_a_change_is_recorded) {
  for (const std::string name : {"table-6.2", "regional-benchmark", "north-somerset-2021-12"}) {
    SCOPED_TRACE(name);
    const std::string input = std::string(RETURNCHECK_SOURCE_DIR) + "/samples/" + name + ".xlsx";
    auto spec = schema::load_file(std::string(RETURNCHECK_SOURCE_DIR) + "/schemas/" + name + ".yaml");
    ASSERT_TRUE(spec);
    auto run = validated(input, &*spec);
    options o;
    o.fix = true;
    const auto changes = plan(run, o);
    std::vector<not_carried> dropped;
    const std::string copy = temp_path(name + ".cleaned.xlsx");
    ASSERT_TRUE(write(copy, run, changes, run.findings, write_options{}, dropped));
    EXPECT_TRUE(dropped.empty());
    auto before = dump_lines(dump_of(input));
    auto after = dump_lines(dump_of(copy));
    for (const auto& c : changes) {
      const std::string where = c.sheet + "!" + xlsx::format_cell_ref(c.cell);
      EXPECT_NE(before[where], after[where]) << where << " is recorded as changed but reads the same";
      before.erase(where);
      after.erase(where);
    }
    EXPECT_EQ(before, after);
  }
}

TEST(cell_patch, rewrites_a_cell_as_libxlsxwriter_writes_it) {
  using kind = detail::cell_patch::kind;
  const detail::cell_patch error{{1, 1}, kind::error_value, "#N/A"};
  EXPECT_EQ(detail::patch_cell_xml(R"(<c r="A1" s="3"><v>0</v></c>)", error), R"(<c r="A1" s="3" t="e"><v>#N/A</v></c>)");
  const detail::cell_patch boolean{{1, 1}, kind::formula_boolean, "1"};
  EXPECT_EQ(detail::patch_cell_xml(R"(<c r="B2"><f>A1&gt;1</f><v>0</v></c>)", boolean),
            R"(<c r="B2" t="b"><f>A1&gt;1</f><v>1</v></c>)");
  const detail::cell_patch none{{1, 1}, kind::formula_no_value, ""};
  EXPECT_EQ(detail::patch_cell_xml(R"(<c r="C3" s="1"><f>A1</f><v>0</v></c>)", none), R"(<c r="C3" s="1"><f>A1</f></c>)");
  const detail::cell_patch text{{1, 1}, kind::formula_string, "a<b"};
  EXPECT_EQ(detail::patch_cell_xml(R"(<c r="D4"><f t="array" ref="D4">A1</f><v>0</v></c>)", text),
            R"(<c r="D4" t="str"><f t="array" ref="D4">A1</f><v>a&lt;b</v></c>)");
  const detail::cell_patch error_formula{{1, 1}, kind::formula_error, "#DIV/0!"};
  EXPECT_EQ(detail::patch_cell_xml(R"(<c r="E5" t="str"><f>1/0</f><v></v></c>)", error_formula),
            R"(<c r="E5" t="e"><f>1/0</f><v>#DIV/0!</v></c>)");
}

}  // namespace
}  // namespace returncheck::clean
