// Tests for the number-format renderer, driven by tests/unit/xlsx/data/number_format.tsv.
//
// A table row is `value<TAB>code<TAB>expected`, tab-separated, '#' lines and empty lines skipped:
//   value     a number (1234.5, -1E-3, nan, inf); "1904:" before it uses the 1904 date system;
//             "s:" before text makes it a text value (format_text)
//   code      the format code exactly as Excel holds it (no escapes; may be empty)
//   expected  the text between double quotes (spaces count), or `none` where nothing can be shown
#include "returncheck/xlsx/number_format.hpp"

#include <gtest/gtest.h>

#include <charconv>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace returncheck::xlsx {
namespace {

struct row {
  std::string where;  // "number_format.tsv:12", for failure messages
  std::string value, code, expected;
};

std::vector<row> read_rows() {
  const std::string path = std::string(RETURNCHECK_SOURCE_DIR) + "/tests/unit/xlsx/data/number_format.tsv";
  std::ifstream in(path, std::ios::binary);
  std::vector<row> rows;
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return rows;
  }
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const std::string where = "number_format.tsv:" + std::to_string(number);
    const std::size_t tab1 = line.find('\t');
    const std::size_t tab2 = tab1 == std::string::npos ? tab1 : line.find('\t', tab1 + 1);
    if (tab2 == std::string::npos || line.find('\t', tab2 + 1) != std::string::npos) {
      ADD_FAILURE() << where << ": needs exactly three tab-separated fields";
      continue;
    }
    rows.push_back({where, line.substr(0, tab1), line.substr(tab1 + 1, tab2 - tab1 - 1), line.substr(tab2 + 1)});
  }
  return rows;
}

std::string show(const std::optional<std::string>& s) { return s ? "\"" + *s + "\"" : "none"; }

TEST(number_format, table) {
  const auto rows = read_rows();
  EXPECT_GT(rows.size(), 100u);
  for (const auto& r : rows) {
    if (r.expected != "none" && (r.expected.size() < 2 || r.expected.front() != '"' || r.expected.back() != '"')) {
      ADD_FAILURE() << r.where << ": expected must be quoted text or none";
      continue;
    }
    std::optional<std::string> got;
    if (r.value.starts_with("s:")) {
      got = format_text(std::string_view(r.value).substr(2), r.code);
    } else {
      std::string_view number = r.value;
      const bool date1904 = number.starts_with("1904:");
      if (date1904) number.remove_prefix(5);
      double x = 0;
      const auto res = std::from_chars(number.data(), number.data() + number.size(), x);
      if (res.ec != std::errc() || res.ptr != number.data() + number.size()) {
        ADD_FAILURE() << r.where << ": cannot read the value '" << r.value << "'";
        continue;
      }
      got = format_number(x, r.code, date1904);
    }
    EXPECT_EQ(show(got), r.expected) << r.where << ": " << r.value << " with '" << r.code << "'";
  }
}

TEST(number_format, general_is_what_the_general_code_shows) {
  for (const double x : {0.0, 1.0 / 3, -2.0, 1234.5, 123456789012.0, 0.0000123456789, 1e-300, 5e-324})
    EXPECT_EQ(format_general(x), format_number(x, "General", false)) << x;
}

}  // namespace
}  // namespace returncheck::xlsx
