// The cleaning plan: which cells of a validated return the cleaned workbook writes differently,
// and how. Only cells the run understands are touched: the tables it bound or detected.
#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "returncheck/bind/bind.hpp"
#include "returncheck/clean/clean.hpp"
#include "returncheck/formula/parser.hpp"
#include "returncheck/formula/r1c1.hpp"
#include "returncheck/rules/reading.hpp"
#include "returncheck/validate/validate.hpp"
#include "returncheck/xlsx/formula_shift.hpp"

namespace returncheck::clean {

std::string_view to_string(action a) {
  switch (a) {
    case action::number_from_text: return "number-from-text";
    case action::percent_from_text: return "percent-from-text";
    case action::percent_from_whole: return "percent-from-whole-number";
    case action::percent_format: return "percent-format";
    case action::date_from_text: return "date-from-text";
    case action::suppression_token: return "suppression-token";
    case action::label_trimmed: return "label-trimmed";
    case action::recomputed: return "recomputed";
    case action::fix: return "fix";
  }
  return "fix";
}

namespace {

std::string in_quotes(std::string_view text);
std::string number_text(double v);
std::string with_percent(double fraction);
std::string percent_format_with(int decimals);

}  // namespace

std::optional<change> record_cell_change(const schema::column& column, std::string_view text, bool date1904,
                                         bool number_text_ignored) {
  const auto type = column.type;
  change ch;
  if (type == schema::column_type::date) {
    const auto p = bind::parse_period(text);
    if (!p || !p->serial || p->key.size() != 10) return std::nullopt;  // a whole day only
    ch.what = action::date_from_text;
    ch.before = in_quotes(text);
    ch.after = p->key;
    ch.number = date1904 ? *p->serial - 1462 : *p->serial;
    ch.num_fmt = "dd/mm/yyyy";
    return ch;
  }
  if ((type != schema::column_type::integer && type != schema::column_type::number) || number_text_ignored)
    return std::nullopt;
  const auto n = rules::read_number_text(text);
  if (!n) return std::nullopt;
  ch.what = n->percent ? action::percent_from_text : action::number_from_text;
  ch.before = in_quotes(text);
  ch.after = n->percent ? with_percent(n->value) : number_text(n->value);
  ch.number = n->value;
  if (n->percent) ch.num_fmt = percent_format_with(n->decimals);
  return ch;
}

namespace {

using cell_key = std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>;  // sheet, row, column

cell_key key_of(std::uint32_t sheet, xlsx::cell_pos p) { return {sheet, p.row_idx, p.col_idx}; }

bool is_blank_byte(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// A label as Excel's TRIM leaves it, but for line breaks inside, which are meant: white space
// (and no-break spaces) gone from both ends, runs of spaces inside made one.
std::string trimmed_label(std::string_view s) {
  auto nbsp_at = [&](std::size_t i) { return i + 1 < s.size() && s[i] == '\xC2' && s[i + 1] == '\xA0'; };
  std::size_t b = 0, e = s.size();
  while (b < e && (is_blank_byte(static_cast<unsigned char>(s[b])) || nbsp_at(b))) b += nbsp_at(b) ? 2 : 1;
  while (e > b && (is_blank_byte(static_cast<unsigned char>(s[e - 1])) || (e >= 2 && nbsp_at(e - 2))))
    e -= (e >= 2 && nbsp_at(e - 2)) ? 2 : 1;
  std::string out;
  out.reserve(e - b);
  for (std::size_t i = b; i < e; ++i) {
    if (s[i] == ' ' && !out.empty() && out.back() == ' ') continue;
    out.push_back(s[i]);
  }
  return out;
}

std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string number_text(double v) { return formula::format_number(v); }

// "0%", "0.0%" or "0.00%": the fewest places that show the fraction as it is, up to two.
std::string percent_format_for(double fraction) {
  for (int places = 0; places < 2; ++places) {
    const double points = fraction * std::pow(10.0, places + 2);
    if (std::fabs(points - std::round(points)) < 1e-9 * std::max(1.0, std::fabs(points)))
      return places == 0 ? "0%" : "0.0%";
  }
  return "0.00%";
}

// A fraction and the percentage it shows: "0.2 (20%)".
std::string with_percent(double fraction) {
  return formula::format_number(fraction) + " (" + formula::format_number(fraction * 100) + "%)";
}

std::string percent_format_with(int decimals) {
  return decimals <= 0 ? "0%" : "0." + std::string(std::size_t(std::min(decimals, 6)), '0') + "%";
}

std::string value_text(const formula::value& v) {
  switch (v.kind()) {
    case formula::value_kind::blank: return "(blank)";
    case formula::value_kind::number: return number_text(v.as_number());
    case formula::value_kind::text: return in_quotes(v.as_text());
    case formula::value_kind::boolean: return v.as_boolean() ? "TRUE" : "FALSE";
    case formula::value_kind::error: return std::string(formula::to_text(v.as_error()));
  }
  return {};
}

class planner {
 public:
  planner(validate::outcome& run, const options& opts)
      : run_(run), opts_(opts), wb_(run.book->wb), cells_(run.book->cells), ev_(*run.book->ev) {
    for (auto& f : run_.findings) {
      if (!f.cell) continue;
      if (const auto sheet = wb_.find_sheet(f.sheet)) findings_.emplace(key_of(std::uint32_t(*sheet), *f.cell), &f);
    }
  }

  std::vector<change> make() {
    for (const auto& t : run_.tables) plan_table(t);
    for (const auto& r : run_.records) plan_records(r);
    plan_recomputed();
    if (opts_.fix) plan_fixes();
    std::vector<change> out;
    out.reserve(changes_.size());
    for (auto& [k, c] : changes_) out.push_back(std::move(c));
    return out;
  }

 private:
  const xlsx::stored_cell* stored(std::uint32_t sheet, xlsx::cell_pos pos) const {
    return pos.row_idx && pos.col_idx ? cells_.sheet(sheet).find(pos) : nullptr;
  }

  // The first finding of `rule` on the cell (any rule when empty).
  rules::finding* finding_at(std::uint32_t sheet, xlsx::cell_pos pos, std::string_view rule = {}) const {
    auto [b, e] = findings_.equal_range(key_of(sheet, pos));
    for (auto it = b; it != e; ++it)
      if (rule.empty() || it->second->rule == rule) return it->second;
    return nullptr;
  }

  change& add(std::uint32_t sheet, xlsx::cell_pos pos, action what, std::string before, std::string after) {
    change c;
    c.sheet = wb_.sheets()[sheet].name;
    c.cell = pos;
    c.what = what;
    c.before = std::move(before);
    c.after = std::move(after);
    if (const rules::finding* f = finding_at(sheet, pos)) c.fingerprint = f->fingerprint;
    auto& slot = changes_[key_of(sheet, pos)];
    slot = std::move(c);
    return slot;
  }

  bool planned(std::uint32_t sheet, xlsx::cell_pos pos) const { return changes_.contains(key_of(sheet, pos)); }

  void plan_label(std::uint32_t sheet, xlsx::cell_pos pos) {
    const xlsx::stored_cell* c = stored(sheet, pos);
    if (!c || c->formula || c->type != xlsx::value_type::string || planned(sheet, pos)) return;
    const std::string_view text = cells_.text_of(*c);
    std::string trimmed = trimmed_label(text);
    if (trimmed == text || trimmed.empty()) return;
    change& ch = add(sheet, pos, action::label_trimmed, in_quotes(text), in_quotes(trimmed));
    ch.text = std::move(trimmed);
  }

  // A value cell of an indicator table: stored the way Excel expects, its figure unchanged.
  void plan_value(std::uint32_t sheet, xlsx::cell_pos pos, std::span<const std::string> markers, bool percent_indicator,
                  bool row_all_fractions) {
    const xlsx::stored_cell* c = stored(sheet, pos);
    if (!c || c->formula || planned(sheet, pos)) return;
    const rules::reading r = rules::read_cell(wb_, cells_, sheet, pos, markers);
    if (r.kind == rules::reading_kind::suppressed) {
      if (opts_.suppression_token.empty() || r.text == opts_.suppression_token ||
          cells_.text_of(*c) == opts_.suppression_token)
        return;
      change& ch = add(sheet, pos, action::suppression_token, in_quotes(cells_.text_of(*c)), in_quotes(opts_.suppression_token));
      ch.text = opts_.suppression_token;
      return;
    }
    if (!r.is_number()) return;
    if (r.from_text) {
      // Excel was told to leave this one as text (<ignoredError numberStoredAsText>): so do we.
      if (cells_.sheet(sheet).ignored_flags(pos) & xlsx::ignored_error::number_stored_as_text) return;
      const std::string before = in_quotes(cells_.text_of(*c));
      if (r.percent) {
        change& ch = add(sheet, pos, action::percent_from_text, before, with_percent(r.value));
        ch.number = r.value;
        ch.num_fmt = percent_format_with(r.decimals);
      } else {
        change& ch = add(sheet, pos, action::number_from_text, before, number_text(r.value));
        ch.number = r.value;
        if (wb_.num_fmt(c->style_idx).kind == xlsx::num_fmt_kind::text) ch.num_fmt = "General";
      }
      return;
    }
    if (c->type != xlsx::value_type::number) return;
    if (finding_at(sheet, pos, "RC305")) {
      const double fraction = c->number / 100;
      change& ch = add(sheet, pos, action::percent_from_whole, number_text(c->number), with_percent(fraction));
      ch.number = fraction;
      if (!r.percent) ch.num_fmt = percent_format_for(fraction);
      return;
    }
    if (percent_indicator && !r.percent && row_all_fractions) {
      const std::string format = percent_format_for(c->number);
      change& ch = add(sheet, pos, action::percent_format, number_text(c->number), with_percent(c->number));
      ch.number = c->number;
      ch.num_fmt = format;
    }
  }

  void plan_table(const bind::bound_table& t) {
    const auto& markers = run_.suppression_markers;
    for (const auto& p : t.periods) plan_label(t.sheet, {t.header_row, p.col_idx});
    for (const auto& d : t.derived) plan_label(t.sheet, {t.header_row, d.col_idx});
    for (const auto& ind : t.indicators) {
      plan_label(t.sheet, {ind.row_idx, t.label_col});
      const bool percent = ind.spec && ind.spec->type == schema::indicator_type::percent;
      bool all_fractions = true;
      std::size_t numbers = 0;
      for (const auto& p : t.periods) {
        const auto r = rules::read_cell(wb_, cells_, t.sheet, t.cell(ind, p), markers);
        if (!r.is_number()) continue;
        ++numbers;
        if (std::fabs(r.value) > 1) all_fractions = false;
      }
      for (const auto& p : t.periods) plan_value(t.sheet, t.cell(ind, p), markers, percent, all_fractions && numbers > 0);
      for (const auto& d : t.derived) plan_value(t.sheet, {ind.row_idx, d.col_idx}, markers, false, false);
    }
  }

  void plan_records(const bind::bound_records& r) {
    for (const auto& col : r.columns) {
      plan_label(r.sheet, {r.header_row, col.col_idx});
      if (!col.spec) continue;
      const auto type = col.spec->type;
      if (type != schema::column_type::date && type != schema::column_type::integer &&
          type != schema::column_type::number)
        continue;
      // A sheet held only in part is cleaned by the writer as it streams (writer.cpp).
      if (cells_.sheet(r.sheet).partial()) continue;
      for (std::uint32_t row = r.first_row; row <= r.last_row && r.first_row; ++row) {
        const xlsx::cell_pos pos{row, col.col_idx};
        const xlsx::stored_cell* c = stored(r.sheet, pos);
        if (!c || c->formula || c->type != xlsx::value_type::string || planned(r.sheet, pos)) continue;
        const bool ignored = cells_.sheet(r.sheet).ignored_flags(pos) & xlsx::ignored_error::number_stored_as_text;
        if (auto ch = record_cell_change(*col.spec, cells_.text_of(*c), wb_.date1904(), ignored)) {
          change& slot = add(r.sheet, pos, ch->what, std::move(ch->before), std::move(ch->after));
          slot.number = ch->number;
          slot.num_fmt = std::move(ch->num_fmt);
        }
      }
    }
  }

  // A stored result the checks found stale (RC501) is replaced by the computed one; any other
  // stays as the file has it, so that a difference in our engine never reaches the copy.
  void plan_recomputed() {
    for (auto& [k, f] : findings_) {
      if (f->rule != "RC501") continue;
      const auto [sheet, row, col] = k;
      const xlsx::cell_pos pos{row, col};
      const xlsx::stored_cell* c = stored(sheet, pos);
      if (!c || !c->formula) continue;
      const formula::cell_result& r = ev_.evaluate(sheet, pos);
      if (r.status != formula::eval_status::computed) continue;
      change& ch = add(sheet, pos, action::recomputed, value_text(ev_.stored_value(*c)), value_text(r.computed));
      ch.formula = std::string(cells_.formula_of(*c));
      if (r.computed.is_number()) ch.number = r.computed.as_number();
    }
  }

  // The derived column (and table) a cell belongs to.
  std::pair<const bind::bound_table*, const bind::bound_derived*> derived_at(std::uint32_t sheet,
                                                                             xlsx::cell_pos pos) const {
    for (const auto& t : run_.tables) {
      if (t.sheet != sheet) continue;
      for (const auto& d : t.derived)
        if (d.col_idx == pos.col_idx)
          for (const auto& i : t.indicators)
            if (i.row_idx == pos.row_idx) return {&t, &d};
    }
    return {nullptr, nullptr};
  }

  // The formula the cell's column neighbours agree on, written for the cell: the shape (R1C1)
  // that at least two other rows share and more than half of those with a formula, moved from
  // the nearest of them. Empty when they do not agree or the cell already has that shape.
  std::string neighbours_formula(const bind::bound_table& t, const bind::bound_derived& d, xlsx::cell_pos pos,
                                 std::string_view own) const {
    std::map<std::string, std::vector<std::pair<xlsx::cell_pos, std::string>>> by_shape;
    std::size_t with_formula = 0;
    for (const auto& i : t.indicators) {
      const xlsx::cell_pos p{i.row_idx, d.col_idx};
      if (p == pos) continue;
      const xlsx::stored_cell* c = stored(t.sheet, p);
      if (!c || !c->formula) continue;
      auto tree = formula::parse(cells_.formula_of(*c));
      if (!tree) continue;
      ++with_formula;
      by_shape[formula::to_r1c1(*tree, p)].emplace_back(p, std::string(cells_.formula_of(*c)));
    }
    auto own_tree = formula::parse(own);
    if (!own_tree) return {};
    const std::string own_shape = formula::to_r1c1(*own_tree, pos);
    for (const auto& [shape, cells] : by_shape) {
      if (shape == own_shape || cells.size() < 2 || cells.size() * 2 <= with_formula) continue;
      const auto nearest = std::min_element(cells.begin(), cells.end(), [&](const auto& a, const auto& b) {
        return std::abs(std::int64_t(a.first.row_idx) - pos.row_idx) < std::abs(std::int64_t(b.first.row_idx) - pos.row_idx);
      });
      return xlsx::shift_formula(nearest->second, std::int32_t(pos.row_idx) - std::int32_t(nearest->first.row_idx), 0);
    }
    return {};
  }

  static bool agrees(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b)); }

  // --fix: a wrong derived figure with one correction. A typed figure becomes the recomputed
  // one; a formula becomes its neighbours' formula when that gives the recomputed figure. A
  // formula whose neighbours do not agree is left for a person.
  void plan_fixes() {
    for (auto& [k, f] : findings_) {
      if (f->level != schema::severity::error || !f->expected || !std::isfinite(*f->expected)) continue;
      if (f->rule != "RC201" && f->rule != "RC202" && f->rule != "RC203" && f->rule != "RC204") continue;
      const auto [sheet, row, col] = k;
      const xlsx::cell_pos pos{row, col};
      const xlsx::stored_cell* c = stored(sheet, pos);
      if (!c) continue;
      if (!c->formula) {
        if (c->type != xlsx::value_type::number || !f->actual) continue;
        // The figure as the cell shows it: a fraction, or a percentage typed as a whole number
        // (18 for 18%), which the finding states as a fraction. Any other scale is no clear
        // correction.
        const rules::reading stated = rules::read_cell(wb_, cells_, sheet, pos, run_.suppression_markers);
        if (!stated.is_number()) continue;
        double scale = 0;
        for (const double s : {1.0, 100.0})
          if (agrees(stated.shown, *f->actual * s)) scale = s;
        if (scale == 0) continue;
        // A typed figure is corrected at the precision the cell shows, as a person would type it.
        double corrected = *f->expected * scale;
        if (stated.decimals >= 0) {
          const int places = stated.decimals + (stated.percent ? 2 : 0);
          const double unit = std::pow(10.0, places);
          corrected = std::round(corrected * unit) / unit;
        }
        change& ch = add(sheet, pos, action::fix, number_text(c->number), number_text(corrected));
        ch.number = corrected;
        f->fix_before = ch.before;
        f->fix_after = ch.after;
        continue;
      }
      const auto [table, derived] = derived_at(sheet, pos);
      if (!table) continue;
      const std::string theirs = neighbours_formula(*table, *derived, pos, cells_.formula_of(*c));
      if (theirs.empty()) continue;
      auto tree = formula::parse(theirs);
      if (!tree) continue;
      const formula::cell_result r = ev_.evaluate_expression(*tree, sheet, pos);
      if (r.status != formula::eval_status::computed || !r.computed.is_number() ||
          !agrees(r.computed.as_number(), *f->expected))
        continue;
      change& ch = add(sheet, pos, action::fix, "=" + std::string(cells_.formula_of(*c)), "=" + theirs);
      ch.formula = theirs;
      ch.number = r.computed.as_number();
      f->fix_before = ch.before;
      f->fix_after = ch.after;
    }
  }

  validate::outcome& run_;
  const options& opts_;
  const xlsx::workbook& wb_;
  const xlsx::cell_store& cells_;
  formula::evaluator& ev_;
  std::multimap<cell_key, rules::finding*> findings_;
  std::map<cell_key, change> changes_;
};

}  // namespace

std::vector<change> plan(validate::outcome& run, const options& opts) {
  if (!run.book) return {};
  return planner(run, opts).make();
}

}  // namespace returncheck::clean
