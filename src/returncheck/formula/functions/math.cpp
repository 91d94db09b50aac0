// Math functions (docs/formulas.md lists them with their known differences from Excel).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <numbers>

#include "returncheck/formula/functions/registry.hpp"

namespace returncheck::formula::functions {
namespace {

operand sum(call_args& args) {
  std::vector<double> xs;
  if (const auto e = collect_numbers(args, 0, xs)) return err(*e);
  double total = 0;
  for (double x : xs) total += x;
  return num(total);
}

// SUMIF(range, criteria, [sum_range]): the sum range takes the range's shape from its top-left cell.
operand sumif(call_args& args) {
  const std::size_t target = args.size() == 3 && !args.missing(2) ? 2 : 0;
  std::uint64_t matched = 0;
  std::vector<double> xs;
  if (const auto e = match_criteria(args, 0, 1, target, true, matched, xs)) return err(*e);
  double total = 0;
  for (double x : xs) total += x;
  return num(total);
}

// SUMIFS(sum_range, range1, criteria1, ...): every range has the sum range's shape.
operand sumifs(call_args& args) {
  if ((args.size() - 1) % 2 != 0) return err(error_value::value);
  std::uint64_t matched = 0;
  std::vector<double> xs;
  if (const auto e = match_criteria(args, 1, (args.size() - 1) / 2, 0, false, matched, xs)) return err(*e);
  double total = 0;
  for (double x : xs) total += x;
  return num(total);
}

// SUMPRODUCT: arrays of one shape multiplied element by element; anything but a number is 0,
// an error anywhere is the answer.
operand sumproduct(call_args& args) {
  std::vector<array> arrays;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args.missing(i)) return err(error_value::value);
    arrays.push_back(args.values(i));
  }
  for (const array& a : arrays)
    if (a.rows != arrays.front().rows || a.cols != arrays.front().cols) return err(error_value::value);
  double total = 0;
  for (std::size_t k = 0; k < arrays.front().cells.size(); ++k) {
    double product = 1;
    for (const array& a : arrays) {
      const value& v = a.cells[k];
      if (v.is_error()) return v;
      product *= v.is_number() ? v.as_number() : 0;
    }
    total += product;
  }
  return num(total);
}

enum class rounding { nearest, away_from_zero, toward_zero };

// x rounded to `digits` decimal places (left of the point when negative), working on its
// 15-significant-digit decimal form as Excel does: ROUND(2.675,2) is 2.68 although the double
// nearest 2.675 lies just below it. Halves go away from zero.
double round_decimal(double x, double digits, rounding how) {
  if (x == 0 || !std::isfinite(x)) return x;
  const long places = std::lround(std::clamp(std::trunc(digits), -400.0, 400.0));
  // The 15 significant digits, d.dddddddddddddde±x.
  char buf[40];
  const auto end =
      std::to_chars(buf, buf + sizeof buf, std::fabs(round_to_15_digits(x)), std::chars_format::scientific, 14).ptr;
  int exponent = 0;
  std::from_chars(buf + 17 + (buf[17] == '+' ? 1 : 0), end, exponent);
  std::string digits15 = std::string(1, buf[0]) + std::string(buf + 2, buf + 16);
  // Digit i stands for 10^(exponent - i); keep those at 10^-places and above.
  const long keep = exponent + places + 1;
  if (keep >= 15) return x;
  std::string kept = keep > 0 ? digits15.substr(0, std::size_t(keep)) : std::string();
  bool up = false;
  if (how == rounding::nearest) {
    up = keep >= 0 && digits15[std::size_t(keep)] >= '5';
  } else if (how == rounding::away_from_zero) {
    up = digits15.find_first_not_of('0', std::size_t(std::max(keep, 0L))) != std::string::npos;
  }
  if (up) {
    std::size_t i = kept.size();
    while (i > 0 && kept[i - 1] == '9') kept[--i] = '0';
    if (i == 0) kept.insert(kept.begin(), '1');
    else ++kept[i - 1];
  }
  if (kept.empty()) return 0;
  const std::string text = kept + "e" + std::to_string(-places);
  double out = 0;
  std::from_chars(text.data(), text.data() + text.size(), out);
  return x < 0 ? -out : out;
}

template <rounding how>
operand round_(call_args& args) {
  const auto x = number_arg(args, 0);
  if (!x) return err(x.error());
  const auto digits = number_arg(args, 1);
  if (!digits) return err(digits.error());
  return num(round_decimal(*x, *digits, how) + 0.0);
}

// TRUNC(number, [digits]): ROUNDDOWN with digits 0 by default.
operand trunc_(call_args& args) { return round_<rounding::toward_zero>(args); }

// A function of one number: f gives the result, or an error.
template <class F>
operand unary(call_args& args, F f) {
  const auto x = number_arg(args, 0);
  if (!x) return err(x.error());
  return f(*x);
}

operand int_(call_args& args) {
  return unary(args, [](double x) { return num(std::floor(x)); });
}

operand abs_(call_args& args) {
  return unary(args, [](double x) { return num(std::fabs(x)); });
}

operand sign(call_args& args) {
  return unary(args, [](double x) { return num(x > 0 ? 1 : x < 0 ? -1 : 0); });
}

operand sqrt_(call_args& args) {
  return unary(args, [](double x) { return x < 0 ? err(error_value::num) : num(std::sqrt(x)); });
}

operand exp_(call_args& args) {
  return unary(args, [](double x) { return num(std::exp(x)); });
}

operand ln(call_args& args) {
  return unary(args, [](double x) { return x <= 0 ? err(error_value::num) : num(std::log(x)); });
}

operand log10_(call_args& args) {
  return unary(args, [](double x) { return x <= 0 ? err(error_value::num) : num(std::log10(x)); });
}

// LOG(number, [base]): base 10 by default; base 1 divides by log 1 = 0.
operand log_(call_args& args) {
  const auto x = number_arg(args, 0);
  if (!x) return err(x.error());
  const auto base = number_arg(args, 1, 10);
  if (!base) return err(base.error());
  if (*x <= 0 || *base <= 0) return err(error_value::num);
  if (*base == 1) return err(error_value::div0);
  if (*base == 10) return num(std::log10(*x));
  return num(std::log(*x) / std::log(*base));
}

// MOD(n, d) = n - d*INT(n/d), Microsoft's definition: the result takes the divisor's sign.
operand mod(call_args& args) {
  const auto n = number_arg(args, 0);
  if (!n) return err(n.error());
  const auto d = number_arg(args, 1);
  if (!d) return err(d.error());
  if (*d == 0) return err(error_value::div0);
  return num(*n - *d * std::floor(*n / *d));
}

// POWER(x, y): as the ^ operator.
operand power(call_args& args) {
  const auto x = number_arg(args, 0);
  if (!x) return err(x.error());
  const auto y = number_arg(args, 1);
  if (!y) return err(y.error());
  if (*x == 0 && *y == 0) return err(error_value::num);
  if (*x == 0 && *y < 0) return err(error_value::div0);
  if (*x < 0 && *y != std::trunc(*y)) return err(error_value::num);
  return num(std::pow(*x, *y));
}

// PRODUCT: the aggregate's numbers multiplied; 0 when there are none.
operand product(call_args& args) {
  std::vector<double> xs;
  if (const auto e = collect_numbers(args, 0, xs)) return err(*e);
  if (xs.empty()) return num(0);
  double out = 1;
  for (double x : xs) out *= x;
  return num(out);
}

// CEILING and FLOOR (the Excel 2007 forms, as today's Excel computes them): a positive number
// with a negative significance is #NUM!; a negative number with a positive significance rounds
// toward zero (CEILING) or away from it (FLOOR). The quotient is taken at 15 digits so that
// FLOOR(1.58,0.1) sees 15.8, not 15.7999999999999998.
template <bool up>
operand ceiling_floor(call_args& args) {
  const auto x = number_arg(args, 0);
  if (!x) return err(x.error());
  const auto step = number_arg(args, 1);
  if (!step) return err(step.error());
  if (*x == 0) return num(0);
  if (*x > 0 && *step < 0) return err(error_value::num);
  if (*step == 0) return up ? num(0) : err(error_value::div0);
  const double q = round_to_15_digits(*x / *step);
  const double whole = up ? std::ceil(q) : std::floor(q);
  return num(round_to_15_digits(whole * *step) + 0.0);
}

operand pi(call_args&) { return num(std::numbers::pi); }

}  // namespace

std::span<const function_info> math_functions() {
  static const function_info table[] = {
      {"SUM", 1, 255, sum, true},
      {"SUMIF", 2, 3, sumif},
      {"SUMIFS", 3, 255, sumifs},
      {"SUMPRODUCT", 1, 255, sumproduct, true},
      {"ROUND", 2, 2, round_<rounding::nearest>},
      {"ROUNDUP", 2, 2, round_<rounding::away_from_zero>},
      {"ROUNDDOWN", 2, 2, round_<rounding::toward_zero>},
      {"INT", 1, 1, int_},
      {"TRUNC", 1, 2, trunc_},
      {"MOD", 2, 2, mod},
      {"ABS", 1, 1, abs_},
      {"SQRT", 1, 1, sqrt_},
      {"POWER", 2, 2, power},
      {"PRODUCT", 1, 255, product, true},
      {"SIGN", 1, 1, sign},
      {"CEILING", 2, 2, ceiling_floor<true>},
      {"FLOOR", 2, 2, ceiling_floor<false>},
      {"PI", 0, 0, pi},
      {"EXP", 1, 1, exp_},
      {"LN", 1, 1, ln},
      {"LOG", 1, 2, log_},
      {"LOG10", 1, 1, log10_},
  };
  return table;
}

}  // namespace returncheck::formula::functions
