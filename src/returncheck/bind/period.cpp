// Period headers read as periods: dates, months, financial years and quarters, years.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "returncheck/bind/bind.hpp"
#include "returncheck/bind/detail/grid.hpp"

namespace returncheck::bind {
namespace {

using detail::civil_date;

// Years a dated period may fall in; a bare year (a header "2019", a number 2019) must be
// plausible for a return.
constexpr int min_year = 1901;
constexpr int max_year = 2199;
constexpr int min_bare_year = 1990;
constexpr int max_bare_year = 2100;

struct token {
  enum class kind { number, word, quarter } type = kind::number;
  std::string_view text;
  int value = 0;  // a number's value, a quarter's number
  std::size_t digits = 0;
  std::string sep;      // punctuation between the previous token and this one, spaces left out
  bool spaced = false;  // whitespace between the previous token and this one
};

int month_of(std::string_view w) {
  static constexpr std::array<std::string_view, 12> full = {"january",   "february", "march",    "april",
                                                            "may",       "june",     "july",     "august",
                                                            "september", "october",  "november", "december"};
  for (std::size_t i = 0; i < full.size(); ++i) {
    if (w == full[i] || (w.size() == 3 && full[i].starts_with(w))) return int(i) + 1;
  }
  if (w == "sept") return 9;
  return 0;
}

// Excel's reading of two-digit years: 00-29 are 2000-2029, 30-99 are 1930-1999.
int full_year(const token& t) {
  if (t.digits == 4) return t.value;
  if (t.digits == 2) return t.value < 30 ? 2000 + t.value : 1900 + t.value;
  return 0;
}

// Words that may come before a period and change nothing: "as at 31 March 2016".
std::string_view strip_leading_words(std::string_view s) {
  // clang-format off
  static constexpr std::array<std::string_view, 23> leads = {
      "as at end of", "as at the end of", "as at", "as of", "position as at", "position at", "snapshot at",
      "year ending", "year ended", "year end", "year to", "period ending", "period ended", "quarter ending",
      "quarter ended", "month ending", "month ended", "financial year", "end of", "ending", "ended", "at", "to"};
  // clang-format on
  for (bool again = true; again;) {
    again = false;
    for (std::string_view lead : leads) {
      if (s.size() > lead.size() + 1 && s.starts_with(lead) && s[lead.size()] == ' ') {
        s.remove_prefix(lead.size() + 1);
        again = true;
        break;
      }
    }
  }
  return s;
}

std::optional<std::vector<token>> tokenise(std::string_view s) {
  std::vector<token> out;
  std::string sep;
  bool spaced = false;
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      std::size_t j = i;
      int value = 0;
      while (j < s.size() && s[j] >= '0' && s[j] <= '9') {
        if (j - i < 6) value = value * 10 + (s[j] - '0');
        ++j;
      }
      if (j - i > 4) return std::nullopt;
      out.push_back({token::kind::number, s.substr(i, j - i), value, j - i, sep, spaced});
      sep.clear();
      spaced = false;
      i = j;
    } else if (c >= 'a' && c <= 'z') {
      std::size_t j = i;
      while (j < s.size() && s[j] >= 'a' && s[j] <= 'z') ++j;
      out.push_back({token::kind::word, s.substr(i, j - i), 0, 0, sep, spaced});
      sep.clear();
      spaced = false;
      i = j;
    } else if (c == ' ') {
      spaced = true;
      ++i;
    } else if (c == '/' || c == '-' || c == '.' || c == ',' || c == '\'') {
      sep += c;
      ++i;
    } else {
      return std::nullopt;
    }
  }
  if (!sep.empty()) return std::nullopt;  // trailing punctuation: "2019-"
  // "31st" is 31; "q2", "quarter 2", "qtr 2" one quarter token.
  std::vector<token> merged;
  for (std::size_t i = 0; i < out.size(); ++i) {
    token t = out[i];
    if (t.type == token::kind::number && i + 1 < out.size() && out[i + 1].type == token::kind::word &&
        out[i + 1].sep.empty() && !out[i + 1].spaced &&
        (out[i + 1].text == "st" || out[i + 1].text == "nd" || out[i + 1].text == "rd" || out[i + 1].text == "th")) {
      merged.push_back(t);
      ++i;
      continue;
    }
    if (t.type == token::kind::word && (t.text == "q" || t.text == "quarter" || t.text == "qtr") &&
        i + 1 < out.size() && out[i + 1].type == token::kind::number && out[i + 1].sep.empty() &&
        out[i + 1].digits == 1 && out[i + 1].value >= 1 && out[i + 1].value <= 4) {
      t.type = token::kind::quarter;
      t.value = out[i + 1].value;
      merged.push_back(t);
      ++i;
      continue;
    }
    merged.push_back(t);
  }
  return merged;
}

period_key dated(civil_date d) { return {detail::date_key(d), detail::serial_of(d)}; }

std::optional<period_key> date_of(int y, int m, int d) {
  if (y < min_year || y > max_year || m < 1 || m > 12 || d < 1) return std::nullopt;
  if (unsigned(d) > detail::days_in_month(y, unsigned(m))) return std::nullopt;
  return dated({y, unsigned(m), unsigned(d)});
}

std::optional<period_key> month_period(int y, int m) {
  if (y < min_year || y > max_year || m < 1 || m > 12) return std::nullopt;
  return period_key{detail::month_key(y, unsigned(m)), detail::serial_of({y, unsigned(m), 1})};
}

std::string fy_key(int first) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", first, (first + 1) % 100);
  return buf;
}

// A financial year at tokens [i, ...): "2023-24", "2023/24", "2023-2024", "2023 to 2024", and
// "23/24" when `short_ok`; returns the first year and the tokens used.
std::optional<std::pair<int, std::size_t>> match_fy(const std::vector<token>& t, std::size_t i, bool short_ok) {
  if (i < t.size() && t[i].type == token::kind::word && t[i].text == "fy") {
    if (auto r = match_fy(t, i + 1, true)) return std::pair{r->first, r->second + 1};
    return std::nullopt;
  }
  if (i + 1 >= t.size() || t[i].type != token::kind::number || t[i + 1].type != token::kind::number) {
    // "2023 to 2024"
    if (i + 2 < t.size() && t[i].type == token::kind::number && t[i].digits == 4 &&
        t[i + 1].type == token::kind::word && t[i + 1].text == "to" && t[i + 1].sep.empty() &&
        t[i + 2].type == token::kind::number && t[i + 2].digits == 4 && t[i + 2].sep.empty() &&
        t[i + 2].value == t[i].value + 1 && t[i].value >= min_year && t[i].value < max_year)
      return std::pair{t[i].value, std::size_t(3)};
    return std::nullopt;
  }
  const token& a = t[i];
  const token& b = t[i + 1];
  if (b.sep != "-" && b.sep != "/") return std::nullopt;
  int first = 0;
  if (a.digits == 4) first = a.value;
  else if (a.digits == 2 && short_ok && b.digits == 2) first = full_year(a);
  else return std::nullopt;
  if (first < min_year || first >= max_year) return std::nullopt;
  if (b.digits == 2 && b.value == (first + 1) % 100) return std::pair{first, std::size_t(2)};
  if (b.digits == 4 && b.value == first + 1) return std::pair{first, std::size_t(2)};
  return std::nullopt;
}

std::optional<period_key> quarter_period(int first, int q) {
  const int month = 4 + 3 * (q - 1);
  const civil_date start =
      month > 12 ? civil_date{first + 1, unsigned(month - 12), 1} : civil_date{first, unsigned(month), 1};
  return period_key{fy_key(first) + "Q" + std::to_string(q), detail::serial_of(start)};
}

std::optional<period_key> read_tokens(const std::vector<token>& t) {
  using enum token::kind;
  const std::size_t n = t.size();
  if (n == 0) return std::nullopt;

  // 2019
  if (n == 1 && t[0].type == number && t[0].digits == 4) {
    if (t[0].value < min_bare_year || t[0].value > max_bare_year) return std::nullopt;
    return period_key{std::string(t[0].text), detail::serial_of({t[0].value, 1, 1})};
  }

  // 31/03/2015, 31-03-15, 31.03.2015, 2015-03-31
  if (n == 3 && t[0].type == number && t[1].type == number && t[2].type == number && t[1].sep == t[2].sep &&
      (t[1].sep == "/" || t[1].sep == "-" || t[1].sep == ".")) {
    if (t[0].digits == 4) {
      if (t[1].sep != "-" || t[1].digits > 2 || t[2].digits > 2) return std::nullopt;
      return date_of(t[0].value, t[1].value, t[2].value);
    }
    if (t[0].digits > 2 || t[1].digits > 2 || (t[2].digits != 2 && t[2].digits != 4)) return std::nullopt;
    return date_of(full_year(t[2]), t[1].value, t[0].value);
  }

  // 31 March 2015, 31-Mar-15, 31st Mar 2015
  if (n == 3 && t[0].type == number && t[1].type == word && t[2].type == number && t[0].digits <= 2 &&
      (t[2].digits == 2 || t[2].digits == 4)) {
    const int m = month_of(t[1].text);
    const bool seps_ok = (t[1].sep.empty() || t[1].sep == "-" || t[1].sep == "/" || t[1].sep == ".") &&
                         (t[2].sep == t[1].sep || (t[2].sep == "," && t[1].sep.empty()));
    if (m == 0 || !seps_ok || (t[1].sep.empty() && !t[1].spaced)) return std::nullopt;
    return date_of(full_year(t[2]), m, t[0].value);
  }

  // March 2015, Mar-15, Sep 2017, Sept-2017, Mar '15
  if (n == 2 && t[0].type == word && t[1].type == number) {
    const int m = month_of(t[0].text);
    if (m == 0) return std::nullopt;
    if (t[1].digits == 4 && (t[1].sep.empty() || t[1].sep == "-" || t[1].sep == "/" || t[1].sep == ","))
      return month_period(t[1].value, m);
    if (t[1].digits == 2 && (t[1].sep == "-" || t[1].sep == "'" || t[1].sep == "-'"))
      return month_period(full_year(t[1]), m);
    return std::nullopt;
  }

  // 2023-24, 2023/24, 2023-2024, FY 2023-24, 2023 to 2024
  if (auto fy = match_fy(t, 0, false); fy && fy->second == n)
    return period_key{fy_key(fy->first), detail::serial_of({fy->first, 4, 1})};

  // Q2 2017-18, Q2 2017/18, Quarter 2 2017-18, Q2 FY17/18
  if (t[0].type == quarter) {
    if (auto fy = match_fy(t, 1, true); fy && fy->second + 1 == n) return quarter_period(fy->first, t[0].value);
    return std::nullopt;
  }
  // 2017-18 Q2
  if (t[n - 1].type == quarter) {
    if (auto fy = match_fy(t, 0, false); fy && fy->second + 1 == n) return quarter_period(fy->first, t[n - 1].value);
  }
  return std::nullopt;
}

// Which date parts a format code shows, outside quoted text, escapes and [brackets].
struct shown_parts {
  bool day = false;
  bool month = false;
  bool year = false;
};
shown_parts parts_of(std::string_view code) {
  shown_parts p;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == ';') break;
    if (c == '"') {
      const auto end = code.find('"', i + 1);
      if (end == std::string_view::npos) break;
      i = end;
    } else if (c == '\\') {
      ++i;
    } else if (c == '[') {
      const auto end = code.find(']', i + 1);
      if (end == std::string_view::npos) break;
      i = end;
    } else if (c == 'd' || c == 'D') {
      p.day = true;
    } else if (c == 'm' || c == 'M') {
      p.month = true;
    } else if (c == 'y' || c == 'Y' || c == 'e') {
      p.year = true;
    }
  }
  return p;
}

}  // namespace

std::optional<period_key> parse_period(std::string_view text) {
  if (text.size() > 80 || std::none_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  const std::string n = normalise_label(text);
  const auto tokens = tokenise(strip_leading_words(n));
  if (!tokens) return std::nullopt;
  return read_tokens(*tokens);
}

std::optional<period_key> period_of_cell(const xlsx::stored_cell& c, const xlsx::cell_store& cells,
                                         const xlsx::workbook& wb) {
  switch (c.type) {
    case xlsx::value_type::string: return parse_period(cells.text_of(c));
    case xlsx::value_type::date: {
      const xlsx::num_fmt_kind kind = wb.num_fmt(c.style_idx).kind;
      if (kind == xlsx::num_fmt_kind::time || kind == xlsx::num_fmt_kind::elapsed) return std::nullopt;
      // A period header is a day; a date with a time of day is a timestamp.
      if (c.number != std::floor(c.number)) return std::nullopt;
      const double serial = wb.date1904() ? c.number + 1462 : c.number;
      const auto d = detail::date_of_serial(serial);
      if (!d || d->year < min_year || d->year > max_year) return std::nullopt;
      const shown_parts shown = parts_of(wb.num_fmt_code(c.style_idx));
      if (!shown.day && shown.month && shown.year) return month_period(d->year, int(d->month));
      return dated(*d);
    }
    case xlsx::value_type::number: {
      if (!std::isfinite(c.number) || c.number != std::floor(c.number) || c.number < min_bare_year ||
          c.number > max_bare_year)
        return std::nullopt;
      const int y = int(c.number);
      return period_key{std::to_string(y), detail::serial_of({y, 1, 1})};
    }
    default: return std::nullopt;
  }
}

}  // namespace returncheck::bind
