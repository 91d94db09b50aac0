// Tests for formula values: the coercion tables in tests/unit/formula/data/, and number precision.
#include "returncheck/formula/value.hpp"

#include <gtest/gtest.h>

#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace returncheck::formula {

// How gtest shows a value in a failure: the tables' own notation.
std::string notation(const value& v);
void PrintTo(const value& v, std::ostream* os) { *os << notation(v); }

namespace {

// ---------------------------------------------------------------------------------------------
// The tables' notation: blank, n:1.5, s:text, b:TRUE, b:FALSE, e:#N/A. Text takes the escapes
// \\ \t \n and \xHH (one byte), so tabs, line breaks and bytes that editors mangle can be written.

std::optional<std::string> unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out.push_back(s[i]);
      continue;
    }
    if (++i == s.size()) return std::nullopt;
    switch (s[i]) {
      case '\\': out.push_back('\\'); break;
      case 't': out.push_back('\t'); break;
      case 'n': out.push_back('\n'); break;
      case 'x': {
        unsigned byte = 0;
        if (i + 2 >= s.size()) return std::nullopt;
        const auto r = std::from_chars(s.data() + i + 1, s.data() + i + 3, byte, 16);
        if (r.ptr != s.data() + i + 3) return std::nullopt;
        out.push_back(static_cast<char>(byte));
        i += 2;
        break;
      }
      default: return std::nullopt;
    }
  }
  return out;
}

std::optional<value> parse_notation(std::string_view s) {
  if (s == "blank") return value::blank();
  if (s.size() < 2 || s[1] != ':') return std::nullopt;
  const std::string_view rest = s.substr(2);
  switch (s[0]) {
    case 'n': {
      double d = 0;
      const auto r = std::from_chars(rest.data(), rest.data() + rest.size(), d);
      if (r.ec != std::errc() || r.ptr != rest.data() + rest.size()) return std::nullopt;
      return value::number(d);
    }
    case 's':
      if (auto text = unescape(rest)) return value::text(*text);
      return std::nullopt;
    case 'b':
      if (rest == "TRUE") return value::boolean(true);
      if (rest == "FALSE") return value::boolean(false);
      return std::nullopt;
    case 'e':
      // Exact spelling only, so a table cannot lean on the case-insensitive parse it tests.
      for (const auto& row : error_table())
        if (row.text == rest) return value::error(row.code);
      return std::nullopt;
    default: return std::nullopt;
  }
}

}  // namespace

std::string notation(const value& v) {
  switch (v.kind()) {
    case value_kind::blank: return "blank";
    case value_kind::number: {
      char buf[32];
      const auto r = std::to_chars(buf, buf + sizeof buf, v.as_number());
      return "n:" + std::string(buf, r.ptr);
    }
    case value_kind::text: {
      std::string out = "s:";
      for (char c : v.as_text()) {
        const auto b = static_cast<unsigned char>(c);
        if (c == '\\') out += "\\\\";
        else if (c == '\t') out += "\\t";
        else if (c == '\n') out += "\\n";
        else if (b < 0x20 || b >= 0x7F) {
          static constexpr char hex[] = "0123456789ABCDEF";
          out += "\\x";
          out.push_back(hex[b >> 4]);
          out.push_back(hex[b & 0xF]);
        } else {
          out.push_back(c);
        }
      }
      return out;
    }
    case value_kind::boolean: return v.as_boolean() ? "b:TRUE" : "b:FALSE";
    case value_kind::error: return "e:" + std::string(to_text(v.as_error()));
  }
  return "?";
}

namespace {

// ---------------------------------------------------------------------------------------------
// Reading a table

struct table_row {
  std::string where;  // "to_number.tsv:12", for failure messages
  std::vector<std::string> fields;
};

// The rows of tests/unit/formula/data/<name>: tab-separated fields, '#' lines and empty lines
// skipped. Adds a failure when the file cannot be read.
std::vector<table_row> read_table(const std::string& name) {
  const std::string path = std::string(RETURNCHECK_SOURCE_DIR) + "/tests/unit/formula/data/" + name;
  std::ifstream in(path, std::ios::binary);
  std::vector<table_row> rows;
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return rows;
  }
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    table_row row{name + ":" + std::to_string(number), {}};
    std::size_t start = 0;
    while (true) {
      const std::size_t tab = line.find('\t', start);
      row.fields.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// Reads field i of a row as a value, adding a failure naming the row when it is malformed.
std::optional<value> field_value(const table_row& row, std::size_t i) {
  if (i >= row.fields.size()) {
    ADD_FAILURE() << row.where << ": needs at least " << i + 1 << " fields";
    return std::nullopt;
  }
  auto v = parse_notation(row.fields[i]);
  if (!v) ADD_FAILURE() << row.where << ": cannot read '" << row.fields[i] << "'";
  return v;
}

// The coercion's answer as a value, so that one notation covers results and errors.
template <class T, class F>
value as_value(const or_error<T>& r, F wrap) {
  if (!r) return value::error(r.error());
  return wrap(*r);
}

std::string ordering_text(std::weak_ordering o) {
  if (o < 0) return "<";
  if (o > 0) return ">";
  return "=";
}

// Bit-for-bit equality, so that a table pins the exact double (and a stray -0 shows up).
bool same_value(const value& a, const value& b) {
  if (a.is_number() && b.is_number()) {
    const double x = a.as_number(), y = b.as_number();
    return std::memcmp(&x, &y, sizeof x) == 0 || (x == 0 && y == 0);
  }
  return a == b;
}

// ---------------------------------------------------------------------------------------------
// Error values

TEST(value, error_table_matches_the_enum) {
  const auto table = error_table();
  ASSERT_EQ(table.size(), 10u);
  const error_value all[] = {error_value::null,  error_value::div0, error_value::value, error_value::ref,
                             error_value::name,  error_value::num,  error_value::na,    error_value::getting_data,
                             error_value::spill, error_value::calc};
  const std::string_view texts[] = {"#NULL!", "#DIV/0!", "#VALUE!",       "#REF!",   "#NAME?",
                                    "#NUM!",  "#N/A",    "#GETTING_DATA", "#SPILL!", "#CALC!"};
  for (std::size_t i = 0; i < table.size(); ++i) {
    EXPECT_EQ(table[i].code, all[i]) << "row " << i;
    EXPECT_EQ(table[i].text, texts[i]);
    EXPECT_EQ(to_text(all[i]), texts[i]);
    EXPECT_EQ(parse_error_value(texts[i]), all[i]);
  }
}

TEST(value, parse_error_value_ignores_case_and_nothing_else) {
  EXPECT_EQ(parse_error_value("#n/a"), error_value::na);
  EXPECT_EQ(parse_error_value("#div/0!"), error_value::div0);
  EXPECT_EQ(parse_error_value("#Value!"), error_value::value);
  EXPECT_EQ(parse_error_value("#name?"), error_value::name);
  EXPECT_EQ(parse_error_value("#getting_data"), error_value::getting_data);
  EXPECT_EQ(parse_error_value("#spill!"), error_value::spill);
  EXPECT_EQ(parse_error_value("#N/A "), std::nullopt);
  EXPECT_EQ(parse_error_value(" #N/A"), std::nullopt);
  EXPECT_EQ(parse_error_value("#NA"), std::nullopt);
  EXPECT_EQ(parse_error_value("#DIV/0"), std::nullopt);
  EXPECT_EQ(parse_error_value("N/A"), std::nullopt);
  EXPECT_EQ(parse_error_value("#FIELD!"), std::nullopt);
  EXPECT_EQ(parse_error_value(""), std::nullopt);
}

// ---------------------------------------------------------------------------------------------
// value

TEST(value, named_constructors_set_the_kind) {
  EXPECT_EQ(value().kind(), value_kind::blank);
  EXPECT_EQ(value::blank().kind(), value_kind::blank);
  EXPECT_EQ(value::number(1.5).as_number(), 1.5);
  EXPECT_EQ(value::text("abc").as_text(), "abc");
  EXPECT_TRUE(value::boolean(true).as_boolean());
  EXPECT_FALSE(value::boolean(false).as_boolean());
  EXPECT_EQ(value::error(error_value::na).as_error(), error_value::na);
  EXPECT_TRUE(value::number(0).is_number());
  EXPECT_TRUE(value::text("").is_text());
  EXPECT_TRUE(value::boolean(false).is_boolean());
  EXPECT_TRUE(value::error(error_value::ref).is_error());
}

TEST(value, equality_needs_the_same_kind_and_scalar) {
  EXPECT_EQ(value::blank(), value());
  EXPECT_EQ(value::number(2), value::number(2.0));
  EXPECT_NE(value::number(0), value::blank());
  EXPECT_NE(value::number(1), value::boolean(true));
  EXPECT_NE(value::text("1"), value::number(1));
  EXPECT_NE(value::text("a"), value::text("A"));
  EXPECT_NE(value::text(""), value::blank());
  EXPECT_NE(value::error(error_value::na), value::error(error_value::value));
  EXPECT_EQ(value::error(error_value::na), value::error(error_value::na));
}

TEST(value, checked_number_turns_overflow_into_num) {
  EXPECT_EQ(value::checked_number(1.5), value::number(1.5));
  EXPECT_EQ(value::checked_number(std::numeric_limits<double>::infinity()), value::error(error_value::num));
  EXPECT_EQ(value::checked_number(-std::numeric_limits<double>::infinity()), value::error(error_value::num));
  EXPECT_EQ(value::checked_number(std::numeric_limits<double>::quiet_NaN()), value::error(error_value::num));
}

// ---------------------------------------------------------------------------------------------
// The coercion tables

TEST(value, to_number_table) {
  const auto rows = read_table("to_number.tsv");
  EXPECT_GE(rows.size(), 60u);
  for (const auto& row : rows) {
    const auto input = field_value(row, 0);
    const auto expected = field_value(row, 1);
    if (!input || !expected) continue;
    const value got = as_value(to_number(*input), [](double d) { return value::number(d); });
    EXPECT_TRUE(same_value(got, *expected)) << row.where << ": to_number(" << notation(*input) << ") is "
                                            << notation(got) << ", expected " << notation(*expected);
  }
}

TEST(value, to_text_table) {
  const auto rows = read_table("to_text.tsv");
  EXPECT_GE(rows.size(), 60u);
  for (const auto& row : rows) {
    const auto input = field_value(row, 0);
    const auto expected = field_value(row, 1);
    if (!input || !expected) continue;
    const value got = as_value(to_text(*input), [](const std::string& s) { return value::text(s); });
    EXPECT_EQ(got, *expected) << row.where << ": to_text(" << notation(*input) << ") is " << notation(got)
                              << ", expected " << notation(*expected);
  }
}

TEST(value, to_boolean_table) {
  const auto rows = read_table("to_boolean.tsv");
  EXPECT_GE(rows.size(), 60u);
  for (const auto& row : rows) {
    const auto input = field_value(row, 0);
    const auto expected = field_value(row, 1);
    if (!input || !expected) continue;
    const value got = as_value(to_boolean(*input), [](bool b) { return value::boolean(b); });
    EXPECT_EQ(got, *expected) << row.where << ": to_boolean(" << notation(*input) << ") is " << notation(got)
                              << ", expected " << notation(*expected);
  }
}

TEST(value, compare_table) {
  const auto rows = read_table("compare.tsv");
  EXPECT_GE(rows.size(), 60u);
  for (const auto& row : rows) {
    const auto a = field_value(row, 0);
    const auto b = field_value(row, 1);
    if (!a || !b) continue;
    if (row.fields.size() < 3) {
      ADD_FAILURE() << row.where << ": needs an expected result";
      continue;
    }
    const std::string& expected = row.fields[2];
    const auto got = compare(*a, *b);
    const std::string got_text = got ? ordering_text(*got) : notation(value::error(got.error()));
    EXPECT_EQ(got_text, expected) << row.where << ": compare(" << notation(*a) << ", " << notation(*b) << ")";
    // The other way round gives the opposite answer.
    if (got) {
      const auto back = compare(*b, *a);
      ASSERT_TRUE(back) << row.where;
      EXPECT_EQ(ordering_text(*back), ordering_text(0 <=> *got)) << row.where << ": reversed";
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Beyond the tables

TEST(value, to_number_reads_dates_in_the_1904_system) {
  auto serial = [](std::string_view text, bool date1904) {
    return as_value(to_number(value::text(std::string(text)), date1904), [](double d) { return value::number(d); });
  };
  EXPECT_EQ(serial("2015-03-31", true), value::number(42094 - 1462));
  EXPECT_EQ(serial("1904-01-01", true), value::number(0));
  EXPECT_EQ(serial("1904-01-02 12:00", true), value::number(1.5));
  EXPECT_EQ(serial("1903-12-31", true), value::error(error_value::value));
  EXPECT_EQ(serial("29/02/1900", true), value::error(error_value::value));
  EXPECT_EQ(serial("12:30", true), serial("12:30", false));
  EXPECT_EQ(serial("1,000", true), value::number(1000));
}

TEST(value, round_to_15_digits_keeps_what_excel_keeps) {
  EXPECT_EQ(round_to_15_digits(0.1 + 0.2), 0.3);
  EXPECT_EQ(round_to_15_digits(1.0 / 3), 0.333333333333333);
  EXPECT_EQ(round_to_15_digits(2.0 / 3), 0.666666666666667);
  EXPECT_EQ(round_to_15_digits(-2.0 / 3), -0.666666666666667);
  EXPECT_EQ(round_to_15_digits(123456789012345678.0), 123456789012346000.0);
  EXPECT_EQ(round_to_15_digits(1.2 - 1.1), 0.0999999999999999);
  EXPECT_EQ(round_to_15_digits(1e300 / 3), 3.33333333333333e299);
  EXPECT_EQ(round_to_15_digits(42094.520833333336), 42094.5208333333);
  // A tie on the 16th digit rounds away from zero (POI's reading of Excel; half-even would give
  // 1234567890123440).
  EXPECT_EQ(round_to_15_digits(1234567890123445.0), 1234567890123450.0);
  EXPECT_EQ(round_to_15_digits(-1234567890123445.0), -1234567890123450.0);
  EXPECT_EQ(round_to_15_digits(0), 0);
  EXPECT_TRUE(std::signbit(round_to_15_digits(-0.0)));
  EXPECT_EQ(round_to_15_digits(DBL_MAX), DBL_MAX);
  EXPECT_EQ(round_to_15_digits(5e-324), 5e-324);
  EXPECT_EQ(round_to_15_digits(std::numeric_limits<double>::infinity()), std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(round_to_15_digits(std::numeric_limits<double>::quiet_NaN())));
}

TEST(value, same_as_excel_compares_at_15_digits) {
  EXPECT_TRUE(same_as_excel(0.1 + 0.2, 0.3));
  EXPECT_FALSE(same_as_excel(0.17626, 0.176));
  EXPECT_TRUE(same_as_excel(1e16 + 1, 1e16));
  EXPECT_TRUE(same_as_excel(1.0 / 3, 0.333333333333333));
  EXPECT_TRUE(same_as_excel(0.176, 0.17600000000000002));
  EXPECT_FALSE(same_as_excel(1.2 - 1.1, 0.1));
  EXPECT_FALSE(same_as_excel(123456789012345.0, 123456789012346.0));
  EXPECT_FALSE(same_as_excel(1.00000000000001, 1));
  EXPECT_TRUE(same_as_excel(1e300, std::nextafter(1e300, 2e300)));
  EXPECT_FALSE(same_as_excel(1, -1));
  EXPECT_TRUE(same_as_excel(0, 0));
  EXPECT_TRUE(same_as_excel(-0.0, 0));
  EXPECT_FALSE(same_as_excel(0.0, std::numeric_limits<double>::quiet_NaN()));
}

TEST(value, same_as_excel_treats_numbers_near_zero_as_zero) {
  EXPECT_TRUE(same_as_excel(1e-301, 0));
  EXPECT_TRUE(same_as_excel(0, -1e-305));
  EXPECT_TRUE(same_as_excel(1e-301, -1e-301));
  EXPECT_FALSE(same_as_excel(1e-299, 0));
  // 0.3-0.2-0.1 is -2.7755575615628914E-17 in Excel too: not 0.
  EXPECT_FALSE(same_as_excel(0.3 - 0.2 - 0.1, 0));
}

TEST(value, same_as_excel_forgives_neighbours_across_a_rounding_boundary) {
  // Two adjacent doubles either side of ...44|5 round to different 15-digit values, yet differ
  // only by floating-point noise.
  double below = 0.1234567890123445;
  while (round_to_15_digits(std::nextafter(below, 1.0)) == round_to_15_digits(below))
    below = std::nextafter(below, 1.0);
  const double above = std::nextafter(below, 1.0);
  ASSERT_NE(round_to_15_digits(below), round_to_15_digits(above));
  EXPECT_TRUE(same_as_excel(below, above));
  EXPECT_TRUE(same_as_excel(std::nextafter(below, 0.0), std::nextafter(above, 1.0)));
}

// Every number, written as text and read back, is the number rounded to the digits written: the
// two halves of the coercions agree, for numbers of every size.
TEST(value, numbers_written_as_text_read_back) {
  std::mt19937_64 random(20150331);
  std::uniform_int_distribution<int> exponent(-320, 308);
  std::uniform_real_distribution<double> mantissa(1.0, 10.0);
  std::uniform_int_distribution<std::uint64_t> bits;
  for (int i = 0; i < 20000; ++i) {
    double x;
    if (i % 2 == 0) {
      x = mantissa(random) * std::pow(10.0, exponent(random));
    } else {
      const std::uint64_t b = bits(random);
      std::memcpy(&x, &b, sizeof x);
    }
    if (!std::isfinite(x)) continue;
    if (i % 3 == 0) x = -x;
    const std::string text = format_number(x);
    SCOPED_TRACE(notation(value::number(x)) + " -> " + text);
    const std::size_t length = text.size() - (text[0] == '-' ? 1 : 0);
    EXPECT_LE(length, 21u);
    if (std::fabs(x) < DBL_MIN) {
      EXPECT_EQ(text, "0");
      continue;
    }
    double back = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), back);
    ASSERT_EQ(r.ptr, text.data() + text.size());
    const bool three_digit_exponent = std::fabs(x) >= 1e99 || std::fabs(x) < 1e-98;
    if (!three_digit_exponent) {
      EXPECT_EQ(back, round_to_15_digits(x));
    }
    if (std::fabs(back) <= 9.99999999999999e307 && std::fabs(back) >= DBL_MIN) {
      const auto n = to_number(value::text(text));
      ASSERT_TRUE(n);
      EXPECT_EQ(*n, back);
    }
  }
}

}  // namespace
}  // namespace returncheck::formula
