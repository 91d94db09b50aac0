// Labels as compared: case, spaces, quotes, dashes and footnote marks folded away; slugs; and
// the headers that name derived columns.
#include <algorithm>
#include <cstdlib>

#include "returncheck/bind/bind.hpp"
#include "returncheck/bind/detail/grid.hpp"
#include "returncheck/xlsx/detail/text.hpp"

namespace returncheck::bind {
namespace {

using xlsx::detail::append_utf8;
using detail::next_code_point;

bool is_space(std::uint32_t cp) {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

// Characters that show nothing: soft hyphen, zero-width spaces and joiners, byte order mark.
bool is_invisible(std::uint32_t cp) {
  return cp == 0xAD || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF;
}

// Marks that only ever point to a footnote, wherever they stand: superscript digits, daggers.
bool is_footnote_mark(std::uint32_t cp) {
  return cp == 0xB9 || cp == 0xB2 || cp == 0xB3 || (cp >= 0x2070 && cp <= 0x2079) || cp == 0x2020 || cp == 0x2021;
}

std::uint32_t fold(std::uint32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 0x20;
  if (cp < 0x80) return cp;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 0x20;
  if (cp >= 0x100 && cp <= 0x137) return cp | 1;
  if (cp >= 0x139 && cp <= 0x148) return (cp & 1) ? cp + 1 : cp;
  if (cp >= 0x14A && cp <= 0x177) return cp | 1;
  if (cp == 0x178) return 0xFF;
  if (cp >= 0x179 && cp <= 0x17E) return (cp & 1) ? cp + 1 : cp;
  if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return cp + 0x20;
  if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;
  if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
  switch (cp) {
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x02BC:
    case 0xB4: return '\'';
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2033:
    case 0xAB:
    case 0xBB: return '"';
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
    case 0xFE58:
    case 0xFE63:
    case 0xFF0D: return '-';
    default: return cp;
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// What a footnote reference looks like inside brackets: "1", "12", "1,2", "a", "note 3",
// "notes 1 and 2", "see note 4". "%" or "per 10,000" are meaningful and stay.
bool is_footnote_ref(std::string_view inner) {
  inner = trim(inner);
  if (inner.size() == 1 && inner[0] >= 'a' && inner[0] <= 'z') return true;
  for (std::string_view lead : {"see notes ", "see note ", "notes ", "note ", "nb "}) {
    if (inner.starts_with(lead)) {
      inner = trim(inner.substr(lead.size()));
      break;
    }
  }
  // One or more footnote numbers of at most two digits, separated by commas or "and".
  bool any = false;
  while (!inner.empty()) {
    std::size_t n = 0;
    while (n < inner.size() && inner[n] >= '0' && inner[n] <= '9') ++n;
    if (n == 0 || n > 2) return false;
    any = true;
    inner = trim(inner.substr(n));
    if (inner.starts_with(',')) inner = trim(inner.substr(1));
    else if (inner.starts_with("and ")) inner = trim(inner.substr(4));
    else if (inner.starts_with('&')) inner = trim(inner.substr(1));
    else if (!inner.empty()) return false;
  }
  return any;
}

// Removes footnote marks from the end, as often as they stack ("Contacts (1)*:").
void strip_trailing_marks(std::string& s) {
  for (;;) {
    while (!s.empty() && s.back() == ' ') s.pop_back();
    if (s.empty()) return;
    const char last = s.back();
    if (last == ':' || last == '*') {
      s.pop_back();
      continue;
    }
    if (last == ')' || last == ']') {
      const char open = last == ')' ? '(' : '[';
      const auto at = s.rfind(open);
      if (at != std::string::npos && at > 0 && is_footnote_ref(std::string_view(s).substr(at + 1, s.size() - at - 2))) {
        s.erase(at);
        continue;
      }
    }
    return;
  }
}

// The ASCII letter a Latin-1 accented small letter is written with, or 0.
char unaccented(std::uint32_t cp) {
  static constexpr std::string_view latin1 = "aaaaaaaceeeeiiiidnooooo/ouuuuyty";  // U+00E0..U+00FF
  if (cp >= 0xE0 && cp <= 0xFF && cp != 0xF7) {
    const char c = latin1[cp - 0xE0];
    return c == '/' ? 0 : c;
  }
  if (cp == 0xDF) return 's';
  return 0;
}

bool starts_with_any(std::string_view s, std::initializer_list<std::string_view> prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(), [&](std::string_view p) {
    return s.starts_with(p) && (s.size() == p.size() || s[p.size()] == ' ');
  });
}

bool equals_any(std::string_view s, std::initializer_list<std::string_view> texts) {
  return std::find(texts.begin(), texts.end(), s) != texts.end();
}

// "rate per 10,000 children" → 10000; 0 when the header says no "per N".
double per_of(std::string_view n) {
  const auto at = n.find("per ");
  if (at == std::string_view::npos || (at != 0 && n[at - 1] != ' ')) return 0;
  std::string digits;
  for (char c : n.substr(at + 4)) {
    if (c >= '0' && c <= '9') digits += c;
    else if (c == ',' && !digits.empty()) continue;
    else break;
  }
  if (digits.empty() || digits.size() > 9) return 0;
  const double per = std::strtod(digits.c_str(), nullptr);
  return per >= 1 ? per : 0;
}

}  // namespace

std::string one_line(std::string_view label) {
  std::string out;
  bool space = false;
  for (char c : label) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string normalise_label(std::string_view label) {
  std::string out;
  out.reserve(label.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < label.size();) {
    const std::uint32_t cp = next_code_point(label, i);
    if (is_space(cp)) {
      pending_space = !out.empty();
      continue;
    }
    if (is_invisible(cp) || is_footnote_mark(cp)) continue;
    if (pending_space) out += ' ';
    pending_space = false;
    if (cp == 0x2026) {
      out += "...";
      continue;
    }
    append_utf8(out, fold(cp));
  }
  strip_trailing_marks(out);
  return out;
}

std::string slug(std::string_view label) {
  const std::string n = normalise_label(label);
  std::string out;
  bool pending_dash = false;
  auto put = [&](std::string_view part) {
    if (pending_dash && !out.empty()) out += '-';
    pending_dash = false;
    out += part;
  };
  for (std::size_t i = 0; i < n.size();) {
    const std::uint32_t cp = next_code_point(n, i);
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
      put(std::string(1, char(cp)));
    } else if (cp == '%') {
      pending_dash = true;
      put("pct");
      pending_dash = true;
    } else if (const char c = unaccented(cp)) {
      put(std::string(1, c));
      if (cp == 0xDF) out += 's';
    } else if (cp == '\'') {
      // "children's" is one word
    } else {
      pending_dash = true;
    }
  }
  return out;
}

std::optional<derived_header> read_derived_header(std::string_view header) {
  const std::string n = normalise_label(header);
  using enum schema::derived_kind;
  if (starts_with_any(n, {"% change", "% difference", "percentage change", "percentage difference", "percent change",
                          "per cent change", "% chg"}) ||
      equals_any(n, {"change (%)", "change %", "difference (%)", "difference %", "% +/-", "+/- (%)", "+/- %"}))
    return derived_header{pct_change, 1};
  if (equals_any(n, {"change", "difference", "+/-", "+ / -", "numeric change", "actual change", "change (number)"}) ||
      starts_with_any(n, {"change since", "change from", "difference since", "difference from"}))
    return derived_header{change, 1};
  if (starts_with_any(n, {"rate per", "per"})) {
    if (const double per = per_of(n); per > 0) return derived_header{rate, per};
    return std::nullopt;
  }
  if (equals_any(n, {"%", "% of total", "share", "percentage", "percent", "proportion", "% share"}) ||
      starts_with_any(n, {"% of", "share of", "proportion of", "percentage of"}))
    return derived_header{share, 1};
  return std::nullopt;
}

}  // namespace returncheck::bind
