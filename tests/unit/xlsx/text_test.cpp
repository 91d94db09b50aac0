// Tests for XML text decoding and OOXML's _xHHHH_ escapes.
#include "returncheck/xlsx/detail/text.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace returncheck::xlsx::detail {
namespace {

const std::string replacement = "\xEF\xBF\xBD";  // U+FFFD

struct xml_text_case {
  std::string raw;
  std::optional<std::string> expected;  // nullopt: the text is refused
};

TEST(xml_text, predefined_entities_and_character_references) {
  const std::vector<xml_text_case> cases = {
      {"", ""},
      {"plain", "plain"},
      {"&amp;", "&"},
      {"&lt;", "<"},
      {"&gt;", ">"},
      {"&quot;", "\""},
      {"&apos;", "'"},
      {"&amp;&lt;&gt;&quot;&apos;", "&<>\"'"},
      {"a &amp; b", "a & b"},
      {"&amp;amp;", "&amp;"},  // decoded once only
      {"IF(A1&lt;&gt;\"\",1,0)", "IF(A1<>\"\",1,0)"},
      {"&#65;", "A"},
      {"&#x41;", "A"},
      {"&#X41;", "A"},
      {"&#x6a;&#x6A;", "jj"},
      {"&#0065;", "A"},
      {"&#10;", "\n"},
      {"&#xD;", "\r"},
      {"&#233;", "\xC3\xA9"},      // é
      {"&#xE9;", "\xC3\xA9"},
      {"&#x20AC;", "\xE2\x82\xAC"},  // €
      {"&#8364;", "\xE2\x82\xAC"},
      {"&#x1F600;", "\xF0\x9F\x98\x80"},  // 😀, beyond the BMP
      {"&#128512;", "\xF0\x9F\x98\x80"},
      {"&#x10FFFF;", "\xF4\x8F\xBF\xBF"},
      {"&#xD800;", replacement},  // a lone surrogate cannot be encoded
      {"x&#x41;y&amp;z", "xAy&z"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE("'" + c.raw + "'");
    std::string out;
    ASSERT_TRUE(append_xml_text(out, c.raw));
    EXPECT_EQ(out, *c.expected);
  }
}

TEST(xml_text, bad_references_are_refused) {
  // Without a DTD only the five predefined entities exist.
  const std::vector<std::string> cases = {
      "&nbsp;",
      "&copy;",
      "&AMP;",
      "&amp",            // no ';'
      "a & b",
      "&",
      "&;",
      "&#;",
      "&#x;",
      "&#X;",
      "&#xG1;",
      "&#12a;",
      "&#-1;",
      "&# 65;",
      "&#x110000;",      // beyond Unicode
      "&#1114112;",
      "&#99999999999999999999;",
      "&averyveryverylongname;",
      "ok &bogus; ok",
  };
  for (const auto& raw : cases) {
    SCOPED_TRACE("'" + raw + "'");
    std::string out;
    EXPECT_FALSE(append_xml_text(out, raw));
  }
}

TEST(xml_text, appends_to_what_is_there) {
  std::string out = "x";
  ASSERT_TRUE(append_xml_text(out, "&lt;y"));
  EXPECT_EQ(out, "x<y");
}

TEST(xml_text, append_utf8) {
  const std::vector<std::pair<std::uint32_t, std::string>> cases = {
      {0x41, "A"},
      {0x7F, "\x7F"},
      {0x80, "\xC2\x80"},
      {0x7FF, "\xDF\xBF"},
      {0x800, "\xE0\xA0\x80"},
      {0xFFFF, "\xEF\xBF\xBF"},
      {0x10000, "\xF0\x90\x80\x80"},
      {0x10FFFF, "\xF4\x8F\xBF\xBF"},
      {0x110000, replacement},
      {0xFFFFFFFF, replacement},
      {0xD800, replacement},
      {0xDFFF, replacement},
  };
  for (const auto& [cp, expected] : cases) {
    SCOPED_TRACE(cp);
    std::string out;
    append_utf8(out, cp);
    EXPECT_EQ(out, expected);
  }
  std::string nul;
  append_utf8(nul, 0);
  EXPECT_EQ(nul, std::string(1, '\0'));
}

struct unescape_case {
  std::string input;
  std::string expected;
};

TEST(ooxml_escapes, unescape) {
  const std::vector<unescape_case> cases = {
      {"", ""},
      {"no escapes", "no escapes"},
      {"snake_case_name", "snake_case_name"},
      {"a_x000D_b", "a\rb"},
      {"line 1_x000D__x000A_line 2", "line 1\r\nline 2"},
      {"_x0009_", "\t"},
      {"_x0041_", "A"},
      {"_x0041__x0042_", "AB"},
      {"_x00e9_", "\xC3\xA9"},  // lower-case hex digits
      {"_x00E9_", "\xC3\xA9"},
      {"_x20AC_", "\xE2\x82\xAC"},
      {"_x005F_", "_"},
      {"_x005F_x0041_", "_x0041_"},  // an escaped underscore protects a literal _x0041_
      {"_x005f_x000D_", "_x000D_"},
      {"__x0041_", "_A"},
      // Not escapes: left alone.
      {"_xZZZZ_", "_xZZZZ_"},
      {"_x00G1_", "_x00G1_"},
      {"_x12_", "_x12_"},
      {"_x0041", "_x0041"},
      {"_X0041_", "_X0041_"},  // the x is lower case only
      {"x0041_", "x0041_"},
      {"_x_", "_x_"},
      // Four digits cannot reach beyond the BMP: five are not an escape, and surrogate halves
      // become U+FFFD so that the text stays valid UTF-8.
      {"_x1F600_", "_x1F600_"},
      {"_xD83D__xDE00_", replacement + replacement},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE("'" + c.input + "'");
    std::string s = c.input;
    unescape_ooxml(s);
    EXPECT_EQ(s, c.expected);
  }
}

}  // namespace
}  // namespace returncheck::xlsx::detail
