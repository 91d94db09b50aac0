// Tests for diagnosis: each usual mistake is named when it reproduces the stated figure, and
// nothing is named when none does.
#include "returncheck/diagnose/diagnose.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace returncheck::diagnose {
namespace {

using schema::derived_kind;

derived_inputs change(double from, double to, derived_kind kind = derived_kind::pct_change) {
  derived_inputs in;
  in.kind = kind;
  in.from = {from, "31/03/2015"};
  in.to = {to, "30/09/2017"};
  return in;
}

stated pct(double shown, int decimals = 0) {
  return {shown, 0.5 * std::pow(10.0, -decimals) / 100, decimals, true};
}

std::string cause_id(const derived_inputs& in, const stated& s) {
  const auto c = diagnose(in, s);
  return c ? c->id : "none";
}

TEST(diagnose, the_looked_after_children_row_divided_by_the_new_value) {
  const auto in = change(229, 278);
  EXPECT_NEAR(*expected_value(in), 0.213974, 1e-6);
  const auto c = diagnose(in, pct(0.18));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->id, "new-value-denominator");
  EXPECT_EQ(c->text, "matches (278-229)/278: the change was divided by the new value (278), not the old (229)");
}

TEST(diagnose, agreement_is_at_the_precision_shown) {
  EXPECT_TRUE(agrees(-0.195652, pct(-0.20)));   // 184 -> 148 is -19.6%, shown -20%: right
  EXPECT_FALSE(agrees(0.213974, pct(0.18)));    // 229 -> 278 is +21.4%, shown +18%: wrong
  EXPECT_TRUE(agrees(0.213974, pct(0.214, 1)));
  EXPECT_FALSE(agrees(0.213974, pct(0.213, 1)));
}

TEST(diagnose, each_usual_mistake) {
  EXPECT_EQ(cause_id(change(229, 278), pct(-0.18)), "periods-swapped");           // (229-278)/278
  EXPECT_EQ(cause_id(change(229, 278), pct(-0.21)), "sign-flipped");
  EXPECT_EQ(cause_id(change(229, 278), pct(21.4)), "percent-as-fraction");  // 0.214 entered as 21.4, shown 2140%
  EXPECT_EQ(cause_id(change(229, 278), pct(0.0021, 2)), "fraction-as-percent");
  EXPECT_EQ(cause_id(change(229, 280), pct(0.22)), "none");  // 22.3% shown 22%: not a mistake at all
  EXPECT_EQ(cause_id(change(200, 257.8), pct(0.28)), "truncated");  // 28.9% cut to 28%
  auto points = change(0.40, 0.45);
  points.percent_points_possible = true;
  EXPECT_EQ(cause_id(points, pct(0.05)), "percentage-points");
  auto neighbour = change(229, 278);
  neighbour.from_neighbours = {{258, "31/03/2016"}};
  EXPECT_EQ(cause_id(neighbour, pct(0.08)), "neighbouring-period");  // 258 -> 278 is +7.8%
  auto row = change(229, 278);
  row.neighbour_rows = {{{184, "CP plans"}, {148, "CP plans"}}};
  EXPECT_EQ(cause_id(row, pct(-0.20)), "neighbouring-row");
  auto stale = change(229, 278);
  stale.formula_result = 0.213974;
  EXPECT_EQ(cause_id(stale, pct(0.18)), "stale-result");
  EXPECT_EQ(cause_id(change(229, 278), pct(0.50)), "none");
}

TEST(diagnose, rates_shares_and_changes) {
  derived_inputs rate = change(257, 45000, derived_kind::rate);
  rate.per = 10000;
  EXPECT_NEAR(*expected_value(rate), 57.111, 1e-3);
  EXPECT_EQ(cause_id(rate, stated{5.7, 0.05, 1, false}), "wrong-multiplier");  // per 1,000
  derived_inputs share = change(598, 9684, derived_kind::share);
  EXPECT_TRUE(agrees(*expected_value(share), pct(0.06)));
  EXPECT_EQ(cause_id(change(229, 278, derived_kind::change), stated{-49, 0.5, 0, false}), "periods-swapped");
  EXPECT_FALSE(expected_value(change(0, 5)));  // a % change from 0 has no value
}

}  // namespace
}  // namespace returncheck::diagnose
