// The values formulas compute with: Excel's scalars, its error values, and its coercions between them.
#pragma once

#include <compare>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "returncheck/util/result.hpp"

namespace returncheck::formula {

// Excel's error values, in the order ERROR.TYPE numbers the first nine (1 to 9).
enum class error_value {
  null,          ///< #NULL!: a range intersection that is empty (`=A1:A3 C1:C3`).
  div0,          ///< #DIV/0!: a division by zero, or an average of nothing.
  value,         ///< #VALUE!: an argument of the wrong type (`="abc"+1`).
  ref,           ///< #REF!: a reference to a cell that no longer exists.
  name,          ///< #NAME?: a function or defined name Excel does not know.
  num,           ///< #NUM!: a number out of range (`=SQRT(-1)`, an overflow).
  na,            ///< #N/A: a value that is not available (a failed lookup, `=NA()`).
  getting_data,  ///< #GETTING_DATA: a cube or external value still being fetched.
  spill,         ///< #SPILL!: a dynamic array with no room to spill into.
  calc,          ///< #CALC!: a calculation the engine cannot do (an empty array).
};

struct error_info {
  error_value code;
  std::string_view text;  // as Excel shows it, and as a workbook stores it in <v> of a t="e" cell
};

// Every error value, in enum order. A test checks it against the enum.
std::span<const error_info> error_table();

// "#DIV/0!", "#N/A", ...: the text Excel shows for the error.
std::string_view to_text(error_value e);

// The error value whose text this is. Excel accepts an error typed in any case ("#n/a" becomes
// #N/A), so the match ignores ASCII case; nothing else (no spaces) is allowed.
std::optional<error_value> parse_error_value(std::string_view text);

enum class value_kind { blank, number, text, boolean, error };

// One Excel scalar: what a cell holds or an expression yields. A number is always finite: Excel
// has no infinities or NaN, so arithmetic that produces one must yield an error instead
// (checked_number does this).
class value {
 public:
  value() = default;  // blank

  static value blank() { return value(); }
  static value number(double n) { return value(std::in_place_index<1>, n); }
  static value text(std::string s) { return value(std::in_place_index<2>, std::move(s)); }
  static value boolean(bool b) { return value(std::in_place_index<3>, b); }
  static value error(error_value e) { return value(std::in_place_index<4>, e); }
  // A number, or #NUM! when n is infinite or NaN: what Excel gives when arithmetic overflows.
  static value checked_number(double n);

  value_kind kind() const { return static_cast<value_kind>(v_.index()); }
  bool is_blank() const { return kind() == value_kind::blank; }
  bool is_number() const { return kind() == value_kind::number; }
  bool is_text() const { return kind() == value_kind::text; }
  bool is_boolean() const { return kind() == value_kind::boolean; }
  bool is_error() const { return kind() == value_kind::error; }

  // The held scalar. Asking for the wrong kind is a programmer error (asserted).
  double as_number() const;
  const std::string& as_text() const;
  bool as_boolean() const;
  error_value as_error() const;

  // Same kind and same scalar: texts compare exactly (case counts), numbers with ==. For tests
  // and caches; Excel's own `=` is compare() below.
  friend bool operator==(const value&, const value&) = default;

 private:
  using storage = std::variant<std::monostate, double, std::string, bool, error_value>;
  template <std::size_t i, class T>
  value(std::in_place_index_t<i> tag, T&& x) : v_(tag, std::forward<T>(x)) {}

  storage v_;
};

// A coercion's answer: the converted scalar, or the error value Excel would yield instead.
template <class T>
using or_error = util::result<T, error_value>;

// A value as arithmetic (+ - * / ^ and unary minus) sees it: blank is 0, TRUE 1, FALSE 0, an
// error is itself, and text is read the way Excel reads what is typed into a cell, in the en-GB
// locale our users' Excel runs in (dates day first; £ or $ as currency); text it cannot read, ""
// and "TRUE" included, is #VALUE!. `date1904` chooses the workbook's date system for text that is a date.
// value.cpp lists exactly what text is read; tests/unit/formula/data/to_number.tsv pins it.
or_error<double> to_number(const value& v, bool date1904 = false);

// A value as a condition (IF, AND, OR, NOT) sees it: a number is TRUE unless 0, blank is FALSE,
// text "TRUE" or "FALSE" in any case is that boolean, any other text is #VALUE!.
or_error<bool> to_boolean(const value& v);

// A value as `&` and CONCATENATE see it: a number as Excel writes it without a number format
// (format_number), TRUE as "TRUE", blank as "", an error as itself.
or_error<std::string> to_text(const value& v);

// A number as Excel turns it into text without a number format (`=x&""`): at most 15 significant
// digits (14 once the exponent has three digits), written out in full when that takes at most
// 20 characters (not counting a minus sign) and in scientific form (1.5E+20, 1E-21) otherwise.
// This is not what a General-formatted cell shows, which is cut to fit the column.
std::string format_number(double n);

// Excel's comparison operators (= <> < <= > >=): numbers before text before booleans whatever
// the values; blank is 0 against a number, "" against text and FALSE against a boolean; text
// ignores case; numbers are compared after rounding both to 15 significant digits, so
// 0.1+0.2 = 0.3. An error in either operand (the left one first) is the answer instead.
or_error<std::weak_ordering> compare(const value& a, const value& b);

// x rounded to 15 significant digits, the precision Excel keeps and shows. Infinities, NaN, zero
// and subnormal numbers come back unchanged.
double round_to_15_digits(double x);

// Whether a number we computed agrees with the one Excel cached for the same cell, at the
// precision Excel stores: both round to the same 15 significant digits, or they are within a
// few units in the last place (two ways of summing can land either side of a rounding
// boundary), or both are below 1e-300 in magnitude.
bool same_as_excel(double computed, double cached);

}  // namespace returncheck::formula
