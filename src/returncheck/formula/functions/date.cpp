// Date functions (docs/formulas.md lists them with their known differences from Excel).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <iterator>
#include <set>

#include "returncheck/formula/functions/registry.hpp"

namespace returncheck::formula::functions {
namespace {

// ---- Serials and calendar dates
//
// A serial counts days: in the 1900 system serial 1 is 1900-01-01 and serial 60 is
// 1900-02-29, a day that never was but that Lotus 1-2-3 counted and Excel keeps, so serials
// from 61 on count from 1899-12-30 and serials 1-59 from a day later; serial 0 shows as
// 1900-01-00. In the 1904 system serial 0 is 1904-01-01. The proleptic Gregorian calendar
// throughout.

using std::chrono::sys_days;

struct civil {
  int y = 0;
  int m = 0;  // 1-12
  int d = 0;  // 0 only for serial 0 in the 1900 system
};

sys_days epoch(bool date1904) {
  using namespace std::chrono;
  return date1904 ? sys_days{year{1904} / January / 1} : sys_days{year{1899} / December / 31};
}

// 9999-12-31, the last day Excel has a serial for.
long max_serial(bool date1904) { return date1904 ? 2957003 : 2958465; }

long floor_div(long a, long b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// The serial of day d of month m of year y, where m and d may pass their ranges (month 13 is
// January of the next year, day 0 the last of the month before), as DATE reads them; nothing
// when the day falls outside the serials Excel has.
std::optional<long> serial_of(double y, double m, double d, bool date1904) {
  const double months = y * 12 + (m - 1);
  if (!(months >= -24 && months <= 10001.0 * 12)) return std::nullopt;  // far outside 0..9999
  const long all = static_cast<long>(months);
  const long year = floor_div(all, 12);
  const unsigned month = static_cast<unsigned>(all - year * 12 + 1);
  const sys_days first{std::chrono::year{int(year)} / std::chrono::month{month} / 1};
  double serial = static_cast<double>((first - epoch(date1904)).count());
  // Excel's serial space is gapless: days are added after the first of the month is placed, so
  // DATE(1900,2,29) and DATE(1900,3,0) are both serial 60.
  if (!date1904 && serial >= 60) serial += 1;
  serial += d - 1;
  if (!(serial >= 0 && serial <= double(max_serial(date1904)))) return std::nullopt;
  return static_cast<long>(serial);
}

// The calendar date of a serial in 0..max_serial.
civil civil_of(long serial, bool date1904) {
  if (!date1904) {
    if (serial == 0) return {1900, 1, 0};
    if (serial == 60) return {1900, 2, 29};
    if (serial > 60) --serial;
  }
  const std::chrono::year_month_day ymd{epoch(date1904) + std::chrono::days{serial}};
  return {int(ymd.year()), int(unsigned(ymd.month())), int(unsigned(ymd.day()))};
}

int days_in_month(int y, int m, bool date1904) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 || (!date1904 && y == 1900);
  return m == 2 && leap ? 29 : days[m - 1];
}

// 0 for Sunday ... 6 for Saturday, as Excel names the day of a serial (1900-01-01 a Sunday).
int day_of_week(long serial, bool date1904) { return int((serial + (date1904 ? 5 : 6)) % 7); }

// Argument i as a date serial: a number (text read as a date), its time of day dropped;
// #NUM! when negative or past 9999-12-31.
or_error<long> serial_arg(call_args& args, std::size_t i) {
  const auto x = number_arg(args, i);
  if (!x) return util::unexpected{x.error()};
  if (!(*x >= 0 && *x < double(max_serial(args.date1904()) + 1))) return util::unexpected{error_value::num};
  return static_cast<long>(std::floor(*x));
}

// Argument i as a whole number, truncated toward zero as Excel truncates counts.
or_error<double> whole_arg(call_args& args, std::size_t i, double fallback = 0) {
  const auto x = number_arg(args, i, fallback);
  if (!x) return x;
  return std::trunc(*x);
}

// ---- Building and taking apart dates

operand date(call_args& args) {
  auto y = whole_arg(args, 0);
  if (!y) return err(y.error());
  const auto m = whole_arg(args, 1);
  if (!m) return err(m.error());
  const auto d = whole_arg(args, 2);
  if (!d) return err(d.error());
  if (*y < 0 || *y > 9999) return err(error_value::num);
  if (*y < 1900) *y += 1900;  // years 0-1899 count from 1900: DATE(15,1,1) is 1915-01-01
  const auto s = serial_of(*y, *m, *d, args.date1904());
  if (!s) return err(error_value::num);
  return num(double(*s));
}

template <int civil::*part>
operand date_part(call_args& args) {
  const auto s = serial_arg(args, 0);
  if (!s) return err(s.error());
  return num(civil_of(*s, args.date1904()).*part);
}

// EDATE and EOMONTH: the same day `months` later (cut to the month's length), or its month's end.
template <bool month_end>
operand shift_months(call_args& args) {
  const auto s = serial_arg(args, 0);
  if (!s) return err(s.error());
  const auto months = whole_arg(args, 1);
  if (!months) return err(months.error());
  const civil c = civil_of(*s, args.date1904());
  std::optional<long> out;
  if (month_end) {
    out = serial_of(c.y, c.m + *months + 1, 0, args.date1904());
  } else {
    const double total = c.y * 12.0 + (c.m - 1) + *months;
    if (!(total >= 0 && total < 10000.0 * 12)) return err(error_value::num);
    const int y = int(std::floor(total / 12)), m = int(total - y * 12.0) + 1;
    out = serial_of(y, m, std::min(c.d, days_in_month(y, m, args.date1904())), args.date1904());
  }
  if (!out) return err(error_value::num);
  return num(double(*out));
}

// DATEDIF: "MD" borrows the length of the month before the end's month when the end's day is
// before the start's, so it can be negative (31 January to 1 March 2015 gives -2); Microsoft
// warns that "MD" may give negative, zero or inaccurate results.
operand datedif(call_args& args) {
  const auto s = serial_arg(args, 0);
  if (!s) return err(s.error());
  const auto e = serial_arg(args, 1);
  if (!e) return err(e.error());
  auto unit = text_arg(args, 2);
  if (!unit) return err(unit.error());
  for (char& ch : *unit)
    if (ch >= 'a' && ch <= 'z') ch = char(ch - 'a' + 'A');
  if (*s > *e) return err(error_value::num);
  const bool b1904 = args.date1904();
  const civil a = civil_of(*s, b1904), b = civil_of(*e, b1904);
  const long months = (b.y - a.y) * 12L + (b.m - a.m) - (b.d < a.d ? 1 : 0);
  if (*unit == "D") return num(double(*e - *s));
  if (*unit == "M") return num(double(months));
  if (*unit == "Y") return num(double(months / 12));
  if (*unit == "YM") return num(double(months % 12));
  if (*unit == "MD") {
    if (b.d >= a.d) return num(b.d - a.d);
    const int pm = b.m == 1 ? 12 : b.m - 1, py = b.m == 1 ? b.y - 1 : b.y;
    return num(days_in_month(py, pm, b1904) + b.d - a.d);
  }
  if (*unit == "YD") {
    // The start's day and month in the end's year, or the year before when that passes the end.
    int y = b.y;
    auto anniversary = [&](int year) {
      const int d = std::min(a.d, days_in_month(year, a.m, b1904));
      return serial_of(year, a.m, d, b1904);
    };
    auto from = anniversary(y);
    if (!from || *from > *e) from = anniversary(--y);
    if (!from) return err(error_value::num);
    return num(double(*e - *from));
  }
  return err(error_value::num);
}

// The weekend days of NETWORKDAYS: Saturday and Sunday.
bool weekday(long serial, bool date1904) {
  const int d = day_of_week(serial, date1904);
  return d != 0 && d != 6;
}

long weekdays_between(long from, long to, bool date1904) {  // from <= to, both counted
  const long days = to - from + 1;
  long count = days / 7 * 5;
  for (long s = from + days / 7 * 7; s <= to; ++s) count += weekday(s, date1904);
  return count;
}

// The holidays argument (index i) of NETWORKDAYS and WORKDAY: the days it names that fall on a
// weekday, or the error it holds. A boolean is #VALUE!, a day outside Excel's serials #NUM!.
or_error<std::set<long>> holidays_arg(call_args& args, std::size_t i) {
  std::set<long> off;
  if (i >= args.size() || args.missing(i)) return off;
  const bool b1904 = args.date1904();
  std::optional<error_value> failure;
  args.for_each(i, [&](const value& v, bool) {
    if (v.is_blank()) return true;
    if (v.is_error() || v.is_boolean()) {
      failure = v.is_error() ? v.as_error() : error_value::value;
      return false;
    }
    const auto x = to_number(v, b1904);
    if (!x) {
      failure = x.error();
      return false;
    }
    if (!(*x >= 0 && *x < double(max_serial(b1904) + 1))) {
      failure = error_value::num;
      return false;
    }
    const long h = long(std::floor(*x));
    if (weekday(h, b1904)) off.insert(h);
    return true;
  });
  if (failure) return util::unexpected{*failure};
  return off;
}

operand networkdays(call_args& args) {
  const auto s = serial_arg(args, 0);
  if (!s) return err(s.error());
  const auto e = serial_arg(args, 1);
  if (!e) return err(e.error());
  const bool b1904 = args.date1904();
  const long lo = std::min(*s, *e), hi = std::max(*s, *e);
  const auto off = holidays_arg(args, 2);
  if (!off) return err(off.error());
  const long holidays = long(std::distance(off->lower_bound(lo), off->upper_bound(hi)));
  const double count = double(weekdays_between(lo, hi, b1904) - holidays);
  return num(*s <= *e ? count : -count);
}

// WORKDAY(start_date, days, [holidays]): the day `days` working days (Monday to Friday, not a
// holiday) after the start, or before it when days is negative; the start itself when days is
// 0, even on a weekend. Days is truncated; #NUM! when the answer falls outside Excel's serials.
operand workday(call_args& args) {
  const auto s = serial_arg(args, 0);
  if (!s) return err(s.error());
  const auto days = whole_arg(args, 1);
  if (!days) return err(days.error());
  const auto off = holidays_arg(args, 2);
  if (!off) return err(off.error());
  const bool b1904 = args.date1904();
  const long last = max_serial(b1904);
  if (std::fabs(*days) > double(last)) return err(error_value::num);
  const long step = *days < 0 ? -1 : 1;
  long left = long(std::fabs(*days));
  long day = *s;
  // Whole weeks first, five working days each, when no holiday lies ahead to be stepped over.
  const bool clear_ahead = off->empty() || (step > 0 ? *off->rbegin() <= day : *off->begin() >= day);
  if (clear_ahead && left > 10) {
    const long weeks = (left - 5) / 5;
    day += step * weeks * 7;
    left -= weeks * 5;
  }
  while (left > 0) {
    day += step;
    if (day < 0 || day > last) return err(error_value::num);
    if (weekday(day, b1904) && !off->contains(day)) --left;
  }
  if (day < 0 || day > last) return err(error_value::num);
  return num(double(day));
}

// ---- Days of the week and weeks of the year

// The day a week starts on for WEEKDAY's return type 11-17 and WEEKNUM's types: 0 = Sunday.
std::optional<int> week_start(double type) {
  if (type == 1 || type == 17) return 0;
  if (type == 2 || type == 11) return 1;
  if (type >= 12 && type <= 16) return int(type) - 10;
  return std::nullopt;
}

operand weekday_(call_args& args) {
  const auto s = serial_arg(args, 0);
  if (!s) return err(s.error());
  const auto type = whole_arg(args, 1, 1);
  if (!type) return err(type.error());
  const int dow = day_of_week(*s, args.date1904());
  if (*type == 3) return num((dow + 6) % 7);  // Monday 0 ... Sunday 6
  const auto start = week_start(*type);
  if (!start) return err(error_value::num);
  return num((dow - *start + 7) % 7 + 1);
}

operand weeknum(call_args& args) {
  const auto s = serial_arg(args, 0);
  if (!s) return err(s.error());
  const auto type = whole_arg(args, 1, 1);
  if (!type) return err(type.error());
  const bool b1904 = args.date1904();
  if (*type == 21) {
    // ISO 8601: weeks start on Monday and a week belongs to the year its Thursday is in.
    const long thursday = *s - (day_of_week(*s, b1904) + 6) % 7 + 3;
    const long clamped = std::clamp(thursday, 0L, max_serial(b1904));
    const auto jan1 = serial_of(civil_of(clamped, b1904).y, 1, 1, b1904);
    return num(double((thursday - jan1.value_or(0)) / 7 + 1));
  }
  const auto start = week_start(*type);
  if (!start) return err(error_value::num);
  // Every year from 1900 to 9999 has a serial for its 1 January.
  const long jan1 = serial_of(civil_of(*s, b1904).y, 1, 1, b1904).value_or(0);
  // The days of week 1 that fall before 1 January.
  const long lead = (day_of_week(jan1, b1904) - *start + 7) % 7;
  return num(double(std::max(*s - jan1 + lead, 0L) / 7 + 1));
}

// DAYS reads text as DATEVALUE does (the date only) and numbers as whole days.
operand days(call_args& args) {
  const auto e = serial_arg(args, 0);
  if (!e) return err(e.error());
  const auto s = serial_arg(args, 1);
  if (!s) return err(s.error());
  return num(double(*e - *s));
}

// ---- Times of day

operand time(call_args& args) {
  double parts[3];
  for (std::size_t i = 0; i < 3; ++i) {
    const auto x = whole_arg(args, i);
    if (!x) return err(x.error());
    if (*x > 32767) return err(error_value::num);
    parts[i] = *x;
  }
  const double seconds = parts[0] * 3600 + parts[1] * 60 + parts[2];
  if (seconds < 0) return err(error_value::num);
  return num(std::fmod(seconds, 86400) / 86400);
}

// 0 for HOUR, 1 for MINUTE, 2 for SECOND: the part of the serial's time of day, to the
// nearest second as Excel rounds it.
template <int part>
operand time_part(call_args& args) {
  const auto x = number_arg(args, 0);
  if (!x) return err(x.error());
  if (!(*x >= 0 && *x < double(max_serial(args.date1904()) + 1))) return err(error_value::num);
  long secs = std::lround((*x - std::floor(*x)) * 86400);
  if (secs >= 86400) secs = 0;
  if (part == 0) return num(double(secs / 3600));
  if (part == 1) return num(double(secs / 60 % 60));
  return num(double(secs % 60));
}

// Whether text that reads as a number is written as a date or a time, not as a plain number,
// a fraction or an amount: DATEVALUE("5") is #VALUE!.
bool written_as_date(std::string_view t) {
  int slashes = 0, letters_run = 0, longest_letters = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    letters_run = letter ? letters_run + 1 : 0;
    longest_letters = std::max(longest_letters, letters_run);
    if (c == ':') return true;
    if (c == '/') ++slashes;
    if (c == '-' && i > 0 && t[i - 1] >= '0' && t[i - 1] <= '9') return true;
  }
  return slashes >= 2 || longest_letters >= 2;  // month names, AM/PM; not the E of 1E3
}

operand datevalue(call_args& args) {
  const value v = args.scalar(0);
  if (v.is_error()) return v;
  if (!v.is_text() || !written_as_date(v.as_text())) return err(error_value::value);
  const auto x = to_number(v, args.date1904());
  if (!x) return err(x.error());
  return num(std::floor(*x));  // the time, if any, is dropped; a time alone gives 0
}

// TIMEVALUE(time_text): the time of day text written as a time (or a date and a time) names,
// as a fraction of a day; a date alone is 0. Only text is read: a number is #VALUE!.
operand timevalue(call_args& args) {
  const value v = args.scalar(0);
  if (v.is_error()) return v;
  if (!v.is_text() || !written_as_date(v.as_text())) return err(error_value::value);
  const auto x = to_number(v, args.date1904());
  if (!x) return err(x.error());
  return num(*x - std::floor(*x));
}

// ---- The clock: values that change every time, so cells using them are never checked.

std::tm local_now() {
  const std::time_t t = std::time(nullptr);
  std::tm out{};
  localtime_r(&t, &out);
  return out;
}

operand today(call_args& args) {
  const std::tm t = local_now();
  const auto s = serial_of(t.tm_year + 1900, t.tm_mon + 1, t.tm_mday, args.date1904());
  return s ? num(double(*s)) : err(error_value::num);
}

operand now(call_args& args) {
  const std::tm t = local_now();
  const auto s = serial_of(t.tm_year + 1900, t.tm_mon + 1, t.tm_mday, args.date1904());
  if (!s) return err(error_value::num);
  return num(double(*s) + (t.tm_hour * 3600 + t.tm_min * 60 + t.tm_sec) / 86400.0);
}

}  // namespace

std::span<const function_info> date_functions() {
  static const function_info table[] = {
      {"DATE", 3, 3, date},
      {"DATEDIF", 3, 3, datedif},
      {"DATEVALUE", 1, 1, datevalue},
      {"DAY", 1, 1, date_part<&civil::d>},
      {"DAYS", 2, 2, days},
      {"EDATE", 2, 2, shift_months<false>},
      {"EOMONTH", 2, 2, shift_months<true>},
      {"HOUR", 1, 1, time_part<0>},
      {"MINUTE", 1, 1, time_part<1>},
      {"MONTH", 1, 1, date_part<&civil::m>},
      {"NETWORKDAYS", 2, 3, networkdays, true},
      {"NOW", 0, 0, now, false, true},
      {"SECOND", 1, 1, time_part<2>},
      {"TIME", 3, 3, time},
      {"TIMEVALUE", 1, 1, timevalue},
      {"TODAY", 0, 0, today, false, true},
      {"WEEKDAY", 1, 2, weekday_},
      {"WEEKNUM", 1, 2, weeknum},
      {"WORKDAY", 2, 3, workday, true},
      {"YEAR", 1, 1, date_part<&civil::y>},
  };
  return table;
}

}  // namespace returncheck::formula::functions
