// A start tag's attributes as the worksheet scanner sees them: raw name="value" pairs, and numbers in them.
#pragma once

#include <charconv>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string_view>
#include <system_error>

namespace returncheck::xlsx::detail {

// Inline: the scanner calls these for every cell of every sheet.
inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

inline std::string_view local_part(std::string_view qname) {
  const auto colon = qname.find(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

// Iterates name="value" pairs of a start tag; values are raw (entities not yet decoded).
class attr_cursor {
 public:
  explicit attr_cursor(std::string_view s) : s_(s) {}
  // Returns false at the end; sets bad() when the markup is not an attribute list.
  bool next(std::string_view& name, std::string_view& value) {
    std::size_t i = 0;
    while (i < s_.size() && is_space(s_[i])) ++i;
    if (i == s_.size()) return false;
    const std::size_t name_begin = i;
    while (i < s_.size() && s_[i] != '=' && !is_space(s_[i])) ++i;
    name = s_.substr(name_begin, i - name_begin);
    while (i < s_.size() && is_space(s_[i])) ++i;
    if (i == s_.size() || s_[i] != '=' || name.empty()) return fail();
    ++i;
    while (i < s_.size() && is_space(s_[i])) ++i;
    if (i == s_.size() || (s_[i] != '"' && s_[i] != '\'')) return fail();
    const char quote = s_[i++];
    const auto close = s_.find(quote, i);
    if (close == std::string_view::npos) return fail();
    value = s_.substr(i, close - i);
    s_.remove_prefix(close + 1);
    name = local_part(name);
    return true;
  }
  bool bad() const { return bad_; }

 private:
  bool fail() {
    bad_ = true;
    return false;
  }
  std::string_view s_;
  bool bad_ = false;
};

template <class T>
bool parse_uint(std::string_view s, T& out) {
  s = trim(s);
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

inline bool parse_double(std::string_view s, double& out) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// A finite number only: from_chars also reads "inf" and "nan", which no attribute means.
inline bool parse_finite(std::string_view s, double& out) {
  double v = 0;
  if (!parse_double(s, v) || !std::isfinite(v)) return false;
  out = v;
  return true;
}

// xsd:boolean; false (and out untouched) for anything else.
inline bool parse_bool(std::string_view s, bool& out) {
  s = trim(s);
  if (s == "1" || s == "true") out = true;
  else if (s == "0" || s == "false") out = false;
  else return false;
  return true;
}

// The enumerator whose name (in enum order) the value is, for attributes such as
// patternType="solid"; nullopt for a name not in the list.
template <class E, std::size_t N>
std::optional<E> find_name(std::string_view value, const std::string_view (&names)[N]) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == value) return static_cast<E>(i);
  return std::nullopt;
}

}  // namespace returncheck::xlsx::detail
