// Lookup and reference functions (docs/formulas.md lists them with their known differences from Excel).
#include <algorithm>
#include <cmath>
#include <random>

#include "returncheck/formula/functions/registry.hpp"
#include "returncheck/formula/parser.hpp"

namespace returncheck::formula::functions {
namespace {

// ---- Rectangles: a range of the workbook or an array, read without copying a whole column

struct shape {
  std::uint32_t rows = 1;
  std::uint32_t cols = 1;
};

shape shape_of(const operand& o) {
  if (const auto* r = std::get_if<range_ref>(&o))
    return {r->area.last.row_idx - r->area.first.row_idx + 1, r->area.last.col_idx - r->area.first.col_idx + 1};
  if (const auto* a = std::get_if<array>(&o)) return {a->rows, a->cols};
  return {};
}

// The error an argument that should be a rectangle holds instead (a lone value is a 1x1 one).
std::optional<error_value> error_in(const operand& o) {
  if (const auto* v = std::get_if<value>(&o); v && v->is_error()) return v->as_error();
  return std::nullopt;
}

// The part of a rectangle from (row, col) spanning rows x cols, 0-based: a reference stays a
// reference, an array gives an array (a value when it is one cell).
operand part_of(const operand& o, std::uint32_t row, std::uint32_t col, std::uint32_t rows, std::uint32_t cols) {
  if (const auto* r = std::get_if<range_ref>(&o)) {
    range_ref out{r->sheet, {}};
    out.area.first = {r->area.first.row_idx + row, r->area.first.col_idx + col};
    out.area.last = {out.area.first.row_idx + rows - 1, out.area.first.col_idx + cols - 1};
    return out;
  }
  if (const auto* a = std::get_if<array>(&o)) {
    if (rows == 1 && cols == 1) return a->at(row, col);
    array out;
    out.rows = rows;
    out.cols = cols;
    out.cells.reserve(std::size_t(rows) * cols);
    for (std::uint32_t i = 0; i < rows; ++i)
      for (std::uint32_t j = 0; j < cols; ++j) out.cells.push_back(a->at(row + i, col + j));
    return out;
  }
  return o;
}

// One value of a rectangle, 0-based.
value value_at(call_args& args, const operand& o, std::uint32_t row, std::uint32_t col) {
  if (const auto* r = std::get_if<range_ref>(&o))
    return args.engine().cell_value(r->sheet, {r->area.first.row_idx + row, r->area.first.col_idx + col});
  if (const auto* a = std::get_if<array>(&o)) return a->at(row, col);
  return std::get<value>(o);
}

// A row or column of a rectangle as the lookups search it: the position along it and the
// value, blank cells left out, so that a whole column costs what the sheet holds.
struct entry {
  std::uint32_t pos;
  value v;
};

std::vector<entry> line_of(call_args& args, const operand& o, bool down, std::uint32_t fixed) {
  std::vector<entry> out;
  if (const auto* r = std::get_if<range_ref>(&o)) {
    xlsx::cell_range line = r->area;
    if (down) line.first.col_idx = line.last.col_idx = r->area.first.col_idx + fixed;
    else line.first.row_idx = line.last.row_idx = r->area.first.row_idx + fixed;
    if (r->sheet >= args.engine().cells().sheet_count()) return out;
    args.engine().cells().sheet(r->sheet).for_each_in(line, [&](const xlsx::stored_cell& c) {
      value v = args.engine().cell_value(r->sheet, c.pos);
      if (!v.is_blank())
        out.push_back({down ? c.pos.row_idx - line.first.row_idx : c.pos.col_idx - line.first.col_idx, std::move(v)});
      return true;
    });
    return out;
  }
  const shape s = shape_of(o);
  const std::uint32_t n = down ? s.rows : s.cols;
  for (std::uint32_t i = 0; i < n; ++i) {
    value v = value_at(args, o, down ? i : fixed, down ? fixed : i);
    if (!v.is_blank()) out.push_back({i, std::move(v)});
  }
  return out;
}

// ---- Matching

bool equal(const value& a, const value& b) {
  if (a.kind() != b.kind()) return false;  // numbers and text are never equal
  const auto c = compare(a, b);
  return c && *c == 0;
}

// Excel's wildcards: * any run of characters, ? one character, ~ makes the next one literal;
// letters match in either case (ASCII).
bool has_wildcards(const std::string& s) { return s.find_first_of("*?~") != std::string::npos; }

char fold(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

// The length in bytes of the UTF-8 character starting at t[i], so that ? matches "é" whole.
std::size_t char_len(std::string_view t, std::size_t i) {
  std::size_t n = 1;
  while (i + n < t.size() && (static_cast<unsigned char>(t[i + n]) & 0xC0) == 0x80) ++n;
  return n;
}

bool wildcard_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0;
  std::size_t star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    bool advanced = false;
    if (p < pattern.size()) {
      const char c = pattern[p];
      if (c == '*') {
        star_p = ++p;
        star_t = t;
        continue;
      }
      if (c == '?') {
        ++p;
        t += char_len(text, t);
        advanced = true;
      } else {
        const std::size_t lit = (c == '~' && p + 1 < pattern.size()) ? p + 1 : p;
        if (fold(pattern[lit]) == fold(text[t])) {
          p = lit + 1;
          ++t;
          advanced = true;
        }
      }
    }
    if (advanced) continue;
    if (star_p == std::string_view::npos) return false;
    p = star_p;
    star_t += char_len(text, star_t);
    t = star_t;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

// Whether an entry matches the lookup value exactly; with wildcards when `wild` and the lookup
// value is text holding any.
bool matches(const value& lookup, const value& v, bool wild) {
  if (wild && lookup.is_text() && has_wildcards(lookup.as_text()))
    return v.is_text() && wildcard_match(lookup.as_text(), v.as_text());
  return equal(lookup, v);
}

std::optional<std::uint32_t> find_exact(const std::vector<entry>& items, const value& lookup, bool wild,
                                        bool last_first) {
  if (last_first) {
    for (auto it = items.rbegin(); it != items.rend(); ++it)
      if (matches(lookup, it->v, wild)) return it->pos;
  } else {
    for (const auto& e : items)
      if (matches(lookup, e.v, wild)) return e.pos;
  }
  return std::nullopt;
}

// The entries of the lookup value's own kind: sorted lookups compare numbers with numbers,
// text with text and booleans with booleans, and pass over everything else (errors included).
std::vector<const entry*> same_kind(const std::vector<entry>& items, const value& lookup) {
  std::vector<const entry*> out;
  for (const auto& e : items)
    if (e.v.kind() == lookup.kind()) out.push_back(&e);
  return out;
}

int order(const value& a, const value& b) {
  const auto c = compare(a, b);
  if (!c) return 0;
  return *c < 0 ? -1 : (*c > 0 ? 1 : 0);
}

// A binary search over data sorted ascending (descending when `descending`): the last entry
// not past the lookup value, so the largest value <= it (the smallest >= it when descending),
// the last of equal ones. On data that is not sorted Excel's answer depends on how its own
// search splits the data, and may differ from this one.
std::optional<std::uint32_t> find_sorted(const std::vector<entry>& items, const value& lookup, bool descending) {
  const auto xs = same_kind(items, lookup);
  std::size_t lo = 0, hi = xs.size();  // xs[0, lo) are not past the lookup value
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    const int c = order(xs[mid]->v, lookup);
    if (descending ? c >= 0 : c <= 0) lo = mid + 1;
    else hi = mid;
  }
  if (lo == 0) return std::nullopt;
  return xs[lo - 1]->pos;
}

// ---- INDEX, MATCH, VLOOKUP, HLOOKUP, XLOOKUP

// Argument i as a whole number (truncated), for positions and counts.
or_error<double> whole_arg(call_args& args, std::size_t i, double fallback = 0) {
  const auto x = number_arg(args, i, fallback);
  if (!x) return x;
  return std::trunc(*x);
}

bool absent(call_args& args, std::size_t i) { return i >= args.size() || args.missing(i); }

// INDEX returns a reference when given one, so A1:INDEX(...) and SUM(INDEX(A1:B5,0,1)) work;
// row or column 0 takes the whole column or row.
operand index(call_args& args) {
  const operand src = args.get(0);
  if (const auto e = error_in(src)) return err(*e);
  auto row = whole_arg(args, 1);
  if (!row) return err(row.error());
  auto col = whole_arg(args, 2);
  if (!col) return err(col.error());
  if (!absent(args, 3)) {
    const auto area = whole_arg(args, 3);
    if (!area) return err(area.error());
    if (*area < 1) return err(error_value::value);
    if (*area > 1) return err(error_value::ref);  // only one area: unions are not modelled
  }
  if (*row < 0 || *col < 0) return err(error_value::value);
  const shape s = shape_of(src);
  // With one index, a one-row rectangle takes it as the column.
  if (args.size() < 3 && s.rows == 1 && s.cols > 1) {
    col = *row;
    row = 0.0;
  }
  if (*row > s.rows || *col > s.cols) return err(error_value::ref);
  const std::uint32_t r = std::uint32_t(*row), c = std::uint32_t(*col);
  return part_of(src, r == 0 ? 0 : r - 1, c == 0 ? 0 : c - 1, r == 0 ? s.rows : 1, c == 0 ? s.cols : 1);
}

operand match(call_args& args) {
  const value lookup = args.scalar(0);
  if (lookup.is_error()) return lookup;
  const operand in = args.get(1);
  if (const auto e = error_in(in)) return err(*e);
  const auto type = number_arg(args, 2, 1);
  if (!type) return err(type.error());
  const shape s = shape_of(in);
  if (s.rows != 1 && s.cols != 1) return err(error_value::na);
  if (lookup.is_blank()) return err(error_value::na);
  const auto items = line_of(args, in, s.cols == 1, 0);
  const auto found = *type == 0 ? find_exact(items, lookup, true, false) : find_sorted(items, lookup, *type < 0);
  if (!found) return err(error_value::na);
  return num(*found + 1.0);
}

// VLOOKUP (down) and HLOOKUP (across).
template <bool down>
operand table_lookup(call_args& args) {
  const value lookup = args.scalar(0);
  if (lookup.is_error()) return lookup;
  const operand table = args.get(1);
  if (const auto e = error_in(table)) return err(*e);
  const auto which = whole_arg(args, 2);
  if (!which) return err(which.error());
  const auto approximate = boolean_arg(args, 3, true);
  if (!approximate) return err(approximate.error());
  const shape s = shape_of(table);
  if (*which < 1) return err(error_value::value);
  if (*which > (down ? s.cols : s.rows)) return err(error_value::ref);
  if (lookup.is_blank()) return err(error_value::na);
  const auto items = line_of(args, table, down, 0);
  const auto found = *approximate ? find_sorted(items, lookup, false) : find_exact(items, lookup, true, false);
  if (!found) return err(error_value::na);
  // A value, not a reference: an empty cell found is 0, as Excel shows it.
  const std::uint32_t other = std::uint32_t(*which) - 1;
  const value v = value_at(args, table, down ? *found : other, down ? other : *found);
  return v.is_blank() ? value::number(0) : v;
}

// XLOOKUP's linear search for match modes -1 and 1: an exact match, or else the nearest value
// of the same kind below (-1) or above (1), the first met in the search order.
std::optional<std::uint32_t> find_nearest(const std::vector<entry>& items, const value& lookup, int mode,
                                          bool last_first) {
  if (const auto exact = find_exact(items, lookup, false, last_first)) return exact;
  const entry* best = nullptr;
  auto consider = [&](const entry& e) {
    if (e.v.kind() != lookup.kind()) return;
    const int c = order(e.v, lookup);
    if (c != mode) return;
    if (best == nullptr || order(e.v, best->v) == -mode) best = &e;
  };
  if (last_first) {
    for (auto it = items.rbegin(); it != items.rend(); ++it) consider(*it);
  } else {
    for (const auto& e : items) consider(e);
  }
  if (best == nullptr) return std::nullopt;
  return best->pos;
}

// XLOOKUP's binary search (search modes 2 and -2) over data sorted ascending or descending.
std::optional<std::uint32_t> find_binary(const std::vector<entry>& items, const value& lookup, int mode,
                                         bool descending) {
  const auto xs = same_kind(items, lookup);
  // The first entry at or past the lookup value in the sort order.
  std::size_t lo = 0, hi = xs.size();
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    const int c = order(xs[mid]->v, lookup);
    if (descending ? c > 0 : c < 0) lo = mid + 1;
    else hi = mid;
  }
  const bool hit = lo < xs.size() && order(xs[lo]->v, lookup) == 0;
  if (hit) return xs[lo]->pos;
  if (mode == 0) return std::nullopt;
  // The entry at lo is past the lookup value, the one before it short of it.
  const bool want_after = descending ? mode == -1 : mode == 1;
  if (want_after) return lo < xs.size() ? std::optional(xs[lo]->pos) : std::nullopt;
  return lo > 0 ? std::optional(xs[lo - 1]->pos) : std::nullopt;
}

operand xlookup(call_args& args) {
  const value lookup = args.scalar(0);
  if (lookup.is_error()) return lookup;
  const operand in = args.get(1);
  if (const auto e = error_in(in)) return err(*e);
  const operand out = args.get(2);
  if (const auto e = error_in(out)) return err(*e);
  const auto mode = whole_arg(args, 4, 0);
  if (!mode) return err(mode.error());
  const auto search = whole_arg(args, 5, 1);
  if (!search) return err(search.error());
  if (*mode < -1 || *mode > 2 || (*search != 1 && *search != -1 && *search != 2 && *search != -2))
    return err(error_value::value);
  const shape s = shape_of(in), t = shape_of(out);
  if (s.rows != 1 && s.cols != 1) return err(error_value::value);
  // Down a column when the lookup array is one; a single cell goes the way the return array fits.
  const bool down = s.cols == 1 && (s.rows > 1 || t.rows == 1);
  if (down ? t.rows != s.rows : t.cols != s.cols) return err(error_value::value);
  std::optional<std::uint32_t> found;
  if (!lookup.is_blank()) {
    const auto items = line_of(args, in, down, 0);
    if (*search == 2 || *search == -2) found = find_binary(items, lookup, *mode == 2 ? 0 : int(*mode), *search < 0);
    else if (*mode == -1 || *mode == 1) found = find_nearest(items, lookup, int(*mode), *search < 0);
    else found = find_exact(items, lookup, *mode == 2, *search < 0);
  }
  if (!found) {
    if (!absent(args, 3)) return args.get(3);
    return err(error_value::na);
  }
  return down ? part_of(out, *found, 0, 1, t.cols) : part_of(out, 0, *found, t.rows, 1);
}

// LOOKUP(lookup_value, lookup_vector, [result_vector]) and LOOKUP(lookup_value, array): an
// approximate match found as VLOOKUP's TRUE finds it, the last value of the lookup value's kind
// not past it; #N/A when every one is past it. The searched line is the first row of a
// rectangle wider than it is tall, else the first column. Without a result vector the answer
// is in the same place of the last row (column); with one, at the same position along it (a
// single cell reads in the searched line's direction), and a result range shorter than the
// searched line reads on past its end, as Excel does.
operand lookup(call_args& args) {
  const value wanted = args.scalar(0);
  if (wanted.is_error()) return wanted;
  const operand in = args.get(1);
  if (const auto e = error_in(in)) return err(*e);
  const shape s = shape_of(in);
  const bool across = s.cols > s.rows;
  if (wanted.is_blank()) return err(error_value::na);
  const auto found = find_sorted(line_of(args, in, !across, 0), wanted, false);
  if (!found) return err(error_value::na);
  value v;
  if (absent(args, 2)) {
    v = across ? value_at(args, in, s.rows - 1, *found) : value_at(args, in, *found, s.cols - 1);
  } else {
    const operand out = args.get(2);
    if (const auto e = error_in(out)) return err(*e);
    const shape t = shape_of(out);
    const bool out_across = t.rows == 1 && (t.cols > 1 || across);
    if (*found >= (out_across ? t.cols : t.rows)) {
      const auto* r = std::get_if<range_ref>(&out);
      if (r == nullptr) return err(error_value::na);
      if ((out_across ? r->area.first.col_idx + std::uint64_t(*found) > xlsx::max_col_idx
                      : r->area.first.row_idx + std::uint64_t(*found) > xlsx::max_row_idx))
        return err(error_value::ref);
    }
    v = out_across ? value_at(args, out, 0, *found) : value_at(args, out, *found, 0);
  }
  return v.is_blank() ? value::number(0) : v;
}

// TRANSPOSE(array): rows become columns; an array formula shows it whole, one cell its
// top-left value.
operand transpose(call_args& args) {
  const array a = args.values(0);
  array out;
  out.rows = a.cols;
  out.cols = a.rows;
  out.cells.reserve(a.cells.size());
  for (std::uint32_t r = 0; r < out.rows; ++r)
    for (std::uint32_t c = 0; c < out.cols; ++c) out.cells.push_back(a.at(c, r));
  return out;
}

// CHOOSE evaluates only the argument it picks, which may be a reference.
operand choose(call_args& args) {
  const auto i = whole_arg(args, 0);
  if (!i) return err(i.error());
  if (*i < 1 || *i >= double(args.size())) return err(error_value::value);
  const std::size_t pick = std::size_t(*i);
  if (args.missing(pick)) return value::number(0);
  return args.get(pick);
}

// ---- Where cells are: ROW, COLUMN, ROWS, COLUMNS

// ROW and COLUMN: of the formula's own cell without an argument; of a range, its rows (columns)
// as an array, whose first is what one cell shows.
template <bool rows>
operand row_or_column(call_args& args) {
  if (absent(args, 0)) return num(rows ? args.cell().row_idx : args.cell().col_idx);
  const operand o = args.get(0);
  if (const auto e = error_in(o)) return err(*e);
  const auto* r = std::get_if<range_ref>(&o);
  if (r == nullptr) return err(error_value::value);
  const std::uint32_t first = rows ? r->area.first.row_idx : r->area.first.col_idx;
  const std::uint32_t last = rows ? r->area.last.row_idx : r->area.last.col_idx;
  if (first == last) return num(first);
  array a;
  a.rows = rows ? last - first + 1 : 1;
  a.cols = rows ? 1 : last - first + 1;
  a.cells.reserve(last - first + 1);
  for (std::uint32_t i = first; i <= last; ++i) a.cells.push_back(value::number(i));
  return a;
}

template <bool rows>
operand count_of(call_args& args) {
  const operand o = args.get(0);
  if (const auto e = error_in(o)) return err(*e);
  const shape s = shape_of(o);
  return num(rows ? s.rows : s.cols);
}

// ---- OFFSET and INDIRECT: references computed at run time

operand offset(call_args& args) {
  const operand o = args.get(0);
  if (const auto e = error_in(o)) return err(*e);
  const auto* r = std::get_if<range_ref>(&o);
  if (r == nullptr) return err(error_value::value);
  const shape s = shape_of(o);
  const auto down = whole_arg(args, 1);
  if (!down) return err(down.error());
  const auto across = whole_arg(args, 2);
  if (!across) return err(across.error());
  const auto height = whole_arg(args, 3, s.rows);
  if (!height) return err(height.error());
  const auto width = whole_arg(args, 4, s.cols);
  if (!width) return err(width.error());
  if (*height == 0 || *width == 0) return err(error_value::ref);
  // The moved corner; a negative height or width reaches up or left from it.
  const double row = r->area.first.row_idx + *down, col = r->area.first.col_idx + *across;
  const double top = *height > 0 ? row : row + *height + 1, bottom = *height > 0 ? row + *height - 1 : row;
  const double left = *width > 0 ? col : col + *width + 1, right = *width > 0 ? col + *width - 1 : col;
  if (top < 1 || left < 1 || bottom > xlsx::max_row_idx || right > xlsx::max_col_idx) return err(error_value::ref);
  return range_ref{r->sheet,
                   {{std::uint32_t(top), std::uint32_t(left)}, {std::uint32_t(bottom), std::uint32_t(right)}}};
}

// An R1C1 reference as INDIRECT(text, FALSE) reads it: R2C3, R[-1]C, RC[2], R1C1:R3C2.
std::optional<xlsx::cell_pos> parse_r1c1_cell(std::string_view& t, xlsx::cell_pos at) {
  auto part = [&](char letter, std::uint32_t base) -> std::optional<std::uint32_t> {
    if (t.empty() || fold(t.front()) != fold(letter)) return std::nullopt;
    t.remove_prefix(1);
    const bool relative = !t.empty() && t.front() == '[';
    if (relative) t.remove_prefix(1);
    bool negative = false;
    if (relative && !t.empty() && (t.front() == '-' || t.front() == '+')) {
      negative = t.front() == '-';
      t.remove_prefix(1);
    }
    long n = 0;
    std::size_t digits = 0;
    while (!t.empty() && t.front() >= '0' && t.front() <= '9' && digits < 8) {
      n = n * 10 + (t.front() - '0');
      t.remove_prefix(1);
      ++digits;
    }
    if (relative) {
      if (digits == 0 || t.empty() || t.front() != ']') return std::nullopt;
      t.remove_prefix(1);
      const long v = long(base) + (negative ? -n : n);
      if (v < 1) return std::nullopt;
      return std::uint32_t(v);
    }
    if (digits == 0) return base;  // R alone: the formula's own row
    return std::uint32_t(n);
  };
  const auto row = part('R', at.row_idx);
  if (!row) return std::nullopt;
  const auto col = part('C', at.col_idx);
  if (!col || *row < 1 || *row > xlsx::max_row_idx || *col < 1 || *col > xlsx::max_col_idx) return std::nullopt;
  return xlsx::cell_pos{*row, *col};
}

operand indirect(call_args& args) {
  const auto text = text_arg(args, 0);
  if (!text) return err(text.error());
  const auto a1 = boolean_arg(args, 1, true);
  if (!a1) return err(a1.error());
  if (*a1) {
    // Read as a formula that must be nothing but a reference (or a name that is one).
    if (!text->empty() && text->front() == '=') return err(error_value::ref);  // a formula, not a reference
    const auto tree = parse(*text);
    if (!tree || (tree->kind != node_kind::ref && tree->kind != node_kind::name)) return err(error_value::ref);
    const operand o = args.engine().eval(*tree, eval_context{args.sheet(), args.cell(), false});
    if (!std::holds_alternative<range_ref>(o)) return err(error_value::ref);
    return o;
  }
  std::string_view t = *text;
  std::uint32_t sheet = args.sheet();
  if (const auto bang = t.rfind('!'); bang != std::string_view::npos) {
    std::string name(t.substr(0, bang));
    if (name.size() >= 2 && name.front() == '\'' && name.back() == '\'') {
      std::string unquoted;
      for (std::size_t i = 1; i + 1 < name.size(); ++i) {
        unquoted.push_back(name[i]);
        if (name[i] == '\'' && name[i + 1] == '\'') ++i;
      }
      name = unquoted;
    }
    const auto s = args.engine().sheet_index(name);
    if (!s) return err(error_value::ref);
    sheet = *s;
    t.remove_prefix(bang + 1);
  }
  const auto first = parse_r1c1_cell(t, args.cell());
  if (!first) return err(error_value::ref);
  xlsx::cell_pos last = *first;
  if (!t.empty() && t.front() == ':') {
    t.remove_prefix(1);
    const auto second = parse_r1c1_cell(t, args.cell());
    if (!second) return err(error_value::ref);
    last = *second;
  }
  if (!t.empty()) return err(error_value::ref);
  return range_ref{sheet,
                   {{std::min(first->row_idx, last.row_idx), std::min(first->col_idx, last.col_idx)},
                    {std::max(first->row_idx, last.row_idx), std::max(first->col_idx, last.col_idx)}}};
}

// ---- Random numbers: never checked, but computed so that a formula using them still runs

std::mt19937_64& generator() {
  thread_local std::mt19937_64 g{std::random_device{}()};
  return g;
}

operand rand_(call_args&) { return num(std::uniform_real_distribution<double>(0, 1)(generator())); }

operand randbetween(call_args& args) {
  const auto lo = number_arg(args, 0);
  if (!lo) return err(lo.error());
  const auto hi = number_arg(args, 1);
  if (!hi) return err(hi.error());
  const double bottom = std::ceil(*lo), top = std::floor(*hi);
  if (bottom > top) return err(error_value::num);
  const double pick =
      std::floor(bottom + std::uniform_real_distribution<double>(0, 1)(generator()) * (top - bottom + 1));
  return num(std::min(pick, top));
}

// HYPERLINK(link, [friendly_name]) shows its friendly name, or the link when there is none.
operand hyperlink(call_args& args) {
  const value shown = args.scalar(args.size() > 1 && !args.missing(1) ? 1 : 0);
  return shown.is_blank() ? value::number(0) : shown;
}

}  // namespace

std::span<const function_info> lookup_functions() {
  static const function_info table[] = {
      {"HYPERLINK", 1, 2, hyperlink},
      {"CHOOSE", 2, 255, choose},
      {"COLUMN", 0, 1, row_or_column<false>},
      {"COLUMNS", 1, 1, count_of<false>, true},
      {"HLOOKUP", 3, 4, table_lookup<false>, true},
      {"INDEX", 2, 4, index, true},
      {"INDIRECT", 1, 2, indirect, false, true},
      {"LOOKUP", 2, 3, lookup, true},
      {"MATCH", 2, 3, match, true},
      {"OFFSET", 3, 5, offset, false, true},
      {"RAND", 0, 0, rand_, false, true},
      {"RANDBETWEEN", 2, 2, randbetween, false, true},
      {"ROW", 0, 1, row_or_column<true>},
      {"ROWS", 1, 1, count_of<true>, true},
      {"TRANSPOSE", 1, 1, transpose, true},
      {"VLOOKUP", 3, 4, table_lookup<true>, true},
      {"XLOOKUP", 3, 6, xlookup, true},
  };
  return table;
}

}  // namespace returncheck::formula::functions
