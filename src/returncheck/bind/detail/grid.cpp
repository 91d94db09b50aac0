// Binding's internals: text, dates, and one sheet's cells read as labels and periods.
#include "returncheck/bind/detail/grid.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <set>

namespace returncheck::bind::detail {
namespace {

long days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = unsigned(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + long(doe) - 719468;
}

civil_date civil_from_days(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = unsigned(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long y = long(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {int(y + (m <= 2)), m, d};
}

constexpr std::size_t max_label_bytes = 1000;

// Day 0 of Excel's 1900 system as it counts from March 1900 on.
const long excel_epoch = days_from_civil(1899, 12, 30);

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  // A non-breaking space, as pasted from web pages.
  while (s.starts_with("\xC2\xA0")) s.remove_prefix(2);
  while (s.ends_with("\xC2\xA0")) s.remove_suffix(2);
  return s;
}

bool has_letter(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
  });
}

}  // namespace

std::uint32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  const int len = b0 >= 0xF0 && b0 < 0xF8 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC2 && b0 < 0xE0 ? 2 : 0;
  if (len == 0 || i + std::size_t(len) > s.size()) {
    ++i;
    return 0xFFFD;
  }
  std::uint32_t cp = b0 & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + std::size_t(k)]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  i += std::size_t(len);
  return cp;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  a = a.substr(0, 200);
  b = b.substr(0, 200);
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t(0));
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::vector<std::size_t> nearest(const std::vector<std::size_t>& distances, std::size_t count, std::size_t limit) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < distances.size(); ++i)
    if (distances[i] < limit) order.push_back(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t x, std::size_t y) { return distances[x] < distances[y]; });
  if (order.size() > count) order.resize(count);
  return order;
}

unsigned days_in_month(int year, unsigned month) {
  static constexpr std::array<unsigned, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
  return month >= 1 && month <= 12 ? days[month - 1] : 0;
}

double serial_of(civil_date d) { return double(days_from_civil(d.year, d.month, d.day) - excel_epoch); }

std::optional<civil_date> date_of_serial(double serial) {
  if (!std::isfinite(serial) || serial < 61 || serial > 3e6) return std::nullopt;
  return civil_from_days(excel_epoch + long(std::floor(serial)));
}

std::string date_key(civil_date d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", d.year, d.month, d.day);
  return buf;
}

std::string month_key(int year, unsigned month) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u", year, month);
  return buf;
}

std::string en_gb_date(civil_date d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02u/%02u/%04d", d.day, d.month, d.year);
  return buf;
}

std::string_view month_abbr(unsigned month) {
  static constexpr std::array<std::string_view, 12> names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return month >= 1 && month <= 12 ? names[month - 1] : std::string_view();
}

bool is_number_text(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && s.front() == '(' && s.back() == ')') s = trim(s.substr(1, s.size() - 2));
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  if (s.starts_with("\xC2\xA3")) s.remove_prefix(2);  // £
  else if (s.starts_with('$')) s.remove_prefix(1);
  if (s.ends_with('%')) s = trim(s.substr(0, s.size() - 1));
  std::size_t digits = 0;
  bool point = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == '.' && !point) {
      point = true;
    } else if (c == ',' && !point && digits > 0) {
      // A thousands separator: exactly three digits follow.
      for (std::size_t k = 1; k <= 3; ++k)
        if (i + k >= s.size() || s[i + k] < '0' || s[i + k] > '9') return false;
      if (i + 4 < s.size() && s[i + 4] >= '0' && s[i + 4] <= '9') return false;
    } else {
      return false;
    }
  }
  return digits > 0;
}

bool is_suppression_marker(std::string_view s) {
  s = trim(s);
  static constexpr std::array<std::string_view, 13> markers = {"c",  "x",   "*", "-", "[c]", "[x]",  "[z]",
                                                               "..", "..c", ":", "~", "n/a", "[low]"};
  std::string folded;
  for (char c : s) folded += (c >= 'A' && c <= 'Z') ? char(c + 0x20) : c;
  return std::find(markers.begin(), markers.end(), folded) != markers.end();
}

grid::grid(std::size_t sheet, const xlsx::cell_store& cells, const xlsx::workbook& wb)
    : sheet_(sheet), store_(&cells), wb_(&wb) {
  const auto& stored = cells.sheet(sheet).cells();
  entries_.reserve(stored.size());
  for (const auto& c : stored) {
    entry e;
    e.cell = &c;
    // Text past max_label_bytes is prose: it names no indicator, period or column.
    if (c.type == xlsx::value_type::string && cells.text_of(c).size() <= max_label_bytes)
      e.label = normalise_label(cells.text_of(c));
    e.period = period_of_cell(c, cells, wb);
    if (rows_.empty() || rows_.back().row_idx != c.pos.row_idx)
      rows_.push_back({c.pos.row_idx, entries_.size(), entries_.size()});
    entries_.push_back(std::move(e));
    rows_.back().last = entries_.size();
  }
}

const grid::entry* grid::at(xlsx::cell_pos pos) const {
  const auto row = std::lower_bound(rows_.begin(), rows_.end(), pos.row_idx,
                                    [](const row_span& r, std::uint32_t idx) { return r.row_idx < idx; });
  if (row == rows_.end() || row->row_idx != pos.row_idx) return nullptr;
  const auto first = entries_.begin() + std::ptrdiff_t(row->first);
  const auto last = entries_.begin() + std::ptrdiff_t(row->last);
  const auto it = std::lower_bound(first, last, pos.col_idx,
                                   [](const entry& e, std::uint32_t col) { return e.cell->pos.col_idx < col; });
  return it != last && it->cell->pos.col_idx == pos.col_idx ? &*it : nullptr;
}

std::string_view grid::text(const entry& e) const {
  return e.cell->type == xlsx::value_type::string ? store_->text_of(*e.cell) : std::string_view();
}

std::string grid::shown(const entry& e) const {
  const xlsx::stored_cell& c = *e.cell;
  switch (c.type) {
    case xlsx::value_type::string:
    case xlsx::value_type::error: return std::string(store_->text_of(c));
    case xlsx::value_type::boolean: return c.number != 0 ? "TRUE" : "FALSE";
    case xlsx::value_type::date:
      if (e.period) {
        const std::string& k = e.period->key;
        const auto d = date_of_serial(*e.period->serial);
        if (d && k.size() == 7) return std::string(month_abbr(d->month)) + " " + std::to_string(d->year);
        if (d) return en_gb_date(*d);
      }
      [[fallthrough]];
    case xlsx::value_type::number: {
      if (std::isfinite(c.number) && c.number == std::floor(c.number) && std::fabs(c.number) < 1e15)
        return std::to_string(static_cast<long long>(c.number));
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.15g", c.number);
      return buf;
    }
    case xlsx::value_type::empty: return std::string();
  }
  return std::string();
}

bool grid::is_label(const entry& e) const {
  if (e.cell->type != xlsx::value_type::string || e.label.empty() || e.period) return false;
  const std::string_view raw = store_->text_of(*e.cell);
  return has_letter(e.label) && !is_number_text(raw) && !is_suppression_marker(raw);
}

bool grid::is_value(const entry& e) const {
  switch (e.cell->type) {
    case xlsx::value_type::number:
    case xlsx::value_type::error: return true;
    case xlsx::value_type::empty: return e.cell->formula != 0;
    case xlsx::value_type::string: {
      const std::string_view raw = store_->text_of(*e.cell);
      return is_number_text(raw) || is_suppression_marker(raw);
    }
    default: return false;
  }
}

bool grid::is_blank(const entry& e) const {
  if (e.cell->type == xlsx::value_type::empty) return e.cell->formula == 0;
  return e.cell->type == xlsx::value_type::string && trim(store_->text_of(*e.cell)).empty();
}

std::vector<std::pair<std::uint32_t, const period_key*>> grid::header_periods(const row_span& r) const {
  std::vector<std::pair<std::uint32_t, const period_key*>> out;
  std::vector<int> years;
  bool other_numbers = false;
  for (const entry& e : cells_of(r)) {
    if (e.cell->type == xlsx::value_type::number) {
      if (e.period) years.push_back(int(e.cell->number));
      else other_numbers = true;
    }
  }
  bool years_ok = years.size() >= 2 && !other_numbers;
  if (years_ok) {
    const int dir = years[1] > years[0] ? 1 : -1;
    for (std::size_t i = 1; i < years.size() && years_ok; ++i) {
      const int step = (years[i] - years[i - 1]) * dir;
      years_ok = step >= 1 && step <= 5;
    }
  }
  for (const entry& e : cells_of(r)) {
    if (!e.period) continue;
    if (e.cell->type == xlsx::value_type::number && !years_ok) continue;
    out.emplace_back(e.cell->pos.col_idx, &*e.period);
  }
  return out;
}

bool grid::is_header(const row_span& r) const {
  const auto periods = header_periods(r);
  std::set<std::string_view> keys;
  for (const auto& [col, key] : periods) keys.insert(key->key);
  if (keys.size() < 2) return false;
  // A row that also holds numbers other than its periods is a row of values ("XIRR", a date,
  // a rate), not headers.
  std::size_t numbers = 0;
  for (const entry& e : cells_of(r))
    if (e.cell->type == xlsx::value_type::number) ++numbers;
  const auto year_cells = std::count_if(periods.begin(), periods.end(), [&](const auto& p) {
    const entry* e = at({r.row_idx, p.first});
    return e && e->cell->type == xlsx::value_type::number;
  });
  return numbers == std::size_t(year_cells);
}

std::string sheet_cell_ref(std::string_view sheet, xlsx::cell_pos pos) {
  const bool quote = sheet.empty() || (sheet.front() >= '0' && sheet.front() <= '9') ||
                     std::any_of(sheet.begin(), sheet.end(), [](char c) {
                       return !(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' ||
                                static_cast<unsigned char>(c) >= 0x80);
                     });
  std::string out;
  if (quote) {
    out += '\'';
    for (char c : sheet) {
      if (c == '\'') out += '\'';
      out += c;
    }
    out += '\'';
  } else {
    out += sheet;
  }
  out += '!';
  xlsx::append_cell_ref(out, pos);
  return out;
}

}  // namespace returncheck::bind::detail
