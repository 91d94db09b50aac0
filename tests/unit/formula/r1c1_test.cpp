// Tests for to_r1c1: references as offsets from the formula's cell, everything else unchanged.
#include "returncheck/formula/r1c1.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "returncheck/formula/parser.hpp"
#include "returncheck/xlsx/cell_ref.hpp"

namespace returncheck::formula {
namespace {

std::string shape(const std::string& formula, const std::string& cell) {
  const auto tree = parse(formula);
  if (!tree) return "error: " + tree.error().message;
  const auto at = xlsx::parse_cell_ref(cell);
  if (!at) return "bad cell " + cell;
  return to_r1c1(*tree, *at);
}

struct r1c1_case {
  std::string formula;
  std::string cell;
  std::string expected;
};

void check(const std::vector<r1c1_case>& cases) {
  for (const auto& c : cases) {
    SCOPED_TRACE(c.formula + " in " + c.cell);
    EXPECT_EQ(shape(c.formula, c.cell), c.expected);
  }
}

// The case that motivates R1C1 shapes: a % change column where one cell divides by the wrong
// column stands out from its neighbours.
TEST(r1c1, filled_formulas_share_a_shape_and_a_slip_does_not) {
  EXPECT_EQ(shape("=(E4-B4)/B4", "F4"), "(RC[-1]-RC[-4])/RC[-4]");
  EXPECT_EQ(shape("=(E5-B5)/B5", "F5"), "(RC[-1]-RC[-4])/RC[-4]");
  EXPECT_EQ(shape("=(E5-B5)/E5", "F5"), "(RC[-1]-RC[-4])/RC[-1]");
  EXPECT_EQ(shape("(E4-B4)/B4", "F4"), shape("(E5-B5)/B5", "F5"));
  EXPECT_NE(shape("(E4-B4)/B4", "F4"), shape("(E5-B5)/E5", "F5"));
}

TEST(r1c1, cells) {
  check({
      {"A1", "A1", "RC"},
      {"B2", "A1", "R[1]C[1]"},
      {"A1", "C3", "R[-2]C[-2]"},
      {"$B$5", "Z100", "R5C2"},
      {"$B5", "C3", "R[2]C2"},
      {"B$5", "C3", "R5C[-1]"},
      {"b3", "B3", "RC"},
      {"XFD1048576", "A1", "R[1048575]C[16383]"},
      {"A1", "XFD1048576", "R[-1048575]C[-16383]"},
  });
}

TEST(r1c1, areas_columns_and_rows) {
  check({
      {"SUM(A1:A3)", "A4", "SUM(R[-3]C:R[-1]C)"},
      {"SUM($A$1:A3)", "B4", "SUM(R1C1:R[-1]C[-1])"},
      {"SUM(A:C)", "B1", "SUM(C[-1]:C[1])"},
      {"SUM(B:B)", "B1", "SUM(C)"},
      {"SUM($B:$B)", "D9", "SUM(C2)"},
      {"SUM($A:B)", "B1", "SUM(C1:C)"},
      {"SUM(3:5)", "A4", "SUM(R[-1]:R[1])"},
      {"SUM(6:6)", "A4", "SUM(R[2])"},
      {"SUM($6:$6)", "A4", "SUM(R6)"},
      {"A1:B2:C3", "A1", "RC:R[1]C[1]:R[2]C[2]"},
      {"A1:B2 B1:C3", "A1", "RC:R[1]C[1] RC[1]:R[2]C[2]"},
  });
}

TEST(r1c1, everything_but_references_is_written_as_to_formula_writes_it) {
  check({
      {"Sheet2!A1+'My Sheet'!$A$1", "B2", "Sheet2!R[-1]C[-1]+'My Sheet'!R1C1"},
      {"[1]Sheet1!A1", "A1", "[1]Sheet1!RC"},
      {"Sheet1:Sheet3!C3", "A1", "Sheet1:Sheet3!R[2]C[2]"},
      {"Sheet1!#REF!+#REF!", "A1", "Sheet1!#REF!+#REF!"},
      {"IF(A1>rate,\"R1C1\",Table1[Col])", "B1", "IF(RC[-1]>rate,\"R1C1\",Table1[Col])"},
      {"_xlfn.XLOOKUP(A1,B:B,C:C)", "D1", "_xlfn.XLOOKUP(RC[-3],C[-2],C[-1])"},
      {"SUM((A1,B1))", "A2", "SUM((R[-1]C,R[-1]C[1]))"},
      {"-A1%+{1,2}", "A2", "-R[-1]C%+{1,2}"},
      {"INDEX(A:A,1):A5", "B5", "INDEX(C[-1],1):RC[-1]"},
  });
}

}  // namespace
}  // namespace returncheck::formula
