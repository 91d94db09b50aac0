// Parsing Excel formula text into a tree, and printing a tree back as formula text.
#include "returncheck/formula/parser.hpp"
#include "returncheck/xlsx/formula_shift.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "returncheck/formula/detail/write.hpp"
#include "returncheck/xlsx/cell_ref.hpp"

namespace returncheck::formula {
namespace {

bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_non_ascii(char c) { return static_cast<unsigned char>(c) >= 0x80; }
// Excel ignores line breaks and tabs as well as spaces; only a space can be the intersection.
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Characters of a name, a function or an unquoted sheet name. Excel lets names use non-ASCII
// letters, so every byte of a multi-byte UTF-8 sequence counts.
bool is_word_char(char c) {
  return is_alpha(c) || is_digit(c) || c == '_' || c == '.' || c == '\\' || c == '?' || is_non_ascii(c);
}
bool starts_word(char c) { return is_alpha(c) || c == '_' || c == '\\' || is_non_ascii(c); }

char to_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = to_upper(c);
  return out;
}

bool equals_nocase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (to_upper(a[i]) != to_upper(b[i])) return false;
  }
  return true;
}

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && equals_nocase(text.substr(0, prefix.size()), prefix);
}

// In the order of error_literal, so that the enum value is the index.
constexpr std::array<std::string_view, 17> error_spellings = {
    "#NULL!", "#DIV/0!", "#VALUE!",   "#REF!",     "#NAME?", "#NUM!",     "#N/A",     "#GETTING_DATA", "#SPILL!",
    "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#PYTHON!", "#EXTERNAL!",
};

std::string_view spelling(error_literal e) { return error_spellings[static_cast<std::size_t>(e)]; }

// The function prefixes Excel writes for functions newer than 2007, longest first.
struct prefix_spelling {
  std::string_view text;
  function_prefix prefix;
};
constexpr std::array<prefix_spelling, 3> prefix_spellings = {{
    {"_xlfn._xlws.", function_prefix::xlfn_xlws},
    {"_xlfn.", function_prefix::xlfn},
    {"_xlws.", function_prefix::xlws},
}};

std::string_view spelling(function_prefix p) {
  for (const auto& s : prefix_spellings) {
    if (s.prefix == p) return s.text;
  }
  return {};
}

enum class part_kind { none, cell, col, row };

// One end of an A1 reference read from a word: "$B3", "C" (of C:D), "$7" (of $7:9).
struct ref_part {
  part_kind kind = part_kind::none;
  ref_end end;
};

// Anything that is not exactly a cell, a column or a row inside the sheet (four letters, XFE,
// row 0 or 1048577, a leading zero, a stray '$') is not a reference; as a word it is a name.
ref_part classify_part(std::string_view word) {
  const std::size_t n = word.size();
  std::size_t i = 0;
  const bool lead_dollar = i < n && word[i] == '$';
  if (lead_dollar) ++i;
  const std::size_t col_begin = i;
  while (i < n && is_alpha(word[i])) ++i;
  const std::size_t letters = i - col_begin;
  bool row_dollar = false;
  if (letters > 0 && i < n && word[i] == '$') {
    row_dollar = true;
    ++i;
  }
  const std::size_t row_begin = i;
  while (i < n && is_digit(word[i])) ++i;
  const std::size_t digits = i - row_begin;
  if (i != n || letters > 3 || digits > 7) return {};
  if (digits > 0 && word[row_begin] == '0') return {};

  ref_part p;
  if (letters > 0 && digits > 0) {
    const auto pos = xlsx::parse_cell_ref(word);
    if (!pos) return {};
    p.kind = part_kind::cell;
    p.end = {*pos, row_dollar, lead_dollar};
    return p;
  }
  if (letters > 0 && !row_dollar) {
    std::uint32_t col = 0;
    for (std::size_t j = col_begin; j < row_begin; ++j) col = col * 26 + std::uint32_t(to_upper(word[j]) - 'A' + 1);
    if (col > xlsx::max_col_idx) return {};
    p.kind = part_kind::col;
    p.end = {{0, col}, false, lead_dollar};
    return p;
  }
  if (letters == 0 && digits > 0) {
    std::uint32_t row = 0;
    for (std::size_t j = row_begin; j < n; ++j) row = row * 10 + std::uint32_t(word[j] - '0');
    if (row > xlsx::max_row_idx) return {};
    p.kind = part_kind::row;
    p.end = {{row, 0}, lead_dollar, false};
    return p;
  }
  return {};
}

ref_kind range_kind(part_kind k) {
  switch (k) {
    case part_kind::col: return ref_kind::columns;
    case part_kind::row: return ref_kind::rows;
    default: return ref_kind::area;
  }
}

// A character for a message: 'x', "'" for a quote, or the byte's value when it is not printable.
std::string describe(char c) {
  if (c == '\'') return "\"'\"";
  if (c >= 0x21 && c <= 0x7e) return std::string("'") + c + "'";
  if (c == ' ') return "' '";
  static constexpr char hex[] = "0123456789abcdef";
  const auto b = static_cast<unsigned char>(c);
  return std::string("byte 0x") + hex[b >> 4] + hex[b & 0xf];
}

std::string at_position(std::size_t pos) { return " at position " + std::to_string(pos); }

std::string count_values(std::size_t n) { return std::to_string(n) + (n == 1 ? " value" : " values"); }

// A reference expression is one that can give a reference: the operands of ':', ' ' and ','.
// A name or a function might not, but only evaluation can tell.
bool is_reference_like(const node* n) {
  while (n->kind == node_kind::paren) n = &n->children.front();
  switch (n->kind) {
    case node_kind::ref:
    case node_kind::name:
    case node_kind::call:
    case node_kind::table_ref:
    case node_kind::unsupported: return true;
    case node_kind::error: return n->error == error_literal::ref;
    case node_kind::binary:
      return n->binary == binary_op::range || n->binary == binary_op::intersect || n->binary == binary_op::union_refs;
    default: return false;
  }
}

// ---- Structured references

// A bracketed name with its ' escapes undone: [Amount], ['#Items], [Rate (%)].
std::string unescape_column(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\'' && i + 1 < s.size()) ++i;
    out.push_back(s[i]);
  }
  return out;
}

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// One element between brackets: #All, #This Row, @, @Col, @[Col], or a column name. Adds to
// `spec`; false when the element names an unknown item.
bool add_table_element(std::string_view e, table_spec& spec) {
  static constexpr std::pair<std::string_view, std::uint8_t> items[] = {
      {"#All", table_all}, {"#Data", table_data}, {"#Headers", table_headers},
      {"#Totals", table_totals}, {"#This Row", table_this_row}};
  if (!e.empty() && e.front() == '#') {
    for (const auto& [word, bit] : items)
      if (e.size() == word.size() && starts_with_nocase(e, word)) {
        spec.items |= bit;
        return true;
      }
    return false;
  }
  if (!e.empty() && e.front() == '@') {
    spec.items |= table_this_row;
    e = trim_spaces(e.substr(1));
    if (e.size() >= 2 && e.front() == '[' && e.back() == ']') e = e.substr(1, e.size() - 2);
  }
  if (!e.empty()) {
    if (!spec.first_column.empty()) return false;
    spec.first_column = spec.last_column = unescape_column(e);
  }
  return true;
}

// The part of a structured reference from its first '[' to its last ']', already matched.
std::optional<table_spec> parse_table_spec(std::string_view table, std::string_view brackets) {
  table_spec spec;
  spec.table = std::string(table);
  std::string_view inside = trim_spaces(brackets.substr(1, brackets.size() - 2));
  if (inside.empty() || inside.front() != '[') {
    if (!add_table_element(inside, spec)) return std::nullopt;
    return spec;
  }
  // [[#Headers],[#Data],[A]:[C]]: groups in brackets, separated by commas; a colon between two
  // column groups makes a range of columns.
  bool range_pending = false;
  while (!inside.empty()) {
    if (inside.front() != '[') return std::nullopt;
    const std::size_t close = xlsx::bracket_group_end(inside, 0);
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view element = inside.substr(1, close - 2);
    if (range_pending) {
      if (spec.first_column.empty() || element.empty() || element.front() == '#') return std::nullopt;
      spec.last_column = unescape_column(element);
      range_pending = false;
    } else if (!add_table_element(element, spec)) {
      return std::nullopt;
    }
    inside = trim_spaces(inside.substr(close));
    if (inside.empty()) break;
    if (inside.front() == ':') range_pending = true;
    else if (inside.front() != ',') return std::nullopt;
    inside = trim_spaces(inside.substr(1));
  }
  if (range_pending) return std::nullopt;
  return spec;
}

node make_node(node_kind kind) {
  node n;
  n.kind = kind;
  return n;
}

struct op_info {
  binary_op op;
  int prec;
  std::size_t len;  // how far the operator (and, before ':' or ',', white space) reaches
};

// Binding strength, loosest first. Unary - and + (7) and % (6) sit between the reference
// operators and ^: in Excel -2^2 is 4.
constexpr int prec_compare = 1;
constexpr int prec_concat = 2;
constexpr int prec_add = 3;
constexpr int prec_multiply = 4;
constexpr int prec_power = 5;
constexpr int prec_percent = 6;
constexpr int prec_unary = 7;
constexpr int prec_union = 8;
constexpr int prec_intersect = 9;
constexpr int prec_range = 10;
constexpr int prec_primary = 11;

int precedence(binary_op op) {
  switch (op) {
    case binary_op::range: return prec_range;
    case binary_op::intersect: return prec_intersect;
    case binary_op::union_refs: return prec_union;
    case binary_op::power: return prec_power;
    case binary_op::multiply:
    case binary_op::divide: return prec_multiply;
    case binary_op::add:
    case binary_op::subtract: return prec_add;
    case binary_op::concat: return prec_concat;
    default: return prec_compare;
  }
}

class parser {
 public:
  parser(std::string_view text, const parse_limits& limits) : text_(text), limits_(limits) {}

  util::result<node, parse_error> run() {
    const std::size_t start = (!text_.empty() && text_[0] == '=') ? 1 : 0;
    std::size_t chars = 0;
    for (std::size_t i = start; i < text_.size(); ++i) {
      // Count code points, not bytes: a UTF-8 continuation byte does not start a character.
      if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80 && ++chars > limits_.max_length) {
        return util::unexpected<parse_error>{
            {i, "formula longer than " + std::to_string(limits_.max_length) +
                    " characters (limit max-formula-length; raise it with --max-formula-length)"}};
      }
    }
    pos_ = start;
    skip_space();
    if (pos_ == text_.size()) return util::unexpected<parse_error>{{pos_, "empty formula"}};
    auto tree = formula();
    if (tree) {
      skip_space();
      if (pos_ < text_.size()) unexpected(pos_);
    }
    if (error_) return util::unexpected<parse_error>{std::move(*error_)};
    return std::move(tree->tree);
  }

 private:
  // A subtree and its height, so that every new node can be checked against max_depth when it
  // is made; long chains (1%%%%, A1+B1-C1+...) are built in loops, not by recursion.
  struct parsed {
    node tree;
    std::size_t height = 1;
    std::size_t pos = 0;  // where its text starts, for messages
  };
  using maybe = std::optional<parsed>;

  char at(std::size_t i) const { return i < text_.size() ? text_[i] : '\0'; }
  bool at_end() const { return pos_ >= text_.size(); }

  void skip_space() {
    while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
  }

  std::size_t word_end(std::size_t from) const {
    while (from < text_.size() && (is_word_char(text_[from]) || text_[from] == '$')) ++from;
    return from;
  }

  std::nullopt_t fail(std::size_t pos, std::string message) {
    if (!error_) error_ = parse_error{pos, std::move(message)};
    return std::nullopt;
  }

  std::nullopt_t unexpected(std::size_t pos) {
    if (pos >= text_.size()) return fail(pos, "unexpected end of formula" + at_position(pos));
    return fail(pos, "unexpected " + describe(text_[pos]) + at_position(pos));
  }

  std::nullopt_t too_deep(std::size_t pos) {
    return fail(pos, "formula nested more than " + std::to_string(limits_.max_depth) +
                         " levels deep (limit max-formula-depth; raise it with --max-formula-depth)");
  }

  // Wraps `inner` in a new node of the given kind; fails when that makes the tree too deep.
  bool wrap(parsed& inner, node_kind kind, std::size_t pos) {
    if (inner.height + 1 > limits_.max_depth) {
      too_deep(pos);
      return false;
    }
    node outer = make_node(kind);
    outer.children.push_back(std::move(inner.tree));
    inner.tree = std::move(outer);
    ++inner.height;
    return true;
  }

  // acc op rhs. A chain of one operator stays one node: 1+2+3 is (+ 1 2 3), folded from the left.
  bool combine(parsed& acc, binary_op op, parsed rhs, std::size_t pos) {
    // A1 :B2 is the area A1:B2, one reference as it would be written without the space.
    if (op == binary_op::range && acc.tree.kind == node_kind::ref && acc.tree.ref.kind == ref_kind::cell &&
        rhs.tree.kind == node_kind::ref && rhs.tree.ref.kind == ref_kind::cell && rhs.tree.prefix.empty()) {
      acc.tree.ref.kind = ref_kind::area;
      acc.tree.ref.last = rhs.tree.ref.first;
      return true;
    }
    const bool extend = acc.tree.kind == node_kind::binary && acc.tree.binary == op;
    const std::size_t height = extend ? std::max(acc.height, rhs.height + 1) : std::max(acc.height, rhs.height) + 1;
    if (height > limits_.max_depth) {
      too_deep(pos);
      return false;
    }
    if (!extend) {
      node n = make_node(node_kind::binary);
      n.binary = op;
      n.children.push_back(std::move(acc.tree));
      acc.tree = std::move(n);
    }
    acc.tree.children.push_back(std::move(rhs.tree));
    acc.height = height;
    return true;
  }

  std::optional<op_info> peek_binary() const {
    const char c = at(pos_);
    const char next = at(pos_ + 1);
    switch (c) {
      case '=': return op_info{binary_op::equal, prec_compare, 1};
      case '<':
        if (next == '>') return op_info{binary_op::not_equal, prec_compare, 2};
        if (next == '=') return op_info{binary_op::less_equal, prec_compare, 2};
        return op_info{binary_op::less, prec_compare, 1};
      case '>':
        if (next == '=') return op_info{binary_op::greater_equal, prec_compare, 2};
        return op_info{binary_op::greater, prec_compare, 1};
      case '&': return op_info{binary_op::concat, prec_concat, 1};
      case '+': return op_info{binary_op::add, prec_add, 1};
      case '-': return op_info{binary_op::subtract, prec_add, 1};
      case '*': return op_info{binary_op::multiply, prec_multiply, 1};
      case '/': return op_info{binary_op::divide, prec_multiply, 1};
      case '^': return op_info{binary_op::power, prec_power, 1};
      default: return std::nullopt;
    }
  }

  // The reference operator after pos_, if any, and where its right operand starts. A run of
  // white space holding a space is the intersection only when an operand follows it: in
  // "A1 -B1" the space is insignificant and '-' subtracts.
  std::optional<op_info> peek_reference_op(bool union_ok) const {
    std::size_t p = pos_;
    bool spaced = false;
    for (; p < text_.size() && is_space(text_[p]); ++p) spaced = spaced || text_[p] == ' ';
    const char c = at(p);
    if (c == ':') return op_info{binary_op::range, prec_range, p + 1 - pos_};
    if (c == ',' && union_ok) return op_info{binary_op::union_refs, prec_union, p + 1 - pos_};
    const bool starts_operand = is_alpha(c) || is_digit(c) || c == '_' || c == '\\' || c == '$' || c == '\'' ||
                                c == '(' || c == '[' || c == '#' || is_non_ascii(c);
    if (spaced && starts_operand) return op_info{binary_op::intersect, prec_intersect, p - pos_};
    return std::nullopt;
  }

  // An operator waiting for its right operand.
  struct pending_op {
    bool is_unary = false;
    unary_op unary = unary_op::negate;
    binary_op binary = binary_op::add;
    int prec = 0;
    std::size_t pos = 0;
  };

  // Applies the pending operators that bind at least as tightly as min_prec (all operators are
  // left-associative: Excel's 2^3^2 is 64).
  bool reduce(std::vector<parsed>& operands, std::vector<pending_op>& ops, int min_prec) {
    while (!ops.empty() && ops.back().prec >= min_prec) {
      const pending_op op = ops.back();
      ops.pop_back();
      if (op.is_unary) {
        if (!wrap(operands.back(), node_kind::unary, op.pos)) return false;
        operands.back().tree.unary = op.unary;
        operands.back().pos = op.pos;
        continue;
      }
      parsed rhs = std::move(operands.back());
      operands.pop_back();
      if (op.prec >= prec_union && !is_reference_like(&rhs.tree)) {
        fail(rhs.pos, "expected a reference" + at_position(rhs.pos));
        return false;
      }
      if (!combine(operands.back(), op.binary, std::move(rhs), op.pos)) return false;
    }
    return true;
  }

  // An open parenthesis or argument list, and the expression being read inside it.
  struct group {
    std::vector<parsed> operands;
    std::vector<pending_op> ops;
    std::optional<parsed> call;  // the function whose arguments these are; none for '('
    std::size_t open = 0;        // where the '(' is
    bool union_ok = false;       // a ',' is the union operator: inside '(' but not in arguments
  };

  // The whole formula in one loop over operands and operators (operator precedence parsing),
  // with parentheses and argument lists on an explicit stack instead of the call stack, so that
  // no input can overflow it; the depth of the tree is capped instead.
  maybe formula() {
    std::vector<group> groups(1);
    for (;;) {
      if (!operand(groups)) return std::nullopt;
      // After an operand: operators, or the end of the expression of the innermost group.
      for (;;) {
        group& g = groups.back();
        const auto op = operator_after(g);
        if (error_) return std::nullopt;
        if (op) {
          if (!reduce(g.operands, g.ops, op->prec)) return std::nullopt;
          g.ops.push_back({false, {}, op->op, op->prec, pos_});
          pos_ += op->len;
          break;
        }
        if (!reduce(g.operands, g.ops, 0)) return std::nullopt;
        parsed value = std::move(g.operands.back());
        if (groups.size() == 1) return value;
        skip_space();
        if (at_end()) return fail(g.open, "missing ')' to close '('" + at_position(g.open));
        const char c = text_[pos_];
        if (c != ')' && (c != ',' || !g.call)) return unexpected(pos_);
        ++pos_;
        if (!g.call) {
          if (!wrap(value, node_kind::paren, g.open)) return std::nullopt;
          value.pos = g.open;
        } else {
          if (!add_argument(*g.call, std::move(value), g.open)) return std::nullopt;
          if (c == ',') {
            g.operands.clear();
            g.ops.clear();
            break;
          }
          value = std::move(*g.call);
        }
        groups.pop_back();
        groups.back().operands.push_back(std::move(value));
      }
    }
  }

  bool add_argument(parsed& call, parsed arg, std::size_t open) {
    if (arg.height + 1 > limits_.max_depth) {
      too_deep(open);
      return false;
    }
    call.height = std::max(call.height, arg.height + 1);
    call.tree.children.push_back(std::move(arg.tree));
    return true;
  }

  // Reads leading signs and one operand into the innermost group; an opening parenthesis or a
  // function's argument list instead opens a new group.
  bool operand(std::vector<group>& groups) {
    for (;;) {
      group& g = groups.back();
      skip_space();
      if (at_end() && groups.size() > 1) {
        fail(g.open, "missing ')' to close '('" + at_position(g.open));
        return false;
      }
      // An empty argument: IF(A1,,1), SUM(A1,).
      if (g.call && g.operands.empty() && g.ops.empty() && (at(pos_) == ',' || at(pos_) == ')')) {
        g.operands.push_back(parsed{make_node(node_kind::missing), 1, pos_});
        return true;
      }
      // Leading signs bind less tightly than the reference operators: -A1:B2 is -(A1:B2).
      while (!at_end() && (text_[pos_] == '-' || text_[pos_] == '+')) {
        g.ops.push_back({true, text_[pos_] == '-' ? unary_op::negate : unary_op::plus, {}, prec_unary, pos_});
        ++pos_;
        skip_space();
      }
      const std::size_t start = pos_;
      std::optional<parsed> call;
      if (at(pos_) != '(') {
        auto value = primary();
        if (!value) return false;
        value->pos = start;
        if (value->tree.kind != node_kind::call) {
          g.operands.push_back(std::move(*value));
          return true;
        }
        // primary() stops at the '(' of a function call.
        call = std::move(value);
      }
      const std::size_t open = pos_;
      // Each group adds a node (parentheses or a call) above a leaf: one more would be too deep.
      if (groups.size() >= limits_.max_depth) {
        too_deep(open);
        return false;
      }
      ++pos_;
      if (call) {
        skip_space();
        if (at(pos_) == ')') {
          ++pos_;
          g.operands.push_back(std::move(*call));
          return true;
        }
      }
      group inner;
      inner.open = open;
      inner.union_ok = !call;
      inner.call = std::move(call);
      groups.push_back(std::move(inner));
    }
  }

  // The operator after an operand, if any, having read any percent signs. A reference operator
  // needs a reference on its left; "1 2" has none, so the space is not an intersection.
  std::optional<op_info> operator_after(group& g) {
    for (;;) {
      const std::size_t before = pos_;
      auto op = peek_reference_op(g.union_ok);
      if (op) {
        if (!reduce(g.operands, g.ops, op->prec)) return std::nullopt;
        if (is_reference_like(&g.operands.back().tree)) return op;
        if (op->op != binary_op::intersect) {
          fail(g.operands.back().pos, "expected a reference" + at_position(g.operands.back().pos));
          return std::nullopt;
        }
      }
      skip_space();
      if (at(pos_) == '%') {
        if (!reduce(g.operands, g.ops, prec_unary) || !wrap(g.operands.back(), node_kind::percent, pos_)) {
          return std::nullopt;
        }
        ++pos_;
        continue;
      }
      op = peek_binary();
      if (!op) pos_ = before;
      return op;
    }
  }

  maybe primary() {
    if (at_end()) return unexpected(pos_);
    const char c = text_[pos_];
    if (c == '"') return string_constant();
    if (c == '#') return error_constant();
    if (c == '{') return array_constant();
    if (c == '\'') return quoted_prefix();
    if (c == '[') return bracketed();
    if (is_digit(c) || c == '.') return number_or_rows();
    if (c == '$' || starts_word(c)) return word();
    return unexpected(pos_);
  }

  // "..." with "" for a quote inside.
  std::optional<std::string> read_string() {
    const std::size_t open = pos_;
    std::string value;
    std::size_t i = pos_ + 1;
    for (;;) {
      const std::size_t close = text_.find('"', i);
      if (close == std::string_view::npos) {
        fail(open, "unterminated string starting" + at_position(open));
        return std::nullopt;
      }
      value.append(text_.substr(i, close - i));
      if (at(close + 1) != '"') {
        pos_ = close + 1;
        return value;
      }
      value += '"';
      i = close + 2;
    }
  }

  maybe string_constant() {
    auto value = read_string();
    if (!value) return std::nullopt;
    parsed p{make_node(node_kind::string)};
    p.tree.text = std::move(*value);
    return p;
  }

  std::optional<error_literal> read_error() {
    const std::string_view rest = text_.substr(pos_);
    for (std::size_t i = 0; i < error_spellings.size(); ++i) {
      if (starts_with_nocase(rest, error_spellings[i])) {
        pos_ += error_spellings[i].size();
        return static_cast<error_literal>(i);
      }
    }
    fail(pos_, "unknown error value" + at_position(pos_));
    return std::nullopt;
  }

  maybe error_constant() {
    const auto e = read_error();
    if (!e) return std::nullopt;
    parsed p{make_node(node_kind::error)};
    p.tree.error = *e;
    return p;
  }

  // Digits, an optional fraction and an optional exponent: 1, 1.5, .5, 1E+10. The caller has
  // checked that the text starts with a digit or '.'.
  std::optional<double> read_number() {
    const std::size_t start = pos_;
    std::size_t i = pos_;
    std::size_t digits = 0;
    for (; is_digit(at(i)); ++i) ++digits;
    if (at(i) == '.') {
      for (++i; is_digit(at(i)); ++i) ++digits;
    }
    if (digits == 0) {
      unexpected(start);
      return std::nullopt;
    }
    bool tiny = false;
    if (at(i) == 'E' || at(i) == 'e') {
      std::size_t j = i + 1;
      if (at(j) == '+' || at(j) == '-') {
        tiny = at(j) == '-';
        ++j;
      }
      if (!is_digit(at(j))) {
        fail(start, "malformed number" + at_position(start));
        return std::nullopt;
      }
      while (is_digit(at(j))) ++j;
      i = j;
    }
    double value = 0;
    const auto [end, ec] = std::from_chars(text_.data() + start, text_.data() + i, value);
    if (ec == std::errc::result_out_of_range) {
      // Too small to hold is zero, as in Excel; too large is an error.
      if (!tiny) {
        fail(start, "number out of range" + at_position(start));
        return std::nullopt;
      }
      value = 0;
    } else if (ec != std::errc() || end != text_.data() + i) {
      fail(start, "malformed number" + at_position(start));
      return std::nullopt;
    }
    pos_ = i;
    return value;
  }

  maybe number_or_rows() {
    // 3:5 and 3:$5 are whole rows, not numbers.
    if (is_digit(text_[pos_])) {
      if (auto rows = try_range(pos_, sheet_prefix{})) return rows;
    }
    const auto value = read_number();
    if (!value) return std::nullopt;
    parsed p{make_node(node_kind::number)};
    p.tree.number = *value;
    return p;
  }

  // What follows a reference must not make it part of something longer: LOG10( is a function,
  // Tbl1[Col] a table, Q1!A1 a sheet.
  bool ends_reference(std::size_t i) const {
    const char c = at(i);
    return c != '(' && c != '[' && c != '!' && c != '$' && !is_word_char(c);
  }

  // A1:B2, A:C or 3:5 written as one token starting at `start`; nullopt (without failing) when
  // the text there is not such a range.
  maybe try_range(std::size_t start, sheet_prefix prefix) {
    const std::size_t end1 = word_end(start);
    if (at(end1) != ':') return std::nullopt;
    const auto first = classify_part(text_.substr(start, end1 - start));
    if (first.kind == part_kind::none) return std::nullopt;
    const std::size_t end2 = word_end(end1 + 1);
    const auto last = classify_part(text_.substr(end1 + 1, end2 - end1 - 1));
    if (last.kind != first.kind || !ends_reference(end2)) return std::nullopt;
    pos_ = end2;
    parsed p{make_node(node_kind::ref)};
    p.tree.prefix = std::move(prefix);
    p.tree.ref.kind = range_kind(first.kind);
    p.tree.ref.first = first.end;
    p.tree.ref.last = last.end;
    return p;
  }

  maybe cell_ref(const ref_part& part, sheet_prefix prefix) {
    parsed p{make_node(node_kind::ref)};
    p.tree.prefix = std::move(prefix);
    p.tree.ref.kind = ref_kind::cell;
    p.tree.ref.first = part.end;
    p.tree.ref.last = part.end;
    return p;
  }

  // A word at the start of an operand: a reference, a range, a 3-D prefix, a sheet name, a
  // function, a table's structured reference, TRUE or FALSE, or a defined name.
  maybe word() {
    const std::size_t start = pos_;
    const std::size_t end = word_end(start);
    const std::string_view w = text_.substr(start, end - start);
    const char next = at(end);
    if (next == '(') return call_head(start, end, sheet_prefix{});
    if (next == '!') {
      sheet_prefix prefix;
      prefix.sheet = std::string(w);
      pos_ = end + 1;
      return after_prefix(std::move(prefix), start);
    }
    if (next == '[') return structured(start, end);
    if (next == ':') {
      // Sheet1:Sheet3!A1. Excel quotes sheet names that look like cells, so A1:Q2!B1 is instead
      // the range between A1 and Q2!B1.
      const std::size_t end2 = word_end(end + 1);
      const std::string_view w2 = text_.substr(end + 1, end2 - end - 1);
      if (at(end2) == '!' && !w2.empty() && classify_part(w).kind != part_kind::cell &&
          w.find('$') == std::string_view::npos && w2.find('$') == std::string_view::npos) {
        sheet_prefix prefix;
        prefix.sheet = std::string(w);
        prefix.last_sheet = std::string(w2);
        pos_ = end2 + 1;
        return after_prefix(std::move(prefix), start);
      }
      if (auto range = try_range(start, sheet_prefix{})) return range;
    }
    const auto part = classify_part(w);
    if (part.kind == part_kind::cell) {
      pos_ = end;
      return cell_ref(part, sheet_prefix{});
    }
    if (equals_nocase(w, "TRUE") || equals_nocase(w, "FALSE")) {
      pos_ = end;
      parsed p{make_node(node_kind::boolean)};
      p.tree.boolean = equals_nocase(w, "TRUE");
      return p;
    }
    return name(start, end, sheet_prefix{});
  }

  maybe name(std::size_t start, std::size_t end, sheet_prefix prefix) {
    const std::string_view w = text_.substr(start, end - start);
    if (w.empty() || !starts_word(w.front()) || w.find('$') != std::string_view::npos) {
      if (w.empty()) return unexpected(start);
      return fail(start, "'" + std::string(w) + "' is not a valid reference or name" + at_position(start));
    }
    pos_ = end;
    parsed p{make_node(node_kind::name)};
    p.tree.prefix = std::move(prefix);
    p.tree.text = std::string(w);
    return p;
  }

  // What may follow Sheet1!, 'My Sheet'!, [1]Sheet1! or [1]!: a reference, #REF!, a name, or
  // (in another workbook) a function.
  maybe after_prefix(sheet_prefix prefix, std::size_t prefix_start) {
    const std::size_t start = pos_;
    if (starts_with_nocase(text_.substr(start), "#REF!")) {
      pos_ += 5;
      parsed p{make_node(node_kind::ref)};
      p.tree.prefix = std::move(prefix);
      p.tree.ref.kind = ref_kind::error;
      return p;
    }
    if (at(start) == '\'' && prefix.sheet.empty()) {
      // [1]!'name' — a name in another workbook, quoted; kept as text.
      std::size_t i = start + 1;
      for (;;) {
        const std::size_t close = text_.find('\'', i);
        if (close == std::string_view::npos) return fail(start, "unterminated name starting" + at_position(start));
        if (at(close + 1) != '\'') {
          pos_ = close + 1;
          break;
        }
        i = close + 2;
      }
      parsed p{make_node(node_kind::unsupported)};
      p.tree.text = std::string(text_.substr(prefix_start, pos_ - prefix_start));
      return p;
    }
    const std::size_t end = word_end(start);
    if (end == start) return unexpected(start);
    if (auto range = try_range(start, prefix)) return range;
    const auto part = classify_part(text_.substr(start, end - start));
    if (part.kind == part_kind::cell && ends_reference(end)) {
      pos_ = end;
      return cell_ref(part, std::move(prefix));
    }
    if (at(end) == '(') return call_head(start, end, std::move(prefix));
    if (at(end) == '[') return structured(prefix_start, end);
    return name(start, end, std::move(prefix));
  }

  // 'Table 6.2'!, '[Book.xlsx]Sheet 1'!, 'Jan:Mar'!, with '' for a quote inside.
  maybe quoted_prefix() {
    const std::size_t open = pos_;
    std::string raw;
    std::size_t i = pos_ + 1;
    std::size_t after = 0;
    for (;;) {
      const std::size_t close = text_.find('\'', i);
      if (close == std::string_view::npos) return fail(open, "unterminated sheet name starting" + at_position(open));
      raw.append(text_.substr(i, close - i));
      if (at(close + 1) != '\'') {
        after = close + 1;
        break;
      }
      raw += '\'';
      i = close + 2;
    }
    if (at(after) != '!') return fail(after, "expected '!' after the quoted sheet name" + at_position(after));

    sheet_prefix prefix;
    std::string_view rest = raw;
    // The workbook part: [Book.xlsx], or a path C:\dir\[Book.xlsx]. Sheet names cannot hold
    // brackets, so the first ']' after a '[' ends it.
    const std::size_t lb = rest.find('[');
    const std::size_t rb = lb == std::string_view::npos ? lb : rest.find(']', lb);
    if (rb != std::string_view::npos) {
      prefix.book = std::string(rest.substr(0, rb + 1));
      rest.remove_prefix(rb + 1);
    }
    // Nor can they hold ':', so one here ends a 3-D span.
    const std::size_t colon = rest.find(':');
    if (colon != std::string_view::npos) {
      prefix.sheet = std::string(rest.substr(0, colon));
      prefix.last_sheet = std::string(rest.substr(colon + 1));
      if (prefix.sheet.empty() || prefix.last_sheet.empty()) {
        return fail(open, "empty sheet name in the 3-D reference starting" + at_position(open));
      }
    } else {
      prefix.sheet = std::string(rest);
    }
    if (prefix.empty()) return fail(open, "empty sheet name" + at_position(open));
    pos_ = after + 1;
    return after_prefix(std::move(prefix), open);
  }

  std::size_t bracket_end(std::size_t open) const { return xlsx::bracket_group_end(text_, open); }

  // ['file:///C:/Book.xlsx'] — a quoted workbook path as POI and others write it.
  std::size_t quoted_book_end(std::size_t open) const {
    if (at(open + 1) != '\'') return std::string_view::npos;
    std::size_t i = open + 2;
    for (;;) {
      const std::size_t close = text_.find('\'', i);
      if (close == std::string_view::npos) return close;
      if (at(close + 1) == '\'') {
        i = close + 2;
        continue;
      }
      return at(close + 1) == ']' ? close + 2 : std::string_view::npos;
    }
  }

  // [1]Sheet1!A1, [1]!name, [0]!name, or a structured reference without its table: [@Col].
  maybe bracketed() {
    const std::size_t open = pos_;
    std::size_t close = quoted_book_end(open);
    if (close == std::string_view::npos || (at(close) != '!' && !starts_word(at(close)))) close = bracket_end(open);
    if (close == std::string_view::npos) return fail(open, "unterminated '[' starting" + at_position(open));
    sheet_prefix prefix;
    prefix.book = std::string(text_.substr(open, close - open));
    if (at(close) == '!') {
      pos_ = close + 1;
      return after_prefix(std::move(prefix), open);
    }
    if (starts_word(at(close))) {
      const std::size_t end = word_end(close);
      const std::string_view w = text_.substr(close, end - close);
      if (w.find('$') == std::string_view::npos) {
        if (at(end) == '!') {
          prefix.sheet = std::string(w);
          pos_ = end + 1;
          return after_prefix(std::move(prefix), open);
        }
        if (at(end) == ':') {
          const std::size_t end2 = word_end(end + 1);
          const std::string_view w2 = text_.substr(end + 1, end2 - end - 1);
          if (!w2.empty() && at(end2) == '!' && w2.find('$') == std::string_view::npos) {
            prefix.sheet = std::string(w);
            prefix.last_sheet = std::string(w2);
            pos_ = end2 + 1;
            return after_prefix(std::move(prefix), open);
          }
        }
      }
    }
    pos_ = close;
    return table_node(open, {}, text_.substr(open, close - open));
  }

  // Table1[Col], Table1[[#This Row],[Col]], Sheet1!Table1[Col].
  maybe structured(std::size_t start, std::size_t bracket) {
    const std::size_t close = bracket_end(bracket);
    if (close == std::string_view::npos) return fail(bracket, "unterminated '[' starting" + at_position(bracket));
    pos_ = close;
    std::string_view table = text_.substr(start, bracket - start);
    if (const auto bang = table.rfind('!'); bang != std::string_view::npos) {
      // A table in another workbook is not modelled; a sheet name before a table's adds nothing.
      if (table.substr(0, bang).find('[') != std::string_view::npos) return table_node(start, {}, {});
      table.remove_prefix(bang + 1);
    }
    return table_node(start, table, text_.substr(bracket, close - bracket));
  }

  // The node of a structured reference starting at `start`; a form not understood is kept as
  // an unsupported node, so that the rest of the formula still parses.
  parsed table_node(std::size_t start, std::string_view table, std::string_view brackets) {
    const auto spec = brackets.empty() ? std::nullopt : parse_table_spec(table, brackets);
    parsed p{make_node(spec ? node_kind::table_ref : node_kind::unsupported)};
    if (spec) p.tree.table = *spec;
    p.tree.text = std::string(text_.substr(start, pos_ - start));
    return p;
  }

  // A function's name, up to its '(': the caller reads the arguments.
  maybe call_head(std::size_t start, std::size_t end, sheet_prefix prefix) {
    const std::string_view w = text_.substr(start, end - start);
    if (w.empty() || !starts_word(w.front()) || w.find('$') != std::string_view::npos) {
      return fail(start, "'" + std::string(w) + "' is not a valid function name" + at_position(start));
    }
    parsed p{make_node(node_kind::call)};
    p.tree.prefix = std::move(prefix);
    p.tree.text = upper(w);
    for (const auto& s : prefix_spellings) {
      if (p.tree.text.size() > s.text.size() && starts_with_nocase(p.tree.text, s.text)) {
        p.tree.fn_prefix = s.prefix;
        p.tree.text.erase(0, s.text.size());
        break;
      }
    }
    pos_ = end;
    return p;
  }

  // {1,2;3,4}: constants only, ',' between columns and ';' between rows, every row as long.
  maybe array_constant() {
    const std::size_t open = pos_;
    ++pos_;
    parsed p{make_node(node_kind::array), 2};
    std::size_t row_len = 0;
    std::size_t row_start = pos_;
    for (;;) {
      skip_space();
      auto value = array_element();
      if (!value) return std::nullopt;
      p.tree.children.push_back(std::move(*value));
      ++row_len;
      skip_space();
      if (at_end()) return fail(open, "missing '}' to close '{'" + at_position(open));
      const char c = text_[pos_];
      if (c != ',' && c != ';' && c != '}') return unexpected_in_array(pos_);
      if (c != ',') {
        if (p.tree.array_cols == 0) p.tree.array_cols = static_cast<std::uint32_t>(row_len);
        if (row_len != p.tree.array_cols) {
          return fail(row_start, "array constant row" + at_position(row_start) + " has " + count_values(row_len) +
                                     " where the first row has " + std::to_string(p.tree.array_cols));
        }
        row_len = 0;
      }
      ++pos_;
      if (c == '}') return p;
      if (c == ';') row_start = pos_;
    }
  }

  std::nullopt_t unexpected_in_array(std::size_t pos) {
    if (pos >= text_.size()) return unexpected(pos);
    return fail(pos, "unexpected " + describe(text_[pos]) + " in array constant" + at_position(pos));
  }

  std::optional<node> array_element() {
    if (at_end()) return unexpected(pos_);
    const char c = text_[pos_];
    if (c == '"') {
      auto value = read_string();
      if (!value) return std::nullopt;
      node n = make_node(node_kind::string);
      n.text = std::move(*value);
      return n;
    }
    if (c == '#') {
      const auto e = read_error();
      if (!e) return std::nullopt;
      node n = make_node(node_kind::error);
      n.error = *e;
      return n;
    }
    if (is_digit(c) || c == '.' || ((c == '-' || c == '+') && (is_digit(at(pos_ + 1)) || at(pos_ + 1) == '.'))) {
      const bool negative = c == '-';
      if (c == '-' || c == '+') ++pos_;
      const auto value = read_number();
      if (!value) return std::nullopt;
      node n = make_node(node_kind::number);
      n.number = negative ? -*value : *value;
      return n;
    }
    if (is_alpha(c)) {
      const std::size_t end = word_end(pos_);
      const std::string_view w = text_.substr(pos_, end - pos_);
      if (equals_nocase(w, "TRUE") || equals_nocase(w, "FALSE")) {
        pos_ = end;
        node n = make_node(node_kind::boolean);
        n.boolean = equals_nocase(w, "TRUE");
        return n;
      }
    }
    return unexpected_in_array(pos_);
  }

  std::string_view text_;
  parse_limits limits_;
  std::size_t pos_ = 0;
  std::optional<parse_error> error_;
};

// Printing.

// The shortest text that reads back as the same double: 100000 and 0.001 as written, and
// exponents only beyond Excel's 15 digits or below 1E-6 (1E+20, 1E-09), with Excel's capital E.
void write_number(std::string& out, double value) {
  std::array<char, 400> buf{};
  const double magnitude = value < 0 ? -value : value;
  const auto format = (magnitude == 0 || (magnitude >= 1e-6 && magnitude < 1e15)) ? std::chars_format::fixed
                                                                                  : std::chars_format::scientific;
  const auto result = std::to_chars(buf.data(), buf.data() + buf.size(), value, format);
  for (const char* p = buf.data(); p != result.ptr; ++p) out += (*p == 'e') ? 'E' : *p;
}

void write_string(std::string& out, std::string_view value) {
  out += '"';
  for (const char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// Whether a sheet name must be quoted to read back as the same name: anything but a plain word,
// and words that would read as a cell (A1, R1C1, R, C3), as Excel quotes them.
bool needs_quotes(std::string_view sheet) {
  if (sheet.empty() || !starts_word(sheet.front())) return true;
  for (const char c : sheet) {
    if (!is_word_char(c) || c == '\\' || c == '?') return true;
  }
  // A column's letters alone are fine: Jan!A1 and Jan:Dec!A1 read as sheets.
  if (classify_part(sheet).kind == part_kind::cell) return true;
  // R1C1 references: R, C, RC, R2, C3, R2C3.
  std::size_t i = 0;
  const auto skip_digits = [&] {
    while (i < sheet.size() && is_digit(sheet[i])) ++i;
  };
  if (to_upper(sheet[i]) == 'R') {
    ++i;
    skip_digits();
  }
  if (i < sheet.size() && to_upper(sheet[i]) == 'C') {
    ++i;
    skip_digits();
  }
  return i == sheet.size();
}

void write_prefix(std::string& out, const sheet_prefix& p) {
  if (p.empty()) return;
  const bool quote = (!p.book.empty() && p.book.front() != '[') || (!p.sheet.empty() && needs_quotes(p.sheet)) ||
                     (!p.last_sheet.empty() && needs_quotes(p.last_sheet));
  if (!quote) {
    out += p.book;
    out += p.sheet;
    if (!p.last_sheet.empty()) {
      out += ':';
      out += p.last_sheet;
    }
    out += '!';
    return;
  }
  std::string inner = p.book + p.sheet;
  if (!p.last_sheet.empty()) inner += ":" + p.last_sheet;
  out += '\'';
  for (const char c : inner) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += "'!";
}

std::string_view operator_text(binary_op op) {
  switch (op) {
    case binary_op::range: return ":";
    case binary_op::intersect: return " ";
    case binary_op::union_refs: return ",";
    case binary_op::power: return "^";
    case binary_op::multiply: return "*";
    case binary_op::divide: return "/";
    case binary_op::add: return "+";
    case binary_op::subtract: return "-";
    case binary_op::concat: return "&";
    case binary_op::equal: return "=";
    case binary_op::not_equal: return "<>";
    case binary_op::less: return "<";
    case binary_op::greater: return ">";
    case binary_op::less_equal: return "<=";
    case binary_op::greater_equal: return ">=";
  }
  return "?";
}

int precedence(const node& n) {
  switch (n.kind) {
    case node_kind::binary: return precedence(n.binary);
    case node_kind::unary: return prec_unary;
    case node_kind::percent: return prec_percent;
    default: return prec_primary;
  }
}

class formula_writer {
 public:
  formula_writer(std::string& out, detail::write_cells_fn write_cells, xlsx::cell_pos at)
      : out_(out), write_cells_(write_cells), at_(at) {}

  // union_ok: a bare ',' would read as the union here (inside parentheses, not in arguments).
  void write(const node& n, bool union_ok) {
    switch (n.kind) {
      case node_kind::number: write_number(out_, n.number); return;
      case node_kind::string: write_string(out_, n.text); return;
      case node_kind::boolean: out_ += n.boolean ? "TRUE" : "FALSE"; return;
      case node_kind::error: out_ += spelling(n.error); return;
      case node_kind::array: write_array(n); return;
      case node_kind::ref:
        write_prefix(out_, n.prefix);
        write_cells_(out_, n.ref, at_);
        return;
      case node_kind::name:
        write_prefix(out_, n.prefix);
        out_ += n.text;
        return;
      case node_kind::unary:
        out_ += n.unary == unary_op::negate ? '-' : '+';
        write_operand(n.children.front(), prec_unary, union_ok);
        return;
      case node_kind::percent:
        write_operand(n.children.front(), prec_percent, union_ok);
        out_ += '%';
        return;
      case node_kind::paren:
        out_ += '(';
        write(n.children.front(), true);
        out_ += ')';
        return;
      case node_kind::binary: write_binary(n, union_ok); return;
      case node_kind::call: write_call(n); return;
      case node_kind::missing: return;
      case node_kind::table_ref:
      case node_kind::unsupported: out_ += n.text; return;
    }
  }

 private:
  // Adds parentheses where a tree built by hand needs them; a parsed tree has its own.
  void write_operand(const node& n, int min_prec, bool union_ok) {
    const bool is_union = n.kind == node_kind::binary && n.binary == binary_op::union_refs;
    if (precedence(n) < min_prec || (is_union && !union_ok)) {
      out_ += '(';
      write(n, true);
      out_ += ')';
      return;
    }
    write(n, union_ok);
  }

  void write_binary(const node& n, bool union_ok) {
    const int prec = precedence(n.binary);
    if (n.binary == binary_op::union_refs && !union_ok) {
      out_ += '(';
      write_binary(n, true);
      out_ += ')';
      return;
    }
    for (std::size_t i = 0; i < n.children.size(); ++i) {
      if (i > 0) out_ += operator_text(n.binary);
      // Left-associative: an operand on the right of its equal must be bracketed.
      write_operand(n.children[i], i == 0 ? prec : prec + 1, union_ok);
    }
  }

  void write_call(const node& n) {
    write_prefix(out_, n.prefix);
    out_ += spelling(n.fn_prefix);
    out_ += n.text;
    out_ += '(';
    for (std::size_t i = 0; i < n.children.size(); ++i) {
      if (i > 0) out_ += ',';
      write(n.children[i], false);
    }
    out_ += ')';
  }

  void write_array(const node& n) {
    out_ += '{';
    const std::size_t cols = std::max<std::size_t>(n.array_cols, 1);
    for (std::size_t i = 0; i < n.children.size(); ++i) {
      if (i > 0) out_ += (i % cols == 0) ? ';' : ',';
      write(n.children[i], false);
    }
    out_ += '}';
  }

  std::string& out_;
  detail::write_cells_fn write_cells_;
  xlsx::cell_pos at_;
};

void write_end(std::string& out, const ref_end& e, bool col, bool row) {
  if (col) {
    if (e.col_abs) out += '$';
    xlsx::append_col_letters(out, e.pos.col_idx);
  }
  if (row) {
    if (e.row_abs) out += '$';
    out += std::to_string(e.pos.row_idx);
  }
}

void write_prefix_form(std::string& out, const node& n) {
  switch (n.kind) {
    case node_kind::ref:
    case node_kind::name:
      out += n.kind == node_kind::ref ? "(ref " : "(name ";
      detail::write_formula(out, n, detail::write_a1_cells, {});
      out += ')';
      return;
    case node_kind::unary:
      out += n.unary == unary_op::negate ? "(u- " : "(u+ ";
      write_prefix_form(out, n.children.front());
      out += ')';
      return;
    case node_kind::percent:
    case node_kind::paren:
      out += n.kind == node_kind::percent ? "(% " : "(paren ";
      write_prefix_form(out, n.children.front());
      out += ')';
      return;
    case node_kind::binary:
      out += '(';
      switch (n.binary) {
        case binary_op::intersect: out += "intersect"; break;
        case binary_op::union_refs: out += "union"; break;
        default: out += operator_text(n.binary);
      }
      for (const auto& c : n.children) {
        out += ' ';
        write_prefix_form(out, c);
      }
      out += ')';
      return;
    case node_kind::call:
      out += "(call ";
      write_prefix(out, n.prefix);
      out += spelling(n.fn_prefix);
      out += n.text;
      for (const auto& c : n.children) {
        out += ' ';
        write_prefix_form(out, c);
      }
      out += ')';
      return;
    case node_kind::missing: out += "(missing)"; return;
    case node_kind::table_ref: {
      // (table Sales this-row "Q1":"Q4"): the table (own for [@Col]), the rows, the columns.
      const auto& t = n.table;
      out += "(table ";
      out += t.table.empty() ? "own" : t.table;
      const std::uint8_t items = t.items == 0 ? std::uint8_t(table_data) : t.items;
      out += items & table_this_row       ? " this-row"
             : items == table_all          ? " all"
             : items == table_headers      ? " headers"
             : items == table_totals       ? " totals"
             : items == (table_headers | table_data) ? " headers+data"
             : items == (table_data | table_totals)  ? " data+totals"
             : items == table_data                   ? " data"
                                                     : " headers+totals";
      if (t.first_column.empty()) {
        out += " *";
      } else {
        out += " \"" + t.first_column + '"';
        if (t.last_column != t.first_column) out += ":\"" + t.last_column + '"';
      }
      out += ')';
      return;
    }
    case node_kind::unsupported:
      out += "(unsupported ";
      out += n.text;
      out += ')';
      return;
    default: detail::write_formula(out, n, detail::write_a1_cells, {}); return;
  }
}

}  // namespace

namespace detail {

void write_a1_cells(std::string& out, const reference& ref, xlsx::cell_pos) {
  switch (ref.kind) {
    case ref_kind::cell: write_end(out, ref.first, true, true); return;
    case ref_kind::area:
    case ref_kind::columns:
    case ref_kind::rows: {
      const bool col = ref.kind != ref_kind::rows;
      const bool row = ref.kind != ref_kind::columns;
      write_end(out, ref.first, col, row);
      out += ':';
      write_end(out, ref.last, col, row);
      return;
    }
    case ref_kind::error: out += "#REF!"; return;
  }
}

void write_formula(std::string& out, const node& tree, write_cells_fn write_cells, xlsx::cell_pos at) {
  formula_writer(out, write_cells, at).write(tree, false);
}

}  // namespace detail

namespace {
parse_limits& configured_limits() {
  static parse_limits limits;
  return limits;
}
}  // namespace

const parse_limits& default_parse_limits() { return configured_limits(); }
void set_default_parse_limits(const parse_limits& limits) { configured_limits() = limits; }

util::result<node, parse_error> parse(std::string_view formula, const parse_limits& limits) {
  return parser(formula, limits).run();
}

std::string to_formula(const node& tree) {
  std::string out;
  detail::write_formula(out, tree, detail::write_a1_cells, {});
  return out;
}

std::string to_prefix(const node& tree) {
  std::string out;
  write_prefix_form(out, tree);
  return out;
}

}  // namespace returncheck::formula
