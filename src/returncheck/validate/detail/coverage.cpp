// The rules that ran and the flagged indicators' series, for the HTML and JUnit reports.
#include "returncheck/validate/detail/coverage.hpp"

#include <algorithm>
#include <set>
#include <string_view>

namespace returncheck::validate::detail {
namespace {

std::vector<std::string> records_rules(const bind::bound_records& t) {
  std::set<std::string_view> ids{"RC107"};
  for (const auto& c : t.columns) {
    if (!c.spec) continue;
    if (c.spec->required) ids.insert("RC309");
    if (c.spec->type != schema::column_type::string) ids.insert("RC310");
    if (c.spec->minimum || c.spec->maximum) ids.insert("RC311");
    if (!c.spec->allowed.empty()) ids.insert("RC312");
    if (!c.spec->pattern.empty()) ids.insert("RC313");
    if (c.spec->unique) ids.insert("RC314");
  }
  return {ids.begin(), ids.end()};
}

std::vector<std::string> formula_rules() {
  std::vector<std::string> ids;
  for (const auto& r : rules::catalogue())
    if (r.family == "formula") ids.emplace_back(r.id);
  return ids;
}

}  // namespace

std::vector<report::checked_part> checked_parts(const xlsx::workbook& wb, const schema::schema* spec,
                                                const std::vector<bind::bound_table>& tables,
                                                const std::vector<bind::bound_records>& records, bool formula_checks) {
  std::vector<report::checked_part> out;
  if (spec) out.push_back({"", "", {"RC101", "RC106"}});
  for (const auto& t : tables) {
    const auto ids = rules::rules_run(t, spec);
    out.push_back({t.id, wb.sheets()[t.sheet].name, {ids.begin(), ids.end()}});
  }
  for (const auto& t : records) out.push_back({t.id, wb.sheets()[t.sheet].name, records_rules(t)});
  if (formula_checks) {
    for (const auto& s : wb.sheets())
      if (s.kind == xlsx::sheet_kind::worksheet) out.push_back({"", s.name, formula_rules()});
  }
  return out;
}

std::vector<report::indicator_series> flagged_series(const std::vector<bind::bound_table>& tables,
                                                     const std::vector<rules::finding>& findings,
                                                     const rules::table_context& ctx) {
  std::vector<report::indicator_series> out;
  for (const auto& t : tables) {
    const std::string& sheet = ctx.wb.sheets()[t.sheet].name;
    // Left to right as the sheet has them, whatever order the schema lists the periods in.
    std::vector<std::size_t> order(t.periods.size());
    for (std::size_t p = 0; p < order.size(); ++p) order[p] = p;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return t.periods[a].col_idx < t.periods[b].col_idx; });
    for (const auto& ind : t.indicators) {
      const bool flagged = std::any_of(findings.begin(), findings.end(), [&](const rules::finding& f) {
        return f.table == t.id && f.sheet == sheet && f.indicator == ind.id;
      });
      if (!flagged) continue;
      const std::vector<rules::reading> read = rules::read_periods(t, ind, ctx);
      report::indicator_series s{t.id, sheet, ind.id, ind.label, {}};
      for (std::size_t p : order) {
        const rules::reading& x = read[p];
        report::series_point point{t.periods[p].id, t.periods[p].header, t.cell(ind, t.periods[p]), std::nullopt, {}};
        if (x.is_number()) {
          point.value = x.value;
          point.text = x.display();
        } else {
          point.text = x.text;  // a marker, text or error value as written; empty when blank
        }
        s.points.push_back(std::move(point));
      }
      out.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace returncheck::validate::detail
