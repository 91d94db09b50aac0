// The references between a schema's elements: the periods and indicators derived columns name,
// the indicators rules name, and every name in a rule expression.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "returncheck/formula/evaluator.hpp"
#include "returncheck/formula/parser.hpp"
#include "returncheck/schema/detail/reader.hpp"

namespace returncheck::schema::detail {
namespace {

// " (did you mean 'x'?)", or the list of what there is.
std::string hint(std::string_view word, const std::vector<std::string>& candidates, const std::string& list_name) {
  const std::string near = did_you_mean(word, candidates);
  if (!near.empty() || candidates.empty()) return near;
  return " (" + list_name + " are: " + join(candidates) + ")";
}

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Whether a formula reads `id` as one name, so that rule expressions can name the indicator.
bool reads_as_a_name(const std::string& id) {
  const auto tree = formula::parse(id);
  return tree && tree->kind == formula::node_kind::name && tree->prefix.empty() && tree->text == id &&
         id.find('.') == std::string::npos;
}

// The id with each character a name cannot hold written as '_', when that reads as a name.
std::string as_a_name(const std::string& id) {
  std::string fixed = id;
  for (char& c : fixed)
    if (!is_word_char(c)) c = '_';
  return fixed != id && reads_as_a_name(fixed) ? fixed : std::string();
}

class reference_checker {
 public:
  reference_checker(const schema& s, const schema_refs& refs, problem_list& out) : s_(s), refs_(refs), out_(out) {
    for (std::size_t t = 0; t < s.tables.size(); ++t) {
      if (s.tables[t].kind != layout::indicators) continue;
      for (const auto& i : s.tables[t].indicators) {
        if (i.id.empty()) continue;
        auto& where = tables_of_[fold(i.id)];
        if (where.empty()) {
          all_ids_.push_back(i.id);
          if (!reads_as_a_name(i.id)) not_names_.push_back(i.id);
        }
        if (std::find(where.begin(), where.end(), t) == where.end()) where.push_back(t);
      }
    }
    for (const auto& f : formula::function_table()) functions_.emplace_back(f.name);
  }

  void run() {
    for (std::size_t t = 0; t < s_.tables.size() && t < refs_.tables.size(); ++t) check_derived(t);
    for (std::size_t r = 0; r < s_.rules.size() && r < refs_.rules.size(); ++r) {
      const rule& x = s_.rules[r];
      const rule_refs& at = refs_.rules[r];
      const std::string what = rule_name(x, r);
      if (x.kind == "expression" && !x.assert_expr.empty()) {
        check_expression(x, at, what);
      } else if (x.kind == "change" && !x.indicator.empty()) {
        known_indicator(x.indicator, at.indicator, what);
      } else if (x.kind == "share" || x.kind == "rate") {
        std::vector<std::string> ids;
        bool all_known = true;
        const auto named = [&](const std::string& id, source_pos where) {
          if (id.empty()) return;
          ids.push_back(id);
          all_known = known_indicator(id, where, what) && all_known;
        };
        named(x.indicator, at.indicator);
        named(x.numerator, at.numerator);
        named(x.denominator, at.denominator);
        if (all_known) one_table(ids, x.at, what);
      } else if (x.kind == "sum") {
        std::vector<std::string> ids;
        std::vector<source_pos> places;
        for (std::size_t p = 0; p < x.parts.size(); ++p) {
          ids.push_back(x.parts[p]);
          places.push_back(p < at.parts.size() ? at.parts[p] : x.at);
        }
        if (!x.total.empty()) {
          ids.push_back(x.total);
          places.push_back(at.total);
        }
        bool all_known = true;
        for (std::size_t k = 0; k < ids.size(); ++k) all_known = known_indicator(ids[k], places[k], what) && all_known;
        if (all_known) one_table(ids, x.at, what);
      }
    }
  }

 private:
  static std::string rule_name(const rule& r, std::size_t index) {
    return r.id.empty() ? "rule #" + std::to_string(index + 1) : "rule " + quote(r.id);
  }

  void check_derived(std::size_t t) {
    const table& tab = s_.tables[t];
    std::vector<std::string> periods, indicators;
    for (const auto& p : tab.periods) periods.push_back(p.id);
    for (const auto& i : tab.indicators) indicators.push_back(i.id);
    const std::string of_table = "the periods of table " + quote(tab.id);
    for (std::size_t d = 0; d < tab.derived.size() && d < refs_.tables[t].derived.size(); ++d) {
      const derived_column& col = tab.derived[d];
      const derived_refs& at = refs_.tables[t].derived[d];
      const std::string what =
          col.header.empty() ? "derived column #" + std::to_string(d + 1) : "derived column " + quote(col.header);
      const auto period_ref = [&](const std::string& id, source_pos where, std::string_view key) {
        if (id.empty() || std::find(periods.begin(), periods.end(), id) != periods.end()) return;
        out_.add(where, "unknown period " + quote(id) + " in '" + std::string(key) + "' of " + what +
                            hint(id, periods, of_table));
      };
      period_ref(col.from, at.from, "from");
      period_ref(col.to, at.to, "to");
      if (!col.of.empty() && std::none_of(indicators.begin(), indicators.end(),
                                          [&](const std::string& i) { return fold(i) == fold(col.of); }))
        out_.add(at.of, "unknown indicator " + quote(col.of) + " in 'of' of " + what +
                            hint(col.of, indicators, "the indicators of table " + quote(tab.id)));
    }
  }

  const std::vector<std::size_t>* tables_of(std::string_view id) const {
    const auto it = tables_of_.find(fold(id));
    return it == tables_of_.end() ? nullptr : &it->second;
  }

  // Whether `id` is an indicator of some table; reports it when not.
  bool known_indicator(const std::string& id, source_pos where, const std::string& what) {
    if (tables_of(id)) return true;
    out_.add(where, "unknown indicator " + quote(id) + " in " + what + hint(id, all_ids_, "the indicators"));
    return false;
  }

  // A rule is checked in a table that holds every indicator it names.
  void one_table(const std::vector<std::string>& ids, source_pos where, const std::string& what) {
    std::vector<std::size_t> common;
    bool first = true;
    for (const auto& id : ids) {
      const auto* ts = tables_of(id);
      if (!ts) return;
      if (first) {
        common = *ts;
        first = false;
        continue;
      }
      std::erase_if(common, [&](std::size_t t) { return std::find(ts->begin(), ts->end(), t) == ts->end(); });
    }
    if (first || !common.empty()) return;
    std::string listed;
    std::set<std::string> said;
    for (const auto& id : ids) {
      if (!said.insert(fold(id)).second) continue;
      listed +=
          (listed.empty() ? "" : ", ") + quote(id) + " is in table " + quote(s_.tables[tables_of(id)->front()].id);
    }
    out_.add(where, "the indicators " + what + " names are not all in one table (" + listed +
                        "); a rule is checked within one table");
  }

  // ---- rule expressions

  void check_expression(const rule& r, const rule_refs& at, const std::string& what) {
    const source_pos where = at.assert_at.line > 0 ? at.assert_at : r.at;
    const auto tree = formula::parse(r.assert_expr);
    if (!tree) {
      out_.add(where, "'assert' of " + what + " is not a valid formula: " + tree.error().message);
      return;
    }
    expression e{r, where, "'assert' of " + what, {}, {}, true};
    walk(*tree, e);
    if (!e.all_known) return;
    if (e.indicators.empty()) {
      out_.add(where, e.what + " names no indicator, so it would be checked nowhere");
      return;
    }
    one_table(e.indicators, where, what);
  }

  struct expression {
    const rule& r;
    source_pos where;
    std::string what;                     // "'assert' of rule 'x'"
    std::vector<std::string> indicators;  // named, as written
    std::set<std::string> reported;       // names already reported, so each is reported once
    bool all_known;
  };

  void walk(const formula::node& n, expression& e) {
    using formula::node_kind;
    switch (n.kind) {
      case node_kind::name:
        if (n.prefix.empty()) name(n.text, e);
        else not_a_name(formula::to_formula(n), e, "names in other sheets or workbooks");
        break;
      case node_kind::ref: {
        e.all_known = false;
        const std::string cell = formula::to_formula(n);
        if (!e.reported.insert(fold(cell)).second) break;
        if (n.prefix.empty() && tables_of(cell))
          out_.add(e.where, quote(fold(cell)) + " in " + e.what + " reads as the cell " + cell +
                                ", not as the indicator of that id; give the indicator an id that is not a cell "
                                "address");
        else
          out_.add(e.where,
                   e.what + " refers to the cell " + cell + "; rule expressions name indicators by id, not cells");
        break;
      }
      case node_kind::table_ref:
      case node_kind::unsupported: not_a_name(n.text, e, "structured references"); break;
      case node_kind::call:
        if (!formula::find_function(n.text) && e.reported.insert(n.text).second) {
          out_.add(e.where, "unknown function " + quote(n.text) + " in " + e.what + did_you_mean(n.text, functions_));
        }
        break;
      default: break;
    }
    for (const auto& c : n.children) walk(c, e);
  }

  void not_a_name(const std::string& text, expression& e, std::string_view kind) {
    e.all_known = false;
    if (e.reported.insert(text).second)
      out_.add(e.where, e.what + " uses " + quote(text) + ", but rule expressions do not take " + std::string(kind));
  }

  // An indicator id such as 'cp-plans', written in the expression, that a formula reads as more
  // than one name ('cp', then 'plans'): reported once, in place of the unknown names it gives.
  bool id_that_is_not_a_name(const std::string& piece, expression& e) {
    const std::string text = fold(e.r.assert_expr);
    for (const auto& id : not_names_) {
      const std::string folded = fold(id);
      if (folded.find(fold(piece)) == std::string::npos || text.find(folded) == std::string::npos) continue;
      // Its other pieces are not reported as unknown names either.
      std::string word;
      for (char c : folded + " ") {
        if (is_word_char(c)) word += c;
        else if (!word.empty()) e.reported.insert(std::exchange(word, {}));
      }
      if (!e.reported.insert("id " + folded).second) return true;
      const std::string fixed = as_a_name(id);
      out_.add(e.where, "indicator id " + quote(id) + " cannot be named in " + e.what +
                            ": a formula does not read it as one name; give the indicator an id of letters, digits "
                            "and '_', starting with a letter or '_'" +
                            (fixed.empty() ? "" : ", such as " + quote(fixed)));
      return true;
    }
    return false;
  }

  // `cla` (every period) or `cla.2015_03_31` (one period).
  void name(const std::string& text, expression& e) {
    const std::size_t dot = text.find('.');
    const std::string id = text.substr(0, dot);
    const auto* ts = tables_of(id);
    if (!ts) {
      e.all_known = false;
      if (!e.reported.insert(fold(id)).second || id_that_is_not_a_name(id, e)) return;
      out_.add(e.where, "unknown indicator " + quote(id) + " in " + e.what + hint(id, all_ids_, "the indicators"));
      return;
    }
    e.indicators.push_back(id);
    if (dot == std::string::npos) return;
    const std::string wanted = text.substr(dot + 1);
    std::vector<std::string> written;  // the periods of the indicator's tables, as expressions write them
    std::vector<const period*> periods;
    for (std::size_t t : *ts) {
      for (const auto& p : s_.tables[t].periods) {
        if (fold(expression_name(p.id)) == fold(wanted)) return;
        written.push_back(expression_name(p.id));
        periods.push_back(&p);
      }
    }
    e.all_known = false;
    if (!e.reported.insert(fold(text)).second) return;
    // cla.2015-03-31 reads as cla.2015 minus 3 minus 31: say how to write it.
    for (const period* p : periods) {
      const std::string as_typed = id + "." + p->id;
      if (expression_name(p->id) != p->id && fold(p->id).starts_with(fold(wanted)) &&
          fold(e.r.assert_expr).find(fold(as_typed)) != std::string::npos) {
        out_.add(e.where, quote(as_typed) + " in " + e.what + " is not one name (a formula reads " + quote(text) +
                              ", then " + quote(p->id.substr(wanted.size())) + "); write the period as " +
                              quote(id + "." + expression_name(p->id)) +
                              ": a name holds only letters, digits, '_' and '.'");
        return;
      }
    }
    if (written.empty()) {
      out_.add(e.where, "unknown period " + quote(wanted) + " in " + quote(text) + " in " + e.what + ": the table of " +
                            quote(id) + " has no periods");
      return;
    }
    out_.add(e.where, "unknown period " + quote(wanted) + " in " + quote(text) + " in " + e.what +
                          hint(wanted, written, "its periods, as rule expressions write them,"));
  }

  const schema& s_;
  const schema_refs& refs_;
  problem_list& out_;
  std::map<std::string, std::vector<std::size_t>> tables_of_;  // folded indicator id -> tables
  std::vector<std::string> all_ids_;                           // as written, in schema order
  std::vector<std::string> not_names_;                         // ids a formula reads otherwise
  std::vector<std::string> functions_;
};

}  // namespace

void check_references(const schema& s, const schema_refs& refs, problem_list& out) {
  reference_checker(s, refs, out).run();
}

}  // namespace returncheck::schema::detail
