// The validation run, from a workbook's path to sorted findings.
#include "returncheck/validate/validate.hpp"

#include <map>
#include <tuple>

#include "returncheck/formula/evaluator.hpp"
#include "returncheck/rules/formula_checks.hpp"
#include "returncheck/rules/records_checks.hpp"
#include "returncheck/rules/table_checks.hpp"
#include "returncheck/validate/detail/coverage.hpp"
#include "returncheck/xlsx/cell_store.hpp"

namespace returncheck::validate {

void merge_findings_on_a_cell(std::vector<rules::finding>& findings) {
  using key = std::tuple<std::string, std::uint32_t, std::uint32_t>;
  std::map<key, std::size_t> derived;  // cell → index of its derived-figure finding
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const auto& f = findings[i];
    if (f.cell && f.rule.starts_with("RC20") && f.rule != "RC205" && f.rule != "RC206")
      derived.emplace(key{f.sheet, f.cell->row_idx, f.cell->col_idx}, i);
  }
  if (derived.empty()) return;
  // The formula findings on those cells become notes on the derived finding's cause.
  std::vector<rules::finding> kept;
  std::vector<std::pair<std::size_t, std::string>> notes;
  for (const auto& f : findings) {
    const bool formula_finding = f.rule == "RC501" || f.rule == "RC502";
    const auto it = formula_finding && f.cell ? derived.find(key{f.sheet, f.cell->row_idx, f.cell->col_idx}) : derived.end();
    if (it != derived.end()) notes.emplace_back(it->second, f.message);
  }
  for (const auto& [index, note] : notes) {
    auto& cause = findings[index].cause;
    cause += (cause.empty() ? "" : "; ") + note;
  }
  for (auto& f : findings) {
    const bool formula_finding = f.rule == "RC501" || f.rule == "RC502";
    if (formula_finding && f.cell && derived.contains(key{f.sheet, f.cell->row_idx, f.cell->col_idx})) continue;
    kept.push_back(std::move(f));
  }
  findings = std::move(kept);
}

util::result<outcome, xlsx::error> run(const std::string& path, const options& opts) {
  auto wb = xlsx::workbook::open(path, opts.caps);
  if (!wb) return util::unexpected{wb.error()};
  auto cells = xlsx::cell_store::load(*wb);
  if (!cells) return util::unexpected{cells.error()};
  formula::evaluator ev(*wb, *cells);

  outcome out;
  for (const auto& s : wb->sheets()) out.sheet_order.push_back(s.name);
  if (opts.spec) {
    auto bound = bind::locate(*opts.spec, *wb, *cells);
    out.tables = std::move(bound.tables);
    out.findings = std::move(bound.findings);
  } else {
    out.tables = bind::detect(*wb, *cells);
  }
  // Labels and headers as messages show them: a line break typed in a label is a space there.
  for (auto& t : out.tables) {
    for (auto& i : t.indicators) i.label = bind::one_line(i.label);
    for (auto& p : t.periods) p.header = bind::one_line(p.header);
    for (auto& d : t.derived) d.header = bind::one_line(d.header);
  }
  const rules::table_context ctx{*wb, *cells, ev, opts.spec};
  for (auto& t : out.tables) {
    auto found = rules::check_table(t, ctx, out.cells_checked);
    out.findings.insert(out.findings.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  }
  if (opts.spec) {
    auto found = rules::check_rules(*opts.spec, out.tables, ctx);
    out.findings.insert(out.findings.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  }
  std::vector<bind::bound_records> records_tables;
  if (opts.spec) {
    auto records = bind::locate_records(*opts.spec, *wb, *cells);
    out.findings.insert(out.findings.end(), std::make_move_iterator(records.findings.begin()),
                        std::make_move_iterator(records.findings.end()));
    for (const auto& t : records.tables) {
      auto found = rules::check_records(t, *wb, *cells, out.cells_checked);
      out.findings.insert(out.findings.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
    }
    records_tables = std::move(records.tables);
  }
  if (opts.formula_checks) {
    auto found = rules::check_formulas(*wb, *cells, ev);
    out.findings.insert(out.findings.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  }
  merge_findings_on_a_cell(out.findings);
  for (auto& f : out.findings) rules::set_fingerprint(f);
  rules::sort_findings(out.findings, out.sheet_order);
  out.checked = detail::checked_parts(*wb, opts.spec, out.tables, records_tables, opts.formula_checks);
  out.series = detail::flagged_series(out.tables, out.findings, ctx);
  return out;
}

}  // namespace returncheck::validate
