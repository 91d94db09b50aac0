// Engineering functions: conversions between number bases, DELTA and GESTEP (docs/formulas.md).
#include <cmath>
#include <cstdint>
#include <string>

#include "returncheck/formula/functions/registry.hpp"

namespace returncheck::formula::functions {
namespace {

// ---- Binary, octal and hexadecimal
//
// Excel writes a number in these bases with at most 10 digits, in two's complement: the
// digits stand for 10, 30 or 40 bits, and a number whose top bit is set is negative. So
// BIN2DEC("1111111111") is -1, and DEC2HEX(-1) is "FFFFFFFFFF" whatever the places asked for.

struct base {
  int radix;
  int bits_per_digit;
};

constexpr base binary{2, 1};
constexpr base octal{8, 3};
constexpr base hexadecimal{16, 4};

constexpr int max_digits = 10;

std::int64_t span_of(base b) { return std::int64_t(1) << (b.bits_per_digit * max_digits); }
// The numbers the base's 10 digits hold: -span/2 to span/2 - 1.
std::int64_t lowest(base b) { return -span_of(b) / 2; }
std::int64_t highest(base b) { return span_of(b) / 2 - 1; }

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  return 99;
}

// The number argument of BIN2DEC, HEX2BIN... as Excel reads it: text, or a number read as the
// digits it is written with (HEX2DEC(10) is 16); empty is 0. More than 10 characters, or a
// character that is no digit of the base (a sign, a point, a space), is #NUM!; a boolean is
// #VALUE!.
or_error<std::int64_t> read_digits(call_args& args, base b) {
  const value v = args.scalar(0);
  if (v.is_error()) return util::unexpected{v.as_error()};
  if (v.is_boolean()) return util::unexpected{error_value::value};
  const auto text = to_text(v);
  if (!text) return util::unexpected{text.error()};
  if (text->size() > std::size_t(max_digits)) return util::unexpected{error_value::num};
  std::int64_t n = 0;
  for (const char c : *text) {
    const int d = digit_value(c);
    if (d >= b.radix) return util::unexpected{error_value::num};
    n = n * b.radix + d;
  }
  return n > highest(b) ? n - span_of(b) : n;
}

// The places argument (index i), truncated: nothing when omitted; #NUM! unless 1 to 10.
or_error<std::optional<int>> read_places(call_args& args, std::size_t i) {
  if (i >= args.size() || args.missing(i)) return std::optional<int>();
  const auto p = strict_number_arg(args, i);
  if (!p) return util::unexpected{p.error()};
  const double whole = std::trunc(*p);
  if (whole < 1 || whole > max_digits) return util::unexpected{error_value::num};
  return std::optional<int>(int(whole));
}

// n written in base b: a negative number as its 10-digit two's complement (places ignored), a
// positive one in as few digits as it takes, or padded with zeros to `places`; #NUM! when n is
// outside what 10 digits hold, or needs more digits than places.
operand write_digits(std::int64_t n, base b, std::optional<int> places) {
  if (n < lowest(b) || n > highest(b)) return err(error_value::num);
  std::uint64_t u = n < 0 ? std::uint64_t(n + span_of(b)) : std::uint64_t(n);
  std::string out;
  do {
    out.insert(out.begin(), "0123456789ABCDEF"[u % std::uint64_t(b.radix)]);
    u /= std::uint64_t(b.radix);
  } while (u != 0);
  if (n >= 0 && places) {
    if (int(out.size()) > *places) return err(error_value::num);
    out.insert(0, std::size_t(*places) - out.size(), '0');
  }
  return value::text(std::move(out));
}

// BIN2DEC, OCT2DEC, HEX2DEC.
template <const base& from>
operand to_decimal(call_args& args) {
  const auto n = read_digits(args, from);
  if (!n) return err(n.error());
  return num(double(*n));
}

// DEC2BIN, DEC2OCT, DEC2HEX: the number truncated; #NUM! outside what 10 digits hold.
template <const base& to>
operand from_decimal(call_args& args) {
  const auto x = strict_number_arg(args, 0);
  if (!x) return err(x.error());
  const auto places = read_places(args, 1);
  if (!places) return err(places.error());
  const double whole = std::trunc(*x);
  if (whole < double(lowest(to)) || whole > double(highest(to))) return err(error_value::num);
  return write_digits(std::int64_t(whole), to, *places);
}

// BIN2OCT, HEX2BIN...: the number read in one base and written in the other, which must
// hold it (HEX2BIN takes FFFFFFFE00 to 1FF).
template <const base& from, const base& to>
operand convert(call_args& args) {
  const auto n = read_digits(args, from);
  if (!n) return err(n.error());
  const auto places = read_places(args, 1);
  if (!places) return err(places.error());
  return write_digits(*n, to, *places);
}

// ---- DELTA and GESTEP

// DELTA(number1, [number2]): 1 when the two are equal (number2 is 0 by default), else 0.
operand delta(call_args& args) {
  const auto a = strict_number_arg(args, 0);
  if (!a) return err(a.error());
  const auto b = strict_number_arg(args, 1);
  if (!b) return err(b.error());
  return num(*a == *b ? 1 : 0);
}

// GESTEP(number, [step]): 1 when the number is at least step (0 by default), else 0.
operand gestep(call_args& args) {
  const auto a = strict_number_arg(args, 0);
  if (!a) return err(a.error());
  const auto b = strict_number_arg(args, 1);
  if (!b) return err(b.error());
  return num(*a >= *b ? 1 : 0);
}

}  // namespace

std::span<const function_info> engineering_functions() {
  static const function_info table[] = {
      {"BIN2DEC", 1, 1, to_decimal<binary>},
      {"BIN2HEX", 1, 2, convert<binary, hexadecimal>},
      {"BIN2OCT", 1, 2, convert<binary, octal>},
      {"DEC2BIN", 1, 2, from_decimal<binary>},
      {"DEC2HEX", 1, 2, from_decimal<hexadecimal>},
      {"DEC2OCT", 1, 2, from_decimal<octal>},
      {"DELTA", 1, 2, delta},
      {"GESTEP", 1, 2, gestep},
      {"HEX2BIN", 1, 2, convert<hexadecimal, binary>},
      {"HEX2DEC", 1, 1, to_decimal<hexadecimal>},
      {"HEX2OCT", 1, 2, convert<hexadecimal, octal>},
      {"OCT2BIN", 1, 2, convert<octal, binary>},
      {"OCT2DEC", 1, 1, to_decimal<octal>},
      {"OCT2HEX", 1, 2, convert<octal, hexadecimal>},
  };
  return table;
}

}  // namespace returncheck::formula::functions
