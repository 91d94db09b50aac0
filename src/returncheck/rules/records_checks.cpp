// Constraint checks over bound records tables: one finding per cell that breaks its column's
// constraint, plus duplicates in unique columns.
#include "returncheck/rules/records_checks.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <cstdio>
#include <optional>
#include <regex>
#include <unordered_map>

#include "returncheck/bind/detail/grid.hpp"
#include "returncheck/rules/detail/seen_texts.hpp"
#include "returncheck/rules/reading.hpp"
#include "returncheck/xlsx/detail/text.hpp"
#include "returncheck/xlsx/num_fmt.hpp"

namespace returncheck::rules {
namespace {

using schema::column_type;

// Longer values are cut in messages and record keys.
constexpr std::size_t max_shown_text = 60;
constexpr std::size_t max_key_text = 100;
// How many of a column's allowed values a message lists.
constexpr std::size_t max_listed_values = 10;
// A run of this many rows blank in every bound column ends the records (as bind::locate_records).
constexpr std::uint32_t blank_rows_ending = 2;

enum class value_kind : std::uint8_t { blank, number, date, boolean, text, error };

std::string_view trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  while (s.starts_with("\xC2\xA0")) s.remove_prefix(2);
  while (s.ends_with("\xC2\xA0")) s.remove_suffix(2);
  return s;
}

std::string quoted(std::string_view text) {
  std::string out = "'";
  if (text.size() > max_shown_text) {
    std::size_t cut = max_shown_text;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    out += text.substr(0, cut);
    out += "...";
  } else {
    out += text;
  }
  out += '\'';
  return out;
}

// A number as compared with enum values and patterns: no thousands separators, no exponent
// below 1e15.
std::string plain_number(double x) {
  char buf[64];
  if (x == std::floor(x) && std::fabs(x) < 1e15) std::snprintf(buf, sizeof buf, "%.0f", x);
  else std::snprintf(buf, sizeof buf, "%.15g", x);
  return buf;
}

// A record's cell as the checks see it. What a check compares (text) and what a message shows
// (shown) are made only when asked for: most cells of a million-row table need neither.
struct cell_value {
  value_kind kind = value_kind::blank;
  double number = 0;                      // number: the value; date: the serial; boolean: 1 or 0
  std::string_view raw;                   // text (trimmed) and error values as written
  std::optional<bind::detail::civil_date> date;

  // As compared (enum, pattern, unique): text trimmed, "1234.5", "2015-03-31", "TRUE".
  const std::string& text() const {
    if (!text_) {
      switch (kind) {
        case value_kind::text:
        case value_kind::error: text_ = std::string(raw); break;
        case value_kind::boolean: text_ = number != 0 ? "TRUE" : "FALSE"; break;
        case value_kind::date: text_ = bind::detail::date_key(*date); break;
        case value_kind::number: text_ = plain_number(number); break;
        case value_kind::blank: text_ = std::string(); break;
      }
    }
    return *text_;
  }
  // As a message writes it: 'text', 1,234.5, 31/03/2015, TRUE.
  std::string shown() const {
    switch (kind) {
      case value_kind::text: return quoted(raw);
      case value_kind::date: return bind::detail::en_gb_date(*date);
      case value_kind::number: return format_for_message(number, false, -1);
      default: return text();
    }
  }

 private:
  mutable std::optional<std::string> text_;
};

cell_value read_value(const xlsx::workbook& wb, const record_cell& c) {
  cell_value v;
  switch (c.type) {
    case xlsx::value_type::empty: return v;
    case xlsx::value_type::error:
      v.kind = value_kind::error;
      v.raw = c.text;
      return v;
    case xlsx::value_type::boolean:
      v.kind = value_kind::boolean;
      v.number = c.number != 0 ? 1 : 0;
      return v;
    case xlsx::value_type::string: {
      const std::string_view t = trim(c.text);
      if (t.empty()) return v;
      v.kind = value_kind::text;
      v.raw = t;
      return v;
    }
    case xlsx::value_type::number:
    case xlsx::value_type::date: break;
  }
  v.number = c.number;
  const xlsx::num_fmt_kind fmt = wb.num_fmt(c.style_idx).kind;
  if (fmt == xlsx::num_fmt_kind::date || fmt == xlsx::num_fmt_kind::datetime) {
    const double serial = wb.date1904() ? c.number + 1462 : c.number;
    if (const auto d = bind::detail::date_of_serial(serial)) {
      v.kind = value_kind::date;
      v.date = d;
      return v;
    }
  }
  v.kind = value_kind::number;
  return v;
}

// A whole day written as text: "31/03/2015", "31 March 2015", "2015-03-31".
bool is_date_text(std::string_view text) {
  const auto p = bind::parse_period(text);
  return p && p->key.size() == 10 && p->key[4] == '-' && p->key[7] == '-';
}

bool is_boolean_text(std::string_view text) {
  const std::string folded = xlsx::detail::fold_case(text);
  return folded == "true" || folded == "false" || folded == "yes" || folded == "no";
}

// The value's number when the column's type takes one: a number cell, or a number typed as text.
std::optional<double> number_of(const cell_value& v) {
  if (v.kind == value_kind::number) return v.number;
  if (v.kind == value_kind::text)
    if (const auto r = read_number_text(v.raw)) return r->value;
  return std::nullopt;
}

// Why the value is not of the column's type ("which is no date"); empty when it is.
std::string type_trouble(const cell_value& v, column_type type) {
  switch (type) {
    case column_type::string: return {};
    case column_type::integer: {
      const auto x = number_of(v);
      return x && *x == std::floor(*x) ? std::string() : "which is no whole number";
    }
    case column_type::number: return number_of(v) ? std::string() : "which is no number";
    case column_type::date:
      return v.kind == value_kind::date || (v.kind == value_kind::text && is_date_text(v.raw)) ? std::string()
                                                                                                : "which is no date";
    case column_type::boolean:
      return v.kind == value_kind::boolean || (v.kind == value_kind::text && is_boolean_text(v.raw))
                 ? std::string()
                 : "which is not TRUE, FALSE, yes or no";
  }
  return {};
}

std::string count_text(std::size_t n) { return format_for_message(double(n), false, 0); }

// One column's pattern, compiled once; nullopt when the schema gives none or it does not compile
// (schema check reports that).
std::optional<std::regex> compile(const std::string& pattern) {
  if (pattern.empty()) return std::nullopt;
  try {
    return std::regex(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error&) {
    return std::nullopt;
  }
}

// Why the text does not match the pattern; empty when it matches.
std::string pattern_trouble(const std::string& text, const std::regex& re, const std::string& pattern) {
  std::string why;
  if (text.size() > max_pattern_text) {
    why = "holds ";
    why += count_text(text.size());
    why += " characters, more than the ";
    why += count_text(max_pattern_text);
    why += " a pattern is matched against, so it does not match the pattern ";
    why += pattern;
    return why;
  }
  try {
    if (std::regex_match(text, re)) return {};
  } catch (const std::regex_error&) {
    why = "is ";
    why += quoted(text);
    why += ", which is too complex to match against the pattern ";
    why += pattern;
    return why;
  }
  why = "is ";
  why += quoted(text);
  why += ", which does not match the pattern ";
  why += pattern;
  return why;
}

struct column_state {
  const bind::bound_column* col = nullptr;
  std::optional<std::regex> pattern;
  std::vector<std::string> allowed;  // normalised
  // Whether a value is allowed, by the value as written: a column of categories repeats a few
  // values a million times, and normalising each would cost more than the rest of the checks.
  std::unordered_map<std::string, bool> allowed_seen;
  std::unique_ptr<detail::seen_texts> seen;  // unique: each value and the first row holding it
};

}  // namespace

struct records_checker::state {
  const bind::bound_records& table;
  const xlsx::workbook& wb;
  std::string sheet_name;
  std::vector<column_state> columns;
  std::optional<std::size_t> key_col;  // the record key's column: the first unique one
  std::vector<cell_value> values;
  std::vector<std::int32_t> slot_of_col;  // col_idx → index into table.columns, or -1
  std::vector<finding> out;
  std::uint64_t cells_checked = 0;
  std::uint32_t last_row = 0;      // the last row given
  std::uint32_t blank_run = 0;     // rows blank in every bound column since the last record
  bool ended = false;
  bool uniqueness_dropped = false;
  std::uint64_t unique_bytes = 0;
  bool report_errors = false;
};

records_checker::records_checker(const bind::bound_records& table, const xlsx::workbook& wb, std::uint64_t unique_bytes,
                                 bool report_errors)
    : s_(std::make_unique<state>(state{table, wb, {}, {}, {}, {}, {}, {}, 0, table.header_row, 0, false, false,
                                       unique_bytes, report_errors})) {
  if (table.sheet < wb.sheets().size()) s_->sheet_name = wb.sheets()[table.sheet].name;
  for (const auto& c : table.columns) {
    column_state cs;
    cs.col = &c;
    if (c.spec) {
      cs.pattern = compile(c.spec->pattern);
      for (const auto& a : c.spec->allowed) cs.allowed.push_back(bind::normalise_label(a));
      if (c.spec->unique) cs.seen = std::make_unique<detail::seen_texts>(unique_bytes);
    }
    s_->columns.push_back(std::move(cs));
  }
  for (std::size_t i = 0; i < table.columns.size() && !s_->key_col; ++i)
    if (table.columns[i].spec && table.columns[i].spec->unique) s_->key_col = i;
  s_->values.resize(table.columns.size());
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    const std::uint32_t col = table.columns[i].col_idx;
    if (col >= s_->slot_of_col.size()) s_->slot_of_col.resize(col + 1, -1);
    if (s_->slot_of_col[col] < 0) s_->slot_of_col[col] = std::int32_t(i);
  }
}

records_checker::~records_checker() = default;
records_checker::records_checker(records_checker&&) noexcept = default;

bool records_checker::ended() const { return s_->ended; }
std::uint64_t records_checker::cells_checked() const { return s_->cells_checked; }

void records_checker::add_row(std::uint32_t row, std::span<const record_cell> cells) {
  state& st = *s_;
  if (st.ended || row <= st.last_row) return;
  // Rows the stream skipped are blank in every column: two of them end the records.
  st.blank_run += row - st.last_row - 1;
  st.last_row = row;
  if (st.blank_run >= blank_rows_ending && st.cells_checked > 0) {
    st.ended = true;
    return;
  }
  const bind::bound_records& table = st.table;
  for (auto& v : st.values) v = cell_value{};
  for (const auto& c : cells) {
    if (c.col_idx >= st.slot_of_col.size() || st.slot_of_col[c.col_idx] < 0) continue;
    cell_value& v = st.values[std::size_t(st.slot_of_col[c.col_idx])];
    if (v.kind == value_kind::blank) v = read_value(st.wb, c);  // a cell given twice: the first
  }
  const bool any = std::any_of(st.values.begin(), st.values.end(), [](const cell_value& v) {
    return v.kind != value_kind::blank;
  });
  if (!any) {
    if (++st.blank_run >= blank_rows_ending && st.cells_checked > 0) st.ended = true;
    return;
  }
  st.blank_run = 0;
  st.cells_checked += table.columns.size();
  auto& values = st.values;
  auto& out = st.out;
  const std::string& sheet_name = st.sheet_name;

  std::string key;
  // The key column is the first unique one: its value is counted once, in that column's table,
  // for both the key and the repeat check below.
  const detail::seen_texts::entry* key_entry = nullptr;
  if (st.key_col && values[*st.key_col].kind != value_kind::blank && values[*st.key_col].kind != value_kind::error) {
    const std::string& v = values[*st.key_col].text();
    key = table.columns[*st.key_col].id;
    key += '=';
    key += v.size() > max_key_text ? v.substr(0, max_key_text) : v;
    key_entry = st.columns[*st.key_col].seen->add(v, row);
    if (!key_entry) st.uniqueness_dropped = true;
    else if (key_entry->count > 1) {
      key += '#';
      key += std::to_string(key_entry->count);
    }
  } else {
    key = "row ";
    key += std::to_string(row);
  }

  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    const cell_value& v = values[i];
    column_state& s = st.columns[i];
    const schema::column* spec = s.col->spec;
    if (v.kind == value_kind::error && st.report_errors && spec) {
      finding f = make_finding("RC504");
      f.sheet = sheet_name;
      f.cell = xlsx::cell_pos{row, s.col->col_idx};
      f.table = table.id;
      f.indicator = spec->id;
      f.period = key;
      f.message = "Row " + std::to_string(row) + ": '" + s.col->header + "' shows the error value " + std::string(v.raw);
      out.push_back(std::move(f));
      continue;
    }
    if (!spec || v.kind == value_kind::error) continue;  // error values are the formula checks' to report
    // "Row 12: 'Age'", made only for a finding: most cells have none.
    auto where = [&] { return "Row " + std::to_string(row) + ": '" + s.col->header + "'"; };
    auto add = [&](std::string_view rule, std::string message) -> finding& {
      finding f = make_finding(rule);
      f.sheet = sheet_name;
      f.cell = xlsx::cell_pos{row, s.col->col_idx};
      f.table = table.id;
      f.indicator = spec->id;
      f.period = key;
      f.message = std::move(message);
      out.push_back(std::move(f));
      return out.back();
    };

    if (v.kind == value_kind::blank) {
      if (spec->required) add("RC309", where() + " is blank, but the schema requires a value");
      continue;
    }
    if (std::string why = type_trouble(v, spec->type); !why.empty()) {
      std::string message = where();
      message += " is ";
      message += v.shown();
      message += ", ";
      message += why;
      add("RC310", std::move(message));
      continue;
    }
    if (spec->type == column_type::integer || spec->type == column_type::number) {
      const double x = *number_of(v);
      const bool below = spec->minimum && x < *spec->minimum;
      const bool above = spec->maximum && x > *spec->maximum;
      if (below || above) {
        std::string message = where();
        message += " is ";
        message += v.shown();
        message += below ? ", below the minimum " : ", above the maximum ";
        message += format_for_message(below ? *spec->minimum : *spec->maximum, false, -1);
        finding& f = add("RC311", std::move(message));
        f.actual = x;
        f.expected = below ? *spec->minimum : *spec->maximum;
      }
    }
    if (!s.allowed.empty()) {
      const std::string& t = v.text();
      auto known = s.allowed_seen.find(t);
      if (known == s.allowed_seen.end()) {
        const std::string n = bind::normalise_label(t);
        const bool ok = std::find(s.allowed.begin(), s.allowed.end(), n) != s.allowed.end();
        if (s.allowed_seen.size() >= 4096) s.allowed_seen.clear();  // many distinct values: keep the cache small
        known = s.allowed_seen.emplace(t, ok).first;
      }
      if (!known->second) {
        std::string message = where();
        message += " is ";
        message += v.shown();
        message += ", which is not one of the values allowed: ";
        for (std::size_t k = 0; k < spec->allowed.size() && k < max_listed_values; ++k) {
          if (k > 0) message += ", ";
          message += quoted(spec->allowed[k]);
        }
        if (spec->allowed.size() > max_listed_values) message += " ...";
        add("RC312", std::move(message));
      }
    }
    if (s.pattern) {
      if (std::string why = pattern_trouble(v.text(), *s.pattern, spec->pattern); !why.empty())
        add("RC313", where() + " " + why);
    }
    if (s.seen) {
      const bool is_key = st.key_col && i == *st.key_col;  // counted already, for the key
      const auto* seen = is_key ? key_entry : s.seen->add(v.text(), row);
      if (!seen) {
        st.uniqueness_dropped = true;
      } else if (seen->count > 1) {
        std::string message = where();
        message += " is ";
        message += v.shown();
        message += ", as on row ";
        message += std::to_string(seen->first_row);
        message += "; the column's values must be unique";
        add("RC314", std::move(message));
      }
    }
  }
}

std::vector<finding> records_checker::finish() {
  state& st = *s_;
  if (st.uniqueness_dropped) {
    finding f = make_finding("RC108");
    f.sheet = st.sheet_name;
    f.table = st.table.id;
    const std::uint64_t b = st.unique_bytes;
    const std::string size = b >= (1u << 20) ? format_for_message(double(b) / (1 << 20), false, 1) + " MB"
                             : b >= 1024     ? format_for_message(double(b) / 1024, false, 1) + " KB"
                                             : std::to_string(b) + (b == 1 ? " byte" : " bytes");
    f.message = "Table '" + st.table.id + "' holds more distinct values in its unique columns than the " + size +
                " kept to compare them, so later values were not checked for repeats (RC314); raise the limit "
                "with --max-unique-memory";
    st.out.push_back(std::move(f));
  }
  return std::move(st.out);
}

std::vector<finding> check_records(const bind::bound_records& table, const xlsx::workbook& wb,
                                   const xlsx::cell_store& cells, std::uint64_t& cells_checked,
                                   std::uint64_t unique_bytes) {
  records_checker checker(table, wb, unique_bytes);
  if (table.sheet >= cells.sheet_count() || table.sheet >= wb.sheets().size()) return {};
  const auto& all = cells.sheet(table.sheet).cells();
  std::vector<record_cell> row;
  for (std::size_t i = 0; i < all.size() && !checker.ended();) {
    const std::uint32_t r = all[i].pos.row_idx;
    row.clear();
    for (; i < all.size() && all[i].pos.row_idx == r; ++i)
      row.push_back({all[i].pos.col_idx, all[i].type, all[i].number, cells.text_of(all[i]), all[i].style_idx});
    if (r > table.header_row) checker.add_row(r, row);
  }
  cells_checked += checker.cells_checked();
  return checker.finish();
}

}  // namespace returncheck::rules
