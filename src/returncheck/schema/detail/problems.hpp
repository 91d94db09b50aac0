// Collecting a schema's problems, and the wording they share: quoted values, the nearest name.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "returncheck/schema/schema.hpp"

namespace returncheck::schema::detail {

// Enough for any real schema; a hostile file stops here rather than printing millions of lines.
inline constexpr std::size_t max_problems = 1000;

class problem_list {
 public:
  void add(source_pos at, std::string message);
  bool empty() const { return problems_.empty() && dropped_ == 0; }
  // In file order (line, then column; problems about the whole file first), ending with a note
  // when some were dropped.
  std::vector<problem> take();

 private:
  std::vector<problem> problems_;
  std::size_t dropped_ = 0;
};

// A value as a message quotes it: 'text', shortened to 60 characters, one line.
std::string quote(std::string_view text);

// ASCII lower case: ids and keys are compared this way where Excel would ignore case.
std::string fold(std::string_view text);

// The candidate nearest to `word` by edit distance (a swap of two neighbours counts one), ignoring
// case, when it is close enough to be what was meant: 1 edit for words up to 4 characters, 2 up
// to 8, 3 beyond. Ties go to the earlier candidate.
std::optional<std::string> nearest(std::string_view word, std::span<const std::string_view> candidates);
std::optional<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'label'?)" or "".
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates);
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// "a, b, c", or the first `limit` and "..." after them.
std::string join(std::span<const std::string_view> items, std::size_t limit = 12);
std::string join(const std::vector<std::string>& items, std::size_t limit = 12);

}  // namespace returncheck::schema::detail
