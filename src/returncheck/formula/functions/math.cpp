// Math functions (docs/formulas.md lists them with their known differences from Excel).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <numbers>
#include <string>

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

// SUMSQ: the squares of the numbers SUM would add.
operand sumsq(call_args& args) {
  std::vector<double> xs;
  if (const auto e = collect_numbers(args, 0, xs)) return err(*e);
  double total = 0;
  for (double x : xs) total += x * x;
  return num(total);
}

// ---- Trigonometry, in radians

// SIN, COS and TAN refuse an angle of 2^27 or more in size (#NUM!), as Excel does: reduced
// to one turn, such an angle has lost too many digits to mean anything.
bool too_many_turns(double x) { return std::fabs(x) >= 134217728.0; }

operand sin_(call_args& args) {
  return unary(args, [](double x) { return too_many_turns(x) ? err(error_value::num) : num(std::sin(x)); });
}

operand cos_(call_args& args) {
  return unary(args, [](double x) { return too_many_turns(x) ? err(error_value::num) : num(std::cos(x)); });
}

operand tan_(call_args& args) {
  return unary(args, [](double x) { return too_many_turns(x) ? err(error_value::num) : num(std::tan(x)); });
}

operand asin_(call_args& args) {
  return unary(args, [](double x) { return std::fabs(x) > 1 ? err(error_value::num) : num(std::asin(x)); });
}

operand acos_(call_args& args) {
  return unary(args, [](double x) { return std::fabs(x) > 1 ? err(error_value::num) : num(std::acos(x)); });
}

operand atan_(call_args& args) {
  return unary(args, [](double x) { return num(std::atan(x)); });
}

// ATAN2(x_num, y_num): the angle of the point (x, y), x first unlike C's atan2; #DIV/0! at
// the origin.
operand atan2_(call_args& args) {
  const auto x = number_arg(args, 0);
  if (!x) return err(x.error());
  const auto y = number_arg(args, 1);
  if (!y) return err(y.error());
  if (*x == 0 && *y == 0) return err(error_value::div0);
  return num(std::atan2(*y, *x));
}

operand sinh_(call_args& args) {
  return unary(args, [](double x) { return num(std::sinh(x)); });
}

operand cosh_(call_args& args) {
  return unary(args, [](double x) { return num(std::cosh(x)); });
}

operand tanh_(call_args& args) {
  return unary(args, [](double x) { return num(std::tanh(x)); });
}

operand asinh_(call_args& args) {
  return unary(args, [](double x) { return num(std::asinh(x)); });
}

operand acosh_(call_args& args) {
  return unary(args, [](double x) { return x < 1 ? err(error_value::num) : num(std::acosh(x)); });
}

operand atanh_(call_args& args) {
  return unary(args, [](double x) { return std::fabs(x) >= 1 ? err(error_value::num) : num(std::atanh(x)); });
}

operand degrees(call_args& args) {
  return unary(args, [](double x) { return num(x * 180 / std::numbers::pi); });
}

operand radians(call_args& args) {
  return unary(args, [](double x) { return num(x * std::numbers::pi / 180); });
}

// ---- Whole numbers

// EVEN and ODD round away from zero to the next even (odd) whole number; ODD(0) is 1. The size
// is taken at 15 digits first, so that a sum just past a whole number is not pushed on.
operand even(call_args& args) {
  return unary(args, [](double x) {
    const double up = std::ceil(round_to_15_digits(std::fabs(x)) / 2) * 2;
    return num(x < 0 ? -up : up);
  });
}

operand odd(call_args& args) {
  return unary(args, [](double x) {
    double up = std::ceil(round_to_15_digits(std::fabs(x)));
    if (std::fmod(up, 2) == 0) up += 1;
    return num(x < 0 ? -up : up);
  });
}

// FACT(n): n truncated; #NUM! below 0, and past 170, whose factorial no double holds.
operand fact(call_args& args) {
  return unary(args, [](double x) {
    const double n = std::trunc(x);
    if (n < 0 || n > 170) return err(error_value::num);
    double out = 1;
    for (double k = 2; k <= n; ++k) out *= k;
    return num(out);
  });
}

// COMBIN(n, k): both truncated; #NUM! when either is negative or k passes n.
operand combin(call_args& args) {
  const auto n = number_arg(args, 0);
  if (!n) return err(n.error());
  const auto k = number_arg(args, 1);
  if (!k) return err(k.error());
  const double whole_n = std::trunc(*n), whole_k = std::trunc(*k);
  if (whole_n < 0 || whole_k < 0 || whole_k > whole_n) return err(error_value::num);
  const double pick = std::min(whole_k, whole_n - whole_k);
  // Each step leaves C(n - pick + i, i), a whole number, while it is below 2^53.
  double out = 1;
  for (double i = 1; i <= pick && std::isfinite(out); ++i) out = out * (whole_n - pick + i) / i;
  return num(out < 9007199254740992.0 ? std::round(out) : out);
}

// The whole numbers GCD and LCM read: every argument's numbers truncated; a boolean or text
// anywhere is #VALUE! ("If any argument is nonnumeric"), except numeric text typed as an
// argument; a negative one, or one of 2^53 or more, is #NUM!. Empty cells are skipped.
std::optional<error_value> whole_numbers(call_args& args, std::vector<double>& out) {
  std::optional<error_value> failure;
  for (std::size_t i = 0; i < args.size() && !failure; ++i) {
    if (args.missing(i)) {
      out.push_back(0);
      continue;
    }
    args.for_each(i, [&](const value& v, bool in_collection) {
      double x = 0;
      if (v.is_error()) {
        failure = v.as_error();
      } else if (v.is_boolean() || (in_collection && v.is_text())) {
        failure = error_value::value;
      } else if (const auto n = to_number(v, args.date1904())) {
        x = std::trunc(*n);
        if (x < 0 || x >= 9007199254740992.0) failure = error_value::num;
      } else {
        failure = n.error();
      }
      if (!failure) out.push_back(x);
      return !failure;
    });
  }
  return failure;
}

double gcd_of(double a, double b) {
  while (b != 0) {
    const double r = std::fmod(a, b);
    a = b;
    b = r;
  }
  return a;
}

operand gcd(call_args& args) {
  std::vector<double> xs;
  if (const auto e = whole_numbers(args, xs)) return err(*e);
  double out = 0;
  for (double x : xs) out = gcd_of(out, x);
  return num(out);
}

// LCM: 0 when any number is 0.
operand lcm(call_args& args) {
  std::vector<double> xs;
  if (const auto e = whole_numbers(args, xs)) return err(*e);
  if (xs.empty()) return num(0);
  double out = 1;
  for (double x : xs) {
    if (x == 0) return num(0);
    out = out / gcd_of(out, x) * x;
  }
  return num(out);
}

// MROUND(number, multiple): the multiple nearest the number, halves away from zero; 0 for a
// multiple of 0; #NUM! when the two have opposite signs. The quotient is taken as the double
// it is, which is why Microsoft lists MROUND(6.05,0.1) as 6 but MROUND(7.05,0.1) as 7.1.
operand mround(call_args& args) {
  const auto x = strict_number_arg(args, 0);
  if (!x) return err(x.error());
  const auto step = strict_number_arg(args, 1);
  if (!step) return err(step.error());
  if (*x == 0 || *step == 0) return num(0);
  if ((*x < 0) != (*step < 0)) return err(error_value::num);
  return num(round_to_15_digits(std::round(*x / *step) * *step) + 0.0);
}

// ROMAN(number, [form]): the number (truncated, 0 to 3999; 0 is "") in Roman numerals. Form 0
// (or TRUE, or none) is the classic style: a 4 or a 9 at a decimal place is a subtractive
// pair of that place's numerals (IV, IX, XL, XC, CD, CM). Each form up to 4 (or FALSE) lets
// the numeral taken away be one step further down I V X L C D M, as long as the pair does not
// pass what is left to write: 499 is CDXCIX, LDVLIV, XDIX, VDIV and ID in forms 0 to 4.
operand roman(call_args& args) {
  const auto x = number_arg(args, 0);
  if (!x) return err(x.error());
  double form = 0;
  if (args.size() > 1 && !args.missing(1)) {
    const value f = args.scalar(1);
    if (f.is_boolean()) {
      form = f.as_boolean() ? 0 : 4;
    } else {
      const auto n = to_number(f, args.date1904());
      if (!n) return err(n.error());
      form = std::trunc(*n);
    }
  }
  const double whole = std::trunc(*x);
  if (whole < 0 || whole > 3999 || form < 0 || form > 4) return err(error_value::value);
  static constexpr char numerals[] = {'I', 'V', 'X', 'L', 'C', 'D', 'M'};
  static constexpr int worth[] = {1, 5, 10, 50, 100, 500, 1000};
  int left = int(whole);
  std::string out;
  for (int one = 6; one >= 0; one -= 2) {  // M, C, X, I: the one of each decimal place
    const int digit = left / worth[one];
    if (digit % 5 == 4) {
      const int big = digit == 4 ? one + 1 : one + 2;
      int small = one;
      for (int step = 0; step < int(form) && small > 0 && worth[big] - worth[small - 1] <= left; ++step) --small;
      out += numerals[small];
      out += numerals[big];
      left -= worth[big] - worth[small];
    } else {
      if (digit >= 5) out += numerals[one + 1];
      out.append(std::size_t(digit % 5), numerals[one]);
      left -= digit * worth[one];
    }
  }
  return value::text(std::move(out));
}

// FVSCHEDULE(principal, schedule): the principal grown by each rate in turn. Empty cells are
// rates of 0; text or a boolean in the schedule is #VALUE!.
operand fvschedule(call_args& args) {
  const auto principal = strict_number_arg(args, 0);
  if (!principal) return err(principal.error());
  double out = *principal;
  std::optional<error_value> failure;
  args.for_each(1, [&](const value& v, bool in_collection) {
    if (v.is_error()) {
      failure = v.as_error();
    } else if (v.is_boolean() || (in_collection && v.is_text())) {
      failure = error_value::value;
    } else if (const auto rate = to_number(v, args.date1904())) {
      out *= 1 + *rate;
    } else {
      failure = rate.error();
    }
    return !failure;
  });
  if (failure) return err(*failure);
  return num(out);
}

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
      {"SUMSQ", 1, 255, sumsq, true},
      {"SIN", 1, 1, sin_},
      {"COS", 1, 1, cos_},
      {"TAN", 1, 1, tan_},
      {"ASIN", 1, 1, asin_},
      {"ACOS", 1, 1, acos_},
      {"ATAN", 1, 1, atan_},
      {"ATAN2", 2, 2, atan2_},
      {"SINH", 1, 1, sinh_},
      {"COSH", 1, 1, cosh_},
      {"TANH", 1, 1, tanh_},
      {"ASINH", 1, 1, asinh_},
      {"ACOSH", 1, 1, acosh_},
      {"ATANH", 1, 1, atanh_},
      {"DEGREES", 1, 1, degrees},
      {"RADIANS", 1, 1, radians},
      {"EVEN", 1, 1, even},
      {"ODD", 1, 1, odd},
      {"FACT", 1, 1, fact},
      {"COMBIN", 2, 2, combin},
      {"GCD", 1, 255, gcd, true},
      {"LCM", 1, 255, lcm, true},
      {"MROUND", 2, 2, mround},
      {"ROMAN", 1, 2, roman},
      {"FVSCHEDULE", 2, 2, fvschedule, true},
  };
  return table;
}

}  // namespace returncheck::formula::functions
