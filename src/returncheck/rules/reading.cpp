// Reading a return's cells as shown: numbers, percentages, suppression markers, typed text.
#include "returncheck/rules/reading.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "returncheck/formula/value.hpp"
#include "returncheck/xlsx/detail/text.hpp"

namespace returncheck::rules {
namespace {

std::string_view trim(std::string_view s) {
  auto space = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && space(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  // A non-breaking space (U+00A0) at either end, as pasted from web pages.
  while (s.size() >= 2 && s.substr(0, 2) == "\xC2\xA0") s.remove_prefix(2);
  while (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") s.remove_suffix(2);
  return s;
}

// x rounded half away from zero to `decimals` places, on its 15-digit decimal form, as Excel
// rounds what it shows (2.675 shows as 2.68).
double round_shown(double x, int decimals) {
  if (decimals < 0 || !std::isfinite(x)) return x;
  const double scale = std::pow(10.0, decimals);
  return std::round(formula::round_to_15_digits(x * scale)) / scale;
}

// The decimal places a General cell shows: those of the number written with at most 10
// significant digits (Excel's General fits about that many in a column); -1 in scientific form.
int general_decimals(double x) {
  if (x == 0) return 0;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", x);
  const std::string_view s(buf);
  if (s.find('e') != std::string_view::npos) return -1;
  const auto point = s.find('.');
  return point == std::string_view::npos ? 0 : int(s.size() - point - 1);
}

}  // namespace

double reading::tolerance() const {
  if (decimals < 0) return std::max(std::fabs(value) * 1e-12, 1e-12);
  const double half = 0.5 * std::pow(10.0, -decimals);
  return percent ? half / 100 : half;
}

std::string reading::display() const {
  switch (kind) {
    case reading_kind::number: return format_for_message(shown, percent, decimals);
    case reading_kind::blank: return "blank";
    default: return "\"" + text + "\"";
  }
}

std::string format_for_message(double value, bool percent, int decimals, bool sign) {
  double x = percent ? value * 100 : value;
  std::string out;
  if (decimals < 0) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.4f", round_shown(x, 4));
    out = buf;
    while (out.find('.') != std::string::npos && (out.back() == '0' || out.back() == '.')) {
      const bool point = out.back() == '.';
      out.pop_back();
      if (point) break;
    }
  } else {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, round_shown(x, decimals));
    out = buf;
  }
  const bool negative = out.front() == '-' && out.find_first_not_of("-0.") != std::string::npos;  // no "-0%"
  const std::string digits = out.front() == '-' ? out.substr(1) : out;
  // Thousands separators in the whole part: 9,684.
  const std::size_t point = std::min(digits.find('.'), digits.size());
  std::string grouped = negative ? "-" : sign && digits.find_first_not_of("0.") != std::string::npos ? "+" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && i < point && (point - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  if (percent) grouped += '%';
  return grouped;
}

std::optional<reading> read_number_text(std::string_view raw) {
  std::string_view s = trim(raw);
  if (s.empty()) return std::nullopt;
  reading r;
  r.kind = reading_kind::number;
  r.from_text = true;
  bool negative = false;
  if (s.front() == '-' || s.front() == '+') {
    negative = s.front() == '-';
    s.remove_prefix(1);
  } else if (s.substr(0, 3) == "\xE2\x88\x92") {  // U+2212 minus sign
    negative = true;
    s.remove_prefix(3);
  }
  for (std::string_view currency : {"\xC2\xA3", "$", "\xE2\x82\xAC"}) {  // £ $ €
    if (s.substr(0, currency.size()) == currency) {
      s.remove_prefix(currency.size());
      break;
    }
  }
  if (!s.empty() && s.back() == '%') {
    r.percent = true;
    s = trim(s.substr(0, s.size() - 1));
  }
  // Digits with optional thousands separators in threes, then an optional fraction.
  std::string digits;
  std::size_t i = 0, group = 0;
  bool grouped = false;
  while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == ',')) {
    if (s[i] == ',') {
      if (digits.empty() || (grouped && group != 3) || (!grouped && group > 3)) return std::nullopt;
      grouped = true;
      group = 0;
    } else {
      digits.push_back(s[i]);
      ++group;
    }
    ++i;
  }
  if (grouped && group != 3) return std::nullopt;
  int decimals = 0;
  if (i < s.size() && s[i] == '.') {
    digits.push_back('.');
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
      digits.push_back(s[i++]);
      ++decimals;
    }
  }
  if (i != s.size() || digits.empty() || digits == ".") return std::nullopt;
  double x = std::strtod(digits.c_str(), nullptr);
  if (negative) x = -x;
  if (r.percent) x /= 100;
  r.value = x;
  r.decimals = decimals;
  r.shown = x;
  r.text = std::string(trim(raw));
  return r;
}

reading read_cell(const xlsx::workbook& wb, const xlsx::cell_store& cells, std::uint32_t sheet, xlsx::cell_pos pos,
                  std::span<const std::string> suppression_markers) {
  reading r;
  if (sheet >= cells.sheet_count()) return r;
  const xlsx::stored_cell* c = cells.sheet(sheet).find(pos);
  if (c == nullptr) return r;
  r.is_formula = c->formula != 0;
  switch (c->type) {
    case xlsx::value_type::empty: return r;
    case xlsx::value_type::boolean:
      r.kind = reading_kind::text;
      r.text = c->number != 0 ? "TRUE" : "FALSE";
      return r;
    case xlsx::value_type::error:
      r.kind = reading_kind::error;
      r.text = std::string(cells.text_of(*c));
      return r;
    case xlsx::value_type::string: {
      const std::string_view t = trim(cells.text_of(*c));
      if (t.empty()) return r;
      const std::string folded = xlsx::detail::fold_case(t);
      for (const auto& m : suppression_markers) {
        if (xlsx::detail::fold_case(m) == folded) {
          r.kind = reading_kind::suppressed;
          r.text = std::string(t);
          return r;
        }
      }
      if (auto n = read_number_text(t)) {
        n->is_formula = r.is_formula;
        return *n;
      }
      r.kind = reading_kind::text;
      r.text = std::string(t);
      return r;
    }
    case xlsx::value_type::number:
    case xlsx::value_type::date: break;
  }
  r.kind = reading_kind::number;
  r.value = c->number;
  const xlsx::num_fmt_info& fmt = wb.num_fmt(c->style_idx);
  switch (fmt.kind) {
    case xlsx::num_fmt_kind::percent:
      r.percent = true;
      r.decimals = fmt.decimals;
      r.shown = round_shown(c->number * 100, fmt.decimals) / 100;
      break;
    case xlsx::num_fmt_kind::number:
      r.decimals = fmt.decimals;
      r.shown = round_shown(c->number, fmt.decimals);
      break;
    default:
      r.decimals = general_decimals(c->number);
      r.shown = c->number;
      break;
  }
  return r;
}

}  // namespace returncheck::rules
