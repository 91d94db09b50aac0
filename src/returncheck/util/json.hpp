// Writing JSON text: escaped strings and numbers that read back exactly.
#pragma once

#include <string>
#include <string_view>

namespace returncheck::util {

// Appends s as a JSON string literal (quotes included). Invalid UTF-8 bytes become U+FFFD so
// that the output is always valid JSON.
void append_json_string(std::string& out, std::string_view s);

// Appends a number in the shortest form that reads back to the same double; whole numbers
// below 2^53 without a fraction ("184", not "184.0"); NaN and infinities as null.
void append_json_number(std::string& out, double v);

}  // namespace returncheck::util
