// Tests for the report formats: report.json's exact text, CSV quoting and formula injection,
// console output with and without colour.
#include "returncheck/report/report.hpp"

#include <gtest/gtest.h>

#include <string>

#include "returncheck/version.hpp"
#include "test_report.hpp"

namespace returncheck::report {
namespace {

using rules::finding;
using test::pct_change_finding;
using test::small_report;

const std::string tool = "returncheck " + std::string(version());

// A query on a second sheet, without a cause.
finding text_number_finding() {
  finding f = rules::make_finding("RC304");
  f.sheet = "Notes";
  f.cell = xlsx::cell_pos{12, 2};
  f.message = "B12 holds the text \"42\", not the number 42";
  f.fingerprint = "fedcba9876543210";
  return f;
}

TEST(report_json, small_report_exactly) {
  EXPECT_EQ(to_json(small_report()),
            R"({"format":1,"tool":")" + tool +
                R"(","input":"q2.xlsx","schema":"cp-quarterly.yaml",)"
                R"("summary":{"errors":1,"queries":0,"explained":0,"infos":0,"cells_checked":15},)"
                R"("findings":[{"rule":"RC201","name":"pct-change-mismatch","severity":"error",)"
                R"("sheet":"Activity","cell":"F5","indicator":"cla","period":"2015-03-31..2017-09-30",)"
                R"("expected":0.21397379912663755,"actual":0.18,"tolerance":0.005,)"
                "\"message\":\"Stated % change +18% but 229 \u2192 278 is +21.4%\","
                R"("cause":"matches (278-229)/278: the change was divided by the new value, not the old",)"
                R"("fingerprint":"0123456789abcdef","fix":null,"status":null,"explanation":null}],"cleaned":null})"
                "\n");
}

TEST(report_json, empty_report_without_schema) {
  report r;
  r.input = "empty.xlsx";
  EXPECT_EQ(to_json(r), R"({"format":1,"tool":")" + tool +
                            R"(","input":"empty.xlsx","schema":null,)"
                            R"("summary":{"errors":0,"queries":0,"explained":0,"infos":0,"cells_checked":0},"findings":[],"cleaned":null})"
                            "\n");
}

TEST(report_json, absent_values_are_null_and_fixed_fields_are_filled_in) {
  report r;
  r.input = "q2.xlsx";
  finding f;
  f.rule = "RC101";  // no name, message or fingerprint: taken from the catalogue and computed
  f.level = rules::severity::error;
  r.findings = {f};
  finding with_fingerprint = f;
  rules::set_fingerprint(with_fingerprint);
  ASSERT_EQ(with_fingerprint.fingerprint.size(), 16u);
  const std::string json = to_json(r);
  EXPECT_NE(json.find(R"({"rule":"RC101","name":"missing-sheet","severity":"error","sheet":null,"cell":null,)"
                      R"("indicator":null,"period":null,"expected":null,"actual":null,"tolerance":null,)"
                      R"("message":"A sheet the schema names is not in the workbook","cause":null,)"
                      R"("fingerprint":")" +
                      with_fingerprint.fingerprint + R"(","fix":null,"status":null,"explanation":null})"),
            std::string::npos)
      << json;
}

TEST(report_json, odd_text_is_escaped) {
  report r;
  r.input = "C:\\returns\\q2 \"final\".xlsx";
  finding f = rules::make_finding("RC308");
  f.sheet = "Table 6.2 \"draft\"";
  f.cell = xlsx::cell_pos{1, 1};
  f.message = std::string("line\none\ttab \x01 bad \xFF end \\ / \u00e9");
  f.fingerprint = "x";
  r.findings = {f};
  const std::string json = to_json(r);
  EXPECT_NE(json.find(R"("input":"C:\\returns\\q2 \"final\".xlsx")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("sheet":"Table 6.2 \"draft\"")"), std::string::npos) << json;
  EXPECT_NE(json.find("\"message\":\"line\\none\\ttab \\u0001 bad \xEF\xBF\xBD end \\\\ / \u00e9\""), std::string::npos)
      << json;
}

TEST(report_json, numbers_read_back_exactly) {
  report r;
  finding f = rules::make_finding("RC205");
  f.expected = 0.1 + 0.2;
  f.actual = -36.0 / 184;
  f.tolerance = 1e-7;
  f.fingerprint = "x";
  r.findings = {f};
  const std::string json = to_json(r);
  EXPECT_NE(json.find(R"("expected":0.30000000000000004,"actual":-0.1956521739130435,"tolerance":1e-07,)"),
            std::string::npos)
      << json;
}

TEST(report_json, findings_in_sheet_order_then_row_and_column) {
  report r;
  r.sheet_order = {"Activity", "Notes"};
  finding notes = text_number_finding();
  finding late = pct_change_finding();
  late.cell = xlsx::cell_pos{9, 2};
  late.fingerprint = "late";
  finding extra = text_number_finding();  // a sheet sheet_order does not name comes last
  extra.sheet = "Extra";
  extra.fingerprint = "extra";
  finding workbook = rules::make_finding("RC101");  // about the whole workbook: first
  workbook.fingerprint = "workbook";
  r.findings = {extra, notes, late, pct_change_finding(), workbook};
  const std::string json = to_json(r);
  const auto at = [&](const std::string& fingerprint) { return json.find("\"fingerprint\":\"" + fingerprint + "\""); };
  EXPECT_LT(at("workbook"), at("0123456789abcdef"));
  EXPECT_LT(at("0123456789abcdef"), at("late"));
  EXPECT_LT(at("late"), at("fedcba9876543210"));
  EXPECT_LT(at("fedcba9876543210"), at("extra"));
  EXPECT_NE(at("extra"), std::string::npos);
}

TEST(report_summary, counts_each_severity) {
  report r = small_report();
  r.findings.push_back(text_number_finding());
  r.findings.push_back(text_number_finding());
  r.findings.push_back(rules::make_finding("RC307"));
  const summary s = summarise(r);
  EXPECT_EQ(s.errors, 1u);
  EXPECT_EQ(s.queries, 2u);
  EXPECT_EQ(s.infos, 1u);
}

const std::string bom = "\xEF\xBB\xBF";
const std::string csv_header =
    "severity,rule,name,sheet,cell,indicator,period,expected,actual,tolerance,message,cause,fingerprint,"
    "fix_before,fix_after,status,explanation\r\n";

TEST(report_json, a_fix_and_the_cleaned_workbook) {
  report r = small_report();
  r.findings[0].fix_before = "=(E5-B5)/E5";
  r.findings[0].fix_after = "=(E5-B5)/B5";
  cleaned_output c;
  c.cleaned_file = "q2.cleaned.xlsx";
  c.annotated_file = "q2.annotated.xlsx";
  clean::change ch;
  ch.sheet = "Activity";
  ch.cell = xlsx::cell_pos{5, 6};
  ch.what = clean::action::fix;
  ch.before = "=(E5-B5)/E5";
  ch.after = "=(E5-B5)/B5";
  ch.fingerprint = "0123456789abcdef";
  c.changes = {ch};
  c.not_carried = {{"chartsheet", "Chart1", 1, "a sheet holding only a chart; charts are not copied"}};
  r.cleaned = c;
  const std::string json = to_json(r);
  EXPECT_NE(json.find(R"("fingerprint":"0123456789abcdef","fix":{"before":"=(E5-B5)/E5","after":"=(E5-B5)/B5"},"status":null,"explanation":null})"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("cleaned":{"file":"q2.cleaned.xlsx","annotated":"q2.annotated.xlsx","changes":[)"
                      R"({"sheet":"Activity","cell":"F5","action":"fix","before":"=(E5-B5)/E5","after":"=(E5-B5)/B5",)"
                      R"("fingerprint":"0123456789abcdef"}],"not_carried":[{"what":"chartsheet","sheet":"Chart1",)"
                      R"("count":1,"detail":"a sheet holding only a chart; charts are not copied"}]}})"),
            std::string::npos)
      << json;
  EXPECT_NE(to_csv(r).find(",0123456789abcdef,'=(E5-B5)/E5,'=(E5-B5)/B5,,\r\n"), std::string::npos) << to_csv(r);
  EXPECT_NE(to_console(r, false).find("cleaned workbook q2.cleaned.xlsx (1 cell changed; 1 kind of content not carried "
                                      "over, listed in report.json), annotated copy q2.annotated.xlsx\n"),
            std::string::npos)
      << to_console(r, false);
}

TEST(report_csv, small_report_exactly) {
  report r = small_report();
  r.findings.push_back(text_number_finding());
  EXPECT_EQ(to_csv(r), bom + csv_header +
                           "error,RC201,pct-change-mismatch,Activity,F5,cla,2015-03-31..2017-09-30,"
                           "0.21397379912663755,0.18,0.005,Stated % change +18% but 229 \u2192 278 is +21.4%,"
                           "\"matches (278-229)/278: the change was divided by the new value, not the old\","
                           "0123456789abcdef,,,,\r\n"
                           "query,RC304,number-stored-as-text,Notes,B12,,,,,,"
                           "\"B12 holds the text \"\"42\"\", not the number 42\",,fedcba9876543210,,,,\r\n");
}

TEST(report_csv, empty_report_is_the_header_alone) { EXPECT_EQ(to_csv(report{}), bom + csv_header); }

TEST(report_csv, fields_with_commas_quotes_and_line_breaks_are_quoted) {
  report r;
  finding f = rules::make_finding("RC308");
  f.sheet = "Q2, 2017-18";
  f.cell = xlsx::cell_pos{3, 3};
  f.indicator = "cla";
  f.message = "two\nlines";
  f.cause = "a \"quoted\" word\r\nand CRLF";
  f.fingerprint = "x";
  r.findings = {f};
  EXPECT_EQ(to_csv(r), bom + csv_header +
                           "error,RC308,text-in-numeric-cell,\"Q2, 2017-18\",C3,cla,,,,,\"two\nlines\","
                           "\"a \"\"quoted\"\" word\r\nand CRLF\",x,,,,\r\n");
}

TEST(report_csv, text_that_a_spreadsheet_would_run_is_prefixed) {
  report r;
  finding f = rules::make_finding("RC308");
  f.sheet = "=HYPERLINK(\"http://example.com\",\"x\")";
  f.indicator = "+cmd";
  f.period = "-2+3";
  f.message = "@SUM(A1:A2)";
  f.cause = "\t=1+1";
  f.fingerprint = "=x";
  f.expected = -0.2;  // a number the report writes is not text: no prefix
  r.findings = {f};
  EXPECT_EQ(to_csv(r), bom + csv_header +
                           "error,RC308,text-in-numeric-cell,\"'=HYPERLINK(\"\"http://example.com\"\",\"\"x\"\")\","
                           ",'+cmd,'-2+3,-0.2,,,'@SUM(A1:A2),'\t=1+1,'=x,,,,\r\n");
}

TEST(report_console, findings_grouped_by_sheet) {
  report r = small_report();
  r.sheet_order = {"Activity", "Notes"};
  r.findings.push_back(text_number_finding());
  finding total = rules::make_finding("RC205");
  total.sheet = "Activity";
  total.cell = xlsx::cell_pos{12, 11};
  total.message = "Parts add up to 97, not 100";
  total.fingerprint = "x";
  r.findings.push_back(total);
  finding workbook = rules::make_finding("RC101");
  workbook.message = "No sheet named 'Referrals'";
  workbook.fingerprint = "y";
  r.findings.push_back(workbook);
  EXPECT_EQ(to_console(r, false),
            "q2.xlsx, checked against cp-quarterly.yaml\n"
            "\n"
            "(whole workbook)\n"
            "  -  error  RC101 missing-sheet  No sheet named 'Referrals'\n"
            "\n"
            "Activity\n"
            "  F5   error  RC201 pct-change-mismatch  Stated % change +18% but 229 \u2192 278 is +21.4%\n"
            "        cause: matches (278-229)/278: the change was divided by the new value, not the old\n"
            "  K12  error  RC205 sum-mismatch         Parts add up to 97, not 100\n"
            "\n"
            "Notes\n"
            "  B12  query  RC304 number-stored-as-text  B12 holds the text \"42\", not the number 42\n"
            "\n"
            "3 errors, 1 query, 0 infos in 15 cells checked\n");
}

TEST(report_console, colour_marks_severities_and_sheets) {
  report r = small_report();
  r.findings.push_back(text_number_finding());
  r.findings.push_back(rules::make_finding("RC307"));
  r.findings.back().sheet = "Notes";
  r.findings.back().cell = xlsx::cell_pos{13, 2};
  r.findings.back().message = "B13 is suppressed";
  r.cells_checked = 1;
  EXPECT_EQ(
      to_console(r, true),
      "q2.xlsx, checked against cp-quarterly.yaml\n"
      "\n"
      "\x1b[1mActivity\x1b[0m\n"
      "  F5  \x1b[1;31merror\x1b[0m  RC201 pct-change-mismatch  Stated % change +18% but 229 \u2192 278 is +21.4%\n"
      "        cause: matches (278-229)/278: the change was divided by the new value, not the old\n"
      "\n"
      "\x1b[1mNotes\x1b[0m\n"
      "  B12  \x1b[1;33mquery\x1b[0m  RC304 number-stored-as-text  B12 holds the text \"42\", not the number 42\n"
      "  B13  \x1b[36minfo\x1b[0m   RC307 suppressed-value       B13 is suppressed\n"
      "\n"
      "1 error, 1 query, 1 info in 1 cell checked\n");
}

TEST(report_console, without_colour_there_is_no_escape) {
  report r = small_report();
  r.findings.push_back(text_number_finding());
  EXPECT_EQ(to_console(r, false).find('\x1b'), std::string::npos);
}

TEST(report_console, empty_report) {
  report r;
  r.input = "q2.xlsx";
  r.cells_checked = 40;
  EXPECT_EQ(to_console(r, false),
            "q2.xlsx, checked without a schema\n"
            "\n"
            "0 errors, 0 queries, 0 infos in 40 cells checked\n");
}

TEST(report_console, control_characters_in_workbook_text_become_spaces) {
  report r;
  r.input = "q2.xlsx";
  finding f = rules::make_finding("RC308");
  f.sheet = "Bad\x1b[2J";
  f.cell = xlsx::cell_pos{1, 1};
  f.message =
      "text\x1b]0;title\x07 with\nnewline and \xC2\x9B"
      "31m C1";
  f.fingerprint = "x";
  r.findings = {f};
  r.cells_checked = 1;
  EXPECT_EQ(to_console(r, false),
            "q2.xlsx, checked without a schema\n"
            "\n"
            "Bad [2J\n"
            "  A1  error  RC308 text-in-numeric-cell  text ]0;title  with newline and  31m C1\n"
            "\n"
            "1 error, 0 queries, 0 infos in 1 cell checked\n");
}

}  // namespace
}  // namespace returncheck::report
