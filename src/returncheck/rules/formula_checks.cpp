// The formula checks (RC501-RC505), sheet by sheet over the cells held in memory.
#include "returncheck/rules/formula_checks.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "returncheck/formula/parser.hpp"
#include "returncheck/formula/r1c1.hpp"
#include "returncheck/formula/recalc.hpp"
#include "returncheck/xlsx/formula_shift.hpp"

namespace returncheck::rules {
namespace {

using formula::binary_op;
using formula::eval_status;
using formula::node;
using formula::node_kind;
using formula::ref_kind;
using formula::value;
using xlsx::cell_pos;
using xlsx::cell_range;
using xlsx::stored_cell;

// ---------------------------------------------------------------------------------------------
// Positions

std::uint64_t key(cell_pos p) { return (std::uint64_t(p.row_idx) << 15) | p.col_idx; }

// The two ways a run of cells lies: down a column, or along a row.
enum class axis : std::uint8_t { column, row };

axis across(axis a) { return a == axis::column ? axis::row : axis::column; }

// The cell `steps` cells away along the axis (negative: up or left); nullopt off the sheet.
std::optional<cell_pos> along(cell_pos p, axis a, std::int64_t steps) {
  std::int64_t r = p.row_idx;
  std::int64_t c = p.col_idx;
  (a == axis::column ? r : c) += steps;
  if (r < 1 || c < 1 || r > xlsx::max_row_idx || c > xlsx::max_col_idx) return std::nullopt;
  return cell_pos{std::uint32_t(r), std::uint32_t(c)};
}

std::string a1(cell_pos p) { return xlsx::format_cell_ref(p); }

// ---------------------------------------------------------------------------------------------
// Values in messages

double round_sig(double x, int digits) {
  if (x == 0 || !std::isfinite(x)) return x;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*e", digits - 1, x);
  return std::strtod(buf, nullptr);
}

// A number as a reader wants it in a sentence: at most 8 significant digits.
std::string show_number(double x) { return formula::format_number(round_sig(x, 8)); }

// Two numbers with the fewest significant digits (5 at least) that tell them apart, so that
// 0.176 against 0.176258992805755 reads "0.176" and "0.17626".
std::pair<std::string, std::string> show_apart(double a, double b) {
  for (int digits = 5; digits <= 15; ++digits) {
    std::string ta = formula::format_number(round_sig(a, digits));
    std::string tb = formula::format_number(round_sig(b, digits));
    if (ta != tb) return {std::move(ta), std::move(tb)};
  }
  return {formula::format_number(a), formula::format_number(b)};
}

std::string quoted(std::string_view text) {
  constexpr std::size_t max_shown = 40;
  std::string out = "\"";
  out += text.size() > max_shown ? std::string(text.substr(0, max_shown)) + "..." : std::string(text);
  out += '"';
  return out;
}

std::string show_value(const value& v) {
  switch (v.kind()) {
    case formula::value_kind::blank: return "nothing";
    case formula::value_kind::number: return show_number(v.as_number());
    case formula::value_kind::text: return "the text " + quoted(v.as_text());
    case formula::value_kind::boolean: return v.as_boolean() ? "TRUE" : "FALSE";
    case formula::value_kind::error: return std::string(formula::to_text(v.as_error()));
  }
  return "?";
}

// What an error value usually means, for a reader who has not met it.
std::string_view error_meaning(std::string_view text) {
  if (text == "#DIV/0!") return "a division by zero or by a blank cell";
  if (text == "#REF!") return "a reference to cells that were deleted";
  if (text == "#N/A") return "a value not available, often a lookup that found nothing";
  if (text == "#VALUE!") return "arithmetic on text, or an argument of the wrong kind";
  if (text == "#NAME?") return "a function or name Excel does not know";
  if (text == "#NUM!") return "a number out of range";
  if (text == "#NULL!") return "ranges that do not meet";
  return "";
}

// ---------------------------------------------------------------------------------------------
// Formula trees

const node& unparen(const node& n) {
  const node* p = &n;
  while (p->kind == node_kind::paren && !p->children.empty()) p = &p->children.front();
  return *p;
}

template <class F>
void for_each_ref(const node& n, const F& visit) {
  if (n.kind == node_kind::ref) visit(n);
  for (const node& c : n.children) for_each_ref(c, visit);
}

bool any_node(const node& n, const auto& pred) {
  if (pred(n)) return true;
  return std::any_of(n.children.begin(), n.children.end(), [&](const node& c) { return any_node(c, pred); });
}

// The cells a reference covers; nullopt for #REF!.
std::optional<cell_range> area_of(const formula::reference& r) {
  const auto lo = [](std::uint32_t a, std::uint32_t b) { return std::min(a, b); };
  const auto hi = [](std::uint32_t a, std::uint32_t b) { return std::max(a, b); };
  const cell_pos f = r.first.pos;
  const cell_pos l = r.last.pos;
  switch (r.kind) {
    case ref_kind::cell: return cell_range{f, f};
    case ref_kind::area: return cell_range{{lo(f.row_idx, l.row_idx), lo(f.col_idx, l.col_idx)},
                                           {hi(f.row_idx, l.row_idx), hi(f.col_idx, l.col_idx)}};
    case ref_kind::columns: return cell_range{{1, lo(f.col_idx, l.col_idx)}, {xlsx::max_row_idx, hi(f.col_idx, l.col_idx)}};
    case ref_kind::rows: return cell_range{{lo(f.row_idx, l.row_idx), 1}, {hi(f.row_idx, l.row_idx), xlsx::max_col_idx}};
    case ref_kind::error: return std::nullopt;
  }
  return std::nullopt;
}

bool arithmetic(binary_op op) {
  return op == binary_op::add || op == binary_op::subtract || op == binary_op::multiply ||
         op == binary_op::divide || op == binary_op::power;
}

// A leaf where two formulas of one structure differ: a reference or a constant.
struct leaf_diff {
  const node* ours;
  const node* theirs;
  bool divisor = false;  // the right-hand side of a division
};

bool is_leaf(const node& n) {
  switch (n.kind) {
    case node_kind::number:
    case node_kind::string:
    case node_kind::boolean:
    case node_kind::error:
    case node_kind::ref:
    case node_kind::name:
    case node_kind::missing:
      return true;
    default:
      return false;
  }
}

// Walks two trees in step. False when they differ in more than their leaves (an operator, a
// function, the number of arguments, parentheses); otherwise collects the leaves that differ.
bool same_structure(const node& a, const node& b, std::vector<leaf_diff>& diffs, bool divisor = false) {
  if (is_leaf(a) && is_leaf(b)) {
    if (!(a == b)) diffs.push_back({&a, &b, divisor});
    return true;
  }
  if (a.kind != b.kind || a.children.size() != b.children.size()) return false;
  if (a.kind == node_kind::binary && a.binary != b.binary) return false;
  if (a.kind == node_kind::unary && a.unary != b.unary) return false;
  if (a.kind == node_kind::call && (a.text != b.text || !(a.prefix == b.prefix))) return false;
  if ((a.kind == node_kind::table_ref || a.kind == node_kind::unsupported) && a.text != b.text) return false;
  for (std::size_t i = 0; i < a.children.size(); ++i) {
    const bool div = a.kind == node_kind::binary && a.binary == binary_op::divide && i > 0;
    if (!same_structure(a.children[i], b.children[i], diffs, div)) return false;
  }
  return true;
}

// Both leaves reach the same cells of the same sheet, and differ only in '$' anchors.
bool same_cells(const node& a, const node& b) {
  if (a.kind != node_kind::ref || b.kind != node_kind::ref) return false;
  if (!(a.prefix == b.prefix) || a.ref.kind != b.ref.kind) return false;
  return area_of(a.ref) == area_of(b.ref);
}

// Whether some reference of `x` spans the cells that the same reference of each neighbour reads
// (=SUM(B1:C4) beside =SUM(B1:B4) and =SUM(C1:C4)): a total of its neighbours' inputs.
bool spans_neighbours(const node& x, const node& a, const node& b) {
  if (x.kind == node_kind::ref && a.kind == node_kind::ref && b.kind == node_kind::ref) {
    if (!(x.prefix == a.prefix) || !(x.prefix == b.prefix)) return false;
    const auto ax = area_of(x.ref);
    const auto aa = area_of(a.ref);
    const auto ab = area_of(b.ref);
    const auto within = [&](const cell_range& r) { return ax->contains(r.first) && ax->contains(r.last); };
    return ax && aa && ab && *ax != *aa && *ax != *ab && within(*aa) && within(*ab);
  }
  if (x.kind != a.kind || x.kind != b.kind || x.children.size() != a.children.size() ||
      x.children.size() != b.children.size())
    return false;
  for (std::size_t i = 0; i < x.children.size(); ++i)
    if (spans_neighbours(x.children[i], a.children[i], b.children[i])) return true;
  return false;
}

bool has_reference(const node& tree) {
  return any_node(tree, [](const node& n) {
    return n.kind == node_kind::ref || n.kind == node_kind::table_ref || n.kind == node_kind::name;
  });
}

// Every difference is one reference for another, and not the same references in another order
// (=1-B3-B2 against =1-B2-B3).
bool pure_reference_slip(const std::vector<leaf_diff>& diffs) {
  std::vector<std::string> ours;
  std::vector<std::string> theirs;
  for (const leaf_diff& d : diffs) {
    if (d.ours->kind != node_kind::ref || d.theirs->kind != node_kind::ref) return false;
    ours.push_back(formula::to_formula(*d.ours));
    theirs.push_back(formula::to_formula(*d.theirs));
  }
  std::sort(ours.begin(), ours.end());
  std::sort(theirs.begin(), theirs.end());
  return ours != theirs;
}

// ---------------------------------------------------------------------------------------------
// One sheet

struct formula_cell {
  const stored_cell* stored = nullptr;
  node tree;
  std::string shape;  // R1C1
};

// Findings of one sheet, one list per rule RC501..RC505.
using buckets = std::array<std::vector<finding>, 5>;

// An RC501 candidate: whether to report it depends on the others (see check_formulas).
struct stale_value {
  finding found;
  std::uint32_t sheet = 0;
  bool cached_zero = false;
};

// Whether a formula's cached value and the one computed now differ, beyond what writers do
// to values they store: 14 significant digits, or "" for a formula they did not calculate.
bool differs(const value& computed, const value& cached) {
  if (formula::agrees(computed, cached)) return false;
  if (cached.is_text() && cached.as_text().empty()) return false;
  if (computed.is_error() && cached.is_text() && cached.as_text() == formula::to_text(computed.as_error()))
    return false;
  if (computed.is_number() && cached.is_number()) {
    const double a = computed.as_number();
    const double b = cached.as_number();
    return std::fabs(a - b) > 1e-10 * std::max(std::fabs(a), std::fabs(b));
  }
  return true;
}

// Error values whose cause a recalculation can get wrong without the file being stale: a name
// or a reference it cannot resolve, or the implicit intersection of older Excel (#VALUE!).
// #DIV/0! is left: a division by zero is plain.
bool unsure_error(const value& v) { return v.is_error() && v.as_error() != formula::error_value::div0; }

// Functions whose result depends on what the cell store does not hold (hidden rows) or on the
// platform and locale Excel ran on (code pages, number formats).
bool platform_dependent(const node& tree) {
  return any_node(tree, [](const node& n) {
    if (n.kind != node_kind::call) return false;
    return n.text == "SUBTOTAL" || n.text == "AGGREGATE" || n.text == "CHAR" || n.text == "CODE" ||
           n.text == "TEXT" || n.text == "CELL" || n.text == "INFO";
  });
}

// What the checks of every sheet share: the workbook, and whether its formula cells hold the
// values they compute.
class workbook_view {
 public:
  workbook_view(const xlsx::workbook& wb, const xlsx::cell_store& cells, formula::evaluator& ev)
      : wb(wb), cells(cells), ev(ev) {
    // Names such as Worksheet!$B1 move with the cell that uses them, and so does a name defined
    // by a formula that uses one: a recalculation that reads them as fixed cells would call
    // fresh values stale.
    std::vector<std::pair<std::string, node>> defined;
    for (const auto& name : wb.defined_names())
      if (auto tree = formula::parse(name.formula)) defined.emplace_back(upper(name.name), std::move(*tree));
    for (bool grew = true; grew;) {
      grew = false;
      for (const auto& [name, tree] : defined) {
        if (relative_names_.contains(name)) continue;
        bool relative = uses_relative_name(tree);
        for_each_ref(tree, [&](const node& r) {
          relative = relative || (r.ref.kind != ref_kind::error && (!r.ref.first.row_abs || !r.ref.first.col_abs ||
                                                                    !r.ref.last.row_abs || !r.ref.last.col_abs));
        });
        if (relative) grew = relative_names_.insert(name).second || grew;
      }
    }
  }

  // A formula cell whose cached value differs from the one computed now (differs() above).
  bool cached_differs(std::uint32_t sheet, const stored_cell& c) {
    if (c.formula == 0 || c.type == xlsx::value_type::empty) return false;
    const std::uint64_t k = (std::uint64_t(sheet) << 40) | key(c.pos);
    if (const auto it = differs_.find(k); it != differs_.end()) return it->second;
    const formula::cell_result& r = ev.evaluate(sheet, c.pos);
    const bool d = r.status == eval_status::computed && differs(r.computed, ev.stored_value(c));
    differs_.emplace(k, d);
    return d;
  }

  // Whether the formula in `at` reads another cell whose own cached value differs: its figure
  // then moves with that cell's, which is reported instead.
  bool reads_differing_cell(const node& tree, std::uint32_t sheet, cell_pos at) {
    constexpr std::size_t max_visits = 10'000;
    std::size_t visits = 0;
    bool found = false;
    for_each_ref(tree, [&](const node& r) {
      if (found) return;
      const auto s = sheet_of(r, sheet);
      const auto area = area_of(r.ref);
      if (!s || !area || *s >= cells.sheet_count()) return;
      cells.sheet(*s).for_each_in(*area, [&](const stored_cell& c) {
        if (++visits > max_visits) return false;
        if ((*s != sheet || c.pos != at) && cached_differs(*s, c)) found = true;
        return !found;
      });
    });
    return found;
  }

  bool uses_relative_name(const node& tree) const {
    return !relative_names_.empty() && any_node(tree, [&](const node& n) {
      return n.kind == node_kind::name && n.prefix.empty() && relative_names_.contains(upper(n.text));
    });
  }

  // The sheet a reference points into: `own` when it names none; nullopt for another
  // workbook, a 3-D reference or a sheet that does not exist.
  std::optional<std::uint32_t> sheet_of(const node& r, std::uint32_t own) const {
    if (r.prefix.external() || !r.prefix.last_sheet.empty()) return std::nullopt;
    if (r.prefix.sheet.empty()) return own;
    return ev.sheet_index(r.prefix.sheet);
  }

  const xlsx::workbook& wb;
  const xlsx::cell_store& cells;
  formula::evaluator& ev;

 private:
  static std::string upper(std::string_view s) {
    std::string out(s);
    for (char& ch : out)
      if (ch >= 'a' && ch <= 'z') ch = char(ch - 'a' + 'A');
    return out;
  }

  std::unordered_set<std::string> relative_names_;
  std::unordered_map<std::uint64_t, bool> differs_;
};

class sheet_check {
 public:
  sheet_check(workbook_view& book, std::uint32_t sheet)
      : book_(book), wb_(book.wb), cells_(book.cells), ev_(book.ev), sheet_(sheet), data_(cells_.sheet(sheet)),
        name_(wb_.sheets()[sheet].name) {
    for (const stored_cell& c : data_.cells()) {
      if (c.formula == 0 || c.formula_type == xlsx::formula_kind::data_table) continue;
      auto tree = formula::parse(cells_.formula_of(c));
      if (!tree) continue;
      formula_cell f;
      f.stored = &c;
      f.shape = formula::to_r1c1(*tree, c.pos);
      f.tree = std::move(*tree);
      index_.emplace(key(c.pos), formulas_.size());
      formulas_.push_back(std::move(f));
    }
  }

  // Runs every rule; RC501's candidates go to `stale`, judged over the whole workbook.
  void run(buckets& out, std::vector<stale_value>& stale) {
    check_stale(stale);
    std::unordered_set<std::uint64_t> flagged;
    for (axis a : {axis::column, axis::row}) check_inconsistent(a, out[1], flagged);
    check_typed_numbers(out[2]);
    check_errors(out[3]);
    check_blank_or_text(out[4]);
  }

 private:
  const formula_cell* formula_at(std::optional<cell_pos> p) const {
    if (!p) return nullptr;
    const auto it = index_.find(key(*p));
    return it == index_.end() ? nullptr : &formulas_[it->second];
  }

  std::string formula_text(const stored_cell& c) const {
    std::string out(1, '=');
    out += cells_.formula_of(c);
    return out;
  }

  finding make(std::string_view rule, cell_pos at, std::string message) const {
    finding f = make_finding(rule);
    f.sheet = name_;
    f.cell = at;
    f.message = std::move(message);
    return f;
  }

  bool ignored(cell_pos p, std::uint16_t flags) const { return (data_.ignored_flags(p) & flags) != 0; }

  // Whether any reference of the tree on this sheet covers p (only ranges of several cells,
  // when asked).
  bool refers_to(const node& tree, cell_pos p, bool ranges_only = false) const {
    bool found = false;
    for_each_ref(tree, [&](const node& r) {
      if (found) return;
      const auto s = target_sheet(r);
      const auto area = area_of(r.ref);
      if (!s || *s != sheet_ || !area || !area->contains(p)) return;
      if (ranges_only && area->first == area->last) return;
      found = true;
    });
    return found;
  }

  // The sheet a reference points into: this one when it names none; nullopt for another
  // workbook, a 3-D reference or a sheet that does not exist.
  std::optional<std::uint32_t> target_sheet(const node& r) const { return book_.sheet_of(r, sheet_); }

  // A formula filled in from `from` to `to`, as Excel's fill handle would write it.
  std::string filled(const formula_cell& from, cell_pos to) const {
    return xlsx::shift_formula(cells_.formula_of(*from.stored), std::int32_t(to.row_idx) - std::int32_t(from.stored->pos.row_idx),
                               std::int32_t(to.col_idx) - std::int32_t(from.stored->pos.col_idx));
  }

  // What a formula cell shows: its cached value, or what it computes when the file holds none.
  value own_value(const stored_cell& c) {
    if (c.type != xlsx::value_type::empty) return ev_.stored_value(c);
    const formula::cell_result& r = ev_.evaluate(sheet_, c.pos);
    return r.status == eval_status::computed ? r.computed : value();
  }

  // What a formula would compute at `at`; nullopt when it cannot be computed to a number.
  std::optional<double> number_if_there(const node& tree, cell_pos at) {
    const formula::cell_result r = ev_.evaluate_expression(tree, sheet_, at);
    if (r.status != eval_status::computed || !r.computed.is_number()) return std::nullopt;
    return r.computed.as_number();
  }

  // Whether two numbers look alike in the cell's number format (one with a fixed number of
  // decimals: "0%", "0.0", "#,##0"); General shows every digit, so there they never do.
  bool shows_the_same(const stored_cell& c, double a, double b) const {
    const xlsx::num_fmt_info& fmt = wb_.num_fmt(c.style_idx);
    if (fmt.decimals < 0 || (fmt.kind != xlsx::num_fmt_kind::number && fmt.kind != xlsx::num_fmt_kind::percent))
      return false;
    const double scale = std::pow(10.0, fmt.decimals + (fmt.kind == xlsx::num_fmt_kind::percent ? 2 : 0));
    return std::round(formula::round_to_15_digits(a * scale)) == std::round(formula::round_to_15_digits(b * scale));
  }

  // RC501 -------------------------------------------------------------------------------------
  void check_stale(std::vector<stale_value>& stale) {
    for (const stored_cell& c : data_.cells()) {
      if (!book_.cached_differs(sheet_, c)) continue;
      const formula::cell_result& r = ev_.evaluate(sheet_, c.pos);
      const value cached = ev_.stored_value(c);
      if (unsure_error(r.computed) || unsure_error(cached) || (r.computed.is_error() && cached.is_error())) continue;
      if (const formula_cell* f = formula_at(c.pos)) {
        if (platform_dependent(f->tree) || book_.uses_relative_name(f->tree)) continue;
        if (book_.reads_differing_cell(f->tree, sheet_, c.pos)) continue;
      }
      if (cached.is_number() && r.computed.is_number() && shows_the_same(c, cached.as_number(), r.computed.as_number()))
        continue;  // a stale result that shows as the fresh one would changes nothing anyone reads
      std::string cached_text;
      std::string computed_text;
      if (cached.is_number() && r.computed.is_number()) {
        std::tie(cached_text, computed_text) = show_apart(cached.as_number(), r.computed.as_number());
      } else {
        cached_text = show_value(cached);
        computed_text = show_value(r.computed);
      }
      finding f = make("RC501", c.pos,
                       a1(c.pos) + " holds " + cached_text + " but its formula " + formula_text(c) + " gives " +
                           computed_text + "; the stored value is stale (edited inputs, or calculation set to manual)");
      if (cached.is_number() && r.computed.is_number()) {
        f.expected = r.computed.as_number();
        f.actual = cached.as_number();
      }
      stale.push_back({std::move(f), sheet_, cached.is_number() && cached.as_number() == 0});
    }
  }

  // RC502 -------------------------------------------------------------------------------------
  void check_inconsistent(axis a, std::vector<finding>& out, std::unordered_set<std::uint64_t>& flagged) {
    // Formula cells in line order: by column then row for columns, by row then column for rows.
    std::vector<const formula_cell*> order;
    order.reserve(formulas_.size());
    for (const auto& f : formulas_) order.push_back(&f);
    const auto line = [a](const formula_cell* f) { return a == axis::column ? f->stored->pos.col_idx : f->stored->pos.row_idx; };
    const auto place = [a](const formula_cell* f) { return a == axis::column ? f->stored->pos.row_idx : f->stored->pos.col_idx; };
    if (a == axis::column)
      std::stable_sort(order.begin(), order.end(), [&](auto* x, auto* y) { return line(x) < line(y); });
    std::size_t start = 0;
    for (std::size_t i = 1; i <= order.size(); ++i) {
      const bool breaks = i == order.size() || line(order[i]) != line(order[i - 1]) ||
                          place(order[i]) != place(order[i - 1]) + 1;
      if (!breaks) continue;
      if (i - start >= 3)
        judge_run({order.begin() + std::ptrdiff_t(start), order.begin() + std::ptrdiff_t(i)}, a, out, flagged);
      start = i;
    }
  }

  void judge_run(std::span<const formula_cell* const> run, axis a, std::vector<finding>& out,
                 std::unordered_set<std::uint64_t>& flagged) {
    std::unordered_map<std::string_view, std::size_t> count;
    for (const formula_cell* f : run) ++count[f->shape];
    std::string_view common;
    std::size_t most = 0;
    for (const auto& [shape, n] : count)
      if (n > most) most = n, common = shape;
    if (most * 2 <= run.size()) return;  // no shape holds the run: it is mixed by design
    for (std::size_t i = 0; i < run.size(); ++i) {
      const formula_cell& x = *run[i];
      if (x.shape == common || count[x.shape] != 1) continue;
      const std::size_t last = run.size() - 1;
      const formula_cell& n1 = *run[i == 0 ? 1 : i - 1];
      const formula_cell& n2 = *run[i == 0 ? 2 : i == last ? i - 2 : i + 1];
      if (n1.shape != common || n2.shape != common) continue;
      if (flagged.contains(key(x.stored->pos))) continue;
      if (auto f = judge_odd_one(x, n1, n2, i == 0 || i == last, run, i, most, a)) {
        flagged.insert(key(x.stored->pos));
        out.push_back(std::move(*f));
      }
    }
  }

  std::optional<finding> judge_odd_one(const formula_cell& x, const formula_cell& n1, const formula_cell& n2, bool at_end,
                                       std::span<const formula_cell* const> run, std::size_t i, std::size_t held, axis a) {
    const cell_pos p = x.stored->pos;
    if (ignored(p, xlsx::ignored_error::formula | xlsx::ignored_error::calculated_column)) return std::nullopt;
    // Formulas of constants alone (=TRUE, =1+2) are typed one by one, not filled.
    if (!has_reference(x.tree) || !has_reference(n1.tree)) return std::nullopt;
    // The same formula runs across the other way: the cell belongs to that pattern.
    for (int side : {-1, 1})
      if (const formula_cell* o = formula_at(along(p, across(a), side)); o && o->shape == x.shape) return std::nullopt;
    // A subtotal of the run, or a start or reset that the run builds on.
    for (const std::size_t j : {i - 1, i + 1}) {
      if (j >= run.size()) continue;  // i - 1 wraps round at the start
      if (refers_to(x.tree, run[j]->stored->pos, true)) return std::nullopt;
      if (refers_to(run[j]->tree, p)) return std::nullopt;
    }
    // A total of what its neighbours read.
    if (spans_neighbours(x.tree, n1.tree, n2.tree)) return std::nullopt;
    // The neighbours' formula as it would read in this cell.
    const std::string theirs_text = filled(n1, p);
    auto theirs = formula::parse(theirs_text);
    if (!theirs) return std::nullopt;
    std::vector<leaf_diff> diffs;
    const bool same = same_structure(x.tree, *theirs, diffs);
    if (same) {
      // Only '$' anchors differ: the same cells, the same figure.
      if (std::all_of(diffs.begin(), diffs.end(), [](const leaf_diff& d) { return same_cells(*d.ours, *d.theirs); }))
        return std::nullopt;
      // Other words or another switch typed in: written so on purpose.
      if (std::any_of(diffs.begin(), diffs.end(), [](const leaf_diff& d) {
            return d.ours->kind == node_kind::string || d.theirs->kind == node_kind::string ||
                   d.ours->kind == node_kind::boolean || d.theirs->kind == node_kind::boolean;
          }))
        return std::nullopt;
    } else {
      // A formula of another make is a slip only inside a run its neighbours' formula holds
      // three quarters of; at either end of a run it is most often a heading or a total.
      if (at_end || held * 4 < run.size() * 3) return std::nullopt;
    }
    const value mine = own_value(*x.stored);
    const formula::cell_result would = ev_.evaluate_expression(*theirs, sheet_, p);
    const bool comparable = would.status == eval_status::computed && !mine.is_blank();
    if (comparable) {
      // Text where the neighbours give a figure, or the other way round: a note, not a slip.
      if (mine.is_text() != would.computed.is_text()) return std::nullopt;
      if (!differs(would.computed, mine)) {
        // The same figure: a formula written another way, or terms in another order.
        if (!same || !pure_reference_slip(diffs)) return std::nullopt;
      }
    }
    std::optional<double> expected;
    std::optional<double> actual;
    if (comparable && mine.is_number() && would.computed.is_number()) {
      expected = would.computed.as_number();
      actual = mine.as_number();
    }

    const cell_pos p1 = n1.stored->pos;
    const cell_pos p2 = n2.stored->pos;
    std::string msg = a1(p) + "'s formula " + formula_text(*x.stored) + " differs from ";
    if (at_end) {
      const bool later = a == axis::column ? p1.row_idx > p.row_idx : p1.col_idx > p.col_idx;
      msg += a == axis::column ? (later ? "the two cells below it, " : "the two cells above it, ")
                               : (later ? "the two cells to its right, " : "the two cells to its left, ");
    } else {
      msg += "its neighbours' ";
    }
    const bool up_first = p1.row_idx < p2.row_idx || p1.col_idx < p2.col_idx;
    const cell_pos q1 = up_first ? p1 : p2;
    const cell_pos q2 = up_first ? p2 : p1;
    const stored_cell& s1 = up_first ? *n1.stored : *n2.stored;
    const stored_cell& s2 = up_first ? *n2.stored : *n1.stored;
    msg += formula_text(s1) + " (" + a1(q1) + ") and " + formula_text(s2) + " (" + a1(q2) + "): ";
    msg += describe(diffs, same, p, theirs_text);
    finding f = make("RC502", p, std::move(msg));
    if (expected && actual) {
      f.expected = *expected;
      f.actual = *actual;
    }
    return f;
  }

  static std::string describe(const std::vector<leaf_diff>& diffs, bool same, cell_pos p, const std::string& theirs_text) {
    if (same && !diffs.empty() && diffs.size() <= 3) {
      const bool all_divisors = std::all_of(diffs.begin(), diffs.end(), [](const leaf_diff& d) { return d.divisor; });
      std::string ours;
      std::string them;
      for (std::size_t k = 0; k < diffs.size(); ++k) {
        const char* sep = k == 0 ? "" : k + 1 == diffs.size() ? " and " : ", ";
        ours += sep + formula::to_formula(*diffs[k].ours);
        them += sep + formula::to_formula(*diffs[k].theirs);
      }
      return all_divisors ? "it divides by " + ours + " where they divide by " + them
                          : "it uses " + ours + " where they use " + them;
    }
    return "filled into " + a1(p) + ", theirs would read =" + theirs_text;
  }

  // RC503 -------------------------------------------------------------------------------------
  void check_typed_numbers(std::vector<finding>& out) {
    for (const stored_cell& c : data_.cells()) {
      if (c.formula != 0 || c.type != xlsx::value_type::number) continue;
      if (ignored(c.pos, xlsx::ignored_error::formula | xlsx::ignored_error::calculated_column)) continue;
      for (axis a : {axis::column, axis::row}) {
        if (auto f = judge_typed_number(c, a)) {
          out.push_back(std::move(*f));
          break;
        }
      }
    }
  }

  std::optional<finding> judge_typed_number(const stored_cell& c, axis a) {
    const cell_pos p = c.pos;
    const formula_cell* before = formula_at(along(p, a, -1));
    const formula_cell* after = formula_at(along(p, a, 1));
    if (!before || !after || before->shape != after->shape) return std::nullopt;
    // A formula without relative references gives one figure wherever it stands.
    bool moves = false;
    for_each_ref(before->tree, [&](const node& r) { moves = moves || !r.ref.first.row_abs || !r.ref.first.col_abs; });
    if (!moves) return std::nullopt;
    // A start or reset that the formulas build on, not a slot of theirs.
    if (refers_to(before->tree, p) || refers_to(after->tree, p)) return std::nullopt;
    const std::string text = filled(*before, p);
    auto tree = formula::parse(text);
    if (!tree || refers_to(*tree, p)) return std::nullopt;
    const std::string typed = show_number(c.number);
    std::string msg = a1(p) + " holds the number " + typed + " where " + a1(before->stored->pos) + " and " +
                      a1(after->stored->pos) + " compute " + formula_text(*before->stored) + " and " +
                      formula_text(*after->stored) + ": a figure typed over a formula?";
    const std::optional<double> would = number_if_there(*tree, p);
    if (would) {
      if (formula::same_as_excel(*would, c.number))
        msg += " Filled in, =" + text + " gives the same figure today, but a typed figure does not follow its inputs";
      else
        msg += " Filled in, =" + text + " would give " + show_apart(*would, c.number).first;
    }
    finding f = make("RC503", p, std::move(msg));
    if (would) {
      f.expected = *would;
      f.actual = c.number;
    }
    return f;
  }

  // RC504 -------------------------------------------------------------------------------------
  void check_errors(std::vector<finding>& out) {
    for (const stored_cell& c : data_.cells()) {
      if (c.type != xlsx::value_type::error) continue;
      if (ignored(c.pos, xlsx::ignored_error::eval_error)) continue;
      const std::string_view shown = cells_.text_of(c);
      // A picture placed in a cell, or a linked data type, is stored as #VALUE! beside the
      // value metadata Excel shows instead; the cell store does not tell them from a typed
      // #VALUE!, so neither is reported.
      if (c.formula == 0 && shown == "#VALUE!") continue;
      const std::string_view meaning = error_meaning(shown);
      std::string msg;
      if (c.formula != 0) {
        if (const formula_cell* f = formula_at(c.pos); f && deliberate(f->tree, shown)) continue;
        msg = a1(c.pos) + " shows " + std::string(shown) + " from its formula " + formula_text(c);
      } else {
        msg = a1(c.pos) + " holds the error value " + std::string(shown) + ", typed or pasted as a value";
      }
      if (!meaning.empty()) msg += " (" + std::string(meaning) + ")";
      out.push_back(make("RC504", c.pos, std::move(msg)));
    }
  }

  // The formula writes this error on purpose: NA() for a chart's gaps, or the error typed in.
  static bool deliberate(const node& tree, std::string_view shown) {
    return any_node(tree, [&](const node& n) {
      if (n.kind == node_kind::call && n.text == "NA" && shown == "#N/A") return true;
      if (n.kind != node_kind::error) return false;
      const auto e = formula::parse_error_value(shown);
      return e && formula::to_text(*e) == formula::to_formula(n);
    });
  }

  // RC505 -------------------------------------------------------------------------------------
  struct operand_use {
    const node* ref;
    std::string_view verb;  // "adds", "divides by", ...
  };

  // Collects the single-cell references that are direct operands of arithmetic, and every other
  // reference (function arguments, comparisons, ranges). Calls that catch errors are not
  // entered: their arithmetic expects inputs that may fail.
  static void arithmetic_refs(const node& n, std::vector<operand_use>& uses, std::vector<const node*>& others) {
    if (n.kind == node_kind::call &&
        (n.text == "IFERROR" || n.text == "IFNA" || n.text == "ISERROR" || n.text == "ISERR" || n.text == "ISNA"))
      return;
    const auto direct = [&](const node& child, std::string_view verb) {
      const node& c = unparen(child);
      if (c.kind == node_kind::ref && c.ref.kind == ref_kind::cell) uses.push_back({&c, verb});
      else arithmetic_refs(c, uses, others);
    };
    if (n.kind == node_kind::binary && arithmetic(n.binary)) {
      for (std::size_t i = 0; i < n.children.size(); ++i) {
        std::string_view verb = "uses";
        switch (n.binary) {
          case binary_op::add: verb = "adds"; break;
          case binary_op::subtract: verb = i == 0 ? "subtracts from" : "subtracts"; break;
          case binary_op::multiply: verb = "multiplies by"; break;
          case binary_op::divide: verb = i == 0 ? "divides" : "divides by"; break;
          case binary_op::power: verb = "raises to a power with"; break;
          default: break;
        }
        direct(n.children[i], verb);
      }
      return;
    }
    if (n.kind == node_kind::unary && n.unary == formula::unary_op::negate) {
      direct(n.children.front(), "negates");
      return;
    }
    if (n.kind == node_kind::ref) {
      others.push_back(&n);
      return;
    }
    for (const node& c : n.children) arithmetic_refs(c, uses, others);
  }

  // The cells on either side of a blank cell, above and below or else left and right, when both
  // hold typed numbers.
  std::optional<std::pair<cell_pos, cell_pos>> figures_around(std::uint32_t sheet, cell_pos at) const {
    const auto figure = [&](std::optional<cell_pos> p) {
      if (!p) return false;
      const stored_cell* c = cells_.sheet(sheet).find(*p);
      return c != nullptr && c->formula == 0 &&
             (c->type == xlsx::value_type::number || c->type == xlsx::value_type::date);
    };
    for (axis a : {axis::column, axis::row}) {
      const auto before = along(at, a, -1);
      const auto after = along(at, a, 1);
      if (figure(before) && figure(after)) return std::make_pair(*before, *after);
    }
    return std::nullopt;
  }

  void check_blank_or_text(std::vector<finding>& out) {
    for (const formula_cell& f : formulas_) {
      const cell_pos p = f.stored->pos;
      if (ignored(p, xlsx::ignored_error::empty_cell_reference)) continue;
      std::vector<operand_use> uses;
      std::vector<const node*> others;
      arithmetic_refs(f.tree, uses, others);
      if (uses.empty()) continue;
      std::vector<std::string> problems;
      std::size_t blanks = 0;
      std::size_t known = 0;
      std::unordered_set<std::uint64_t> seen;
      for (const operand_use& u : uses) {
        const auto s = target_sheet(*u.ref);
        if (!s) continue;
        ++known;
        const cell_pos at = u.ref->ref.first.pos;
        // Past the rows held of a sheet too large to hold, a cell is unknown, not blank.
        if (cells_.sheet(*s).partial() && at.row_idx > cells_.sheet(*s).held_through_row()) continue;
        const stored_cell* target = cells_.sheet(*s).find(at);
        const bool blank = target == nullptr || (target->type == xlsx::value_type::empty && target->formula == 0);
        const bool text = target != nullptr && target->formula == 0 && target->type == xlsx::value_type::string &&
                          !formula::to_number(value::text(std::string(cells_.text_of(*target))), wb_.date1904());
        if (blank) ++blanks;
        if (!blank && !text) continue;
        // A cell the formula also tests or passes to a function (IF(B5="",...), N(B5)) is handled.
        const bool tested = std::any_of(others.begin(), others.end(), [&](const node* o) {
          const auto os = target_sheet(*o);
          const auto area = area_of(o->ref);
          return os == s && area && area->contains(at);
        });
        if (tested || !seen.insert((std::uint64_t(*s) << 40) | key(at)).second) continue;
        const std::string name = formula::to_formula(*u.ref);
        if (text) {
          problems.push_back(std::string(u.verb) + " " + name + ", which holds the text " +
                             quoted(cells_.text_of(*target)) + " (the result is #VALUE!)");
          continue;
        }
        // A blank among figures is a figure missing; a blank among blanks is a row or column
        // not filled in yet, which Excel reads as 0 on purpose.
        if (const auto around = figures_around(*s, at))
          problems.push_back(std::string(u.verb) + " " + name + ", which is blank (read as 0) while " +
                             a1(around->first) + " and " + a1(around->second) + " hold figures");
      }
      if (problems.empty()) continue;
      // Every operand blank: a row laid out for figures still to come, not a slip.
      if (blanks == known) continue;
      std::string msg = a1(p) + "'s formula " + formula_text(*f.stored) + " ";
      for (std::size_t k = 0; k < problems.size(); ++k) {
        if (k > 0) msg += k + 1 == problems.size() ? " and " : ", ";
        msg += problems[k];
      }
      out.push_back(make("RC505", p, std::move(msg)));
    }
  }

  workbook_view& book_;
  const xlsx::workbook& wb_;
  const xlsx::cell_store& cells_;
  formula::evaluator& ev_;
  std::uint32_t sheet_;
  const xlsx::sheet_cells& data_;
  std::string name_;
  std::vector<formula_cell> formulas_;
  std::unordered_map<std::uint64_t, std::size_t> index_;  // key(pos) → formulas_
};

constexpr std::array<std::string_view, 5> rule_ids{"RC501", "RC502", "RC503", "RC504", "RC505"};

// What the closing "and N more" finding of each rule counts.
constexpr std::array<std::string_view, 5> what_more{
    "formulas on this sheet hold stale values",
    "formulas on this sheet differ from their neighbours",
    "typed numbers on this sheet stand among formulas",
    "cells on this sheet show error values",
    "formulas on this sheet use blank or text cells in arithmetic",
};

// Keeps the first `cap` findings in cell order and counts the rest in one info finding.
void cap_findings(std::vector<finding>& list, std::size_t rule, std::size_t cap, std::vector<finding>& out) {
  std::stable_sort(list.begin(), list.end(), [](const finding& a, const finding& b) {
    return std::make_pair(a.cell->row_idx, a.cell->col_idx) < std::make_pair(b.cell->row_idx, b.cell->col_idx);
  });
  if (list.size() > cap) {
    finding more = make_finding(rule_ids[rule]);
    more.level = severity::info;
    more.sheet = list[cap].sheet;
    more.cell = list[cap].cell;
    more.message = "and " + std::to_string(list.size() - cap) + " more " + std::string(what_more[rule]) + ", from " +
                   xlsx::format_cell_ref(*list[cap].cell) + " on (only the first " + std::to_string(cap) +
                   " are listed)";
    list.resize(cap);
    list.push_back(std::move(more));
  }
  for (auto& f : list) {
    set_fingerprint(f);
    out.push_back(std::move(f));
  }
}

}  // namespace

std::vector<finding> check_formulas(const xlsx::workbook& wb, const xlsx::cell_store& cells, formula::evaluator& ev,
                                    const formula_check_options& opts) {
  const std::size_t sheets = std::min(cells.sheet_count(), wb.sheets().size());
  std::vector<buckets> per_sheet(sheets);
  std::vector<stale_value> stale;
  workbook_view book(wb, cells, ev);
  for (std::uint32_t s = 0; s < sheets; ++s) {
    // A sheet held only in part is left out: its formulas' neighbours and inputs are not all
    // known (validate says so with RC108).
    if (cells.sheet(s).partial()) continue;
    sheet_check check(book, s);
    check.run(per_sheet[s], stale);
  }

  // A file whose stale formulas all hold 0 was written by a program that stores 0 for every
  // formula and leaves the calculation to Excel: one note, not a finding per cell. Three such
  // formulas tell, or a file whose every formula holds 0.
  constexpr std::size_t min_for_writer = 3;
  std::vector<finding> out;
  const bool stale_all_zero =
      !stale.empty() && std::all_of(stale.begin(), stale.end(), [](const stale_value& s) { return s.cached_zero; });
  const auto zero_or_nothing = [&](const stored_cell& c) {
    return c.formula == 0 || c.type == xlsx::value_type::empty ||
           (c.type == xlsx::value_type::number && c.number == 0) ||
           (c.type == xlsx::value_type::string && cells.text_of(c).empty());
  };
  const bool all_zero = stale_all_zero && (stale.size() >= min_for_writer || [&] {
    for (std::size_t s = 0; s < sheets; ++s)
      for (const stored_cell& c : cells.sheet(s).cells())
        if (!zero_or_nothing(c)) return false;
    return true;
  }());
  if (all_zero) {
    finding f = make_finding("RC501");
    f.level = severity::info;
    f.message = std::to_string(stale.size()) + " formulas hold 0 where they compute other figures (the first at " +
                location(stale.front().found) +
                "): the file was saved by a program that does not calculate; Excel recalculates it on opening";
    set_fingerprint(f);
    out.push_back(std::move(f));
  } else {
    for (auto& s : stale) per_sheet[s.sheet][0].push_back(std::move(s.found));
  }

  for (auto& b : per_sheet)
    for (std::size_t rule = 0; rule < b.size(); ++rule) cap_findings(b[rule], rule, opts.max_per_rule_per_sheet, out);

  std::vector<std::string> order;
  for (const auto& s : wb.sheets()) order.push_back(s.name);
  sort_findings(out, order);
  return out;
}

}  // namespace returncheck::rules
