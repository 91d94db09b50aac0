// Tests for report.junit.xml: one test case per rule that ran on each part, failures from error
// and query findings, and XML that parses whatever the workbook holds.
#include "returncheck/report/junit.hpp"

#include <expat.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "returncheck/version.hpp"
#include "test_report.hpp"

namespace returncheck::report {
namespace {

using rules::finding;

// The parsed document, flattened: each element with its attributes and text.
struct element {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::string text;
  int depth = 0;
};

struct parsed {
  bool ok = false;
  std::string error;
  std::vector<element> elements;
};

parsed parse(const std::string& xml) {
  struct state {
    parsed out;
    std::vector<std::size_t> open;
  } st;
  XML_Parser p = XML_ParserCreate("UTF-8");
  XML_SetUserData(p, &st);
  XML_SetElementHandler(
      p,
      [](void* data, const XML_Char* name, const XML_Char** attrs) {
        auto& s = *static_cast<state*>(data);
        element e{name, {}, {}, int(s.open.size())};
        for (int i = 0; attrs[i]; i += 2) e.attributes[attrs[i]] = attrs[i + 1];
        s.open.push_back(s.out.elements.size());
        s.out.elements.push_back(std::move(e));
      },
      [](void* data, const XML_Char*) { static_cast<state*>(data)->open.pop_back(); });
  XML_SetCharacterDataHandler(p, [](void* data, const XML_Char* text, int len) {
    auto& s = *static_cast<state*>(data);
    if (!s.open.empty()) s.out.elements[s.open.back()].text.append(text, std::size_t(len));
  });
  st.out.ok = XML_Parse(p, xml.data(), int(xml.size()), 1) == XML_STATUS_OK;
  if (!st.out.ok) st.out.error = XML_ErrorString(XML_GetErrorCode(p));
  XML_ParserFree(p);
  return st.out;
}

std::vector<element> named(const parsed& doc, std::string_view name) {
  std::vector<element> out;
  for (const auto& e : doc.elements)
    if (e.name == name) out.push_back(e);
  return out;
}

finding at(std::string_view rule, std::string table, std::string sheet, std::uint32_t row) {
  finding f = test::finding_at(rule, std::move(sheet), row, 2);
  f.table = std::move(table);
  return f;
}

report sample() {
  report r = test::small_report();
  r.checked = {{"", "", {"RC101", "RC106"}},
               {"activity", "Activity", {"RC102", "RC201", "RC304", "RC307"}},
               {"", "Activity", {"RC501", "RC502"}}};
  finding pct = at("RC201", "activity", "Activity", 5);
  pct.message = "Stated % change +18% but 229 \u2192 278 is +21.4%";
  pct.cause = "the change was divided by the new value";
  r.findings = {pct, at("RC304", "activity", "Activity", 6), at("RC307", "activity", "Activity", 7),
                at("RC307", "activity", "Activity", 8)};
  return r;
}

TEST(report_junit, one_suite_and_a_case_per_rule_and_part) {
  const parsed doc = parse(to_junit(sample()));
  ASSERT_TRUE(doc.ok) << doc.error;
  ASSERT_EQ(doc.elements.front().name, "testsuites");
  const auto suites = named(doc, "testsuite");
  ASSERT_EQ(suites.size(), 1u);
  EXPECT_EQ(suites[0].attributes.at("name"), "q2.xlsx");
  EXPECT_EQ(suites[0].attributes.at("tests"), "8");
  EXPECT_EQ(suites[0].attributes.at("failures"), "2");
  EXPECT_EQ(suites[0].attributes.at("errors"), "0");
  const auto cases = named(doc, "testcase");
  std::vector<std::string> names;
  for (const auto& c : cases) names.push_back(c.attributes.at("classname") + " | " + c.attributes.at("name"));
  EXPECT_EQ(names, (std::vector<std::string>{
                       "q2.xlsx | RC101 missing-sheet",
                       "q2.xlsx | RC106 missing-table",
                       "q2.xlsx/activity | RC102 missing-indicator",
                       "q2.xlsx/activity | RC201 pct-change-mismatch",
                       "q2.xlsx/activity | RC304 number-stored-as-text",
                       "q2.xlsx/activity | RC307 suppressed-value",
                       "q2.xlsx/Activity | RC501 stale-cached-value",
                       "q2.xlsx/Activity | RC502 inconsistent-formula",
                   }));
  std::map<std::string, std::string> properties;
  for (const auto& p : named(doc, "property")) properties[p.attributes.at("name")] = p.attributes.at("value");
  EXPECT_EQ(properties.at("schema"), "cp-quarterly.yaml");
  EXPECT_EQ(properties.at("cells_checked"), "15");
  EXPECT_EQ(properties.at("tool").rfind("returncheck ", 0), 0u);
}

TEST(report_junit, errors_and_queries_fail_and_infos_do_not) {
  const std::string xml = to_junit(sample());
  const parsed doc = parse(xml);
  ASSERT_TRUE(doc.ok) << doc.error;
  const auto failures = named(doc, "failure");
  ASSERT_EQ(failures.size(), 2u) << xml;
  EXPECT_EQ(failures[0].attributes.at("type"), "error");
  EXPECT_EQ(failures[0].attributes.at("message"), "1 error");
  EXPECT_EQ(failures[0].text,
            "Activity!B5 error: Stated % change +18% but 229 \u2192 278 is +21.4%\n"
            "  cause: the change was divided by the new value\n");
  EXPECT_EQ(failures[1].attributes.at("type"), "query");
  EXPECT_EQ(failures[1].attributes.at("message"), "1 query");
  EXPECT_EQ(failures[1].text, "Activity!B6 query: RC304 message\n");
  const auto out = named(doc, "system-out");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].text, "Activity!B7 info: RC307 message\nActivity!B8 info: RC307 message\n");
}

TEST(report_junit, a_failure_counts_each_severity) {
  report r = sample();
  finding query = at("RC201", "activity", "Activity", 9);
  query.level = schema::severity::query;
  r.findings.push_back(query);
  r.findings.push_back(at("RC201", "activity", "Activity", 10));
  const parsed doc = parse(to_junit(r));
  ASSERT_TRUE(doc.ok) << doc.error;
  EXPECT_EQ(named(doc, "failure")[0].attributes.at("message"), "2 errors, 1 query");
}

TEST(report_junit, a_finding_no_part_expects_gets_its_own_case) {
  report r = sample();
  r.findings.push_back(at("RC205", "activity", "Activity", 12));  // a rule the part did not list
  r.findings.push_back(at("RC309", "contacts", "Contacts", 4));   // a part nobody listed
  finding missing = rules::make_finding("RC106");                 // about the whole workbook
  missing.table = "absent";
  missing.message = "no table";
  r.findings.push_back(missing);
  const parsed doc = parse(to_junit(r));
  ASSERT_TRUE(doc.ok) << doc.error;
  std::map<std::string, bool> failed;
  const auto& all = doc.elements;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all[i].name != "testcase") continue;
    failed[all[i].attributes.at("classname") + " | " + all[i].attributes.at("name")] =
        i + 1 < all.size() && all[i + 1].name == "failure";
  }
  EXPECT_TRUE(failed.at("q2.xlsx/activity | RC205 sum-mismatch"));
  EXPECT_TRUE(failed.at("q2.xlsx/contacts | RC309 record-required-missing"));
  EXPECT_TRUE(failed.at("q2.xlsx | RC106 missing-table"));
  EXPECT_FALSE(failed.at("q2.xlsx | RC101 missing-sheet"));
  EXPECT_EQ(named(doc, "testsuite")[0].attributes.at("tests"), "10");
  EXPECT_EQ(named(doc, "testsuite")[0].attributes.at("failures"), "5");
}

TEST(report_junit, hostile_text_is_still_well_formed_xml) {
  report r;
  r.input = "a&b <c> \"d\" 'e'.xlsx";
  r.schema = std::string("s\x01\x1b.yaml");
  finding f = at("RC308", "t\"<&>", "Sheet ]]> <![CDATA[", 3);
  f.message =
      std::string("<script>alert('x')</script> \x01\x02\x1b[31m \x7f \xC2\x85 \xEF\xBF\xBE \xEF\xBF\xBF \xFF\xFE end");
  f.cause = "line one\nline two\r\n\ttabbed";
  r.findings = {f};
  const std::string xml = to_junit(r);
  const parsed doc = parse(xml);
  ASSERT_TRUE(doc.ok) << doc.error << "\n" << xml;
  EXPECT_EQ(named(doc, "testsuite")[0].attributes.at("name"), "a&b <c> \"d\" 'e'.xlsx");
  const auto failures = named(doc, "failure");
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].text,
            "'Sheet ]]> <![CDATA['!B3 error: <script>alert('x')</script> [31m     \xEF\xBF\xBD\xEF\xBF\xBD end\n"
            "  cause: line one\nline two\n\ttabbed\n");
  EXPECT_EQ(named(doc, "testcase")[0].attributes.at("classname"), "a&b <c> \"d\" 'e'.xlsx/t\"<&>");
  EXPECT_EQ(named(doc, "property")[1].attributes.at("value"), "s.yaml");
}

TEST(report_junit, an_empty_run_is_an_empty_suite) {
  report r;
  r.input = "q2.xlsx";
  EXPECT_EQ(to_junit(r),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<testsuites name=\"returncheck\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\">\n"
            "  <testsuite name=\"q2.xlsx\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\">\n"
            "    <properties>\n"
            "      <property name=\"tool\" value=\"returncheck " +
                std::string(version()) +
                "\"/>\n"
                "      <property name=\"schema\" value=\"\"/>\n"
                "      <property name=\"cells_checked\" value=\"0\"/>\n"
                "    </properties>\n"
                "  </testsuite>\n</testsuites>\n");
}

}  // namespace
}  // namespace returncheck::report
