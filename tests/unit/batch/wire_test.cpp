// Tests for the messages between a batch run and its workers: every field comes back as sent,
// and anything short of a whole message is refused.
#include "returncheck/batch/detail/wire.hpp"

#include <gtest/gtest.h>

#include <string>

namespace returncheck::batch::detail {
namespace {

rules::figure figure_of(std::string period, double value, std::string shown) {
  rules::figure f;
  f.table = "activity";
  f.indicator = "cla";
  f.period = std::move(period);
  f.sheet = "Table 6.2";
  f.cell = xlsx::cell_pos{4, 1};
  f.label = "Looked After Children";
  f.header = "31/03/2016";
  f.value = value;
  f.tolerance = 0.5;
  f.shown = std::move(shown);
  return f;
}

TEST(wire, a_task_comes_back_as_sent) {
  task t;
  t.index = 199;
  t.prior.fingerprints = std::set<std::string>{"rc201:activity:cla:2016", "with,comma:and 5:colon"};
  t.prior.baseline = validate::baseline{"q1.xlsx as checked on 2026-11-30", {figure_of("2016", 258, "258")}};
  t.prior.explanations.push_back({"rc402:activity:cla:2016", "Restated after audit,\nsee note 4", 260.0, "A. Officer"});
  t.prior.explanations.push_back({"rc201:activity:cla:2015", "", std::nullopt, ""});

  const auto back = decode_task(encode(t));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->index, 199u);
  EXPECT_EQ(back->prior.fingerprints, t.prior.fingerprints);
  ASSERT_TRUE(back->prior.baseline.has_value());
  EXPECT_EQ(back->prior.baseline->name, "q1.xlsx as checked on 2026-11-30");
  ASSERT_EQ(back->prior.baseline->figures.size(), 1u);
  const rules::figure& f = back->prior.baseline->figures[0];
  EXPECT_EQ(f.table, "activity");
  EXPECT_EQ(f.period, "2016");
  EXPECT_EQ(f.sheet, "Table 6.2");
  EXPECT_EQ(f.cell.row_idx, 4u);
  EXPECT_EQ(f.cell.col_idx, 1u);
  EXPECT_EQ(f.label, "Looked After Children");
  EXPECT_EQ(f.value, 258);
  EXPECT_EQ(f.tolerance, 0.5);
  EXPECT_EQ(f.shown, "258");
  ASSERT_EQ(back->prior.explanations.size(), 2u);
  EXPECT_EQ(back->prior.explanations[0].text, "Restated after audit,\nsee note 4");
  EXPECT_EQ(back->prior.explanations[0].value, 260.0);
  EXPECT_EQ(back->prior.explanations[0].given, "A. Officer");
  EXPECT_FALSE(back->prior.explanations[1].value.has_value());
}

TEST(wire, a_never_checked_return_differs_from_one_with_no_findings) {
  task never;
  task none;
  none.prior.fingerprints.emplace();
  EXPECT_FALSE(decode_task(encode(never))->prior.fingerprints.has_value());
  const auto back = decode_task(encode(none));
  ASSERT_TRUE(back->prior.fingerprints.has_value());
  EXPECT_TRUE(back->prior.fingerprints->empty());
  EXPECT_FALSE(back->prior.baseline.has_value());
}

TEST(wire, a_result_comes_back_as_sent) {
  check_data d;
  d.status = "findings";
  d.schema = "schemas/table-6.2.yaml";
  d.errors = 1;
  d.queries = 2;
  d.exit_code = 1;
  rules::finding f;
  f.fingerprint = "rc201:activity:cla:2016";
  f.rule = "RC201";
  f.level = schema::severity::error;
  f.sheet = "Table 6.2";
  f.cell = xlsx::cell_pos{4, 5};
  f.message = "Stated % change +18% but 229 → 278 is +21.4%";
  f.status = "new";
  f.expected = 0.214;
  d.findings.push_back(f);
  d.figures.push_back(figure_of("2015", 229, "229"));

  const auto back = decode(encode(d));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->status, "findings");
  EXPECT_EQ(back->schema, "schemas/table-6.2.yaml");
  EXPECT_EQ(back->errors, 1u);
  EXPECT_EQ(back->queries, 2u);
  EXPECT_EQ(back->exit_code, 1);
  ASSERT_EQ(back->findings.size(), 1u);
  EXPECT_EQ(back->findings[0].message, f.message);
  EXPECT_EQ(back->findings[0].level, schema::severity::error);
  EXPECT_TRUE(back->findings[0].cell == f.cell);
  EXPECT_EQ(back->findings[0].expected, 0.214);
  EXPECT_FALSE(back->findings[0].actual.has_value());
  ASSERT_EQ(back->figures.size(), 1u);
  EXPECT_EQ(back->figures[0].value, 229);
}

TEST(wire, anything_short_of_a_whole_message_is_refused) {
  task t;
  t.index = 3;
  t.prior.baseline = validate::baseline{"q1.xlsx", {figure_of("2016", 258, "258")}};
  const std::string bytes = encode(t);
  for (std::size_t cut = 0; cut < bytes.size(); ++cut)
    EXPECT_FALSE(decode_task(bytes.substr(0, cut)).has_value()) << "cut at " << cut;
  EXPECT_FALSE(decode_task(encode(check_data{})).has_value());  // a result is not a task
  EXPECT_FALSE(decode(bytes).has_value());                      // nor a task a result
}

}  // namespace
}  // namespace returncheck::batch::detail
