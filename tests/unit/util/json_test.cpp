// Tests for the JSON writers: strings always valid JSON, numbers that read back exactly.
#include "returncheck/util/json.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace returncheck::util {
namespace {

std::string json_string(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

std::string json_number(double v) {
  std::string out;
  append_json_number(out, v);
  return out;
}

struct string_case {
  std::string input;
  std::string expected;
};

void check(const std::vector<string_case>& cases) {
  for (const auto& c : cases) {
    std::string shown;
    for (unsigned char ch : c.input) {
      static constexpr char hex[] = "0123456789abcdef";
      shown += "\\x";
      shown += hex[ch >> 4];
      shown += hex[ch & 0xF];
    }
    SCOPED_TRACE("input bytes: " + shown);
    EXPECT_EQ(json_string(c.input), c.expected);
  }
}

const std::string replacement = "\xEF\xBF\xBD";  // U+FFFD

TEST(json_string, plain_text_is_quoted) {
  check({
      {"", R"("")"},
      {"abc", R"("abc")"},
      {"Looked After Children", R"("Looked After Children")"},
      {"/", R"("/")"},  // no need to escape a solidus
      {"'", R"("'")"},
      {"\x7F", "\"\x7F\""},  // DEL is not a control character in JSON
  });
}

TEST(json_string, quotes_and_backslashes_are_escaped) {
  check({
      {"\"", R"("\"")"},
      {"a\"b", R"("a\"b")"},
      {"\\", R"("\\")"},
      {"C:\\temp\\x", R"("C:\\temp\\x")"},
      {"\\\"", R"("\\\"")"},
  });
}

TEST(json_string, control_characters_are_escaped) {
  check({
      {"\n", R"("\n")"},
      {"\r", R"("\r")"},
      {"\t", R"("\t")"},
      {"a\r\nb", R"("a\r\nb")"},
      {std::string("\0", 1), R"("\u0000")"},
      {"\x01", R"("\u0001")"},
      {"\x08", R"("\u0008")"},
      {"\x0C", R"("\u000c")"},
      {"\x1B", R"("\u001b")"},
      {"\x1F", R"("\u001f")"},
      {std::string("a\0b", 3), R"("a\u0000b")"},
  });
}

TEST(json_string, valid_utf8_is_kept) {
  check({
      {"\xC3\xA9", "\"\xC3\xA9\""},                  // é, two bytes
      {"\xC2\x80", "\"\xC2\x80\""},                  // U+0080, the smallest two-byte value
      {"\xDF\xBF", "\"\xDF\xBF\""},                  // U+07FF
      {"\xE0\xA0\x80", "\"\xE0\xA0\x80\""},          // U+0800, the smallest three-byte value
      {"\xE2\x82\xAC", "\"\xE2\x82\xAC\""},          // €
      {"\xE6\xBC\xA2\xE5\xAD\x97", "\"\xE6\xBC\xA2\xE5\xAD\x97\""},  // 漢字
      {"\xED\x9F\xBF", "\"\xED\x9F\xBF\""},          // U+D7FF, just below the surrogates
      {"\xEE\x80\x80", "\"\xEE\x80\x80\""},          // U+E000, just above them
      {"\xEF\xBF\xBF", "\"\xEF\xBF\xBF\""},          // U+FFFF
      {"\xF0\x90\x80\x80", "\"\xF0\x90\x80\x80\""},  // U+10000, the smallest four-byte value
      {"\xF0\x9F\x98\x80", "\"\xF0\x9F\x98\x80\""},  // 😀
      {"\xF4\x8F\xBF\xBF", "\"\xF4\x8F\xBF\xBF\""},  // U+10FFFF, the last code point
      {"caf\xC3\xA9 \"\xE2\x82\xAC\"", "\"caf\xC3\xA9 \\\"\xE2\x82\xAC\\\"\""},
  });
}

TEST(json_string, invalid_utf8_bytes_become_replacement_characters) {
  const std::string r = replacement;
  check({
      {"\x80", "\"" + r + "\""},                         // a continuation byte alone
      {"\xBF", "\"" + r + "\""},
      {"\xFF", "\"" + r + "\""},                         // never valid
      {"\xFE", "\"" + r + "\""},
      {"\xF8\x88\x80\x80\x80", "\"" + r + r + r + r + r + "\""},  // five-byte form
      {"\xC3", "\"" + r + "\""},                         // cut short at the end
      {"a\xC3", "\"a" + r + "\""},
      {"\xC3(", "\"" + r + "(\""},                       // a lead byte not followed by a continuation
      {"\xE2\x82", "\"" + r + r + "\""},                 // three-byte form cut short
      {"\xE2\x82z", "\"" + r + r + "z\""},
      {"\xF0\x9F\x98", "\"" + r + r + r + "\""},         // four-byte form cut short
      {"\xF0\x9F\x98" "a", "\"" + r + r + r + "a\""},
      {"\xE9t\xE9", "\"" + r + "t" + r + "\""},          // Latin-1 é, as a legacy file may hold
      {"ok\x80" "ok", "\"ok" + r + "ok\""},
  });
}

TEST(json_string, overlong_forms_and_surrogates_are_rejected) {
  const std::string r = replacement;
  check({
      {"\xC0\xAF", "\"" + r + r + "\""},              // '/' in two bytes
      {"\xC1\xBF", "\"" + r + r + "\""},              // U+007F in two bytes
      {"\xC0\x80", "\"" + r + r + "\""},              // NUL in two bytes (modified UTF-8)
      {"\xE0\x80\xAF", "\"" + r + r + r + "\""},      // '/' in three bytes
      {"\xE0\x9F\xBF", "\"" + r + r + r + "\""},      // U+07FF in three bytes
      {"\xF0\x80\x80\xAF", "\"" + r + r + r + r + "\""},  // '/' in four bytes
      {"\xF0\x8F\xBF\xBF", "\"" + r + r + r + r + "\""},  // U+FFFF in four bytes
      {"\xED\xA0\x80", "\"" + r + r + r + "\""},      // U+D800, a high surrogate
      {"\xED\xBF\xBF", "\"" + r + r + r + "\""},      // U+DFFF, a low surrogate
      {"\xED\xA0\xBD\xED\xB8\x80", "\"" + r + r + r + r + r + r + "\""},  // CESU-8 pair for 😀
      {"\xF4\x90\x80\x80", "\"" + r + r + r + r + "\""},  // U+110000, beyond Unicode
      {"\xF7\xBF\xBF\xBF", "\"" + r + r + r + r + "\""},
  });
}

TEST(json_string, appends_to_what_is_there) {
  std::string out = "{\"k\":";
  append_json_string(out, "v");
  out += ",\"n\":";
  append_json_number(out, 1.5);
  out += "}";
  EXPECT_EQ(out, R"({"k":"v","n":1.5})");
}

TEST(json_string, every_byte_value_gives_valid_json_text) {
  // Every single byte, alone: the output is quoted, has no raw control character and no
  // byte that is invalid UTF-8 (each non-ASCII byte alone is invalid, so becomes U+FFFD).
  for (int b = 0; b < 256; ++b) {
    SCOPED_TRACE("byte " + std::to_string(b));
    const std::string out = json_string(std::string(1, char(b)));
    ASSERT_GE(out.size(), 2u);
    EXPECT_EQ(out.front(), '"');
    EXPECT_EQ(out.back(), '"');
    for (unsigned char c : out) EXPECT_GE(c, 0x20);
    if (b >= 0x80) {
      EXPECT_EQ(out, "\"" + replacement + "\"");
    }
  }
}

struct number_case {
  double value;
  std::string expected;
};

TEST(json_number, shortest_text_that_reads_back) {
  const std::vector<number_case> cases = {
      {0, "0"},
      {1, "1"},
      {-1, "-1"},
      {184, "184"},  // not 184.0
      {229, "229"},
      {-278, "-278"},
      {42094, "42094"},
      {1e15, "1000000000000000"},
      {123456789012.0, "123456789012"},
      {9007199254740991.0, "9007199254740991"},  // 2^53 - 1, the largest whole number below 2^53
      {9007199254740992.0, "9007199254740992"},  // 2^53: no longer through the integer path, same text
      {1e16, "1e+16"},
      {0.1, "0.1"},
      {0.5, "0.5"},
      {-1.5, "-1.5"},
      {0.176, "0.176"},
      {0.1 + 0.2, "0.30000000000000004"},
      {1.0 / 3, "0.3333333333333333"},
      {42094.5, "42094.5"},
      {1e-7, "1e-07"},
      {1e-300, "1e-300"},
      {1e300, "1e+300"},
      {-1e300, "-1e+300"},
      {5e-324, "5e-324"},                      // the smallest subnormal
      {2.2250738585072014e-308, "2.2250738585072014e-308"},  // the smallest normal
      {std::numeric_limits<double>::max(), "1.7976931348623157e+308"},
      {std::numeric_limits<double>::lowest(), "-1.7976931348623157e+308"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE("expected " + c.expected);
    EXPECT_EQ(json_number(c.value), c.expected);
  }
}

TEST(json_number, negative_zero_is_zero) {
  // Excel has no negative zero: it shows and compares -0 as 0, and so does the dump.
  EXPECT_EQ(json_number(-0.0), "0");
}

TEST(json_number, nan_and_infinities_are_null) {
  EXPECT_EQ(json_number(std::numeric_limits<double>::quiet_NaN()), "null");
  EXPECT_EQ(json_number(-std::numeric_limits<double>::quiet_NaN()), "null");
  EXPECT_EQ(json_number(std::numeric_limits<double>::signaling_NaN()), "null");
  EXPECT_EQ(json_number(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(json_number(-std::numeric_limits<double>::infinity()), "null");
}

// Reads the text back with strtod and checks it gives the very same double, and that the
// text is a JSON number (no "inf", no leading '+', no trailing '.').
void expect_round_trip(double v) {
  const std::string text = json_number(v);
  char* end = nullptr;
  const double back = std::strtod(text.c_str(), &end);
  ASSERT_EQ(end, text.c_str() + text.size()) << text;
  if (v == 0) {
    EXPECT_EQ(back, 0.0) << text;
  } else {
    EXPECT_EQ(std::bit_cast<std::uint64_t>(back), std::bit_cast<std::uint64_t>(v))
        << text << " reads back as a different double";
  }
  EXPECT_NE(text.front(), '+') << text;
  EXPECT_NE(text.back(), '.') << text;
  EXPECT_EQ(text.find_first_not_of("0123456789-+.e"), std::string::npos) << text;
  if (v == std::trunc(v) && std::fabs(v) < 9007199254740992.0) {
    EXPECT_EQ(text.find_first_of(".e"), std::string::npos) << text << " is a whole number";
  }
}

TEST(json_number, random_doubles_round_trip) {
  std::mt19937_64 rng(20150331);
  int checked = 0;
  while (checked < 100000) {
    const double v = std::bit_cast<double>(rng());
    if (!std::isfinite(v)) continue;
    expect_round_trip(v);
    ++checked;
  }
}

TEST(json_number, values_spreadsheets_hold_round_trip) {
  // Money, percentages and counts: short decimals, whole numbers and their neighbours.
  std::mt19937_64 rng(229278);
  std::uniform_int_distribution<std::int64_t> cents(-100'000'000'000, 100'000'000'000);
  std::uniform_int_distribution<int> scale(0, 6);
  for (int i = 0; i < 100000; ++i) {
    const double v = double(cents(rng)) / std::pow(10.0, scale(rng));
    expect_round_trip(v);
    expect_round_trip(std::nextafter(v, 1e300));
    expect_round_trip(std::nextafter(v, -1e300));
  }
  for (int e = -1074; e <= 1023; ++e) expect_round_trip(std::ldexp(1.0, e));
  for (int e = -1074; e <= 1023; ++e) expect_round_trip(-std::ldexp(1.0, e));
}

}  // namespace
}  // namespace returncheck::util

namespace returncheck::util {
namespace {

TEST(json_writer, commas_keys_and_nesting) {
  json_writer w;
  w.begin_object().field("name", "Activity").field("rows", 5.0).field("strict", false);
  w.key("ranges").begin_array().value("A1:B2").value("C3").end_array();
  w.key("empty").begin_array().end_array();
  w.key("nested").begin_object().field("n", 0.5).key("none").null().end_object();
  w.end_object();
  EXPECT_EQ(w.str(),
            R"({"name":"Activity","rows":5,"strict":false,"ranges":["A1:B2","C3"],"empty":[],)"
            R"("nested":{"n":0.5,"none":null}})");
}

TEST(json_writer, arrays_of_objects_and_escaped_keys) {
  json_writer w;
  w.begin_array();
  w.begin_object().field("a\"b", "x\ny").end_object();
  w.begin_object().end_object();
  w.end_array();
  EXPECT_EQ(w.str(), R"([{"a\"b":"x\ny"},{}])");
}

}  // namespace
}  // namespace returncheck::util
