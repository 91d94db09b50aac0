// Tests for reading cells as shown: typed numbers, percentages, markers, precision.
#include "returncheck/rules/reading.hpp"

#include <gtest/gtest.h>

#include "unit/test_xlsx.hpp"

namespace returncheck::rules {
namespace {

TEST(reading, numbers_typed_as_text) {
  struct row {
    const char* text;
    double value;
    int decimals;
    bool percent;
  };
  for (const row& r : {row{"229", 229, 0, false}, {"1,234", 1234, 0, false}, {" 9,684 ", 9684, 0, false},
                       {"-20%", -0.2, 0, true}, {"+18%", 0.18, 0, true}, {"21.4%", 0.214, 1, true},
                       {"21.4 %", 0.214, 1, true}, {"\xC2\xA3" "1,200.50", 1200.5, 2, false},
                       {"\xE2\x88\x92" "5", -5, 0, false}, {"0.176", 0.176, 3, false}, {".5", 0.5, 1, false}}) {
    const auto x = read_number_text(r.text);
    ASSERT_TRUE(x) << r.text;
    EXPECT_DOUBLE_EQ(x->value, r.value) << r.text;
    EXPECT_EQ(x->decimals, r.decimals) << r.text;
    EXPECT_EQ(x->percent, r.percent) << r.text;
    EXPECT_TRUE(x->from_text);
  }
  for (const char* text : {"", "abc", "12a", "1,23", "12,3456", "1.2.3", "%", "-", "c", "1,234,56", "20 %%"})
    EXPECT_FALSE(read_number_text(text)) << text;
}

TEST(reading, tolerance_is_half_the_last_digit_shown) {
  auto pct = *read_number_text("18%");
  EXPECT_DOUBLE_EQ(pct.tolerance(), 0.005);
  auto one = *read_number_text("21.4");
  EXPECT_DOUBLE_EQ(one.tolerance(), 0.05);
  auto pct1 = *read_number_text("21.4%");
  EXPECT_DOUBLE_EQ(pct1.tolerance(), 0.0005);
}

TEST(reading, messages_write_numbers_as_people_do) {
  EXPECT_EQ(format_for_message(0.2139737991, true, 1, true), "+21.4%");
  EXPECT_EQ(format_for_message(-0.1956, true, 0, true), "-20%");
  EXPECT_EQ(format_for_message(-0.001, true, 0, true), "0%");  // no "-0%"
  EXPECT_EQ(format_for_message(9684, false, -1), "9,684");
  EXPECT_EQ(format_for_message(1234567.25, false, -1), "1,234,567.25");
  EXPECT_EQ(format_for_message(0.176, false, -1), "0.176");
  EXPECT_EQ(format_for_message(-229, false, 0), "-229");
  EXPECT_EQ(format_for_message(2.675, false, 2), "2.68");  // half away from zero, as Excel shows
}

TEST(reading, cells_with_formats_markers_and_text) {
  auto parts = test::workbook_parts(
      {{"S", test::worksheet("<row r=\"1\"><c r=\"A1\" s=\"1\"><v>0.176</v></c><c r=\"B1\" s=\"2\"><v>21.44</v></c>"
                             "<c r=\"C1\"><v>0.17626</v></c><c r=\"D1\" t=\"inlineStr\"><is><t> [c] </t></is></c>"
                             "<c r=\"E1\" t=\"inlineStr\"><is><t>n/a</t></is></c><c r=\"F1\" t=\"e\"><v>#DIV/0!</v></c>"
                             "<c r=\"G1\" t=\"inlineStr\"><is><t>-20%</t></is></c></row>")}},
      "", test::styles({0, 9, 2}));
  auto wb = xlsx::workbook::open(test::write_zip(parts));
  ASSERT_TRUE(wb);
  auto cells = xlsx::cell_store::load(*wb);
  ASSERT_TRUE(cells);
  const std::vector<std::string> markers{"c", "[c]", "x"};
  auto at = [&](std::uint32_t col) { return read_cell(*wb, *cells, 0, {1, col}, markers); };

  const reading a = at(1);  // 0.176 shown "18%" (format 9 is 0%)
  EXPECT_EQ(a.kind, reading_kind::number);
  EXPECT_TRUE(a.percent);
  EXPECT_EQ(a.decimals, 0);
  EXPECT_DOUBLE_EQ(a.shown, 0.18);
  EXPECT_EQ(a.display(), "18%");
  const reading b = at(2);  // 21.44 shown "21.44" (format 2 is 0.00)
  EXPECT_EQ(b.decimals, 2);
  EXPECT_FALSE(b.percent);
  const reading c = at(3);  // General shows every digit
  EXPECT_EQ(c.decimals, 5);
  EXPECT_EQ(at(4).kind, reading_kind::suppressed);
  EXPECT_EQ(at(4).text, "[c]");
  EXPECT_EQ(at(5).kind, reading_kind::text);
  EXPECT_EQ(at(6).kind, reading_kind::error);
  const reading g = at(7);
  EXPECT_EQ(g.kind, reading_kind::number);
  EXPECT_TRUE(g.from_text);
  EXPECT_DOUBLE_EQ(g.value, -0.2);
  EXPECT_EQ(at(8).kind, reading_kind::blank);
}

}  // namespace
}  // namespace returncheck::rules
