// Tests for shift_formula: one table of cases per kind of token, plus randomised garbage.
#include "returncheck/xlsx/formula_shift.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace returncheck::xlsx {
namespace {

struct shift_case {
  std::string formula;
  std::int32_t row_delta;
  std::int32_t col_delta;
  std::string expected;
};

void check(const std::vector<shift_case>& cases) {
  for (const auto& c : cases) {
    SCOPED_TRACE("formula: " + c.formula + "  delta: " + std::to_string(c.row_delta) + "," +
                 std::to_string(c.col_delta));
    EXPECT_EQ(shift_formula(c.formula, c.row_delta, c.col_delta), c.expected);
  }
}

constexpr std::int32_t int_max = std::numeric_limits<std::int32_t>::max();
constexpr std::int32_t int_min = std::numeric_limits<std::int32_t>::min();

TEST(formula_shift, cell_references) {
  check({
      {"A1", 1, 0, "A2"},
      {"A1", 0, 1, "B1"},
      {"A1", 2, 3, "D3"},
      {"$A1", 2, 3, "$A3"},
      {"A$1", 2, 3, "D$1"},
      {"$A$1", 2, 3, "$A$1"},
      {"A2*2+$C$1", 8, 0, "A10*2+$C$1"},  // the shared formula of B2:B10, in B10
      {"A9", 1, 0, "A10"},
      {"Z1", 0, 1, "AA1"},
      {"AZ1", 0, 1, "BA1"},
      {"ZZ1", 0, 1, "AAA1"},
      {"XFC1", 0, 1, "XFD1"},
      {"A1048575", 1, 0, "A1048576"},
      {"A1", 1048575, 16383, "XFD1048576"},
      {"SUM(A1,B2,C3)", 1, 1, "SUM(B2,C3,D4)"},
      {"A1*-B1^2%", 1, 0, "A2*-B2^2%"},
      {"A1 + B1", 1, 0, "A2 + B2"},
      {"A1+\r\nB1", 1, 0, "A2+\r\nB2"},
      {"A1 (B1:C1)", 1, 0, "A2 (B2:C2)"},  // intersection with a parenthesised range
      {"A1#", 1, 0, "A2#"},                // spill operator
      {"@A1:A10", 1, 0, "@A2:A11"},         // implicit intersection
      // Lower case is a reference too; a moved column is written the way Excel writes it.
      {"b3", 1, 1, "C4"},
      {"b3", 1, 0, "b4"},
  });
}

TEST(formula_shift, negative_deltas) {
  check({
      {"C5", -2, -1, "B3"},
      {"B2", -1, -1, "A1"},
      {"A10", -1, 0, "A9"},
      {"AA1", 0, -1, "Z1"},
      {"SUM(C3:D4)", -2, -2, "SUM(A1:B2)"},
      {"C:D", 0, -2, "A:B"},
      {"3:4", -2, 0, "1:2"},
      {"$C3+C$3", -2, -2, "$C1+A$3"},
  });
}

TEST(formula_shift, zero_delta_is_identity) {
  check({
      {"A1", 0, 0, "A1"},
      {"SUM($a1:b$2)*Sheet1!c3", 0, 0, "SUM($a1:b$2)*Sheet1!c3"},
      {"IF(A1>0,\"x\",'My Sheet'!A:A)", 0, 0, "IF(A1>0,\"x\",'My Sheet'!A:A)"},
      {"Table1[[#This Row],[Col]]+1:1", 0, 0, "Table1[[#This Row],[Col]]+1:1"},
  });
}

TEST(formula_shift, off_the_sheet_becomes_ref_error) {
  check({
      {"A1", -1, 0, "#REF!"},
      {"A1", 0, -1, "#REF!"},
      {"XFD1", 0, 1, "#REF!"},
      {"A1048576", 1, 0, "#REF!"},
      {"A1+B1", 0, -1, "#REF!+A1"},
      {"SUM(A1:A5)", -1, 0, "SUM(#REF!)"},  // one end leaves: the whole range goes
      {"SUM(A2:A5)", -1, 0, "SUM(A1:A4)"},
      {"A1:B2+1", 0, -1, "#REF!+1"},
      {"$A1:B2", 0, -1, "$A1:A2"},  // only the relative end moves, and it stays inside
      {"$A1", 0, -5, "$A1"},
      {"A$1", -1, 0, "A$1"},
      {"Sheet2!A1", -1, 0, "Sheet2!#REF!"},
      {"'My Sheet'!A1:B2", 0, -1, "'My Sheet'!#REF!"},
      {"A:A", 0, -1, "#REF!"},
      {"XFD:XFD", 0, 1, "#REF!"},
      {"1:1", -1, 0, "#REF!"},
      {"1048576:1048576", 1, 0, "#REF!"},
      {"A:A", -1, 0, "A:A"},  // a column range has no row to move
      {"1:1", 0, -1, "1:1"},
      // Deltas at the int32 limits must not overflow.
      {"A1", int_max, int_max, "#REF!"},
      {"A1", int_min, int_min, "#REF!"},
      {"XFD1048576", int_min, 0, "#REF!"},
      {"$A$1", int_min, int_max, "$A$1"},
      {"$A:$B+$1:$2", int_max, int_max, "$A:$B+$1:$2"},
  });
}

TEST(formula_shift, ranges) {
  check({
      {"A1:B2", 1, 1, "B2:C3"},
      {"$A$1:B2", 1, 1, "$A$1:C3"},
      {"SUM($A1:A$1)", 2, 2, "SUM($A3:C$1)"},
      {"A:C", 5, 1, "B:D"},
      {"$A:$A", 5, 1, "$A:$A"},
      {"$A:B", 0, 2, "$A:D"},
      {"3:5", 2, 7, "5:7"},
      {"$3:$3", 2, 7, "$3:$3"},
      {"$3:4", 2, 0, "$3:6"},
      {"SUM(A:A)*COUNT(2:2)", 1, 1, "SUM(B:B)*COUNT(3:3)"},
      {"VLOOKUP(A2,$D:$F,3,FALSE)", 1, 0, "VLOOKUP(A3,$D:$F,3,FALSE)"},
      {"A1:B2:C3", 1, 0, "A2:B3:C4"},
      {"A1:A5 A3:C3", 1, 0, "A2:A6 A4:C4"},
      {"(A1:A5,C1:C5)", 0, 1, "(B1:B5,D1:D5)"},
  });
}

TEST(formula_shift, sheet_qualified) {
  check({
      {"Sheet1!A1", 1, 1, "Sheet1!B2"},
      {"Sheet1!$A$1:B2", 1, 1, "Sheet1!$A$1:C3"},
      {"Sheet1!A:A", 0, 1, "Sheet1!B:B"},
      {"Sheet1!3:3", 1, 0, "Sheet1!4:4"},
      {"'Table 6.2'!B3", 1, 0, "'Table 6.2'!B4"},
      {"'It''s here'!B3", 1, 0, "'It''s here'!B4"},
      {"'Wow!Sheet'!B3+A1", 1, 0, "'Wow!Sheet'!B4+A2"},
      {"'A1'!B3", 1, 0, "'A1'!B4"},  // a sheet named like a cell
      {"Q1!B3", 1, 0, "Q1!B4"},      // the same, unquoted as some writers leave it
      {"Sheet1:Sheet3!A1", 1, 0, "Sheet1:Sheet3!A2"},
      {"SUM(Jan:Mar!B2)", 1, 1, "SUM(Jan:Mar!C3)"},  // sheet names that look like columns
      {"'Q1 2019:Q4 2019'!A1", 0, 1, "'Q1 2019:Q4 2019'!B1"},
      {"[1]Sheet1!A1", 1, 0, "[1]Sheet1!A2"},
      {"[1]Sheet1!$A$1:B2", 1, 1, "[1]Sheet1!$A$1:C3"},
      {"'[Book 1.xlsx]Sheet 1'!A1", 1, 0, "'[Book 1.xlsx]Sheet 1'!A2"},
      {"[1]!Rate*A1", 1, 0, "[1]!Rate*A2"},  // a name in another workbook
      {"Donn\xC3\xA9" "es!A1", 1, 0, "Donn\xC3\xA9" "es!A2"},
      {"Sheet1!A1:Sheet1!B2", 1, 0, "Sheet1!A2:Sheet1!B3"},
      {"A1:Sheet2!B2", 1, 0, "A2:Sheet2!B3"},
      {"Sheet2!#REF!+A1", 1, 0, "Sheet2!#REF!+A2"},
      {"#REF!A1", 1, 0, "#REF!A2"},  // a reference to a deleted sheet keeps its cell part
      {"Sheet1!Rate*2", 1, 1, "Sheet1!Rate*2"},
  });
}

TEST(formula_shift, string_literals_are_untouched) {
  check({
      {"\"A1\"&A1", 1, 0, "\"A1\"&A2"},
      {"\"say \"\"A1\"\" ok\"&B2", 1, 0, "\"say \"\"A1\"\" ok\"&B3"},
      {"CONCAT(\"Sheet1!A1\",'S'!A1)", 1, 0, "CONCAT(\"Sheet1!A1\",'S'!A2)"},
      {"\"\"&A1", 1, 0, "\"\"&A2"},
      {"\"it's\"&A1&\"'\"", 1, 0, "\"it's\"&A2&\"'\""},
      {"\"[\"&A1&\"]\"", 1, 0, "\"[\"&A2&\"]\""},
      {"\"caf\xC3\xA9 A1\"&A1", 1, 0, "\"caf\xC3\xA9 A1\"&A2"},
  });
}

TEST(formula_shift, structured_references_are_untouched) {
  check({
      {"Table1[Col]", 1, 1, "Table1[Col]"},
      {"SUM(Table1[[#This Row],[Q1]:[Q4]])+A1", 1, 0, "SUM(Table1[[#This Row],[Q1]:[Q4]])+A2"},
      {"Tbl1[A1]", 1, 1, "Tbl1[A1]"},  // a table named like a cell
      {"[@Amount]*B2", 1, 0, "[@Amount]*B3"},
      {"Sales[[#Headers],[B2]]", 1, 1, "Sales[[#Headers],[B2]]"},
      {"Table1['#Items]+A1", 1, 0, "Table1['#Items]+A2"},  // ' escapes # [ ] '
      {"Table1[a']b]+A1", 1, 0, "Table1[a']b]+A2"},
      {"Table1[#All]", 1, 1, "Table1[#All]"},
  });
}

TEST(formula_shift, look_alike_tokens_are_not_references) {
  check({
      {"LOG10(A1)", 1, 0, "LOG10(A2)"},
      {"ATAN2(A1,B1)", 1, 1, "ATAN2(B2,C2)"},
      {"DAY360(A1,B1)", 1, 0, "DAY360(A2,B2)"},
      {"TAX_2019*A1", 1, 0, "TAX_2019*A2"},
      {"rate.x+A1", 1, 0, "rate.x+A2"},
      {"_xlfn.XLOOKUP(A1,B:B,C:C)", 1, 1, "_xlfn.XLOOKUP(B2,C:C,D:D)"},
      {"_xlfn.LET(_xlpm.x1,A1,_xlpm.x1*2)", 1, 0, "_xlfn.LET(_xlpm.x1,A2,_xlpm.x1*2)"},
      {"F.DIST(A1,1,TRUE)", 1, 0, "F.DIST(A2,1,TRUE)"},
      {"A1B+A1", 1, 0, "A1B+A2"},
      {"Sales2019total", 5, 5, "Sales2019total"},
      {"R1C1+RC+R1", 1, 0, "R1C1+RC+R2"},  // R1 alone is column R, row 1
      {"\\name+A1?+A1", 1, 0, "\\name+A1?+A2"},
      {"TRUE+FALSE+A1", 1, 0, "TRUE+FALSE+A2"},
      {"IF(A1,TRUE(),FALSE)", 1, 0, "IF(A2,TRUE(),FALSE)"},
      {"#N/A+#DIV/0!+#REF!+#NAME?+#NULL!+A1", 1, 0, "#N/A+#DIV/0!+#REF!+#NAME?+#NULL!+A2"},
      {"IFERROR(A1,#N/A)", 1, 0, "IFERROR(A2,#N/A)"},
      {"#SPILL!+#GETTING_DATA", 1, 1, "#SPILL!+#GETTING_DATA"},
      // Numbers: a word that starts with a digit or '.', however it ends.
      {"1E10+A1", 1, 0, "1E10+A2"},
      {"1.5E+3*E3", 1, 0, "1.5E+3*E4"},
      {"2E-5+E5", 0, 1, "2E-5+F5"},
      {".5E2+3", 1, 1, ".5E2+3"},
      {"{1,2;3,4}", 1, 1, "{1,2;3,4}"},
      // Past the sheet's edge in the source: a name, not a reference.
      {"XFE1+A1048577+AAAA1+A0+A01+A12345678", 1, 1, "XFE1+A1048577+AAAA1+A0+A01+A12345678"},
      {"XFE:XFE+0:0+1048577:1048577", 1, 1, "XFE:XFE+0:0+1048577:1048577"},
      // A lone column or row is a name or a number.
      {"A+1+ABC", 1, 1, "A+1+ABC"},
      // Names touching non-ASCII letters (UTF-8) are whole words.
      {"\xC3\xA9" "A1+A1\xC3\xA9+A1", 1, 0, "\xC3\xA9" "A1+A1\xC3\xA9+A2"},
  });
}

TEST(formula_shift, garbage_is_copied_without_harm) {
  check({
      {"", 1, 1, ""},
      {"\"unterminated A1", 1, 1, "\"unterminated A1"},
      {"'unterminated!A1", 1, 1, "'unterminated!A1"},
      {"Table1[[Col]+A1", 1, 1, "Table1[[Col]+A1"},  // an open bracket runs to the end
      {"[a'", 1, 1, "[a'"},
      {"]A1", 1, 0, "]A2"},
      {"A1)))", 1, 0, "A2)))"},
      {"$", 1, 1, "$"},
      {"$$", 1, 1, "$$"},
      {"$A$", 1, 1, "$A$"},
      {"A$$1", 1, 1, "A$$1"},
      {"$$1", 1, 1, "$$1"},
      {":", 1, 1, ":"},
      {"::", 1, 1, "::"},
      {"A1:", 1, 0, "A2:"},
      {":A1", 1, 0, ":A2"},
      {"A1:3", 1, 0, "A2:3"},
      {"!", 1, 1, "!"},
      {"!A1", 1, 0, "!A2"},
      {"A1!", 1, 0, "A1!"},
      {"#", 1, 1, "#"},
      {"#A1", 1, 0, "#A2"},
      {"'", 1, 1, "'"},
      {"\"", 1, 1, "\""},
      {"[", 1, 1, "["},
      {"'']", 1, 1, "'']"},
      {std::string("\xFF\xFE" "A1\0B1", 7), 1, 0, std::string("\xFF\xFE" "A1\0B2", 7)},
      {"\x80", 1, 1, "\x80"},
  });
}

// Random strings over the characters that matter to the scanner: never a crash (the sanitizers
// watch), a zero shift changes nothing, and a shift that stays inside the sheet undoes.
TEST(formula_shift, random_input) {
  static constexpr std::string_view alphabet = "AXFDZR1290$:!'\"[]()#@,. +_E\xC3\xA9";
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<std::size_t> length(0, 40);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<std::int32_t> small(-5, 5);
  for (int round = 0; round < 50000; ++round) {
    std::string formula;
    const std::size_t n = length(rng);
    for (std::size_t i = 0; i < n; ++i) formula += alphabet[pick(rng)];
    SCOPED_TRACE(formula);

    EXPECT_EQ(shift_formula(formula, 0, 0), formula);

    const std::int32_t dr = small(rng);
    const std::int32_t dc = small(rng);
    const std::string there = shift_formula(formula, dr, dc);
    if (formula.find('#') == std::string::npos && there.find('#') == std::string::npos) {
      EXPECT_EQ(shift_formula(there, -dr, -dc), formula) << "shifted: " << there;
    }
    (void)shift_formula(formula, int_max, int_min);
  }
}

TEST(formula_shift, random_bytes) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int round = 0; round < 20000; ++round) {
    std::string formula(static_cast<std::size_t>(byte(rng) % 64), '\0');
    for (auto& c : formula) c = static_cast<char>(byte(rng));
    EXPECT_EQ(shift_formula(formula, 0, 0), formula);
    (void)shift_formula(formula, 3, -2);
  }
}

}  // namespace
}  // namespace returncheck::xlsx
