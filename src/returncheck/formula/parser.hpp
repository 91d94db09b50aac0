// Excel formula text to a tree and back: parse, to_formula, and the compact form used by tests.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "returncheck/formula/ast.hpp"
#include "returncheck/util/result.hpp"

namespace returncheck::formula {

// Caps that keep any input cheap to parse. Excel itself allows 8,192 characters and 64 levels of
// nested functions; the depth cap is far above that so that every formula Excel wrote parses,
// while a hostile one is refused before it can exhaust the stack.
struct parse_limits {
  std::size_t max_length = 8192;  // characters (UTF-8 code points), not counting a leading '='
  std::size_t max_depth = 1024;   // nodes on any path from the root to a leaf
};

// Why a formula could not be parsed. `position` is the 0-based byte offset in the text as given
// (a leading '=' counts); `message` is one line that already names that position, e.g.
// "unexpected ')' at position 7".
struct parse_error {
  std::size_t position = 0;
  std::string message;
  friend bool operator==(const parse_error&, const parse_error&) = default;
};

// The limits parse() uses when none are given: parse_limits{} unless the command line set others
// (--max-formula-length, --max-formula-depth) with set_default_parse_limits, once, at start-up,
// before any formula is parsed (the setting is not guarded for threads).
const parse_limits& default_parse_limits();
void set_default_parse_limits(const parse_limits& limits);

// Parses a formula as stored in an .xlsx file: the text without its '=', though one leading '='
// is accepted and skipped. Any bytes are safe; time is linear in the length of the text.
util::result<node, parse_error> parse(std::string_view formula, const parse_limits& limits = default_parse_limits());

// The tree as Excel formula text, without '=': functions, references and constants in upper
// case, no spaces but the intersection operator, parentheses as in the tree (and more only where
// a tree built by hand needs them). parse(to_formula(t)) gives back t for every parsed tree.
std::string to_formula(const node& tree);

// The tree in a compact prefix form, for tests: constants as in a formula (1.5, "a""b", TRUE,
// #N/A, {1,2;3,4}); (ref Sheet1!$A$1:B2), (name rate), (unsupported Table1[Col]); operators as
// (+ 1 (* 2 3)), (: a b), (intersect a b), (union a b), (u- 2), (% 50), (paren x); and calls as
// (call SUM (ref A1:A3) (missing) 5), the name with its _xlfn. prefix.
std::string to_prefix(const node& tree);

}  // namespace returncheck::formula
