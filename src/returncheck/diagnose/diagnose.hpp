// Diagnosis: for a derived figure that is wrong, the usual mistake that reproduces it, if any.
// Each candidate recomputes the figure the way a hurried analyst might have, and the first that
// gives the stated figure at its shown precision is named, with the numbers it used.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "returncheck/schema/schema.hpp"

namespace returncheck::diagnose {

// A figure the derived value was computed from, with where it came from for messages.
struct input {
  double value = 0;
  std::string label;  // "31/03/2015", "Number of Looked After Children"
};

// What the derived figure should have been computed from, and what lies next to it.
struct derived_inputs {
  schema::derived_kind kind = schema::derived_kind::pct_change;
  // pct_change, change: from and to are the row's two periods; share, ratio: from is the part
  // and to the whole; rate: from is the count and to the population, per the multiplier.
  input from;
  input to;
  double per = 1;
  bool percent_points_possible = false;  // the indicator is itself a percentage
  // The same row's neighbouring period columns (pct_change, change).
  std::vector<input> from_neighbours;    // periods beside `from`
  std::vector<input> to_neighbours;      // periods beside `to`
  // The neighbouring indicators' rows, each as its own (from, to) pair.
  std::vector<std::pair<input, input>> neighbour_rows;
  // The stated cell holds a formula that computes this now (its stored result is stale when
  // this is right and the stored one is not).
  std::optional<double> formula_result;
};

// The stated figure, as a fraction for percentages, with its precision.
struct stated {
  double value = 0;      // as shown
  double tolerance = 0;  // half a unit of the last digit shown
  int decimals = 0;      // digits shown (of percentage points for percentages)
  bool percent = false;
};

struct cause {
  std::string id;    // "new-value-denominator", "periods-swapped", ...
  std::string text;  // "matches (278-229)/278: the change was divided by the new value (278), not the old (229)"
  double value = 0;  // what the mistaken computation gives
};

// The right value of the derived figure; nullopt when it cannot be computed (division by 0).
std::optional<double> expected_value(const derived_inputs& in);

// The mistake that reproduces the stated figure, trying in order: a stale stored result, the
// new value as denominator, periods swapped, sign flipped, fraction vs percent (x100),
// percentage points vs percent, truncated instead of rounded, a neighbouring period column, the
// neighbouring indicator's row, and for rates a different multiplier. nullopt when none does.
std::optional<cause> diagnose(const derived_inputs& in, const stated& s);

// Whether a computed figure agrees with the stated one at its shown precision.
bool agrees(double computed, const stated& s);

}  // namespace returncheck::diagnose
