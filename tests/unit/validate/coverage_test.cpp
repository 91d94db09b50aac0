// Tests for what a validation run covered besides its findings: the rules that ran on each part
// and the series of the indicators findings name, on the bundled samples.
#include "returncheck/validate/detail/coverage.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "returncheck/validate/validate.hpp"

namespace returncheck::validate {
namespace {

const std::string samples = RETURNCHECK_SAMPLES_DIR;
const std::string schemas = std::string(RETURNCHECK_SOURCE_DIR) + "/schemas";

outcome run_sample(const std::string& name, const schema::schema* spec) {
  options opts;
  opts.spec = spec;
  auto out = run(samples + "/" + name, opts);
  EXPECT_TRUE(out.has_value());
  return out ? std::move(*out) : outcome{};
}

const report::indicator_series* find_series(const outcome& o, std::string_view indicator) {
  for (const auto& s : o.series)
    if (s.indicator == indicator) return &s;
  return nullptr;
}

TEST(flagged_series, one_for_each_indicator_a_finding_names) {
  auto spec = schema::load_file(schemas + "/regional-benchmark.yaml");
  ASSERT_TRUE(spec.has_value());
  const outcome o = run_sample("regional-benchmark.xlsx", &*spec);
  std::vector<std::string> ids;
  for (const auto& s : o.series) ids.push_back(s.indicator);
  EXPECT_EQ(ids, (std::vector<std::string>{"rereferrals_pct", "assessments", "assessments_45_pct", "cin_rate", "cla",
                                           "adopted"}));

  const auto* share = find_series(o, "rereferrals_pct");
  ASSERT_NE(share, nullptr);
  EXPECT_EQ(share->table, "benchmarking");
  EXPECT_EQ(share->sheet, "Benchmarking");
  EXPECT_EQ(share->label, "% of referrals that were re-referrals within 12 months");
  ASSERT_EQ(share->points.size(), 4u);
  EXPECT_EQ(share->points[1].period, "2023-24Q2");
  EXPECT_EQ(share->points[1].header, "Q2 2023-24");
  EXPECT_EQ(xlsx::format_cell_ref(share->points[1].cell), "C10");
  EXPECT_DOUBLE_EQ(*share->points[1].value, 0.0819);
  EXPECT_EQ(share->points[1].text, "8%");

  const auto* adopted = find_series(o, "adopted");
  ASSERT_NE(adopted, nullptr);
  EXPECT_FALSE(adopted->points[0].value.has_value());
  EXPECT_EQ(adopted->points[0].text, "c");
  EXPECT_EQ(adopted->points[1].text, "8");

  const auto* count = find_series(o, "assessments");
  ASSERT_NE(count, nullptr);
  EXPECT_DOUBLE_EQ(*count->points[3].value, 1204.5);
  EXPECT_EQ(count->points[3].text, "1,205");  // as the #,##0 cell shows it
}

TEST(flagged_series, detected_tables_have_series_too) {
  const outcome o = run_sample("table-6.2.xlsx", nullptr);
  ASSERT_EQ(o.series.size(), 1u);
  EXPECT_EQ(o.series[0].label, "Number of Looked After Children");
  std::vector<std::string> texts;
  for (const auto& p : o.series[0].points) texts.push_back(p.header + "=" + p.text);
  EXPECT_EQ(texts, (std::vector<std::string>{"31/03/2015=229", "31/03/2016=258", "30/09/2016=280", "30/09/2017=278"}));
}

TEST(checked_parts, with_a_schema) {
  auto spec = schema::load_file(schemas + "/regional-benchmark.yaml");
  ASSERT_TRUE(spec.has_value());
  const outcome o = run_sample("regional-benchmark.xlsx", &*spec);
  ASSERT_EQ(o.checked.size(), 4u);
  EXPECT_EQ(o.checked[0].rules, (std::vector<std::string>{"RC101", "RC106"}));
  EXPECT_EQ(o.checked[1].table, "benchmarking");
  EXPECT_EQ(o.checked[1].sheet, "Benchmarking");
  EXPECT_EQ(o.checked[1].rules,
            (std::vector<std::string>{"RC102", "RC103", "RC105", "RC203", "RC204", "RC206", "RC301", "RC302", "RC303",
                                      "RC304", "RC305", "RC306", "RC307", "RC308", "RC401"}));
  EXPECT_EQ(o.checked[2].table, "");
  EXPECT_EQ(o.checked[2].sheet, "Benchmarking");
  EXPECT_EQ(o.checked[2].rules, (std::vector<std::string>{"RC501", "RC502", "RC503", "RC504", "RC505"}));
  EXPECT_EQ(o.checked[3].sheet, "Notes");
}

TEST(checked_parts, without_a_schema_or_formula_checks) {
  options opts;
  opts.formula_checks = false;
  auto o = run(samples + "/table-6.2.xlsx", opts);
  ASSERT_TRUE(o.has_value());
  ASSERT_EQ(o->checked.size(), 1u);
  EXPECT_EQ(o->checked[0].sheet, "Activity");
  EXPECT_EQ(o->checked[0].rules, (std::vector<std::string>{"RC201", "RC304", "RC306"}));
}

}  // namespace
}  // namespace returncheck::validate
