// Computing formulas over a workbook held in memory.
#include "returncheck/formula/evaluator.hpp"

#include <algorithm>
#include <cmath>

#include "returncheck/formula/parser.hpp"
#include "returncheck/xlsx/detail/text.hpp"

namespace returncheck::formula {
namespace {

constexpr int max_compute_depth = 64;  // computing a dependency the schedule missed
constexpr int max_name_depth = 16;     // names defined through names

error_value error_of(error_literal e) {
  switch (e) {
    case error_literal::null: return error_value::null;
    case error_literal::div0: return error_value::div0;
    case error_literal::value: return error_value::value;
    case error_literal::ref: return error_value::ref;
    case error_literal::name: return error_value::name;
    case error_literal::num: return error_value::num;
    case error_literal::na: return error_value::na;
    case error_literal::getting_data: return error_value::getting_data;
    case error_literal::spill: return error_value::spill;
    default: return error_value::calc;  // the newer errors evaluate like #CALC!
  }
}

xlsx::cell_range area_of(const reference& r) {
  using xlsx::max_col_idx;
  using xlsx::max_row_idx;
  xlsx::cell_pos a = r.first.pos, b = r.last.pos;
  if (r.kind == ref_kind::columns) {
    a.row_idx = 1;
    b.row_idx = max_row_idx;
  } else if (r.kind == ref_kind::rows) {
    a.col_idx = 1;
    b.col_idx = max_col_idx;
  }
  return {{std::min(a.row_idx, b.row_idx), std::min(a.col_idx, b.col_idx)},
          {std::max(a.row_idx, b.row_idx), std::max(a.col_idx, b.col_idx)}};
}

value arithmetic(binary_op op, const value& a, const value& b, bool date1904) {
  const auto x = to_number(a, date1904);
  if (!x) return value::error(x.error());
  const auto y = to_number(b, date1904);
  if (!y) return value::error(y.error());
  switch (op) {
    case binary_op::add: return value::checked_number(*x + *y);
    case binary_op::subtract: return value::checked_number(*x - *y);
    case binary_op::multiply: return value::checked_number(*x * *y);
    case binary_op::divide:
      if (*y == 0) return value::error(error_value::div0);
      return value::checked_number(*x / *y);
    case binary_op::power:
      if (*x == 0 && *y == 0) return value::error(error_value::num);
      if (*x == 0 && *y < 0) return value::error(error_value::div0);
      if (*x < 0 && *y != std::trunc(*y)) return value::error(error_value::num);
      return value::checked_number(std::pow(*x, *y));
    default: return value::error(error_value::value);
  }
}

value scalar_op(binary_op op, const value& a, const value& b, bool date1904) {
  switch (op) {
    case binary_op::concat: {
      const auto x = to_text(a);
      if (!x) return value::error(x.error());
      const auto y = to_text(b);
      if (!y) return value::error(y.error());
      return value::text(*x + *y);
    }
    case binary_op::equal:
    case binary_op::not_equal:
    case binary_op::less:
    case binary_op::greater:
    case binary_op::less_equal:
    case binary_op::greater_equal: {
      const auto c = compare(a, b);
      if (!c) return value::error(c.error());
      const auto o = *c;
      switch (op) {
        case binary_op::equal: return value::boolean(o == 0);
        case binary_op::not_equal: return value::boolean(o != 0);
        case binary_op::less: return value::boolean(o < 0);
        case binary_op::greater: return value::boolean(o > 0);
        case binary_op::less_equal: return value::boolean(o <= 0);
        default: return value::boolean(o >= 0);
      }
    }
    default: return arithmetic(op, a, b, date1904);
  }
}

bool multi_cell(const operand& o) {
  if (const auto* r = std::get_if<range_ref>(&o)) return !r->single_cell();
  return std::holds_alternative<array>(o);
}

}  // namespace

// ---- call_args ----

call_args::call_args(evaluator& ev, const node& call, const eval_context& ctx, bool array_mode,
                     const std::vector<operand>* evaluated)
    : ev_(ev), call_(call), ctx_(ctx), array_mode_(array_mode), evaluated_(evaluated) {}

std::size_t call_args::size() const { return call_.children.size(); }
bool call_args::missing(std::size_t i) const { return call_.children[i].kind == node_kind::missing; }
std::uint32_t call_args::sheet() const { return ctx_.sheet; }
xlsx::cell_pos call_args::cell() const { return ctx_.cell; }
bool call_args::date1904() const { return ev_.date1904(); }

operand call_args::get(std::size_t i) {
  if (evaluated_ != nullptr) return (*evaluated_)[i];
  eval_context c = ctx_;
  c.array_mode = array_mode_ || ctx_.array_mode;
  return ev_.eval(call_.children[i], c);
}

value call_args::scalar(std::size_t i) {
  if (evaluated_ != nullptr) return ev_.to_scalar((*evaluated_)[i], ctx_);
  eval_context c = ctx_;
  c.array_mode = false;
  return ev_.to_scalar(ev_.eval(call_.children[i], c), ctx_);
}

array call_args::values(std::size_t i) { return ev_.to_array(get(i)); }

bool call_args::for_each(std::size_t i, const std::function<bool(const value&, bool in_collection)>& visit) {
  const operand o = get(i);
  if (const auto* v = std::get_if<value>(&o)) return visit(*v, false);
  if (const auto* a = std::get_if<array>(&o)) {
    for (const auto& v : a->cells)
      if (!visit(v, true)) return false;
    return true;
  }
  const auto& r = std::get<range_ref>(o);
  bool go_on = true;
  ev_.cells().sheet(r.sheet).for_each_in(r.area, [&](const xlsx::stored_cell& c) {
    go_on = visit(ev_.cell_value(r.sheet, c.pos), true);
    return go_on;
  });
  return go_on;
}

// ---- evaluator ----

evaluator::evaluator(const xlsx::workbook& wb, const xlsx::cell_store& cells, eval_limits limits)
    : wb_(wb), cells_(cells), limits_(limits) {}

std::optional<std::uint32_t> evaluator::sheet_index(std::string_view name) const {
  if (const auto i = wb_.find_sheet(name)) return std::uint32_t(*i);
  return std::nullopt;
}

void evaluator::flag(eval_status status, std::string_view detail) {
  if (current_ != nullptr && current_->status == eval_status::computed) {
    current_->status = status;
    current_->detail = detail;
  }
}

value evaluator::stored_value(const xlsx::stored_cell& c) const {
  switch (c.type) {
    case xlsx::value_type::number:
    case xlsx::value_type::date: return value::number(c.number);
    case xlsx::value_type::string: return value::text(std::string(cells_.text_of(c)));
    case xlsx::value_type::boolean: return value::boolean(c.number != 0);
    case xlsx::value_type::error: {
      const auto e = parse_error_value(cells_.text_of(c));
      return value::error(e ? *e : error_value::value);
    }
    case xlsx::value_type::empty: return value::blank();
  }
  return value::blank();
}

evaluator::slot& evaluator::slot_for(std::uint32_t sheet, xlsx::cell_pos pos) {
  auto [it, added] = slots_.try_emplace(key(sheet, pos));
  if (added && sheet < cells_.sheet_count()) it->second.stored = cells_.sheet(sheet).find(pos);
  return it->second;
}

value evaluator::cell_value(std::uint32_t sheet, xlsx::cell_pos pos) {
  if (sheet >= cells_.sheet_count()) return value::error(error_value::ref);
  const xlsx::stored_cell* c = cells_.sheet(sheet).find(pos);
  if (c == nullptr) return value::blank();
  if (c->formula == 0) return stored_value(*c);
  slot& s = slot_for(sheet, pos);
  if (s.st != state::done) {
    // Normally computed already, in dependency order. A cycle, or a dependency only a function
    // reveals at run time, is read as Excel last cached it, or computed here within a depth cap.
    if (s.st == state::visiting || s.in_cycle || compute_depth_ >= max_compute_depth) return stored_value(*c);
    evaluate(sheet, pos);
  }
  if (s.result.status == eval_status::computed) return s.result.computed;
  return stored_value(*c);
}

const node* evaluator::defined_name(std::string_view name, std::uint32_t sheet) {
  const std::string wanted = xlsx::detail::fold_case(name);
  const xlsx::defined_name* found = nullptr;
  for (const auto& d : wb_.defined_names()) {
    if (xlsx::detail::fold_case(d.name) != wanted) continue;
    if (d.local_sheet && *d.local_sheet == sheet) {
      found = &d;  // a name scoped to this sheet wins
      break;
    }
    if (!d.local_sheet && found == nullptr) found = &d;
  }
  if (found == nullptr) return nullptr;
  const std::string cache_key = wanted + "\x01" + (found->local_sheet ? std::to_string(*found->local_sheet) : "");
  auto it = names_.find(cache_key);
  if (it == names_.end()) {
    auto tree = parse(found->formula);
    it = names_.emplace(cache_key, tree ? std::make_shared<const node>(std::move(*tree)) : nullptr).first;
  }
  return it->second.get();
}

void evaluator::collect_refs(const node& n, std::uint32_t sheet, xlsx::cell_pos pos, std::vector<std::uint64_t>& out,
                             int name_depth) {
  auto add_formula_cells = [&](std::uint32_t target, const xlsx::cell_range& area) {
    if (target >= cells_.sheet_count()) return;
    cells_.sheet(target).for_each_in(area, [&](const xlsx::stored_cell& c) {
      if (c.formula != 0) out.push_back(key(target, c.pos));
      return out.size() < limits_.max_array_cells;
    });
  };
  if (n.kind == node_kind::ref && !n.prefix.external() && n.prefix.last_sheet.empty() &&
      n.ref.kind != ref_kind::error) {
    std::uint32_t target = sheet;
    if (!n.prefix.sheet.empty()) {
      const auto s = sheet_index(n.prefix.sheet);
      if (!s) return;
      target = *s;
    }
    add_formula_cells(target, area_of(n.ref));
    return;
  }
  if (n.kind == node_kind::table_ref) {
    if (const auto r = table_area(n.table, sheet, pos)) add_formula_cells(r->sheet, r->area);
    return;
  }
  if (n.kind == node_kind::name && name_depth < max_name_depth) {
    if (const node* def = defined_name(n.text, sheet)) collect_refs(*def, sheet, pos, out, name_depth + 1);
    return;
  }
  for (const auto& child : n.children) collect_refs(child, sheet, pos, out, name_depth);
}

// The cells a structured reference selects. A table is found by name, or for [@Col] written
// without one as the table the formula stands in; a name that is no table or no column of it
// is #REF!, as is a part the table lacks (#Totals without a totals row); #This Row outside the
// table's data rows is #VALUE!.
or_error<range_ref> evaluator::table_area(const table_spec& spec, std::uint32_t sheet, xlsx::cell_pos pos) const {
  const xlsx::table_info* t = nullptr;
  const std::string wanted = xlsx::detail::fold_case(spec.table);
  for (const auto& candidate : wb_.tables()) {
    const bool match = spec.table.empty() ? candidate.sheet == sheet && candidate.ref.contains(pos)
                                          : xlsx::detail::fold_case(candidate.name) == wanted;
    if (match) {
      t = &candidate;
      break;
    }
  }
  if (t == nullptr) return util::unexpected{error_value::ref};
  const std::uint32_t top = t->ref.first.row_idx, bottom = t->ref.last.row_idx;
  const std::uint32_t data_first = top + t->header_rows;
  const std::uint32_t data_last = bottom - t->totals_rows;
  if (data_first > data_last) return util::unexpected{error_value::ref};

  xlsx::cell_range area = t->ref;
  if (!spec.first_column.empty()) {
    auto column_of = [&](const std::string& name) -> std::optional<std::uint32_t> {
      const std::string folded = xlsx::detail::fold_case(name);
      for (std::size_t i = 0; i < t->columns.size(); ++i)
        if (xlsx::detail::fold_case(t->columns[i]) == folded) return t->ref.first.col_idx + std::uint32_t(i);
      return std::nullopt;
    };
    const auto first = column_of(spec.first_column);
    const auto last = column_of(spec.last_column);
    if (!first || !last) return util::unexpected{error_value::ref};
    area.first.col_idx = std::min(*first, *last);
    area.last.col_idx = std::max(*first, *last);
  }
  const std::uint8_t items = spec.items == 0 ? std::uint8_t(table_data) : spec.items;
  if (items & table_this_row) {
    if (pos.row_idx < data_first || pos.row_idx > data_last || sheet != t->sheet)
      return util::unexpected{error_value::value};
    area.first.row_idx = area.last.row_idx = pos.row_idx;
    return range_ref{t->sheet, area};
  }
  const bool headers = items & table_headers, data = items & table_data, totals = items & table_totals;
  if ((headers && t->header_rows == 0 && !data) || (totals && t->totals_rows == 0 && !data))
    return util::unexpected{error_value::ref};
  if (headers && data && totals) return range_ref{t->sheet, area};  // #All
  if (headers && totals) return util::unexpected{error_value::ref};  // not adjacent
  area.first.row_idx = headers ? top : data ? data_first : bottom;
  area.last.row_idx = totals ? bottom : data ? data_last : top;
  return range_ref{t->sheet, area};
}

void evaluator::dependencies(slot& s, std::uint32_t sheet, xlsx::cell_pos pos, std::vector<std::uint64_t>& out) {
  out.clear();
  if (s.stored == nullptr || s.stored->formula == 0) return;
  if (!s.tree && s.parse_message.empty()) {
    auto tree = parse(cells_.formula_of(*s.stored));
    if (tree) s.tree = std::make_shared<const node>(std::move(*tree));
    else s.parse_message = tree.error().message;
  }
  if (s.tree) collect_refs(*s.tree, sheet, pos, out, 0);
}

const cell_result& evaluator::evaluate(std::uint32_t sheet, xlsx::cell_pos pos) {
  slot& root = slot_for(sheet, pos);
  if (root.st == state::done) return root.result;
  if (root.stored == nullptr || root.stored->formula == 0) {
    root.result.computed = root.stored ? stored_value(*root.stored) : value::blank();
    root.st = state::done;
    return root.result;
  }
  // Depth-first over the dependencies with an explicit stack, so that a chain of a hundred
  // thousand cells each referring to the one before costs no recursion; each cell is computed
  // after everything it refers to.
  struct frame {
    std::uint64_t k;
    std::uint32_t sheet;
    xlsx::cell_pos pos;
    std::vector<std::uint64_t> deps;
    std::size_t next = 0;
  };
  std::vector<frame> stack;
  auto push = [&](std::uint32_t sh, xlsx::cell_pos p) {
    slot& s = slot_for(sh, p);
    s.st = state::visiting;
    frame f{key(sh, p), sh, p, {}, 0};
    dependencies(s, sh, p, f.deps);
    stack.push_back(std::move(f));
  };
  ++compute_depth_;
  push(sheet, pos);
  while (!stack.empty()) {
    frame& f = stack.back();
    if (f.next < f.deps.size()) {
      const std::uint64_t d = f.deps[f.next++];
      const std::uint32_t dsheet = std::uint32_t(d >> 34);
      const xlsx::cell_pos dpos{std::uint32_t((d >> 14) & 0xFFFFF), std::uint32_t(d & 0x3FFF)};
      slot& ds = slot_for(dsheet, dpos);
      if (ds.st == state::unvisited) {
        push(dsheet, dpos);
      } else if (ds.st == state::visiting) {
        // A circular reference: every cell from that one up to here is on the cycle.
        for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
          slot_for(it->sheet, it->pos).in_cycle = true;
          if (it->k == d) break;
        }
      }
      continue;
    }
    const std::uint32_t fsheet = f.sheet;
    const xlsx::cell_pos fpos = f.pos;
    stack.pop_back();
    compute(slot_for(fsheet, fpos), fsheet, fpos);
  }
  --compute_depth_;
  return root.result;
}

void evaluator::compute(slot& s, std::uint32_t sheet, xlsx::cell_pos pos) {
  s.st = state::done;
  cell_result& r = s.result;
  if (s.in_cycle) {
    r.status = eval_status::cycle;
    r.detail = "circular reference";
    r.computed = stored_value(*s.stored);
    return;
  }
  if (s.stored->formula_type == xlsx::formula_kind::data_table) {
    r.status = eval_status::unsupported_construct;
    r.detail = "a what-if data table (TABLE())";
    return;
  }
  if (!s.tree) {
    r.status = eval_status::parse_error;
    r.detail = s.parse_message;
    return;
  }
  cell_result* saved = current_;
  const std::uint64_t saved_steps = steps_;
  current_ = &r;
  steps_ = 0;
  const eval_context ctx{sheet, pos, s.stored->formula_type == xlsx::formula_kind::array};
  const operand o = eval(*s.tree, ctx);
  r.computed = to_scalar(o, ctx);
  if (r.computed.is_blank()) r.computed = value::number(0);  // =A1 of an empty A1 shows 0
  if (steps_ > limits_.max_steps_per_cell && r.status == eval_status::computed) {
    r.status = eval_status::limit;
    r.detail = "more than " + std::to_string(limits_.max_steps_per_cell) + " evaluation steps (limit max-steps)";
  }
  current_ = saved;
  steps_ = saved_steps;
}

cell_result evaluator::evaluate_expression(const node& tree, std::uint32_t sheet, xlsx::cell_pos pos) {
  cell_result r;
  cell_result* saved = current_;
  current_ = &r;
  steps_ = 0;
  const eval_context ctx{sheet, pos, false};
  r.computed = to_scalar(eval(tree, ctx), ctx);
  if (r.computed.is_blank()) r.computed = value::number(0);
  current_ = saved;
  return r;
}

value evaluator::to_scalar(const operand& o, const eval_context& ctx) {
  if (const auto* v = std::get_if<value>(&o)) return *v;
  if (const auto* a = std::get_if<array>(&o)) {
    if (a->cells.empty()) return value::error(error_value::calc);
    return a->cells.front();  // an array in one cell shows its top-left value
  }
  const auto& r = std::get<range_ref>(o);
  if (r.single_cell()) return cell_value(r.sheet, r.area.first);
  // Implicit intersection: the cell of the range in the formula's own row or column.
  if (r.area.first.col_idx == r.area.last.col_idx && ctx.cell.row_idx >= r.area.first.row_idx &&
      ctx.cell.row_idx <= r.area.last.row_idx)
    return cell_value(r.sheet, {ctx.cell.row_idx, r.area.first.col_idx});
  if (r.area.first.row_idx == r.area.last.row_idx && ctx.cell.col_idx >= r.area.first.col_idx &&
      ctx.cell.col_idx <= r.area.last.col_idx)
    return cell_value(r.sheet, {r.area.first.row_idx, ctx.cell.col_idx});
  if (ctx.array_mode) return cell_value(r.sheet, r.area.first);
  return value::error(error_value::value);
}

array evaluator::to_array(const operand& o) {
  array out;
  if (const auto* v = std::get_if<value>(&o)) {
    out.rows = out.cols = 1;
    out.cells.push_back(*v);
    return out;
  }
  if (const auto* a = std::get_if<array>(&o)) return *a;
  const auto& r = std::get<range_ref>(o);
  const std::uint64_t n = r.area.cell_count();
  if (n > limits_.max_array_cells) {
    flag(eval_status::limit, "an array of more than " + std::to_string(limits_.max_array_cells) + " cells");
    out.rows = out.cols = 1;
    out.cells.push_back(value::error(error_value::calc));
    return out;
  }
  out.rows = r.area.last.row_idx - r.area.first.row_idx + 1;
  out.cols = r.area.last.col_idx - r.area.first.col_idx + 1;
  out.cells.assign(n, value::blank());
  cells_.sheet(r.sheet).for_each_in(r.area, [&](const xlsx::stored_cell& c) {
    out.cells[std::size_t(c.pos.row_idx - r.area.first.row_idx) * out.cols + (c.pos.col_idx - r.area.first.col_idx)] =
        cell_value(r.sheet, c.pos);
    return true;
  });
  return out;
}

operand evaluator::eval(const node& n, const eval_context& ctx) {
  if (++steps_ > limits_.max_steps_per_cell) return value::error(error_value::calc);
  switch (n.kind) {
    case node_kind::number: return value::number(n.number);
    case node_kind::string: return value::text(n.text);
    case node_kind::boolean: return value::boolean(n.boolean);
    case node_kind::error: return value::error(error_of(n.error));
    case node_kind::missing: return value::blank();
    case node_kind::paren: return eval(n.children.front(), ctx);
    case node_kind::array: {
      array a;
      a.cols = std::max<std::uint32_t>(n.array_cols, 1);
      a.rows = std::uint32_t(n.children.size() / a.cols);
      for (const auto& c : n.children) a.cells.push_back(to_scalar(eval(c, ctx), ctx));
      return a;
    }
    case node_kind::ref: {
      if (n.ref.kind == ref_kind::error) return value::error(error_value::ref);
      if (n.prefix.external() || !n.prefix.last_sheet.empty()) {
        flag(eval_status::unsupported_construct, n.prefix.external() ? "a reference to another workbook" : "a 3-D reference");
        return value::error(error_value::ref);
      }
      std::uint32_t target = ctx.sheet;
      if (!n.prefix.sheet.empty()) {
        const auto s = sheet_index(n.prefix.sheet);
        if (!s) return value::error(error_value::ref);
        target = *s;
      }
      // A sheet held only in part: what a reference into it reads is not all known.
      if (target < cells_.sheet_count() && cells_.sheet(target).partial()) {
        flag(eval_status::unsupported_construct, "a reference to a sheet too large to hold in memory");
        return value::error(error_value::ref);
      }
      return range_ref{target, area_of(n.ref)};
    }
    case node_kind::name: {
      const node* def = defined_name(n.text, ctx.sheet);
      if (def == nullptr) return value::error(error_value::name);
      return eval(*def, ctx);
    }
    case node_kind::unary:
    case node_kind::percent: {
      const operand o = eval(n.children.front(), ctx);
      auto apply = [&](const value& v) {
        const auto x = to_number(v, date1904());
        if (!x) return value::error(x.error());
        if (n.kind == node_kind::percent) return value::checked_number(*x / 100);
        return value::checked_number(n.unary == unary_op::negate ? -*x : *x);
      };
      if (ctx.array_mode && multi_cell(o)) {
        array a = to_array(o);
        for (auto& v : a.cells) v = apply(v);
        return a;
      }
      return apply(to_scalar(o, ctx));
    }
    case node_kind::binary: return binary(n, ctx);
    case node_kind::call: {
      const function_info* f = find_function(n.text);
      if (f == nullptr) {
        flag(eval_status::unsupported_function, n.text);
        return value::error(error_value::name);
      }
      if (f->is_volatile) flag(eval_status::volatile_function, n.text);
      if (n.children.size() < f->min_args || n.children.size() > f->max_args) return value::error(error_value::value);
      if (ctx.array_mode && f->lifts) return lifted_call(*f, n, ctx);
      call_args args(*this, n, ctx, f->array_args);
      return f->impl(args);
    }
    case node_kind::table_ref: {
      const auto r = table_area(n.table, ctx.sheet, ctx.cell);
      if (!r) return value::error(r.error());
      return *r;
    }
    case node_kind::unsupported:
      flag(eval_status::unsupported_construct, n.text);
      return value::error(error_value::ref);
  }
  return value::error(error_value::value);
}

// A function of single values given a range or an array in an array formula: applied to each
// element, a one-row or one-column argument stretching as in the operators.
operand evaluator::lifted_call(const function_info& f, const node& n, const eval_context& ctx) {
  std::vector<operand> args;
  args.reserve(n.children.size());
  std::uint32_t rows = 1, cols = 1;
  bool lift = false;
  for (const auto& child : n.children) {
    args.push_back(eval(child, ctx));
    if (multi_cell(args.back())) {
      lift = true;
      const array a = to_array(args.back());
      rows = std::max(rows, a.rows);
      cols = std::max(cols, a.cols);
      args.back() = std::move(a);
    }
  }
  if (!lift) {
    call_args call(*this, n, ctx, false, &args);
    return f.impl(call);
  }
  if (std::uint64_t(rows) * cols > limits_.max_array_cells) {
    flag(eval_status::limit, "an array of more than " + std::to_string(limits_.max_array_cells) + " cells");
    return value::error(error_value::calc);
  }
  array out;
  out.rows = rows;
  out.cols = cols;
  out.cells.reserve(std::size_t(rows) * cols);
  std::vector<operand> element(args.size());
  for (std::uint32_t r = 0; r < rows; ++r)
    for (std::uint32_t c = 0; c < cols; ++c) {
      for (std::size_t i = 0; i < args.size(); ++i) {
        if (const auto* a = std::get_if<array>(&args[i])) {
          const std::uint32_t rr = a->rows == 1 ? 0 : r, cc = a->cols == 1 ? 0 : c;
          element[i] = rr < a->rows && cc < a->cols ? a->at(rr, cc) : value::error(error_value::na);
        } else {
          element[i] = args[i];
        }
      }
      call_args call(*this, n, ctx, false, &element);
      out.cells.push_back(to_scalar(f.impl(call), ctx));
    }
  return out;
}

operand evaluator::binary(const node& n, const eval_context& ctx) {
  const binary_op op = n.binary;
  if (op == binary_op::range || op == binary_op::intersect) {
    operand acc = eval(n.children[0], ctx);
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      const operand next = eval(n.children[i], ctx);
      const auto* a = std::get_if<range_ref>(&acc);
      const auto* b = std::get_if<range_ref>(&next);
      if (a == nullptr || b == nullptr) {
        // An error operand stays that error; anything else is not a reference.
        if (const auto* v = std::get_if<value>(&acc); v && v->is_error()) return acc;
        if (const auto* v = std::get_if<value>(&next); v && v->is_error()) return next;
        return value::error(error_value::value);
      }
      if (a->sheet != b->sheet) return value::error(error_value::value);
      range_ref r{a->sheet, {}};
      if (op == binary_op::range) {
        r.area = {{std::min(a->area.first.row_idx, b->area.first.row_idx), std::min(a->area.first.col_idx, b->area.first.col_idx)},
                  {std::max(a->area.last.row_idx, b->area.last.row_idx), std::max(a->area.last.col_idx, b->area.last.col_idx)}};
      } else {
        r.area = {{std::max(a->area.first.row_idx, b->area.first.row_idx), std::max(a->area.first.col_idx, b->area.first.col_idx)},
                  {std::min(a->area.last.row_idx, b->area.last.row_idx), std::min(a->area.last.col_idx, b->area.last.col_idx)}};
        if (r.area.first.row_idx > r.area.last.row_idx || r.area.first.col_idx > r.area.last.col_idx)
          return value::error(error_value::null);
      }
      acc = r;
    }
    return acc;
  }
  if (op == binary_op::union_refs) {
    flag(eval_status::unsupported_construct, "a union of references");
    return value::error(error_value::value);
  }
  operand acc = eval(n.children[0], ctx);
  for (std::size_t i = 1; i < n.children.size(); ++i) {
    const operand next = eval(n.children[i], ctx);
    if (ctx.array_mode && (multi_cell(acc) || multi_cell(next))) {
      // Element by element; a one-row or one-column side stretches to the other's size, and
      // positions outside a side that cannot stretch are #N/A, as in Excel.
      const array a = to_array(acc), b = to_array(next);
      array out;
      out.rows = std::max(a.rows, b.rows);
      out.cols = std::max(a.cols, b.cols);
      if (std::uint64_t(out.rows) * out.cols > limits_.max_array_cells) {
        flag(eval_status::limit, "an array of more than " + std::to_string(limits_.max_array_cells) + " cells");
        return value::error(error_value::calc);
      }
      out.cells.reserve(std::size_t(out.rows) * out.cols);
      auto pick = [](const array& x, std::uint32_t r, std::uint32_t c) -> value {
        const std::uint32_t rr = x.rows == 1 ? 0 : r, cc = x.cols == 1 ? 0 : c;
        if (rr >= x.rows || cc >= x.cols) return value::error(error_value::na);
        return x.at(rr, cc);
      };
      for (std::uint32_t r = 0; r < out.rows; ++r)
        for (std::uint32_t c = 0; c < out.cols; ++c) {
          out.cells.push_back(scalar_op(op, pick(a, r, c), pick(b, r, c), date1904()));
        }
      acc = std::move(out);
    } else {
      acc = scalar_op(op, to_scalar(acc, ctx), to_scalar(next, ctx), date1904());
    }
  }
  return acc;
}

}  // namespace returncheck::formula
