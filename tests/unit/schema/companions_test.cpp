// Tests for the schema map and explanations files: what they hold, and each problem with its place.
#include "returncheck/schema/companions.hpp"

#include <gtest/gtest.h>

#include "unit/test_xlsx.hpp"

namespace returncheck::schema {
namespace {

std::vector<std::string> messages(const std::string& file, const std::vector<problem>& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(format_problem(file, p));
  return out;
}

TEST(schema_map, reads_each_entry_in_order) {
  const std::string path = test::write_file(
      "returncheck-schemas: 1\nschemas:\n  - {file: \"*table-6.2*\", schema: table-6.2.yaml}\n"
      "  - {sheet: Benchmarking, schema: regional.yaml}\n  - {schema: default.yaml}\n",
      "map.yaml");
  auto map = load_schema_map(path);
  ASSERT_TRUE(map) << messages(path, map.error()).front();
  ASSERT_EQ(map->size(), 3u);
  EXPECT_EQ((*map)[0].file, "*table-6.2*");
  EXPECT_EQ((*map)[1].sheet, "Benchmarking");
  EXPECT_EQ((*map)[2].schema, "default.yaml");
  EXPECT_EQ((*map)[1].at.line, 4);
}

TEST(schema_map, names_a_typo_and_a_missing_schema) {
  const std::string path =
      test::write_file("returncheck-schemas: 1\nschemas:\n  - {flie: \"*.xlsx\", schema: a.yaml}\n  - {sheet: X}\n", "bad-map.yaml");
  auto map = load_schema_map(path);
  ASSERT_FALSE(map);
  const auto m = messages("bad-map.yaml", map.error());
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0], "bad-map.yaml:3:6: unknown key 'flie' in entry 1 of 'schemas' (did you mean 'file'?)");
  EXPECT_EQ(m[1], "bad-map.yaml:4:5: entry 2 of 'schemas' has no 'schema'");
}

TEST(explanations_file, reads_values_and_who_gave_them) {
  const std::string path = test::write_file(
      "returncheck-explanations: 1\nexplanations:\n  - fingerprint: c95708f154b4d7b2\n    text: Restated after the audit\n"
      "    value: 260\n    by: A. Officer\n    date: 2026-11-30\n",
      "explanations.yaml");
  auto e = load_explanations(path);
  ASSERT_TRUE(e) << messages(path, e.error()).front();
  ASSERT_EQ(e->size(), 1u);
  EXPECT_EQ((*e)[0].fingerprint, "c95708f154b4d7b2");
  EXPECT_EQ((*e)[0].value, 260);
  EXPECT_EQ((*e)[0].by, "A. Officer");
}

TEST(explanations_file, refuses_a_wrong_version_and_a_value_that_is_no_number) {
  const std::string path = test::write_file(
      "returncheck-explanations: 2\nexplanations:\n  - {fingerprint: x, text: y, value: lots}\n", "bad-expl.yaml");
  auto e = load_explanations(path);
  ASSERT_FALSE(e);
  const auto m = messages("bad-expl.yaml", e.error());
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0], "bad-expl.yaml:1:27: 'returncheck-explanations' must be 1, the only version there is");
  EXPECT_EQ(m[1], "bad-expl.yaml:3:38: 'value' in entry 1 of 'explanations' must be a number, not 'lots'");
}

}  // namespace
}  // namespace returncheck::schema
