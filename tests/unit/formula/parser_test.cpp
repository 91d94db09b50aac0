// Tests for the formula parser: the case table in data/parser_cases.tsv, limits, and random input.
#include "returncheck/formula/parser.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "returncheck/formula/r1c1.hpp"

namespace returncheck::formula {
namespace {

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

// What the table expects: the tree in prefix form, or "error: " and the whole message.
std::string prefix_or_error(std::string_view formula, const parse_limits& limits = {}) {
  const auto tree = parse(formula, limits);
  if (!tree) return "error: " + tree.error().message;
  return to_prefix(*tree);
}

std::size_t height(const node& n) {
  std::size_t deepest = 0;
  for (const auto& c : n.children) deepest = std::max(deepest, height(c));
  return deepest + 1;
}

// The table's cells may hold \t, \n, \r, \\ and \xHH, so that any formula fits on one line.
std::string unescape(std::string_view cell, int line) {
  std::string out;
  for (std::size_t i = 0; i < cell.size(); ++i) {
    if (cell[i] != '\\' || i + 1 == cell.size()) {
      out += cell[i];
      continue;
    }
    const char c = cell[++i];
    switch (c) {
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case '\\': out += '\\'; break;
      case 'x':
        if (i + 2 < cell.size() && std::isxdigit(static_cast<unsigned char>(cell[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(cell[i + 2]))) {
          out += static_cast<char>(std::stoi(std::string(cell.substr(i + 1, 2)), nullptr, 16));
          i += 2;
          break;
        }
        [[fallthrough]];
      default: ADD_FAILURE() << "parser_cases.tsv line " << line << ": unknown escape \\" << c; break;
    }
  }
  return out;
}

struct parser_case {
  int line = 0;
  std::string formula;
  std::string expected;  // the prefix form, or "error: <message>"
  std::string printed;   // to_formula's text, when it differs from the formula
};

std::vector<parser_case> load_cases() {
  const std::string path = std::string(RETURNCHECK_SOURCE_DIR) + "/tests/unit/formula/data/parser_cases.tsv";
  std::ifstream in(path, std::ios::binary);
  if (!in) ADD_FAILURE() << "cannot read " << path;
  std::vector<parser_case> cases;
  std::string text;
  int line = 0;
  while (std::getline(in, text)) {
    ++line;
    if (text.empty() || text.starts_with("//")) continue;
    std::vector<std::string_view> cells;
    std::string_view rest = text;
    for (std::size_t tab = rest.find('\t'); tab != std::string_view::npos; tab = rest.find('\t')) {
      cells.push_back(rest.substr(0, tab));
      rest.remove_prefix(tab + 1);
    }
    cells.push_back(rest);
    if (cells.size() < 2 || cells.size() > 3) {
      ADD_FAILURE() << path << " line " << line << ": expected 2 or 3 tab-separated cells, got " << cells.size();
      continue;
    }
    parser_case c;
    c.line = line;
    c.formula = unescape(cells[0], line);
    c.expected = unescape(cells[1], line);
    if (cells.size() == 3) c.printed = unescape(cells[2], line);
    cases.push_back(std::move(c));
  }
  return cases;
}

TEST(parser, case_table) {
  const auto cases = load_cases();
  // Every bullet of the grammar has rows; a table cut short by a stray edit should not pass.
  EXPECT_GE(cases.size(), 150u);
  for (const auto& c : cases) {
    SCOPED_TRACE("parser_cases.tsv line " + std::to_string(c.line) + ": " + c.formula);
    EXPECT_EQ(prefix_or_error(c.formula), c.expected);
    const auto tree = parse(c.formula);
    if (!tree) continue;
    // A row gives to_formula's text only where it differs from the formula.
    const std::string printed = to_formula(*tree);
    EXPECT_EQ(printed, c.printed.empty() ? c.formula : c.printed);
    // Printing is parsing's inverse: the printed text reads back as the same tree.
    const auto again = parse(printed);
    ASSERT_TRUE(again) << printed << ": " << again.error().message;
    EXPECT_EQ(to_prefix(*again), to_prefix(*tree)) << printed;
    EXPECT_TRUE(*again == *tree) << printed;
  }
}

TEST(parser, reference_fields) {
  const auto tree = parse("'Q1 ''24'!$B3:C$10");
  ASSERT_TRUE(tree);
  ASSERT_EQ(tree->kind, node_kind::ref);
  EXPECT_EQ(tree->prefix.sheet, "Q1 '24");
  EXPECT_FALSE(tree->prefix.external());
  EXPECT_EQ(tree->ref.kind, ref_kind::area);
  EXPECT_EQ(tree->ref.first, (ref_end{{3, 2}, false, true}));
  EXPECT_EQ(tree->ref.last, (ref_end{{10, 3}, true, false}));

  const auto ext = parse("[1]Sheet1:Sheet3!A:A");
  ASSERT_TRUE(ext);
  EXPECT_TRUE(ext->prefix.external());
  EXPECT_EQ(ext->prefix.book, "[1]");
  EXPECT_EQ(ext->prefix.sheet, "Sheet1");
  EXPECT_EQ(ext->prefix.last_sheet, "Sheet3");
  EXPECT_EQ(ext->ref.kind, ref_kind::columns);
  EXPECT_EQ(ext->ref.first.pos, (xlsx::cell_pos{0, 1}));

  const auto rows = parse("$3:5");
  ASSERT_TRUE(rows);
  EXPECT_EQ(rows->ref.kind, ref_kind::rows);
  EXPECT_EQ(rows->ref.first, (ref_end{{3, 0}, true, false}));
  EXPECT_EQ(rows->ref.last, (ref_end{{5, 0}, false, false}));

  const auto lost = parse("Sheet2!#REF!");
  ASSERT_TRUE(lost);
  EXPECT_EQ(lost->ref.kind, ref_kind::error);
  EXPECT_EQ(lost->prefix.sheet, "Sheet2");
}

TEST(parser, call_and_array_fields) {
  const auto call = parse("_xlfn._xlws.sort(A1:A3,,-1)");
  ASSERT_TRUE(call);
  ASSERT_EQ(call->kind, node_kind::call);
  EXPECT_EQ(call->text, "SORT");
  EXPECT_EQ(call->fn_prefix, function_prefix::xlfn_xlws);
  ASSERT_EQ(call->children.size(), 3u);
  EXPECT_EQ(call->children[1].kind, node_kind::missing);

  const auto array = parse("{1,-2.5,\"a\";TRUE,#N/A,0}");
  ASSERT_TRUE(array);
  ASSERT_EQ(array->kind, node_kind::array);
  EXPECT_EQ(array->array_cols, 3u);
  ASSERT_EQ(array->children.size(), 6u);
  EXPECT_EQ(array->children[1].number, -2.5);
  EXPECT_EQ(array->children[2].text, "a");
  EXPECT_EQ(array->children[4].error, error_literal::na);
}

TEST(parser, error_positions_count_a_leading_equals_sign) {
  const auto tree = parse("=SUM(1))");
  ASSERT_FALSE(tree);
  EXPECT_EQ(tree.error(), (parse_error{7, "unexpected ')' at position 7"}));
}

TEST(parser, length_cap_counts_characters_not_bytes) {
  parse_limits limits;
  limits.max_length = 10;
  EXPECT_EQ(prefix_or_error("1+2+3+4+56", limits), "(+ 1 2 3 4 56)");
  EXPECT_EQ(prefix_or_error("=1+2+3+4+56", limits), "(+ 1 2 3 4 56)");
  EXPECT_EQ(prefix_or_error("1+2+3+4+567", limits), "error: formula longer than 10 characters (limit max-formula-length; raise it with --max-formula-length)");
  // Ten characters, eighteen bytes.
  EXPECT_EQ(prefix_or_error("\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\"", limits),
            "\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\"");
  EXPECT_EQ(prefix_or_error("11" + repeat("+1", 4095)).substr(0, 10), "(+ 11 1 1 ");
  EXPECT_EQ(prefix_or_error("111" + repeat("+1", 4095)), "error: formula longer than 8192 characters (limit max-formula-length; raise it with --max-formula-length)");
}

TEST(parser, depth_cap_stops_deep_nesting_early) {
  parse_limits limits;
  limits.max_length = 1'000'000;
  const std::string deep_parens = repeat("(", 10'000) + "1" + repeat(")", 10'000);
  const std::string deep_calls = repeat("SUM(", 10'000) + "1" + repeat(")", 10'000);
  const std::string unclosed = repeat("(", 10'000);
  const std::string percents = "1" + repeat("%", 10'000);
  const std::string signs = repeat("-", 10'000) + "1";
  const std::string mixed = repeat("1+1-", 10'000) + "1";
  for (const auto& f : {deep_parens, deep_calls, unclosed, percents, signs, mixed}) {
    SCOPED_TRACE(f.substr(0, 20));
    EXPECT_EQ(prefix_or_error(f, limits), "error: formula nested more than 1024 levels deep (limit max-formula-depth; raise it with --max-formula-depth)");
  }
  // The worst frames per level: an operand at the tightest binding under every operator.
  const std::string worst = repeat("1=1&1+1*1^-(", 1023) + "1" + repeat(")", 1023);
  EXPECT_EQ(prefix_or_error(worst, limits), "error: formula nested more than 1024 levels deep (limit max-formula-depth; raise it with --max-formula-depth)");

  limits.max_depth = 256;
  EXPECT_EQ(prefix_or_error(repeat("(", 300) + "1" + repeat(")", 300), limits),
            "error: formula nested more than 256 levels deep (limit max-formula-depth; raise it with --max-formula-depth)");
}

TEST(parser, trees_as_deep_as_the_cap_parse) {
  parse_limits limits;
  limits.max_length = 1'000'000;
  // 1023 parentheses around a leaf: 1024 nodes from root to leaf.
  const auto at_cap = parse(repeat("(", 1023) + "1" + repeat(")", 1023), limits);
  ASSERT_TRUE(at_cap);
  EXPECT_EQ(height(*at_cap), 1024u);
  EXPECT_FALSE(parse(repeat("(", 1024) + "1" + repeat(")", 1024), limits));

  const auto worst = parse(repeat("1=1&1+1*1^-(", 100) + "1" + repeat(")", 100), limits);
  ASSERT_TRUE(worst);
  EXPECT_LE(height(*worst), 1024u);
  // Excel's own limit: 64 nested functions, far inside the cap.
  EXPECT_TRUE(parse(repeat("IF(A1,", 64) + "1" + repeat(")", 64)));
}

TEST(parser, long_chains_parse_in_linear_time) {
  parse_limits limits;
  limits.max_length = 10'000'000;
  std::string sum = "1";
  std::string args = "SUM(A1";
  for (int i = 2; i <= 100'000; ++i) {
    sum += "+1";
    args += ",A" + std::to_string(i % 1'000'000 + 1);
  }
  args += ")";
  const auto start = std::chrono::steady_clock::now();
  const auto sum_tree = parse(sum, limits);
  const auto args_tree = parse(args, limits);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(sum_tree);
  ASSERT_TRUE(args_tree);
  EXPECT_EQ(sum_tree->children.size(), 100'000u);
  EXPECT_EQ(height(*sum_tree), 2u);
  EXPECT_EQ(args_tree->children.size(), 100'000u);
  EXPECT_EQ(to_formula(*sum_tree), sum);
  // Quadratic work would take minutes here; linear takes milliseconds, even under sanitizers.
  EXPECT_LT(elapsed, std::chrono::seconds(10));
}

// Parsing never crashes, never hangs, and whatever parses prints back to the same tree.
// Returns whether the text parsed.
bool check_any(const std::string& text) {
  const auto tree = parse(text);
  if (!tree) {
    EXPECT_FALSE(tree.error().message.empty());
    EXPECT_LE(tree.error().position, text.size());
    return false;
  }
  EXPECT_LE(height(*tree), 1024u);
  const std::string printed = to_formula(*tree);
  const auto again = parse(printed);
  EXPECT_TRUE(again) << "'" << text << "' printed as '" << printed << "': " << again.error().message;
  if (again) {
    EXPECT_TRUE(*again == *tree) << "'" << text << "' printed as '" << printed << "'";
  }
  EXPECT_FALSE(to_prefix(*tree).empty());
  EXPECT_FALSE(to_r1c1(*tree, {5, 5}).empty());
  return true;
}

TEST(parser, random_formula_like_text) {
  // Fragments that make the lexer's hard cases meet: quotes, brackets, sheets, ranges, signs.
  const std::vector<std::string> fragments = {
      "A1",   "$B$2", "c3",     "XFD1048576", "XFE1", "A0",     "A",        "$A",      "3",         "$3",
      ":",    "!",    "Sheet1", "'My Sheet'", "''",   "'",      "\"",       "\"x\"",   "\"\"",      "#REF!",
      "#N/A", "#",    "TRUE",   "false",      "SUM(", "_xlfn.", "IF(",      "(",       ")",         ",",
      ";",    "{",    "}",      "[",          "]",    "[1]",    "[@Col]",   "Table1[", "#This Row", "+",
      "-",    "*",    "/",      "^",          "&",    "%",      "=",        "<>",      "<",         ">=",
      " ",    "  ",   "\n",     ".",          "1.5",  "1E+",    "e",        "5",       "0",         "@",
      "$",    "\\",   "?",      "_",          "name", "R1C1",   "\xc3\xa9",
  };
  std::mt19937 rng(20240531);
  std::uniform_int_distribution<std::size_t> pick(0, fragments.size() - 1);
  std::uniform_int_distribution<int> count(1, 12);
  int parsed = 0;
  for (int i = 0; i < 20'000; ++i) {
    std::string text;
    for (int n = count(rng); n > 0; --n) text += fragments[pick(rng)];
    SCOPED_TRACE(text);
    if (check_any(text)) ++parsed;
    if (HasFailure()) return;
  }
  // Some of them parse, so the printing checks above run on odd trees too.
  EXPECT_GT(parsed, 500);
}

// Builds random formulas from the grammar, with random case and spacing: each must parse and
// print back to the same tree.
class formula_maker {
 public:
  explicit formula_maker(std::uint32_t seed) : rng_(seed) {}

  std::string expression(int depth) {
    switch (depth <= 0 ? 0 : below(6)) {
      case 0: return operand();
      case 1: return expression(depth - 1) + space() + pick(binary_ops_) + space() + expression(depth - 1);
      case 2: return pick({"-", "+", "--"}) + expression(depth - 1);
      case 3: return "(" + space() + expression(depth - 1) + space() + ")" + (below(4) == 0 ? "%" : "");
      case 4: return reference_expression();
      default: {
        std::string call = pick({"SUM", "if", "_xlfn.XLOOKUP", "Index", "_xlfn._xlws.SORT", "PI"}) + "(";
        for (int i = below(4); i >= 0; --i) {
          if (below(5) > 0) call += space() + expression(depth - 1) + space();
          if (i > 0) call += ",";
        }
        return call + ")";
      }
    }
  }

 private:
  int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  std::string pick(const std::vector<std::string>& from) { return from[std::size_t(below(int(from.size())))]; }
  std::string space() { return below(5) == 0 ? pick({" ", "  ", "\n"}) : ""; }

  std::string reference() {
    return pick({"", "", "Sheet1!", "'My Sheet'!", "[1]Data!", "Jan:Mar!", "'Q1 ''24'!"}) +
           pick({"A1", "$B$2", "c3:D4", "$A:$C", "7:$9", "XFD1048576", "#REF!"});
  }

  std::string reference_expression() {
    switch (below(5)) {
      case 0: return reference() + ":" + pick({"INDEX(A:A,2)", "B7", "name"});
      case 1: return reference() + " " + reference();
      case 2: return "SUM((" + reference() + "," + reference() + "))";
      case 3: return "(" + reference() + ") " + reference();
      default: return reference();
    }
  }

  std::string operand() {
    switch (below(9)) {
      case 0: return pick({"1", "0.5", ".25", "1E+20", "2.5e-8", "100000", "007"});
      case 1: return pick({"\"text\"", "\"\"", "\"say \"\"hi\"\"\""});
      case 2: return pick({"TRUE", "false"});
      case 3: return pick({"#N/A", "#div/0!", "#VALUE!", "#REF!"});
      case 4: return pick({"{1,2;3,4}", "{-1,\"a\",TRUE,#N/A}", "{1;2}"});
      case 5: return pick({"rate", "_xlnm.Print_Area", "Sheet2!local", "[0]!Global"});
      case 6: return pick({"Table1[Col]", "[@Col]", "Table1[[#This Row],[A b]]"});
      default: return reference();
    }
  }

  std::mt19937 rng_;
  const std::vector<std::string> binary_ops_ = {"+", "-", "*", "/", "^", "&", "=", "<>", "<", ">", "<=", ">="};
};

TEST(parser, random_formulas_print_back_to_the_same_tree) {
  formula_maker maker(42);
  for (int i = 0; i < 5'000; ++i) {
    const std::string text = maker.expression(5);
    SCOPED_TRACE(text);
    const auto tree = parse(text);
    ASSERT_TRUE(tree) << tree.error().message;
    check_any(text);
    if (HasFailure()) return;
  }
}

TEST(parser, random_bytes) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 64);
  for (int i = 0; i < 5'000; ++i) {
    std::string text;
    for (int n = length(rng); n > 0; --n) text += static_cast<char>(byte(rng));
    check_any(text);
    if (HasFailure()) return;
  }
}

}  // namespace
}  // namespace returncheck::formula
