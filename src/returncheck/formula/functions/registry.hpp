// The function library by category; each category file lists its functions in a table.
#pragma once

#include <span>

#include "returncheck/formula/evaluator.hpp"

namespace returncheck::formula::functions {

std::span<const function_info> math_functions();         // math.cpp
std::span<const function_info> stats_functions();        // stats.cpp
std::span<const function_info> logic_functions();        // logic.cpp (and information functions)
std::span<const function_info> text_functions();         // text.cpp
std::span<const function_info> date_functions();         // date.cpp
std::span<const function_info> lookup_functions();       // lookup.cpp (and reference functions)
std::span<const function_info> engineering_functions();  // engineering.cpp
std::span<const function_info> matrix_functions();       // matrix.cpp (MMULT, MDETERM, MINVERSE)

// Helpers every category uses.

// The numbers an aggregate (SUM, AVERAGE, MIN...) takes from its arguments, as Excel does:
// numbers in ranges and arrays count, text and booleans there are skipped; a number, a
// boolean or numeric text typed as an argument counts, other typed text is #VALUE!; the first
// error met is the answer. Returns the error, or nothing.
std::optional<error_value> collect_numbers(call_args& args, std::size_t first, std::vector<double>& out);
// The same for argument i alone: the data argument of LARGE, PERCENTILE, RANK..., whose other
// arguments are not data.
std::optional<error_value> numbers_of(call_args& args, std::size_t i, std::vector<double>& out);

// Argument i as a number (missing: fallback), or the error Excel gives.
or_error<double> number_arg(call_args& args, std::size_t i, double fallback = 0);
// Argument i as a number the way the functions that began in Excel's Analysis ToolPak (MROUND,
// GCD, DEC2BIN, DELTA...) read it: as number_arg, but a boolean is #VALUE! ("If number is
// nonnumeric, ... returns the #VALUE! error value").
or_error<double> strict_number_arg(call_args& args, std::size_t i, double fallback = 0);
// Argument i as text.
or_error<std::string> text_arg(call_args& args, std::size_t i);
// Argument i as a condition.
or_error<bool> boolean_arg(call_args& args, std::size_t i, bool fallback = false);

// The walk SUMIF, SUMIFS, COUNTIF, COUNTIFS, AVERAGEIF and AVERAGEIFS share. Arguments first,
// first+1, ... are `pairs` (range, criteria) pairs, criteria as Excel reads them (3, ">5", "<>abc",
// "a*", "", a cell); a position matches when every range's cell there meets its criteria, and
// `matched` counts the matches. With a target argument, the numbers of its cells at the matching
// positions go into `numbers` (text and booleans skipped; an error there is the answer). With
// `stretch` the target takes the first range's shape from its top-left cell (SUMIF's sum range);
// without it every range must have the target's shape (the first range's without a target), or
// the answer is #VALUE!. Returns the error, or nothing.
std::optional<error_value> match_criteria(call_args& args, std::size_t first, std::size_t pairs,
                                          std::optional<std::size_t> target, bool stretch, std::uint64_t& matched,
                                          std::vector<double>& numbers);

inline operand err(error_value e) { return value::error(e); }
inline operand num(double n) { return value::checked_number(n); }

}  // namespace returncheck::formula::functions
