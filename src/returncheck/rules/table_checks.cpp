// Value, derived, change and schema-rule checks over bound indicators tables.
#include "returncheck/rules/table_checks.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "returncheck/diagnose/diagnose.hpp"
#include "returncheck/formula/parser.hpp"
#include "returncheck/rules/reading.hpp"
#include "returncheck/xlsx/detail/text.hpp"

namespace returncheck::rules {
namespace {

using bind::bound_derived;
using bind::bound_table;
using schema::derived_kind;
using schema::indicator_type;

const std::vector<std::string>& markers(const table_context& ctx) {
  static const std::vector<std::string> defaults = schema::schema{}.suppression;
  return ctx.spec ? ctx.spec->suppression : defaults;
}

const std::string& sheet_name(const table_context& ctx, std::uint32_t sheet) { return ctx.wb.sheets()[sheet].name; }

// The table's cells as read: one row per indicator, one column per period, then one per
// derived column.
struct grid {
  std::vector<std::vector<reading>> periods;
  std::vector<std::vector<reading>> derived;
};

grid read_grid(const bound_table& t, const table_context& ctx, std::uint64_t& cells_checked) {
  grid g;
  for (const auto& i : t.indicators) {
    g.periods.push_back(read_periods(t, i, ctx));
    auto& drow = g.derived.emplace_back();
    for (const auto& d : t.derived)
      drow.push_back(read_cell(ctx.wb, ctx.cells, t.sheet, {i.row_idx, d.col_idx}, markers(ctx)));
    cells_checked += t.periods.size() + t.derived.size();
  }
  return g;
}

finding at_cell(std::string_view rule, const bound_table& t, const table_context& ctx, xlsx::cell_pos pos,
                std::string indicator, std::string period) {
  finding f = make_finding(rule);
  f.sheet = sheet_name(ctx, t.sheet);
  f.cell = pos;
  f.table = t.id;
  f.indicator = std::move(indicator);
  f.period = std::move(period);
  return f;
}

std::string cell_name(xlsx::cell_pos pos) { return xlsx::format_cell_ref(pos); }

// ---- Value checks

// Whether the row's numbers other than the one at `skip` are fractions (at most 1 in size),
// at least two of them.
// Whether the row's numbers other than the one at `skip` are fractions (at most 1 in size), at
// least two of them, among which x / 100 would sit and x itself would not: 64 among 0.72 and
// 0.69 is a whole percentage; 1.04 among 0.87 and 0.91 is just a high one.
bool fractions_elsewhere(const std::vector<reading>& row, std::size_t skip, double x) {
  std::size_t n = 0;
  double low = 1, high = 0;
  for (std::size_t p = 0; p < row.size(); ++p) {
    if (p == skip || !row[p].is_number()) continue;
    const double v = std::fabs(row[p].value);
    if (v > 1) return false;
    low = std::min(low, v);
    high = std::max(high, v);
    ++n;
  }
  const double whole = std::fabs(x), fraction = whole / 100;
  return n >= 2 && whole > high * 1.5 && fraction >= low / 1.5 && fraction <= high * 1.5;
}

void check_values(const bound_table& t, const grid& g, const table_context& ctx, std::vector<finding>& out) {
  for (std::size_t r = 0; r < t.indicators.size(); ++r) {
    const auto& ind = t.indicators[r];
    const schema::indicator* spec = ind.spec;
    // Percentages shown with a % format elsewhere in the row tell which scale the row uses.
    const bool row_uses_percent_format = std::any_of(g.periods[r].begin(), g.periods[r].end(), [](const reading& x) {
      return x.is_number() && x.percent && !x.from_text;
    });
    for (std::size_t p = 0; p < t.periods.size(); ++p) {
      const reading& x = g.periods[r][p];
      const auto pos = t.cell(ind, t.periods[p]);
      auto add = [&](std::string_view rule, std::string message) {
        finding f = at_cell(rule, t, ctx, pos, ind.id, t.periods[p].id);
        f.message = std::move(message);
        out.push_back(std::move(f));
        return &out.back();
      };
      const std::string where = cell_name(pos) + " (" + ind.label + ", " + t.periods[p].header + ")";
      switch (x.kind) {
        case reading_kind::blank:
          if (spec && spec->required) add("RC303", where + " is blank but the schema requires a value");
          continue;
        case reading_kind::suppressed:
          if (spec && spec->required) add("RC303", where + " is suppressed (\"" + x.text + "\") but the schema requires a value");
          else if (spec) add("RC307", where + " is suppressed (\"" + x.text + "\")");
          continue;
        case reading_kind::text:
          if (spec) add("RC308", where + " holds the text \"" + x.text + "\", which is no number and no suppression marker");
          continue;
        case reading_kind::error: continue;  // the formula checks report error values
        case reading_kind::number: break;
      }
      if (x.from_text && x.percent) {
        add("RC306", where + " holds the text \"" + x.text + "\": a percentage stored as text; store " +
                         format_for_message(x.value, false, -1) + " with a % format");
      } else if (x.from_text && !(ctx.cells.sheet(t.sheet).ignored_flags(pos) &
                                  xlsx::ignored_error::number_stored_as_text)) {
        add("RC304", where + " holds the number " + format_for_message(x.value, false, -1) +
                         " stored as text; Excel will not add it up");
      }
      if (!spec) continue;
      if (spec->type == indicator_type::count && (x.value < 0 || x.value != std::floor(x.value))) {
        finding* f = add("RC301", where + " is " + format_for_message(x.value, false, -1) +
                                      ", but a count is a whole number of at least 0");
        f->actual = x.value;
      }
      if ((spec->minimum && x.value < *spec->minimum) || (spec->maximum && x.value > *spec->maximum)) {
        std::string bounds = spec->minimum && spec->maximum
                                 ? "between " + format_for_message(*spec->minimum, false, -1) + " and " +
                                       format_for_message(*spec->maximum, false, -1)
                             : spec->minimum ? "at least " + format_for_message(*spec->minimum, false, -1)
                                             : "at most " + format_for_message(*spec->maximum, false, -1);
        finding* f = add("RC302", where + " is " + x.display() + ", but the schema expects " + bounds);
        f->actual = x.value;
      }
      // A whole percentage (64) among fractions (0.72, 0.69): with a % format it shows 6400%.
      if (spec->type == indicator_type::percent && row_uses_percent_format && std::fabs(x.value) > 1 &&
          std::fabs(x.value) <= 100 && fractions_elsewhere(g.periods[r], p, x.value)) {
        add("RC305", where + " is " + format_for_message(x.value, false, -1) +
                         (x.percent ? ", shown " + x.display() : std::string()) +
                         ", where the row's other percentages are fractions: " +
                         format_for_message(x.value / 100, false, -1) + " (" +
                         format_for_message(x.value / 100, true, -1) + ") was meant?");
      }
    }
  }
}

// ---- Derived checks

std::optional<double> compute(derived_kind kind, double from, double to, double per) {
  diagnose::derived_inputs in;
  in.kind = kind;
  in.from.value = from;
  in.to.value = to;
  in.per = per;
  return diagnose::expected_value(in);
}

bool is_percent_kind(derived_kind k) { return k == derived_kind::pct_change || k == derived_kind::share; }

// The stated figure of a derived cell under a scale: 1 for a fraction, 100 for a percentage
// written as a whole number (20 for 20%) without a % format.
diagnose::stated stated_as(const reading& x, double scale, bool percent_kind) {
  diagnose::stated s;
  const double effective = x.percent ? 1 : scale;
  s.value = x.shown / effective;
  s.tolerance = x.tolerance() / effective;
  s.decimals = x.decimals;
  s.percent = x.percent || (percent_kind && scale == 100);
  return s;
}

struct derived_plan {
  std::size_t from = 0, to = 0;
  double scale = 1;
};

bool is_ratio(derived_kind k) { return k == derived_kind::share || k == derived_kind::ratio || k == derived_kind::rate; }

// The two figures a derived cell of row r is computed from: the row's values in the plan's two
// periods, or for a share or rate, the row's value and the `of` indicator's in the plan's period.
std::pair<const reading*, const reading*> inputs_of(const bound_table& t, const grid& g, const bound_derived& dc,
                                                    std::size_t r, std::size_t from, std::size_t to) {
  if (!is_ratio(dc.kind)) return {&g.periods[r][from], &g.periods[r][to]};
  const bind::bound_indicator* of = t.find_indicator(dc.of);
  if (!of) return {nullptr, nullptr};
  return {&g.periods[r][to], &g.periods[std::size_t(of - t.indicators.data())][to]};
}

// Rows agreeing with the derived column under a plan.
std::size_t agreeing_rows(const bound_table& t, const grid& g, std::size_t d, const derived_plan& plan) {
  std::size_t n = 0;
  const auto& dc = t.derived[d];
  for (std::size_t r = 0; r < t.indicators.size(); ++r) {
    const reading& x = g.derived[r][d];
    const auto [a, b] = inputs_of(t, g, dc, r, plan.from, plan.to);
    if (!a || !b || !x.is_number() || !a->is_number() || !b->is_number()) continue;
    const auto e = compute(dc.kind, a->value, b->value, dc.per);
    if (e && diagnose::agrees(*e, stated_as(x, plan.scale, is_percent_kind(dc.kind)))) ++n;
  }
  return n;
}

std::size_t rows_with_values(const bound_table& t, const grid& g, std::size_t d, const derived_plan& plan) {
  std::size_t n = 0;
  for (std::size_t r = 0; r < t.indicators.size(); ++r) {
    const auto [a, b] = inputs_of(t, g, t.derived[d], r, plan.from, plan.to);
    n += a && b && g.derived[r][d].is_number() && a->is_number() && b->is_number();
  }
  return n;
}

// The plan for a derived column: its periods from the schema or from the rows that agree, and
// the scale under which most rows agree. nullopt when the rows do not settle it.
std::optional<derived_plan> plan_for(bound_table& t, const grid& g, std::size_t d) {
  bound_derived& dc = t.derived[d];
  const std::vector<double> scales = is_percent_kind(dc.kind) ? std::vector<double>{1, 100} : std::vector<double>{1};
  std::vector<derived_plan> candidates;
  if (dc.from && dc.to) {
    for (double s : scales) candidates.push_back({*dc.from, *dc.to, s});
  } else if (dc.kind == derived_kind::pct_change || dc.kind == derived_kind::change) {
    for (std::size_t i = 0; i < t.periods.size(); ++i)
      for (std::size_t j = i + 1; j < t.periods.size(); ++j)
        for (double s : scales) candidates.push_back({i, j, s});
  } else if (!dc.of.empty() && !t.periods.empty()) {
    // A share or rate of another indicator, in the period the schema names (the last one
    // otherwise); the scale under which most rows agree.
    const std::size_t p = dc.to.value_or(t.periods.size() - 1);
    for (double s : scales) candidates.push_back({p, p, s});
  } else {
    return std::nullopt;  // a share or rate needs the schema to say of what
  }
  std::optional<derived_plan> best;
  std::size_t best_n = 0;
  bool tie = false;
  for (const auto& c : candidates) {
    const std::size_t n = agreeing_rows(t, g, d, c);
    if (n > best_n) {
      best = c;
      best_n = n;
      tie = false;
    } else if (n == best_n && n > 0 && best && (c.from != best->from || c.to != best->to)) {
      tie = true;
    }
  }
  if (dc.from && dc.to) {
    derived_plan plan = best.value_or(derived_plan{*dc.from, *dc.to, 1});
    return plan;
  }
  if (is_ratio(dc.kind)) return best.value_or(candidates.front());
  if (!best || tie || best_n < 2 || best_n * 2 <= rows_with_values(t, g, d, *best)) return std::nullopt;
  dc.from = best->from;
  dc.to = best->to;
  return best;
}

std::string kind_words(derived_kind k) {
  switch (k) {
    case derived_kind::pct_change: return "% change";
    case derived_kind::change: return "change";
    case derived_kind::share: return "share";
    case derived_kind::ratio: return "ratio";
    case derived_kind::rate: return "rate";
  }
  return "figure";
}

void check_derived(bound_table& t, const grid& g, const table_context& ctx, std::vector<finding>& out) {
  for (std::size_t d = 0; d < t.derived.size(); ++d) {
    const auto plan = plan_for(t, g, d);
    if (!plan) continue;
    const bound_derived& dc = t.derived[d];
    const auto& from_p = t.periods[plan->from];
    const auto& to_p = t.periods[plan->to];
    for (std::size_t r = 0; r < t.indicators.size(); ++r) {
      const auto& ind = t.indicators[r];
      const reading& x = g.derived[r][d];
      const auto [ap, bp] = inputs_of(t, g, dc, r, plan->from, plan->to);
      if (!ap || !bp || !x.is_number() || !ap->is_number() || !bp->is_number()) continue;
      if (is_ratio(dc.kind) && ind.id == dc.of) continue;  // the whole itself: 100% by definition
      const reading& a = *ap;
      const reading& b = *bp;
      const auto expected = compute(dc.kind, a.value, b.value, dc.per);
      if (!expected) continue;
      const diagnose::stated s = stated_as(x, plan->scale, is_percent_kind(dc.kind));
      if (diagnose::agrees(*expected, s)) continue;

      const xlsx::cell_pos pos{ind.row_idx, dc.col_idx};
      finding f =
          at_cell(rule_for(dc.kind), t, ctx, pos, ind.id, is_ratio(dc.kind) ? to_p.id : from_p.id + ".." + to_p.id);
      f.expected = *expected;
      f.actual = s.value;
      f.tolerance = s.tolerance;
      const std::string stated_text = format_for_message(s.value, s.percent, s.decimals, !is_ratio(dc.kind));
      const std::string av = format_for_message(a.value, false, -1), bv = format_for_message(b.value, false, -1);
      const int more = s.percent ? std::max(s.decimals + 1, 1) : std::max(s.decimals, 0);
      const std::string right = format_for_message(*expected, s.percent, more, !is_ratio(dc.kind));
      if (dc.kind == derived_kind::pct_change || dc.kind == derived_kind::change)
        f.message = "Stated " + kind_words(dc.kind) + " " + stated_text + " but " + av + " \xE2\x86\x92 " + bv + " is " + right;
      else if (dc.kind == derived_kind::rate)
        f.message = "Stated rate " + stated_text + " but " + av + " / " + bv + " x " + format_for_message(dc.per, false, -1) +
                    " is " + right;
      else
        f.message = "Stated " + kind_words(dc.kind) + " " + stated_text + " but " + av + " of " + bv + " is " + right;
      f.message += is_ratio(dc.kind) ? " (" + ind.label + ", " + to_p.header + ")"
                                     : " (" + ind.label + ", " + from_p.header + " to " + to_p.header + ")";

      diagnose::derived_inputs in;
      in.kind = dc.kind;
      in.from = {a.value, is_ratio(dc.kind) ? ind.label : from_p.header};
      in.to = {b.value, is_ratio(dc.kind) ? dc.of : to_p.header};
      in.per = dc.per;
      in.percent_points_possible = a.percent || (ind.spec && ind.spec->type == indicator_type::percent);
      auto neighbours = [&](std::size_t p, std::size_t other, std::vector<diagnose::input>& into) {
        for (std::size_t q : {p - 1, p + 1}) {
          if (q >= t.periods.size() || q == other) continue;  // p - 1 wraps to a huge index at 0
          if (g.periods[r][q].is_number()) into.push_back({g.periods[r][q].value, t.periods[q].header});
        }
      };
      neighbours(plan->from, plan->to, in.from_neighbours);
      neighbours(plan->to, plan->from, in.to_neighbours);
      for (std::size_t q : {r - 1, r + 1}) {
        if (q >= t.indicators.size()) continue;
        const auto [na, nb] = inputs_of(t, g, dc, q, plan->from, plan->to);
        if (!na || !nb || !na->is_number() || !nb->is_number()) continue;
        if (is_ratio(dc.kind))
          in.neighbour_rows.push_back({{na->value, t.indicators[q].label}, {b.value, dc.of}});
        else
          in.neighbour_rows.push_back({{na->value, t.indicators[q].label}, {nb->value, t.indicators[q].label}});
      }
      if (x.is_formula) {
        const auto& result = ctx.ev.evaluate(t.sheet, pos);
        if (result.status == formula::eval_status::computed && result.computed.is_number())
          in.formula_result = result.computed.as_number() / (x.percent ? 1 : plan->scale);
      }
      if (const auto c = diagnose::diagnose(in, s)) f.cause = c->text;
      out.push_back(std::move(f));
    }
  }
}

// ---- Schema rules

// The indicator row and period column a rule's name stands for in `period`: "cla" is cla in
// that period, "cla.2015_03_31" cla in period 2015-03-31 whatever period is being checked
// (schema::expression_name). nullopt when the name is no indicator or period of the table.
std::optional<std::pair<std::size_t, std::size_t>> resolve_name(std::string_view name, const bound_table& t,
                                                                 std::size_t period) {
  const auto dot = name.find('.');
  const std::string id = xlsx::detail::fold_case(name.substr(0, dot));
  std::size_t p = period;
  if (dot != std::string_view::npos) {
    const std::string wanted = xlsx::detail::fold_case(name.substr(dot + 1));
    p = t.periods.size();
    for (std::size_t q = 0; q < t.periods.size(); ++q)
      if (xlsx::detail::fold_case(schema::expression_name(t.periods[q].id)) == wanted) p = q;
    if (p == t.periods.size()) return std::nullopt;
  }
  for (std::size_t r = 0; r < t.indicators.size(); ++r)
    if (xlsx::detail::fold_case(t.indicators[r].id) == id) return std::pair{r, p};
  return std::nullopt;
}

// Replaces each name that is an indicator (in a period) by its number; false when a name is
// no indicator or its cell holds no number (the rule does not apply there).
bool substitute(formula::node& n, const bound_table& t, const grid& g, std::size_t period,
                std::optional<xlsx::cell_pos>& first_cell, std::vector<std::string>& used) {
  if (n.kind == formula::node_kind::name && n.prefix.empty()) {
    const auto at = resolve_name(n.text, t, period);
    if (!at) return false;
    const auto [r, p] = *at;
    const reading& x = g.periods[r][p];
    if (!x.is_number()) return false;
    if (!first_cell) first_cell = t.cell(t.indicators[r], t.periods[p]);
    used.push_back(n.text + " = " + format_for_message(x.value, x.percent, x.percent ? x.decimals : -1));
    n = formula::node{};
    n.kind = formula::node_kind::number;
    n.number = x.value;
    return true;
  }
  for (auto& c : n.children)
    if (!substitute(c, t, g, period, first_cell, used)) return false;
  return true;
}

// Whether every name in the expression is an indicator (or indicator.period) of the table, and
// whether any name leaves the period open (then the rule is checked in every period).
bool names_all_in(const formula::node& n, const bound_table& t, bool& per_period) {
  if (n.kind == formula::node_kind::name) {
    if (n.text.find('.') == std::string::npos) per_period = true;
    return resolve_name(n.text, t, 0).has_value();
  }
  return std::all_of(n.children.begin(), n.children.end(),
                     [&](const formula::node& c) { return names_all_in(c, t, per_period); });
}

void apply_severity(finding& f, const schema::rule& r) {
  f.level = r.level;
  f.schema_rule = r.id;
}

// A share rule (the indicator is numerator / denominator) or a rate rule (x per), in every
// period where all three hold numbers, at the precision the indicator's cell shows.
void check_ratio_rule(const schema::rule& r, const bound_table& t, const grid& g, const table_context& ctx,
                      std::vector<finding>& out) {
  const bind::bound_indicator* ind = t.find_indicator(r.indicator);
  const bind::bound_indicator* num = t.find_indicator(r.numerator);
  const bind::bound_indicator* den = t.find_indicator(r.denominator);
  if (!ind || !num || !den) return;
  const bool rate = r.kind == "rate";
  const derived_kind kind = rate ? derived_kind::rate : derived_kind::share;
  auto row_of = [&](const bind::bound_indicator* i) { return std::size_t(i - t.indicators.data()); };
  for (std::size_t p = 0; p < t.periods.size(); ++p) {
    const reading& x = g.periods[row_of(ind)][p];
    const reading& a = g.periods[row_of(num)][p];
    const reading& b = g.periods[row_of(den)][p];
    if (!x.is_number() || !a.is_number() || !b.is_number()) continue;
    const auto expected = compute(kind, a.value, b.value, rate ? r.per : 1);
    if (!expected) continue;
    // A share shown without a % format but above 1 is a percentage written as a whole number.
    const double scale = !rate && !x.percent && std::fabs(x.shown) > 1 ? 100 : 1;
    const diagnose::stated s = stated_as(x, scale, !rate);
    if (diagnose::agrees(*expected, s)) continue;
    const xlsx::cell_pos pos = t.cell(*ind, t.periods[p]);
    finding f = at_cell(rate ? "RC204" : "RC203", t, ctx, pos, ind->id, t.periods[p].id);
    apply_severity(f, r);
    f.expected = *expected;
    f.actual = s.value;
    f.tolerance = s.tolerance;
    const int more = s.percent ? std::max(s.decimals + 1, 1) : s.decimals;
    const std::string av = format_for_message(a.value, false, -1), bv = format_for_message(b.value, false, -1);
    f.message = rate ? "Stated rate " + format_for_message(s.value, false, s.decimals) + " but " + av + " / " + bv + " x " +
                           format_for_message(r.per, false, -1) + " is " + format_for_message(*expected, false, more)
                     : "Stated share " + format_for_message(s.value, s.percent, s.decimals) + " but " + av + " of " + bv +
                           " is " + format_for_message(*expected, s.percent, more);
    f.message += " (" + ind->label + ", " + t.periods[p].header + ")";
    if (!r.message.empty()) f.message = r.message + ": " + f.message;

    diagnose::derived_inputs in;
    in.kind = kind;
    in.from = {a.value, num->label};
    in.to = {b.value, den->label};
    in.per = rate ? r.per : 1;
    // The neighbouring rows of the numerator over the right denominator, and of the
    // denominator under the right numerator.
    for (std::size_t q : {row_of(num) - 1, row_of(num) + 1}) {
      if (q >= t.indicators.size() || q == row_of(ind) || q == row_of(den)) continue;
      const reading& na = g.periods[q][p];
      if (na.is_number()) in.neighbour_rows.push_back({{na.value, t.indicators[q].label}, {b.value, den->label}});
    }
    for (std::size_t q : {row_of(den) - 1, row_of(den) + 1}) {
      if (q >= t.indicators.size() || q == row_of(ind) || q == row_of(num)) continue;
      const reading& nb = g.periods[q][p];
      if (nb.is_number()) in.neighbour_rows.push_back({{a.value, num->label}, {nb.value, t.indicators[q].label}});
    }
    if (x.is_formula) {
      const auto& result = ctx.ev.evaluate(t.sheet, pos);
      if (result.status == formula::eval_status::computed && result.computed.is_number())
        in.formula_result = result.computed.as_number() / (x.percent ? 1 : scale);
    }
    if (const auto c = diagnose::diagnose(in, s)) f.cause = c->text;
    out.push_back(std::move(f));
  }
}

}  // namespace

std::string_view rule_for(derived_kind k) {
  switch (k) {
    case derived_kind::pct_change: return "RC201";
    case derived_kind::change: return "RC202";
    case derived_kind::share:
    case derived_kind::ratio: return "RC203";
    case derived_kind::rate: return "RC204";
  }
  return "RC201";
}

std::vector<reading> read_periods(const bound_table& t, const bind::bound_indicator& i, const table_context& ctx) {
  std::vector<reading> row;
  for (const auto& p : t.periods) row.push_back(read_cell(ctx.wb, ctx.cells, t.sheet, t.cell(i, p), markers(ctx)));
  return row;
}

std::vector<std::string_view> rules_run(const bound_table& t, const schema::schema* spec) {
  std::set<std::string_view> ids{"RC304", "RC306"};
  if (t.spec) {
    ids.insert({"RC102", "RC103", "RC105", "RC307", "RC308"});
    if (!t.spec->derived.empty()) ids.insert("RC104");
    for (const auto& i : t.spec->indicators) {
      if (i.type == indicator_type::count) ids.insert("RC301");
      if (i.minimum || i.maximum) ids.insert("RC302");
      if (i.required) ids.insert("RC303");
      if (i.type == indicator_type::percent) ids.insert("RC305");
    }
  }
  for (const auto& d : t.derived)
    if ((d.from && d.to) || (is_ratio(d.kind) && !d.of.empty() && !t.periods.empty())) ids.insert(rule_for(d.kind));
  if (spec) {
    for (const auto& r : spec->rules) {
      if (r.kind == "expression") {
        const auto tree = formula::parse(r.assert_expr);
        bool per_period = false;
        if (tree && names_all_in(*tree, t, per_period)) ids.insert("RC206");
      } else if (r.kind == "change") {
        if (t.find_indicator(r.indicator)) ids.insert("RC401");
      } else if (r.kind == "sum") {
        if (t.find_indicator(r.total)) ids.insert("RC205");
      } else if (r.kind == "share" || r.kind == "rate") {
        if (t.find_indicator(r.indicator) && t.find_indicator(r.numerator) && t.find_indicator(r.denominator))
          ids.insert(r.kind == "rate" ? "RC204" : "RC203");
      }
    }
  }
  return {ids.begin(), ids.end()};
}

std::vector<finding> check_table(bound_table& table, const table_context& ctx, std::uint64_t& cells_checked) {
  std::vector<finding> out;
  const grid g = read_grid(table, ctx, cells_checked);
  check_values(table, g, ctx, out);
  check_derived(table, g, ctx, out);
  return out;
}

std::vector<finding> check_rules(const schema::schema& s, const std::vector<bound_table>& tables,
                                 const table_context& ctx) {
  std::vector<finding> out;
  std::uint64_t ignored = 0;
  for (const auto& r : s.rules) {
    for (const auto& t : tables) {
      const grid g = read_grid(t, ctx, ignored);
      if (r.kind == "expression") {
        auto tree = formula::parse(r.assert_expr);
        bool per_period = false;
        if (!tree || !names_all_in(*tree, t, per_period)) continue;
        // A rule naming only fixed periods is checked once.
        const std::size_t periods = per_period ? t.periods.size() : std::min<std::size_t>(1, t.periods.size());
        for (std::size_t p = 0; p < periods; ++p) {
          formula::node copy = *tree;
          std::optional<xlsx::cell_pos> cell;
          std::vector<std::string> used;
          if (!substitute(copy, t, g, p, cell, used) || !cell) continue;
          const auto result = ctx.ev.evaluate_expression(copy, t.sheet, *cell);
          if (result.computed.is_boolean() && result.computed.as_boolean()) continue;
          finding f = at_cell("RC206", t, ctx, *cell, "", per_period ? t.periods[p].id : "");
          apply_severity(f, r);
          std::string values;
          for (const auto& u : used) values += (values.empty() ? "" : ", ") + u;
          const std::string where = per_period ? " for " + t.periods[p].header : "";
          f.message = r.message.empty() ? "Rule '" + r.id + "' (" + r.assert_expr + ") does not hold" + where + ": " + values
                                        : r.message + " (" + (per_period ? t.periods[p].header + ": " : "") + values + ")";
          out.push_back(std::move(f));
        }
      } else if (r.kind == "change") {
        const bind::bound_indicator* ind = t.find_indicator(r.indicator);
        if (!ind) continue;
        const std::size_t row = std::size_t(ind - t.indicators.data());
        for (std::size_t p = 1; p < t.periods.size(); ++p) {
          const reading& a = g.periods[row][p - 1];
          const reading& b = g.periods[row][p];
          if (!a.is_number() || !b.is_number() || a.value == 0) continue;
          const double pct = (b.value - a.value) / std::fabs(a.value) * 100;
          if (std::fabs(pct) <= r.max_abs_pct) continue;
          finding f = at_cell("RC401", t, ctx, t.cell(*ind, t.periods[p]), ind->id, t.periods[p - 1].id + ".." + t.periods[p].id);
          apply_severity(f, r);
          f.actual = pct / 100;
          f.message = ind->label + " moved " + format_for_message(pct / 100, true, 1, true) + " from " +
                      t.periods[p - 1].header + " (" + format_for_message(a.value, false, -1) + ") to " +
                      t.periods[p].header + " (" + format_for_message(b.value, false, -1) + "), beyond the " +
                      format_for_message(r.max_abs_pct / 100, true, -1) + " the schema allows";
          if (!r.message.empty()) f.message = r.message + ": " + f.message;
          out.push_back(std::move(f));
        }
      } else if (r.kind == "share" || r.kind == "rate") {
        check_ratio_rule(r, t, g, ctx, out);
      } else if (r.kind == "sum") {
        const bind::bound_indicator* total = t.find_indicator(r.total);
        if (!total) continue;
        const std::size_t total_row = std::size_t(total - t.indicators.data());
        for (std::size_t p = 0; p < t.periods.size(); ++p) {
          const reading& tv = g.periods[total_row][p];
          if (!tv.is_number()) continue;
          double sum = 0, slack = 0;
          bool complete = true;
          for (const auto& part : r.parts) {
            const bind::bound_indicator* pi = t.find_indicator(part);
            if (!pi) {
              complete = false;
              break;
            }
            const reading& pv = g.periods[std::size_t(pi - t.indicators.data())][p];
            if (!pv.is_number()) {
              complete = false;
              break;
            }
            sum += pv.value;
            slack += pv.decimals >= 0 ? pv.tolerance() : 0;
          }
          if (!complete) continue;
          const double tol = tv.tolerance() + slack;
          if (std::fabs(sum - tv.value) <= tol * (1 + 1e-9) + 1e-12) continue;
          finding f = at_cell("RC205", t, ctx, t.cell(*total, t.periods[p]), total->id, t.periods[p].id);
          apply_severity(f, r);
          f.expected = sum;
          f.actual = tv.value;
          f.tolerance = tol;
          f.message = total->label + " is " + format_for_message(tv.value, tv.percent, -1) + " for " +
                      t.periods[p].header + " but its parts add up to " + format_for_message(sum, tv.percent, -1);
          if (!r.message.empty()) f.message = r.message + ": " + f.message;
          out.push_back(std::move(f));
        }
      }
    }
  }
  return out;
}

}  // namespace returncheck::rules
