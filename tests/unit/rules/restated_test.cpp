// Tests for restated figures (RC402): matching by table, indicator and period; agreement within
// what either figure shows.
#include "returncheck/rules/restated.hpp"

#include <gtest/gtest.h>

namespace returncheck::rules {
namespace {

figure make(std::string indicator, std::string period, double value, double tolerance, std::string shown,
            xlsx::cell_pos cell = {5, 3}) {
  figure f;
  f.table = "activity";
  f.indicator = std::move(indicator);
  f.period = std::move(period);
  f.sheet = "Activity";
  f.cell = cell;
  f.label = "Number of Looked After Children";
  f.header = "31/03/2016";
  f.value = value;
  f.tolerance = tolerance;
  f.shown = std::move(shown);
  return f;
}

TEST(restated, a_changed_count_is_a_query_naming_both_values_and_files) {
  const std::vector<figure> before{make("cla", "2016-03-31", 258, 0.5, "258")};
  const std::vector<figure> now{make("cla", "2016-03-31", 260, 0.5, "260")};
  const auto found = check_restated(now, before, "q2.xlsx", "q1.xlsx");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rule, "RC402");
  EXPECT_EQ(found[0].level, schema::severity::query);
  EXPECT_EQ(found[0].message,
            "Number of Looked After Children, 31/03/2016 was 258 in q1.xlsx and is 260 in q2.xlsx (C5): a figure "
            "already submitted has been restated; correct it or explain why it changed");
  EXPECT_EQ(found[0].expected, 258);
  EXPECT_EQ(found[0].actual, 260);
  EXPECT_EQ(found[0].indicator, "cla");
  EXPECT_EQ(found[0].period, "2016-03-31");
}

TEST(restated, figures_are_matched_by_indicator_and_period_not_by_cell) {
  const std::vector<figure> before{make("cla", "2016-03-31", 258, 0.5, "258", {5, 3}),
                                   make("cp", "2016-03-31", 188, 0.5, "188", {4, 3})};
  // A row inserted above: the same figures one row lower, and a new period that has no baseline.
  const std::vector<figure> now{make("cla", "2016-03-31", 258, 0.5, "258", {6, 3}),
                                make("cp", "2016-03-31", 188, 0.5, "188", {5, 3}),
                                make("cla", "2017-03-31", 300, 0.5, "300", {6, 4})};
  EXPECT_TRUE(check_restated(now, before, "q2.xlsx", "q1.xlsx").empty());
}

TEST(restated, figures_that_agree_at_their_shown_precision_are_one_figure) {
  // 21% typed, then the full 0.2139 with a 0% format: the same figure.
  const std::vector<figure> before{make("share", "2016-03-31", 0.21, 0.005, "21%")};
  const std::vector<figure> now{make("share", "2016-03-31", 0.2139, 0.005, "21%")};
  EXPECT_TRUE(check_restated(now, before, "q2.xlsx", "q1.xlsx").empty());
  const std::vector<figure> moved{make("share", "2016-03-31", 0.23, 0.005, "23%")};
  EXPECT_EQ(check_restated(moved, before, "q2.xlsx", "q1.xlsx").size(), 1u);
}

}  // namespace
}  // namespace returncheck::rules
