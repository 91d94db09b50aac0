// Locating a schema's records tables (a header row, then one record per row) by their headers.
#include <algorithm>
#include <optional>
#include <unordered_map>

#include "returncheck/bind/bind.hpp"
#include "returncheck/bind/detail/grid.hpp"

namespace returncheck::bind {
namespace {

// How many nearest headers or sheet names a finding names.
constexpr std::size_t nearest_count = 3;
// Text past this many bytes is prose, never a column header.
constexpr std::size_t max_header_bytes = 1000;
// A run of this many rows blank in every bound column ends the records.
constexpr std::uint32_t blank_rows_ending = 2;

// A table's headers and aliases, normalised, each pointing at its column.
using header_terms = std::unordered_map<std::string, std::vector<std::size_t>>;

header_terms terms_of(const schema::table& t) {
  header_terms out;
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    const auto& c = t.columns[i];
    if (auto n = normalise_label(c.header); !n.empty()) out[n].push_back(i);
    for (const auto& a : c.aliases)
      if (auto n = normalise_label(a); !n.empty()) out[n].push_back(i);
  }
  return out;
}

const xlsx::stored_cell* cells_end(const std::vector<xlsx::stored_cell>& v) { return v.data() + v.size(); }

// The columns one row's headers bind, leftmost first: col_of[i] is schema column i's column.
struct header_row {
  std::uint32_t row_idx = 0;
  std::vector<std::optional<std::uint32_t>> col_of;
  int score = 0;
};

header_row match_row(const xlsx::stored_cell* first, const xlsx::stored_cell* last, const xlsx::cell_store& cells,
                     const header_terms& terms, std::size_t n_columns) {
  header_row out;
  out.row_idx = first->pos.row_idx;
  out.col_of.resize(n_columns);
  for (const auto* c = first; c != last; ++c) {
    if (c->type != xlsx::value_type::string) continue;
    const std::string_view text = cells.text_of(*c);
    if (text.size() > max_header_bytes) continue;
    const auto it = terms.find(normalise_label(text));
    if (it == terms.end()) continue;
    // A header names one column: the first of the schema's columns it names that is still free.
    for (std::size_t i : it->second) {
      if (out.col_of[i]) continue;
      out.col_of[i] = c->pos.col_idx;
      ++out.score;
      break;
    }
  }
  return out;
}

// The row of the sheet holding most of the table's headers; the topmost wins a tie.
std::optional<header_row> best_header_row(const xlsx::sheet_cells& sheet, const xlsx::cell_store& cells,
                                          const header_terms& terms, std::size_t n_columns) {
  std::optional<header_row> best;
  const auto& all = sheet.cells();
  const xlsx::stored_cell* p = all.data();
  const xlsx::stored_cell* end = cells_end(all);
  while (p != end) {
    const xlsx::stored_cell* q = p;
    while (q != end && q->pos.row_idx == p->pos.row_idx) ++q;
    header_row r = match_row(p, q, cells, terms, n_columns);
    if (r.score > 0 && (!best || r.score > best->score)) best = std::move(r);
    p = q;
  }
  return best;
}

bool holds_value(const xlsx::stored_cell& c, const xlsx::cell_store& cells) {
  switch (c.type) {
    case xlsx::value_type::empty: return false;
    case xlsx::value_type::string: {
      const std::string_view t = cells.text_of(c);
      return t.find_first_not_of(" \t\r\n") != std::string_view::npos;
    }
    default: return true;
  }
}

// The last row of the records below the header row: the last row holding a value in a bound
// column before a run of blank rows ends them.
std::uint32_t last_record_row(const xlsx::sheet_cells& sheet, const xlsx::cell_store& cells, std::uint32_t header_row,
                              const std::vector<std::uint32_t>& cols) {
  std::uint32_t last = header_row;
  const auto& all = sheet.cells();
  auto it = std::upper_bound(all.begin(), all.end(), header_row,
                             [](std::uint32_t row, const xlsx::stored_cell& c) { return row < c.pos.row_idx; });
  for (; it != all.end(); ++it) {
    if (!std::binary_search(cols.begin(), cols.end(), it->pos.col_idx) || !holds_value(*it, cells)) continue;
    if (it->pos.row_idx - last > blank_rows_ending) break;
    last = it->pos.row_idx;
  }
  return last;
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += ", ";
    out += '\'';
    out += s;
    out += '\'';
  }
  return out;
}

std::optional<std::size_t> find_sheet(const xlsx::workbook& wb, const std::string& name, std::size_t sheet_count) {
  std::optional<std::size_t> index = wb.find_sheet(name);
  const std::string wanted = normalise_label(name);
  for (std::size_t s = 0; !index && s < wb.sheets().size(); ++s)
    if (normalise_label(wb.sheets()[s].name) == wanted) index = s;
  if (index && *index >= sheet_count) index.reset();
  return index;
}

void report_missing_sheet(const schema::table& spec, const xlsx::workbook& wb, records_result& out) {
  const std::string wanted = normalise_label(spec.sheet);
  std::vector<std::size_t> distance;
  for (const auto& s : wb.sheets()) distance.push_back(detail::edit_distance(wanted, normalise_label(s.name)));
  std::vector<std::string> names;
  for (std::size_t k : detail::nearest(distance, nearest_count)) names.push_back(wb.sheets()[k].name);
  rules::finding f = rules::make_finding("RC101");
  f.sheet = spec.sheet;
  f.table = spec.id;
  f.message = "No sheet named '";
  f.message += spec.sheet;
  f.message += "' for table '";
  f.message += spec.id;
  f.message += "'";
  if (names.empty()) {
    f.message += "; the workbook has no sheets";
  } else {
    f.message += "; nearest: ";
    f.message += quoted_list(names);
  }
  rules::set_fingerprint(f);
  out.findings.push_back(std::move(f));
}

// A column whose header the header row lacks: the row's other headers, nearest in spelling.
void report_missing_column(const schema::column& col, const schema::table& spec, const std::string& sheet_name,
                           const xlsx::sheet_cells& sheet, const xlsx::cell_store& cells, const header_row& row,
                           records_result& out) {
  std::vector<std::uint32_t> used;
  for (const auto& c : row.col_of)
    if (c) used.push_back(*c);
  const std::string target = normalise_label(col.header);
  std::vector<std::string> shown;
  std::vector<std::size_t> distance;
  std::vector<std::uint32_t> at_col;
  sheet.for_each_in(
      xlsx::cell_range{{row.row_idx, 1}, {row.row_idx, xlsx::max_col_idx}}, [&](const xlsx::stored_cell& c) {
        if (c.type != xlsx::value_type::string || std::find(used.begin(), used.end(), c.pos.col_idx) != used.end())
          return true;
        const std::string_view text = cells.text_of(c);
        if (text.size() > max_header_bytes) return true;
        const std::string label = normalise_label(text);
        if (label.empty()) return true;
        shown.push_back(one_line(text));
        distance.push_back(detail::edit_distance(target, label));
        at_col.push_back(c.pos.col_idx);
        return true;
      });
  const auto near = detail::nearest(distance, nearest_count);
  rules::finding f = rules::make_finding("RC107");
  f.sheet = sheet_name;
  f.table = spec.id;
  f.indicator = col.id;
  f.message = "Column '";
  f.message += one_line(col.header);
  f.message += "' not found in the header row (row ";
  f.message += std::to_string(row.row_idx);
  f.message += ") of table '";
  f.message += spec.id;
  f.message += "' on ";
  f.message += sheet_name;
  if (near.empty()) {
    f.message += "; the row holds no other headers";
  } else {
    std::vector<std::string> names;
    for (std::size_t k : near) names.push_back(shown[k]);
    f.message += "; nearest: ";
    f.message += quoted_list(names);
    // The nearest header's cell when it is close enough to be the same header mistyped.
    if (distance[near.front()] <= std::max<std::size_t>(3, target.size() / 3))
      f.cell = xlsx::cell_pos{row.row_idx, at_col[near.front()]};
  }
  rules::set_fingerprint(f);
  out.findings.push_back(std::move(f));
}

void locate_table(const schema::table& spec, const xlsx::workbook& wb, const xlsx::cell_store& cells,
                  records_result& out) {
  const header_terms terms = terms_of(spec);
  const std::size_t sheet_count = std::min(wb.sheets().size(), cells.sheet_count());
  std::optional<header_row> at;
  std::size_t sheet = 0;
  std::string sheet_name;
  if (!spec.sheet.empty()) {
    const auto index = find_sheet(wb, spec.sheet, sheet_count);
    if (!index) {
      report_missing_sheet(spec, wb, out);
      return;
    }
    sheet = *index;
    sheet_name = wb.sheets()[sheet].name;
    at = best_header_row(cells.sheet(sheet), cells, terms, spec.columns.size());
  } else {
    for (std::size_t s = 0; s < sheet_count; ++s) {
      if (wb.sheets()[s].kind != xlsx::sheet_kind::worksheet) continue;
      auto r = best_header_row(cells.sheet(s), cells, terms, spec.columns.size());
      if (r && (!at || r->score > at->score)) {
        at = std::move(r);
        sheet = s;
      }
    }
    if (at) sheet_name = wb.sheets()[sheet].name;
  }
  if (!at) {
    rules::finding f = rules::make_finding("RC106");
    f.sheet = sheet_name;
    f.table = spec.id;
    f.message = "Table '";
    f.message += spec.id;
    if (!sheet_name.empty()) {
      f.message += "' not found on ";
      f.message += sheet_name;
      f.message += ": none of its column headers is there";
    } else {
      f.message += "' not found: none of its column headers is on any sheet";
    }
    rules::set_fingerprint(f);
    out.findings.push_back(std::move(f));
    return;
  }

  const xlsx::sheet_cells& sc = cells.sheet(sheet);
  bound_records table;
  table.id = spec.id;
  table.sheet = std::uint32_t(sheet);
  table.header_row = at->row_idx;
  table.spec = &spec;
  std::vector<std::uint32_t> cols;
  for (std::size_t i = 0; i < spec.columns.size(); ++i) {
    const auto& col = spec.columns[i];
    if (!at->col_of[i]) {
      report_missing_column(col, spec, sheet_name, sc, cells, *at, out);
      continue;
    }
    const xlsx::stored_cell* c = sc.find({at->row_idx, *at->col_of[i]});
    table.columns.push_back({col.id, c ? one_line(cells.text_of(*c)) : col.header, *at->col_of[i], &col});
    cols.push_back(*at->col_of[i]);
  }
  std::sort(cols.begin(), cols.end());
  table.first_row = at->row_idx + 1;
  table.last_row = last_record_row(sc, cells, at->row_idx, cols);
  out.tables.push_back(std::move(table));
}

}  // namespace

records_result locate_records(const schema::schema& s, const xlsx::workbook& wb, const xlsx::cell_store& cells) {
  records_result out;
  for (const auto& t : s.tables)
    if (t.kind == schema::layout::records) locate_table(t, wb, cells, out);
  return out;
}

}  // namespace returncheck::bind
