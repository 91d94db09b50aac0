// Decoding UTF-8 strictly, for writers whose output must be valid text whatever a workbook holds.
#pragma once

#include <cstddef>
#include <string_view>

namespace returncheck::util {

struct utf8_char {
  std::size_t length = 0;  // bytes; 0 when the bytes at the position are not valid UTF-8
  char32_t code_point = 0;
};

// The character starting at s[i] (i < s.size()). Overlong forms, surrogates, code points beyond
// U+10FFFF and sequences cut short are invalid: length 0.
utf8_char decode_utf8(std::string_view s, std::size_t i);

}  // namespace returncheck::util
