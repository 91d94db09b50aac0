// Locating a schema's indicator tables in a workbook by their headers and labels.
#include "returncheck/bind/bind.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "returncheck/bind/detail/grid.hpp"

namespace returncheck::bind {

const bound_indicator* bound_table::find_indicator(std::string_view id) const {
  for (const auto& i : indicators)
    if (i.id == id) return &i;
  return nullptr;
}

const bound_period* bound_table::find_period(std::string_view id) const {
  for (const auto& p : periods)
    if (p.id == id) return &p;
  return nullptr;
}

namespace {

using detail::grid;
constexpr std::uint32_t no_limit = std::numeric_limits<std::uint32_t>::max();
// Header rows tried for a table when several hold as many of its headers.
constexpr std::size_t max_header_candidates = 20;
// How many nearest labels, headers or sheet names a finding names.
constexpr std::size_t nearest_count = 3;

// Grids are built when a table first looks at a sheet, and shared by the tables after it.
class sheet_cache {
 public:
  sheet_cache(const xlsx::workbook& wb, const xlsx::cell_store& cells) : wb_(wb), cells_(cells) {
    grids_.resize(std::min(wb.sheets().size(), cells.sheet_count()));
  }
  std::size_t size() const { return grids_.size(); }
  const grid& get(std::size_t sheet) {
    if (!grids_[sheet]) grids_[sheet] = std::make_unique<grid>(sheet, cells_, wb_);
    return *grids_[sheet];
  }

 private:
  const xlsx::workbook& wb_;
  const xlsx::cell_store& cells_;
  std::vector<std::unique_ptr<grid>> grids_;
};

// A schema table's headers and labels, as they are compared with cells.
struct terms {
  std::unordered_map<std::string, std::vector<std::size_t>> period_by_key;
  std::unordered_map<std::string, std::vector<std::size_t>> period_by_label;
  std::unordered_map<std::string, std::vector<std::size_t>> derived_by_label;
  std::vector<std::optional<period_key>> period_keys;      // each period's first header that is a period
  std::vector<std::vector<std::string>> indicator_labels;  // label then aliases, normalised
  std::unordered_set<std::string> all_labels;
};

const std::string& period_header(const schema::period& p) { return p.headers.empty() ? p.id : p.headers.front(); }

terms terms_of(const schema::table& t) {
  terms out;
  out.period_keys.resize(t.periods.size());
  for (std::size_t i = 0; i < t.periods.size(); ++i) {
    const auto& p = t.periods[i];
    std::vector<std::string> headers = p.headers;
    if (headers.empty()) headers.push_back(p.id);
    for (const auto& h : headers) {
      if (auto k = parse_period(h)) {
        out.period_by_key[k->key].push_back(i);
        if (!out.period_keys[i]) out.period_keys[i] = std::move(k);
      }
      if (auto n = normalise_label(h); !n.empty()) out.period_by_label[n].push_back(i);
    }
  }
  for (std::size_t i = 0; i < t.derived.size(); ++i) {
    const auto& d = t.derived[i];
    if (auto n = normalise_label(d.header); !n.empty()) out.derived_by_label[n].push_back(i);
    for (const auto& a : d.aliases)
      if (auto n = normalise_label(a); !n.empty()) out.derived_by_label[n].push_back(i);
  }
  for (const auto& ind : t.indicators) {
    std::vector<std::string> labels{normalise_label(ind.label)};
    for (const auto& a : ind.aliases) labels.push_back(normalise_label(a));
    std::erase_if(labels, [](const std::string& l) { return l.empty(); });
    for (const auto& l : labels) out.all_labels.insert(l);
    out.indicator_labels.push_back(std::move(labels));
  }
  return out;
}

struct header_match {
  std::size_t row_pos = 0;  // into grid::rows()
  std::vector<std::optional<std::uint32_t>> period_col;
  std::vector<std::optional<std::uint32_t>> derived_col;
  int score = 0;
  std::uint32_t first_col = no_limit;  // the leftmost matched header
};

header_match match_header(const grid& g, std::size_t row_pos, const terms& t, std::size_t n_periods,
                          std::size_t n_derived) {
  header_match m;
  m.row_pos = row_pos;
  m.period_col.resize(n_periods);
  m.derived_col.resize(n_derived);
  const auto& row = g.rows()[row_pos];
  std::unordered_map<std::uint32_t, const period_key*> keys;
  for (const auto& [col, key] : g.header_periods(row)) keys.emplace(col, key);
  auto take = [&](std::optional<std::uint32_t>& slot, std::uint32_t col) {
    if (slot) return;
    slot = col;
    ++m.score;
    m.first_col = std::min(m.first_col, col);
  };
  for (const auto& e : g.cells_of(row)) {
    const std::uint32_t col = e.cell->pos.col_idx;
    if (const auto k = keys.find(col); k != keys.end()) {
      if (const auto it = t.period_by_key.find(k->second->key); it != t.period_by_key.end())
        for (std::size_t i : it->second) take(m.period_col[i], col);
    }
    if (e.label.empty()) continue;
    if (const auto it = t.period_by_label.find(e.label); it != t.period_by_label.end())
      for (std::size_t i : it->second) take(m.period_col[i], col);
    if (const auto it = t.derived_by_label.find(e.label); it != t.derived_by_label.end())
      for (std::size_t i : it->second) take(m.derived_col[i], col);
  }
  return m;
}

bool starts_with_label(std::string_view text, std::string_view label) {
  return text.size() > label.size() && text.starts_with(label) && text[label.size()] == ' ';
}

struct label_pick {
  std::uint32_t col = 0;
  int hits = 0;
};

// The column left of `limit` that holds most of the table's labels in rows [begin, end); then
// the one holding most labels followed by more words; then the one holding most text.
label_pick pick_label_col(const grid& g, std::size_t begin, std::size_t end, std::uint32_t limit, const terms& t) {
  std::unordered_map<std::uint32_t, int> exact, prefix, text;
  for (std::size_t r = begin; r < end; ++r) {
    for (const auto& e : g.cells_of(g.rows()[r])) {
      const std::uint32_t col = e.cell->pos.col_idx;
      if (col >= limit || e.label.empty()) continue;
      if (t.all_labels.contains(e.label)) {
        ++exact[col];
      } else if (std::any_of(t.all_labels.begin(), t.all_labels.end(),
                             [&](const std::string& l) { return starts_with_label(e.label, l); })) {
        ++prefix[col];
      }
      if (g.is_label(e)) ++text[col];
    }
  }
  auto best = [](const std::unordered_map<std::uint32_t, int>& counts) {
    label_pick p;
    for (const auto& [col, n] : counts)
      if (n > p.hits || (n == p.hits && col > p.col)) p = {col, n};
    return p;
  };
  if (auto p = best(exact); p.hits > 0) return p;
  if (auto p = best(prefix); p.hits > 0) return p;
  return {best(text).col, 0};
}

struct placement {
  std::size_t sheet = 0;
  std::optional<header_match> header;
  std::size_t begin = 0;  // the rows (into grid::rows()) where labels are looked for
  std::size_t end = 0;
  label_pick labels;
  int score() const { return (header ? header->score : 0) + labels.hits; }
};

// Where the table stands on this sheet: its best header row and label column.
placement place(const grid& g, const schema::table& spec, const terms& t) {
  std::vector<header_match> candidates;
  int top = 0;
  for (std::size_t r = 0; r < g.rows().size(); ++r) {
    header_match m = match_header(g, r, t, spec.periods.size(), spec.derived.size());
    if (m.score == 0 || m.score < top) continue;
    if (m.score > top) {
      top = m.score;
      candidates.clear();
    }
    if (candidates.size() < max_header_candidates) candidates.push_back(std::move(m));
  }
  placement best;
  best.sheet = g.sheet();
  best.end = g.rows().size();
  if (candidates.empty()) {
    best.labels = pick_label_col(g, 0, g.rows().size(), no_limit, t);
    return best;
  }
  bool first = true;
  for (auto& m : candidates) {
    placement p;
    p.sheet = g.sheet();
    p.begin = m.row_pos + 1;
    p.end = p.begin;
    while (p.end < g.rows().size() && !g.is_header(g.rows()[p.end])) ++p.end;
    p.labels = pick_label_col(g, p.begin, p.end, m.first_col, t);
    p.header = std::move(m);
    if (first || p.labels.hits > best.labels.hits) best = std::move(p);
    first = false;
  }
  return best;
}

std::string one_line(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += ", ";
    out += '\'' + s + '\'';
  }
  return out;
}

std::string col_letters(std::uint32_t col) {
  std::string out;
  xlsx::append_col_letters(out, col);
  return out;
}

// Everything a table's findings share.
struct reporter {
  const schema::table& spec;
  std::string sheet;
  std::vector<rules::finding>& out;

  rules::finding& add(std::string_view rule, std::string message) {
    rules::finding f = rules::make_finding(rule);
    f.sheet = sheet;
    f.table = spec.id;
    f.message = std::move(message);
    out.push_back(std::move(f));
    return out.back();
  }
  void done() { rules::set_fingerprint(out.back()); }
  std::string where() const { return "table '" + spec.id + "' on " + sheet; }
};

void bind_periods(const grid& g, const placement& at, const terms& t, reporter& rep, bound_table& table,
                  std::vector<std::optional<std::size_t>>& bound_index) {
  const schema::table& spec = rep.spec;
  bound_index.assign(spec.periods.size(), std::nullopt);
  std::set<std::uint32_t> used;
  if (at.header) {
    for (const auto& c : at.header->period_col)
      if (c) used.insert(*c);
    for (const auto& c : at.header->derived_col)
      if (c) used.insert(*c);
  }
  for (std::size_t i = 0; i < spec.periods.size(); ++i) {
    const auto& p = spec.periods[i];
    if (at.header && at.header->period_col[i]) {
      const std::uint32_t row = g.rows()[at.header->row_pos].row_idx;
      const grid::entry* e = g.at({row, *at.header->period_col[i]});
      bound_period b;
      b.id = p.id;
      b.header = e ? g.shown(*e) : period_header(p);
      b.col_idx = *at.header->period_col[i];
      if (e && e->period) b.serial = e->period->serial;
      else if (t.period_keys[i]) b.serial = t.period_keys[i]->serial;
      bound_index[i] = table.periods.size();
      table.periods.push_back(std::move(b));
      continue;
    }
    std::string message = "Period '" + one_line(period_header(p)) + "' not found in ";
    if (!at.header) {
      message += rep.where() + ": no row holds its period headers";
    } else {
      // The header row's other cells, nearest in time when both are dates, else in spelling.
      const auto& row = g.rows()[at.header->row_pos];
      message += "the header row (row " + std::to_string(row.row_idx) + ") of " + rep.where();
      std::vector<std::string> shown;
      std::vector<std::size_t> distance;
      const std::string target = normalise_label(period_header(p));
      const bool any_period = std::any_of(g.cells_of(row).begin(), g.cells_of(row).end(), [&](const grid::entry& e) {
        return e.period && e.cell->pos.col_idx > table.label_col && !used.contains(e.cell->pos.col_idx);
      });
      for (const auto& e : g.cells_of(row)) {
        if (e.cell->pos.col_idx <= table.label_col || used.contains(e.cell->pos.col_idx) || g.is_blank(e)) continue;
        if (any_period && !e.period) continue;
        shown.push_back(one_line(g.shown(e)));
        if (t.period_keys[i] && e.period && e.period->serial && t.period_keys[i]->serial)
          distance.push_back(std::size_t(std::fabs(*e.period->serial - *t.period_keys[i]->serial)));
        else distance.push_back(1'000'000 + detail::edit_distance(target, normalise_label(shown.back())));
      }
      std::vector<std::string> names;
      for (std::size_t k : detail::nearest(distance, nearest_count)) names.push_back(shown[k]);
      message += names.empty() ? "; the row holds no other headers" : "; nearest: " + quoted_list(names);
    }
    auto& f = rep.add("RC103", std::move(message));
    f.period = p.id;
    rep.done();
  }
}

void bind_derived(const grid& g, const placement& at, reporter& rep, bound_table& table,
                  const std::vector<std::optional<std::size_t>>& bound_index) {
  const schema::table& spec = rep.spec;
  auto period_index = [&](const std::string& id) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < spec.periods.size(); ++i)
      if (spec.periods[i].id == id) return bound_index[i];
    return std::nullopt;
  };
  std::set<std::uint32_t> used;
  if (at.header) {
    for (const auto& c : at.header->period_col)
      if (c) used.insert(*c);
    for (const auto& c : at.header->derived_col)
      if (c) used.insert(*c);
  }
  for (std::size_t i = 0; i < spec.derived.size(); ++i) {
    const auto& d = spec.derived[i];
    if (at.header && at.header->derived_col[i]) {
      const std::uint32_t row = g.rows()[at.header->row_pos].row_idx;
      const grid::entry* e = g.at({row, *at.header->derived_col[i]});
      bound_derived b;
      b.header = e ? g.shown(*e) : d.header;
      b.kind = d.kind;
      b.col_idx = *at.header->derived_col[i];
      if (!d.from.empty()) b.from = period_index(d.from);
      if (!d.to.empty()) b.to = period_index(d.to);
      b.of = d.of;
      b.per = d.per;
      table.derived.push_back(std::move(b));
      continue;
    }
    std::string message = "Derived column '" + one_line(d.header) + "' not found in ";
    if (!at.header) {
      message += rep.where() + ": no row holds the table's headers";
    } else {
      const auto& row = g.rows()[at.header->row_pos];
      message += "the header row (row " + std::to_string(row.row_idx) + ") of " + rep.where();
      std::vector<std::string> shown;
      std::vector<std::size_t> distance;
      const std::string target = normalise_label(d.header);
      for (const auto& e : g.cells_of(row)) {
        if (e.cell->pos.col_idx <= table.label_col || used.contains(e.cell->pos.col_idx) || e.label.empty() || e.period)
          continue;
        shown.push_back(one_line(g.text(e)));
        distance.push_back(detail::edit_distance(target, e.label));
      }
      std::vector<std::string> names;
      for (std::size_t k : detail::nearest(distance, nearest_count)) names.push_back(shown[k]);
      message += names.empty() ? "; the row holds no other headers" : "; nearest: " + quoted_list(names);
    }
    auto& f = rep.add("RC104", std::move(message));
    f.period = !d.from.empty() || !d.to.empty() ? d.from + ".." + d.to : normalise_label(d.header);
    rep.done();
  }
}

void bind_indicators(const grid& g, const placement& at, const terms& t, reporter& rep, bound_table& table) {
  const schema::table& spec = rep.spec;
  const std::uint32_t col = table.label_col;
  struct label_row {
    std::uint32_t row_idx;
    const grid::entry* cell;
  };
  std::vector<label_row> rows;  // the label column's labels, top to bottom
  if (col != 0) {
    for (std::size_t r = at.begin; r < at.end; ++r) {
      const grid::entry* e = g.at({g.rows()[r].row_idx, col});
      if (e && !e->label.empty()) rows.push_back({g.rows()[r].row_idx, e});
    }
  }
  std::vector<std::optional<std::size_t>> bound_row(spec.indicators.size());  // into rows
  std::vector<bool> claimed(rows.size(), false);

  // Exact labels first, so that a label followed by more words cannot take a row another
  // indicator names exactly.
  for (std::size_t i = 0; i < spec.indicators.size(); ++i) {
    const auto& labels = t.indicator_labels[i];
    std::vector<std::size_t> hits;
    for (std::size_t k = 0; k < rows.size(); ++k)
      if (!claimed[k] && std::find(labels.begin(), labels.end(), rows[k].cell->label) != labels.end())
        hits.push_back(k);
    if (hits.empty()) continue;
    bound_row[i] = hits.front();
    for (std::size_t k : hits) claimed[k] = true;
    if (hits.size() >= 2) {
      std::string list;
      for (std::size_t n = 0; n < hits.size(); ++n) {
        if (n > 0) list += n + 1 == hits.size() ? " and " : ", ";
        list += std::to_string(rows[hits[n]].row_idx);
      }
      auto& f = rep.add("RC105", "'" + one_line(spec.indicators[i].label) + "' appears on rows " + list + " of " +
                                     rep.where() + "; row " + std::to_string(rows[hits.front()].row_idx) + " is used");
      f.cell = xlsx::cell_pos{rows[hits[1]].row_idx, col};
      f.indicator = spec.indicators[i].id;
      rep.done();
    }
  }
  // Then a label followed by more words ("... (excluding UASC)"), when one row alone has it
  // and that row could belong to no other indicator.
  for (std::size_t i = 0; i < spec.indicators.size(); ++i) {
    if (bound_row[i]) continue;
    auto prefix_of = [&](std::size_t ind, std::size_t k) {
      const auto& labels = t.indicator_labels[ind];
      return std::any_of(labels.begin(), labels.end(),
                         [&](const std::string& l) { return starts_with_label(rows[k].cell->label, l); });
    };
    std::vector<std::size_t> hits;
    for (std::size_t k = 0; k < rows.size(); ++k)
      if (!claimed[k] && prefix_of(i, k)) hits.push_back(k);
    if (hits.size() != 1) continue;
    bool shared = false;
    for (std::size_t j = 0; j < spec.indicators.size() && !shared; ++j)
      shared = j != i && !bound_row[j] && prefix_of(j, hits.front());
    if (shared) continue;
    bound_row[i] = hits.front();
    claimed[hits.front()] = true;
  }

  for (std::size_t i = 0; i < spec.indicators.size(); ++i) {
    const auto& ind = spec.indicators[i];
    if (bound_row[i]) {
      const label_row& r = rows[*bound_row[i]];
      table.indicators.push_back({ind.id, std::string(g.text(*r.cell)), r.row_idx, &ind});
      continue;
    }
    // The nearest labels the column holds, those bound to no indicator first.
    const std::string target = t.indicator_labels[i].empty() ? std::string() : t.indicator_labels[i].front();
    std::vector<std::size_t> pool;
    for (std::size_t k = 0; k < rows.size(); ++k)
      if (!claimed[k] && g.is_label(*rows[k].cell)) pool.push_back(k);
    if (pool.empty())
      for (std::size_t k = 0; k < rows.size(); ++k)
        if (g.is_label(*rows[k].cell)) pool.push_back(k);
    std::vector<std::size_t> distance;
    for (std::size_t k : pool) distance.push_back(detail::edit_distance(target, rows[k].cell->label));
    const auto near = detail::nearest(distance, nearest_count);
    std::string message = "'" + one_line(ind.label) + "' not found in " + rep.where();
    if (col == 0) {
      message += "; no column of labels found";
    } else if (near.empty()) {
      message += "; column " + col_letters(col) + " holds no labels";
    } else {
      std::vector<std::string> names;
      for (std::size_t k : near) names.push_back(one_line(g.text(*rows[pool[k]].cell)));
      message += "; nearest: " + quoted_list(names);
    }
    auto& f = rep.add("RC102", std::move(message));
    f.indicator = ind.id;
    // The nearest label's cell when it is close enough to be the same label mistyped.
    if (!near.empty() && distance[near.front()] <= std::max<std::size_t>(3, target.size() / 3))
      f.cell = xlsx::cell_pos{rows[pool[near.front()]].row_idx, col};
    rep.done();
  }
}

void locate_table(const schema::table& spec, const xlsx::workbook& wb, sheet_cache& cache, bind_result& out) {
  const terms t = terms_of(spec);
  std::optional<placement> at;
  std::string sheet_name;
  if (!spec.sheet.empty()) {
    std::optional<std::size_t> index = wb.find_sheet(spec.sheet);
    const std::string wanted = normalise_label(spec.sheet);
    for (std::size_t s = 0; !index && s < wb.sheets().size(); ++s)
      if (normalise_label(wb.sheets()[s].name) == wanted) index = s;
    if (!index || *index >= cache.size()) {
      std::vector<std::size_t> distance;
      for (const auto& s : wb.sheets()) distance.push_back(detail::edit_distance(wanted, normalise_label(s.name)));
      std::vector<std::string> names;
      for (std::size_t k : detail::nearest(distance, nearest_count)) names.push_back(wb.sheets()[k].name);
      rules::finding f = rules::make_finding("RC101");
      f.sheet = spec.sheet;
      f.table = spec.id;
      f.message = "No sheet named '" + spec.sheet + "' for table '" + spec.id + "'";
      f.message += names.empty() ? "; the workbook has no sheets" : "; nearest: " + quoted_list(names);
      rules::set_fingerprint(f);
      out.findings.push_back(std::move(f));
      return;
    }
    sheet_name = wb.sheets()[*index].name;
    placement p = place(cache.get(*index), spec, t);
    if (p.score() > 0) at = std::move(p);
  } else {
    for (std::size_t s = 0; s < cache.size(); ++s) {
      if (wb.sheets()[s].kind != xlsx::sheet_kind::worksheet) continue;
      placement p = place(cache.get(s), spec, t);
      if (p.score() > 0 && (!at || p.score() > at->score())) at = std::move(p);
    }
    if (at) sheet_name = wb.sheets()[at->sheet].name;
  }
  if (!at) {
    rules::finding f = rules::make_finding("RC106");
    f.sheet = sheet_name;
    f.table = spec.id;
    if (!sheet_name.empty()) {
      f.message = "Table '" + spec.id + "' not found on " + sheet_name + ": none of its labels or headers is there";
    } else {
      f.message = "Table '" + spec.id + "' not found: none of its labels or headers is on any sheet";
    }
    rules::set_fingerprint(f);
    out.findings.push_back(std::move(f));
    return;
  }

  const grid& g = cache.get(at->sheet);
  bound_table table;
  table.id = spec.id;
  table.sheet = std::uint32_t(at->sheet);
  table.header_row = at->header ? g.rows()[at->header->row_pos].row_idx : 0;
  table.label_col = at->labels.col;
  table.spec = &spec;
  reporter rep{spec, sheet_name, out.findings};
  std::vector<std::optional<std::size_t>> bound_index;
  bind_periods(g, *at, t, rep, table, bound_index);
  bind_derived(g, *at, rep, table, bound_index);
  bind_indicators(g, *at, t, rep, table);
  out.tables.push_back(std::move(table));
}

}  // namespace

bind_result locate(const schema::schema& s, const xlsx::workbook& wb, const xlsx::cell_store& cells) {
  bind_result out;
  sheet_cache cache(wb, cells);
  for (const auto& t : s.tables)
    if (t.kind == schema::layout::indicators) locate_table(t, wb, cache, out);
  return out;
}

}  // namespace returncheck::bind
