// Number formats: built-in format codes, whether a code shows a date or time, and serial-to-text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace returncheck::xlsx {

// What a cell with this format shows, as far as reading its value is concerned.
enum class num_fmt_kind {
  general,   // "General" (or an empty code): the number as Excel would print it
  number,    // any other numeric format: "0.00", "#,##0;[Red]-#,##0", "\"Q\"0"
  percent,   // an unquoted % in the first section: "0.0%"
  date,      // only date parts: "yyyy-mm-dd", "mmm-yy", "d-mmm"
  time,      // only time parts: "h:mm AM/PM", "mm:ss.0"
  datetime,  // date and time parts: "m/d/yyyy h:mm"
  elapsed,   // an elapsed-time bracket [h] [mm] [ss]: "[h]:mm:ss" shows a duration
  text,      // "@": the value is shown as typed
};

struct num_fmt_info {
  num_fmt_kind kind = num_fmt_kind::general;
  // Decimal places the first section shows: "0.0%" -> 1, "#,##0" -> 0; for date, time and
  // elapsed kinds the fractional-second digits ("mm:ss.0" -> 1); -1 for general and text.
  int decimals = -1;
  friend bool operator==(const num_fmt_info&, const num_fmt_info&) = default;
};

// "general", "number", ... "text": the enumerator's own name, for logs and test output.
std::string_view to_string(num_fmt_kind kind);

// True for the kinds whose cells hold a serial shown as a date, time or duration.
constexpr bool is_serial_kind(num_fmt_kind kind) {
  return kind == num_fmt_kind::date || kind == num_fmt_kind::time ||
         kind == num_fmt_kind::datetime || kind == num_fmt_kind::elapsed;
}

// The format code of a built-in number format id: 0-22 and 37-49 as en-US Excel shows them
// (14 is "m/d/yyyy", not the spec's "mm-dd-yy"), and the CJK date/time ids 27-36 and 50-58 in
// their zh-CN form ([MS-XLS] 2.4.126); empty for any other id. A <numFmt> in the workbook's
// styles with the same id overrides this, so callers look there first.
std::string_view builtin_num_fmt(std::uint32_t id);

// Classifies a format code as Excel does when deciding whether a cell shows a date or time.
// Only the first section (up to an unquoted ';') decides.
num_fmt_info classify_num_fmt(std::string_view code);

// A serial shown with a date, time, datetime or elapsed format, as text: "2015-03-31T00:00:00",
// a time of day alone "12:30:00" (serials in [0, 1)), or a duration "1 day, 2:31:45" (elapsed),
// rounded to the millisecond; ".ffffff" is added only when the milliseconds are not zero.
// Matches openpyxl 3.0.9 (from_excel, then isoformat() or str()) except that a negative
// serial is no date: Excel shows #### where openpyxl gives a day before the epoch.
// nullopt for NaN and infinities; for a date, time or datetime kind when the serial is negative
// or past 9999-12-31; for elapsed when it passes +-999,999,999 days (Python's timedelta, whose
// str() form this is, negative durations included); and when `kind` is not a serial kind.
std::optional<std::string> format_serial(double serial, bool date1904, num_fmt_kind kind);

}  // namespace returncheck::xlsx
