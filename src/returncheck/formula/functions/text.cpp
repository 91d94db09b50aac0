// Text functions (docs/formulas.md lists them with their known differences from Excel).
//
// Strings are UTF-8; positions and lengths count characters (code points). Excel counts UTF-16
// units, so a character beyond U+FFFF (an emoji) is 2 in Excel and 1 here.
#include "returncheck/xlsx/detail/text.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "returncheck/formula/functions/registry.hpp"
#include "returncheck/xlsx/number_format.hpp"

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

// ---- TEXT: a value shown with a number format
//
// The format code is rendered by xlsx/number_format, as a cell would show the value; TEXT only
// decides what is a number: numeric text ("3", "31/03/2015") is formatted as its number, an
// empty cell as 0, TRUE and FALSE as text. A code that cannot be read or a value it cannot show
// (a negative date) gives #VALUE!.

or_error<std::string> format_value(const value& v, std::string_view code, bool date1904) {
  const auto fail = [] { return util::unexpected<error_value>{error_value::value}; };
  if (v.is_error()) return util::unexpected<error_value>{v.as_error()};
  std::optional<double> x;
  std::string text;
  if (v.is_number()) x = v.as_number();
  else if (v.is_blank()) x = 0.0;
  else if (v.is_boolean()) text = v.as_boolean() ? "TRUE" : "FALSE";
  else if (const auto n = to_number(v, date1904)) x = *n;
  else text = v.as_text();
  auto out = x ? xlsx::format_number(*x, code, date1904) : xlsx::format_text(text, code);
  if (!out) return fail();
  return std::move(*out);
}

value text(std::span<const value> a, bool date1904) {
  if (a[0].is_error()) return a[0];
  const auto code = to_text(a[1]);
  if (!code) return value::error(code.error());
  const auto out = format_value(a[0], *code, date1904);
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
