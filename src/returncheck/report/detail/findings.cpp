// The findings in the order and with the fields every report format relies on.
#include "returncheck/report/detail/findings.hpp"

#include <algorithm>

#include "returncheck/version.hpp"
#include "returncheck/xlsx/cell_ref.hpp"

namespace returncheck::report::detail {
namespace {

// sheet_order, then any sheet it leaves out, in the order the findings first name them: findings
// on a sheet the caller did not list still stay together.
std::vector<std::string> full_sheet_order(const report& r) {
  std::vector<std::string> order = r.sheet_order;
  for (const auto& f : r.findings)
    if (!f.sheet.empty() && std::find(order.begin(), order.end(), f.sheet) == order.end()) order.push_back(f.sheet);
  return order;
}

}  // namespace

std::string_view severity_name(schema::severity s) {
  switch (s) {
    case schema::severity::error: return "error";
    case schema::severity::query: return "query";
    case schema::severity::info: return "info";
  }
  return "error";
}

std::string cell_text(const rules::finding& f) { return f.cell ? xlsx::format_cell_ref(*f.cell) : std::string(); }

std::vector<rules::finding> prepared(const report& r) {
  std::vector<rules::finding> out = r.findings;
  for (auto& f : out) {
    const rules::rule_info* info = rules::find_rule(f.rule);
    if (f.name.empty() && info) f.name = std::string(info->slug);
    if (f.message.empty() && info) f.message = std::string(info->summary);
    if (f.fingerprint.empty()) rules::set_fingerprint(f);
  }
  rules::sort_findings(out, full_sheet_order(r));
  return out;
}

std::string counted(std::uint64_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string tool_name() { return "returncheck " + std::string(version()); }

}  // namespace returncheck::report::detail
