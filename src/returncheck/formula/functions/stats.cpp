// Stats functions (docs/formulas.md lists them with their known differences from Excel).
#include <algorithm>
#include <cmath>

#include "returncheck/formula/functions/registry.hpp"

namespace returncheck::formula::functions {
namespace {

// COUNT: numbers in ranges and arrays; typed arguments that are numbers, booleans or text that
// reads as a number. Errors and other text are not counted, never the answer.
operand count(call_args& args) {
  double n = 0;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args.missing(i)) {
      ++n;  // as a 0, the way SUM reads a missing argument (unsure)
      continue;
    }
    args.for_each(i, [&](const value& v, bool in_collection) {
      if (v.is_number()) ++n;
      else if (!in_collection && (v.is_boolean() || (v.is_text() && to_number(v, args.date1904())))) ++n;
      return true;
    });
  }
  return num(n);
}

// COUNTA: everything but empty cells, errors and empty text included.
operand counta(call_args& args) {
  double n = 0;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args.missing(i)) {
      ++n;  // unsure, as COUNT
      continue;
    }
    args.for_each(i, [&](const value& v, bool) {
      if (!v.is_blank()) ++n;
      return true;
    });
  }
  return num(n);
}

// COUNTBLANK(range): empty cells and cells holding empty text.
operand countblank(call_args& args) {
  const operand o = args.get(0);
  if (const auto* v = std::get_if<value>(&o); v != nullptr && v->is_error()) return o;
  auto filled = [](const value& v) { return !v.is_blank() && !(v.is_text() && v.as_text().empty()); };
  if (const auto* r = std::get_if<range_ref>(&o)) {
    double n = double(r->area.cell_count());
    args.for_each(0, [&](const value& v, bool) {
      if (filled(v)) --n;
      return true;
    });
    return num(n);
  }
  const array a = args.values(0);
  return num(double(std::count_if(a.cells.begin(), a.cells.end(), [&](const value& v) { return !filled(v); })));
}

operand countif(call_args& args) {
  std::uint64_t matched = 0;
  std::vector<double> unused;
  if (const auto e = match_criteria(args, 0, 1, std::nullopt, false, matched, unused)) return err(*e);
  return num(double(matched));
}

operand countifs(call_args& args) {
  if (args.size() % 2 != 0) return err(error_value::value);
  std::uint64_t matched = 0;
  std::vector<double> unused;
  if (const auto e = match_criteria(args, 0, args.size() / 2, std::nullopt, false, matched, unused)) return err(*e);
  return num(double(matched));
}

double total(const std::vector<double>& xs) {
  double t = 0;
  for (double x : xs) t += x;
  return t;
}

operand mean_or_div0(const std::vector<double>& xs) {
  if (xs.empty()) return err(error_value::div0);
  return num(total(xs) / double(xs.size()));
}

operand average(call_args& args) {
  std::vector<double> xs;
  if (const auto e = collect_numbers(args, 0, xs)) return err(*e);
  return mean_or_div0(xs);
}

// AVERAGEIF(range, criteria, [average_range]): the average range takes the range's shape, as SUMIF's.
operand averageif(call_args& args) {
  const std::size_t target = args.size() == 3 && !args.missing(2) ? 2 : 0;
  std::uint64_t matched = 0;
  std::vector<double> xs;
  if (const auto e = match_criteria(args, 0, 1, target, true, matched, xs)) return err(*e);
  return mean_or_div0(xs);
}

operand averageifs(call_args& args) {
  if ((args.size() - 1) % 2 != 0) return err(error_value::value);
  std::uint64_t matched = 0;
  std::vector<double> xs;
  if (const auto e = match_criteria(args, 1, (args.size() - 1) / 2, 0, false, matched, xs)) return err(*e);
  return mean_or_div0(xs);
}

// MIN and MAX: 0 when there are no numbers.
template <bool largest>
operand min_max(call_args& args) {
  std::vector<double> xs;
  if (const auto e = collect_numbers(args, 0, xs)) return err(*e);
  if (xs.empty()) return num(0);
  return num(largest ? *std::max_element(xs.begin(), xs.end()) : *std::min_element(xs.begin(), xs.end()));
}

operand median(call_args& args) {
  std::vector<double> xs;
  if (const auto e = collect_numbers(args, 0, xs)) return err(*e);
  if (xs.empty()) return err(error_value::num);
  std::sort(xs.begin(), xs.end());
  const std::size_t mid = xs.size() / 2;
  return num(xs.size() % 2 != 0 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2);
}

// MODE: the number seen most often, the first seen among equals; #N/A when none repeats.
operand mode(call_args& args) {
  std::vector<double> xs;
  if (const auto e = collect_numbers(args, 0, xs)) return err(*e);
  std::size_t best = 0, best_count = 1;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const auto n = std::size_t(std::count(xs.begin(), xs.end(), xs[i]));
    if (n > best_count) {
      best = i;
      best_count = n;
    }
  }
  if (best_count < 2) return err(error_value::na);
  return num(xs[best]);
}

// RANK(number, ref, [order]): 1 + how many numbers in ref beat it (are larger, or smaller when
// order is not 0); #N/A when the number is not in ref. Numbers compare at 15 digits, as = does.
operand rank(call_args& args) {
  const auto x = number_arg(args, 0);
  if (!x) return err(x.error());
  std::vector<double> xs;
  if (const auto e = numbers_of(args, 1, xs)) return err(*e);
  const auto order = number_arg(args, 2);
  if (!order) return err(order.error());
  const double wanted = round_to_15_digits(*x);
  bool found = false;
  double beaten_by = 0;
  for (double v : xs) {
    const double y = round_to_15_digits(v);
    found = found || y == wanted;
    if (*order == 0 ? y > wanted : y < wanted) ++beaten_by;
  }
  if (!found) return err(error_value::na);
  return num(beaten_by + 1);
}

// LARGE and SMALL(array, k): k is rounded up to a whole number (unsure), and must lie in 1..n.
template <bool largest>
operand kth(call_args& args) {
  std::vector<double> xs;
  if (const auto e = numbers_of(args, 0, xs)) return err(*e);
  const auto k = number_arg(args, 1);
  if (!k) return err(k.error());
  const double at = std::ceil(*k);
  if (at < 1 || at > double(xs.size())) return err(error_value::num);
  const auto i = std::size_t(at) - 1;
  if (largest) {
    std::nth_element(xs.begin(), xs.begin() + std::ptrdiff_t(i), xs.end(), std::greater<>());
  } else {
    std::nth_element(xs.begin(), xs.begin() + std::ptrdiff_t(i), xs.end());
  }
  return num(xs[i]);
}

// The inclusive percentile: linear between the two numbers either side of k*(n-1).
operand percentile_of(std::vector<double>& xs, double k) {
  if (xs.empty() || k < 0 || k > 1) return err(error_value::num);
  std::sort(xs.begin(), xs.end());
  const double pos = k * double(xs.size() - 1);
  const auto lo = std::size_t(std::floor(pos));
  const double frac = pos - double(lo);
  if (lo + 1 >= xs.size() || frac == 0) return num(xs[lo]);
  return num(xs[lo] + frac * (xs[lo + 1] - xs[lo]));
}

operand percentile(call_args& args) {
  std::vector<double> xs;
  if (const auto e = numbers_of(args, 0, xs)) return err(*e);
  const auto k = number_arg(args, 1);
  if (!k) return err(k.error());
  return percentile_of(xs, *k);
}

// QUARTILE(array, quart): quart truncated to 0..4, the percentile at quart/4.
operand quartile(call_args& args) {
  std::vector<double> xs;
  if (const auto e = numbers_of(args, 0, xs)) return err(*e);
  const auto q = number_arg(args, 1);
  if (!q) return err(q.error());
  const double which = std::trunc(*q);
  if (which < 0 || which > 4) return err(error_value::num);
  return percentile_of(xs, which / 4);
}

// VAR and STDEV, of a sample (n-1) or of the whole population (n), with the mean taken first
// so that large numbers close together lose no precision.
template <bool sample, bool root>
operand variance(call_args& args) {
  std::vector<double> xs;
  if (const auto e = collect_numbers(args, 0, xs)) return err(*e);
  const std::size_t least = sample ? 2 : 1;
  if (xs.size() < least) return err(error_value::div0);
  const double mean = total(xs) / double(xs.size());
  double squares = 0;
  for (double x : xs) squares += (x - mean) * (x - mean);
  const double v = squares / double(sample ? xs.size() - 1 : xs.size());
  return num(root ? std::sqrt(v) : v);
}



// SUBTOTAL(function_num, ref...): the function numbered 1-11 (101-111: the same, ignoring
// hidden rows, which returncheck does not track) over the references. Excel also leaves out
// cells that hold SUBTOTAL themselves; that is not modelled (docs/formulas.md).
operand subtotal(call_args& args) {
  const auto fn = number_arg(args, 0);
  if (!fn) return err(fn.error());
  static constexpr std::string_view by_number[] = {"",    "AVERAGE", "COUNT", "COUNTA", "MAX",  "MIN",
                                                   "PRODUCT", "STDEV", "STDEV.P", "SUM", "VAR", "VAR.P"};
  const int code = int(std::trunc(*fn)) % 100;
  if (*fn < 1 || code < 1 || code > 11) return err(error_value::value);
  const function_info* f = find_function(by_number[code]);
  if (f == nullptr) return err(error_value::value);
  node rest = args.call();
  rest.children.erase(rest.children.begin());
  call_args inner(args.engine(), rest, args.context(), f->array_args);
  return f->impl(inner);
}

}  // namespace

std::span<const function_info> stats_functions() {
  static const function_info table[] = {
      {"COUNT", 1, 255, count, true},
      {"SUBTOTAL", 2, 255, subtotal, true},
      {"COUNTA", 1, 255, counta, true},
      {"COUNTBLANK", 1, 1, countblank},
      {"COUNTIF", 2, 2, countif},
      {"COUNTIFS", 2, 254, countifs},
      {"AVERAGE", 1, 255, average, true},
      {"AVERAGEIF", 2, 3, averageif},
      {"AVERAGEIFS", 3, 255, averageifs},
      {"MIN", 1, 255, min_max<false>, true},
      {"MAX", 1, 255, min_max<true>, true},
      {"MEDIAN", 1, 255, median, true},
      {"RANK", 2, 3, rank},
      {"RANK.EQ", 2, 3, rank},
      {"LARGE", 2, 2, kth<true>, true},
      {"SMALL", 2, 2, kth<false>, true},
      {"PERCENTILE", 2, 2, percentile, true},
      {"PERCENTILE.INC", 2, 2, percentile, true},
      {"QUARTILE", 2, 2, quartile, true},
      {"STDEV", 1, 255, variance<true, true>, true},
      {"STDEV.S", 1, 255, variance<true, true>, true},
      {"STDEV.P", 1, 255, variance<false, true>, true},
      {"VAR", 1, 255, variance<true, false>, true},
      {"VAR.S", 1, 255, variance<true, false>, true},
      {"VAR.P", 1, 255, variance<false, false>, true},
      {"MODE", 1, 255, mode, true},
  };
  return table;
}

}  // namespace returncheck::formula::functions
