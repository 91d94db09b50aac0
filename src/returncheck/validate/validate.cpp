// The validation run, from a workbook's path to sorted findings.
#include "returncheck/validate/validate.hpp"

#include <filesystem>
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
  auto opened = xlsx::workbook::open(path, opts.caps);
  if (!opened) return util::unexpected{opened.error()};
  auto loaded = xlsx::cell_store::load(*opened);
  if (!loaded) return util::unexpected{loaded.error()};
  outcome out;
  out.book = std::make_shared<source>(source{std::move(*opened), std::move(*loaded), nullptr});
  const xlsx::workbook* wb = &out.book->wb;
  const xlsx::cell_store* cells = &out.book->cells;
  out.book->ev = std::make_unique<formula::evaluator>(*wb, *cells);
  formula::evaluator& ev = *out.book->ev;

  for (const auto& s : wb->sheets()) out.sheet_order.push_back(s.name);
  out.suppression_markers = opts.spec ? opts.spec->suppression : schema::schema{}.suppression;
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
  if (opts.spec) {
    auto records = bind::locate_records(*opts.spec, *wb, *cells);
    out.findings.insert(out.findings.end(), std::make_move_iterator(records.findings.begin()),
                        std::make_move_iterator(records.findings.end()));
    for (const auto& t : records.tables) {
      auto found = rules::check_records(t, *wb, *cells, out.cells_checked, opts.unique_bytes);
      out.findings.insert(out.findings.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
    }
    out.records = std::move(records.tables);
  }
  out.figures = rules::figures_of(out.tables, *wb, *cells, out.suppression_markers);
  if (opts.prior) {
    auto found = rules::check_restated(out.figures, opts.prior->figures, std::filesystem::path(path).filename().string(),
                                       opts.prior->name);
    out.findings.insert(out.findings.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  }
  if (opts.formula_checks) {
    auto found = rules::check_formulas(*wb, *cells, ev);
    out.findings.insert(out.findings.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  }
  merge_findings_on_a_cell(out.findings);
  for (auto& f : out.findings) rules::set_fingerprint(f);
  rules::apply_history(out.findings, opts.previous, opts.explanations);
  rules::sort_findings(out.findings, out.sheet_order);
  out.checked = detail::checked_parts(*wb, opts.spec, out.tables, out.records, opts.formula_checks);
  out.series = detail::flagged_series(out.tables, out.findings, ctx);
  return out;
}

util::result<baseline, xlsx::error> read_baseline(const std::string& path, const options& opts) {
  auto wb = xlsx::workbook::open(path, opts.caps);
  if (!wb) return util::unexpected{wb.error()};
  auto cells = xlsx::cell_store::load(*wb);
  if (!cells) return util::unexpected{cells.error()};
  std::vector<bind::bound_table> tables = opts.spec ? bind::locate(*opts.spec, *wb, *cells).tables : bind::detect(*wb, *cells);
  for (auto& t : tables) {
    for (auto& i : t.indicators) i.label = bind::one_line(i.label);
    for (auto& p : t.periods) p.header = bind::one_line(p.header);
  }
  const auto markers = opts.spec ? opts.spec->suppression : schema::schema{}.suppression;
  return baseline{std::filesystem::path(path).filename().string(), rules::figures_of(tables, *wb, *cells, markers)};
}

}  // namespace returncheck::validate
