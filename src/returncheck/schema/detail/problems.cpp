// Collecting a schema's problems, and the wording they share: quoted values, the nearest name.
#include "returncheck/schema/detail/problems.hpp"

#include <algorithm>
#include <limits>

namespace returncheck::schema::detail {
namespace {

// Suggestions are for typing slips; longer texts are not compared (and stay cheap).
constexpr std::size_t max_compared_length = 64;

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
// neighbouring characters each count one.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1, 0));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[n][m];
}

std::size_t allowed_edits(std::size_t length) { return length <= 4 ? 1 : length <= 8 ? 2 : 3; }

}  // namespace

void problem_list::add(source_pos at, std::string message) {
  if (problems_.size() >= max_problems) {
    ++dropped_;
    return;
  }
  problems_.push_back({at, std::move(message)});
}

std::vector<problem> problem_list::take() {
  std::stable_sort(problems_.begin(), problems_.end(), [](const problem& a, const problem& b) {
    return a.at.line != b.at.line ? a.at.line < b.at.line : a.at.column < b.at.column;
  });
  if (dropped_ > 0)
    problems_.push_back({{}, "too many problems: " + std::to_string(dropped_) + " more were not listed"});
  dropped_ = 0;
  return std::move(problems_);
}

std::string quote(std::string_view text) {
  constexpr std::size_t limit = 60;
  std::string out = "'";
  std::size_t shown = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    // Count characters, not bytes, so that a multi-byte character is never cut in two.
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) != 0x80 && shown++ == limit) {
      out += "...";
      break;
    }
    if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20 || c == 0x7F) out += '?';
    else out += text[i];
  }
  return out + "'";
}

std::string fold(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::optional<std::string> nearest(std::string_view word, std::span<const std::string_view> candidates) {
  if (word.empty() || word.size() > max_compared_length) return std::nullopt;
  const std::string w = fold(word);
  std::size_t best = std::numeric_limits<std::size_t>::max();
  std::optional<std::string> found;
  for (const auto c : candidates) {
    if (c.empty() || c.size() > max_compared_length) continue;
    const std::size_t d = edit_distance(w, fold(c));
    // Never suggest a word that shares too little with what was typed ('x' is not a typo of 'id').
    if (d > allowed_edits(std::max(word.size(), c.size())) || (d > 0 && d >= std::min(word.size(), c.size()))) continue;
    if (d < best) {
      best = d;
      found = std::string(c);
    }
  }
  return found;
}

std::optional<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates) {
  std::vector<std::string_view> views(candidates.begin(), candidates.end());
  return nearest(word, views);
}

std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates) {
  const auto n = nearest(word, candidates);
  return n ? " (did you mean " + quote(*n) + "?)" : "";
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  std::vector<std::string_view> views(candidates.begin(), candidates.end());
  return did_you_mean(word, views);
}

std::string join(std::span<const std::string_view> items, std::size_t limit) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i == limit) return out + ", ...";
    out += (i ? ", " : "") + std::string(items[i]);
  }
  return out;
}

std::string join(const std::vector<std::string>& items, std::size_t limit) {
  std::vector<std::string_view> views(items.begin(), items.end());
  return join(views, limit);
}

}  // namespace returncheck::schema::detail
