// Writing JSON text: escaped strings and numbers that read back exactly.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>

namespace returncheck::util {

// Appends s as a JSON string literal (quotes included). Invalid UTF-8 bytes become U+FFFD so
// that the output is always valid JSON.
void append_json_string(std::string& out, std::string_view s);

// Appends a number in the shortest form that reads back to the same double; whole numbers
// below 2^53 without a fraction ("184", not "184.0"); NaN and infinities as null.
void append_json_number(std::string& out, double v);

// Writes one JSON document into a string, keeping track of commas, so callers say only what
// goes where: w.begin_object().field("n", 1).key("list").begin_array().value("a").end_array().end_object().
class json_writer {
 public:
  json_writer& begin_object() { return open('{'); }
  json_writer& end_object() { return close('}'); }
  json_writer& begin_array() { return open('['); }
  json_writer& end_array() { return close(']'); }
  json_writer& key(std::string_view k);  // the next value is this member's

  json_writer& value(std::string_view s);
  json_writer& value(const char* s) { return value(std::string_view(s)); }
  json_writer& value(double v);
  json_writer& value(bool b);
  json_writer& null();

  template <class T>
  json_writer& field(std::string_view k, const T& v) {
    return key(k).value(v);
  }

  const std::string& str() const { return out_; }

 private:
  json_writer& open(char c);
  json_writer& close(char c);
  void separate();  // a comma before every element but the first of its container

  std::string out_;
  bool first_ = true;       // no element yet in the innermost container
  bool after_key_ = false;  // a key was written: the value follows without a comma
};

}  // namespace returncheck::util
