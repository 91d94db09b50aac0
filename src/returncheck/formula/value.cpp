// Excel's scalars and coercions: reading text as a number, writing a number as text, comparing.
//
// Where Excel's behaviour is not documented, the rules below come from published measurements
// of Excel (Apache POI's NumberToTextConverter table for writing numbers; Microsoft's "Default
// sort orders" page for text order) and are marked "Unsure" where no measurement was found.
// tests/unit/formula/data/*.tsv pin every rule, so a correction is a change to a table row.
#include "returncheck/formula/value.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <system_error>

#include "returncheck/util/utf8.hpp"

namespace returncheck::formula {

// ---------------------------------------------------------------------------------------------
// Error values

namespace {

constexpr std::array<error_info, 10> errors = {{
    {error_value::null, "#NULL!"},
    {error_value::div0, "#DIV/0!"},
    {error_value::value, "#VALUE!"},
    {error_value::ref, "#REF!"},
    {error_value::name, "#NAME?"},
    {error_value::num, "#NUM!"},
    {error_value::na, "#N/A"},
    {error_value::getting_data, "#GETTING_DATA"},
    {error_value::spill, "#SPILL!"},
    {error_value::calc, "#CALC!"},
}};

constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

bool equal_ignoring_ascii_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

util::unexpected<error_value> fail(error_value e) { return util::unexpected<error_value>{e}; }

}  // namespace

std::span<const error_info> error_table() { return errors; }

std::string_view to_text(error_value e) {
  const auto i = static_cast<std::size_t>(e);
  assert(i < errors.size());
  return errors[i].text;
}

std::optional<error_value> parse_error_value(std::string_view text) {
  for (const auto& row : errors)
    if (equal_ignoring_ascii_case(text, row.text)) return row.code;
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// value

value value::checked_number(double n) { return std::isfinite(n) ? number(n) : error(error_value::num); }

double value::as_number() const {
  assert(is_number());
  return std::get<1>(v_);
}

const std::string& value::as_text() const {
  assert(is_text());
  return std::get<2>(v_);
}

bool value::as_boolean() const {
  assert(is_boolean());
  return std::get<3>(v_);
}

error_value value::as_error() const {
  assert(is_error());
  return std::get<4>(v_);
}

// ---------------------------------------------------------------------------------------------
// Decimal digits of a double

namespace {

// The significant decimal digits of |x| rounded to a few places, and the power of ten of the first:
// |x| ~ d[0].d[1]d[2]... x 10^exponent.
struct decimal_digits {
  std::array<char, 48> d{};
  int count = 0;  // digits held, trailing zeros dropped (at least 1)
  int exponent = 0;
};

// Enough digits that the 16th is exact: a double sits at least ~1e-28 (relative) away from any
// 16-digit decimal it does not equal, so 41 correctly rounded digits tell a tie from a near-tie.
constexpr int exact_digits = 41;

// All exact_digits digits of |x|, which must be finite and non-zero.
decimal_digits long_digits(double x) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, std::fabs(x), std::chars_format::scientific, exact_digits - 1);
  // The form is "d.ddd...de[+-]xx".
  decimal_digits out;
  const char* p = buf;
  out.d[out.count++] = *p++;
  if (*p == '.') ++p;
  while (*p != 'e') out.d[out.count++] = *p++;
  ++p;
  std::from_chars(*p == '+' ? p + 1 : p, r.ptr, out.exponent);
  return out;
}

// `digits` rounded to n significant digits, half away from zero, as Excel rounds (POI's
// measurements: 123499.9999999999 is written 123500, 9.999999999999999E20 is 1E+21).
decimal_digits round_digits(decimal_digits digits, int n) {
  if (digits.count > n) {
    const bool up = digits.d[n] >= '5';
    digits.count = n;
    if (up) {
      int i = n - 1;
      while (i >= 0 && digits.d[i] == '9') digits.d[i--] = '0';
      if (i >= 0) {
        ++digits.d[i];
      } else {
        digits.d[0] = '1';
        digits.count = 1;
        ++digits.exponent;
      }
    }
  }
  while (digits.count > 1 && digits.d[digits.count - 1] == '0') --digits.count;
  return digits;
}

// The double nearest to the decimal d[0..count) x 10^(exponent - count + 1).
double digits_to_double(const decimal_digits& digits, bool negative) {
  char buf[80];
  char* p = buf;
  if (negative) *p++ = '-';
  for (int i = 0; i < digits.count; ++i) *p++ = digits.d[i];
  *p++ = 'e';
  p = std::to_chars(p, buf + sizeof buf, digits.exponent - digits.count + 1).ptr;
  double out = 0;
  const auto r = std::from_chars(buf, p, out);
  if (r.ec != std::errc()) return std::numeric_limits<double>::quiet_NaN();
  return out;
}

}  // namespace

double round_to_15_digits(double x) {
  if (!std::isfinite(x) || std::fabs(x) < DBL_MIN) return x;
  const double r = digits_to_double(round_digits(long_digits(x), 15), x < 0);
  // Only rounding the largest doubles up can leave the range; they stay as they are.
  return std::isfinite(r) ? r : x;
}

bool same_as_excel(double computed, double cached) {
  // Below 1e-300 both are leftovers of a subtraction that Excel shows as 0 in any format.
  if (std::fabs(computed) < 1e-300 && std::fabs(cached) < 1e-300) return true;
  if (!std::isfinite(computed) || !std::isfinite(cached)) return computed == cached;
  if (round_to_15_digits(computed) == round_to_15_digits(cached)) return true;
  // 15-digit rounding alone would call two neighbouring doubles different whenever they
  // straddle a rounding boundary (x.xx...4999 and x.xx...5001), which is floating-point noise
  // from a different order of operations, not a different result. 4 units in the last place
  // still tells 1.2-1.1 (9 units from 0.1) from 0.1.
  const double larger = std::fmax(std::fabs(computed), std::fabs(cached));
  const double ulp = std::nextafter(larger, HUGE_VAL) - larger;
  return std::fabs(computed - cached) <= 4 * ulp;
}

// ---------------------------------------------------------------------------------------------
// Writing a number as text

std::string format_number(double n) {
  if (!std::isfinite(n)) return std::string(to_text(error_value::num));
  // Excel writes subnormal numbers as 0 (POI: 2.225073858507201E-308 gives "0"), and -0 as 0.
  if (std::fabs(n) < DBL_MIN) return "0";

  const decimal_digits all = long_digits(n);
  // A three-digit exponent costs a significant digit, from E+99 and E-99 on (POI:
  // 9.999999999999123E-98 keeps 15 digits, 1.0000000000001235E-99 and 1.23...E99 keep 14).
  const int keep = std::abs(all.exponent) >= 99 ? 14 : 15;
  const decimal_digits r = round_digits(all, keep);
  const int e = r.exponent;
  const int k = r.count;

  // Written out, the number takes e+1 characters when e >= 0 (15 digits cannot reach past the
  // point by more than that allows), else "0." then -e-1 zeros then the k digits.
  const int fixed_length = e >= 0 ? e + 1 : 2 + (-e - 1) + k;
  constexpr int max_fixed_length = 20;  // POI: 12345678901234600000 is written out, 1.23456789012346E+20 not

  std::string out;
  if (n < 0) out.push_back('-');
  if (fixed_length <= max_fixed_length) {
    if (e >= 0) {
      for (int i = 0; i <= e; ++i) out.push_back(i < k ? r.d[i] : '0');
      if (k > e + 1) {
        out.push_back('.');
        out.append(r.d.data() + e + 1, r.d.data() + k);
      }
    } else {
      out += "0.";
      out.append(-e - 1, '0');
      out.append(r.d.data(), r.d.data() + k);
    }
    return out;
  }
  out.push_back(r.d[0]);
  if (k > 1) {
    out.push_back('.');
    out.append(r.d.data() + 1, r.d.data() + k);
  }
  out.push_back('E');
  out.push_back(e < 0 ? '-' : '+');
  const int abs_e = std::abs(e);
  if (abs_e < 10) out.push_back('0');
  out += std::to_string(abs_e);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading text as a number
//
// What Excel reads when text meets arithmetic, as implemented here. The locale is en-GB, the
// Excel that English councils fill their returns in: dates are day first, and "01/02/2004" is
// 1 February. The text may have spaces (U+0020 only) before and after; anything not listed
// below is #VALUE!.
//
// Numbers:  [sign] [currency] [sign] digits [.digits] [E[sign]digits] [%]
//   - one sign at most, before or after the currency sign ("-$5", "$-5"); currency is "$" or
//     "£" (en-US Excel reads only "$", en-GB only "£"; a workbook does not say which Excel
//     computed it, so both are read) and excludes "%";
//   - "(5)", "($5)", "(5%)" are negative; no sign inside the brackets;
//   - thousands separators: a comma before a group of three digits or more, in the whole part
//     only ("1,000" and "1,2345" read; "1,00", ",100", "1,000.000,1" do not), as reported from
//     measurements of Excel (unsure);
//   - digits past the 15th significant one are dropped, not rounded, as Excel does with typed
//     numbers (unsure for fractions); a result beyond 9.99999999999999E+307, Excel's largest
//     number, is #VALUE!, and one below the smallest normal double is 0 (unsure).
// Mixed fractions: [sign] whole fraction, "1 1/2" (1.5), "0 3/4"; the denominator is not 0
//   (unsure whether Excel limits the numerator or denominator).
// Times: h:mm, h:mm:ss, h:mm:ss.f, m:ss.f (a fraction after two parts makes them minutes and
//   seconds), each optionally followed by " AM" or " PM" (any case), and "h AM"/"h PM". Without
//   AM/PM each part has at most 4 digits and may pass 59 or 23: "25:00" is a day and an hour,
//   "12:60" is 13:00 (unsure past the hour). With AM/PM the hour is 0 to 12 and minutes and
//   seconds are below 60. The number is the fraction of a day.
// Dates, day first as in en-GB (years 1900-9999; two-digit years 00-29 are 2000-2029 and 30-99
//   are 1930-1999, Excel's default window):
//   yyyy-mm-dd, yyyy/mm/dd, dd/mm/yyyy, dd-mm-yyyy, dd/mm/yy, dd-mm-yy,
//   dd Mon yyyy, dd-Mon-yyyy, dd/Mon/yyyy (also with yy), Mon dd, yyyy, Mon dd yyyy,
//   Mon yyyy, Mon-yyyy (the 1st of the month); Mon is a month's English name or its first three
//   letters, any case. A time may follow after a space. 29/02/1900 is serial 60, the day Excel
//   invents for compatibility with Lotus 1-2-3.
//   Not read (#VALUE! here, a date in the current year in Excel): dates without a year ("31/03",
//   "31-Mar", "Mar-15"); a result that depends on the day it is computed cannot be checked.

namespace {

class cursor {
 public:
  explicit cursor(std::string_view s) : s_(s) {}

  bool done() const { return i_ == s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  std::size_t pos() const { return i_; }
  void reset(std::size_t pos) { i_ = pos; }
  std::string_view rest() const { return s_.substr(i_); }

  bool eat(char c) {
    if (done() || s_[i_] != c) return false;
    ++i_;
    return true;
  }
  bool eat(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }
  std::string_view digits() {
    return run([](char c) { return c >= '0' && c <= '9'; });
  }
  std::string_view letters() {
    return run([](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); });
  }

 private:
  template <class Pred>
  std::string_view run(Pred pred) {
    const std::size_t start = i_;
    while (!done() && pred(s_[i_])) ++i_;
    return s_.substr(start, i_ - start);
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

// The value of a run of at most 9 digits (callers check the length).
int small_int(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

constexpr double largest_excel_number = 9.99999999999999e307;

// The decimal `mantissa` (digits only) x 10^exp10, keeping its first 15 significant digits.
std::optional<double> decimal_to_double(std::string_view mantissa, long exp10) {
  while (!mantissa.empty() && mantissa.front() == '0') mantissa.remove_prefix(1);
  if (mantissa.empty()) return 0.0;
  if (mantissa.size() > 15) {
    exp10 += static_cast<long>(mantissa.size() - 15);
    mantissa = mantissa.substr(0, 15);
  }
  const long lead = exp10 + static_cast<long>(mantissa.size()) - 1;
  if (lead > 308) return std::nullopt;
  if (lead < -330) return 0.0;
  decimal_digits d;
  for (char c : mantissa) d.d[d.count++] = c;
  d.exponent = static_cast<int>(lead);
  const double v = digits_to_double(d, false);
  if (std::isnan(v)) return lead < 0 ? std::optional<double>(0.0) : std::nullopt;
  if (v > largest_excel_number) return std::nullopt;
  if (v < DBL_MIN) return 0.0;
  return v;
}

bool eat_currency(cursor& c) { return c.eat('$') || c.eat("\xC2\xA3"); }

// A signed exponent "[+-]digits" after the E, saturated far beyond any double's range.
std::optional<long> read_exponent(cursor& c) {
  const bool negative = c.eat('-');
  if (!negative) c.eat('+');
  const std::string_view digits = c.digits();
  if (digits.empty()) return std::nullopt;
  long v = 0;
  for (char ch : digits) v = std::min(v * 10 + (ch - '0'), 100000L);
  return negative ? -v : v;
}

std::optional<double> read_plain_number(std::string_view t) {
  bool negative = false;
  const bool bracketed = t.size() >= 2 && t.front() == '(' && t.back() == ')';
  if (bracketed) {
    negative = true;
    t = t.substr(1, t.size() - 2);
  }
  cursor c(t);
  auto eat_sign = [&] {
    if (bracketed) return false;
    if (c.eat('-')) return negative = true;
    return c.eat('+');
  };
  const bool signed_first = eat_sign();
  const bool currency = eat_currency(c);
  if (currency && !signed_first) eat_sign();

  std::string mantissa;
  long exp10 = 0;
  const std::string_view first = c.digits();
  mantissa += first;
  while (c.eat(',')) {
    const std::string_view group = c.digits();
    if (first.empty() || group.size() < 3) return std::nullopt;
    mantissa += group;
  }
  if (c.eat('.')) {
    const std::string_view fraction = c.digits();
    mantissa += fraction;
    exp10 -= static_cast<long>(fraction.size());
  }
  if (mantissa.empty()) return std::nullopt;
  if (c.eat('e') || c.eat('E')) {
    const auto e = read_exponent(c);
    if (!e) return std::nullopt;
    exp10 += *e;
  }
  if (!currency && c.eat('%')) exp10 -= 2;
  if (!c.done()) return std::nullopt;

  const auto v = decimal_to_double(mantissa, exp10);
  if (!v) return std::nullopt;
  return negative && *v != 0 ? -*v : *v;
}

std::optional<double> read_mixed_fraction(std::string_view t) {
  cursor c(t);
  const bool negative = c.eat('-');
  if (!negative) c.eat('+');
  const std::string_view whole = c.digits();
  if (whole.empty() || !c.eat(' ')) return std::nullopt;
  while (c.eat(' ')) {
  }
  const std::string_view numerator = c.digits();
  if (numerator.empty() || !c.eat('/')) return std::nullopt;
  const std::string_view denominator = c.digits();
  if (denominator.empty() || !c.done()) return std::nullopt;
  const auto w = decimal_to_double(whole, 0);
  const auto n = decimal_to_double(numerator, 0);
  const auto d = decimal_to_double(denominator, 0);
  if (!w || !n || !d || *d == 0) return std::nullopt;
  const double v = *w + *n / *d;
  if (v > largest_excel_number) return std::nullopt;
  return negative && v != 0 ? -v : v;
}

// --- Times

// The fraction of a day that `t` (all of it) names as a time, or nothing.
std::optional<double> read_time(std::string_view t) {
  cursor c(t);
  std::string_view parts[3];
  int count = 0;
  parts[count++] = c.digits();
  if (parts[0].empty()) return std::nullopt;
  while (count < 3 && c.eat(':')) {
    parts[count] = c.digits();
    if (parts[count].empty()) return std::nullopt;
    ++count;
  }
  std::string_view fraction;
  bool has_fraction = false;
  if (count >= 2 && c.eat('.')) {
    has_fraction = true;
    fraction = c.digits();
    if (fraction.empty()) return std::nullopt;
  }
  bool am = false, pm = false;
  if (c.eat(' ')) {
    const std::string_view word = c.letters();
    am = equal_ignoring_ascii_case(word, "am");
    pm = equal_ignoring_ascii_case(word, "pm");
    if (!am && !pm) return std::nullopt;
  }
  if (!c.done()) return std::nullopt;
  if (count == 1 && !am && !pm) return std::nullopt;  // a bare number is no time
  const bool minutes_and_seconds = count == 2 && has_fraction;
  if (minutes_and_seconds && (am || pm)) return std::nullopt;
  for (int i = 0; i < count; ++i)
    if (parts[i].size() > 4) return std::nullopt;

  // With a fraction and two parts, the parts are minutes and seconds ("30:15.5").
  int hours = 0, minutes = 0, whole_seconds = 0;
  if (minutes_and_seconds) {
    minutes = small_int(parts[0]);
    whole_seconds = small_int(parts[1]);
  } else {
    hours = small_int(parts[0]);
    if (count >= 2) minutes = small_int(parts[1]);
    if (count == 3) whole_seconds = small_int(parts[2]);
  }
  if (am || pm) {
    if (hours > 12 || minutes >= 60 || whole_seconds >= 60) return std::nullopt;
    if (hours == 12) hours = 0;
    if (pm) hours += 12;
  }
  double seconds = whole_seconds;
  if (!fraction.empty()) {
    const auto f = decimal_to_double(fraction, -static_cast<long>(fraction.size()));
    if (!f) return std::nullopt;
    seconds += *f;
  }
  return (hours * 3600.0 + minutes * 60.0 + seconds) / 86400.0;
}

// --- Dates

// Days from 1 March of year 0 in the proleptic Gregorian calendar; only differences are used.
long day_number(int y, int m, int d) {
  if (m <= 2) --y;
  const long era = y / 400;  // y >= 0 for every date read here
  const long year_of_era = y - era * 400;
  const long month_from_march = (m + 9) % 12;
  const long day_of_year = (153 * month_from_march + 2) / 5 + d - 1;
  return era * 146097 + year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
}

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap_year(y) ? 29 : days[m - 1];
}

// Excel's serial for a calendar date, or nothing for a date it has no serial for.
std::optional<double> date_serial(int y, int m, int d, bool date1904) {
  if (y > 9999 || m < 1 || m > 12 || d < 1) return std::nullopt;
  // Excel keeps Lotus 1-2-3's 29 February 1900, serial 60, and reads it when typed.
  if (!date1904 && y == 1900 && m == 2 && d == 29) return 60.0;
  if (d > days_in_month(y, m)) return std::nullopt;
  const long days = day_number(y, m, d);
  if (date1904) {
    const long serial = days - day_number(1904, 1, 1);
    if (serial < 0) return std::nullopt;
    return static_cast<double>(serial);
  }
  if (y < 1900) return std::nullopt;
  long serial = days - day_number(1899, 12, 31);
  if (serial >= 60) ++serial;  // past the invented 29 February 1900
  return static_cast<double>(serial);
}

// 1-12 for a month's English name or its first three letters, in any case.
int month_by_name(std::string_view word) {
  static constexpr std::string_view names[] = {"january", "february", "march",     "april",   "may",      "june",
                                               "july",    "august",   "september", "october", "november", "december"};
  for (int i = 0; i < 12; ++i)
    if (equal_ignoring_ascii_case(word, names[i]) || equal_ignoring_ascii_case(word, names[i].substr(0, 3)))
      return i + 1;
  return 0;
}

// A year of 4 digits, or of 2 in Excel's default window (00-29 -> 20xx, 30-99 -> 19xx).
std::optional<int> year_of(std::string_view digits) {
  if (digits.size() == 4) return small_int(digits);
  if (digits.size() == 2) {
    const int yy = small_int(digits);
    return yy < 30 ? 2000 + yy : 1900 + yy;
  }
  return std::nullopt;
}

struct ymd {
  int y = 0, m = 0, d = 0;
};

bool day_or_month(std::string_view digits) { return !digits.empty() && digits.size() <= 2; }

bool date_separator(char c) { return c == '-' || c == '/'; }

// yyyy-mm-dd, yyyy/mm/dd
std::optional<ymd> read_iso_date(cursor& c) {
  const std::string_view y = c.digits();
  const char sep = c.peek();
  if (y.size() != 4 || !date_separator(sep) || !c.eat(sep)) return std::nullopt;
  const std::string_view m = c.digits();
  if (!day_or_month(m) || !c.eat(sep)) return std::nullopt;
  const std::string_view d = c.digits();
  if (!day_or_month(d)) return std::nullopt;
  return ymd{small_int(y), small_int(m), small_int(d)};
}

// dd/mm/yyyy, dd-mm-yy, dd Mon yyyy, dd-Mon-yy, dd/Mon/yyyy
std::optional<ymd> read_day_first_date(cursor& c) {
  const std::string_view d = c.digits();
  const char sep = c.peek();
  if (!day_or_month(d) || !(date_separator(sep) || sep == ' ') || !c.eat(sep)) return std::nullopt;
  int m = 0;
  if (const std::string_view name = c.letters(); !name.empty()) {
    m = month_by_name(name);
  } else if (sep != ' ') {
    const std::string_view digits = c.digits();
    if (day_or_month(digits)) m = small_int(digits);
  }
  if (m == 0 || !c.eat(sep)) return std::nullopt;
  const auto y = year_of(c.digits());
  if (!y) return std::nullopt;
  return ymd{*y, m, small_int(d)};
}

// Mon dd, yyyy; Mon dd yyyy; Mon yyyy; Mon-yyyy
std::optional<ymd> read_month_first_date(cursor& c) {
  const int m = month_by_name(c.letters());
  if (m == 0) return std::nullopt;
  if (c.eat('-') || c.eat('/')) {
    const std::string_view y = c.digits();
    if (y.size() != 4) return std::nullopt;
    return ymd{small_int(y), m, 1};
  }
  if (!c.eat(' ')) return std::nullopt;
  const std::string_view first = c.digits();
  if (first.size() == 4) return ymd{small_int(first), m, 1};
  if (!day_or_month(first)) return std::nullopt;
  c.eat(',');
  if (!c.eat(' ')) return std::nullopt;
  const auto y = year_of(c.digits());
  if (!y) return std::nullopt;
  return ymd{*y, m, small_int(first)};
}

std::optional<double> read_date_time(std::string_view t, bool date1904) {
  if (auto time = read_time(t)) return time;
  for (auto form : {read_iso_date, read_day_first_date, read_month_first_date}) {
    cursor c(t);
    const auto date = form(c);
    if (!date) continue;
    // A date is followed by nothing, or by a space and a time.
    const std::size_t end = c.pos();
    if (!c.done() && !c.eat(' ')) continue;
    const auto serial = date_serial(date->y, date->m, date->d, date1904);
    if (!serial) return std::nullopt;
    if (end == t.size()) return serial;
    const auto time = read_time(c.rest());
    if (!time) return std::nullopt;
    return *serial + *time;
  }
  return std::nullopt;
}

std::optional<double> read_number_text(std::string_view t, bool date1904) {
  while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
  while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
  if (t.empty()) return std::nullopt;
  if (auto v = read_plain_number(t)) return v;
  if (auto v = read_mixed_fraction(t)) return v;
  return read_date_time(t, date1904);
}

}  // namespace

or_error<double> to_number(const value& v, bool date1904) {
  switch (v.kind()) {
    case value_kind::blank: return 0.0;
    case value_kind::number: return v.as_number();
    case value_kind::boolean: return v.as_boolean() ? 1.0 : 0.0;
    case value_kind::error: return fail(v.as_error());
    case value_kind::text: break;
  }
  if (auto n = read_number_text(v.as_text(), date1904)) return *n;
  return fail(error_value::value);
}

// ---------------------------------------------------------------------------------------------
// Booleans and text

or_error<bool> to_boolean(const value& v) {
  switch (v.kind()) {
    case value_kind::blank: return false;
    case value_kind::number: return v.as_number() != 0;
    case value_kind::boolean: return v.as_boolean();
    case value_kind::error: return fail(v.as_error());
    case value_kind::text: break;
  }
  // Only the words themselves: IF(" TRUE", ...) and IF("1", ...) are #VALUE!.
  if (equal_ignoring_ascii_case(v.as_text(), "TRUE")) return true;
  if (equal_ignoring_ascii_case(v.as_text(), "FALSE")) return false;
  return fail(error_value::value);
}

or_error<std::string> to_text(const value& v) {
  switch (v.kind()) {
    case value_kind::blank: return std::string();
    case value_kind::number:
      if (!std::isfinite(v.as_number())) return fail(error_value::num);
      return format_number(v.as_number());
    case value_kind::boolean: return std::string(v.as_boolean() ? "TRUE" : "FALSE");
    case value_kind::error: return fail(v.as_error());
    case value_kind::text: break;
  }
  return v.as_text();
}

// ---------------------------------------------------------------------------------------------
// Comparing
//
// Text order follows Microsoft's documented default sort order: case is ignored; digits come
// first, then space and punctuation in the order  ! " # $ % & ( ) * , . / : ; ? @ [ \ ] ^ _ ` {
// | } ~ + < = >, then letters; apostrophes and hyphens are passed over, and of two texts equal
// without them the one with fewer comes first ("coop" < "co-op"). Unsure: where digits stand
// against punctuation (Windows' own collation puts punctuation first), and everything beyond
// ASCII, which is ordered by code point after the letters with only simple case folding
// (Latin-1, Latin Extended-A, Greek, Cyrillic); Excel puts "é" next to "e", this puts it after
// "z". Texts are equal only when they are the same after case folding.

namespace {

// The next code point of UTF-8 text; a byte that starts no valid sequence stands for itself,
// mapped into the lone-surrogate range so it cannot collide with a real character.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const util::utf8_char c = util::decode_utf8(s, i);
  if (c.length == 0) return char32_t(0xDC00 + static_cast<unsigned char>(s[i++]));
  i += c.length;
  return c.code_point;
}

char32_t fold_case(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c < 0x80) return c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;  // À-Þ, not ×
  if (c == 0x178) return 0xFF;                             // Ÿ
  if ((c >= 0x100 && c <= 0x12F) || (c >= 0x132 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) return c | 1;
  if (((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) && (c & 1)) return c + 1;
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;  // Greek capitals
  if (c >= 0x410 && c <= 0x42F) return c + 32;                // Cyrillic А-Я
  if (c >= 0x400 && c <= 0x40F) return c + 80;                // Cyrillic Ѐ-Џ
  return c;
}

constexpr std::string_view punctuation_order = " !\"#$%&()*,./:;?@[\\]^_`{|}~+<=>";

// A character's place in the order described above (after fold_case).
char32_t sort_weight(char32_t c) {
  if (c >= '0' && c <= '9') return 0x100 + (c - '0');
  if (c >= 'a' && c <= 'z') return 0x300 + (c - 'a');
  if (c < 0x80) {
    const auto at = punctuation_order.find(static_cast<char>(c));
    if (at != std::string_view::npos) return 0x200 + static_cast<char32_t>(at);
    return c;  // control characters, and the apostrophe and hyphen where they count
  }
  return 0x1000 + c;
}

struct sort_key {
  std::u32string primary;  // without apostrophes and hyphens
  std::size_t passed_over = 0;
  std::u32string full;
};

sort_key make_sort_key(std::string_view s) {
  sort_key key;
  for (std::size_t i = 0; i < s.size();) {
    const char32_t w = sort_weight(fold_case(next_code_point(s, i)));
    key.full.push_back(w);
    if (w == U'\'' || w == U'-') ++key.passed_over;
    else key.primary.push_back(w);
  }
  return key;
}

std::weak_ordering compare_text(std::string_view a, std::string_view b) {
  const sort_key ka = make_sort_key(a), kb = make_sort_key(b);
  if (auto c = ka.primary.compare(kb.primary); c != 0)
    return c < 0 ? std::weak_ordering::less : std::weak_ordering::greater;
  if (ka.passed_over != kb.passed_over)
    return ka.passed_over < kb.passed_over ? std::weak_ordering::less : std::weak_ordering::greater;
  if (auto c = ka.full.compare(kb.full); c != 0) return c < 0 ? std::weak_ordering::less : std::weak_ordering::greater;
  return std::weak_ordering::equivalent;
}

template <class T>
std::weak_ordering order(T a, T b) {
  if (a < b) return std::weak_ordering::less;
  if (b < a) return std::weak_ordering::greater;
  return std::weak_ordering::equivalent;
}

// Numbers first, then text, then booleans, whatever their values: 1E+300 < "" < FALSE.
int type_rank(value_kind k) {
  switch (k) {
    case value_kind::text: return 1;
    case value_kind::boolean: return 2;
    default: return 0;
  }
}

// What blank stands for when compared with a value of kind k.
const value& blank_as(value_kind k) {
  static const value zero = value::number(0), empty = value::text(""), no = value::boolean(false);
  switch (k) {
    case value_kind::text: return empty;
    case value_kind::boolean: return no;
    default: return zero;
  }
}

}  // namespace

or_error<std::weak_ordering> compare(const value& a, const value& b) {
  if (a.is_error()) return fail(a.as_error());
  if (b.is_error()) return fail(b.as_error());
  if (a.is_blank() && b.is_blank()) return std::weak_ordering::equivalent;
  const value& x = a.is_blank() ? blank_as(b.kind()) : a;
  const value& y = b.is_blank() ? blank_as(a.kind()) : b;
  if (x.kind() != y.kind()) return order(type_rank(x.kind()), type_rank(y.kind()));
  switch (x.kind()) {
    case value_kind::text: return compare_text(x.as_text(), y.as_text());
    case value_kind::boolean: return order(x.as_boolean(), y.as_boolean());
    default:
      // Excel rounds both operands to 15 significant digits for the comparison alone, which is
      // why 0.1+0.2 = 0.3 is TRUE while 0.1 = 1.2-1.1 is FALSE (unsure for ties on the 16th
      // digit).
      return order(round_to_15_digits(x.as_number()), round_to_15_digits(y.as_number()));
  }
}

}  // namespace returncheck::formula
