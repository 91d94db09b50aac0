// Number formats rendered: a format code read into sections of tokens, then a value written with
// the section that applies to it (number_format.hpp lists what is supported).
#include "returncheck/xlsx/number_format.hpp"

#include <algorithm>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <span>
#include <tuple>
#include <utility>
#include <vector>

namespace returncheck::xlsx {
namespace {

// ---- Reading a format code

enum class kind : std::uint8_t {
  literal,   // shown as it is: quoted text, \x, or a character that is no code
  pad,       // _x: a space as wide as x
  fill,      // *x: x repeated to fill the cell, so nothing without one
  digit,     // a digit placeholder: 0 # ?
  numeral,   // a digit 1-9: part of a fraction's fixed denominator, else shown as it is
  point,     // the first is the decimal point (or, with seconds, the fraction of a second)
  comma,     // thousands separator, scaling by 1000, or shown as it is
  percent,   // shown, and multiplies by 100
  slash,     // a fraction's bar, else shown as it is
  exponent,  // E+ E- e+ e-
  at,        // the text
  general,   // the General format
  // Date and time codes from here on.
  year,
  month,
  minute,
  day,
  hour,
  second,
  ampm,
  elapsed_hours,
  elapsed_minutes,
  elapsed_seconds,
};

struct token {
  kind k;
  std::string text;      // literal and numeral: the text; ampm: as written; exponent: "E" or "e"
  char placeholder = 0;  // digit: '0', '#' or '?'; exponent: '+' or '-'
  int width = 0;         // date and time codes: how many letters
};

bool is_date_kind(kind k) { return k >= kind::year; }

enum class comparison : std::uint8_t { lt, le, gt, ge, eq, ne };

// A section's condition in brackets: [<10], [>=-1.5], [<>0].
struct condition {
  comparison op;
  double limit;

  bool holds(double x) const {
    switch (op) {
      case comparison::lt: return x < limit;
      case comparison::le: return x <= limit;
      case comparison::gt: return x > limit;
      case comparison::ge: return x >= limit;
      case comparison::eq: return x == limit;
      case comparison::ne: return x != limit;
    }
    return false;
  }
};

struct section {
  std::vector<token> toks;
  std::optional<condition> cond;

  bool has(kind k) const {
    return std::any_of(toks.begin(), toks.end(), [k](const token& t) { return t.k == k; });
  }
  bool has_date_codes() const {
    return std::any_of(toks.begin(), toks.end(), [](const token& t) { return is_date_kind(t.k); });
  }
};

char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? char(c + 32) : c; }
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool starts_with_nocase(std::string_view s, std::size_t at, std::string_view word) {
  if (s.size() - at < word.size()) return false;
  for (std::size_t k = 0; k < word.size(); ++k)
    if (lower_ascii(s[at + k]) != lower_ascii(word[k])) return false;
  return true;
}

bool equals_nocase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && starts_with_nocase(a, 0, b);
}

// The byte length of the UTF-8 character starting at s[at].
std::size_t char_length(std::string_view s, std::size_t at) {
  std::size_t n = 1;
  while (at + n < s.size() && (static_cast<unsigned char>(s[at + n]) & 0xC0) == 0x80) ++n;
  return n;
}

// How many characters (code points) UTF-8 text has.
std::size_t char_count(std::string_view s) {
  return std::size_t(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// The sections of a format code, split at semicolons outside quotes.
std::vector<std::string_view> split_sections(std::string_view code) {
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

// "[<10]" without its brackets, as a condition.
std::optional<condition> read_condition(std::string_view s) {
  static constexpr std::pair<std::string_view, comparison> ops[] = {{"<=", comparison::le}, {">=", comparison::ge},
                                                                    {"<>", comparison::ne}, {"<", comparison::lt},
                                                                    {">", comparison::gt},  {"=", comparison::eq}};
  for (const auto& [text, op] : ops) {
    if (!s.starts_with(text)) continue;
    std::string_view rest = s.substr(text.size());
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    while (!rest.empty() && rest.back() == ' ') rest.remove_suffix(1);
    if (!rest.empty() && rest.front() == '+') rest.remove_prefix(1);
    double limit = 0;
    const auto r = std::from_chars(rest.data(), rest.data() + rest.size(), limit);
    if (rest.empty() || r.ec != std::errc() || r.ptr != rest.data() + rest.size()) return std::nullopt;
    return condition{op, limit};
  }
  return std::nullopt;
}

// What a bracket holds, added to the section: a colour (nothing to show), a condition, a locale
// or currency tag, or elapsed time. False for anything else.
bool read_bracket(std::string_view inside, section& sec) {
  if (inside.empty()) return false;
  if (inside.front() == '$') {
    // [$£-809], [$€-x-euro2], [$-409]: the currency text before the locale.
    const std::string_view currency =
        inside.substr(1, inside.find('-') == std::string_view::npos ? std::string_view::npos : inside.find('-') - 1);
    if (!currency.empty()) sec.toks.push_back({kind::literal, std::string(currency)});
    return true;
  }
  if (inside.front() == '<' || inside.front() == '>' || inside.front() == '=') {
    if (sec.cond) return false;
    sec.cond = read_condition(inside);
    return sec.cond.has_value();
  }
  if (std::any_of(std::begin(colours), std::end(colours),
                  [&](std::string_view name) { return equals_nocase(inside, name); }))
    return true;
  if (inside.size() > 5 && starts_with_nocase(inside, 0, "color") &&
      std::all_of(inside.begin() + 5, inside.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return true;
  const char letter = lower_ascii(inside.front());
  if ((letter == 'h' || letter == 'm' || letter == 's') &&
      std::all_of(inside.begin(), inside.end(), [&](char c) { return lower_ascii(c) == letter; })) {
    const kind k = letter == 'h' ? kind::elapsed_hours : letter == 'm' ? kind::elapsed_minutes : kind::elapsed_seconds;
    sec.toks.push_back({k, {}, 0, int(inside.size())});
    return true;
  }
  return false;  // [DBNum1], [NatNum1] and other codes not supported
}

// One section's tokens and condition, or nothing for a code not supported.
std::optional<section> read_section(std::string_view s) {
  section sec;
  auto& out = sec.toks;
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
      else out.push_back({c == '_' ? kind::pad : kind::fill, std::string(s.substr(i + 1, n))});
      i += 1 + n;
    } else if (c == '[') {
      const std::size_t close = s.find(']', i);
      if (close == std::string_view::npos || !read_bracket(s.substr(i + 1, close - i - 1), sec)) return std::nullopt;
      i = close + 1;
    } else if (c == '0' || c == '#' || c == '?') {
      out.push_back({kind::digit, {}, c});
      ++i;
    } else if (c >= '1' && c <= '9') {
      out.push_back({kind::numeral, std::string(1, c)});
      ++i;
    } else if (c == '.' || c == ',' || c == '%' || c == '/' || c == '@') {
      const kind k = c == '.'   ? kind::point
                     : c == ',' ? kind::comma
                     : c == '%' ? kind::percent
                     : c == '/' ? kind::slash
                                : kind::at;
      out.push_back({k, std::string(1, c)});
      ++i;
    } else if (lc == 'e' && i + 1 < s.size() && (s[i + 1] == '+' || s[i + 1] == '-')) {
      out.push_back({kind::exponent, std::string(1, c), s[i + 1]});
      i += 2;
    } else if (lc == 'e') {
      run_of(i, 'e');
      out.push_back({kind::year, {}, 0, 4});  // the year of the era: in the Gregorian calendar, the year
    } else if (lc == 'y' || lc == 'm' || lc == 'd' || lc == 'h' || lc == 's') {
      const kind k = lc == 'y'   ? kind::year
                     : lc == 'm' ? kind::month
                     : lc == 'd' ? kind::day
                     : lc == 'h' ? kind::hour
                                 : kind::second;
      out.push_back({k, {}, 0, run_of(i, lc)});
    } else if (lc == 'b' && i + 1 < s.size() && s[i + 1] == '1') {
      i += 2;  // B1: the Gregorian calendar
    } else if (starts_with_nocase(s, i, "am/pm")) {
      out.push_back({kind::ampm, std::string(s.substr(i, 5))});
      i += 5;
    } else if (starts_with_nocase(s, i, "a/p")) {
      out.push_back({kind::ampm, std::string(s.substr(i, 3))});
      i += 3;
    } else if (starts_with_nocase(s, i, "general")) {
      out.push_back({kind::general, {}});
      i += 7;
    } else if (is_ascii_letter(c)) {
      return std::nullopt;  // B2 (Hijri), g (eras), or a letter that is no code
    } else {
      const std::size_t n = char_length(s, i);
      literal(std::string(s.substr(i, n)));
      i += n;
    }
  }
  // An m right after an hour, or right before a second, is minutes (what lies between counts
  // for nothing): "hh:mm", "mm:ss", "[h]:mm".
  auto is_hour = [](kind k) { return k == kind::hour || k == kind::elapsed_hours; };
  auto is_second = [](kind k) { return k == kind::second || k == kind::elapsed_seconds; };
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i].k != kind::month) continue;
    std::size_t before = i, after = i + 1;
    while (before > 0 && !is_date_kind(out[before - 1].k)) --before;
    while (after < out.size() && !is_date_kind(out[after].k)) ++after;
    if ((before > 0 && is_hour(out[before - 1].k)) || (after < out.size() && is_second(out[after].k)))
      out[i].k = kind::minute;
  }
  return sec;
}

// A format code's sections, or nothing when it cannot be read.
std::optional<std::vector<section>> read_code(std::string_view code) {
  const auto parts = split_sections(code);
  if (parts.size() > 4) return std::nullopt;
  std::vector<section> out;
  for (const auto part : parts) {
    auto sec = read_section(part);
    if (!sec) return std::nullopt;
    out.push_back(std::move(*sec));
  }
  return out;
}

// ---- Digits

// A positive finite number's 15 significant digits: x is d1.d2d3...d15 × 10^exponent.
struct decimal {
  std::string digits;
  int exponent = 0;
};

decimal decimal_of(double x) {
  char buf[40];
  const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific, 14);
  decimal d;
  const char* p = buf;
  for (; *p != 'e'; ++p)
    if (*p != '.') d.digits.push_back(*p);
  std::from_chars(p[1] == '+' ? p + 2 : p + 1, r.ptr, d.exponent);
  return d;
}

// d / 10^shift with exactly `decimals` digits after the point, rounded half away from zero, as
// Excel rounds what it shows (2.675 shows as 2.68 with "0.00"): the whole part's digits ("" for
// 0) and the fraction's.
std::pair<std::string, std::string> fixed_digits(const decimal& d, int shift, int decimals) {
  const long exponent = long(d.exponent) - shift;
  // all: the whole part's `lead` digits, then the fraction's.
  std::string all;
  std::size_t lead;
  if (exponent < 0) {
    // Digits that start beyond the kept places round to nothing.
    if (-exponent - 1 > decimals + 1) return {"", std::string(std::size_t(decimals), '0')};
    all = std::string(std::size_t(-exponent - 1), '0') + d.digits;
    lead = 0;
  } else {
    all = d.digits;
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

std::pair<std::string, std::string> fixed_digits(double x, int decimals) {
  x = std::fabs(x);
  if (x == 0) return {"", std::string(std::size_t(decimals), '0')};
  return fixed_digits(decimal_of(x), 0, decimals);
}

std::string general(double x) {
  if (std::fabs(x) < DBL_MIN) return "0";  // subnormal numbers show as 0
  const std::string sign = x < 0 ? "-" : "";
  const double a = std::fabs(x);
  const int exponent = decimal_of(a).exponent;
  auto scientific = [&] {
    // Mantissa to 6 significant digits (5 with a three-digit exponent), trailing zeros dropped.
    const int decimals = std::abs(exponent) >= 100 ? 4 : 5;
    int e = exponent;
    auto [w, f] = fixed_digits(decimal_of(a), e, decimals);
    if (w.size() > 1) {  // 9.999995 rounded up to 10
      ++e;
      std::tie(w, f) = fixed_digits(decimal_of(a), e, decimals);
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
    const std::string sci = scientific();
    const std::size_t mantissa_end = sci.find('E');
    std::size_t sci_digits = 0;
    for (std::size_t k = 0; k < mantissa_end; ++k) sci_digits += sci[k] >= '0' && sci[k] <= '9';
    if (fixed_digits_shown == 0 || sci_digits > fixed_digits_shown) return sci;
  }
  return fixed;
}

// ---- Writing digits into placeholders

// A whole number's digits written into a run of placeholders, right-aligned: digits beyond the
// placeholders go to the first one; a placeholder without a digit shows 0 for '0', a space for
// '?' and nothing for '#'. With grouping, a comma follows every third place from the right (a
// space after a '?' that shows a space, nothing after a '#' that shows nothing).
class whole_writer {
 public:
  whole_writer(std::string digits, std::size_t places, bool grouping)
      : digits_(std::move(digits)), places_(places), grouping_(grouping) {}

  void put(std::string& out, char placeholder) {
    const std::size_t from_right = places_ - 1 - seen_;
    if (seen_ == 0)
      for (std::size_t k = 0; k + places_ < digits_.size(); ++k) digit(out, digits_[k], digits_.size() - 1 - k);
    if (from_right < digits_.size()) {
      digit(out, digits_[digits_.size() - 1 - from_right], from_right);
    } else if (placeholder == '0') {
      digit(out, '0', from_right);
    } else if (placeholder == '?') {
      out.push_back(' ');
      if (separator_after(from_right)) out.push_back(' ');
    }
    ++seen_;
  }

  // Whether any digit has been written.
  bool shown() const { return shown_; }

 private:
  bool separator_after(std::size_t from_right) const { return grouping_ && from_right > 0 && from_right % 3 == 0; }
  void digit(std::string& out, char d, std::size_t from_right) {
    out.push_back(d);
    shown_ = true;
    if (separator_after(from_right)) out.push_back(',');
  }

  std::string digits_;
  std::size_t places_;
  bool grouping_;
  std::size_t seen_ = 0;
  bool shown_ = false;
};

// Tokens that show the same in every kind of section: literals, _x, *x, and the signs that
// are not codes where they stand.
void put_plain(std::string& out, const token& t) {
  switch (t.k) {
    case kind::pad: out.push_back(' '); break;
    case kind::fill: break;
    default: out += t.text;
  }
}

// Where a number's placeholders are in a run of tokens (a section, or a mantissa).
struct layout {
  std::size_t point;             // the decimal point's index, or the run's size
  std::size_t whole_places = 0;  // placeholders before the point
  std::size_t fraction_places = 0;
  bool grouping = false;
  int scaling = 0;  // commas that divide by 1000
  int percents = 0;
  std::vector<bool> comma_shown;  // per token: a comma shown as it is
};

// `scientific`: commas neither scale nor show (only grouping counts), as in a mantissa.
layout lay_out(std::span<const token> toks, bool scientific) {
  layout l;
  l.point = toks.size();
  for (std::size_t i = 0; i < toks.size(); ++i)
    if (toks[i].k == kind::point) {
      l.point = i;
      break;
    }
  for (std::size_t i = 0; i < toks.size(); ++i) {
    if (toks[i].k == kind::digit) ++(i < l.point ? l.whole_places : l.fraction_places);
    if (toks[i].k == kind::percent) ++l.percents;
  }
  // A comma between whole-part placeholders groups thousands; a comma (or run of them) right
  // after a placeholder and before no whole-part placeholder divides by 1000 each ("#,##0,",
  // "#,.#,"); any other comma is shown as it is.
  l.comma_shown.assign(toks.size(), false);
  std::size_t last_whole_digit = 0;  // one past the last whole-part placeholder
  for (std::size_t i = 0; i < l.point; ++i)
    if (toks[i].k == kind::digit) last_whole_digit = i + 1;
  bool digit_before = false;
  std::size_t run_start = 0;  // where the current run of commas starts
  for (std::size_t i = 0; i < toks.size(); ++i) {
    if (toks[i].k != kind::comma) {
      digit_before = digit_before || toks[i].k == kind::digit;
      continue;
    }
    if (i == 0 || toks[i - 1].k != kind::comma) run_start = i;
    if (digit_before && i < last_whole_digit) l.grouping = true;
    else if (scientific) continue;
    else if (run_start > 0 && toks[run_start - 1].k == kind::digit) ++l.scaling;
    else l.comma_shown[i] = true;
  }
  return l;
}

// Writes a run of tokens laid out by lay_out with the given whole and fraction digits (the
// fraction has one digit per fraction placeholder). `all_zeros`: every whole-part placeholder
// shows 0, as a scientific mantissa of 0 does. `x` is what General and @ show.
std::string write_digits(std::span<const token> toks, const layout& l, const std::string& whole,
                         const std::string& fraction, bool all_zeros, double x) {
  std::string out;
  whole_writer w(whole, l.whole_places, l.grouping);
  // Trailing zeros of the fraction under # and ? placeholders are dropped (? shows a space).
  std::vector<char> marks;
  for (std::size_t i = l.point; i < toks.size(); ++i)
    if (toks[i].k == kind::digit) marks.push_back(toks[i].placeholder);
  std::size_t fraction_end = l.fraction_places;
  while (fraction_end > 0 && marks[fraction_end - 1] != '0' && fraction[fraction_end - 1] == '0') --fraction_end;
  std::size_t fraction_seen = 0;
  for (std::size_t i = 0; i < toks.size(); ++i) {
    const token& t = toks[i];
    switch (t.k) {
      case kind::comma:
        if (l.comma_shown[i]) out += ',';
        break;
      case kind::general:
      case kind::at: out += general(x); break;
      case kind::point:
        if (i == l.point && l.whole_places == 0) out += whole;  // ".00" still shows whole digits
        out += '.';
        break;
      case kind::digit:
        if (i < l.point) {
          w.put(out, all_zeros ? '0' : t.placeholder);
        } else {
          if (fraction_seen < fraction_end) out.push_back(fraction[fraction_seen]);
          else if (t.placeholder == '?') out.push_back(' ');
          ++fraction_seen;
        }
        break;
      default: put_plain(out, t);
    }
  }
  return out;
}

// A section of placeholders with neither exponent nor fraction bar, applied to x >= 0.
std::string fixed_section(std::span<const token> toks, double x) {
  const layout l = lay_out(toks, false);
  const auto [whole, fraction] =
      x == 0 ? std::pair{std::string(), std::string(l.fraction_places, '0')}
             : fixed_digits(decimal_of(x), 3 * l.scaling - 2 * l.percents, int(l.fraction_places));
  return write_digits(toks, l, whole, fraction, false, x);
}

int floor_div(int a, int b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

// A section in scientific notation applied to x >= 0. The exponent is a multiple of the number
// of whole-part placeholders ("##0.0E+0" is engineering notation); % is shown but does not
// scale, and commas only group. A mantissa of 0 shows 0 in every whole-part placeholder.
std::optional<std::string> scientific_section(std::span<const token> toks, double x) {
  std::size_t e_at = 0;
  while (toks[e_at].k != kind::exponent) ++e_at;
  const auto mantissa = toks.subspan(0, e_at);
  const auto power = toks.subspan(e_at + 1);
  const std::size_t power_places =
      std::size_t(std::count_if(power.begin(), power.end(), [](const token& t) { return t.k == kind::digit; }));
  if (power_places == 0) return std::nullopt;
  const layout l = lay_out(mantissa, true);
  const int n = int(l.whole_places);
  std::string whole, fraction(l.fraction_places, '0');
  int e = 0;  // the exponent shown
  if (x != 0) {
    const decimal d = decimal_of(x);
    int magnitude = d.exponent;
    for (int attempt = 0; attempt < 2; ++attempt) {
      e = n == 0 ? magnitude + 1 : floor_div(magnitude, n) * n;
      std::tie(whole, fraction) = fixed_digits(d, e, int(l.fraction_places));
      if (int(whole.size()) <= magnitude - e + 1) break;
      ++magnitude;  // rounding carried into one more digit: 9.99 is 1.0E+1
    }
  }
  std::string out = write_digits(mantissa, l, whole, fraction, x == 0, x);
  out += toks[e_at].text;
  // The exponent's sign goes before its first digit ("0.0E+|0|" shows "1.2E|+3|").
  const std::string sign = e < 0 ? "-" : toks[e_at].placeholder == '+' ? "+" : "";
  whole_writer w(std::to_string(std::abs(e)), power_places, false);
  bool first = true;
  for (const token& t : power) {
    switch (t.k) {
      case kind::digit:
        if (first) out += sign;
        first = false;
        w.put(out, t.placeholder);
        break;
      case kind::comma: break;
      case kind::point:
      case kind::exponent:
      case kind::general:
      case kind::at: return std::nullopt;
      default: put_plain(out, t);
    }
  }
  return out;
}

// ---- Fractions

// The best approximation p/q of f in [0, 1) with q <= max_q (continued fractions, then the best
// semiconvergent); ties go to the smaller denominator.
std::pair<long long, long long> best_fraction(double f, long long max_q) {
  long long p0 = 0, q0 = 1, p1 = 1, q1 = 0;  // the convergents before and at the current term
  double rest = f;
  for (int step = 0; step < 64; ++step) {
    const double a_d = std::floor(rest);
    // A term past max_q gives a denominator past it too; capping it keeps the arithmetic small.
    const long long a = a_d > double(max_q) ? max_q + 1 : (long long)a_d;
    const long long p2 = a * p1 + p0, q2 = a * q1 + q0;
    if (q2 > max_q) {
      // The semiconvergent with the largest denominator allowed, if it is closer.
      const long long t = (max_q - q0) / q1;
      const long long ps = p0 + t * p1, qs = q0 + t * q1;
      if (t > 0 && std::fabs(f - double(ps) / double(qs)) < std::fabs(f - double(p1) / double(q1))) return {ps, qs};
      break;
    }
    p0 = p1;
    q0 = q1;
    p1 = p2;
    q1 = q2;
    const double frac = rest - a_d;
    if (frac < 1e-12 || std::fabs(f - double(p1) / double(q1)) < 1e-15) break;
    rest = 1 / frac;
  }
  if (q1 == 0) return {0, 1};
  return {p1, q1};
}

// x rounded to its 15 significant digits, which are all Excel shows of it.
double to_15_digits(double x) {
  char buf[40];
  const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific, 14);
  double out = x;
  std::from_chars(buf, r.ptr, out);
  return out;
}

bool is_denominator_start(const token& t) { return t.k == kind::digit || t.k == kind::numeral; }
bool is_plain(const token& t) { return t.k == kind::literal || t.k == kind::pad || t.k == kind::fill; }

// A whole number's digits ("" for 0); x >= 0 is already a whole number.
std::string whole_digits(double x) { return fixed_digits(x, 0).first; }

// A fraction section ("# ?/?", "?/8", "#/#") applied to x >= 0; `bar` is the fraction bar's index.
// The numerator is the run of placeholders before the bar (with any _x among them, whose spaces
// follow its digits); placeholders before it make the whole part, and what lies between the two
// is the separator. A whole part of 0 hides with its separator (spaces when ? placeholders ask to
// keep alignment); a fraction of 0 hides with everything from the separator to the denominator,
// unless the numerator has a 0 placeholder.
std::optional<std::string> fraction_section(std::span<const token> toks, std::size_t bar, double x) {
  // The denominator: a fixed number ("/8", "/100") or placeholders, maybe after literals.
  std::size_t den_start = bar + 1;
  while (!is_denominator_start(toks[den_start])) ++den_start;
  std::size_t den_end = den_start;
  long long fixed_den = 0;
  std::string den_places;
  if (toks[den_end].k == kind::numeral) {
    while (den_end < toks.size() &&
           (toks[den_end].k == kind::numeral || (toks[den_end].k == kind::digit && toks[den_end].placeholder == '0'))) {
      fixed_den = fixed_den * 10 + (toks[den_end].k == kind::numeral ? toks[den_end].text[0] - '0' : 0);
      if (fixed_den > 1'000'000'000) return std::nullopt;
      ++den_end;
    }
  } else {
    while (den_end < toks.size() && toks[den_end].k == kind::digit) den_places.push_back(toks[den_end++].placeholder);
  }
  // The numerator, the whole part and the separator between them.
  std::size_t num_last = bar;
  while (toks[num_last - 1].k != kind::digit) --num_last;
  --num_last;
  std::size_t num_first = num_last;
  while (num_first > 0 && (toks[num_first - 1].k == kind::digit || toks[num_first - 1].k == kind::pad ||
                           toks[num_first - 1].k == kind::fill))
    --num_first;
  while (toks[num_first].k != kind::digit) ++num_first;  // _x before the first placeholder is no part of it
  std::string num_places, whole_places;
  std::size_t whole_last = toks.size();  // the whole part's last placeholder, if any
  bool grouping = false;
  for (std::size_t i = 0; i < num_first; ++i) {
    if (toks[i].k == kind::digit) {
      whole_places.push_back(toks[i].placeholder);
      whole_last = i;
    }
    if (toks[i].k == kind::comma && !whole_places.empty()) grouping = true;
    if (toks[i].k == kind::point) return std::nullopt;
  }
  for (std::size_t i = num_first; i <= num_last; ++i)
    if (toks[i].k == kind::digit) num_places.push_back(toks[i].placeholder);
  for (std::size_t i = den_end; i < toks.size(); ++i)
    if (toks[i].k == kind::digit) return std::nullopt;  // placeholders after the denominator
  for (const auto& t : toks)
    if (t.k == kind::percent) x *= 100;
  if (!std::isfinite(x)) return std::nullopt;
  const bool mixed = whole_last != toks.size();

  // The numbers: whole part, numerator, denominator, from x's 15 significant digits; past 15
  // digits no fraction is left.
  x = to_15_digits(x);
  std::string whole_text, num_text;  // digits, "" for 0
  long long den = fixed_den > 0 ? fixed_den : 1;
  if (!std::isfinite(x * double(den))) return std::nullopt;
  if (x >= 1e15) {
    if (mixed) whole_text = whole_digits(x);
    else num_text = whole_digits(x * double(den));
  } else {
    double whole = mixed ? std::floor(x) : 0;
    const double f = x - whole;
    double num = 0;  // a whole number, which may pass what a long long holds (improper fractions)
    if (fixed_den > 0) {
      num = std::round(f * double(den));
    } else {
      long long max_den = 1;
      for (std::size_t k = 0; k < std::min<std::size_t>(den_places.size(), 9); ++k) max_den *= 10;
      const double ip = std::floor(f);
      const auto [p, q] = best_fraction(f - ip, max_den - 1);
      num = ip * double(q) + double(p);
      den = q;
    }
    if (mixed && num == double(den)) {
      whole += 1;
      num = 0;
    }
    whole_text = whole_digits(whole);
    num_text = whole_digits(num);
  }
  auto span_width = [&](std::size_t from, std::size_t to) {
    std::size_t n = 0;
    for (std::size_t i = from; i < to; ++i) {
      const token& t = toks[i];
      n += t.k == kind::fill ? 0 : t.k == kind::literal ? char_count(t.text) : 1;
    }
    return n;
  };
  auto contains = [](const std::string& places, char c) { return places.find(c) != std::string::npos; };
  const bool num_zero_place = contains(num_places, '0');
  std::string out;

  // Tokens [from, to) with a whole part's placeholders filled from `writer`.
  auto put_range = [&](std::size_t from, std::size_t to, whole_writer* writer) {
    for (std::size_t i = from; i < to; ++i) {
      const token& t = toks[i];
      if (t.k == kind::digit) writer->put(out, t.placeholder);
      else if (t.k != kind::comma || !grouping) put_plain(out, t);
    }
  };
  auto put_fraction = [&](std::size_t from) {
    // The separator's tokens (when kept), the numerator with its _x spaces after the digits,
    // what stands before the bar, the bar and the denominator.
    std::size_t i = from;
    for (; i < num_first; ++i) put_plain(out, toks[i]);
    whole_writer nw(num_text.empty() ? "0" : num_text, num_places.size(), false);
    std::string spaces;
    for (; i <= num_last; ++i) {
      if (toks[i].k == kind::digit) nw.put(out, toks[i].placeholder);
      else put_plain(spaces, toks[i]);
    }
    out += spaces;
    for (; i < den_start; ++i)
      if (toks[i].k == kind::slash) out += '/';
      else put_plain(out, toks[i]);
    if (fixed_den > 0) {
      out += std::to_string(fixed_den);
    } else {
      // Left-aligned: 0 placeholders left over pad with zeros before, ? with spaces after.
      const std::string digits = std::to_string(den);
      std::size_t zeros = 0, spaces_after = 0;
      for (std::size_t k = 0; k + digits.size() < den_places.size(); ++k) {
        zeros += den_places[k] == '0';
        spaces_after += den_places[k] == '?';
      }
      out += std::string(zeros, '0') + digits + std::string(spaces_after, ' ');
    }
    for (std::size_t k = den_end; k < toks.size(); ++k) put_plain(out, toks[k]);
  };

  if (!mixed) {
    for (std::size_t i = 0; i < num_first; ++i) put_plain(out, toks[i]);
    put_fraction(num_first);
    return out;
  }
  if (num_text.empty() && !num_zero_place) {
    // No fraction to show: the whole number (0 included), then spaces where the fraction would
    // stand if a ? asks to keep alignment.
    whole_writer ww(whole_text.empty() ? "0" : whole_text, whole_places.size(), grouping);
    put_range(0, whole_last + 1, &ww);
    const bool align = contains(whole_places, '?') || contains(num_places, '?') || contains(den_places, '?');
    if (align) out += std::string(span_width(whole_last + 1, den_end), ' ');
    for (std::size_t k = den_end; k < toks.size(); ++k) put_plain(out, toks[k]);
    return out;
  }
  // A whole part of 0 shows only its 0 placeholders, except that a fraction of 0 then shows
  // the 0 in a last ? placeholder too ("?:0/#" shows "0:0/1", "#:0/#" shows "0/1").
  std::string shown_whole = whole_text;
  if (shown_whole.empty() && num_text.empty() && whole_places.back() != '#') shown_whole = "0";
  whole_writer ww(shown_whole, whole_places.size(), grouping);
  put_range(0, whole_last + 1, &ww);
  if (ww.shown()) {
    put_fraction(whole_last + 1);
  } else {
    if (contains(whole_places, '?') || contains(num_places, '?'))
      out += std::string(span_width(whole_last + 1, num_first), ' ');
    put_fraction(num_first);
  }
  return out;
}

// ---- Dates and times

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

// A date or time section applied to a serial (not negative). Times are rounded to what the
// section shows: to the second, or to the fraction of a second after "ss." (at most three 0s),
// carrying into minutes, hours and days (23:59:59.6 is the next day's 00:00:00).
std::optional<std::string> date_section(std::span<const token> toks, double serial, bool date1904) {
  if (serial >= 2958466) return std::nullopt;  // past 9999-12-31 in either date system
  // Fraction-of-second digits: 0 placeholders right after a point.
  std::vector<bool> in_fraction(toks.size(), false);
  int sub_digits = 0;
  for (std::size_t i = 0; i < toks.size(); ++i) {
    if (toks[i].k != kind::point) continue;
    int run = 0;
    for (std::size_t k = i + 1; k < toks.size() && toks[k].k == kind::digit && toks[k].placeholder == '0'; ++k) {
      in_fraction[k] = true;
      ++run;
    }
    sub_digits = std::max(sub_digits, run);
  }
  if (sub_digits > 3) return std::nullopt;
  for (std::size_t i = 0; i < toks.size(); ++i)
    if ((toks[i].k == kind::digit && !in_fraction[i]) || toks[i].k == kind::general || toks[i].k == kind::at ||
        toks[i].k == kind::exponent)
      return std::nullopt;
  long long scale = 1;
  for (int k = 0; k < sub_digits; ++k) scale *= 10;
  const long long ticks_per_day = 86400 * scale;
  double day_part = std::floor(serial);
  long long ticks = std::llround((serial - day_part) * double(ticks_per_day));
  if (ticks >= ticks_per_day) {
    ticks -= ticks_per_day;
    day_part += 1;
  }
  const auto day = long(day_part);
  if (day > (date1904 ? 2957003L : 2958465L)) return std::nullopt;  // past 9999-12-31
  const long long second_of_day = ticks / scale;
  const long long total_seconds = (long long)day * 86400 + second_of_day;
  std::string sub_text = std::to_string(ticks % scale);
  sub_text.insert(0, std::size_t(sub_digits) - std::min(sub_text.size(), std::size_t(sub_digits)), '0');

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
  const int hour = int(second_of_day / 3600), minute = int(second_of_day / 60 % 60), second = int(second_of_day % 60);
  auto number = [](long long v, int width) {
    std::string s = std::to_string(v);
    if (width >= 2 && s.size() < 2) s.insert(0, "0");
    return s;
  };
  std::string out;
  for (std::size_t i = 0; i < toks.size(); ++i) {
    const token& t = toks[i];
    switch (t.k) {
      case kind::year: out += t.width <= 2 ? number(date.year % 100, 2) : std::to_string(date.year); break;
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
      case kind::hour: out += number(twelve_hour ? (hour % 12 == 0 ? 12 : hour % 12) : hour, t.width); break;
      case kind::minute: out += number(minute, t.width); break;
      case kind::second: out += number(second, t.width); break;
      case kind::elapsed_hours: out += number(total_seconds / 3600, t.width); break;
      case kind::elapsed_minutes: out += number(total_seconds / 60, t.width); break;
      case kind::elapsed_seconds: out += number(total_seconds, t.width); break;
      case kind::ampm: {
        const bool pm = hour >= 12;
        if (t.text.size() == 3) out += pm ? t.text.substr(2, 1) : t.text.substr(0, 1);  // A/P
        else out += pm ? t.text.substr(3, 2) : t.text.substr(0, 2);                     // AM/PM
        break;
      }
      case kind::point:
        out += '.';
        if (i + 1 < toks.size() && in_fraction[i + 1]) {
          std::size_t k = i + 1;
          for (std::size_t j = 0; k < toks.size() && in_fraction[k]; ++k, ++j) out.push_back(sub_text[j]);
          i = k - 1;
        }
        break;
      case kind::comma: out += ','; break;
      case kind::percent: out += '%'; break;
      default: put_plain(out, t);
    }
  }
  return out;
}

// Whether a date or time section is a duration that may be negative: elapsed time without a
// calendar date or a time of day's AM/PM.
bool is_duration(const section& s) {
  bool elapsed = false;
  for (const auto& t : s.toks) {
    if (t.k == kind::year || t.k == kind::month || t.k == kind::day || t.k == kind::ampm) return false;
    elapsed = elapsed || t.k == kind::elapsed_hours || t.k == kind::elapsed_minutes || t.k == kind::elapsed_seconds;
  }
  return elapsed;
}

// ---- Sections applied

// A number section applied to |x|; `negative` is x's sign (the caller adds any minus).
std::optional<std::string> number_section(const section& s, double x, bool negative, bool date1904) {
  const double v = std::fabs(x);
  if (s.has_date_codes()) {
    // A negative date shows as #####, and TEXT gives #VALUE!; elapsed time, and every date and
    // time in the 1904 system, shows a minus sign instead.
    if (negative && !date1904 && !is_duration(s)) return std::nullopt;
    return date_section(s.toks, v, date1904);
  }
  const std::span<const token> toks(s.toks);
  if (s.has(kind::exponent)) return scientific_section(toks, v);
  // A fraction: a bar after a placeholder, with the denominator after it (past any literals).
  bool placeholder_before = false;
  for (std::size_t i = 0; i < toks.size(); ++i) {
    placeholder_before = placeholder_before || toks[i].k == kind::digit;
    if (toks[i].k != kind::slash || !placeholder_before) continue;
    std::size_t after = i + 1;
    while (after < toks.size() && is_plain(toks[after])) ++after;
    if (after < toks.size() && is_denominator_start(toks[after])) return fraction_section(toks, i, v);
    i = after - 1;
  }
  return fixed_section(toks, v);
}

}  // namespace

std::string format_general(double x) {
  if (!std::isfinite(x)) return "#NUM!";
  return general(x);
}

std::optional<std::string> format_number(double x, std::string_view code, bool date1904) {
  if (!std::isfinite(x)) return std::nullopt;
  if (code.empty()) return std::string();
  const auto parsed = read_code(code);
  if (!parsed) return std::nullopt;
  const std::vector<section>& secs = *parsed;
  const std::size_t n = secs.size();

  // The section that applies. Without conditions: positive (or all, alone); negative; zero.
  // With conditions, the first section whose condition holds, where a second section without
  // one takes every number the first does not, and a third section every number the first two
  // do not; a number no section takes is shown as General. The minus sign is left to the
  // section only when it is the second and no condition chose it.
  const auto& c1 = secs[0].cond;
  const auto* c2 = n >= 2 ? &secs[1].cond : nullptr;
  std::optional<std::size_t> chosen;
  bool minus = x < 0;
  if (!c1 && !(c2 && *c2)) {
    if (n == 1) chosen = 0;
    else if (x < 0) chosen = 1, minus = false;
    else if (x == 0 && n >= 3) chosen = 2;
    else chosen = 0;
  } else {
    const bool in_first = c1 ? c1->holds(x) : (n >= 3 ? x > 0 : x >= 0);
    const bool in_second = n >= 2 && (*c2 ? (*c2)->holds(x) : c1.has_value() || x < 0);
    if (in_first) chosen = 0;
    else if (in_second) chosen = 1;
    else if (n >= 3) chosen = 2;
  }
  if (!chosen) return general(x);

  const section& s = secs[*chosen];
  // A format of a single text section shows a number as General.
  if (n == 1 && s.has(kind::at)) return general(x);
  auto out = number_section(s, x, x < 0, date1904);
  if (!out) return std::nullopt;
  // A single section shows a minus even where the number rounds to 0: -0.001 is "-0.00".
  return minus ? "-" + *out : *out;
}

std::optional<std::string> format_text(std::string_view text, std::string_view code) {
  const auto parsed = read_code(code);
  if (!parsed) return std::nullopt;
  const section* s = nullptr;
  if (parsed->size() == 4) s = &(*parsed)[3];
  else if (parsed->size() == 1 && (*parsed)[0].has(kind::at)) s = &(*parsed)[0];
  else return std::string(text);
  std::string out;
  for (const auto& t : s->toks) {
    switch (t.k) {
      case kind::at:
      case kind::general: out += text; break;
      case kind::literal:
      case kind::pad:
      case kind::fill:
      case kind::numeral:
      case kind::point:
      case kind::comma:
      case kind::percent:
      case kind::slash: put_plain(out, t); break;
      default: return std::nullopt;  // number, date and time codes have no meaning for text
    }
  }
  return out;
}

}  // namespace returncheck::xlsx
