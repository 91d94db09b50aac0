// Number formats: built-in codes, date/time classification and serial-to-text conversion.
#include "returncheck/xlsx/num_fmt.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <vector>

namespace returncheck::xlsx {

namespace {

// ---------------------------------------------------------------------------------------------
// Built-in formats

// Ids 0-49: en-US Excel (what it shows in the Format Cells dialog, which is what a reader of
// an en-US workbook sees). Ids 27-36 and 50-58 depend on the locale of the Excel that reads the
// file; the zh-CN codes from [MS-XLS] 2.4.126 stand in for all of them because every CJK locale
// makes these ids dates or times and only that decision matters here.
constexpr std::array<std::string_view, 59> builtin_codes = {
    "General",                                                 // 0
    "0",                                                       // 1
    "0.00",                                                    // 2
    "#,##0",                                                   // 3
    "#,##0.00",                                                // 4
    "\"$\"#,##0_);\\(\"$\"#,##0\\)",                           // 5
    "\"$\"#,##0_);[Red]\\(\"$\"#,##0\\)",                      // 6
    "\"$\"#,##0.00_);\\(\"$\"#,##0.00\\)",                     // 7
    "\"$\"#,##0.00_);[Red]\\(\"$\"#,##0.00\\)",                // 8
    "0%",                                                      // 9
    "0.00%",                                                   // 10
    "0.00E+00",                                                // 11
    "# ?/?",                                                   // 12
    "# ?\?/??",                                                // 13 (\? keeps -Wtrigraphs quiet)
    "m/d/yyyy",                                                // 14
    "d-mmm-yy",                                                // 15
    "d-mmm",                                                   // 16
    "mmm-yy",                                                  // 17
    "h:mm AM/PM",                                              // 18
    "h:mm:ss AM/PM",                                           // 19
    "h:mm",                                                    // 20
    "h:mm:ss",                                                 // 21
    "m/d/yyyy h:mm",                                           // 22
    "", "", "", "",                                            // 23-26: none
    "yyyy\"年\"m\"月\"",                                       // 27
    "m\"月\"d\"日\"",                                          // 28
    "m\"月\"d\"日\"",                                          // 29
    "m-d-yy",                                                  // 30
    "yyyy\"年\"m\"月\"d\"日\"",                                // 31
    "h\"时\"mm\"分\"",                                         // 32
    "h\"时\"mm\"分\"ss\"秒\"",                                 // 33
    "上午/下午h\"时\"mm\"分\"",                                // 34
    "上午/下午h\"时\"mm\"分\"ss\"秒\"",                        // 35
    "yyyy\"年\"m\"月\"",                                       // 36
    "#,##0_);(#,##0)",                                         // 37
    "#,##0_);[Red](#,##0)",                                    // 38
    "#,##0.00_);(#,##0.00)",                                   // 39
    "#,##0.00_);[Red](#,##0.00)",                              // 40
    "_(* #,##0_);_(* \\(#,##0\\);_(* \"-\"_);_(@_)",           // 41
    "_(\"$\"* #,##0_);_(\"$\"* \\(#,##0\\);_(\"$\"* \"-\"_);_(@_)",  // 42
    "_(* #,##0.00_);_(* \\(#,##0.00\\);_(* \"-\"?\?_);_(@_)",  // 43
    "_(\"$\"* #,##0.00_);_(\"$\"* \\(#,##0.00\\);_(\"$\"* \"-\"?\?_);_(@_)",  // 44
    "mm:ss",                                                   // 45
    "[h]:mm:ss",                                               // 46
    "mm:ss.0",                                                 // 47 (the spec's "mmss.0")
    "##0.0E+0",                                                // 48
    "@",                                                       // 49
    "yyyy\"年\"m\"月\"",                                       // 50
    "m\"月\"d\"日\"",                                          // 51
    "yyyy\"年\"m\"月\"",                                       // 52
    "m\"月\"d\"日\"",                                          // 53
    "m\"月\"d\"日\"",                                          // 54
    "上午/下午h\"时\"mm\"分\"",                                // 55
    "上午/下午h\"时\"mm\"分\"ss\"秒\"",                        // 56
    "yyyy\"年\"m\"月\"",                                       // 57
    "m\"月\"d\"日\"",                                          // 58
};

// ---------------------------------------------------------------------------------------------
// Classification

char to_lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

bool starts_with_nocase(std::string_view text, std::size_t pos, std::string_view word) {
  if (text.size() - pos < word.size()) return false;
  for (std::size_t k = 0; k < word.size(); ++k) {
    if (to_lower(text[pos + k]) != word[k]) return false;
  }
  return true;
}

// Index just past the character starting at `pos`, so that skipping "\€" or "_€" skips the
// whole UTF-8 sequence and not one byte of it.
std::size_t next_char(std::string_view text, std::size_t pos) {
  ++pos;
  while (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) ++pos;
  return pos;
}

// "[h]", "[mm]", "[ss]" (any case, any length): Excel shows the whole duration in that unit
// instead of wrapping at a day, hour or minute.
bool is_elapsed_bracket(std::string_view inside) {
  if (inside.empty()) return false;
  const char unit = to_lower(inside[0]);
  if (unit != 'h' && unit != 'm' && unit != 's') return false;
  return std::all_of(inside.begin(), inside.end(), [unit](char c) { return to_lower(c) == unit; });
}

// One run of a date or time letter ("yyyy", "mm", "h"), or 'a' for AM/PM and A/P.
struct date_code {
  char letter;
  std::size_t length;
};

num_fmt_kind date_kind(const std::vector<date_code>& codes) {
  bool has_date = false;
  bool has_time = false;
  for (std::size_t k = 0; k < codes.size(); ++k) {
    switch (codes[k].letter) {
      case 'd':
      case 'y':
        has_date = true;
        break;
      case 'm': {
        // Excel reads m as minutes right after an hour or right before a second; "mmm" and
        // longer always name a month.
        const bool after_hour = k > 0 && codes[k - 1].letter == 'h';
        const bool before_second = k + 1 < codes.size() && codes[k + 1].letter == 's';
        if (codes[k].length <= 2 && (after_hour || before_second)) {
          has_time = true;
        } else {
          has_date = true;
        }
        break;
      }
      default:  // h, s, AM/PM
        has_time = true;
        break;
    }
  }
  if (has_date && has_time) return num_fmt_kind::datetime;
  return has_date ? num_fmt_kind::date : num_fmt_kind::time;
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic: proleptic Gregorian, day 0 = 0001-01-01, so no time_t, time zone or
// locale is involved and every year from 1 to 9999 works.

constexpr std::array<int, 13> days_before_month = {0,   31,  59,  90,  120, 151, 181,
                                                   212, 243, 273, 304, 334, 365};

constexpr bool is_leap(std::int64_t year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

struct civil_date {
  std::int64_t year;
  int month;  // 1-12
  int day;    // 1-31
};

constexpr std::int64_t ordinal_from_civil(civil_date date) {
  const std::int64_t y = date.year - 1;
  const int leap_day = date.month > 2 && is_leap(date.year) ? 1 : 0;
  return y * 365 + y / 4 - y / 100 + y / 400 + days_before_month[date.month - 1] + leap_day +
         date.day - 1;
}

// For ordinal >= 0. The 100- and 1-year quotients are capped at 3 because the last year of a
// 400- or 4-year cycle is one day longer: its Dec 31 would otherwise start a new cycle.
constexpr civil_date civil_from_ordinal(std::int64_t ordinal) {
  const std::int64_t n400 = ordinal / 146097;
  ordinal %= 146097;
  const std::int64_t n100 = std::min<std::int64_t>(ordinal / 36524, 3);
  ordinal -= n100 * 36524;
  const std::int64_t n4 = ordinal / 1461;
  ordinal %= 1461;
  const std::int64_t n1 = std::min<std::int64_t>(ordinal / 365, 3);
  ordinal -= n1 * 365;
  const std::int64_t year = n400 * 400 + n100 * 100 + n4 * 4 + n1 + 1;
  const int leap = is_leap(year) ? 1 : 0;
  int month = 1;
  while (month < 12 && ordinal >= days_before_month[month] + (month >= 2 ? leap : 0)) ++month;
  const std::int64_t before = days_before_month[month - 1] + (month > 2 ? leap : 0);
  return {year, month, static_cast<int>(ordinal - before + 1)};
}

static_assert(civil_from_ordinal(ordinal_from_civil({2000, 2, 29})).day == 29);
static_assert(civil_from_ordinal(ordinal_from_civil({2000, 12, 31})).month == 12);
static_assert(civil_from_ordinal(ordinal_from_civil({1900, 3, 1})).month == 3);

constexpr std::int64_t epoch_1900 = ordinal_from_civil({1899, 12, 30});
constexpr std::int64_t epoch_1904 = ordinal_from_civil({1904, 1, 1});
constexpr std::int64_t last_ordinal = ordinal_from_civil({9999, 12, 31});

constexpr std::int64_t ms_per_day = 86'400'000;
constexpr std::int64_t us_per_day = 86'400'000'000;
constexpr std::int64_t max_timedelta_days = 999'999'999;  // Python's timedelta.max.days

constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - (a % b != 0 && (a < 0) != (b < 0) ? 1 : 0);
}
constexpr std::int64_t floor_mod(std::int64_t a, std::int64_t b) { return a - floor_div(a, b) * b; }

// Python's round() of a float: ties go to the even neighbour. Spelled out rather than relying
// on std::nearbyint so the result does not depend on the floating-point rounding mode.
double round_half_even(double x) {
  double r = std::round(x);
  if (std::fabs(r - x) == 0.5) r = 2.0 * std::round(x / 2.0);
  return r;
}

void append_padded(std::string& out, std::int64_t value, int width) {
  char buf[24];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  (void)ec;  // cannot fail: 24 chars hold any int64
  for (auto n = end - buf; n < width; ++n) out += '0';
  out.append(buf, end);
}

// "HH:MM:SS" or "HH:MM:SS.ffffff" for a time of day in milliseconds, like Python's str(time).
void append_time_of_day(std::string& out, std::int64_t ms) {
  append_padded(out, ms / 3'600'000, 2);
  out += ':';
  append_padded(out, ms / 60'000 % 60, 2);
  out += ':';
  append_padded(out, ms / 1000 % 60, 2);
  if (ms % 1000 != 0) {
    out += '.';
    append_padded(out, ms % 1000 * 1000, 6);
  }
}

// openpyxl's from_excel() for a date-like format, printed as datetime.isoformat() would.
std::optional<std::string> format_date_serial(double serial, bool date1904) {
  // 1e7 days is past 9999-12-31 in both systems; the bound keeps the casts below defined.
  if (!std::isfinite(serial) || serial < 0 || serial >= 1e7) return std::nullopt;
  const double whole = std::floor(serial);
  // Same operation order as openpyxl, round(fraction * 86400 * 1000), so ties and last-bit
  // effects land on the same millisecond.
  const auto ms = static_cast<std::int64_t>(round_half_even((serial - whole) * 86400.0 * 1000.0));
  std::string out;
  if (serial < 1 && ms < ms_per_day) {
    // Like openpyxl, a serial in [0, 1) is a time of day with no date, in both date systems
    // (Excel would show the date 1900-01-00, or 1904-01-01 in the 1904 system).
    append_time_of_day(out, ms);
    return out;
  }
  auto day = static_cast<std::int64_t>(whole);
  // Excel counts a 1900-02-29 that never was (serial 60), so serials before it are one day
  // behind the real calendar. openpyxl shifts serials in (0, 60) forward a day and maps 60
  // itself to 1900-02-28 (epoch + 60 days), not Excel's fictional 1900-02-29; we follow it.
  if (!date1904 && serial > 0 && serial < 60) ++day;
  const std::int64_t total_ms = day * ms_per_day + ms;
  const std::int64_t ordinal = (date1904 ? epoch_1904 : epoch_1900) + total_ms / ms_per_day;
  if (ordinal > last_ordinal) return std::nullopt;
  const civil_date date = civil_from_ordinal(ordinal);
  append_padded(out, date.year, 4);
  out += '-';
  append_padded(out, date.month, 2);
  out += '-';
  append_padded(out, date.day, 2);
  out += 'T';
  append_time_of_day(out, total_ms % ms_per_day);
  return out;
}

// floor() of the double nearest to seconds + micros / 1e6, which is what Python's
// timedelta.total_seconds() // 1 computes. Only for |seconds| of 2^33 and more (272 years) can
// the nearest double round up to the next whole second, but then it must, to agree.
std::int64_t floor_of_total_seconds(std::int64_t seconds, std::int64_t micros) {
  // Decimal text parsed with from_chars is correctly rounded, like Python's int / int.
  std::string text;
  if (seconds >= 0) {
    append_padded(text, seconds, 1);
    text += '.';
    append_padded(text, micros, 6);
  } else {
    text += '-';
    append_padded(text, -seconds - 1, 1);
    text += '.';
    append_padded(text, 1'000'000 - micros, 6);
  }
  double value = 0;
  const auto parsed = std::from_chars(text.data(), text.data() + text.size(), value);
  (void)parsed;  // cannot fail: the text is a plain decimal well inside double's range
  return static_cast<std::int64_t>(std::floor(value));
}

// Python's str(timedelta) of openpyxl's from_excel(serial, timedelta=True): the serial made a
// timedelta to the microsecond, then the sub-second part rounded to the millisecond.
std::optional<std::string> format_elapsed_serial(double serial) {
  if (!std::isfinite(serial) || std::fabs(serial) > 1e9) return std::nullopt;
  // timedelta(days=serial): whole days exactly, the fraction through 86400e6 * fraction with
  // its own sub-microsecond leftover rounded half to even.
  double whole_days = 0;
  const double fraction = std::modf(serial, &whole_days);
  double whole_us = 0;
  const double leftover = std::modf(us_per_day * fraction, &whole_us);
  auto days = static_cast<std::int64_t>(whole_days);
  auto us = static_cast<std::int64_t>(whole_us);
  if (leftover != 0) {
    double extra = std::round(leftover);
    if (std::fabs(extra - leftover) == 0.5) {
      // A tie goes to the even total; whole days are an even number of microseconds, so the
      // parity is that of `us` alone.
      const double odd = static_cast<double>(us & 1);
      extra = 2.0 * std::round((leftover + odd) * 0.5) - odd;
    }
    us += static_cast<std::int64_t>(extra);
  }
  days += floor_div(us, us_per_day);
  us = floor_mod(us, us_per_day);
  if (days < -max_timedelta_days || days > max_timedelta_days) return std::nullopt;
  std::int64_t seconds = us / 1'000'000;
  std::int64_t micros = us % 1'000'000;
  if (micros != 0) {
    const std::int64_t total_seconds = floor_of_total_seconds(days * 86400 + seconds, micros);
    // round(micros, -3) on an int: half to even.
    std::int64_t ms = micros / 1000;
    const std::int64_t rest = micros % 1000;
    if (rest > 500 || (rest == 500 && ms % 2 == 1)) ++ms;
    const std::int64_t carried = total_seconds + ms / 1000;
    days = floor_div(carried, 86400);
    seconds = floor_mod(carried, 86400);
    micros = ms % 1000 * 1000;
  }
  if (days < -max_timedelta_days || days > max_timedelta_days) return std::nullopt;
  std::string out;
  if (days != 0) {
    append_padded(out, days, 1);
    out += days == 1 || days == -1 ? " day, " : " days, ";
  }
  append_padded(out, seconds / 3600, 1);
  out += ':';
  append_padded(out, seconds / 60 % 60, 2);
  out += ':';
  append_padded(out, seconds % 60, 2);
  if (micros != 0) {
    out += '.';
    append_padded(out, micros, 6);
  }
  return out;
}

}  // namespace

std::string_view to_string(num_fmt_kind kind) {
  switch (kind) {
    case num_fmt_kind::general: return "general";
    case num_fmt_kind::number: return "number";
    case num_fmt_kind::percent: return "percent";
    case num_fmt_kind::date: return "date";
    case num_fmt_kind::time: return "time";
    case num_fmt_kind::datetime: return "datetime";
    case num_fmt_kind::elapsed: return "elapsed";
    case num_fmt_kind::text: return "text";
  }
  return "unknown";
}

std::string_view builtin_num_fmt(std::uint32_t id) {
  return id < builtin_codes.size() ? builtin_codes[id] : std::string_view{};
}

num_fmt_info classify_num_fmt(std::string_view code) {
  if (code.empty()) return {num_fmt_kind::general, -1};
  std::vector<date_code> codes;
  bool elapsed = false;
  bool general = false;
  bool text = false;
  bool percent = false;
  bool after_point = false;
  bool in_exponent = false;
  int decimals = 0;  // digit placeholders after the decimal point, before any exponent
  int zeros = 0;     // every '0': in a date or time format only fractional seconds use them
  std::size_t i = 0;
  while (i < code.size() && code[i] != ';') {
    const char c = code[i];
    if (c == '"') {
      const std::size_t close = code.find('"', i + 1);
      i = close == std::string_view::npos ? code.size() : close + 1;
      continue;
    }
    if (c == '\\' || c == '_' || c == '*') {  // literal, space the width of x, fill with x
      i = i + 1 < code.size() ? next_char(code, i + 1) : code.size();
      continue;
    }
    if (c == '[') {  // colour, condition, locale, currency, or an elapsed-time unit
      const std::size_t close = code.find(']', i + 1);
      if (close == std::string_view::npos) break;
      const std::string_view inside = code.substr(i + 1, close - i - 1);
      if (is_elapsed_bracket(inside)) {
        elapsed = true;
        codes.push_back({to_lower(inside[0]), inside.size()});
      }
      i = close + 1;
      continue;
    }
    if (starts_with_nocase(code, i, "general")) {
      general = true;
      i += 7;
      continue;
    }
    if (starts_with_nocase(code, i, "am/pm") || starts_with_nocase(code, i, "a/p")) {
      codes.push_back({'a', 1});
      i += to_lower(code[i + 1]) == 'm' ? 5 : 3;
      continue;
    }
    const char lower = to_lower(c);
    if (lower == 'd' || lower == 'm' || lower == 'y' || lower == 'h' || lower == 's') {
      std::size_t end = i + 1;
      while (end < code.size() && to_lower(code[end]) == lower) ++end;
      codes.push_back({lower, end - i});
      i = end;
      continue;
    }
    switch (c) {
      case '%': percent = true; break;
      case '@': text = true; break;
      case '.': after_point = true; break;
      case 'E':
      case 'e':
        if (i + 1 < code.size() && (code[i + 1] == '+' || code[i + 1] == '-')) in_exponent = true;
        break;
      case '0':
      case '#':
      case '?':
        if (c == '0') ++zeros;
        if (after_point && !in_exponent) ++decimals;
        break;
      default: break;
    }
    i = next_char(code, i);
  }
  if (elapsed) return {num_fmt_kind::elapsed, zeros};
  if (!codes.empty()) return {date_kind(codes), zeros};
  if (general) return {num_fmt_kind::general, -1};
  if (text) return {num_fmt_kind::text, -1};
  return {percent ? num_fmt_kind::percent : num_fmt_kind::number, decimals};
}

std::optional<std::string> format_serial(double serial, bool date1904, num_fmt_kind kind) {
  if (kind == num_fmt_kind::elapsed) return format_elapsed_serial(serial);
  if (is_serial_kind(kind)) return format_date_serial(serial, date1904);
  return std::nullopt;
}

}  // namespace returncheck::xlsx
