// Tests for the evaluator: operators, references, names, array mode, dependency order, cycles,
// and the inputs that must finish quickly with a result or a clear finding.
#include "returncheck/formula/evaluator.hpp"

#include <gtest/gtest.h>

#include "returncheck/formula/parser.hpp"
#include "returncheck/formula/recalc.hpp"
#include "unit/test_xlsx.hpp"

namespace returncheck::formula {
namespace {

struct book {
  xlsx::workbook wb;
  xlsx::cell_store cells;
};

book make(const std::vector<std::pair<std::string, std::string>>& sheets, const std::string& names = "") {
  std::vector<std::pair<std::string, std::string>> parts_in;
  for (const auto& [name, rows] : sheets) parts_in.emplace_back(name, test::worksheet(rows));
  auto parts = test::workbook_parts(parts_in);
  if (!names.empty())
    for (auto& p : parts)
      if (p.name == "xl/workbook.xml")
        p.content.replace(p.content.find("</workbook>"), 11, "<definedNames>" + names + "</definedNames></workbook>");
  auto wb = xlsx::workbook::open(test::write_zip(parts));
  if (!wb) throw std::runtime_error(wb.error().message);
  auto cells = xlsx::cell_store::load(*wb);
  if (!cells) throw std::runtime_error(cells.error().message);
  return {std::move(*wb), std::move(*cells)};
}

std::string c(const std::string& ref, const std::string& formula, const std::string& cached = "0") {
  std::string escaped;
  for (char ch : formula) escaped += ch == '&' ? "&amp;" : ch == '<' ? "&lt;" : ch == '>' ? "&gt;" : std::string(1, ch);
  return "<c r=\"" + ref + "\"><f>" + escaped + "</f><v>" + cached + "</v></c>";
}
std::string n(const std::string& ref, double v) { return "<c r=\"" + ref + "\"><v>" + std::to_string(v) + "</v></c>"; }

TEST(evaluator, table_6_2_percent_changes) {
  const book b = make({{"Activity", "<row r=\"5\">" + n("B5", 229) + n("E5", 278) + c("F5", "(E5-B5)/E5", "0.176") +
                                        c("G5", "(E5-B5)/B5") + "</row>"}});
  evaluator ev(b.wb, b.cells);
  EXPECT_NEAR(ev.evaluate(0, {5, 6}).computed.as_number(), 0.176259, 1e-6);  // what the report printed, unrounded
  EXPECT_NEAR(ev.evaluate(0, {5, 7}).computed.as_number(), 0.213974, 1e-6);  // the right +21.4%
}

TEST(evaluator, references_across_sheets_names_and_empty_cells) {
  const book b = make({{"Data", "<row r=\"1\">" + n("A1", 2) + c("B1", "Other!A1*A1") + c("C1", "rate*A1") +
                                    c("D1", "Z99") + c("E1", "'Other'!A1&\"x\"") + "</row>"},
                       {"Other", "<row r=\"1\">" + n("A1", 21) + "</row>"}},
                      "<definedName name=\"rate\">0.5</definedName>");
  evaluator ev(b.wb, b.cells);
  EXPECT_EQ(ev.evaluate(0, {1, 2}).computed, value::number(42));
  EXPECT_EQ(ev.evaluate(0, {1, 3}).computed, value::number(1));
  EXPECT_EQ(ev.evaluate(0, {1, 4}).computed, value::number(0));  // =Z99 of an empty cell shows 0
  EXPECT_EQ(ev.evaluate(0, {1, 5}).computed, value::text("21x"));
}

TEST(evaluator, dependencies_are_computed_first_whatever_the_order_in_the_file) {
  // B1 depends on C1, which depends on D1; the cached values are stale on purpose.
  const book b =
      make({{"S", "<row r=\"1\">" + c("B1", "C1*2", "999") + c("C1", "D1+1", "999") + n("D1", 4) + "</row>"}});
  evaluator ev(b.wb, b.cells);
  EXPECT_EQ(ev.evaluate(0, {1, 2}).computed, value::number(10));
}

// A sheet "Data" holding the table Sales over A1:C5: headers Region, Q1, Q2; three data rows;
// a totals row whose Q1 cell sums its column by a structured reference written inside the table.
book with_sales_table(const std::string& more_cells_row2, const std::string& more_rows = "") {
  const std::string s = "<c r=\"A1\" t=\"inlineStr\"><is><t>Region</t></is></c>"
                        "<c r=\"B1\" t=\"inlineStr\"><is><t>Q1</t></is></c>"
                        "<c r=\"C1\" t=\"inlineStr\"><is><t>Q2</t></is></c>";
  const std::string rows = "<row r=\"1\">" + s + "</row>" + "<row r=\"2\">" + n("B2", 10) + n("C2", 1) +
                           more_cells_row2 + "</row><row r=\"3\">" + n("B3", 20) + n("C3", 2) + "</row><row r=\"4\">" +
                           n("B4", 30) + n("C4", 3) + "</row><row r=\"5\">" + c("B5", "SUBTOTAL(109,[Q1])") + "</row>" +
                           more_rows;
  auto parts = test::workbook_parts({{"Data", test::worksheet(rows)}});
  test::set_part(parts, "xl/worksheets/_rels/sheet1.xml.rels",
                 "<Relationships xmlns=\"" + test::pkg_rel_ns + "\"><Relationship Id=\"rId1\" Type=\"" + test::rel_ns +
                     "/table\" Target=\"../tables/table1.xml\"/></Relationships>");
  test::set_part(parts, "xl/tables/table1.xml",
                 "<table xmlns=\"" + test::main_ns +
                     "\" id=\"1\" name=\"Table1\" displayName=\"Sales\" ref=\"A1:C5\" totalsRowCount=\"1\">"
                     "<tableColumns count=\"3\"><tableColumn id=\"1\" name=\"Region\"/><tableColumn id=\"2\" "
                     "name=\"Q1\"/><tableColumn id=\"3\" name=\"Q2\"/></tableColumns></table>");
  auto wb = xlsx::workbook::open(test::write_zip(parts));
  if (!wb) throw std::runtime_error(wb.error().message);
  auto cells = xlsx::cell_store::load(*wb);
  if (!cells) throw std::runtime_error(cells.error().message);
  return {std::move(*wb), std::move(*cells)};
}

TEST(evaluator, structured_references_select_the_parts_of_a_table) {
  const book b = with_sales_table("", "<row r=\"7\">" + c("D7", "Sales[[#This Row],[Q1]]") + "</row>");
  ASSERT_EQ(b.wb.tables().size(), 1u);
  const auto& t = b.wb.tables().front();
  EXPECT_EQ(t.name, "Sales");
  EXPECT_EQ(t.totals_rows, 1u);
  EXPECT_EQ(t.columns, (std::vector<std::string>{"Region", "Q1", "Q2"}));
  evaluator ev(b.wb, b.cells);
  auto at = [&](const std::string& formula, xlsx::cell_pos pos = {2, 5}) {
    auto tree = parse(formula);
    if (!tree) throw std::runtime_error(tree.error().message);
    return ev.evaluate_expression(*tree, 0, pos).computed;
  };
  EXPECT_EQ(at("SUM(Sales[Q1])"), value::number(60));
  EXPECT_EQ(at("SUM(sales[q1])"), value::number(60));  // names compared without case
  EXPECT_EQ(at("SUM(Sales[[Q1]:[Q2]])"), value::number(66));
  EXPECT_EQ(at("SUM(Sales[])"), value::number(66));
  EXPECT_EQ(at("Sales[[#Totals],[Q1]]"), value::number(60));  // computed from [Q1] inside the table
  EXPECT_EQ(at("ROWS(Sales[#All])"), value::number(5));
  EXPECT_EQ(at("ROWS(Sales[#Data])"), value::number(3));
  EXPECT_EQ(at("ROWS(Sales[[#Headers],[#Data],[Q1]])"), value::number(4));
  EXPECT_EQ(at("ROWS(Sales[[#Data],[#Totals]])"), value::number(4));
  EXPECT_EQ(at("Sales[#Headers]", {9, 2}), value::text("Q1"));  // the header in the formula's column
  EXPECT_EQ(at("Sales[[#This Row],[Q2]]", {3, 5}), value::number(2));
  EXPECT_EQ(at("Sales[@Q2]*10", {4, 5}), value::number(30));
  EXPECT_EQ(at("Sales[Q3]"), value::error(error_value::ref));
  EXPECT_EQ(at("Costs[Q1]"), value::error(error_value::ref));
  EXPECT_EQ(ev.evaluate(0, {7, 4}).computed, value::error(error_value::value));  // #This Row below the table
}

TEST(evaluator, implicit_intersection_and_array_mode) {
  std::string rows;
  for (int r = 1; r <= 3; ++r)
    rows += "<row r=\"" + std::to_string(r) + "\">" + n("A" + std::to_string(r), r * 10) +
            (r == 2 ? c("B2", "A1:A3*2") : "") + "</row>";
  const book b = make({{"S", rows}});
  evaluator ev(b.wb, b.cells);
  EXPECT_EQ(ev.evaluate(0, {2, 2}).computed, value::number(40));  // A2*2: the cell in the formula's row
  auto tree = parse("SUM(A1:A3*2)");
  ASSERT_TRUE(tree.has_value());
  EXPECT_EQ(ev.evaluate_expression(*tree, 0, {10, 10}).computed, value::number(120));  // SUM takes arrays
  auto off = parse("A1:A3*2");
  EXPECT_EQ(ev.evaluate_expression(*off, 0, {10, 10}).computed, value::error(error_value::value));  // no row in common
}

TEST(evaluator, a_cycle_is_a_finding_not_a_hang) {
  const book b =
      make({{"S", "<row r=\"1\">" + c("A1", "B1+1", "7") + c("B1", "A1+1", "8") + c("C1", "A1*2", "14") + "</row>"}});
  evaluator ev(b.wb, b.cells);
  const cell_result& a1 = ev.evaluate(0, {1, 1});
  EXPECT_EQ(a1.status, eval_status::cycle);
  EXPECT_EQ(ev.evaluate(0, {1, 2}).status, eval_status::cycle);
  // A cell that only reads the cycle is computed from the cycle's cached value, as Excel shows it.
  EXPECT_EQ(ev.evaluate(0, {1, 3}).computed, value::number(14));
}

TEST(evaluator, a_chain_of_a_hundred_thousand_cells_needs_no_deep_recursion) {
  std::string rows = "<row r=\"1\">" + n("A1", 1) + "</row>";
  for (int r = 2; r <= 100000; ++r)
    rows += "<row r=\"" + std::to_string(r) + "\">" + c("A" + std::to_string(r), "A" + std::to_string(r - 1) + "+1") +
            "</row>";
  const book b = make({{"S", rows}});
  evaluator ev(b.wb, b.cells);
  EXPECT_EQ(ev.evaluate(0, {100000, 1}).computed, value::number(100000));
}

TEST(evaluator, a_deeply_nested_formula_is_refused_with_its_reason) {
  std::string f(10000, '(');
  f += "1" + std::string(10000, ')');
  const book b = make({{"S", "<row r=\"1\">" + c("A1", f) + "</row>"}});
  evaluator ev(b.wb, b.cells);
  const cell_result& r = ev.evaluate(0, {1, 1});
  EXPECT_EQ(r.status, eval_status::parse_error);
  EXPECT_NE(r.detail.find("formula longer than 8192 characters"), std::string::npos) << r.detail;
  std::string g(5000, '(');
  g += "1" + std::string(5000, ')');
  auto tree = parse(g, {20000, 1024});
  ASSERT_FALSE(tree.has_value());
  EXPECT_NE(tree.error().message.find("deep"), std::string::npos) << tree.error().message;
}

TEST(evaluator, a_sum_of_a_hundred_thousand_terms) {
  std::string f = "1";
  for (int i = 1; i < 100000; ++i) f += "+1";
  auto tree = parse(f, {1'000'000, 1024});
  ASSERT_TRUE(tree.has_value()) << tree.error().message;
  const book b = make({{"S", "<row r=\"1\">" + n("A1", 1) + "</row>"}});
  evaluator ev(b.wb, b.cells);
  EXPECT_EQ(ev.evaluate_expression(*tree, 0, {1, 2}).computed, value::number(100000));
}

TEST(evaluator, a_whole_column_on_a_million_row_sheet) {
  std::string rows;
  rows.reserve(60u << 20);
  for (int r = 1; r <= 1000000; ++r) {
    const std::string s = std::to_string(r);
    rows += "<row r=\"" + s + "\"><c r=\"A" + s + "\"><v>1</v></c></row>";
  }
  rows += "<row r=\"1000001\"></row>";
  const book b = make({{"S", rows}});
  evaluator ev(b.wb, b.cells);
  auto tree2 = parse("SUM(A:A)");
  EXPECT_EQ(ev.evaluate_expression(*tree2, 0, {1, 3}).computed, value::number(1000000));
}

TEST(evaluator, unknown_and_volatile_functions_are_reported_never_guessed) {
  const book b =
      make({{"S", "<row r=\"1\">" + c("A1", "NOSUCHFUNCTION(1)") + c("B1", "_xlfn.NOSUCHFUNCTION(1)") + "</row>"}});
  evaluator ev(b.wb, b.cells);
  const cell_result& r = ev.evaluate(0, {1, 1});
  EXPECT_EQ(r.status, eval_status::unsupported_function);
  EXPECT_EQ(r.detail, "NOSUCHFUNCTION");
  EXPECT_EQ(r.computed, value::error(error_value::name));
}

TEST(evaluator, recalc_counts_matches_and_lists_mismatches) {
  const book b = make({{"Activity", "<row r=\"5\">" + n("B5", 229) + n("E5", 278) + c("F5", "(E5-B5)/E5", "0.176") +
                                        c("G5", "(E5-B5)/B5", "0.213973799126638") + "</row>"}});
  const recalc_summary s = recalc(b.wb, b.cells);
  EXPECT_EQ(s.formulas, 2u);
  EXPECT_EQ(s.evaluated, 2u);
  EXPECT_EQ(s.matching_cached, 1u);
  ASSERT_EQ(s.mismatches.size(), 1u);
  EXPECT_EQ(s.mismatches[0].cell, "F5");
  EXPECT_EQ(s.mismatches[0].cached, value::number(0.176));
  const std::string json = to_json(s);
  EXPECT_NE(
      json.find(
          R"("mismatches":[{"sheet":"Activity","cell":"F5","formula":"(E5-B5)/E5","cached":0.176,"computed":0.17625899280575538}])"),
      std::string::npos)
      << json;
}

}  // namespace
}  // namespace returncheck::formula
