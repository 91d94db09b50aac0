// Tests for the formula checks RC501-RC505: for each rule a case that must be reported and a
// near miss that must not, Excel's <ignoredError> marks, and the cap on findings per sheet.
#include "returncheck/rules/formula_checks.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "unit/test_xlsx.hpp"

namespace returncheck::rules {
namespace {

struct book {
  xlsx::workbook wb;
  xlsx::cell_store cells;
};

// One sheet "Activity" with these rows, and what follows <sheetData> (ignoredErrors, ...).
book make(const std::string& rows, const std::string& after = "") {
  auto wb = xlsx::workbook::open(test::write_zip(test::workbook_parts({{"Activity", test::worksheet(rows, after)}})));
  if (!wb) throw std::runtime_error(wb.error().message);
  auto cells = xlsx::cell_store::load(*wb);
  if (!cells) throw std::runtime_error(cells.error().message);
  return {std::move(*wb), std::move(*cells)};
}

std::vector<finding> check(const book& b, const formula_check_options& opts = {}) {
  formula::evaluator ev(b.wb, b.cells);
  return check_formulas(b.wb, b.cells, ev, opts);
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// A formula cell with its cached number.
std::string f(const std::string& ref, const std::string& formula, double cached) {
  return "<c r=\"" + ref + "\"><f>" + formula + "</f><v>" + num(cached) + "</v></c>";
}
// A formula cell whose cached value is an error.
std::string fe(const std::string& ref, const std::string& formula, const std::string& error) {
  return "<c r=\"" + ref + "\" t=\"e\"><f>" + formula + "</f><v>" + error + "</v></c>";
}
std::string n(const std::string& ref, double v) { return "<c r=\"" + ref + "\"><v>" + num(v) + "</v></c>"; }
std::string s(const std::string& ref, const std::string& text) {
  return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
}
std::string e(const std::string& ref, const std::string& error) {
  return "<c r=\"" + ref + "\" t=\"e\"><v>" + error + "</v></c>";
}
std::string row(int r, const std::string& cells) { return "<row r=\"" + std::to_string(r) + "\">" + cells + "</row>"; }
std::string ignored(const std::string& sqref, const std::string& flag) {
  return "<ignoredErrors><ignoredError sqref=\"" + sqref + "\" " + flag + "=\"1\"/></ignoredErrors>";
}

std::vector<std::string> where(const std::vector<finding>& found, const std::string& rule) {
  std::vector<std::string> cells;
  for (const auto& x : found)
    if (x.rule == rule) cells.push_back(x.cell ? xlsx::format_cell_ref(*x.cell) : "-");
  return cells;
}

const finding& only(const std::vector<finding>& found, const std::string& rule) {
  const finding* hit = nullptr;
  for (const auto& x : found)
    if (x.rule == rule) {
      if (hit != nullptr) throw std::runtime_error("more than one " + rule);
      hit = &x;
    }
  if (hit == nullptr) throw std::runtime_error("no " + rule);
  return *hit;
}

using list = std::vector<std::string>;

// Table 6.2 of a council's safeguarding report: B is 31/03/2015, E is 30/09/2017, F the "%
// change"; F5 divides the change by the new value and holds a figure typed before the last edit.
std::string table_6_2() {
  return row(4, n("B4", 184) + n("E4", 148) + f("F4", "(E4-B4)/B4", (148.0 - 184) / 184)) +
         row(5, n("B5", 229) + n("E5", 278) + f("F5", "(E5-B5)/E5", 0.176)) +
         row(6, n("B6", 20) + n("E6", 42) + f("F6", "(E6-B6)/B6", (42.0 - 20) / 20));
}

TEST(formula_checks, table_6_2_wrong_denominator_and_stale_value_on_f5_only) {
  const auto found = check(make(table_6_2()));
  ASSERT_EQ(found.size(), 2u);

  const finding& odd = only(found, "RC502");
  EXPECT_EQ(odd.name, "inconsistent-formula");
  EXPECT_EQ(odd.level, severity::query);
  EXPECT_EQ(odd.sheet, "Activity");
  EXPECT_EQ(location(odd), "Activity!F5");
  EXPECT_EQ(odd.message,
            "F5's formula =(E5-B5)/E5 differs from its neighbours' =(E4-B4)/B4 (F4) and =(E6-B6)/B6 (F6): it "
            "divides by E5 where they divide by B5");
  ASSERT_TRUE(odd.expected && odd.actual);
  EXPECT_NEAR(*odd.expected, 49.0 / 229, 1e-12);  // the +21.4% the neighbours' formula gives
  EXPECT_DOUBLE_EQ(*odd.actual, 0.176);
  EXPECT_TRUE(odd.indicator.empty());
  EXPECT_TRUE(odd.period.empty());
  EXPECT_FALSE(odd.fingerprint.empty());

  const finding& stale = only(found, "RC501");
  EXPECT_EQ(location(stale), "Activity!F5");
  EXPECT_EQ(stale.level, severity::error);
  EXPECT_EQ(stale.message,
            "F5 holds 0.176 but its formula =(E5-B5)/E5 gives 0.17626; the stored value is stale (edited inputs, or "
            "calculation set to manual)");
  EXPECT_NEAR(*stale.expected, 49.0 / 278, 1e-12);
  EXPECT_DOUBLE_EQ(*stale.actual, 0.176);
  EXPECT_NE(stale.fingerprint, odd.fingerprint);
}

TEST(formula_checks, stale_value_is_not_claimed_for_volatile_or_fresh_or_uncached_formulas) {
  const auto found = check(make(row(1, n("A1", 2) + f("B1", "TODAY()-A1", 12) +          // volatile: never guessed
                                           f("C1", "A1/3", 2.0 / 3) +                   // agrees
                                           "<c r=\"D1\"><f>A1*5</f></c>" +              // no cached value
                                           f("E1", "NOSUCHFUNCTION(A1)", 7))));         // not computable
  EXPECT_EQ(where(found, "RC501"), list{});
}

TEST(formula_checks, formulas_all_holding_zero_are_one_note_about_the_writer) {
  const auto found = check(make(row(1, n("A1", 2) + f("B1", "A1*2", 0) + f("C1", "A1*3", 0) + f("D1", "A1*4", 0))));
  const finding& note = only(found, "RC501");
  EXPECT_EQ(note.level, severity::info);
  EXPECT_FALSE(note.cell);
  EXPECT_EQ(note.message,
            "3 formulas hold 0 where they compute other figures (the first at Activity!B1): the file was saved by a "
            "program that does not calculate; Excel recalculates it on opening");
}

TEST(formula_checks, inconsistent_formula_at_the_end_of_a_row_run) {
  // Row 2 adds up rows 3 and 4 across B:E; E2 adds row 5 instead.
  const auto found = check(make(row(2, f("B2", "B3+B4", 0) + f("C2", "C3+C4", 0) + f("D2", "D3+D4", 0) +
                                           f("E2", "E3+E5", 0))));
  const finding& odd = only(found, "RC502");
  EXPECT_EQ(location(odd), "Activity!E2");
  EXPECT_EQ(odd.message,
            "E2's formula =E3+E5 differs from the two cells to its left, =C3+C4 (C2) and =D3+D4 (D2): it uses E5 "
            "where they use E4");
}

TEST(formula_checks, consistent_or_short_or_mixed_runs_are_not_inconsistent) {
  const auto found = check(make(
      // Absolute references: one shape down F.
      row(4, n("B4", 1) + n("E4", 2) + f("F4", "E4/$B$10", 0) + f("H4", "B4*2", 0) + f("J4", "B4+1", 0)) +
      // A run of two in H; a mixed run in J; F5 anchors its row with '$' but reads the same cells.
      row(5, n("B5", 3) + n("E5", 4) + f("F5", "E5/$B$10", 0) + f("H5", "B5*3", 0) + f("J5", "B5*2", 0) +
                 f("L5", "(E5-B5)/$B5", 0)) +
      row(6, n("B6", 5) + n("E6", 6) + f("F6", "E6/$B$10", 0) + f("J6", "B6-3", 0) + f("L6", "(E6-B6)/B6", 0)) +
      row(7, f("J7", "B7/4", 0) + f("L7", "(E7-B7)/B7", 0)) + row(8, f("L8", "(E8-B8)/B8", 0))));
  EXPECT_EQ(where(found, "RC502"), list{});
}

TEST(formula_checks, subtotals_running_totals_and_marked_cells_are_not_inconsistent) {
  const auto found = check(make(
      row(4, n("B4", 1) + n("C4", 2) + f("D4", "B4*C4", 0) + f("F4", "B4", 0) + f("H4", "B4*2", 0)) +
          row(5, n("B5", 3) + n("C5", 4) + f("D5", "B5*C5", 0) + f("F5", "F4+B5", 0) + f("H5", "B5*3", 0)) +
          row(6, n("B6", 5) + n("C6", 6) + f("D6", "B6*C6", 0) + f("F6", "F5+B6", 0) + f("H6", "B6*2", 0)) +
          row(7, f("D7", "SUM(D4:D6)", 0)),
      ignored("H5", "formula")));
  EXPECT_EQ(where(found, "RC502"), list{});
}

TEST(formula_checks, number_typed_over_a_formula) {
  const auto found = check(make(row(6, n("B6", 10) + n("C6", 20) + n("D6", 30) + f("E6", "SUM(B6:D6)", 60)) +
                                row(7, n("B7", 40) + n("C7", 40) + n("D7", 38) + n("E7", 120)) +
                                row(8, n("B8", 1) + n("C8", 2) + n("D8", 3) + f("E8", "SUM(B8:D8)", 6))));
  const finding& typed = only(found, "RC503");
  EXPECT_EQ(location(typed), "Activity!E7");
  EXPECT_EQ(typed.level, severity::query);
  EXPECT_EQ(typed.message,
            "E7 holds the number 120 where E6 and E8 compute =SUM(B6:D6) and =SUM(B8:D8): a figure typed over a "
            "formula? Filled in, =SUM(B7:D7) would give 118");
  EXPECT_DOUBLE_EQ(*typed.expected, 118);
  EXPECT_DOUBLE_EQ(*typed.actual, 120);
}

TEST(formula_checks, numbers_that_formulas_build_on_or_marked_or_beside_one_formula_are_not_typed_over) {
  const auto found = check(make(
      // E7 restarts a running total that E8 builds on; H7 has a formula on one side only.
      row(6, n("D6", 1) + f("E6", "E5+D6", 1) + f("H6", "D6*2", 2) + f("K6", "D6*3", 3)) +
          row(7, n("D7", 1) + n("E7", 100) + n("H7", 5) + n("K7", 9)) +
          row(8, n("D8", 1) + f("E8", "E7+D8", 101) + f("K8", "D8*3", 3)),
      ignored("K7", "formula")));
  EXPECT_EQ(where(found, "RC503"), list{});
}

TEST(formula_checks, an_inconsistent_formula_mark_keeps_a_typed_number_from_being_reported) {
  const std::string rows = row(6, n("D6", 1) + f("K6", "D6*3", 3)) + row(7, n("D7", 1) + n("K7", 9)) +
                           row(8, n("D8", 1) + f("K8", "D8*3", 3));
  EXPECT_EQ(where(check(make(rows)), "RC503"), list{"K7"});
  EXPECT_EQ(where(check(make(rows, ignored("K7", "formula"))), "RC503"), list{});
}

TEST(formula_checks, error_values_cached_or_typed) {
  const auto found = check(make(row(5, n("B5", 0) + n("E5", 278) + fe("F5", "E5/B5", "#DIV/0!") + e("G5", "#N/A"))));
  EXPECT_EQ(where(found, "RC504"), (list{"F5", "G5"}));
  EXPECT_EQ(found[0].message, "F5 shows #DIV/0! from its formula =E5/B5 (a division by zero or by a blank cell)");
  EXPECT_EQ(found[0].level, severity::error);
  EXPECT_EQ(found[1].message,
            "G5 holds the error value #N/A, typed or pasted as a value (a value not available, often a lookup that "
            "found nothing)");
}

TEST(formula_checks, deliberate_or_marked_error_values_are_not_reported) {
  const auto found = check(make(row(5, n("B5", 0) + fe("C5", "IF(B5=0,NA(),B5)", "#N/A") +
                                           fe("D5", "1/B5", "#DIV/0!")),
                                ignored("D5", "evalError")));
  EXPECT_EQ(where(found, "RC504"), list{});
}

TEST(formula_checks, findings_beyond_the_cap_are_counted_in_one_info_finding) {
  std::string cells;
  for (const char* ref : {"A1", "B1", "C1", "D1", "E1"}) cells += e(ref, "#REF!");
  formula_check_options opts;
  opts.max_per_rule_per_sheet = 2;
  const auto found = check(make(row(1, cells)), opts);
  EXPECT_EQ(where(found, "RC504"), (list{"A1", "B1", "C1"}));
  EXPECT_EQ(found[2].level, severity::info);
  EXPECT_EQ(found[2].message,
            "and 3 more cells on this sheet show error values, from C1 on (only the first 2 are listed)");
}

// Column D holds last year's figures; D5 is missing among them, D7 holds a suppression marker.
std::string with_gap_in_d(const std::string& g5, const std::string& g7) {
  return row(4, n("D4", 10) + n("E4", 12)) + row(5, n("E5", 278) + g5) + row(6, n("D6", 11) + n("E6", 13)) +
         row(7, s("D7", "n/a") + n("E7", 3) + g7);
}

TEST(formula_checks, arithmetic_on_a_blank_among_figures_or_on_text) {
  const auto found = check(make(with_gap_in_d(f("G5", "E5-D5", 278), fe("G7", "E7*D7", "#VALUE!"))));
  EXPECT_EQ(where(found, "RC505"), (list{"G5", "G7"}));
  const finding& blank = found[0];
  EXPECT_EQ(blank.rule, "RC505");
  EXPECT_EQ(blank.name, "reference-to-blank-or-text");
  EXPECT_EQ(blank.level, severity::query);
  EXPECT_EQ(blank.message, "G5's formula =E5-D5 subtracts D5, which is blank (read as 0) while D4 and D6 hold figures");
  for (const auto& x : found) {
    if (x.rule == "RC505" && x.cell == xlsx::parse_cell_ref("G7")) {
      EXPECT_EQ(x.message, "G7's formula =E7*D7 multiplies by D7, which holds the text \"n/a\" (the result is #VALUE!)");
    }
  }
}

TEST(formula_checks, sums_tests_empty_rows_and_blanks_among_blanks_are_not_arithmetic_on_blanks) {
  const auto found = check(make(row(7, n("E7", 1) + f("G7", "SUM(D7:E7)", 1)) +                 // SUM skips blanks
                                    row(8, n("E8", 1) + f("G8", "IF(D8=\"\",0,E8-D8)", 0)) +    // D8 is tested
                                    row(9, f("G9", "E9-D9", 0)) +                               // nothing entered yet
                                    row(10, n("E10", 1) + f("G10", "E10-D10", 1)) +             // D is empty throughout
                                    row(11, n("E11", 1) + f("G11", "IFERROR(E11/D11,0)", 0))));  // errors caught
  EXPECT_EQ(where(found, "RC505"), list{});
}

TEST(formula_checks, an_empty_cell_reference_mark_keeps_the_blank_from_being_reported) {
  const std::string rows = with_gap_in_d(f("G5", "E5-D5", 278), "");
  EXPECT_EQ(where(check(make(rows)), "RC505"), list{"G5"});
  EXPECT_EQ(where(check(make(rows, ignored("G1:G9", "emptyCellReference"))), "RC505"), list{});
}

TEST(formula_checks, an_inconsistent_formula_mark_keeps_the_odd_one_from_being_reported) {
  EXPECT_EQ(where(check(make(table_6_2())), "RC502"), list{"F5"});
  EXPECT_EQ(where(check(make(table_6_2(), ignored("F4:F6", "formula"))), "RC502"), list{});
  EXPECT_EQ(where(check(make(table_6_2(), ignored("F5", "evalError"))), "RC502"), list{"F5"});  // another check's mark
}

TEST(formula_checks, an_eval_error_mark_keeps_the_error_value_from_being_reported) {
  const std::string rows = row(5, n("B5", 0) + fe("D5", "1/B5", "#DIV/0!"));
  EXPECT_EQ(where(check(make(rows)), "RC504"), list{"D5"});
  EXPECT_EQ(where(check(make(rows, ignored("D5", "evalError"))), "RC504"), list{});
}

TEST(formula_checks, totals_notes_and_reordered_terms_are_not_inconsistent) {
  const auto found = check(make(
      // J5 totals what H5 and I5 add up; L5 ends the run with a formula of another make.
      row(1, n("B1", 1) + n("C1", 2) + n("D1", 3)) + row(2, n("B2", 4) + n("C2", 5) + n("D2", 6)) +
      row(5, f("H5", "SUM(B1:B2)", 5) + f("I5", "SUM(C1:C2)", 7) + f("J5", "SUM(B1:C2)", 12)) +
      // Down N: N8 adds the same two cells in the other order; N10 appends a note to the figure.
      row(7, n("L7", 1) + n("M7", 2) + f("N7", "L7-M7", -1)) + row(8, n("L8", 1) + n("M8", 2) + f("N8", "-M8+L8", -1)) +
      row(9, n("L9", 1) + n("M9", 2) + f("N9", "L9-M9", -1)) +
      row(10, n("L10", 1) + n("M10", 2) + "<c r=\"N10\" t=\"str\"><f>(L10-M10)&amp;\" (est.)\"</f><v>-1 (est.)</v></c>") +
      row(11, n("L11", 1) + n("M11", 2) + f("N11", "L11-M11", -1)) + row(12, n("L12", 1) + n("M12", 2) + f("N12", "L12-M12", -1)) +
      row(13, n("L13", 1) + n("M13", 2) + f("N13", "L13-M13", -1)) + row(14, n("L14", 1) + n("M14", 2) + f("N14", "L14-M14", -1))));
  EXPECT_EQ(where(found, "RC502"), list{});
}

}  // namespace
}  // namespace returncheck::rules
