// Tests for A1 references and ranges: parsing within Excel's limits, normalising, formatting.
#include "returncheck/xlsx/cell_ref.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace returncheck::xlsx {
namespace {

struct ref_case {
  std::string text;
  std::optional<cell_pos> expected;
};

TEST(cell_ref, parse) {
  const std::vector<ref_case> cases = {
      {"A1", cell_pos{1, 1}},
      {"$A$1", cell_pos{1, 1}},
      {"$A1", cell_pos{1, 1}},
      {"A$1", cell_pos{1, 1}},
      {"B3", cell_pos{3, 2}},
      {"b3", cell_pos{3, 2}},  // lower case, as some writers save it
      {"xfd1", cell_pos{1, 16384}},
      {"Z9", cell_pos{9, 26}},
      {"AA10", cell_pos{10, 27}},
      {"AZ1", cell_pos{1, 52}},
      {"ZZ1", cell_pos{1, 702}},
      {"AAA1", cell_pos{1, 703}},
      {"F5", cell_pos{5, 6}},
      {"XFD1048576", cell_pos{1048576, 16384}},  // the last cell of a sheet
      {"$XFD$1048576", cell_pos{1048576, 16384}},
      {"A1048576", cell_pos{1048576, 1}},
      // Outside the sheet.
      {"XFE1", std::nullopt},
      {"ZZZ1", std::nullopt},
      {"AAAA1", std::nullopt},
      {"A1048577", std::nullopt},
      {"A9999999", std::nullopt},
      {"A12345678", std::nullopt},
      {"A0", std::nullopt},
      {"A00", std::nullopt},
      // Not references.
      {"", std::nullopt},
      {"A", std::nullopt},
      {"1", std::nullopt},
      {"$", std::nullopt},
      {"$1", std::nullopt},
      {"A$", std::nullopt},
      {"$$A1", std::nullopt},
      {"A$$1", std::nullopt},
      {"1A", std::nullopt},
      {"A1B", std::nullopt},
      {"A-1", std::nullopt},
      {"A 1", std::nullopt},
      {" A1", std::nullopt},
      {"A1 ", std::nullopt},
      {"A1:B2", std::nullopt},
      {"R1C1", std::nullopt},
      {"\xC3\x84" "1", std::nullopt},  // Ä1
  };
  for (const auto& c : cases) {
    SCOPED_TRACE("'" + c.text + "'");
    EXPECT_EQ(parse_cell_ref(c.text), c.expected);
  }
}

struct range_case {
  std::string text;
  std::optional<cell_range> expected;
};

TEST(cell_ref, parse_range) {
  const std::vector<range_case> cases = {
      {"A1:C4", cell_range{{1, 1}, {4, 3}}},
      {"C4:A1", cell_range{{1, 1}, {4, 3}}},  // normalised to top-left, bottom-right
      {"A4:C1", cell_range{{1, 1}, {4, 3}}},
      {"C1:A4", cell_range{{1, 1}, {4, 3}}},
      {"$A$1:$C$4", cell_range{{1, 1}, {4, 3}}},
      {"a1:c4", cell_range{{1, 1}, {4, 3}}},
      {"B2", cell_range{{2, 2}, {2, 2}}},  // a single cell
      {"B2:B2", cell_range{{2, 2}, {2, 2}}},
      {"A1:XFD1048576", cell_range{{1, 1}, {1048576, 16384}}},
      {"", std::nullopt},
      {":", std::nullopt},
      {"A1:", std::nullopt},
      {":A1", std::nullopt},
      {"A1:XFE1", std::nullopt},
      {"A0:B2", std::nullopt},
      {"A1:B2:C3", std::nullopt},
      {"A:A", std::nullopt},  // whole columns are not cell ranges
      {"1:1", std::nullopt},
      {"A1 B2", std::nullopt},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE("'" + c.text + "'");
    EXPECT_EQ(parse_range(c.text), c.expected);
  }
}

TEST(cell_ref, format) {
  EXPECT_EQ(format_cell_ref({1, 1}), "A1");
  EXPECT_EQ(format_cell_ref({3, 2}), "B3");
  EXPECT_EQ(format_cell_ref({1, 26}), "Z1");
  EXPECT_EQ(format_cell_ref({1, 27}), "AA1");
  EXPECT_EQ(format_cell_ref({1, 28}), "AB1");
  EXPECT_EQ(format_cell_ref({1, 52}), "AZ1");
  EXPECT_EQ(format_cell_ref({1, 53}), "BA1");
  EXPECT_EQ(format_cell_ref({1, 702}), "ZZ1");
  EXPECT_EQ(format_cell_ref({1, 703}), "AAA1");
  EXPECT_EQ(format_cell_ref({1048576, 16384}), "XFD1048576");

  EXPECT_EQ(format_range({{1, 1}, {4, 3}}), "A1:C4");
  EXPECT_EQ(format_range({{2, 2}, {2, 2}}), "B2");  // one cell
  EXPECT_EQ(format_range({{1, 1}, {1048576, 16384}}), "A1:XFD1048576");

  std::string out = "Sheet1!";
  append_cell_ref(out, {5, 6});
  EXPECT_EQ(out, "Sheet1!F5");
  out.clear();
  append_col_letters(out, 16384);
  EXPECT_EQ(out, "XFD");
}

TEST(cell_ref, every_column_round_trips) {
  for (std::uint32_t col = 1; col <= max_col_idx; ++col) {
    const cell_pos p{col % 7 + 1, col};
    const std::string text = format_cell_ref(p);
    ASSERT_EQ(parse_cell_ref(text), p) << text;
  }
  EXPECT_EQ(parse_cell_ref(format_cell_ref({max_row_idx, max_col_idx})), (cell_pos{max_row_idx, max_col_idx}));
}

TEST(cell_ref, range_counts_and_contains) {
  const cell_range r{{2, 2}, {4, 3}};  // B2:C4
  EXPECT_EQ(r.cell_count(), 6u);
  EXPECT_TRUE(r.contains({2, 2}));
  EXPECT_TRUE(r.contains({4, 3}));
  EXPECT_TRUE(r.contains({3, 2}));
  EXPECT_FALSE(r.contains({1, 2}));
  EXPECT_FALSE(r.contains({2, 1}));
  EXPECT_FALSE(r.contains({5, 3}));
  EXPECT_FALSE(r.contains({4, 4}));
  EXPECT_EQ((cell_range{{1, 1}, {1, 1}}.cell_count()), 1u);
  // The whole sheet does not overflow.
  EXPECT_EQ((cell_range{{1, 1}, {max_row_idx, max_col_idx}}.cell_count()), 17179869184ull);
}

}  // namespace
}  // namespace returncheck::xlsx
