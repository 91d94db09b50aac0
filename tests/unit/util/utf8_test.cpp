// Tests for strict UTF-8 decoding: valid characters of each length, and every kind of invalid sequence.
#include "returncheck/util/utf8.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace returncheck::util {
namespace {

TEST(decode_utf8, one_to_four_bytes) {
  EXPECT_EQ(decode_utf8("A", 0).length, 1u);
  EXPECT_EQ(decode_utf8("A", 0).code_point, U'A');
  EXPECT_EQ(decode_utf8("\u00e9", 0).length, 2u);
  EXPECT_EQ(decode_utf8("\u00e9", 0).code_point, U'\u00e9');
  EXPECT_EQ(decode_utf8("x\u2192", 1).length, 3u);
  EXPECT_EQ(decode_utf8("x\u2192", 1).code_point, U'\u2192');
  EXPECT_EQ(decode_utf8("\U0001F600", 0).length, 4u);
  EXPECT_EQ(decode_utf8("\U0001F600", 0).code_point, U'\U0001F600');
}

TEST(decode_utf8, invalid_sequences_have_no_length) {
  for (std::string_view bad :
       {std::string_view("\xFF"), std::string_view("\x80"), std::string_view("\xC0\xAF"), std::string_view("\xE2\x86"),
        std::string_view("\xED\xA0\x80"), std::string_view("\xF4\x90\x80\x80"), std::string_view("\xC3(")})
    EXPECT_EQ(decode_utf8(bad, 0).length, 0u) << testing::PrintToString(bad);
}

}  // namespace
}  // namespace returncheck::util
