// Tests for the table checks: values, derived columns at the precision shown (their periods
// worked out from the rows that agree), and the schema's rules.
#include "returncheck/rules/table_checks.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "unit/test_xlsx.hpp"

namespace returncheck::rules {
namespace {

struct book {
  xlsx::workbook wb;
  xlsx::cell_store cells;
};

book open_book(const std::string& rows, const std::string& styles_xml) {
  auto parts = test::workbook_parts({{"Activity", test::worksheet(rows)}}, "", styles_xml);
  auto wb = xlsx::workbook::open(test::write_zip(parts));
  if (!wb) throw std::runtime_error(wb.error().message);
  auto cells = xlsx::cell_store::load(*wb);
  if (!cells) throw std::runtime_error(cells.error().message);
  return {std::move(*wb), std::move(*cells)};
}

std::string num(const std::string& ref, double v, int style = 0) {
  return "<c r=\"" + ref + "\" s=\"" + std::to_string(style) + "\"><v>" + std::to_string(v) + "</v></c>";
}
std::string text(const std::string& ref, const std::string& t) {
  return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + t + "</t></is></c>";
}

// Table 6.2's figures in rows 4-6, periods in B:E, the stated % change in F (cells given).
std::string table_6_2(const std::string& f4, const std::string& f5, const std::string& f6) {
  return "<row r=\"4\">" + num("B4", 184) + num("C4", 188) + num("D4", 209) + num("E4", 148) + f4 + "</row>" +
         "<row r=\"5\">" + num("B5", 229) + num("C5", 258) + num("D5", 280) + num("E5", 278) + f5 + "</row>" +
         "<row r=\"6\">" + num("B6", 20) + num("C6", 41) + num("D6", 58) + num("E6", 42) + f6 + "</row>";
}

bind::bound_table bound(const schema::indicator* cla_spec = nullptr) {
  bind::bound_table t;
  t.id = "activity";
  t.header_row = 3;
  t.label_col = 1;
  const char* headers[] = {"31/03/2015", "31/03/2016", "30/09/2016", "30/09/2017"};
  const char* ids[] = {"2015-03-31", "2016-03-31", "2016-09-30", "2017-09-30"};
  for (std::uint32_t i = 0; i < 4; ++i) t.periods.push_back({ids[i], headers[i], 2 + i, std::nullopt});
  t.derived.push_back({"% change", schema::derived_kind::pct_change, 6, std::nullopt, std::nullopt, "", 1});
  t.indicators.push_back({"cp_plans", "Number of children subject to child protection plans", 4, nullptr});
  t.indicators.push_back({"cla", "Number of Looked After Children", 5, cla_spec});
  t.indicators.push_back({"ico", "Number of children subject to Interim Care Orders", 6, nullptr});
  return t;
}

std::vector<finding> check(const book& b, bind::bound_table& t, const schema::schema* spec = nullptr) {
  formula::evaluator ev(b.wb, b.cells);
  std::uint64_t cells = 0;
  return check_table(t, table_context{b.wb, b.cells, ev, spec}, cells);
}

TEST(table_checks, the_wrong_percent_change_is_found_and_explained_without_a_schema) {
  // Fractions with a 0% format (style 1 uses built-in format 9).
  const book b = open_book(table_6_2(num("F4", -0.1956521739130435, 1), num("F5", 0.176, 1), num("F6", 1.1, 1)),
                           test::styles({0, 9}));
  auto t = bound();
  const auto found = check(b, t);
  ASSERT_EQ(found.size(), 1u);
  const finding& f = found.front();
  EXPECT_EQ(f.rule, "RC201");
  EXPECT_EQ(f.level, schema::severity::error);
  EXPECT_EQ(xlsx::format_cell_ref(*f.cell), "F5");
  EXPECT_EQ(f.indicator, "cla");
  EXPECT_EQ(f.period, "2015-03-31..2017-09-30");  // worked out from the CP and ICO rows
  EXPECT_TRUE(f.message.starts_with("Stated % change +18% but 229 \xE2\x86\x92 278 is +21.4%")) << f.message;
  EXPECT_NEAR(*f.expected, 0.213974, 1e-6);
  EXPECT_DOUBLE_EQ(*f.actual, 0.18);
  EXPECT_DOUBLE_EQ(*f.tolerance, 0.005);
  EXPECT_EQ(f.cause, "matches (278-229)/278: the change was divided by the new value (278), not the old (229)");
  EXPECT_EQ(t.derived[0].from, 0u);
  EXPECT_EQ(t.derived[0].to, 3u);
}

TEST(table_checks, percentages_typed_as_text_or_whole_numbers_give_the_same_verdict) {
  for (const std::string& rows :
       {table_6_2(text("F4", "-20%"), text("F5", "+18%"), text("F6", "+110%")),
        table_6_2(num("F4", -20), num("F5", 18), num("F6", 110))}) {
    const book b = open_book(rows, test::styles({0, 9}));
    auto t = bound();
    const auto found = check(b, t);
    std::size_t errors = 0;
    for (const auto& f : found) errors += f.level == schema::severity::error;
    ASSERT_EQ(errors, 1u);
    const auto& f = *std::find_if(found.begin(), found.end(), [](const finding& x) { return x.rule == "RC201"; });
    EXPECT_EQ(xlsx::format_cell_ref(*f.cell), "F5");
    EXPECT_NE(f.cause.find("divided by the new value"), std::string::npos);
  }
}

TEST(table_checks, rows_that_do_not_settle_the_periods_leave_the_column_alone) {
  // Only one row agrees with any pair of periods: no finding rather than a guess.
  const book b = open_book(table_6_2(num("F4", 0.9, 1), num("F5", 0.176, 1), num("F6", 1.1, 1)), test::styles({0, 9}));
  auto t = bound();
  EXPECT_TRUE(check(b, t).empty());
}

TEST(table_checks, values_against_the_schema) {
  schema::indicator cla;
  cla.id = "cla";
  cla.type = schema::indicator_type::count;
  cla.maximum = 270;
  cla.required = true;
  // C5 suppressed, D5 a fraction, E5 above the maximum, B5 typed as text.
  const std::string rows = "<row r=\"5\">" + text("B5", "229") + text("C5", "[c]") + num("D5", 280.5) +
                           num("E5", 278) + "</row>";
  const book b = open_book(rows, test::styles({0, 9}));
  auto t = bound(&cla);
  t.derived.clear();
  schema::schema spec;
  spec.suppression = {"[c]"};
  const auto found = check(b, t, &spec);
  std::vector<std::string> got;
  for (const auto& f : found) got.push_back(f.rule + " " + xlsx::format_cell_ref(*f.cell));
  EXPECT_EQ(got, (std::vector<std::string>{"RC304 B5", "RC303 C5", "RC301 D5", "RC302 D5", "RC302 E5"}));
}

}  // namespace
}  // namespace returncheck::rules
