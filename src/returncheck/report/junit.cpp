// report.junit.xml: one test case per rule that ran on each part, failed by its findings.
#include "returncheck/report/junit.hpp"

#include <algorithm>
#include <string_view>

#include "returncheck/report/detail/findings.hpp"
#include "returncheck/report/detail/markup.hpp"

namespace returncheck::report {
namespace {

using detail::escaped;
using rules::finding;
using schema::severity;

struct test_case {
  std::string rule;
  std::vector<const finding*> findings;
};

struct part {
  std::string table;
  std::string sheet;
  std::vector<test_case> cases;  // in catalogue order
};

test_case& case_for(part& p, const std::string& rule) {
  auto it = std::find_if(p.cases.begin(), p.cases.end(), [&](const test_case& c) { return c.rule == rule; });
  if (it != p.cases.end()) return *it;
  // Rule ids sort as the catalogue lists them.
  it = std::find_if(p.cases.begin(), p.cases.end(), [&](const test_case& c) { return c.rule > rule; });
  return *p.cases.insert(it, test_case{rule, {}});
}

// The part a finding belongs to: its own (its table's; for a finding outside any table, its
// sheet's; else the whole workbook's) when that lists its rule; else the whole workbook's when
// that does (a missing sheet or table names one); else its own, made when missing, so that no
// finding is lost.
part& part_for(std::vector<part>& parts, const finding& f) {
  auto own = [&](const part& p) {
    return f.table.empty() ? p.table.empty() && p.sheet == f.sheet : p.table == f.table;
  };
  auto workbook = [](const part& p) { return p.table.empty() && p.sheet.empty(); };
  auto lists_rule = [&](const part& p) {
    return std::any_of(p.cases.begin(), p.cases.end(), [&](const test_case& c) { return c.rule == f.rule; });
  };
  for (auto& p : parts)
    if (own(p) && lists_rule(p)) return p;
  for (auto& p : parts)
    if (workbook(p) && lists_rule(p)) return p;
  for (auto& p : parts)
    if (own(p)) return p;
  return parts.emplace_back(part{f.table, f.sheet, {}});
}

std::string class_name(const report& r, const part& p) {
  if (!p.table.empty()) return r.input + "/" + p.table;
  if (!p.sheet.empty()) return r.input + "/" + p.sheet;
  return r.input;
}

// One finding as a line of a failure's text: "Activity!F5 error: message" and its cause.
std::string finding_text(const finding& f) {
  std::string out = f.cell || !f.sheet.empty() ? rules::location(f) + " " : std::string();
  out += std::string(detail::severity_name(f.level)) + ": " + f.message + "\n";
  if (!f.cause.empty()) out += "  cause: " + f.cause + "\n";
  return out;
}

}  // namespace

std::string to_junit(const report& r) {
  const std::vector<finding> findings = detail::prepared(r);
  std::vector<part> parts;
  for (const auto& c : r.checked) {
    part& p = parts.emplace_back(part{c.table, c.sheet, {}});
    for (const auto& id : c.rules) case_for(p, id);
  }
  for (const auto& f : findings) case_for(part_for(parts, f), f.rule).findings.push_back(&f);

  std::size_t tests = 0, failures = 0;
  std::string body;
  for (const auto& p : parts) {
    const std::string classname = escaped(class_name(r, p), true);
    for (const auto& c : p.cases) {
      ++tests;
      const rules::rule_info* info = rules::find_rule(c.rule);
      const std::string name = c.rule + (info ? " " + std::string(info->slug) : std::string());
      body += "    <testcase classname=\"" + classname + "\" name=\"" + escaped(name, true) + "\"";
      std::size_t errors = 0, queries = 0;
      std::string failing, informing;
      for (const finding* f : c.findings) {
        if (f->level == severity::error) ++errors;
        if (f->level == severity::query) ++queries;
        (f->level == severity::info ? informing : failing) += finding_text(*f);
      }
      if (failing.empty() && informing.empty()) {
        body += "/>\n";
        continue;
      }
      body += ">\n";
      if (!failing.empty()) {
        ++failures;
        std::string message;
        if (errors) message = std::to_string(errors) + (errors == 1 ? " error" : " errors");
        if (queries)
          message += (message.empty() ? "" : ", ") + std::to_string(queries) + (queries == 1 ? " query" : " queries");
        body += "      <failure type=\"" + std::string(errors ? "error" : "query") + "\" message=\"" +
                escaped(message, true) + "\">" + escaped(failing) + "</failure>\n";
      }
      if (!informing.empty()) body += "      <system-out>" + escaped(informing) + "</system-out>\n";
      body += "    </testcase>\n";
    }
  }

  const std::string counts = "tests=\"" + std::to_string(tests) + "\" failures=\"" + std::to_string(failures) +
                             "\" errors=\"0\" skipped=\"0\"";
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"returncheck\" " + counts + ">\n";
  out += "  <testsuite name=\"" + escaped(r.input, true) + "\" " + counts + ">\n";
  out += "    <properties>\n";
  out += "      <property name=\"tool\" value=\"" + escaped(detail::tool_name(), true) + "\"/>\n";
  out += "      <property name=\"schema\" value=\"" + escaped(r.schema, true) + "\"/>\n";
  out += "      <property name=\"cells_checked\" value=\"" + std::to_string(r.cells_checked) + "\"/>\n";
  out += "    </properties>\n";
  out += body;
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace returncheck::report
