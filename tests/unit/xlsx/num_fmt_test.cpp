// Tests for number-format classification and serial-to-text conversion, checked against openpyxl.
//
// Expected texts come from openpyxl 3.0.9 (from_excel + isoformat(), or str() of a timedelta) and
// expected kinds from its is_date_format / is_timedelta_format, except where a comment says
// "openpyxl:" and gives its answer; there we follow Excel.
#include "returncheck/xlsx/num_fmt.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace returncheck::xlsx {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

// ---------------------------------------------------------------------------------------------
// classify_num_fmt

struct classify_case {
  std::string_view code;
  num_fmt_kind kind;
  int decimals;
};

constexpr classify_case classify_cases[] = {
    // General and text
    {"General", num_fmt_kind::general, -1},
    {"GENERAL", num_fmt_kind::general, -1},
    {"", num_fmt_kind::general, -1},
    {"[BLUE]GENERAL", num_fmt_kind::general, -1},
    {"General;General;\"x\"", num_fmt_kind::general, -1},
    {"[DBNum1][$-804]General", num_fmt_kind::general, -1},
    {"General_)", num_fmt_kind::general, -1},
    {"@", num_fmt_kind::text, -1},
    {"[BLACK]@", num_fmt_kind::text, -1},

    // Percent: only an unquoted, unescaped % in the first section
    {"0%", num_fmt_kind::percent, 0},
    {"0.0%", num_fmt_kind::percent, 1},
    {"0.00%", num_fmt_kind::percent, 2},
    {"[$-809]0%", num_fmt_kind::percent, 0},
    {"#,##0.0_)%;[Red]\\(#,##0.0\\)%;0_)_.%", num_fmt_kind::percent, 1},
    {"0.00\\%", num_fmt_kind::number, 2},
    {"0.0\"%\"", num_fmt_kind::number, 1},
    {"[=0]?;0%", num_fmt_kind::number, 0},

    // Numbers
    {"0", num_fmt_kind::number, 0},
    {"0.00", num_fmt_kind::number, 2},
    {"#,##0", num_fmt_kind::number, 0},
    {"#,##0.00", num_fmt_kind::number, 2},
    {"#,##0;[Red]-#,##0", num_fmt_kind::number, 0},
    {"\"Q\"0", num_fmt_kind::number, 0},
    {"0.00E+00", num_fmt_kind::number, 2},
    {"##0.0E+0", num_fmt_kind::number, 1},
    {"# ?/?", num_fmt_kind::number, 0},
    {"#,##0.###", num_fmt_kind::number, 3},
    {"[>999999]#.000,,\"M\";[>999]#.000,\"K\";#.000", num_fmt_kind::number, 3},
    {"_(* #,##0.00_);_(* \\(#,##0.00\\);_(* \"-\"??_);_(@_)", num_fmt_kind::number, 2},
    {"0 \"days\"", num_fmt_kind::number, 0},
    {"\\d\\a\\y 0", num_fmt_kind::number, 0},
    {"0.0 \"mm\"", num_fmt_kind::number, 1},
    {"[Red]0.00", num_fmt_kind::number, 2},
    {"[$€-2] #,##0.00", num_fmt_kind::number, 2},
    {"[>=100]0.0;0.00", num_fmt_kind::number, 1},
    {";;;", num_fmt_kind::number, 0},
    {"\"BOOL\"e\"AN\"", num_fmt_kind::number, 0},
    {"#,##0\\ _ \"руб.\";[Red]\\-#,##0\\ _р\"уб\"", num_fmt_kind::number, 0},
    {"\"[h]\"0", num_fmt_kind::number, 0},
    // Excel shows a non-zero value with the second section, a time; like openpyxl we let the
    // first section decide.
    {"[=0]?;hh:mm", num_fmt_kind::number, 0},
    // _x is a space the width of x and *x a fill, so these letters are not dates.
    // openpyxl: date (it reads the D and M of "_D_M", German marks, as day and month).
    {"_-* #,##0.00\\ _D_M_-;\\-* #,##0.00\\ _D_M_-;_-* \"-\"??\\ _D_M_-;_-@_-",
     num_fmt_kind::number, 2},
    {"#,##0_m", num_fmt_kind::number, 0},  // openpyxl: date
    {"0*d", num_fmt_kind::number, 0},      // openpyxl: date
    // Malformed codes never read past the end.
    {"\"abc", num_fmt_kind::number, 0},
    {"[Red", num_fmt_kind::number, 0},
    {"\\", num_fmt_kind::number, 0},
    {"0.0_", num_fmt_kind::number, 1},

    // Dates
    {"m/d/yyyy", num_fmt_kind::date, 0},
    {"yyyy-mm-dd", num_fmt_kind::date, 0},
    {"mmm-yy", num_fmt_kind::date, 0},
    {"d-mmm-yy", num_fmt_kind::date, 0},
    {"d-mmm", num_fmt_kind::date, 0},
    {"[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy", num_fmt_kind::date, 0},
    {"yyyy/mm/dd;@", num_fmt_kind::date, 0},
    {"dd.mm.yyyy", num_fmt_kind::date, 0},
    {"MMMM\\ D\", \"YYYY", num_fmt_kind::date, 0},
    {"[$-411]ggge\"年\"m\"月\"d\"日\"", num_fmt_kind::date, 0},
    {"yyyy\"年\"m\"月\"", num_fmt_kind::date, 0},
    {"YYM", num_fmt_kind::date, 0},  // M after a year is a month
    {"dd", num_fmt_kind::date, 0},
    // A letter that opens the code (after stripping quotes and brackets) is still a date part.
    // openpyxl: not a date (its pattern needs a character before the letter).
    {"d", num_fmt_kind::date, 0},
    {"D", num_fmt_kind::date, 0},
    {"m", num_fmt_kind::date, 0},
    {"y", num_fmt_kind::date, 0},
    {"[$-409]d", num_fmt_kind::date, 0},
    {"d\"th\"", num_fmt_kind::date, 0},
    // openpyxl: not a date (it splits sections at the ';' inside the quotes).
    {"\"a;b\"yyyy", num_fmt_kind::date, 0},

    // Times
    {"h:mm AM/PM", num_fmt_kind::time, 0},
    {"h:mm:ss", num_fmt_kind::time, 0},
    {"mm:ss", num_fmt_kind::time, 0},  // m before s is minutes
    {"mm:ss.0", num_fmt_kind::time, 1},
    {"[$-F400]h:mm:ss\\ AM/PM", num_fmt_kind::time, 0},
    {"HHMM", num_fmt_kind::time, 0},  // M after H is minutes
    {"h\"时\"mm\"分\"ss\"秒\";@", num_fmt_kind::time, 0},
    {"AM/PM", num_fmt_kind::time, 0},
    {"SS", num_fmt_kind::time, 0},
    {"H", num_fmt_kind::time, 0},    // openpyxl: not a date
    {"s", num_fmt_kind::time, 0},    // openpyxl: not a date
    {"A/P", num_fmt_kind::time, 0},  // openpyxl: not a date

    // Date and time
    {"m/d/yyyy h:mm", num_fmt_kind::datetime, 0},
    {"yyyy-mm-dd h:mm:ss", num_fmt_kind::datetime, 0},
    {"dd.mm.yyyy hh:mm:ss.000", num_fmt_kind::datetime, 3},
    {"yyyy\\-mm\\-dd\\Thh:mm", num_fmt_kind::datetime, 0},
    {"[$-409]m/d/yy\\ h:mm\\ AM/PM;@", num_fmt_kind::datetime, 0},
    {"yyyy\\-mm\\-dd\\ hh:mm:ss\\ \\U\\T\\C", num_fmt_kind::datetime, 0},

    // Elapsed time
    {"[h]:mm:ss", num_fmt_kind::elapsed, 0},
    {"[hh]:mm", num_fmt_kind::elapsed, 0},
    {"[mm]:ss", num_fmt_kind::elapsed, 0},
    {"[s].000", num_fmt_kind::elapsed, 3},
    {"[hh]:mm:ss.00", num_fmt_kind::elapsed, 2},
    {"[h]:mm:ss;@", num_fmt_kind::elapsed, 0},
    {"[HH]:MM", num_fmt_kind::elapsed, 0},
    {"HH[MM]", num_fmt_kind::elapsed, 0},
    {"[H]", num_fmt_kind::elapsed, 0},   // openpyxl: not a date ([H] upper case is stripped)
    {"[SS]", num_fmt_kind::elapsed, 0},  // openpyxl: not a date
    {"[hhh]:mm", num_fmt_kind::elapsed, 0},  // openpyxl: a date-time (it knows [h] and [hh] only)
};

TEST(classify_num_fmt, table) {
  for (const auto& c : classify_cases) {
    SCOPED_TRACE(c.code);
    const num_fmt_info info = classify_num_fmt(c.code);
    EXPECT_EQ(to_string(info.kind), to_string(c.kind));
    EXPECT_EQ(info.decimals, c.decimals);
  }
}

// ---------------------------------------------------------------------------------------------
// builtin_num_fmt

struct builtin_case {
  std::uint32_t id;
  std::string_view code;
  num_fmt_kind kind;
};

constexpr builtin_case builtin_cases[] = {
    {0, "General", num_fmt_kind::general},
    {1, "0", num_fmt_kind::number},
    {2, "0.00", num_fmt_kind::number},
    {3, "#,##0", num_fmt_kind::number},
    {4, "#,##0.00", num_fmt_kind::number},
    {5, "\"$\"#,##0_);\\(\"$\"#,##0\\)", num_fmt_kind::number},
    {8, "\"$\"#,##0.00_);[Red]\\(\"$\"#,##0.00\\)", num_fmt_kind::number},
    {9, "0%", num_fmt_kind::percent},
    {10, "0.00%", num_fmt_kind::percent},
    {11, "0.00E+00", num_fmt_kind::number},
    {12, "# ?/?", num_fmt_kind::number},
    {13, "# ?\?/??", num_fmt_kind::number},
    {14, "m/d/yyyy", num_fmt_kind::date},  // openpyxl: "mm-dd-yy" (the spec's), also a date
    {15, "d-mmm-yy", num_fmt_kind::date},
    {16, "d-mmm", num_fmt_kind::date},
    {17, "mmm-yy", num_fmt_kind::date},
    {18, "h:mm AM/PM", num_fmt_kind::time},
    {19, "h:mm:ss AM/PM", num_fmt_kind::time},
    {20, "h:mm", num_fmt_kind::time},
    {21, "h:mm:ss", num_fmt_kind::time},
    {22, "m/d/yyyy h:mm", num_fmt_kind::datetime},
    {23, "", num_fmt_kind::general},
    {26, "", num_fmt_kind::general},
    // openpyxl has no code for 27-36 and 50-58 and reads such cells as plain numbers.
    {27, "yyyy\"年\"m\"月\"", num_fmt_kind::date},
    {30, "m-d-yy", num_fmt_kind::date},
    {32, "h\"时\"mm\"分\"", num_fmt_kind::time},
    {35, "上午/下午h\"时\"mm\"分\"ss\"秒\"", num_fmt_kind::time},
    {36, "yyyy\"年\"m\"月\"", num_fmt_kind::date},
    {37, "#,##0_);(#,##0)", num_fmt_kind::number},
    {40, "#,##0.00_);[Red](#,##0.00)", num_fmt_kind::number},
    {41, "_(* #,##0_);_(* \\(#,##0\\);_(* \"-\"_);_(@_)", num_fmt_kind::number},
    {44, "_(\"$\"* #,##0.00_);_(\"$\"* \\(#,##0.00\\);_(\"$\"* \"-\"?\?_);_(@_)",
     num_fmt_kind::number},
    {45, "mm:ss", num_fmt_kind::time},
    {46, "[h]:mm:ss", num_fmt_kind::elapsed},
    {47, "mm:ss.0", num_fmt_kind::time},  // openpyxl: "mmss.0", also a time
    {48, "##0.0E+0", num_fmt_kind::number},
    {49, "@", num_fmt_kind::text},
    {50, "yyyy\"年\"m\"月\"", num_fmt_kind::date},
    {55, "上午/下午h\"时\"mm\"分\"", num_fmt_kind::time},
    {58, "m\"月\"d\"日\"", num_fmt_kind::date},
    {59, "", num_fmt_kind::general},
    {163, "", num_fmt_kind::general},
    {164, "", num_fmt_kind::general},
    {4294967295u, "", num_fmt_kind::general},
};

TEST(builtin_num_fmt, table) {
  for (const auto& c : builtin_cases) {
    SCOPED_TRACE(c.id);
    EXPECT_EQ(builtin_num_fmt(c.id), c.code);
    EXPECT_EQ(to_string(classify_num_fmt(builtin_num_fmt(c.id)).kind), to_string(c.kind));
  }
}

TEST(builtin_num_fmt, every_date_id_is_a_serial_kind) {
  for (std::uint32_t id = 0; id < 164; ++id) {
    SCOPED_TRACE(id);
    const bool date_id = (id >= 14 && id <= 22) || (id >= 27 && id <= 36) ||
                         (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
    EXPECT_EQ(is_serial_kind(classify_num_fmt(builtin_num_fmt(id)).kind), date_id);
  }
}

// ---------------------------------------------------------------------------------------------
// format_serial

struct serial_case {
  double serial;
  bool date1904;
  num_fmt_kind kind;
  std::optional<std::string_view> text;
};

constexpr auto date = num_fmt_kind::date;
constexpr auto elapsed = num_fmt_kind::elapsed;
constexpr std::nullopt_t none = std::nullopt;

constexpr serial_case serial_cases[] = {
    // 1900 system: a serial in [0, 1) is a bare time of day (Excel: the date 1900-01-00).
    {0.0, false, date, "00:00:00"},
    {-0.0, false, date, "00:00:00"},
    {0.5, false, date, "12:00:00"},
    {0.5208333333333334, false, date, "12:30:00"},
    {0.500005787037037, false, date, "12:00:00.500000"},
    {1.1574074074074073e-05, false, date, "00:00:01"},
    {0.99999999, false, date, "23:59:59.999000"},
    // Rounds to a whole day, so it is a date: 0 + 1 (the leap-year shift) + 1 (rounding).
    {0.999999999, false, date, "1900-01-01T00:00:00"},
    // Milliseconds round half to even, like Python's round(): 2.5 ms -> 2, 3.5 -> 4, 4.5 -> 4.
    {2.8935185185185185e-08, false, date, "00:00:00.002000"},
    {4.050925925925926e-08, false, date, "00:00:00.004000"},
    {5.208333333333333e-08, false, date, "00:00:00.004000"},
    {1.0, false, date, "1900-01-01T00:00:00"},
    {1.25, false, date, "1900-01-01T06:00:00"},
    {31.0, false, date, "1900-01-31T00:00:00"},
    {59.0, false, date, "1900-02-28T00:00:00"},
    {59.5, false, date, "1900-02-28T12:00:00"},
    // Rounds up to 60 after the shift for serials below 60 (Excel: 1900-02-29).
    {59.99999999999, false, date, "1900-03-01T00:00:00"},
    // Excel's fictional 1900-02-29; openpyxl (and we) say 1900-02-28.
    {60.0, false, date, "1900-02-28T00:00:00"},
    {60.75, false, date, "1900-02-28T18:00:00"},
    {61.0, false, date, "1900-03-01T00:00:00"},
    {366.0, false, date, "1900-12-31T00:00:00"},
    {367.0, false, date, "1901-01-01T00:00:00"},
    {36526.0, false, date, "2000-01-01T00:00:00"},
    {36585.0, false, date, "2000-02-29T00:00:00"},
    {42094.0, false, date, "2015-03-31T00:00:00"},
    {43831.5, false, date, "2020-01-01T12:00:00"},
    {44644.946111, false, date, "2022-03-24T22:42:23.990000"},
    {45000.123456789, false, date, "2023-03-15T02:57:46.667000"},
    {2958465.0, false, date, "9999-12-31T00:00:00"},
    {2958465.9999999, false, date, "9999-12-31T23:59:59.991000"},
    {2958465.99999999, false, date, "9999-12-31T23:59:59.999000"},
    // Past 9999-12-31 (after rounding): openpyxl raises OverflowError and reports #VALUE!.
    {2958465.999999999, false, date, none},
    {2958466.0, false, date, none},
    {1e300, false, date, none},
    // Negative serials: Excel shows ####. openpyxl: a date before the epoch, e.g.
    // -1.2 -> "1899-12-28T19:12:00".
    {-1e-20, false, date, none},
    {-0.5, false, date, none},
    {-1.2, false, date, none},
    {nan, false, date, none},
    {inf, false, date, none},
    {-inf, false, date, none},

    // 1904 system: no leap-year bug. Like openpyxl, [0, 1) is still a bare time, where Excel
    // would show 1904-01-01.
    {0.0, true, date, "00:00:00"},
    {0.25, true, date, "06:00:00"},
    {0.999999999, true, date, "1904-01-02T00:00:00"},
    {1.0, true, date, "1904-01-02T00:00:00"},
    {1.5, true, date, "1904-01-02T12:00:00"},
    {59.0, true, date, "1904-02-29T00:00:00"},
    {60.0, true, date, "1904-03-01T00:00:00"},
    {61.0, true, date, "1904-03-02T00:00:00"},
    {1462.0, true, date, "1908-01-02T00:00:00"},
    {2957003.0, true, date, "9999-12-31T00:00:00"},
    {2957003.99999999, true, date, "9999-12-31T23:59:59.999000"},
    {2957004.0, true, date, none},
    {-1.0, true, date, none},

    // Time and datetime formats convert exactly as dates do (openpyxl makes no difference).
    {45000.5, false, num_fmt_kind::time, "2023-03-15T12:00:00"},
    {0.75, false, num_fmt_kind::datetime, "18:00:00"},

    // Elapsed: Python's str(timedelta), rounded to the millisecond; the date system is unused.
    {0.0, false, elapsed, "0:00:00"},
    {0.020833333333333332, false, elapsed, "0:30:00"},
    {0.3333333333333333, true, elapsed, "8:00:00"},
    {1.0, false, elapsed, "1 day, 0:00:00"},
    {1.1053819444444444, false, elapsed, "1 day, 2:31:45"},
    {2.0, false, elapsed, "2 days, 0:00:00"},
    {0.99999999999, false, elapsed, "1 day, 0:00:00"},
    {5.787037037037037e-06, false, elapsed, "0:00:00.500000"},
    {12345.6789, false, elapsed, "12345 days, 16:17:36.960000"},
    {-1.0, false, elapsed, "-1 day, 0:00:00"},
    {-0.041666666666666664, false, elapsed, "-1 day, 23:00:00"},
    {-1.2, false, elapsed, "-2 days, 19:12:00"},
    {-12345.6789, false, elapsed, "-12346 days, 7:42:23.040000"},
    // Sub-millisecond parts: microseconds round half to even to the millisecond.
    {1e-09, false, elapsed, "0:00:00"},
    {5.787037037037037e-09, false, elapsed, "0:00:00"},           // 500 us -> 0 ms
    {1.736111111111111e-08, false, elapsed, "0:00:00.002000"},    // 1500 us -> 2 ms
    {2.8935185185185185e-08, false, elapsed, "0:00:00.002000"},   // 2500 us -> 2 ms
    {-5.787037037037037e-09, false, elapsed, "0:00:00"},          // -500 us -> 0
    // 500.5 us: timedelta() rounds the half microsecond to even (500), then 500 us -> 0 ms.
    {5.792824074074074e-09, false, elapsed, "0:00:00"},
    {0.04166667245949074, false, elapsed, "1:00:00"},  // 1 h + 500.5 us
    // Python's timedelta stops at 999,999,999 days (openpyxl: OverflowError, #VALUE!).
    {999999999.0, false, elapsed, "999999999 days, 0:00:00"},
    {999999999.99999, false, elapsed, "999999999 days, 23:59:59.135000"},
    {1e9, false, elapsed, none},
    {-999999999.0, false, elapsed, "-999999999 days, 0:00:00"},
    {-999999999.5, false, elapsed, none},
    // openpyxl floors total_seconds(), a double: past about 2^33 seconds (272 years) that can
    // round up to the next second before the rounded milliseconds are added again, so
    // 5:30:26.999999 becomes 5:30:28. We match it; no real duration is that long.
    {-199969.77052083335, false, elapsed, "-199970 days, 5:30:28"},
    {nan, false, elapsed, none},
    {inf, false, elapsed, none},
    {-inf, false, elapsed, none},

    // Formats that do not show a serial.
    {45000.0, false, num_fmt_kind::general, none},
    {45000.0, false, num_fmt_kind::number, none},
    {0.5, false, num_fmt_kind::percent, none},
    {1.0, false, num_fmt_kind::text, none},
};

TEST(format_serial, table) {
  for (const auto& c : serial_cases) {
    SCOPED_TRACE(testing::Message() << "serial " << c.serial << (c.date1904 ? " (1904)" : "")
                                    << ' ' << to_string(c.kind));
    const std::optional<std::string> got = format_serial(c.serial, c.date1904, c.kind);
    if (c.text) {
      ASSERT_TRUE(got.has_value());
      EXPECT_EQ(*got, *c.text);
    } else {
      EXPECT_FALSE(got.has_value()) << *got;
    }
  }
}

// Walks serials [first, last] from the civil date of `first`, checking each against the day
// after the one before, with month lengths worked out here independently.
void expect_consecutive_days(int first, int last, int year, int month, int day) {
  for (int serial = first; serial <= last; ++serial) {
    char expected[64];
    std::snprintf(expected, sizeof expected, "%04d-%02d-%02dT00:00:00", year, month, day);
    ASSERT_EQ(format_serial(serial, false, date), std::optional<std::string>(expected)) << serial;
    const bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    constexpr int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (++day > month_days[month - 1] + (month == 2 && leap ? 1 : 0)) {
      day = 1;
      if (++month > 12) {
        month = 1;
        ++year;
      }
    }
  }
}

// Every day of 1900-03-01..2100-12-31 (1900 and 2100 are not leap years, 2000 is),
// 2301-01-01..2400-12-31 (2400 is) and 9900-01-01..9999-12-31. The serials of the first day
// of each window come from openpyxl's to_excel().
TEST(format_serial, consecutive_days) {
  expect_consecutive_days(61, 73415, 1900, 3, 1);
  expect_consecutive_days(146464, 182988, 2301, 1, 1);
  expect_consecutive_days(2921942, 2958465, 9900, 1, 1);
}

}  // namespace
}  // namespace returncheck::xlsx
