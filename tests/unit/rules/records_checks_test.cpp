// Tests for records tables: finding the header row and columns, and each record check firing
// on its case and staying quiet on its near miss.
#include "returncheck/rules/records_checks.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "returncheck/rules/detail/seen_texts.hpp"
#include "unit/test_xlsx.hpp"

namespace returncheck::rules {
namespace {

struct book {
  xlsx::workbook wb;
  xlsx::cell_store cells;
};

// Style 1 is a date (built-in format 14).
book open_book(const std::string& rows, const std::string& sheet = "Contacts") {
  auto parts = test::workbook_parts({{sheet, test::worksheet(rows)}}, "", test::styles({0, 14}));
  auto wb = xlsx::workbook::open(test::write_zip(parts));
  if (!wb) throw std::runtime_error(wb.error().message);
  auto cells = xlsx::cell_store::load(*wb);
  if (!cells) throw std::runtime_error(cells.error().message);
  return {std::move(*wb), std::move(*cells)};
}

std::string text(const std::string& ref, const std::string& t) {
  return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + t + "</t></is></c>";
}
std::string num(const std::string& ref, double v, int style = 0) {
  return "<c r=\"" + ref + "\" s=\"" + std::to_string(style) + "\"><v>" + std::to_string(v) + "</v></c>";
}
std::string boolean(const std::string& ref, bool v) {
  return "<c r=\"" + ref + "\" t=\"b\"><v>" + (v ? "1" : "0") + "</v></c>";
}
std::string row(int r, const std::string& cells) { return "<row r=\"" + std::to_string(r) + "\">" + cells + "</row>"; }

schema::schema load(const std::string& columns, const std::string& sheet = "Contacts") {
  std::string yaml = "returncheck: 1\nname: test\ntables:\n  - id: contacts\n";
  if (!sheet.empty()) yaml += "    sheet: " + sheet + "\n";
  yaml += "    layout: records\n    columns:\n" + columns;
  auto s = schema::load_text(yaml, "test.yaml");
  if (!s) {
    std::string all;
    for (const auto& p : s.error()) all += p.message + "\n";
    throw std::runtime_error(all);
  }
  return std::move(*s);
}

struct outcome {
  bind::records_result bound;
  std::vector<finding> findings;  // binding's, then the checks'
  std::uint64_t cells_checked = 0;
};

outcome run(const schema::schema& s, const book& b) {
  outcome out;
  out.bound = bind::locate_records(s, b.wb, b.cells);
  out.findings = out.bound.findings;
  for (const auto& t : out.bound.tables) {
    auto found = check_records(t, b.wb, b.cells, out.cells_checked);
    out.findings.insert(out.findings.end(), found.begin(), found.end());
  }
  return out;
}

std::vector<const finding*> of_rule(const outcome& o, std::string_view rule) {
  std::vector<const finding*> out;
  for (const auto& f : o.findings)
    if (f.rule == rule) out.push_back(&f);
  return out;
}

std::string header_row(int r, const std::string& a, const std::string& b = "") {
  std::string cells = text("A" + std::to_string(r), a);
  if (!b.empty()) cells += text("B" + std::to_string(r), b);
  return row(r, cells);
}

// ---------------------------------------------------------------------------------------------
// Binding

TEST(locate_records, finds_the_header_row_below_title_rows_with_moved_extra_and_aliased_columns) {
  const auto s = load(
      "      - {id: ref, header: Reference, aliases: [Ref]}\n"
      "      - {id: age, header: Age, type: integer}\n"
      "      - {id: received, header: Date received, type: date}\n");
  const book b =
      open_book(row(1, text("A1", "Contacts return")) + row(2, text("A2", "Quarter 2, 2023-24")) +
                row(4, text("A4", "Notes") + text("B4", "Age") + text("C4", "Ref*") + text("D4", "Date\nreceived")) +
                row(5, num("B5", 4) + text("C5", "AB0001") + num("D5", 45000, 1)) +
                row(6, text("A6", "moved") + num("B6", 9) + text("C6", "AB0002") + num("D6", 45001, 1)) +
                row(8, num("B8", 12) + text("C8", "AB0003") + num("D8", 45002, 1)) +
                row(10, text("A10", "Source: case management system")) + row(13, num("B13", 99)));
  const auto o = run(s, b);
  EXPECT_TRUE(o.findings.empty()) << o.findings.front().message;
  ASSERT_EQ(o.bound.tables.size(), 1u);
  const auto& t = o.bound.tables.front();
  EXPECT_EQ(t.header_row, 4u);
  ASSERT_EQ(t.columns.size(), 3u);
  EXPECT_EQ(t.columns[0].id, "ref");
  EXPECT_EQ(t.columns[0].col_idx, 3u);
  EXPECT_EQ(t.columns[0].header, "Ref*");
  EXPECT_EQ(t.columns[1].col_idx, 2u);
  EXPECT_EQ(t.columns[2].col_idx, 4u);
  EXPECT_EQ(t.columns[2].header, "Date received");
  EXPECT_EQ(t.first_row, 5u);
  EXPECT_EQ(t.last_row, 8u);  // one blank row inside; two blank rows (11, 12) end the records
  EXPECT_EQ(o.cells_checked, 9u);
}

TEST(locate_records, a_missing_column_names_the_nearest_headers) {
  const auto s = load(
      "      - {id: ref, header: Reference}\n"
      "      - {id: received, header: Date received, type: date}\n");
  const book b = open_book(row(3, text("A3", "Reference") + text("B3", "Date recieved") + text("C3", "Outcome")) +
                           row(4, text("A4", "AB0001") + num("B4", 45000, 1)));
  const auto o = run(s, b);
  const auto missing = of_rule(o, "RC107");
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0]->message,
            "Column 'Date received' not found in the header row (row 3) of table 'contacts' on Contacts; "
            "nearest: 'Date recieved', 'Outcome'");
  EXPECT_EQ(missing[0]->indicator, "received");
  ASSERT_TRUE(missing[0]->cell);
  EXPECT_EQ(xlsx::format_cell_ref(*missing[0]->cell), "B3");
  ASSERT_EQ(o.bound.tables.size(), 1u);
  EXPECT_EQ(o.bound.tables.front().columns.size(), 1u);
}

TEST(locate_records, a_missing_sheet_or_table_is_reported) {
  const book b = open_book(row(1, text("A1", "Something else")));
  const auto wrong_sheet = run(load("      - {id: ref, header: Reference}\n", "Contcts"), b);
  ASSERT_EQ(of_rule(wrong_sheet, "RC101").size(), 1u);
  EXPECT_EQ(of_rule(wrong_sheet, "RC101")[0]->message,
            "No sheet named 'Contcts' for table 'contacts'; nearest: 'Contacts'");
  const auto nothing = run(load("      - {id: ref, header: Reference}\n", ""), b);
  ASSERT_EQ(of_rule(nothing, "RC106").size(), 1u);
  EXPECT_TRUE(nothing.bound.tables.empty());
}

// ---------------------------------------------------------------------------------------------
// The checks: each fires on its case, and is quiet on the near miss.

TEST(check_records, required_blank_fires_and_a_wholly_blank_row_is_no_record) {
  const auto s = load(
      "      - {id: ref, header: Reference, required: true}\n"
      "      - {id: outcome, header: Outcome}\n");
  const book b = open_book(header_row(1, "Reference", "Outcome") + row(2, text("A2", "AB0001") + text("B2", "NFA")) +
                           row(3, text("A3", " ") + text("B3", "NFA")) + row(5, text("A5", "AB0003")));
  const auto o = run(s, b);
  const auto f = of_rule(o, "RC309");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0]->message, "Row 3: 'Reference' is blank, but the schema requires a value");
  EXPECT_EQ(xlsx::format_cell_ref(*f[0]->cell), "A3");
  EXPECT_EQ(f[0]->indicator, "ref");
  EXPECT_EQ(f[0]->table, "contacts");
  EXPECT_EQ(f[0]->sheet, "Contacts");
  EXPECT_EQ(f[0]->period, "row 3");
}

TEST(check_records, wrong_types_fire_and_their_near_misses_do_not) {
  const auto s = load(
      "      - {id: age, header: Age, type: integer}\n"
      "      - {id: dob, header: Date of birth, type: date}\n"
      "      - {id: repeat, header: Repeat, type: boolean}\n"
      "      - {id: score, header: Score, type: number}\n");
  const std::string header =
      row(1, text("A1", "Age") + text("B1", "Date of birth") + text("C1", "Repeat") + text("D1", "Score"));
  // Quiet: whole numbers (also typed as text), a date cell and a date typed as text, TRUE and
  // "yes", numbers.
  const book quiet =
      open_book(header + row(2, num("A2", 3) + num("B2", 42000, 1) + boolean("C2", true) + num("D2", 2.5)) +
                row(3, text("A3", "4") + text("B3", "28/02/2015") + text("C3", "Yes") + text("D3", "1,234.5")) +
                row(4, num("A4", 5) + text("B4", "2015-03-31") + text("C4", "no") + num("D4", -1)));
  EXPECT_TRUE(of_rule(run(s, quiet), "RC310").empty());

  const book fires =
      open_book(header + row(2, num("A2", 3.5) + text("B2", "31/02/2015") + text("C2", "maybe") + text("D2", "n/a")) +
                row(3, num("A3", 3) + num("B3", 42000) + boolean("C3", false) + num("D3", 1)));
  const auto o = run(s, fires);
  const auto f = of_rule(o, "RC310");
  ASSERT_EQ(f.size(), 5u);
  EXPECT_EQ(f[0]->message, "Row 2: 'Age' is 3.5, which is no whole number");
  EXPECT_EQ(f[1]->message, "Row 2: 'Date of birth' is '31/02/2015', which is no date");
  EXPECT_EQ(f[2]->message, "Row 2: 'Repeat' is 'maybe', which is not TRUE, FALSE, yes or no");
  EXPECT_EQ(f[3]->message, "Row 2: 'Score' is 'n/a', which is no number");
  EXPECT_EQ(f[4]->message, "Row 3: 'Date of birth' is 42,000, which is no date");
}

TEST(check_records, out_of_bounds_fires_past_the_bounds_not_on_them) {
  const auto s = load("      - {id: age, header: Age, type: integer, minimum: 0, maximum: 17}\n");
  const book b = open_book(header_row(1, "Age") + row(2, num("A2", 17)) + row(3, num("A3", 0)) + row(4, num("A4", 18)) +
                           row(5, num("A5", -1)));
  const auto o = run(s, b);
  const auto f = of_rule(o, "RC311");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0]->message, "Row 4: 'Age' is 18, above the maximum 17");
  EXPECT_EQ(f[0]->actual, 18);
  EXPECT_EQ(f[1]->message, "Row 5: 'Age' is -1, below the minimum 0");
}

TEST(check_records, a_value_outside_enum_fires_and_another_case_or_spacing_does_not) {
  const auto s = load("      - {id: outcome, header: Outcome, enum: [NFA, Referral, Early help]}\n");
  const book b = open_book(header_row(1, "Outcome") + row(2, text("A2", "referral")) +
                           row(3, text("A3", "Early  help ")) + row(4, text("A4", "Refer")));
  const auto o = run(s, b);
  const auto f = of_rule(o, "RC312");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0]->message,
            "Row 4: 'Outcome' is 'Refer', which is not one of the values allowed: 'NFA', 'Referral', 'Early help'");
}

TEST(check_records, a_pattern_mismatch_fires_and_overlong_text_is_said_not_to_match) {
  const auto s = load("      - {id: ref, header: Reference, pattern: \"[A-Z]{2}[0-9]{4}\"}\n");
  const book b = open_book(header_row(1, "Reference") + row(2, text("A2", "AB1234")) + row(3, text("A3", "AB12345")) +
                           row(4, text("A4", std::string(1500, 'A'))));
  const auto o = run(s, b);
  const auto f = of_rule(o, "RC313");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0]->message, "Row 3: 'Reference' is 'AB12345', which does not match the pattern [A-Z]{2}[0-9]{4}");
  EXPECT_EQ(f[1]->message,
            "Row 4: 'Reference' holds 1,500 characters, more than the 1,000 a pattern is matched against, so it "
            "does not match the pattern [A-Z]{2}[0-9]{4}");
}

TEST(check_records, a_duplicate_fires_on_later_occurrences_naming_the_first_row) {
  const auto s = load(
      "      - {id: ref, header: Reference, unique: true}\n"
      "      - {id: age, header: Age, type: integer, maximum: 17}\n");
  const book b = open_book(header_row(1, "Reference", "Age") + row(2, text("A2", "AB0001") + num("B2", 3)) +
                           row(3, text("A3", "AB0002") + num("B3", 3)) + row(4, text("A4", "AB0001") + num("B4", 30)) +
                           row(5, text("A5", "AB0001") + num("B5", 4)));
  const auto o = run(s, b);
  const auto f = of_rule(o, "RC314");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0]->message, "Row 4: 'Reference' is 'AB0001', as on row 2; the column's values must be unique");
  EXPECT_EQ(f[1]->message, "Row 5: 'Reference' is 'AB0001', as on row 2; the column's values must be unique");
  // Records are keyed by their first unique column's value.
  EXPECT_EQ(f[0]->period, "ref=AB0001#2");
  const auto bounds = of_rule(o, "RC311");
  ASSERT_EQ(bounds.size(), 1u);
  EXPECT_EQ(bounds[0]->period, "ref=AB0001#2");
}

TEST(check_records, fingerprints_survive_inserted_rows_when_a_column_is_unique) {
  const auto s = load(
      "      - {id: ref, header: Reference, unique: true}\n"
      "      - {id: age, header: Age, type: integer, maximum: 17}\n");
  const book before = open_book(header_row(1, "Reference", "Age") + row(2, text("A2", "AB0001") + num("B2", 30)));
  const book after = open_book(header_row(1, "Reference", "Age") + row(2, text("A2", "AB0000") + num("B2", 3)) +
                               row(3, text("A3", "AB0001") + num("B3", 30)));
  const auto ob = run(s, before);
  const auto oa = run(s, after);
  auto a = of_rule(ob, "RC311");
  auto b = of_rule(oa, "RC311");
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  finding fa = *a[0], fb = *b[0];
  set_fingerprint(fa);
  set_fingerprint(fb);
  EXPECT_EQ(fa.fingerprint, fb.fingerprint);
  EXPECT_NE(fa.cell->row_idx, fb.cell->row_idx);
}

TEST(records_checker, checks_rows_as_they_stream_and_stops_after_two_blank_rows) {
  const auto s = load("      - {id: ref, header: Reference, unique: true, required: true}\n");
  const book b = open_book(header_row(1, "Reference", "Age"));
  const auto bound = bind::locate_records(s, b.wb, b.cells);
  ASSERT_EQ(bound.tables.size(), 1u);
  records_checker checker(bound.tables[0], b.wb);
  const std::vector<record_cell> a{{1, xlsx::value_type::string, 0, "AB0001", 0}};
  const std::vector<record_cell> blank;
  checker.add_row(2, a);
  checker.add_row(3, a);  // a repeat
  EXPECT_FALSE(checker.ended());
  checker.add_row(6, a);  // rows 4 and 5 are blank: the records ended at row 3
  EXPECT_TRUE(checker.ended());
  EXPECT_EQ(checker.cells_checked(), 2u);
  const auto found = checker.finish();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rule, "RC314");
  EXPECT_EQ(found[0].message, "Row 3: 'Reference' is 'AB0001', as on row 2; the column's values must be unique");
}

TEST(records_checker, says_when_unique_values_outgrow_their_memory) {
  const auto s = load("      - {id: ref, header: Reference, unique: true}\n");
  const book b = open_book(header_row(1, "Reference", "Age"));
  const auto bound = bind::locate_records(s, b.wb, b.cells);
  records_checker checker(bound.tables[0], b.wb, 1);
  const std::vector<record_cell> a{{1, xlsx::value_type::string, 0, "AB0001", 0}};
  checker.add_row(2, a);
  checker.add_row(3, a);
  const auto found = checker.finish();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rule, "RC108");
  EXPECT_EQ(found[0].level, schema::severity::info);
}

TEST(seen_texts, counts_each_value_exactly_within_its_memory) {
  detail::seen_texts seen(1u << 20);
  for (std::uint32_t i = 0; i < 20000; ++i) ASSERT_NE(seen.add("AB" + std::to_string(i), i + 2), nullptr);
  const auto* again = seen.add("AB123", 99999);
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->count, 2u);
  EXPECT_EQ(again->first_row, 125u);
  detail::seen_texts tiny(64);
  EXPECT_EQ(tiny.add("a value that does not fit", 2), nullptr);
}

}  // namespace
}  // namespace returncheck::rules
