// Moving a formula's relative references: one pass over the text, copying all but references.
#include "returncheck/xlsx/formula_shift.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>

#include "returncheck/xlsx/cell_ref.hpp"

namespace returncheck::xlsx {
namespace {

bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Characters that may continue a name. A reference touching one of them is part of a longer
// name (TAX_2019, rate.x, A1B) or a number (1E10). Every byte of a multi-byte UTF-8 sequence
// counts, because Excel lets names use non-ASCII letters.
bool is_word_char(char c) {
  return is_alpha(c) || is_digit(c) || c == '_' || c == '.' || c == '\\' || c == '?' ||
         static_cast<unsigned char>(c) >= 0x80;
}

char to_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

enum class part_kind { none, cell, col, row };

// One end of an A1 reference: "$B3", "C" (of C:D) or "$7" (of $7:9).
struct ref_part {
  part_kind kind = part_kind::none;
  bool col_abs = false;
  bool row_abs = false;
  // Signed and wide so that adding any int32 delta cannot overflow.
  std::int64_t col_idx = 0;
  std::int64_t row_idx = 0;
  // The source spelling, written back unchanged when a part does not move (keeps "b3" as is
  // under a zero delta, so a zero shift is the identity byte for byte).
  std::string_view col_text;
  std::string_view row_text;
  bool col_moved = false;
  bool row_moved = false;

  bool has_col() const { return kind == part_kind::cell || kind == part_kind::col; }
  bool has_row() const { return kind == part_kind::cell || kind == part_kind::row; }
};

// Reads a whole word as one end of a reference; anything else (too many letters, a column past
// XFD, a row of 0, past 1048576 or with a leading zero, stray '$') is a name, not a reference.
ref_part parse_ref_part(std::string_view word) {
  ref_part p;
  std::size_t i = 0;
  const std::size_t n = word.size();
  const bool lead_dollar = i < n && word[i] == '$';
  if (lead_dollar) ++i;

  const std::size_t col_begin = i;
  std::int64_t col = 0;
  for (; i < n && is_alpha(word[i]); ++i) {
    if (i - col_begin == 3) return {};
    col = col * 26 + (to_upper(word[i]) - 'A' + 1);
  }
  const std::size_t letters = i - col_begin;

  bool row_dollar = false;
  if (i < n && word[i] == '$') {
    if (letters == 0) return {};  // "$$1"
    row_dollar = true;
    ++i;
  }

  const std::size_t row_begin = i;
  std::int64_t row = 0;
  for (; i < n && is_digit(word[i]); ++i) {
    if (i - row_begin == 7) return {};
    row = row * 10 + (word[i] - '0');
  }
  const std::size_t digits = i - row_begin;

  if (i != n) return {};
  if (letters > 0 && col > max_col_idx) return {};
  if (digits > 0 && (word[row_begin] == '0' || row > max_row_idx)) return {};

  p.col_text = word.substr(col_begin, letters);
  p.row_text = word.substr(row_begin, digits);
  p.col_idx = col;
  p.row_idx = row;
  if (letters > 0 && digits > 0) {
    p.kind = part_kind::cell;
    p.col_abs = lead_dollar;
    p.row_abs = row_dollar;
  } else if (letters > 0 && !row_dollar) {
    p.kind = part_kind::col;
    p.col_abs = lead_dollar;
  } else if (digits > 0) {
    p.kind = part_kind::row;
    p.row_abs = lead_dollar;
  }
  return p;
}

// Applies the deltas to the relative parts; false when a part leaves the sheet.
bool move_part(ref_part& p, std::int32_t row_delta, std::int32_t col_delta) {
  if (p.has_col() && !p.col_abs && col_delta != 0) {
    p.col_idx += col_delta;
    p.col_moved = true;
    if (p.col_idx < 1 || p.col_idx > max_col_idx) return false;
  }
  if (p.has_row() && !p.row_abs && row_delta != 0) {
    p.row_idx += row_delta;
    p.row_moved = true;
    if (p.row_idx < 1 || p.row_idx > max_row_idx) return false;
  }
  return true;
}

void append_col(std::string& out, std::int64_t col_idx) {
  std::array<char, 4> buf{};
  std::size_t len = 0;
  for (; col_idx > 0 && len < buf.size(); col_idx = (col_idx - 1) / 26) {
    buf[len++] = static_cast<char>('A' + (col_idx - 1) % 26);
  }
  while (len > 0) out += buf[--len];
}

void append_part(std::string& out, const ref_part& p) {
  if (p.has_col()) {
    if (p.col_abs) out += '$';
    if (p.col_moved) {
      append_col(out, p.col_idx);
    } else {
      out += p.col_text;
    }
  }
  if (p.has_row()) {
    if (p.row_abs) out += '$';
    if (p.row_moved) {
      out += std::to_string(p.row_idx);
    } else {
      out += p.row_text;
    }
  }
}

// Error literals, which may hold '/', '!' and '?' and so must be copied as one token.
constexpr std::array<std::string_view, 17> error_literals = {
    "#NULL!", "#DIV/0!",   "#VALUE!",  "#REF!",      "#NAME?",        "#NUM!",
    "#N/A",   "#SPILL!",   "#CALC!",   "#FIELD!",    "#BLOCKED!",     "#CONNECT!",
    "#BUSY!", "#UNKNOWN!", "#PYTHON!", "#EXTERNAL!", "#GETTING_DATA",
};

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (to_upper(text[i]) != prefix[i]) return false;
  }
  return true;
}

class shifter {
 public:
  shifter(std::string_view text, std::int32_t row_delta, std::int32_t col_delta)
      : text_(text), row_delta_(row_delta), col_delta_(col_delta) {
    // Moved references rarely grow by more than a few bytes each.
    out_.reserve(text.size() + 16);
  }

  // Every branch consumes at least one byte, so the loop ends on any input.
  std::string run() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '"' || c == '\'') {
        copy_quoted(c);
      } else if (c == '[') {
        copy_brackets();
      } else if (c == '#') {
        copy_hash();
      } else if (is_word_char(c) || c == '$') {
        shift_word();
      } else {
        out_ += c;
        ++pos_;
      }
    }
    return std::move(out_);
  }

 private:
  // The byte at i, or '\0' past the end, so look-ahead needs no bounds checks of its own.
  char at(std::size_t i) const { return i < text_.size() ? text_[i] : '\0'; }

  std::size_t word_end(std::size_t from) const {
    while (from < text_.size() && (is_word_char(text_[from]) || text_[from] == '$')) ++from;
    return from;
  }

  void copy_through(std::size_t end) {
    out_.append(text_.substr(pos_, end - pos_));
    pos_ = end;
  }

  // A string literal ("..." with "" for a quote) or a quoted sheet name ('...' with ''). Left
  // unterminated, the rest of the formula is inside it.
  void copy_quoted(char quote) {
    std::size_t i = pos_ + 1;
    for (;;) {
      const std::size_t close = text_.find(quote, i);
      if (close == std::string_view::npos) {
        copy_through(text_.size());
        return;
      }
      if (at(close + 1) != quote) {
        copy_through(close + 1);
        return;
      }
      i = close + 2;
    }
  }

  // A structured reference (Table1[[#This Row],[Col]], [@Col]) or an external workbook ([1]).
  // Inside, ' escapes the next character (Table1['#Items]); names in there never move.
  void copy_brackets() {
    const std::size_t end = bracket_group_end(text_, pos_);
    copy_through(end == std::string_view::npos ? text_.size() : end);
  }

  // An error literal, or a lone '#' (the spill operator of A1#).
  void copy_hash() {
    const std::string_view rest = text_.substr(pos_);
    for (const std::string_view e : error_literals) {
      if (starts_with_nocase(rest, e)) {
        copy_through(pos_ + e.size());
        return;
      }
    }
    copy_through(pos_ + 1);
  }

  // What follows a reference's last character must not make it something else: a function
  // call LOG10(, a table Tbl1[Col] or a sheet name Q1!A1.
  static bool ends_reference(char next) { return next != '(' && next != '[' && next != '!'; }

  void shift_word() {
    const std::size_t start = pos_;
    const std::size_t end1 = word_end(start);
    const char next = at(end1);
    if (!ends_reference(next)) {
      copy_through(end1);
      return;
    }

    const ref_part first = parse_ref_part(text_.substr(start, end1 - start));
    if (next == ':') {
      const std::size_t start2 = end1 + 1;
      const std::size_t end2 = word_end(start2);
      const char next2 = at(end2);
      // Sheet1:Sheet3!A1. Excel quotes sheet names that look like cells, so A1:Q2!B1 is instead
      // the range operator between A1 and Q2!B1.
      if (next2 == '!' && first.kind != part_kind::cell) {
        copy_through(end2);
        return;
      }
      const ref_part second = parse_ref_part(text_.substr(start2, end2 - start2));
      if (first.kind != part_kind::none && second.kind == first.kind && ends_reference(next2)) {
        emit_range(first, second);
        pos_ = end2;
        return;
      }
    }
    // A lone column or row (A, 3) is a name or a number; only a cell stands alone.
    if (first.kind == part_kind::cell) {
      emit_range(first, std::nullopt);
      pos_ = end1;
      return;
    }

    copy_through(end1);
  }

  // Writes a moved cell or range; Excel turns the whole reference into #REF! when any end of it
  // leaves the sheet, keeping a sheet prefix already written (Sheet2!#REF!).
  void emit_range(ref_part first, std::optional<ref_part> second) {
    bool inside = move_part(first, row_delta_, col_delta_);
    if (second) inside = move_part(*second, row_delta_, col_delta_) && inside;
    if (!inside) {
      out_ += "#REF!";
      return;
    }
    append_part(out_, first);
    if (second) {
      out_ += ':';
      append_part(out_, *second);
    }
  }

  std::string_view text_;
  std::int32_t row_delta_;
  std::int32_t col_delta_;
  std::size_t pos_ = 0;
  std::string out_;
};

}  // namespace

std::string shift_formula(std::string_view formula, std::int32_t row_delta,
                          std::int32_t col_delta) {
  return shifter(formula, row_delta, col_delta).run();
}

std::size_t bracket_group_end(std::string_view text, std::size_t open) {
  int depth = 0;
  std::size_t i = open;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '\'') {
      i += 2;
      continue;
    }
    ++i;
    if (c == '[') {
      ++depth;
    } else if (c == ']' && --depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

}  // namespace returncheck::xlsx
