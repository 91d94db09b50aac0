// The function table: every category's functions, found by name.
#include "returncheck/formula/functions/registry.hpp"

#include <algorithm>
#include <vector>

#include "returncheck/xlsx/detail/text.hpp"

namespace returncheck::formula {

std::span<const function_info> function_table() {
  static const std::vector<function_info> table = [] {
    std::vector<function_info> all;
    for (auto part : {functions::math_functions(), functions::stats_functions(), functions::logic_functions(),
                      functions::text_functions(), functions::date_functions(), functions::lookup_functions(),
                      functions::engineering_functions(), functions::matrix_functions()})
      all.insert(all.end(), part.begin(), part.end());
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    // Functions whose every parameter takes one value: in an array formula they apply element
    // by element to a range or array (Excel's "lifting"). Functions that take ranges, tables or
    // references (SUM, COUNTIF, VLOOKUP, INDEX, ROW...) are not in the list.
    static constexpr std::string_view lifting[] = {
        "ABS", "ACOS", "ACOSH", "ASIN", "ASINH", "ATAN", "ATAN2", "ATANH", "BIN2DEC", "BIN2HEX", "BIN2OCT", "CEILING",
        "CHAR", "CLEAN", "CODE", "COMBIN", "CONCATENATE", "COS", "COSH", "DATE", "DATEDIF", "DATEVALUE", "DAY",
        "DAYS", "DEC2BIN", "DEC2HEX", "DEC2OCT", "DEGREES", "DELTA", "EDATE", "EOMONTH", "ERROR.TYPE", "EVEN",
        "EXACT", "EXP", "FACT", "FIND", "FLOOR", "GESTEP", "HEX2BIN", "HEX2DEC", "HEX2OCT", "HOUR", "IF", "IFERROR",
        "IFNA", "INT", "ISBLANK", "ISERR", "ISERROR", "ISEVEN", "ISLOGICAL", "ISNA", "ISNONTEXT", "ISNUMBER", "ISODD",
        "ISTEXT", "LEFT", "LEN", "LN", "LOG", "LOG10", "LOWER", "MID", "MINUTE", "MOD", "MONTH", "MROUND", "N", "NOT",
        "OCT2BIN", "OCT2DEC", "OCT2HEX", "ODD", "POWER", "PROPER", "RADIANS", "REPLACE", "REPT", "RIGHT", "ROMAN",
        "ROUND", "ROUNDDOWN", "ROUNDUP", "SEARCH", "SECOND", "SIGN", "SIN", "SINH", "SQRT", "SUBSTITUTE", "T", "TAN",
        "TANH", "TEXT", "TIME", "TIMEVALUE", "TRIM", "TRUNC", "UPPER", "VALUE", "WEEKDAY", "WEEKNUM", "YEAR"};
    for (auto& f : all)
      f.lifts = std::binary_search(std::begin(lifting), std::end(lifting), f.name);
    return all;
  }();
  return table;
}

const function_info* find_function(std::string_view name) {
  const auto table = function_table();
  const auto it = std::lower_bound(table.begin(), table.end(), name,
                                   [](const function_info& f, std::string_view n) { return f.name < n; });
  return it != table.end() && it->name == name ? &*it : nullptr;
}

namespace functions {

std::optional<error_value> numbers_of(call_args& args, std::size_t i, std::vector<double>& out) {
  if (args.missing(i)) {
    out.push_back(0);
    return std::nullopt;
  }
  std::optional<error_value> failure;
  args.for_each(i, [&](const value& v, bool in_collection) {
    if (v.is_error()) {
      failure = v.as_error();
      return false;
    }
    if (v.is_number()) {
      out.push_back(v.as_number());
    } else if (!in_collection && !v.is_blank()) {
      const auto x = to_number(v, args.date1904());
      if (!x) {
        failure = x.error();
        return false;
      }
      out.push_back(*x);
    }
    return true;
  });
  return failure;
}

std::optional<error_value> collect_numbers(call_args& args, std::size_t first, std::vector<double>& out) {
  for (std::size_t i = first; i < args.size(); ++i)
    if (const auto e = numbers_of(args, i, out)) return e;
  return std::nullopt;
}

or_error<double> number_arg(call_args& args, std::size_t i, double fallback) {
  if (i >= args.size() || args.missing(i)) return fallback;
  return to_number(args.scalar(i), args.date1904());
}

or_error<double> strict_number_arg(call_args& args, std::size_t i, double fallback) {
  if (i >= args.size() || args.missing(i)) return fallback;
  const value v = args.scalar(i);
  if (v.is_boolean()) return util::unexpected{error_value::value};
  return to_number(v, args.date1904());
}

or_error<std::string> text_arg(call_args& args, std::size_t i) {
  if (i >= args.size() || args.missing(i)) return std::string();
  return to_text(args.scalar(i));
}

or_error<bool> boolean_arg(call_args& args, std::size_t i, bool fallback) {
  if (i >= args.size() || args.missing(i)) return fallback;
  return to_boolean(args.scalar(i));
}

// ---- Criteria of the *IF and *IFS functions ----
//
// How Excel reads a criteria argument, from Microsoft's SUMIF, COUNTIF and COUNTIFS pages:
//   - a number, boolean or error matches cells equal to it; an empty cell as criteria is 0;
//   - text may start with = <> < <= > >=, and what follows is read as a number (or a date, a
//     percentage... as to_number reads text), TRUE or FALSE, an error value, or else text;
//   - text compares without case; with = or <> (or no operator) * and ? are wildcards and ~
//     makes the next * ? or ~ literal;
//   - "" matches empty cells and empty text, "=" empty cells only, "<>" any cell not empty;
//   - <> matches everything the = form does not, empty cells included ("<>abc" counts blanks);
//   - a number criteria, with = or no operator, also matches text that reads as that number
//     ("3" in a cell matches 3): Excel turns such text into numbers, which is why COUNTIF calls
//     16-digit card numbers stored as text duplicates. Unsure: whether < and > do too (here not).
namespace {

enum class criteria_op { equal, not_equal, less, less_equal, greater, greater_equal };

struct criterion {
  criteria_op op = criteria_op::equal;
  value operand;                       // number, text, boolean or error; blank for the three empty forms
  bool empty_form = false;             // "", "=" or "<>": matches on emptiness alone
  bool empty_text_too = false;         // "": empty text counts as empty
  std::vector<std::uint32_t> pattern;  // the operand text case-folded, one entry per character
  std::vector<bool> wild;              // whether pattern[i] is a wildcard (* or ?)
};

// UTF-8 text as one number per character (its bytes packed), after case folding: enough to
// compare characters for equality, which is all wildcard matching needs.
std::vector<std::uint32_t> characters(std::string_view text) {
  const std::string folded = xlsx::detail::fold_case(text);
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < folded.size();) {
    std::uint32_t ch = static_cast<unsigned char>(folded[i++]);
    while (i < folded.size() && (static_cast<unsigned char>(folded[i]) & 0xC0) == 0x80)
      ch = (ch << 8) | static_cast<unsigned char>(folded[i++]);
    out.push_back(ch);
  }
  return out;
}

criterion read_criterion(const value& v, bool date1904) {
  criterion c;
  if (v.is_blank()) {
    c.operand = value::number(0);
    return c;
  }
  if (!v.is_text()) {
    c.operand = v;
    return c;
  }
  std::string_view t = v.as_text();
  bool has_op = true;
  if (t.starts_with("<=")) c.op = criteria_op::less_equal;
  else if (t.starts_with(">=")) c.op = criteria_op::greater_equal;
  else if (t.starts_with("<>")) c.op = criteria_op::not_equal;
  else if (t.starts_with("<")) c.op = criteria_op::less;
  else if (t.starts_with(">")) c.op = criteria_op::greater;
  else if (t.starts_with("=")) c.op = criteria_op::equal;
  else has_op = false;
  if (has_op)
    t.remove_prefix(c.op == criteria_op::less || c.op == criteria_op::greater || c.op == criteria_op::equal ? 1 : 2);
  if (t.empty() && (c.op == criteria_op::equal || c.op == criteria_op::not_equal)) {
    c.empty_form = true;
    c.empty_text_too = !has_op;
    return c;
  }
  if (const auto n = to_number(value::text(std::string(t)), date1904)) {
    c.operand = value::number(*n);
  } else if (const auto e = parse_error_value(t)) {
    c.operand = value::error(*e);
  } else if (const auto b = to_boolean(value::text(std::string(t)))) {
    c.operand = value::boolean(*b);
  } else {
    c.operand = value::text(std::string(t));
    const bool wildcards = c.op == criteria_op::equal || c.op == criteria_op::not_equal;
    const std::vector<std::uint32_t> chars = characters(t);
    for (std::size_t i = 0; i < chars.size(); ++i) {
      const std::uint32_t ch = chars[i];
      if (wildcards && ch == '~' && i + 1 < chars.size() &&
          (chars[i + 1] == '*' || chars[i + 1] == '?' || chars[i + 1] == '~')) {
        c.pattern.push_back(chars[++i]);
        c.wild.push_back(false);
      } else {
        c.pattern.push_back(ch);
        c.wild.push_back(wildcards && (ch == '*' || ch == '?'));
      }
    }
  }
  return c;
}

// Whether text matches the pattern as a whole, * standing for any run of characters and ? for one.
bool wildcard_match(const criterion& c, const std::vector<std::uint32_t>& text) {
  std::size_t p = 0, t = 0;
  std::size_t star = std::string::npos, star_t = 0;
  while (t < text.size()) {
    if (p < c.pattern.size() && c.wild[p] && c.pattern[p] == '*') {
      star = p++;
      star_t = t;
    } else if (p < c.pattern.size() &&
               ((c.wild[p] && c.pattern[p] == '?') || (!c.wild[p] && c.pattern[p] == text[t]))) {
      ++p;
      ++t;
    } else if (star != std::string::npos) {
      p = star + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < c.pattern.size() && c.wild[p] && c.pattern[p] == '*') ++p;
  return p == c.pattern.size();
}

bool same_number(double a, double b) { return round_to_15_digits(a) == round_to_15_digits(b); }

// The = form of the criterion, for a cell that is not blank.
bool equals(const criterion& c, const value& cell, bool date1904) {
  const value& x = c.operand;
  switch (x.kind()) {
    case value_kind::number:
      if (cell.is_number()) return same_number(cell.as_number(), x.as_number());
      if (cell.is_text()) {
        const auto n = to_number(cell, date1904);
        return n && same_number(*n, x.as_number());
      }
      return false;
    case value_kind::text: return cell.is_text() && wildcard_match(c, characters(cell.as_text()));
    case value_kind::boolean: return cell.is_boolean() && cell.as_boolean() == x.as_boolean();
    case value_kind::error: return cell.is_error() && cell.as_error() == x.as_error();
    case value_kind::blank: return false;
  }
  return false;
}

bool meets(const criterion& c, const value& cell, bool date1904) {
  const bool empty = cell.is_blank() || (c.empty_text_too && cell.is_text() && cell.as_text().empty());
  if (c.empty_form) return c.op == criteria_op::equal ? empty : !empty;
  if (c.op == criteria_op::equal) return !cell.is_blank() && equals(c, cell, date1904);
  if (c.op == criteria_op::not_equal) return cell.is_blank() || !equals(c, cell, date1904);
  // < <= > >= compare only cells of the operand's kind: numbers with numbers, text with text.
  if (cell.kind() != c.operand.kind() || cell.is_error()) return false;
  const auto order = compare(cell, c.operand);
  if (!order) return false;
  switch (c.op) {
    case criteria_op::less: return *order < 0;
    case criteria_op::less_equal: return *order <= 0;
    case criteria_op::greater: return *order > 0;
    default: return *order >= 0;
  }
}

// A range (or, where Excel would refuse the formula, an array) argument, read at offsets from
// its top-left cell; rows and cols are the shape it is read in.
struct grid {
  std::optional<range_ref> ref;
  array values;
  std::uint32_t rows = 0;
  std::uint32_t cols = 0;
};

or_error<grid> grid_of(call_args& args, std::size_t i) {
  grid g;
  const operand o = args.get(i);
  if (const auto* r = std::get_if<range_ref>(&o)) {
    g.ref = *r;
    g.rows = r->area.last.row_idx - r->area.first.row_idx + 1;
    g.cols = r->area.last.col_idx - r->area.first.col_idx + 1;
    return g;
  }
  if (const auto* v = std::get_if<value>(&o); v != nullptr && v->is_error()) return util::unexpected{v->as_error()};
  g.values = args.engine().to_array(o);
  g.rows = g.values.rows;
  g.cols = g.values.cols;
  return g;
}

// g read in another shape from the same top-left cell, cut at the sheet's edge.
void reshape(grid& g, std::uint32_t rows, std::uint32_t cols) {
  g.rows = rows;
  g.cols = cols;
  if (!g.ref) return;
  auto& area = g.ref->area;
  area.last.row_idx = std::min(area.first.row_idx + (rows - 1), xlsx::max_row_idx);
  area.last.col_idx = std::min(area.first.col_idx + (cols - 1), xlsx::max_col_idx);
}

std::uint64_t offset_key(std::uint32_t r, std::uint32_t c) { return (std::uint64_t(r) << 32) | c; }

value cell_at(evaluator& ev, const grid& g, std::uint32_t r, std::uint32_t c) {
  if (!g.ref) return r < g.values.rows && c < g.values.cols ? g.values.at(r, c) : value::blank();
  const xlsx::cell_pos p{g.ref->area.first.row_idx + r, g.ref->area.first.col_idx + c};
  if (!g.ref->area.contains(p)) return value::blank();
  return ev.cell_value(g.ref->sheet, p);
}

// The offsets of g's cells that may hold a value; every other cell in its shape is blank.
void stored_offsets(evaluator& ev, const grid& g, std::vector<std::uint64_t>& out) {
  if (!g.ref) {
    for (std::uint32_t r = 0; r < std::min(g.rows, g.values.rows); ++r)
      for (std::uint32_t c = 0; c < std::min(g.cols, g.values.cols); ++c)
        if (!g.values.at(r, c).is_blank()) out.push_back(offset_key(r, c));
    return;
  }
  const xlsx::cell_pos first = g.ref->area.first;
  ev.cells().sheet(g.ref->sheet).for_each_in(g.ref->area, [&](const xlsx::stored_cell& c) {
    out.push_back(offset_key(c.pos.row_idx - first.row_idx, c.pos.col_idx - first.col_idx));
    return true;
  });
}

}  // namespace

std::optional<error_value> match_criteria(call_args& args, std::size_t first, std::size_t pairs,
                                          std::optional<std::size_t> target, bool stretch, std::uint64_t& matched,
                                          std::vector<double>& numbers) {
  evaluator& ev = args.engine();
  std::vector<grid> ranges;
  std::vector<criterion> criteria;
  for (std::size_t k = 0; k < pairs; ++k) {
    auto g = grid_of(args, first + 2 * k);
    if (!g) return g.error();
    ranges.push_back(std::move(*g));
    criteria.push_back(read_criterion(args.scalar(first + 2 * k + 1), args.date1904()));
  }
  std::optional<grid> sums;
  if (target) {
    auto g = grid_of(args, *target);
    if (!g) return g.error();
    sums = std::move(*g);
    if (stretch) reshape(*sums, ranges.front().rows, ranges.front().cols);
  }
  const grid& shape = sums ? *sums : ranges.front();
  for (const grid& g : ranges)
    if (g.rows != shape.rows || g.cols != shape.cols) return error_value::value;

  // Only positions where some range holds a value need looking at; at every other one all the
  // cells are blank, so they all match or none does.
  std::vector<std::uint64_t> offsets;
  for (const grid& g : ranges) stored_offsets(ev, g, offsets);
  if (sums) stored_offsets(ev, *sums, offsets);
  std::sort(offsets.begin(), offsets.end());
  offsets.erase(std::unique(offsets.begin(), offsets.end()), offsets.end());

  matched = 0;
  for (const std::uint64_t key : offsets) {
    const auto r = std::uint32_t(key >> 32), c = std::uint32_t(key & 0xFFFFFFFF);
    bool all = true;
    for (std::size_t k = 0; k < pairs && all; ++k)
      all = meets(criteria[k], cell_at(ev, ranges[k], r, c), args.date1904());
    if (!all) continue;
    ++matched;
    if (!sums) continue;
    const value v = cell_at(ev, *sums, r, c);
    if (v.is_error()) return v.as_error();
    if (v.is_number()) numbers.push_back(v.as_number());
  }
  const bool blanks_match = std::all_of(criteria.begin(), criteria.end(),
                                        [&](const criterion& c) { return meets(c, value::blank(), args.date1904()); });
  if (blanks_match) matched += std::uint64_t(shape.rows) * shape.cols - offsets.size();
  return std::nullopt;
}

}  // namespace functions
}  // namespace returncheck::formula
