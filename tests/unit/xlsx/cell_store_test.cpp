// Tests for the in-memory cell store: lookups, range walks, ordering, pooled texts, limits.
#include "returncheck/xlsx/cell_store.hpp"

#include <gtest/gtest.h>

#include "unit/test_xlsx.hpp"

namespace returncheck::xlsx {
namespace {

using test::workbook_parts;
using test::worksheet;
using test::write_zip;

cell_store load_ok(const std::string& sheet_data, std::uint64_t max_cells = 1'000'000) {
  auto wb = workbook::open(write_zip(workbook_parts({{"Data", worksheet(sheet_data)}}, "<si><t>label</t></si>")));
  EXPECT_TRUE(wb.has_value()) << wb.error().message;
  auto store = cell_store::load(*wb, max_cells);
  EXPECT_TRUE(store.has_value()) << store.error().message;
  return std::move(store).value();
}

std::vector<std::string> walk(const sheet_cells& s, std::string_view range) {
  std::vector<std::string> seen;
  s.for_each_in(*parse_range(range), [&](const stored_cell& c) {
    seen.push_back(format_cell_ref(c.pos));
    return true;
  });
  return seen;
}

TEST(cell_store, finds_cells_and_skips_blanks) {
  const auto store = load_ok(
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"/><c r="C1"><v>2.5</v></c></row>)"
      R"(<row r="3"><c r="B3"><f>C1*2</f></c></row>)");
  const sheet_cells& s = store.sheet(0);
  ASSERT_EQ(s.cells().size(), 3u);  // the blank styled B1 is not held
  const stored_cell* a1 = s.find({1, 1});
  ASSERT_NE(a1, nullptr);
  EXPECT_EQ(a1->type, value_type::string);
  EXPECT_EQ(store.text_of(*a1), "label");
  EXPECT_EQ(s.find({1, 2}), nullptr);
  EXPECT_DOUBLE_EQ(s.find({1, 3})->number, 2.5);
  const stored_cell* b3 = s.find({3, 2});
  ASSERT_NE(b3, nullptr);
  EXPECT_EQ(b3->type, value_type::empty);  // a formula without a cached value is held
  EXPECT_EQ(store.formula_of(*b3), "C1*2");
  EXPECT_EQ(s.used_range(), parse_range("A1:C3"));
}

TEST(cell_store, walks_ranges_in_order_and_only_what_is_stored) {
  const auto store = load_ok(
      R"(<row r="1"><c r="A1"><v>1</v></c><c r="C1"><v>2</v></c><c r="XFD1"><v>3</v></c></row>)"
      R"(<row r="2"><c r="B2"><v>4</v></c></row>)"
      R"(<row r="1048576"><c r="C1048576"><v>5</v></c></row>)");
  const sheet_cells& s = store.sheet(0);
  EXPECT_EQ(walk(s, "A1:C2"), (std::vector<std::string>{"A1", "C1", "B2"}));
  EXPECT_EQ(walk(s, "C1:C1048576"), (std::vector<std::string>{"C1", "C1048576"}));  // a whole column
  EXPECT_EQ(walk(s, "B1:B1"), (std::vector<std::string>{}));
  EXPECT_EQ(walk(s, "D1:XFD1048576"), (std::vector<std::string>{"XFD1"}));
  std::size_t visits = 0;
  s.for_each_in(*parse_range("A1:XFD1048576"), [&](const stored_cell&) { return ++visits < 2; });
  EXPECT_EQ(visits, 2u);  // stops when asked
}

TEST(cell_store, sorts_cells_stored_out_of_order_and_keeps_the_last_of_a_pair) {
  const auto store = load_ok(
      R"(<row r="2"><c r="B2"><v>1</v></c></row><row r="1"><c r="A1"><v>2</v></c><c r="A1"><v>3</v></c></row>)");
  const sheet_cells& s = store.sheet(0);
  EXPECT_EQ(walk(s, "A1:B2"), (std::vector<std::string>{"A1", "B2"}));
  EXPECT_DOUBLE_EQ(s.find({1, 1})->number, 3);
  EXPECT_DOUBLE_EQ(s.find({2, 2})->number, 1);
}

TEST(cell_store, pools_repeated_texts) {
  const auto store = load_ok(R"(<row r="1"><c r="A1" t="str"><v>x</v><f>"x"</f></c><c r="B1" t="str"><v>x</v><f>"x"</f></c></row>)");
  const sheet_cells& s = store.sheet(0);
  EXPECT_EQ(s.find({1, 1})->text, s.find({1, 2})->text);
  EXPECT_EQ(s.find({1, 1})->formula, s.find({1, 2})->formula);
}

TEST(cell_store, keeps_merged_ranges_and_ignored_error_marks) {
  auto wb = workbook::open(write_zip(workbook_parts(
      {{"Data", worksheet(R"(<row r="1"><c r="A1"><v>1</v></c></row>)",
                          R"(<mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells>)"
                          R"(<ignoredErrors><ignoredError sqref="F4:F9 H2" formula="1"/>)"
                          R"(<ignoredError sqref="F5" evalError="1" emptyCellReference="1"/></ignoredErrors>)")},
       {"Plain", worksheet(R"(<row r="1"><c r="A1"><v>1</v></c></row>)")}})));
  ASSERT_TRUE(wb.has_value()) << wb.error().message;
  auto store = cell_store::load(*wb);
  ASSERT_TRUE(store.has_value()) << store.error().message;
  const sheet_cells& s = store->sheet(0);
  EXPECT_EQ(s.merged_ranges(), (std::vector<cell_range>{*parse_range("A1:B2")}));
  ASSERT_EQ(s.ignored_errors().size(), 2u);
  EXPECT_EQ(s.ignored_errors()[0].ranges, (std::vector<cell_range>{*parse_range("F4:F9"), *parse_range("H2")}));
  EXPECT_EQ(s.ignored_flags({4, 6}), ignored_error::formula);
  EXPECT_EQ(s.ignored_flags({5, 6}),
            ignored_error::formula | ignored_error::eval_error | ignored_error::empty_cell_reference);
  EXPECT_EQ(s.ignored_flags({2, 8}), ignored_error::formula);
  EXPECT_EQ(s.ignored_flags({10, 6}), 0);  // below the marked range
  EXPECT_TRUE(store->sheet(1).merged_ranges().empty());
  EXPECT_TRUE(store->sheet(1).ignored_errors().empty());
  EXPECT_EQ(store->sheet(1).ignored_flags({1, 1}), 0);
}

TEST(cell_store, cell_limit_is_an_error_naming_it) {
  auto wb = workbook::open(write_zip(workbook_parts({{"Data", worksheet(R"(<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>)")}})));
  ASSERT_TRUE(wb.has_value());
  auto store = cell_store::load(*wb, 1);
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, read_error::limit_exceeded);
  EXPECT_EQ(store.error().message, wb->path() + ": more than 1 cells to hold in memory (limit max-cells)");
}

}  // namespace
}  // namespace returncheck::xlsx
