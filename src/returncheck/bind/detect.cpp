// Detecting indicator x period tables without a schema: a header row of periods, labels to their
// left, and values below.
#include <algorithm>
#include <array>
#include <set>
#include <unordered_map>

#include "returncheck/bind/bind.hpp"
#include "returncheck/bind/detail/grid.hpp"

namespace returncheck::bind {
namespace {

using detail::grid;

// Headers of columns that hold text beside the labels rather than the labels themselves.
bool is_side_column_header(std::string_view normalised) {
  static constexpr std::array<std::string_view, 20> names = {
      "notes",       "note",      "comments", "comment",    "commentary", "source", "sources",
      "explanation", "narrative", "rag",      "rag rating", "status",     "ref",    "reference",
      "code",        "unit",      "units",    "definition", "polarity",   "target"};
  return std::find(names.begin(), names.end(), normalised) != names.end();
}

struct block {
  std::optional<bound_table> table;
  std::size_t next = 0;  // the row (into grid::rows()) to go on from
};

block read_block(const grid& g, std::size_t header_pos, std::string_view sheet_name) {
  const auto& rows = g.rows();
  const auto& header = rows[header_pos];
  block out;
  out.next = header_pos + 1;

  // The header's periods, each key once, left to right.
  std::vector<std::pair<std::uint32_t, const period_key*>> periods;
  std::set<std::string_view> keys;
  for (const auto& [col, key] : g.header_periods(header))
    if (keys.insert(key->key).second) periods.emplace_back(col, key);
  if (periods.size() < 2) return out;
  std::uint32_t last_col = 0;
  for (const auto& e : g.cells_of(header))
    if (!g.is_blank(e)) last_col = std::max(last_col, e.cell->pos.col_idx);
  std::set<std::uint32_t> period_cols;
  for (const auto& p : periods) period_cols.insert(p.first);

  // Rows below: single blank rows are allowed, two end the block, as does another header row.
  std::vector<std::size_t> block_rows;
  std::set<std::uint32_t> dated_cols;  // period columns holding dates below: a records list
  std::uint32_t prev_row = header.row_idx;
  int blank_run = 0;
  std::size_t r = header_pos + 1;
  for (; r < rows.size(); ++r) {
    blank_run += int(rows[r].row_idx - prev_row - 1);
    if (blank_run >= 2) break;
    prev_row = rows[r].row_idx;
    const auto cells = g.cells_of(rows[r]);
    const bool blank = std::all_of(cells.begin(), cells.end(), [&](const grid::entry& e) {
      return e.cell->pos.col_idx > last_col || g.is_blank(e);
    });
    if (blank) {
      if (++blank_run >= 2) break;
      continue;
    }
    if (g.is_header(rows[r])) break;
    blank_run = 0;
    block_rows.push_back(r);
    for (const auto& e : cells)
      if (e.cell->type == xlsx::value_type::date && period_cols.contains(e.cell->pos.col_idx))
        dated_cols.insert(e.cell->pos.col_idx);
  }
  out.next = std::max(r, header_pos + 1);
  std::erase_if(periods, [&](const auto& p) { return dated_cols.contains(p.first); });
  if (periods.size() < 2) return out;
  for (std::uint32_t c : dated_cols) period_cols.erase(c);
  const std::uint32_t first_period_col = periods.front().first;

  std::vector<std::size_t> candidates;  // rows with a value under a period
  for (std::size_t k : block_rows) {
    const auto cells = g.cells_of(rows[k]);
    if (std::any_of(cells.begin(), cells.end(),
                    [&](const grid::entry& e) { return period_cols.contains(e.cell->pos.col_idx) && g.is_value(e); }))
      candidates.push_back(k);
  }
  if (candidates.empty() || first_period_col <= 1) return out;

  // The label column: left of the periods, holding labels in most of those rows; the one with
  // most labels, the nearest on a tie, passing over notes and reference columns.
  std::uint32_t label_col = 0;
  std::size_t label_count = 0;
  for (int pass = 0; pass < 2 && label_col == 0; ++pass) {
    for (std::uint32_t c = first_period_col - 1; c >= 1; --c) {
      if (pass == 0) {
        const grid::entry* h = g.at({header.row_idx, c});
        if (h && is_side_column_header(h->label)) continue;
      }
      std::size_t n = 0;
      for (std::size_t k : candidates) {
        const grid::entry* e = g.at({rows[k].row_idx, c});
        if (e && g.is_label(*e)) ++n;
      }
      if (n * 2 > candidates.size() && n > label_count) {
        label_col = c;
        label_count = n;
      }
    }
  }
  if (label_col == 0) return out;

  bound_table table;
  table.id = detail::sheet_cell_ref(sheet_name, {header.row_idx, label_col});
  table.sheet = std::uint32_t(g.sheet());
  table.header_row = header.row_idx;
  table.label_col = label_col;
  for (const auto& [col, key] : periods) {
    const grid::entry* e = g.at({header.row_idx, col});
    table.periods.push_back({key->key, e ? g.shown(*e) : key->key, col, key->serial});
  }
  for (const auto& e : g.cells_of(header)) {
    const std::uint32_t col = e.cell->pos.col_idx;
    if (col <= label_col || period_cols.contains(col) || e.label.empty() || e.period) continue;
    if (const auto d = read_derived_header(g.text(e))) {
      bound_derived b;
      b.header = std::string(g.text(e));
      b.kind = d->kind;
      b.col_idx = col;
      b.per = d->per;
      table.derived.push_back(std::move(b));
    }
  }
  std::unordered_map<std::string, int> seen;
  for (std::size_t k : candidates) {
    const grid::entry* e = g.at({rows[k].row_idx, label_col});
    if (!e || !g.is_label(*e)) continue;
    std::string id = slug(g.text(*e));
    if (id.empty()) id = std::string("row-").append(std::to_string(rows[k].row_idx));
    if (const int n = ++seen[id]; n > 1) id.append("-").append(std::to_string(n));
    table.indicators.push_back({std::move(id), std::string(g.text(*e)), rows[k].row_idx, nullptr});
  }
  if (table.indicators.empty()) return out;
  out.table = std::move(table);
  return out;
}

}  // namespace

std::vector<bound_table> detect(const xlsx::workbook& wb, const xlsx::cell_store& cells) {
  std::vector<bound_table> out;
  const std::size_t n = std::min(wb.sheets().size(), cells.sheet_count());
  for (std::size_t s = 0; s < n; ++s) {
    if (wb.sheets()[s].kind != xlsx::sheet_kind::worksheet) continue;
    const grid g(s, cells, wb);
    for (std::size_t r = 0; r < g.rows().size();) {
      if (!g.is_header(g.rows()[r])) {
        ++r;
        continue;
      }
      block b = read_block(g, r, wb.sheets()[s].name);
      if (b.table) {
        out.push_back(std::move(*b.table));
        r = b.next;
      } else {
        ++r;
      }
    }
  }
  return out;
}

}  // namespace returncheck::bind
