// Tests for escaping workbook text into HTML and XML.
#include "returncheck/report/detail/markup.hpp"

#include <gtest/gtest.h>

namespace returncheck::report::detail {
namespace {

TEST(markup, the_five_characters_become_references) {
  EXPECT_EQ(escaped("<a href=\"x\">Tom & Jerry's</a>"), "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
}

TEST(markup, forbidden_characters_are_dropped) {
  EXPECT_EQ(escaped(std::string("a\x00"
                                "b\x01\x1b\x7f"
                                "c",
                                7)),
            "abc");
  EXPECT_EQ(escaped("c1 \xC2\x80\xC2\x9B end"), "c1  end");
  EXPECT_EQ(escaped("non \xEF\xBF\xBE\xEF\xBF\xBF chars"), "non  chars");
}

TEST(markup, invalid_utf8_becomes_the_replacement_character) {
  EXPECT_EQ(escaped("bad \xFF \xC3("), "bad \xEF\xBF\xBD \xEF\xBF\xBD(");
}

TEST(markup, other_text_is_kept) {
  EXPECT_EQ(escaped("229 \u2192 278 is +21.4% \u00e9 \U0001F600\ttab\nline"),
            "229 \u2192 278 is +21.4% \u00e9 \U0001F600\ttab\nline");
}

TEST(markup, attributes_keep_their_white_space_as_references) {
  EXPECT_EQ(escaped("a\tb\nc\rd", true), "a&#9;b&#10;c&#13;d");
}

}  // namespace
}  // namespace returncheck::report::detail
