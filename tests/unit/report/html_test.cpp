// Tests for report.html: the verdict's words, grouping by sheet, numbers as people read them,
// charts of flagged series, and workbook text that cannot become markup.
#include "returncheck/report/html.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <string>

#include "test_report.hpp"

namespace returncheck::report {
namespace {

using namespace std::chrono;
using rules::finding;

const system_clock::time_point when = sys_days{year{2024} / 6 / 4} + hours{14} + minutes{5};

std::string html_of(const report& r) {
  setenv("TZ", "UTC", 1);
  tzset();
  return to_html(r, when);
}

std::size_t count_of(const std::string& text, std::string_view what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The example of DESIGN.md: +18% stated where 229 → 278 is +21.4%, with the row's series.
report table_62() {
  report r = test::small_report();
  r.sheet_order = {"Activity", "Notes"};
  indicator_series s{"activity", "Activity", "cla", "Number of Looked After Children", {}};
  const char* periods[][2] = {{"2015-03-31", "31/03/2015"},
                              {"2016-03-31", "31/03/2016"},
                              {"2016-09-30", "30/09/2016"},
                              {"2017-09-30", "30/09/2017"}};
  const double values[] = {229, 258, 280, 278};
  for (std::uint32_t i = 0; i < 4; ++i)
    s.points.push_back({periods[i][0], periods[i][1], {5, i + 2}, values[i], std::to_string(int(values[i]))});
  r.series = {s};
  return r;
}

TEST(report_html, the_verdict_comes_first_and_counts_errors) {
  const std::string html = html_of(table_62());
  const auto verdict = html.find("<h1 id=\"verdict\">1 error must be fixed before submission</h1>");
  ASSERT_NE(verdict, std::string::npos) << html;
  EXPECT_NE(html.find("<header class=\"verdict error\""), std::string::npos);
  EXPECT_LT(verdict, html.find("<main>"));
  EXPECT_NE(html.find("<title>1 error must be fixed before submission \u2014 q2.xlsx</title>"), std::string::npos);
}

TEST(report_html, verdict_words_for_each_outcome) {
  report r;
  r.input = "q2.xlsx";
  EXPECT_NE(html_of(r).find(">No problems found</h1>"), std::string::npos);
  EXPECT_NE(html_of(r).find("<header class=\"verdict ok\""), std::string::npos);

  r.findings = {test::finding_at("RC304", "Activity", 3, 2)};
  EXPECT_NE(html_of(r).find(">1 query to fix or explain</h1>"), std::string::npos);
  EXPECT_NE(html_of(r).find("<header class=\"verdict query\""), std::string::npos);

  r.findings.push_back(test::finding_at("RC304", "Activity", 4, 2));
  r.findings.push_back(test::finding_at("RC307", "Activity", 5, 2));
  const std::string two_queries = html_of(r);
  EXPECT_NE(two_queries.find(">2 queries to fix or explain</h1><p class=\"also\">Also 1 finding for information.</p>"),
            std::string::npos)
      << two_queries;

  r.findings.push_back(test::finding_at("RC301", "Activity", 6, 2));
  r.findings.push_back(test::finding_at("RC301", "Activity", 7, 2));
  EXPECT_NE(html_of(r).find(">2 errors must be fixed before submission</h1><p class=\"also\">Also 2 queries to fix or "
                            "explain and 1 finding for information.</p>"),
            std::string::npos);

  r.findings = {test::finding_at("RC307", "Activity", 5, 2)};
  EXPECT_NE(html_of(r).find(">No problems found</h1>"), std::string::npos);
}

TEST(report_html, run_details_in_the_banner) {
  const std::string html = html_of(table_62());
  EXPECT_NE(
      html.find("<dt>Return</dt><dd class=\"mono\">q2.xlsx</dd><dt>Schema</dt><dd class=\"mono\">cp-quarterly.yaml</dd>"
                "<dt>Checked</dt><dd><time datetime=\"2024-06-04T14:05:00+00:00\">4 June 2024, 14:05 UTC</time>, "
                "15 cells</dd><dt>Tool</dt><dd>returncheck "),
      std::string::npos)
      << html;
  report without_schema;
  without_schema.input = "q2.xlsx";
  EXPECT_NE(html_of(without_schema).find("<dt>Schema</dt><dd>none: tables were detected</dd>"), std::string::npos);
}

TEST(report_html, counts_by_severity_and_by_rule) {
  report r = table_62();
  r.findings.push_back(test::finding_at("RC304", "Notes", 2, 2));
  r.findings.push_back(test::finding_at("RC304", "Notes", 3, 2));
  const std::string html = html_of(r);
  EXPECT_NE(html.find("<li class=\"error\"><span class=\"n\">1</span>error</li><li class=\"query\"><span class=\"n\">2"
                      "</span>queries</li><li class=\"info\"><span class=\"n\">0</span>for information</li>"),
            std::string::npos);
  EXPECT_NE(html.find("<tr><th scope=\"row\"><span class=\"badge query\">Query</span></th><td class=\"n\">2</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<tr><th scope=\"row\"><code>RC304</code> number-stored-as-text</th><td><span class=\"badge "
                      "query\">Query</span></td><td class=\"n\">2</td><td>A number is stored as text</td></tr>"),
            std::string::npos)
      << html;
  EXPECT_LT(html.find("<code>RC201</code> pct-change-mismatch</th>"), html.find("<code>RC304</code> number-stored"));
}

TEST(report_html, findings_grouped_by_sheet_in_workbook_order) {
  report r = table_62();
  r.findings.insert(r.findings.begin(), test::finding_at("RC304", "Notes", 2, 2));
  finding whole = rules::make_finding("RC101");
  whole.message = "Sheet 'Activty' not found";
  r.findings.push_back(whole);
  const std::string html = html_of(r);
  const auto workbook = html.find("<h3 id=\"sheet-1\">Whole workbook<span class=\"count\">1 finding</span></h3>");
  const auto activity = html.find("<h3 id=\"sheet-2\">Sheet Activity<span class=\"count\">1 finding</span></h3>");
  const auto notes = html.find("<h3 id=\"sheet-3\">Sheet Notes<span class=\"count\">1 finding</span></h3>");
  ASSERT_NE(workbook, std::string::npos) << html;
  ASSERT_NE(activity, std::string::npos);
  ASSERT_NE(notes, std::string::npos);
  EXPECT_LT(workbook, activity);
  EXPECT_LT(activity, html.find(">Activity!F5</h4>"));
  EXPECT_LT(html.find(">Activity!F5</h4>"), notes);
  EXPECT_LT(notes, html.find(">Notes!B2</h4>"));
}

TEST(report_html, a_finding_in_full) {
  const std::string html = html_of(table_62());
  EXPECT_NE(html.find("<article class=\"finding error\" id=\"finding-1\" aria-labelledby=\"finding-1-title\">"
                      "<div class=\"finding-head\"><h4 id=\"finding-1-title\" class=\"mono\">Activity!F5</h4>"
                      "<span class=\"badge error\">Error</span><span class=\"rule\"><code>RC201</code> "
                      "pct-change-mismatch</span></div><p class=\"message\">Stated % change +18% but 229 \u2192 278 is "
                      "+21.4%</p><p class=\"cause\"><strong>Likely cause:</strong> matches (278-229)/278: the change "
                      "was divided by the new value, not the old</p>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<tr><th scope=\"row\">Indicator</th><td>Number of Looked After Children <span class=\"id mono\">"
                      "cla</span></td></tr><tr><th scope=\"row\">Period</th><td>31/03/2015 to 30/09/2017</td></tr>"
                      "<tr><th scope=\"row\">Stated</th><td class=\"num\">+18%</td></tr><tr><th scope=\"row\">Expected"
                      "</th><td class=\"num\">+21.4%</td></tr><tr><th scope=\"row\">Tolerance</th><td>\u00b10.5 "
                      "percentage points</td></tr>"),
            std::string::npos);
}

TEST(report_html, numbers_written_as_people_read_them) {
  report r;
  r.input = "q2.xlsx";
  finding rate = test::finding_at("RC204", "Benchmarking", 14, 3);
  rate.expected = 3322.0 / 98600 * 10000;
  rate.actual = 33.7;
  rate.tolerance = 0.05;
  finding count = test::finding_at("RC301", "Benchmarking", 11, 5);
  count.actual = 1204.5;
  finding total = test::finding_at("RC205", "Benchmarking", 12, 5);
  total.expected = 9684;
  total.actual = 9690;
  total.tolerance = 0;
  finding move = test::finding_at("RC401", "Benchmarking", 23, 4);
  move.actual = 248.0 / 618;
  finding share = test::finding_at("RC203", "Benchmarking", 10, 3);
  share.expected = 262.0 / 1281;
  share.actual = 0.08;
  share.tolerance = 0.005;
  r.findings = {rate, count, total, move, share};
  const std::string html = html_of(r);
  for (std::string_view expected :
       {"Stated</th><td class=\"num\">33.7</td>", "Expected</th><td class=\"num\">336.9</td>",
        "Tolerance</th><td>\u00b10.05</td>", "Stated</th><td class=\"num\">1,204.5</td>",
        "Stated</th><td class=\"num\">9,690</td>", "Expected</th><td class=\"num\">9,684</td>",
        "Tolerance</th><td>none: the cell shows the number in full</td>", "Stated</th><td class=\"num\">+40.1%</td>",
        "Stated</th><td class=\"num\">8%</td>", "Expected</th><td class=\"num\">20.5%</td>"})
    EXPECT_NE(html.find(expected), std::string::npos) << expected;
}

TEST(report_html, a_chart_of_the_flagged_series) {
  const std::string html = html_of(table_62());
  ASSERT_EQ(count_of(html, "<svg "), 1u);
  EXPECT_NE(
      html.find("<title id=\"chart-1-title\">Number of Looked After Children by period: 31/03/2015 229 (flagged); "
                "31/03/2016 258; 30/09/2016 280; 30/09/2017 278 (flagged).</title>"),
      std::string::npos)
      << html;
  EXPECT_EQ(count_of(html, "<circle class=\"point flagged\""), 2u);
  EXPECT_EQ(count_of(html, "<circle class=\"point\""), 2u);
  EXPECT_EQ(count_of(html, "<rect class=\"band\""), 2u);
  EXPECT_NE(html.find("text-anchor=\"middle\">30/09/2017</text>"), std::string::npos);
  EXPECT_NE(html.find("the flagged periods are 31/03/2015 and 30/09/2017, marked in colour.</figcaption>"),
            std::string::npos);
}

TEST(report_html, a_suppressed_period_breaks_the_line) {
  report r = table_62();
  r.series[0].points[1].value.reset();
  r.series[0].points[1].text = "c";
  const std::string html = html_of(r);
  EXPECT_NE(html.find("<text class=\"missing\""), std::string::npos);
  EXPECT_NE(html.find("text-anchor=\"middle\">c</text>"), std::string::npos);
  // Two pieces of line: 229 alone, then 280 to 278.
  const auto path = html.find("<path class=\"line\" d=\"");
  ASSERT_NE(path, std::string::npos);
  const std::string d = html.substr(path, html.find("\"/>", path) - path);
  EXPECT_EQ(count_of(d, "M"), 2u) << d;
  EXPECT_EQ(count_of(d, "L"), 1u) << d;
}

TEST(report_html, no_chart_without_a_series) {
  report r = table_62();
  r.series.clear();
  const std::string html = html_of(r);
  EXPECT_EQ(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"mono\">cla</span>"), std::string::npos);
}

TEST(report_html, workbook_text_is_escaped) {
  report r;
  r.input = "<b>q2</b> \"final\".xlsx";
  r.schema = "it's.yaml";
  finding f = test::finding_at("RC308", "Sheet \"<1>\" & co", 3, 2);
  f.message = "holds <script>alert('x')</script>";
  f.cause = std::string("esc \x1b[31m bell \x07 del \x7f c1 \xC2\x9B bad \xFF nonchar \xEF\xBF\xBE tab\tend");
  f.indicator = "a<b";
  f.period = "p&q";
  r.findings = {f};
  indicator_series s{"", f.sheet, "a<b", "<img src=x onerror=alert(1)>", {}};
  s.points.push_back({"p&q", "<i>Q1</i>", {3, 2}, 1.0, "1<"});
  s.points.push_back({"q", "Q2", {3, 3}, 2.0, "2"});
  r.series = {s};
  const std::string html = html_of(r);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<i>"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_NE(html.find("holds &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;b&gt;q2&lt;/b&gt; &quot;final&quot;.xlsx"), std::string::npos);
  EXPECT_NE(html.find("&#39;Sheet &quot;&lt;1&gt;&quot; &amp; co&#39;!B3"), std::string::npos);
  EXPECT_NE(html.find("esc [31m bell  del  c1  bad \xEF\xBF\xBD nonchar  tab\tend"), std::string::npos);
  for (char c : html) {
    const auto b = static_cast<unsigned char>(c);
    EXPECT_FALSE((b < 0x20 && c != '\n' && c != '\t') || b == 0x7F) << int(b);
  }
}

TEST(report_html, self_contained_and_printable) {
  const std::string html = html_of(table_62());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en-GB\">", 0), 0u);
  for (std::string_view outside : {"<script", "<link", "<img", "src=", "http:", "https:", "@import", "url("})
    EXPECT_EQ(html.find(outside), std::string::npos) << outside;
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
}

TEST(report_html, the_same_report_gives_the_same_page) {
  report one = table_62();
  one.findings.push_back(test::finding_at("RC304", "Notes", 2, 2));
  report other = table_62();
  other.findings.insert(other.findings.begin(), test::finding_at("RC304", "Notes", 2, 2));
  EXPECT_EQ(html_of(one), html_of(one));
  EXPECT_EQ(html_of(one), html_of(other));  // findings are listed in their one order, not as given
}

}  // namespace
}  // namespace returncheck::report
