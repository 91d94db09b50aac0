// A1 cell references and ranges.
#include "returncheck/xlsx/cell_ref.hpp"

#include <algorithm>

namespace returncheck::xlsx {

std::optional<cell_pos> parse_cell_ref(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  if (i < n && text[i] == '$') ++i;
  std::uint32_t col = 0;
  std::size_t letters = 0;
  for (; i < n; ++i, ++letters) {
    char c = text[i];
    if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    if (letters == 3) return std::nullopt;
    col = col * 26 + std::uint32_t(c - 'A' + 1);
  }
  if (letters == 0 || col > max_col_idx) return std::nullopt;
  if (i < n && text[i] == '$') ++i;
  std::uint32_t row = 0;
  std::size_t digits = 0;
  for (; i < n; ++i, ++digits) {
    const char c = text[i];
    if (c < '0' || c > '9' || digits == 7) return std::nullopt;
    row = row * 10 + std::uint32_t(c - '0');
  }
  if (digits == 0 || row == 0 || row > max_row_idx) return std::nullopt;
  return cell_pos{row, col};
}

std::optional<cell_range> parse_range(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) {
    const auto p = parse_cell_ref(text);
    if (!p) return std::nullopt;
    return cell_range{*p, *p};
  }
  const auto a = parse_cell_ref(text.substr(0, colon));
  const auto b = parse_cell_ref(text.substr(colon + 1));
  if (!a || !b) return std::nullopt;
  return cell_range{{std::min(a->row_idx, b->row_idx), std::min(a->col_idx, b->col_idx)},
                    {std::max(a->row_idx, b->row_idx), std::max(a->col_idx, b->col_idx)}};
}

void append_col_letters(std::string& out, std::uint32_t col_idx) {
  char buf[8];
  int n = 0;
  while (col_idx > 0 && n < 8) {
    const std::uint32_t rem = (col_idx - 1) % 26;
    buf[n++] = char('A' + rem);
    col_idx = (col_idx - 1) / 26;
  }
  while (n > 0) out.push_back(buf[--n]);
}

void append_cell_ref(std::string& out, cell_pos pos) {
  append_col_letters(out, pos.col_idx);
  out += std::to_string(pos.row_idx);
}

std::string format_cell_ref(cell_pos pos) {
  std::string out;
  append_cell_ref(out, pos);
  return out;
}

std::string format_range(const cell_range& range) {
  std::string out = format_cell_ref(range.first);
  if (range.last != range.first) {
    out.push_back(':');
    append_cell_ref(out, range.last);
  }
  return out;
}

}  // namespace returncheck::xlsx
