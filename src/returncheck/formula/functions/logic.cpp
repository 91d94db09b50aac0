// Logical and information functions (docs/formulas.md lists them with their known differences from Excel).
#include <cmath>

#include "returncheck/formula/functions/registry.hpp"

namespace returncheck::formula::functions {
namespace {

// The formula's own cell, for reducing a range to one value by implicit intersection.
eval_context here(call_args& args) { return eval_context{args.sheet(), args.cell(), false}; }

// An argument as one value, or (when it is an array: an array constant, or an expression
// computed as an array inside SUMPRODUCT) as an array. A range is reduced to one cell.
operand value_or_array(call_args& args, std::size_t i) {
  operand o = args.get(i);
  if (std::holds_alternative<array>(o)) return o;
  return args.engine().to_scalar(o, here(args));
}

// Applies a one-argument function to its argument, element by element when it is an array, as
// Excel does with a function that takes a single value.
template <class F>
operand each_value(call_args& args, F f) {
  operand o = value_or_array(args, 0);
  if (auto* a = std::get_if<array>(&o)) {
    for (auto& v : a->cells) v = f(v);
    return o;
  }
  return f(std::get<value>(o));
}

// Calls visit with each value an argument holds, and whether it came from a range or array
// rather than being typed as the argument: one value, an array's elements, or a range's stored
// cells (empty cells are not visited). Stops when visit returns false.
template <class F>
void visit_values(call_args& args, const operand& o, F visit) {
  if (const auto* v = std::get_if<value>(&o)) {
    visit(*v, false);
    return;
  }
  if (const auto* a = std::get_if<array>(&o)) {
    for (const auto& v : a->cells)
      if (!visit(v, true)) return;
    return;
  }
  const auto& r = std::get<range_ref>(o);
  evaluator& ev = args.engine();
  ev.cells().sheet(r.sheet).for_each_in(
      r.area, [&](const xlsx::stored_cell& c) { return visit(ev.cell_value(r.sheet, c.pos), true); });
}

// ---- Conditions

// IF evaluates only the branch it takes; a missing branch is 0 (FALSE when absent altogether).
operand if_(call_args& args) {
  const value cond = args.scalar(0);
  if (cond.is_error()) return cond;
  const auto b = to_boolean(cond);
  if (!b) return err(b.error());
  const std::size_t branch = *b ? 1 : 2;
  if (branch >= args.size()) return value::boolean(false);
  if (args.missing(branch)) return value::number(0);
  return args.get(branch);
}

// IFS(condition1, value1, ...): the value of the first TRUE condition, #N/A when none is. Later
// conditions and the values not chosen are not evaluated. An odd number of arguments cannot be
// typed into Excel; it is #VALUE! here.
operand ifs(call_args& args) {
  if (args.size() % 2 != 0) return err(error_value::value);
  for (std::size_t i = 0; i < args.size(); i += 2) {
    const value cond = args.scalar(i);
    if (cond.is_error()) return cond;
    const auto b = to_boolean(cond);
    if (!b) return err(b.error());
    if (!*b) continue;
    if (args.missing(i + 1)) return value::number(0);
    return args.get(i + 1);
  }
  return err(error_value::na);
}

// IFERROR and IFNA: the value, or the fallback (evaluated only when needed) in place of an
// error they catch; a missing fallback is 0. An array is replaced element by element, so that
// SUMPRODUCT(IFERROR(A1:A3/B1:B3,0)) skips the divisions by zero.
operand if_caught(call_args& args, bool (*catches)(error_value)) {
  const operand o = value_or_array(args, 0);
  std::optional<operand> fallback;
  auto replacement = [&](std::uint32_t r, std::uint32_t c) -> value {
    if (!fallback) fallback = args.missing(1) ? operand(value::number(0)) : value_or_array(args, 1);
    if (const auto* v = std::get_if<value>(&*fallback)) return *v;
    // An array fallback pairs element by element; a one-row or one-column one stretches.
    const auto& a = std::get<array>(*fallback);
    const std::uint32_t rr = a.rows == 1 ? 0 : r, cc = a.cols == 1 ? 0 : c;
    if (rr >= a.rows || cc >= a.cols) return value::error(error_value::na);
    return a.at(rr, cc);
  };
  if (const auto* a = std::get_if<array>(&o)) {
    array out = *a;
    for (std::uint32_t r = 0; r < out.rows; ++r)
      for (std::uint32_t c = 0; c < out.cols; ++c) {
        value& v = out.cells[std::size_t(r) * out.cols + c];
        if (v.is_error() && catches(v.as_error())) v = replacement(r, c);
      }
    return out;
  }
  const value& v = std::get<value>(o);
  if (!v.is_error() || !catches(v.as_error())) return v;
  if (args.missing(1)) return value::number(0);
  return args.get(1);
}

operand iferror(call_args& args) {
  return if_caught(args, [](error_value) { return true; });
}

operand ifna(call_args& args) {
  return if_caught(args, [](error_value e) { return e == error_value::na; });
}

// SWITCH(expression, value1, result1, ..., [default]): the result paired with the first value
// equal to the expression, by Excel's `=` (text ignores case); the default, or #N/A, when none
// is. Values after the match and results not chosen are not evaluated.
operand switch_(call_args& args) {
  const value subject = args.scalar(0);
  if (subject.is_error()) return subject;
  const std::size_t pairs = (args.size() - 1) / 2;
  for (std::size_t k = 0; k < pairs; ++k) {
    const std::size_t i = 1 + 2 * k;
    const value candidate = args.scalar(i);
    if (candidate.is_error()) return candidate;
    // Blank against blank is equal; otherwise blank is 0, "" or FALSE as in `=`.
    const auto c = compare(subject, candidate);
    if (!c || *c != 0) continue;
    if (args.missing(i + 1)) return value::number(0);
    return args.get(i + 1);
  }
  if ((args.size() - 1) % 2 == 1) {
    const std::size_t last = args.size() - 1;
    if (args.missing(last)) return value::number(0);
    return args.get(last);
  }
  return err(error_value::na);
}

// ---- AND, OR, XOR, NOT

// The conditions AND, OR and XOR see, counted: a typed argument is read as a condition (numbers,
// booleans, "TRUE"/"FALSE" text; other text is #VALUE!); in a range or array only numbers and
// booleans count, text and empty cells are skipped. The first error met is the answer.
struct tally {
  std::size_t true_count = 0;
  std::size_t false_count = 0;
  std::optional<error_value> error;
};

tally conditions(call_args& args) {
  tally t;
  for (std::size_t i = 0; i < args.size() && !t.error; ++i) {
    if (args.missing(i)) {
      // Unsure: AND(TRUE,) is taken to hold FALSE for the empty argument.
      ++t.false_count;
      continue;
    }
    visit_values(args, args.get(i), [&](const value& v, bool from_range) {
      if (v.is_error()) {
        t.error = v.as_error();
        return false;
      }
      if (from_range && !v.is_number() && !v.is_boolean()) return true;
      const auto b = to_boolean(v);
      if (!b) {
        t.error = b.error();
        return false;
      }
      ++(*b ? t.true_count : t.false_count);
      return true;
    });
  }
  if (!t.error && t.true_count + t.false_count == 0) t.error = error_value::value;
  return t;
}

operand and_(call_args& args) {
  const tally t = conditions(args);
  if (t.error) return err(*t.error);
  return value::boolean(t.false_count == 0);
}

operand or_(call_args& args) {
  const tally t = conditions(args);
  if (t.error) return err(*t.error);
  return value::boolean(t.true_count > 0);
}

operand xor_(call_args& args) {
  const tally t = conditions(args);
  if (t.error) return err(*t.error);
  return value::boolean(t.true_count % 2 == 1);
}

operand not_(call_args& args) {
  return each_value(args, [](const value& v) {
    const auto b = to_boolean(v);
    return b ? value::boolean(!*b) : value::error(b.error());
  });
}

operand true_(call_args&) { return value::boolean(true); }
operand false_(call_args&) { return value::boolean(false); }

// ---- IS functions: never an error, whatever the argument

template <bool (*test)(const value&)>
operand is(call_args& args) {
  return each_value(args, [](const value& v) { return value::boolean(test(v)); });
}

// Only a reference to an empty cell is blank: ISBLANK("") is FALSE.
bool blank(const value& v) { return v.is_blank(); }
// Numeric text is text: ISNUMBER("1") is FALSE.
bool number(const value& v) { return v.is_number(); }
bool text(const value& v) { return v.is_text(); }
bool nontext(const value& v) { return !v.is_text(); }
bool logical(const value& v) { return v.is_boolean(); }
bool error(const value& v) { return v.is_error(); }
bool err_not_na(const value& v) { return v.is_error() && v.as_error() != error_value::na; }
bool na(const value& v) { return v.is_error() && v.as_error() == error_value::na; }

// ISEVEN and ISODD take a number, truncated; unlike the other IS functions they pass errors on,
// and a boolean is #VALUE! (Microsoft: "If number is nonnumeric, ... #VALUE!").
template <bool odd>
operand is_parity(call_args& args) {
  const bool date1904 = args.date1904();
  return each_value(args, [date1904](const value& v) {
    if (v.is_boolean()) return value::error(error_value::value);
    const auto x = to_number(v, date1904);
    if (!x) return value::error(x.error());
    const double whole = std::trunc(*x);
    const bool is_odd = std::fmod(std::fabs(whole), 2.0) == 1.0;
    return value::boolean(is_odd == odd);
  });
}

// ---- Errors and conversions

operand na_(call_args&) { return err(error_value::na); }

// ERROR.TYPE: 1 #NULL! ... 7 #N/A, 8 #GETTING_DATA, 9 #SPILL!, 14 #CALC!; #N/A for a value
// that is no error.
operand error_type(call_args& args) {
  return each_value(args, [](const value& v) {
    if (!v.is_error()) return value::error(error_value::na);
    if (v.as_error() == error_value::calc) return value::number(14);
    return value::number(double(static_cast<int>(v.as_error()) + 1));
  });
}

// N: a number as itself, TRUE 1, FALSE 0, an error as itself, anything else (text, numeric
// text included) 0.
operand n(call_args& args) {
  return each_value(args, [](const value& v) {
    switch (v.kind()) {
      case value_kind::number: return v;
      case value_kind::boolean: return value::number(v.as_boolean() ? 1 : 0);
      case value_kind::error: return v;
      default: return value::number(0);
    }
  });
}

// T: text as itself, an error as itself, anything else "".
operand t(call_args& args) {
  return each_value(args, [](const value& v) {
    if (v.is_text() || v.is_error()) return v;
    return value::text("");
  });
}

// TYPE: 1 for a number (an empty cell too), 2 text, 4 a boolean, 16 an error, 64 an array or
// a reference to more than one cell. The argument is taken whole, never element by element.
operand type(call_args& args) {
  const operand o = args.get(0);
  if (std::holds_alternative<array>(o)) return num(64);
  if (const auto* r = std::get_if<range_ref>(&o); r != nullptr && !r->single_cell()) return num(64);
  switch (args.engine().to_scalar(o, here(args)).kind()) {
    case value_kind::text: return num(2);
    case value_kind::boolean: return num(4);
    case value_kind::error: return num(16);
    default: return num(1);
  }
}

}  // namespace

std::span<const function_info> logic_functions() {
  static const function_info table[] = {
      {"AND", 1, 255, and_, true},
      {"ERROR.TYPE", 1, 1, error_type},
      {"FALSE", 0, 0, false_},
      {"IF", 2, 3, if_},
      {"IFERROR", 2, 2, iferror},
      {"IFNA", 2, 2, ifna},
      {"IFS", 2, 254, ifs},
      {"ISBLANK", 1, 1, is<blank>},
      {"ISERR", 1, 1, is<err_not_na>},
      {"ISERROR", 1, 1, is<error>},
      {"ISEVEN", 1, 1, is_parity<false>},
      {"ISLOGICAL", 1, 1, is<logical>},
      {"ISNA", 1, 1, is<na>},
      {"ISNONTEXT", 1, 1, is<nontext>},
      {"ISNUMBER", 1, 1, is<number>},
      {"ISODD", 1, 1, is_parity<true>},
      {"ISTEXT", 1, 1, is<text>},
      {"N", 1, 1, n},
      {"NA", 0, 0, na_},
      {"NOT", 1, 1, not_},
      {"OR", 1, 255, or_, true},
      {"SWITCH", 3, 254, switch_},
      {"T", 1, 1, t},
      {"TRUE", 0, 0, true_},
      {"TYPE", 1, 1, type},
      {"XOR", 1, 254, xor_, true},
  };
  return table;
}

}  // namespace returncheck::formula::functions
