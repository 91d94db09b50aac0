// Constraint checks over bound records tables: one finding per cell that breaks its column's
// constraint, plus duplicates in unique columns.
#include "returncheck/rules/records_checks.hpp"

// GCC 12 reports a false "may be used uninitialized" inside <regex>'s std::function members when
// optimising with the sanitizers on; the warning is about the library's code, not this file's.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <cmath>
#include <cstdio>
#include <optional>
#include <regex>
#include <unordered_map>

#include "returncheck/bind/detail/grid.hpp"
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

enum class value_kind : std::uint8_t { blank, number, date, boolean, text, error };

// A record's cell as the checks see it.
struct cell_value {
  value_kind kind = value_kind::blank;
  double number = 0;  // number: the value; date: the serial; boolean: 1 or 0
  std::string text;   // as compared (enum, pattern, unique): text trimmed, "1234.5", "2015-03-31", "TRUE"
  std::string shown;  // as a message writes it: 'text', 1,234.5, 31/03/2015, TRUE
};

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

cell_value read_value(const xlsx::workbook& wb, const xlsx::cell_store& cells, std::uint32_t sheet,
                      xlsx::cell_pos pos) {
  cell_value v;
  const xlsx::stored_cell* c = cells.sheet(sheet).find(pos);
  if (c == nullptr) return v;
  switch (c->type) {
    case xlsx::value_type::empty: return v;
    case xlsx::value_type::error:
      v.kind = value_kind::error;
      v.text = std::string(cells.text_of(*c));
      v.shown = v.text;
      return v;
    case xlsx::value_type::boolean:
      v.kind = value_kind::boolean;
      v.number = c->number != 0 ? 1 : 0;
      v.text = c->number != 0 ? "TRUE" : "FALSE";
      v.shown = v.text;
      return v;
    case xlsx::value_type::string: {
      const std::string_view t = trim(cells.text_of(*c));
      if (t.empty()) return v;
      v.kind = value_kind::text;
      v.text = std::string(t);
      v.shown = quoted(t);
      return v;
    }
    case xlsx::value_type::number:
    case xlsx::value_type::date: break;
  }
  v.number = c->number;
  const xlsx::num_fmt_kind fmt = wb.num_fmt(c->style_idx).kind;
  if (fmt == xlsx::num_fmt_kind::date || fmt == xlsx::num_fmt_kind::datetime) {
    const double serial = wb.date1904() ? c->number + 1462 : c->number;
    if (const auto d = bind::detail::date_of_serial(serial)) {
      v.kind = value_kind::date;
      v.text = bind::detail::date_key(*d);
      v.shown = bind::detail::en_gb_date(*d);
      return v;
    }
  }
  v.kind = value_kind::number;
  v.text = plain_number(c->number);
  v.shown = format_for_message(c->number, false, -1);
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
    if (const auto r = read_number_text(v.text)) return r->value;
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
      return v.kind == value_kind::date || (v.kind == value_kind::text && is_date_text(v.text)) ? std::string()
                                                                                                : "which is no date";
    case column_type::boolean:
      return v.kind == value_kind::boolean || (v.kind == value_kind::text && is_boolean_text(v.text))
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
  std::vector<std::string> allowed;                          // normalised
  std::unordered_map<std::string, std::uint32_t> first_row;  // unique: value → the first row holding it
};

}  // namespace

std::vector<finding> check_records(const bind::bound_records& table, const xlsx::workbook& wb,
                                   const xlsx::cell_store& cells, std::uint64_t& cells_checked) {
  std::vector<finding> out;
  if (table.sheet >= cells.sheet_count() || table.sheet >= wb.sheets().size()) return out;
  const std::string& sheet_name = wb.sheets()[table.sheet].name;

  std::vector<column_state> state;
  for (const auto& c : table.columns) {
    column_state s;
    s.col = &c;
    if (c.spec) {
      s.pattern = compile(c.spec->pattern);
      for (const auto& a : c.spec->allowed) s.allowed.push_back(bind::normalise_label(a));
    }
    state.push_back(std::move(s));
  }
  // The record key's column: the first unique one.
  std::optional<std::size_t> key_col;
  for (std::size_t i = 0; i < table.columns.size() && !key_col; ++i)
    if (table.columns[i].spec && table.columns[i].spec->unique) key_col = i;
  std::unordered_map<std::string, std::size_t> key_seen;

  std::vector<cell_value> values(table.columns.size());
  for (std::uint32_t row = table.first_row; row <= table.last_row && row >= table.first_row; ++row) {
    bool any = false;
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      values[i] = read_value(wb, cells, table.sheet, {row, table.columns[i].col_idx});
      any = any || values[i].kind != value_kind::blank;
    }
    if (!any) continue;
    cells_checked += table.columns.size();

    std::string key;
    if (key_col && values[*key_col].kind != value_kind::blank && values[*key_col].kind != value_kind::error) {
      const std::string& v = values[*key_col].text;
      key = table.columns[*key_col].id;
      key += '=';
      key += v.size() > max_key_text ? v.substr(0, max_key_text) : v;
      if (const std::size_t n = ++key_seen[v]; n > 1) {
        key += '#';
        key += std::to_string(n);
      }
    } else {
      key = "row ";
      key += std::to_string(row);
    }

    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      const cell_value& v = values[i];
      column_state& s = state[i];
      const schema::column* spec = s.col->spec;
      if (!spec || v.kind == value_kind::error) continue;  // error values are the formula checks' to report
      std::string where = "Row ";
      where += std::to_string(row);
      where += ": '";
      where += s.col->header;
      where += "'";
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
        if (spec->required) add("RC309", where + " is blank, but the schema requires a value");
        continue;
      }
      if (std::string why = type_trouble(v, spec->type); !why.empty()) {
        std::string message = where;
        message += " is ";
        message += v.shown;
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
          std::string message = where;
          message += " is ";
          message += v.shown;
          message += below ? ", below the minimum " : ", above the maximum ";
          message += format_for_message(below ? *spec->minimum : *spec->maximum, false, -1);
          finding& f = add("RC311", std::move(message));
          f.actual = x;
          f.expected = below ? *spec->minimum : *spec->maximum;
        }
      }
      if (!s.allowed.empty()) {
        const std::string n = bind::normalise_label(v.text);
        if (std::find(s.allowed.begin(), s.allowed.end(), n) == s.allowed.end()) {
          std::string message = where;
          message += " is ";
          message += v.shown;
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
        if (std::string why = pattern_trouble(v.text, *s.pattern, spec->pattern); !why.empty())
          add("RC313", where + " " + why);
      }
      if (spec->unique) {
        const auto [it, inserted] = s.first_row.emplace(v.text, row);
        if (!inserted) {
          std::string message = where;
          message += " is ";
          message += v.shown;
          message += ", as on row ";
          message += std::to_string(it->second);
          message += "; the column's values must be unique";
          add("RC314", std::move(message));
        }
      }
    }
  }
  return out;
}

}  // namespace returncheck::rules
