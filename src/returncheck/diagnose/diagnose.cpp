// The usual mistakes behind a wrong derived figure, tried one by one.
#include "returncheck/diagnose/diagnose.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "returncheck/rules/reading.hpp"

namespace returncheck::diagnose {
namespace {

using schema::derived_kind;

// A count as written in a cause: "229", "9,684", "0.35".
std::string n(double x) { return rules::format_for_message(x, false, -1); }

// A derived figure as written in a cause, one decimal more than the stated one shows.
std::string shown(double x, const stated& s, bool sign = false) {
  return rules::format_for_message(x, s.percent, std::max(s.decimals + 1, s.percent ? 1 : 0), sign);
}

bool is_change(derived_kind k) { return k == derived_kind::pct_change || k == derived_kind::change; }

// The figure computed from a (from, to) pair as the kind defines it.
std::optional<double> compute(derived_kind kind, double from, double to, double per) {
  switch (kind) {
    case derived_kind::pct_change:
      if (from == 0) return std::nullopt;
      return (to - from) / from;
    case derived_kind::change: return to - from;
    case derived_kind::share:
    case derived_kind::ratio:
      if (to == 0) return std::nullopt;
      return from / to;
    case derived_kind::rate:
      if (to == 0) return std::nullopt;
      return from / to * per;
  }
  return std::nullopt;
}

}  // namespace

bool agrees(double computed, const stated& s) {
  // A hair of slack for binary fractions: 0.205 is the boundary of "21%" and "20%" both.
  return std::fabs(computed - s.value) <= s.tolerance * (1 + 1e-9) + 1e-12;
}

std::optional<double> expected_value(const derived_inputs& in) {
  return compute(in.kind, in.from.value, in.to.value, in.per);
}

std::optional<cause> diagnose(const derived_inputs& in, const stated& s) {
  const auto expected = expected_value(in);
  if (expected && agrees(*expected, s)) return std::nullopt;  // nothing wrong to explain
  const double a = in.from.value, b = in.to.value;
  std::optional<cause> found;
  auto attempt = [&](std::string id, std::optional<double> value, const std::function<std::string()>& text) {
    if (found || !value || !std::isfinite(*value) || !agrees(*value, s)) return;
    found = cause{std::move(id), text(), *value};
  };

  if (in.formula_result && expected && agrees(*expected, stated{*in.formula_result, s.tolerance, s.decimals, s.percent})) {
    // The cell's own formula gives the right figure: what is shown is an old result.
    found = cause{"stale-result",
                  "the cell's formula now gives " + shown(*in.formula_result, s) +
                      "; the stored result is stale (an input was edited and the workbook not recalculated)",
                  *in.formula_result};
    return found;
  }

  if (in.kind == derived_kind::pct_change) {
    attempt("new-value-denominator", b == 0 ? std::nullopt : std::optional((b - a) / b), [&] {
      return "matches (" + n(b) + "-" + n(a) + ")/" + n(b) + ": the change was divided by the new value (" + n(b) +
             "), not the old (" + n(a) + ")";
    });
    attempt("periods-swapped", b == 0 ? std::nullopt : std::optional((a - b) / b), [&] {
      return "matches (" + n(a) + "-" + n(b) + ")/" + n(b) + ": the periods were taken the wrong way round, " +
             in.to.label + " to " + in.from.label;
    });
  }
  if (in.kind == derived_kind::change) {
    attempt("periods-swapped", a - b, [&] {
      return "matches " + n(a) + " - " + n(b) + ": the periods were taken the wrong way round, " + in.to.label +
             " to " + in.from.label;
    });
  }
  if (expected) {
    const double e = *expected;
    if (in.kind != derived_kind::change)
      attempt("sign-flipped", -e, [&] { return "matches " + shown(-e, s, true) + ": the right size with the sign flipped"; });
    if (in.kind == derived_kind::pct_change || in.kind == derived_kind::share) {
      attempt("percent-as-fraction", e * 100, [&] {
        return "matches " + n(e * 100) + " read as a fraction: the percentage was entered as a whole number (" +
               n(e * 100) + ") under a % format, which shows " + shown(e * 100, s);
      });
      attempt("fraction-as-percent", e / 100, [&] {
        return "matches " + shown(e, s) + " divided by 100: the fraction was divided by 100 a second time";
      });
    }
    if (in.kind == derived_kind::pct_change && in.percent_points_possible) {
      attempt("percentage-points", b - a, [&] {
        return "matches " + shown(b, s) + " - " + shown(a, s) +
               ": a difference in percentage points, not a percentage change";
      });
    }
    if (s.decimals >= 0) {
      const double scale = std::pow(10.0, s.decimals + (s.percent ? 2 : 0));
      const double truncated = std::trunc(e * scale) / scale;
      if (truncated != e) {
        attempt("truncated", truncated, [&] {
          return "matches " + shown(e, s) + " cut to " +
                 rules::format_for_message(truncated, s.percent, s.decimals) + ": truncated instead of rounded";
        });
      }
    }
    if (in.kind == derived_kind::rate) {
      for (double per : {1.0, 100.0, 1000.0, 10000.0, 100000.0}) {
        if (per == in.per) continue;
        attempt("wrong-multiplier", compute(in.kind, a, b, per), [&] {
          return "matches " + n(a) + " / " + n(b) + " x " + n(per) + ": a rate per " + n(per) + ", not per " + n(in.per);
        });
      }
    }
  }
  if (is_change(in.kind)) {
    for (const auto& f : in.from_neighbours)
      attempt("neighbouring-period", compute(in.kind, f.value, b, in.per), [&] {
        return "matches the change from " + f.label + " (" + n(f.value) + ") to " + in.to.label + " (" + n(b) +
               "): the neighbouring period column was used instead of " + in.from.label;
      });
    for (const auto& t : in.to_neighbours)
      attempt("neighbouring-period", compute(in.kind, a, t.value, in.per), [&] {
        return "matches the change from " + in.from.label + " (" + n(a) + ") to " + t.label + " (" + n(t.value) +
               "): the neighbouring period column was used instead of " + in.to.label;
      });
  }
  for (const auto& rows : in.neighbour_rows) {
    // Named references, not a structured binding: lambdas may not capture those before C++20's
    // fix reached every compiler (clang 14).
    const auto& f = rows.first;
    const auto& t = rows.second;
    attempt("neighbouring-row", compute(in.kind, f.value, t.value, in.per), [&] {
      if (f.label == t.label)
        return "matches the figures of the neighbouring row, " + f.label + " (" + n(f.value) + " \xE2\x86\x92 " +
               n(t.value) + "): computed from the wrong row";
      return "matches " + n(f.value) + " (" + f.label + ") over " + n(t.value) + " (" + t.label +
             "): a figure was taken from the neighbouring row";
    });
  }
  return found;
}

}  // namespace returncheck::diagnose
