// Tests for a finding's state against the return's history: new, open, explained, lapsed.
#include "returncheck/rules/explanation.hpp"

#include <gtest/gtest.h>

namespace returncheck::rules {
namespace {

finding make(std::string fingerprint, schema::severity level, std::optional<double> actual) {
  finding f;
  f.rule = level == schema::severity::error ? "RC201" : "RC402";
  f.level = level;
  f.fingerprint = std::move(fingerprint);
  f.actual = actual;
  return f;
}

TEST(explanations, findings_are_new_or_open_against_the_last_check) {
  std::vector<finding> findings{make("aaa", schema::severity::query, 1), make("bbb", schema::severity::error, 2)};
  const std::set<std::string> previous{"bbb", "zzz"};
  apply_history(findings, &previous, {});
  EXPECT_EQ(findings[0].status, "new");
  EXPECT_EQ(findings[1].status, "open");
}

TEST(explanations, without_history_the_status_stays_empty) {
  std::vector<finding> findings{make("aaa", schema::severity::query, 1)};
  apply_history(findings, nullptr, {});
  EXPECT_EQ(findings[0].status, "");
}

TEST(explanations, a_query_is_explained_while_its_figure_stays) {
  std::vector<finding> findings{make("aaa", schema::severity::query, 260)};
  const std::vector<explanation> given{{"aaa", "Restated after the audit", 260, "A. Officer, 2026-11-30"}};
  apply_history(findings, nullptr, given);
  EXPECT_EQ(findings[0].status, "explained");
  EXPECT_EQ(findings[0].explanation, "Restated after the audit (A. Officer, 2026-11-30)");
}

TEST(explanations, an_explanation_lapses_when_the_figure_changes) {
  std::vector<finding> findings{make("aaa", schema::severity::query, 262)};
  const std::vector<explanation> given{{"aaa", "Restated after the audit", 260, ""}};
  const std::set<std::string> previous{"aaa"};
  apply_history(findings, &previous, given);
  EXPECT_EQ(findings[0].status, "open");
  EXPECT_EQ(findings[0].explanation, "");
  EXPECT_EQ(findings[0].cause, "an explanation given for 260 no longer applies: the figure is now 262");
}

TEST(explanations, an_explanation_without_a_value_holds_whatever_the_figure) {
  std::vector<finding> findings{make("aaa", schema::severity::query, 262)};
  const std::vector<explanation> given{{"aaa", "Known", std::nullopt, ""}};
  apply_history(findings, nullptr, given);
  EXPECT_EQ(findings[0].status, "explained");
}

TEST(explanations, an_error_cannot_be_explained_away) {
  std::vector<finding> findings{make("bbb", schema::severity::error, 0.18)};
  const std::vector<explanation> given{{"bbb", "Not ours", std::nullopt, ""}};
  apply_history(findings, nullptr, given);
  EXPECT_EQ(findings[0].status, "");
  EXPECT_EQ(findings[0].explanation, "");
  EXPECT_EQ(findings[0].cause, "explained as \"Not ours\", but an error must be fixed, not explained");
}

}  // namespace
}  // namespace returncheck::rules
