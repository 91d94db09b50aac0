// Text functions (docs/formulas.md lists them with their known differences from Excel).
//
// Strings are UTF-8; positions and lengths count characters (code points). Excel counts UTF-16
// units, so a character beyond U+FFFF (an emoji) is 2 in Excel and 1 here.
#include "returncheck/xlsx/detail/text.hpp"

#include <algorithm>
#include <array>
#include <cfloat>
#include <charconv>
#include <cmath>

#include "returncheck/formula/functions/registry.hpp"

namespace returncheck::formula::functions {
namespace {

// The longest text a cell holds; a function whose result would be longer gives #VALUE!.
constexpr std::size_t max_text_length = 32767;

// ---- Characters

std::u32string decode(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t len = 1;
    char32_t cp = b0;
    if (b0 >= 0xF0) {
      len = 4;
      cp = b0 & 0x07;
    } else if (b0 >= 0xE0) {
      len = 3;
      cp = b0 & 0x0F;
    } else if (b0 >= 0xC0) {
      len = 2;
      cp = b0 & 0x1F;
    } else if (b0 >= 0x80) {
      len = 0;  // a stray continuation byte
    }
    bool ok = len > 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      ok = (b & 0xC0) == 0x80;
      cp = (cp << 6) | (b & 0x3F);
    }
    // Workbook text is valid UTF-8 (it comes from XML); anything else becomes U+FFFD.
    out.push_back(ok ? cp : U'\uFFFD');
    i += ok ? len : 1;
  }
  return out;
}

std::string encode(std::u32string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char32_t c : s) xlsx::detail::append_utf8(out, c);
  return out;
}

// Characters in UTF-8 text: the bytes that start one.
std::size_t length(std::string_view s) {
  return std::size_t(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Letter case for ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic; other characters have none.
char32_t upper(char32_t c) {
  if (c >= 'a' && c <= 'z') return c - 32;
  if (c < 0xE0) return c;
  if (c <= 0xFE) return c == 0xF7 ? c : c - 32;  // à-þ, not ÷
  if (c == 0xFF) return 0x178;
  const bool odd = c & 1;
  if (((c >= 0x101 && c <= 0x12F) || (c >= 0x133 && c <= 0x137) || (c >= 0x14B && c <= 0x177)) && odd) return c - 1;
  if (((c >= 0x13A && c <= 0x148) || (c >= 0x17A && c <= 0x17E)) && !odd) return c - 1;
  if (c == 0x3C2) return 0x3A3;  // final sigma
  if (c >= 0x3B1 && c <= 0x3C9) return c - 32;
  if (c >= 0x430 && c <= 0x44F) return c - 32;
  if (c >= 0x450 && c <= 0x45F) return c - 80;
  return c;
}

char32_t lower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c < 0xC0) return c;
  if (c <= 0xDE) return c == 0xD7 ? c : c + 32;  // À-Þ, not ×
  if (c == 0x178) return 0xFF;
  const bool odd = c & 1;
  if (((c >= 0x100 && c <= 0x12E) || (c >= 0x132 && c <= 0x136) || (c >= 0x14A && c <= 0x176)) && !odd) return c + 1;
  if (((c >= 0x139 && c <= 0x147) || (c >= 0x179 && c <= 0x17D)) && odd) return c + 1;
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  return c;
}

bool is_letter(char32_t c) { return upper(c) != c || lower(c) != c || c == 0xDF; }

// Windows-1252, the code page CHAR and CODE use in Excel for Windows, at 0x80-0x9F (elsewhere it
// is Latin-1). The five unassigned bytes stand for the control characters of the same number.
constexpr std::array<char32_t, 32> cp1252_high = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

// ---- Arguments, element by element

// A text result, or #VALUE! when it is longer than a cell can hold.
value text_result(std::string s) {
  if (s.size() > max_text_length && length(s) > max_text_length) return value::error(error_value::value);
  return value::text(std::move(s));
}

// A count or position argument: the number truncated toward zero.
or_error<double> whole_number(const value& v, bool date1904) {
  const auto x = to_number(v, date1904);
  if (!x) return x;
  return std::trunc(*x);
}

// A text function of single values: the arguments present (a missing one is blank), and the
// workbook's date system for reading text as a number.
using scalar_fn = value (*)(std::span<const value> args, bool date1904);

// Calls f once with the arguments' values, a range reduced to the cell in the formula's row or
// column. When an argument is an array (an array constant, or an expression computed as an
// array inside SUMPRODUCT), calls f element by element, as Excel does: a one-row or one-column
// array stretches, and positions outside a smaller array are #N/A.
template <scalar_fn f>
operand lifted(call_args& args) {
  const std::size_t n = args.size();
  const eval_context here{args.sheet(), args.cell(), false};
  std::vector<value> scalars(n);
  std::vector<std::optional<array>> arrays(n);
  std::uint32_t rows = 0, cols = 0;
  bool any_array = false;
  for (std::size_t i = 0; i < n; ++i) {
    operand o = args.get(i);
    if (auto* a = std::get_if<array>(&o)) {
      rows = std::max(rows, a->rows);
      cols = std::max(cols, a->cols);
      arrays[i] = std::move(*a);
      any_array = true;
    } else {
      scalars[i] = args.engine().to_scalar(o, here);
    }
  }
  if (!any_array) return f(scalars, args.date1904());
  if (rows == 0 || cols == 0) return err(error_value::calc);
  if (std::uint64_t(rows) * cols > args.engine().limits().max_array_cells) {
    args.engine().flag(eval_status::limit,
                       "an array of more than " + std::to_string(args.engine().limits().max_array_cells) + " cells");
    return err(error_value::calc);
  }
  array out;
  out.rows = rows;
  out.cols = cols;
  out.cells.reserve(std::size_t(rows) * cols);
  std::vector<value> element = scalars;
  for (std::uint32_t r = 0; r < rows; ++r)
    for (std::uint32_t c = 0; c < cols; ++c) {
      for (std::size_t i = 0; i < n; ++i) {
        if (!arrays[i]) continue;
        const array& a = *arrays[i];
        const std::uint32_t rr = a.rows == 1 ? 0 : r, cc = a.cols == 1 ? 0 : c;
        element[i] = rr < a.rows && cc < a.cols ? a.at(rr, cc) : value::error(error_value::na);
      }
      out.cells.push_back(f(element, args.date1904()));
    }
  return out;
}

// Calls visit with each value an argument holds: one value, an array's elements, or a range's
// stored cells (empty cells skipped unless with_blanks). Stops when visit returns false.
template <class F>
void visit_values(call_args& args, std::size_t i, bool with_blanks, F visit) {
  operand o = args.get(i);
  if (const auto* v = std::get_if<value>(&o)) {
    visit(*v);
    return;
  }
  if (const auto* r = std::get_if<range_ref>(&o); r && !with_blanks) {
    evaluator& ev = args.engine();
    ev.cells().sheet(r->sheet).for_each_in(
        r->area, [&](const xlsx::stored_cell& c) { return visit(ev.cell_value(r->sheet, c.pos)); });
    return;
  }
  const array a = args.engine().to_array(o);
  for (const auto& v : a.cells)
    if (!visit(v)) return;
}

// ---- Length and parts

value len(std::span<const value> a, bool) {
  const auto s = to_text(a[0]);
  if (!s) return value::error(s.error());
  return value::number(double(length(*s)));
}

// LEFT and RIGHT: num_chars is 1 when absent, 0 when left empty (LEFT(A1,) is "").
value left_or_right(std::span<const value> a, bool date1904, bool from_left) {
  const auto s = to_text(a[0]);
  if (!s) return value::error(s.error());
  double count = 1;
  if (a.size() > 1) {
    const auto x = whole_number(a[1], date1904);
    if (!x) return value::error(x.error());
    count = *x;
  }
  if (count < 0) return value::error(error_value::value);
  const std::u32string chars = decode(*s);
  const std::size_t keep = count >= double(chars.size()) ? chars.size() : std::size_t(count);
  return value::text(encode(from_left ? std::u32string_view(chars).substr(0, keep)
                                      : std::u32string_view(chars).substr(chars.size() - keep)));
}

value left(std::span<const value> a, bool date1904) { return left_or_right(a, date1904, true); }
value right(std::span<const value> a, bool date1904) { return left_or_right(a, date1904, false); }

// MID: start_num below 1 or num_chars below 0 is #VALUE!; a start past the end is "".
value mid(std::span<const value> a, bool date1904) {
  const auto s = to_text(a[0]);
  if (!s) return value::error(s.error());
  const auto start = whole_number(a[1], date1904);
  if (!start) return value::error(start.error());
  const auto count = whole_number(a[2], date1904);
  if (!count) return value::error(count.error());
  if (*start < 1 || *count < 0) return value::error(error_value::value);
  const std::u32string chars = decode(*s);
  if (*start > double(chars.size())) return value::text("");
  const std::size_t from = std::size_t(*start) - 1;
  const std::size_t rest = chars.size() - from;
  const std::size_t keep = *count >= double(rest) ? rest : std::size_t(*count);
  return value::text(encode(std::u32string_view(chars).substr(from, keep)));
}

// ---- Changing text

// TRIM removes spaces (U+0020 only; not the no-break space U+00A0) from both ends and shortens
// every run of them inside to one.
value trim(std::span<const value> a, bool) {
  const auto s = to_text(a[0]);
  if (!s) return value::error(s.error());
  std::string out;
  out.reserve(s->size());
  bool pending_space = false;
  for (char c : *s) {
    if (c == ' ') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return value::text(std::move(out));
}

template <char32_t (*map)(char32_t)>
value change_case(std::span<const value> a, bool) {
  const auto s = to_text(a[0]);
  if (!s) return value::error(s.error());
  std::u32string chars = decode(*s);
  for (auto& c : chars) c = map(c);
  return value::text(encode(chars));
}

// PROPER capitalises every letter that follows anything but a letter, digits included
// ("2nd" becomes "2Nd", as in Excel), and puts every other letter in lower case.
value proper(std::span<const value> a, bool) {
  const auto s = to_text(a[0]);
  if (!s) return value::error(s.error());
  std::u32string chars = decode(*s);
  bool after_letter = false;
  for (auto& c : chars) {
    const bool letter = is_letter(c);
    if (letter) c = after_letter ? lower(c) : upper(c);
    after_letter = letter;
  }
  return value::text(encode(chars));
}

// CLEAN removes the control characters 0-31, and no others (not 127, nor 128-159).
value clean(std::span<const value> a, bool) {
  const auto s = to_text(a[0]);
  if (!s) return value::error(s.error());
  std::string out;
  for (char c : *s)
    if (static_cast<unsigned char>(c) >= 0x20) out.push_back(c);
  return value::text(std::move(out));
}

value rept(std::span<const value> a, bool date1904) {
  const auto s = to_text(a[0]);
  if (!s) return value::error(s.error());
  const auto times = whole_number(a[1], date1904);
  if (!times) return value::error(times.error());
  if (*times < 0) return value::error(error_value::value);
  if (s->empty() || *times == 0) return value::text("");
  if (*times * double(length(*s)) > double(max_text_length)) return value::error(error_value::value);
  std::string out;
  for (std::size_t k = 0; k < std::size_t(*times); ++k) out += *s;
  return value::text(std::move(out));
}

// SUBSTITUTE(text, old_text, new_text, [instance_num]): every occurrence of old_text, or only
// the instance_num-th (counted without overlaps); case counts. An empty old_text changes nothing.
value substitute(std::span<const value> a, bool date1904) {
  const auto s = to_text(a[0]);
  if (!s) return value::error(s.error());
  const auto old_text = to_text(a[1]);
  if (!old_text) return value::error(old_text.error());
  const auto new_text = to_text(a[2]);
  if (!new_text) return value::error(new_text.error());
  double instance = 0;  // 0: all
  if (a.size() > 3) {
    const auto x = whole_number(a[3], date1904);
    if (!x) return value::error(x.error());
    if (*x < 1) return value::error(error_value::value);
    instance = *x;
  }
  if (old_text->empty()) return value::text(*s);
  // Whole UTF-8 sequences only ever match whole sequences, so a byte search is a character search.
  std::string out;
  std::size_t from = 0;
  double seen = 0;
  for (;;) {
    const std::size_t at = s->find(*old_text, from);
    if (at == std::string::npos) break;
    ++seen;
    out.append(*s, from, at - from);
    out += instance == 0 || seen == instance ? *new_text : *old_text;
    from = at + old_text->size();
    if (seen == instance) break;
  }
  out.append(*s, from, std::string::npos);
  return text_result(std::move(out));
}

// REPLACE(old_text, start_num, num_chars, new_text): num_chars characters from start_num
// replaced; start_num below 1 or num_chars below 0 is #VALUE!.
value replace(std::span<const value> a, bool date1904) {
  const auto s = to_text(a[0]);
  if (!s) return value::error(s.error());
  const auto start = whole_number(a[1], date1904);
  if (!start) return value::error(start.error());
  const auto count = whole_number(a[2], date1904);
  if (!count) return value::error(count.error());
  const auto new_text = to_text(a[3]);
  if (!new_text) return value::error(new_text.error());
  if (*start < 1 || *count < 0) return value::error(error_value::value);
  const std::u32string chars = decode(*s);
  const std::size_t from = *start - 1 >= double(chars.size()) ? chars.size() : std::size_t(*start) - 1;
  const std::size_t rest = chars.size() - from;
  const std::size_t removed = *count >= double(rest) ? rest : std::size_t(*count);
  std::string out = encode(std::u32string_view(chars).substr(0, from));
  out += *new_text;
  out += encode(std::u32string_view(chars).substr(from + removed));
  return text_result(std::move(out));
}

// ---- Finding text

// A SEARCH pattern, one entry per character: '?' any one character, '*' any run (possibly
// empty), '~' before either (or before '~') makes it plain.
struct pattern_char {
  enum class kind : std::uint8_t { plain, any_one, any_run } k;
  char32_t c;
};

std::vector<pattern_char> compile_pattern(const std::u32string& p) {
  std::vector<pattern_char> out;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char32_t c = p[i];
    if (c == U'~' && i + 1 < p.size() && (p[i + 1] == U'*' || p[i + 1] == U'?' || p[i + 1] == U'~')) {
      out.push_back({pattern_char::kind::plain, lower(p[++i])});
    } else if (c == U'?') {
      out.push_back({pattern_char::kind::any_one, 0});
    } else if (c == U'*') {
      out.push_back({pattern_char::kind::any_run, 0});
    } else {
      out.push_back({pattern_char::kind::plain, lower(c)});
    }
  }
  return out;
}

// Whether the pattern matches text from position `at` on (the rest of the text may follow):
// greedy matching that backs up to the last '*' on a mismatch.
bool matches_at(const std::vector<pattern_char>& pat, const std::u32string& text, std::size_t at) {
  std::size_t k = 0, t = at;
  std::size_t star = std::string::npos, resume = 0;
  while (k < pat.size()) {
    if (pat[k].k == pattern_char::kind::any_run) {
      star = k++;
      resume = t;
      continue;
    }
    if (t < text.size() && (pat[k].k == pattern_char::kind::any_one || pat[k].c == text[t])) {
      ++k;
      ++t;
      continue;
    }
    if (star == std::string::npos || resume >= text.size()) return false;
    k = star + 1;
    t = ++resume;
  }
  return true;
}

// FIND and SEARCH: the position of the first match at or after start_num, which must lie
// between 1 and the length of within_text (Microsoft's reference); #VALUE! when nothing matches.
value find_or_search(std::span<const value> a, bool date1904, bool search) {
  const auto needle = to_text(a[0]);
  if (!needle) return value::error(needle.error());
  const auto haystack = to_text(a[1]);
  if (!haystack) return value::error(haystack.error());
  double start = 1;
  if (a.size() > 2) {
    const auto x = whole_number(a[2], date1904);
    if (!x) return value::error(x.error());
    start = *x;
  }
  std::u32string within = decode(*haystack);
  if (start < 1 || start > double(within.size())) return value::error(error_value::value);
  const std::size_t from = std::size_t(start) - 1;
  if (needle->empty()) return value::number(start);
  if (!search) {
    const std::size_t at = within.find(decode(*needle), from);
    if (at == std::u32string::npos) return value::error(error_value::value);
    return value::number(double(at + 1));
  }
  for (auto& c : within) c = lower(c);
  const auto pat = compile_pattern(decode(*needle));
  for (std::size_t at = from; at < within.size(); ++at)
    if (matches_at(pat, within, at)) return value::number(double(at + 1));
  return value::error(error_value::value);
}

value find(std::span<const value> a, bool date1904) { return find_or_search(a, date1904, false); }
value search(std::span<const value> a, bool date1904) { return find_or_search(a, date1904, true); }

value exact(std::span<const value> a, bool) {
  const auto x = to_text(a[0]);
  if (!x) return value::error(x.error());
  const auto y = to_text(a[1]);
  if (!y) return value::error(y.error());
  return value::boolean(*x == *y);
}

// ---- Characters by number

value char_(std::span<const value> a, bool date1904) {
  const auto x = whole_number(a[0], date1904);
  if (!x) return value::error(x.error());
  if (*x < 1 || *x > 255) return value::error(error_value::value);
  const auto code = int(*x);
  std::string out;
  xlsx::detail::append_utf8(out, code >= 0x80 && code < 0xA0 ? cp1252_high[code - 0x80] : char32_t(code));
  return value::text(std::move(out));
}

// CODE: the Windows-1252 number of the first character; one the code page lacks is 63, the
// number of the "?" Windows puts in its place (unsure).
value code(std::span<const value> a, bool) {
  const auto s = to_text(a[0]);
  if (!s) return value::error(s.error());
  if (s->empty()) return value::error(error_value::value);
  const char32_t c = decode(*s).front();
  if (c < 0x80 || (c >= 0xA0 && c <= 0xFF)) return value::number(double(c));
  for (std::size_t k = 0; k < cp1252_high.size(); ++k)
    if (cp1252_high[k] == c) return value::number(double(0x80 + k));
  return value::number(63);
}

// ---- Joining text

value concatenate(std::span<const value> a, bool) {
  std::string out;
  for (const auto& v : a) {
    const auto s = to_text(v);
    if (!s) return value::error(s.error());
    out += *s;
    if (out.size() > 4 * max_text_length) break;  // surely too long: text_result refuses it
  }
  return text_result(std::move(out));
}

// CONCAT takes ranges and arrays: every value in row order, empty cells as "".
operand concat(call_args& args) {
  std::string out;
  std::optional<error_value> failure;
  for (std::size_t i = 0; i < args.size() && !failure; ++i) {
    visit_values(args, i, false, [&](const value& v) {
      const auto s = to_text(v);
      if (!s) {
        failure = s.error();
        return false;
      }
      out += *s;
      if (out.size() > 4 * max_text_length) failure = error_value::value;
      return !failure;
    });
  }
  if (failure) return err(*failure);
  return text_result(std::move(out));
}

// TEXTJOIN(delimiter, ignore_empty, text1, ...): the texts with the delimiters between them; a
// range or array of delimiters is used in turn. With ignore_empty TRUE, empty cells and ""
// are left out; with FALSE each adds an empty item.
operand textjoin(call_args& args) {
  std::vector<std::string> delimiters;
  std::optional<error_value> failure;
  visit_values(args, 0, true, [&](const value& v) {
    const auto s = to_text(v);
    if (!s) failure = s.error();
    else delimiters.push_back(*s);
    return !failure;
  });
  if (failure) return err(*failure);
  const auto ignore_empty = boolean_arg(args, 1, false);
  if (!ignore_empty) return err(ignore_empty.error());
  std::string out;
  std::size_t items = 0;
  for (std::size_t i = 2; i < args.size() && !failure; ++i) {
    visit_values(args, i, !*ignore_empty, [&](const value& v) {
      const auto s = to_text(v);
      if (!s) {
        failure = s.error();
        return false;
      }
      if (*ignore_empty && s->empty()) return true;
      if (items > 0 && !delimiters.empty()) out += delimiters[(items - 1) % delimiters.size()];
      out += *s;
      ++items;
      if (out.size() > 4 * max_text_length) failure = error_value::value;
      return !failure;
    });
  }
  if (failure) return err(*failure);
  return text_result(std::move(out));
}

// ---- Text and numbers

// VALUE reads text as a number the way arithmetic does (value.cpp: "1,000", "10%", "£5",
// "31/03/2015", "12:30"); a number is itself, an empty cell 0, TRUE and FALSE #VALUE!.
value value_(std::span<const value> a, bool date1904) {
  const value& v = a[0];
  if (v.is_boolean()) return value::error(error_value::value);
  const auto x = to_number(v, date1904);
  if (!x) return value::error(x.error());
  return value::number(*x);
}

// ---- TEXT: a number shown with a number format
//
// Supported: digit placeholders 0 # ?, the decimal point, thousands separators and scaling
// commas ("#,##0,," shows millions), %, quoted text, \x, _x, *x, literal $ - + / ( ) : ! ^ & '
// ~ { } < > = space and any non-ASCII character (£ €), [Red] and the other colour names,
// [$£-809] currency tags, up to four sections (positive;negative;zero;text), @, General, and the
// date and time codes y yy yyyy m mm mmm mmmm mmmmm d dd ddd dddd h hh m mm s ss AM/PM A/P.
// Not supported, and #VALUE! here where Excel shows a value: scientific notation (0.00E+00),
// fractions (# ?/?), conditions ([>=1000]), elapsed time ([h]:mm), fractions of a second
// (ss.00), era and calendar codes (e, g, b), and letters that are no code.

namespace fmt {

enum class kind : std::uint8_t {
  literal,
  digit,
  point,
  comma,
  percent,
  at,
  general,
  year,
  month,
  minute,
  day,
  hour,
  second,
  ampm
};

struct token {
  kind k;
  std::string text;      // literal: its text; ampm: as written ("AM/PM", "am/pm", "A/P")
  char placeholder = 0;  // digit: '0', '#' or '?'
  int width = 0;         // date and time codes: how many letters
};

bool is_date_kind(kind k) { return k >= kind::year; }

char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? char(c + 32) : c; }

bool starts_with_nocase(std::string_view s, std::size_t at, std::string_view word) {
  if (s.size() - at < word.size()) return false;
  for (std::size_t k = 0; k < word.size(); ++k)
    if (lower_ascii(s[at + k]) != lower_ascii(word[k])) return false;
  return true;
}

// The byte length of the UTF-8 character starting at s[at].
std::size_t char_length(std::string_view s, std::size_t at) {
  std::size_t n = 1;
  while (at + n < s.size() && (static_cast<unsigned char>(s[at + n]) & 0xC0) == 0x80) ++n;
  return n;
}

// The sections of a format code, split at unquoted semicolons.
std::vector<std::string_view> sections(std::string_view code) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '"') quoted = !quoted;
    else if (!quoted && c == '\\') ++i;
    else if (!quoted && c == ';') {
      out.push_back(code.substr(start, i - start));
      start = i + 1;
    }
  }
  out.push_back(code.substr(start));
  return out;
}

constexpr std::string_view colours[] = {"black", "blue", "cyan", "green", "magenta", "red", "white", "yellow"};

// A section's tokens, or nothing for a code not supported.
std::optional<std::vector<token>> tokenize(std::string_view s) {
  std::vector<token> out;
  auto literal = [&](std::string text) { out.push_back({kind::literal, std::move(text)}); };
  auto run_of = [&](std::size_t& i, char letter) {
    int n = 0;
    while (i < s.size() && lower_ascii(s[i]) == letter) {
      ++i;
      ++n;
    }
    return n;
  };
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    const char lc = lower_ascii(c);
    if (c == '"') {
      const std::size_t close = s.find('"', i + 1);
      if (close == std::string_view::npos) return std::nullopt;
      literal(std::string(s.substr(i + 1, close - i - 1)));
      i = close + 1;
    } else if (c == '\\' || c == '_' || c == '*') {
      if (i + 1 >= s.size()) return std::nullopt;
      const std::size_t n = char_length(s, i + 1);
      if (c == '\\') literal(std::string(s.substr(i + 1, n)));
      if (c == '_') literal(" ");  // the width of the next character, as a space
      // '*' repeats the next character to fill the cell: TEXT has no cell, so nothing.
      i += 1 + n;
    } else if (c == '[') {
      const std::size_t close = s.find(']', i);
      if (close == std::string_view::npos) return std::nullopt;
      const std::string_view inside = s.substr(i + 1, close - i - 1);
      if (!inside.empty() && inside.front() == '$') {
        // [$£-809]: the currency text before the locale number.
        literal(std::string(inside.substr(
            1, inside.find('-') == std::string_view::npos ? std::string_view::npos : inside.find('-') - 1)));
      } else {
        const bool colour = std::any_of(std::begin(colours), std::end(colours),
                                        [&](std::string_view name) {
                                          return inside.size() == name.size() && starts_with_nocase(inside, 0, name);
                                        }) ||
                            (inside.size() > 5 && starts_with_nocase(inside, 0, "color"));
        if (!colour) return std::nullopt;  // a condition, or elapsed time
      }
      i = close + 1;
    } else if (c == '0' || c == '#' || c == '?') {
      out.push_back({kind::digit, {}, c});
      ++i;
    } else if (c == '.') {
      out.push_back({kind::point, "."});
      ++i;
    } else if (c == ',') {
      out.push_back({kind::comma, ","});
      ++i;
    } else if (c == '%') {
      out.push_back({kind::percent, "%"});
      ++i;
    } else if (c == '@') {
      out.push_back({kind::at, {}});
      ++i;
    } else if (lc == 'y' || lc == 'm' || lc == 'd' || lc == 'h' || lc == 's') {
      const kind k = lc == 'y'   ? kind::year
                     : lc == 'm' ? kind::month
                     : lc == 'd' ? kind::day
                     : lc == 'h' ? kind::hour
                                 : kind::second;
      out.push_back({k, {}, 0, run_of(i, lc)});
    } else if (starts_with_nocase(s, i, "am/pm")) {
      out.push_back({kind::ampm, std::string(s.substr(i, 5))});
      i += 5;
    } else if (starts_with_nocase(s, i, "a/p")) {
      out.push_back({kind::ampm, std::string(s.substr(i, 3))});
      i += 3;
    } else if (starts_with_nocase(s, i, "general")) {
      out.push_back({kind::general, {}});
      i += 7;
    } else if (std::string_view("$-+/():!^&'~{}<>= ").find(c) != std::string_view::npos ||
               static_cast<unsigned char>(c) >= 0x80) {
      const std::size_t n = char_length(s, i);
      literal(std::string(s.substr(i, n)));
      i += n;
    } else {
      return std::nullopt;  // E+ (scientific), e g b (eras), or a letter that is no code
    }
  }
  // An m right after an hour, or right before a second, is minutes (literals between count for
  // nothing): "hh:mm", "mm:ss".
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i].k != kind::month) continue;
    std::size_t before = i, after = i + 1;
    while (before > 0 && !is_date_kind(out[before - 1].k)) --before;
    while (after < out.size() && !is_date_kind(out[after].k)) ++after;
    if ((before > 0 && out[before - 1].k == kind::hour) || (after < out.size() && out[after].k == kind::second))
      out[i].k = kind::minute;
  }
  return out;
}

// |x| with exactly `decimals` digits after the point, rounded half away from zero from its 15
// significant digits, as Excel rounds what it shows (2.675 shows as 2.68 with "0.00"): the
// whole part's digits ("" for 0) and the fraction's.
std::pair<std::string, std::string> fixed_digits(double x, int decimals) {
  x = std::fabs(x);
  if (x == 0) return {"", std::string(std::size_t(decimals), '0')};
  char buf[40];
  const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific, 14);
  std::string digits;
  const char* p = buf;
  for (; *p != 'e'; ++p)
    if (*p != '.') digits.push_back(*p);
  int exponent = 0;
  std::from_chars(p[1] == '+' ? p + 2 : p + 1, r.ptr, exponent);
  // all: the whole part's `lead` digits, then the fraction's.
  std::string all;
  std::size_t lead;
  if (exponent < 0) {
    all = std::string(std::size_t(-exponent - 1), '0') + digits;
    lead = 0;
  } else {
    all = digits;
    lead = std::size_t(exponent) + 1;
    if (all.size() < lead) all.append(lead - all.size(), '0');
  }
  const std::size_t keep = lead + std::size_t(decimals);
  if (all.size() > keep) {
    const bool up = all[keep] >= '5';
    all.resize(keep);
    if (up) {
      std::size_t k = keep;
      while (k > 0 && all[k - 1] == '9') all[--k] = '0';
      if (k > 0) {
        ++all[k - 1];
      } else {
        all.insert(all.begin(), '1');
        ++lead;
      }
    }
  } else {
    all.append(keep - all.size(), '0');
  }
  std::string whole = all.substr(0, lead);
  whole.erase(0, std::min(whole.find_first_not_of('0'), whole.size()));
  return {whole, all.substr(lead)};
}

// The General format as TEXT applies it: at most 11 characters, so 1/3 is "0.333333333"; in
// scientific form with 6 significant digits from 1E+11 on ("1.23457E+11"), and for a small
// number when that shows more digits than the fixed form would (unsure of Excel's exact rule
// for small numbers).
std::string general(double x) {
  if (std::fabs(x) < DBL_MIN) return "0";  // subnormal numbers show as 0, as format_number writes them
  const std::string sign = x < 0 ? "-" : "";
  const double a = std::fabs(x);
  const auto exponent = int(std::floor(std::log10(a)));
  auto scientific = [&] {
    // Mantissa to 6 significant digits (5 with a three-digit exponent), trailing zeros dropped.
    const int decimals = std::abs(exponent) >= 100 ? 4 : 5;
    double m = a / std::pow(10.0, exponent);
    int e = exponent;
    auto [w, f] = fixed_digits(m, decimals);
    if (w.size() > 1) {  // 9.999995 rounded up to 10
      ++e;
      m = a / std::pow(10.0, e);
      std::tie(w, f) = fixed_digits(m, decimals);
    }
    while (!f.empty() && f.back() == '0') f.pop_back();
    std::string out = sign + w + (f.empty() ? "" : "." + f) + (e < 0 ? "E-" : "E+");
    if (std::abs(e) < 10) out += '0';
    return out + std::to_string(std::abs(e));
  };
  if (exponent >= 11) return scientific();
  const int decimals = exponent >= 0 ? std::max(0, 9 - exponent) : 9;
  auto [w, f] = fixed_digits(a, decimals);
  while (!f.empty() && f.back() == '0') f.pop_back();
  if (w.size() > 11) return scientific();
  const std::string fixed = sign + (w.empty() ? "0" : w) + (f.empty() ? "" : "." + f);
  if (exponent < 0) {
    // Significant digits each form shows; the fixed one wins a tie.
    const std::size_t fixed_digits_shown = f.size() - std::min(f.find_first_not_of('0'), f.size());
    std::string sci = scientific();
    const std::size_t mantissa_end = sci.find('E');
    std::size_t sci_digits = 0;
    for (std::size_t k = 0; k < mantissa_end; ++k) sci_digits += sci[k] >= '0' && sci[k] <= '9';
    if (fixed_digits_shown == 0 || sci_digits > fixed_digits_shown) return sci;
  }
  return fixed;
}

// A section without date codes applied to |x| (the caller adds any minus sign).
std::optional<std::string> number_section(const std::vector<token>& toks, double x) {
  std::size_t first_point = toks.size();
  for (std::size_t i = 0; i < toks.size(); ++i)
    if (toks[i].k == kind::point) {
      first_point = i;
      break;
    }
  std::size_t whole_places = 0, fraction_places = 0;
  std::ptrdiff_t last_digit = -1, first_digit = -1;
  for (std::size_t i = 0; i < toks.size(); ++i) {
    if (toks[i].k == kind::at) return std::nullopt;
    if (toks[i].k == kind::literal && toks[i].text == "/") return std::nullopt;  // a fraction
    if (toks[i].k != kind::digit) continue;
    ++(i < first_point ? whole_places : fraction_places);
    last_digit = std::ptrdiff_t(i);
    if (first_digit < 0) first_digit = std::ptrdiff_t(i);
  }
  // Commas between whole-part placeholders group thousands; commas after the last placeholder
  // divide by 1000 each; any other comma is shown as it is.
  bool grouping = false;
  std::vector<bool> comma_shown(toks.size(), false);
  for (std::size_t i = 0; i < toks.size(); ++i) {
    if (toks[i].k != kind::comma) continue;
    if (first_digit >= 0 && std::ptrdiff_t(i) > last_digit) x /= 1000;
    else if (first_digit >= 0 && std::ptrdiff_t(i) > first_digit && i < first_point) grouping = true;
    else comma_shown[i] = true;
  }
  for (const auto& t : toks)
    if (t.k == kind::percent) x *= 100;
  if (!std::isfinite(x)) return std::nullopt;  // 1E+308 as a percentage

  const auto [whole, fraction] = fixed_digits(x, int(fraction_places));
  const std::size_t shown_whole = whole.size();
  std::string out;
  // Whole part: digits fill the placeholders from the right; digits beyond them go to the first.
  std::size_t whole_seen = 0;
  auto put_digit = [&](char d, std::size_t from_right) {
    out.push_back(d);
    if (grouping && from_right > 0 && from_right % 3 == 0) out.push_back(',');
  };
  // Fraction part: trailing zeros under # and ? placeholders are dropped (? shows a space).
  std::vector<char> fraction_marks;
  for (std::size_t i = first_point; i < toks.size(); ++i)
    if (toks[i].k == kind::digit) fraction_marks.push_back(toks[i].placeholder);
  std::size_t fraction_end = fraction_places;
  while (fraction_end > 0 && fraction_marks[fraction_end - 1] != '0' && fraction[fraction_end - 1] == '0')
    --fraction_end;
  std::size_t fraction_seen = 0;
  for (std::size_t i = 0; i < toks.size(); ++i) {
    const token& t = toks[i];
    switch (t.k) {
      case kind::literal: out += t.text; break;
      case kind::percent: out += '%'; break;
      case kind::comma:
        if (comma_shown[i]) out += ',';
        break;
      case kind::general: out += general(x); break;
      case kind::point:
        if (i == first_point && whole_places == 0) out += whole;  // ".00" still shows whole digits
        out += '.';
        break;
      case kind::digit:
        if (i < first_point) {
          const std::size_t from_right = whole_places - 1 - whole_seen;  // this placeholder's place
          if (whole_seen == 0)
            for (std::size_t k = 0; k + whole_places < shown_whole; ++k) put_digit(whole[k], shown_whole - 1 - k);
          if (from_right < shown_whole) put_digit(whole[shown_whole - 1 - from_right], from_right);
          else if (t.placeholder == '0') put_digit('0', from_right);
          else if (t.placeholder == '?') out.push_back(' ');
          ++whole_seen;
        } else {
          if (fraction_seen < fraction_end) out.push_back(fraction[fraction_seen]);
          else if (t.placeholder == '?') out.push_back(' ');
          ++fraction_seen;
        }
        break;
      default: return std::nullopt;  // date codes are handled by date_section
    }
  }
  return out;
}

constexpr std::string_view month_names[] = {"January", "February", "March",     "April",   "May",      "June",
                                            "July",    "August",   "September", "October", "November", "December"};
constexpr std::string_view day_names[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

struct civil {
  int year, month, day;
};

// The calendar date of a day count from 1 January of year 1 (day 0).
civil civil_from_days(long n) {
  // Shifted to start on 1 March of year 0, so that the leap day ends a year.
  n += 306;
  const long era = n / 146097;
  const long doe = n - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const int d = int(doy - (153 * mp + 2) / 5 + 1);
  const int m = int(mp < 10 ? mp + 3 : mp - 9);
  const long y = era * 400 + yoe + (m <= 2 ? 1 : 0);
  return {int(y), m, d};
}

// Days from 1 January of year 1 to the given date.
long days_from_civil(int y, int m, int d) {
  static constexpr int before[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  const long py = y - 1;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return py * 365 + py / 4 - py / 100 + py / 400 + before[m - 1] + (m > 2 && leap ? 1 : 0) + d - 1;
}

// A date or time section applied to a serial (not negative).
std::optional<std::string> date_section(const std::vector<token>& toks, double serial, bool date1904) {
  for (const auto& t : toks)
    if (t.k == kind::digit || t.k == kind::general || t.k == kind::at) return std::nullopt;
  if (serial >= 2958466) return std::nullopt;  // past 9999-12-31 in either date system
  // Times are shown rounded to the second; 23:59:59.6 is the next day's 00:00:00.
  double day_part = std::floor(serial);
  auto seconds = long(std::llround((serial - day_part) * 86400.0));
  if (seconds >= 86400) {
    seconds -= 86400;
    day_part += 1;
  }
  const auto day = long(day_part);
  if (day > (date1904 ? 2957003L : 2958465L)) return std::nullopt;  // past 9999-12-31
  civil date{};
  int weekday = 0;  // 0 Sunday
  if (date1904) {
    date = civil_from_days(days_from_civil(1904, 1, 1) + day);
    weekday = int((day + 5) % 7);
  } else {
    // Serial 0 is "0 January 1900" and 60 the 29 February 1900 Excel keeps from Lotus 1-2-3;
    // Excel's weekdays count serial 1 as a Sunday.
    if (day == 0) date = {1900, 1, 0};
    else if (day == 60) date = {1900, 2, 29};
    else date = civil_from_days(days_from_civil(1899, 12, 31) + day - (day > 60 ? 1 : 0));
    weekday = int((day + 6) % 7);
  }
  const bool twelve_hour = std::any_of(toks.begin(), toks.end(), [](const token& t) { return t.k == kind::ampm; });
  const int hour = int(seconds / 3600), minute = int(seconds / 60 % 60), second = int(seconds % 60);
  auto two = [](int v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  auto number = [&](int v, int width) { return width >= 2 ? two(v) : std::to_string(v); };
  std::string out;
  for (const auto& t : toks) {
    switch (t.k) {
      case kind::literal: out += t.text; break;
      case kind::point: out += '.'; break;
      case kind::comma: out += ','; break;
      case kind::percent: out += '%'; break;
      case kind::year: out += t.width <= 2 ? two(date.year % 100) : std::to_string(date.year); break;
      case kind::month:
        if (t.width <= 2) out += number(date.month, t.width);
        else if (t.width == 3) out += month_names[date.month - 1].substr(0, 3);
        else if (t.width == 5) out += month_names[date.month - 1].substr(0, 1);
        else out += month_names[date.month - 1];
        break;
      case kind::day:
        if (t.width <= 2) out += number(date.day, t.width);
        else if (t.width == 3) out += day_names[weekday].substr(0, 3);
        else out += day_names[weekday];
        break;
      case kind::hour: {
        int h = hour;
        if (twelve_hour) h = hour % 12 == 0 ? 12 : hour % 12;
        out += number(h, t.width);
        break;
      }
      case kind::minute: out += number(minute, t.width); break;
      case kind::second: out += number(second, t.width); break;
      case kind::ampm: {
        const bool pm = hour >= 12;
        if (t.text.size() == 3) out += pm ? t.text.substr(2, 1) : t.text.substr(0, 1);  // A/P
        else out += pm ? t.text.substr(3, 2) : t.text.substr(0, 2);                     // AM/PM
        break;
      }
      default: return std::nullopt;
    }
  }
  return out;
}

bool has_date_codes(const std::vector<token>& toks) {
  return std::any_of(toks.begin(), toks.end(), [](const token& t) { return is_date_kind(t.k); });
}

// A text section: each @ is the text.
std::optional<std::string> text_section(const std::vector<token>& toks, const std::string& text) {
  std::string out;
  for (const auto& t : toks) {
    if (t.k == kind::literal) out += t.text;
    else if (t.k == kind::at) out += text;
    else return std::nullopt;
  }
  return out;
}

or_error<std::string> format(const value& v, std::string_view code, bool date1904) {
  const auto fail = [] { return util::unexpected<error_value>{error_value::value}; };
  if (v.is_error()) return util::unexpected<error_value>{v.as_error()};
  // Numeric text is formatted as its number; an empty cell as 0; TRUE and FALSE as text.
  std::optional<double> x;
  std::string text;
  if (v.is_number()) x = v.as_number();
  else if (v.is_blank()) x = 0.0;
  else if (v.is_boolean()) text = v.as_boolean() ? "TRUE" : "FALSE";
  else if (const auto n = to_number(v, date1904)) x = *n;
  else text = v.as_text();

  const auto parts = sections(code);
  if (parts.size() > 4) return fail();
  if (!x) {
    std::string_view part;
    if (parts.size() == 4) part = parts[3];
    else if (parts.size() == 1 && parts[0].find('@') != std::string_view::npos) part = parts[0];
    else return text;  // no text section: the text as it is
    const auto toks = tokenize(part);
    if (!toks) return fail();
    const auto out = text_section(*toks, text);
    if (!out) return fail();
    return *out;
  }
  // positive;negative;zero — a negative number in a later section loses its sign.
  std::string_view part = parts[0];
  bool minus = false;
  if (*x < 0 && parts.size() >= 2) part = parts[1];
  else if (*x < 0) minus = true;
  else if (*x == 0 && parts.size() >= 3) part = parts[2];
  const auto toks = tokenize(part);
  if (!toks) return fail();
  if (has_date_codes(*toks)) {
    if (*x < 0) return fail();  // Excel shows ##### for a negative date
    const auto out = date_section(*toks, *x, date1904);
    if (!out) return fail();
    return *out;
  }
  if (toks->size() == 1 && (*toks)[0].k == kind::at) return format_number(*x);  // "@": unsure
  const auto out = number_section(*toks, std::fabs(*x));
  if (!out) return fail();
  // A single section shows a minus even where the number rounds to 0: -0.001 is "-0.00" (unsure).
  return minus ? "-" + *out : *out;
}

}  // namespace fmt

value text(std::span<const value> a, bool date1904) {
  if (a[0].is_error()) return a[0];
  const auto code = to_text(a[1]);
  if (!code) return value::error(code.error());
  const auto out = fmt::format(a[0], *code, date1904);
  if (!out) return value::error(out.error());
  return text_result(*out);
}

}  // namespace

std::span<const function_info> text_functions() {
  static const function_info table[] = {
      {"CHAR", 1, 1, lifted<char_>},
      {"CLEAN", 1, 1, lifted<clean>},
      {"CODE", 1, 1, lifted<code>},
      {"CONCAT", 1, 254, concat, true},
      {"CONCATENATE", 1, 255, lifted<concatenate>},
      {"EXACT", 2, 2, lifted<exact>},
      {"FIND", 2, 3, lifted<find>},
      {"LEFT", 1, 2, lifted<left>},
      {"LEN", 1, 1, lifted<len>},
      {"LOWER", 1, 1, lifted<change_case<lower>>},
      {"MID", 3, 3, lifted<mid>},
      {"PROPER", 1, 1, lifted<proper>},
      {"REPLACE", 4, 4, lifted<replace>},
      {"REPT", 2, 2, lifted<rept>},
      {"RIGHT", 1, 2, lifted<right>},
      {"SEARCH", 2, 3, lifted<search>},
      {"SUBSTITUTE", 3, 4, lifted<substitute>},
      {"TEXT", 2, 2, lifted<text>},
      {"TEXTJOIN", 3, 254, textjoin, true},
      {"TRIM", 1, 1, lifted<trim>},
      {"UPPER", 1, 1, lifted<change_case<upper>>},
      {"VALUE", 1, 1, lifted<value_>},
  };
  return table;
}

}  // namespace returncheck::formula::functions
