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

namespace {

// The records tables on sheets held only in part, checked as each sheet streams from the file:
// one pass per sheet, every table on it fed each row below its header.
util::result<std::vector<rules::finding>, xlsx::error> check_streamed_records(
    const xlsx::workbook& wb, const xlsx::cell_store& cells, const std::vector<bind::bound_records>& tables,
    const options& opts, std::uint64_t& cells_checked) {
  std::vector<rules::finding> out;
  for (std::uint32_t sheet = 0; sheet < cells.sheet_count(); ++sheet) {
    if (!cells.sheet(sheet).partial()) continue;
    std::vector<rules::records_checker> checkers;
    std::vector<const bind::bound_records*> bound;
    for (const auto& t : tables)
      if (t.sheet == sheet) {
        checkers.emplace_back(t, wb, opts.unique_bytes, true);
        bound.push_back(&t);
      }
    if (checkers.empty()) continue;
    auto reader = wb.read_sheet(sheet);
    if (!reader) return util::unexpected{reader.error()};
    xlsx::row row;
    std::vector<rules::record_cell> cells_of_row;
    while (true) {
      auto more = reader->next_row(row);
      if (!more) return util::unexpected{more.error()};
      if (!*more) break;
      cells_of_row.clear();
      for (const auto& c : row.cells) cells_of_row.push_back({c.pos.col_idx, c.type, c.number, c.text, c.style_idx});
      bool all_ended = true;
      for (std::size_t k = 0; k < checkers.size(); ++k) {
        if (row.row_idx > bound[k]->header_row) checkers[k].add_row(row.row_idx, cells_of_row);
        all_ended = all_ended && checkers[k].ended();
      }
      if (all_ended) break;
    }
    for (auto& c : checkers) {
      cells_checked += c.cells_checked();
      auto found = c.finish();
      out.insert(out.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
    }
  }
  return out;
}

}  // namespace

util::result<outcome, xlsx::error> run(const std::string& path, const options& opts) {
  auto opened = xlsx::workbook::open(path, opts.caps);
  if (!opened) return util::unexpected{opened.error()};
  auto loaded = xlsx::cell_store::load(*opened, 50'000'000, opts.max_held_cells);
  if (!loaded) return util::unexpected{loaded.error()};
  outcome out;
  out.book = std::make_shared<source>(source{std::move(*opened), std::move(*loaded), nullptr});
  const xlsx::workbook* wb = &out.book->wb;
  const xlsx::cell_store* cells = &out.book->cells;
  out.book->ev = std::make_unique<formula::evaluator>(*wb, *cells, opts.eval);
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
      if (t.sheet < cells->sheet_count() && cells->sheet(t.sheet).partial()) continue;  // streamed below
      auto found = rules::check_records(t, *wb, *cells, out.cells_checked, opts.unique_bytes);
      out.findings.insert(out.findings.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
    }
    out.records = std::move(records.tables);
    if (auto streamed = check_streamed_records(*wb, *cells, out.records, opts, out.cells_checked); !streamed)
      return util::unexpected{streamed.error()};
    else
      out.findings.insert(out.findings.end(), std::make_move_iterator(streamed->begin()),
                          std::make_move_iterator(streamed->end()));
  }
  for (std::uint32_t i = 0; i < cells->sheet_count(); ++i) {
    if (!cells->sheet(i).partial()) continue;
    rules::finding f = rules::make_finding("RC108");
    f.sheet = wb->sheets()[i].name;
    f.message = "Sheet '" + f.sheet + "' holds more than " + std::to_string(opts.max_held_cells) +
                " cells, so only its first " + std::to_string(cells->sheet(i).held_through_row()) +
                " rows are held in memory: the formula checks (RC501-RC505) leave it out, and its records tables "
                "are checked as it streams (raise the limit with --max-held-cells)";
    out.findings.push_back(std::move(f));
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
