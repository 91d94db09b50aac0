// Number formats rendered: the text Excel shows for a value under a format code (TEXT, reports).
//
// A format code has up to four sections, `positive;negative;zero;text`, or conditions in
// brackets (`[>=1000]#,##0,"K";0`). Supported in a section:
//   - digit placeholders 0 # ?, the decimal point, thousands separators and scaling commas
//     ("#,##0,," shows millions), % (anywhere), quoted text, \x, and any other character that is
//     not a code letter (- + / ( ) : ! ^ & ' ~ { } < > = | space £ €) as itself;
//   - scientific notation: 0.00E+00, 0.0e-0, ##0.0E+0 (the exponent is a multiple of the number
//     of whole-part placeholders: engineering notation);
//   - fractions: # ?/?, # ??/??, ?/8, 0/100, and improper ones (#/#);
//   - dates and times: y yy yyyy e, m mm mmm mmmm mmmmm, d dd ddd dddd, h hh, m mm (minutes),
//     s ss, fractions of a second (ss.0 ss.00 ss.000), AM/PM am/pm A/P a/p, elapsed time
//     [h] [mm] [ss] (also negative), B1 (the Gregorian calendar);
//   - General, @ (the text), [Red] and the other colours, [Color10], conditions [<10] [>=-1]
//     [=0] [<>5], locale and currency tags [$-409] [$£-809] [$€-x-euro2];
//   - _x shows a space (its width in a cell) and *x shows nothing (there is no cell to fill).
// Not supported, so nullopt: other calendars (B2), era codes (g), [DBNum1] and the like, and
// letters that are no code.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace returncheck::xlsx {

// The text Excel shows for the number x in a cell formatted with `code`, or that TEXT(x, code)
// gives, rounded half away from zero from x's 15 significant digits. No cell width is assumed:
// General shows at most 11 characters, as TEXT does, never "#####". An empty code shows nothing.
// `date1904` chooses the workbook's date system (serial 0 is 1900-01-00 or 1904-01-01).
// nullopt when the code cannot be read (an unclosed quote, more than four sections, an unknown
// letter or bracket) or the number cannot be shown with it: NaN or an infinity, a date before
// the epoch (in the 1900 system; elapsed time shows a minus sign instead) or after 9999-12-31.
std::optional<std::string> format_number(double x, std::string_view code, bool date1904);

// The text Excel shows for text under `code`: the fourth section with each @ replaced by the
// text, or the only section when it holds an @; else the text as it is. nullopt when the code
// cannot be read or its text section holds number codes.
std::optional<std::string> format_text(std::string_view text, std::string_view code);

// A number in the General format, at most 11 characters: "0.333333333", "1234.5",
// "1.23457E+11", "-2". Small numbers take scientific form when that shows more digits. NaN and
// the infinities, which no cell holds, show as "#NUM!".
std::string format_general(double x);

}  // namespace returncheck::xlsx
