// The error table and the read_error enum must agree: one source of truth for codes and slugs.
#include "returncheck/xlsx/error.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace returncheck::xlsx {
namespace {

// Every enumerator with its name, as written in error.hpp. Adding an enumerator without a row
// here (and in the table) fails all_codes_are_listed below.
struct enumerator {
  read_error code;
  std::string name;
};

const std::vector<enumerator>& enumerators() {
  static const std::vector<enumerator> all = {
      {read_error::cannot_open, "cannot_open"},
      {read_error::not_a_zip, "not_a_zip"},
      {read_error::encrypted, "encrypted"},
      {read_error::legacy_xls, "legacy_xls"},
      {read_error::corrupt_zip, "corrupt_zip"},
      {read_error::missing_part, "missing_part"},
      {read_error::malformed_xml, "malformed_xml"},
      {read_error::forbidden_dtd, "forbidden_dtd"},
      {read_error::limit_exceeded, "limit_exceeded"},
      {read_error::not_a_workbook, "not_a_workbook"},
      {read_error::no_such_sheet, "no_such_sheet"},
      {read_error::unsupported, "unsupported"},
  };
  return all;
}

bool is_kebab_case(std::string_view s) {
  if (s.empty() || s.front() == '-' || s.back() == '-') return false;
  char prev = 0;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    if (c == '-' && prev == '-') return false;
    prev = c;
  }
  return true;
}

TEST(error_table, all_codes_are_listed) {
  EXPECT_EQ(error_table().size(), enumerators().size());
}

TEST(error_table, codes_run_from_one_in_order) {
  const auto table = error_table();
  for (std::size_t i = 0; i < table.size(); ++i) {
    SCOPED_TRACE("row " + std::to_string(i));
    EXPECT_EQ(static_cast<int>(table[i].code), int(i) + 1);
  }
}

TEST(error_table, shipped_codes_keep_their_numbers) {
  // Never renumber a code that has shipped: scripts and docs depend on these.
  EXPECT_EQ(static_cast<int>(read_error::cannot_open), 1);
  EXPECT_EQ(static_cast<int>(read_error::not_a_zip), 2);
  EXPECT_EQ(static_cast<int>(read_error::encrypted), 3);
  EXPECT_EQ(static_cast<int>(read_error::legacy_xls), 4);
  EXPECT_EQ(static_cast<int>(read_error::corrupt_zip), 5);
  EXPECT_EQ(static_cast<int>(read_error::missing_part), 6);
  EXPECT_EQ(static_cast<int>(read_error::malformed_xml), 7);
  EXPECT_EQ(static_cast<int>(read_error::forbidden_dtd), 8);
  EXPECT_EQ(static_cast<int>(read_error::limit_exceeded), 9);
  EXPECT_EQ(static_cast<int>(read_error::not_a_workbook), 10);
  EXPECT_EQ(static_cast<int>(read_error::no_such_sheet), 11);
  EXPECT_EQ(static_cast<int>(read_error::unsupported), 12);
}

TEST(error_table, info_finds_each_code) {
  for (const auto& e : enumerators()) {
    SCOPED_TRACE(e.name);
    EXPECT_EQ(info(e.code).code, e.code);
    EXPECT_EQ(&info(e.code), &error_table()[std::size_t(e.code) - 1]);
  }
}

TEST(error_table, slug_is_the_enumerator_in_kebab_case) {
  for (const auto& e : enumerators()) {
    std::string expected = e.name;
    for (char& c : expected)
      if (c == '_') c = '-';
    EXPECT_EQ(info(e.code).slug, expected);
  }
}

TEST(error_table, slugs_are_unique_and_kebab_case) {
  std::set<std::string_view> seen;
  for (const auto& row : error_table()) {
    SCOPED_TRACE(std::string(row.slug));
    EXPECT_TRUE(is_kebab_case(row.slug));
    EXPECT_TRUE(seen.insert(row.slug).second) << "duplicate slug";
  }
}

TEST(error_table, summaries_are_one_line) {
  std::set<std::string_view> seen;
  for (const auto& row : error_table()) {
    SCOPED_TRACE(std::string(row.slug));
    EXPECT_FALSE(row.summary.empty());
    EXPECT_EQ(row.summary.find('\n'), std::string_view::npos);
    EXPECT_NE(row.summary.back(), '.');  // they are spliced into sentences
    EXPECT_TRUE(seen.insert(row.summary).second) << "two codes with the same summary";
  }
}

TEST(error_table, fail_builds_an_error_value) {
  const result<int> r = fail(read_error::missing_part, "book.xlsx: the part xl/workbook.xml is missing");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, read_error::missing_part);
  EXPECT_EQ(r.error().message, "book.xlsx: the part xl/workbook.xml is missing");
  const result<int> ok = 7;
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(*ok, 7);
}

}  // namespace
}  // namespace returncheck::xlsx
