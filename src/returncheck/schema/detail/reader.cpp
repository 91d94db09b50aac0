// From a YAML tree to the schema model: every key read and checked where it is written.
#include "returncheck/schema/detail/reader.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cmath>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include "returncheck/schema/detail/vocabulary.hpp"
#include "returncheck/schema/detail/yaml_guard.hpp"

namespace returncheck::schema::detail {
namespace {

// A pattern is matched against every cell of its column; a longer one is no longer a check
// anybody can read, and compiling it is not free.
constexpr std::size_t max_pattern_length = 1000;

using key_list = std::span<const std::string_view>;

// One key of a mapping with its value, as written.
struct entry {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
};

// The keys of one mapping, each the first time it is written.
struct fields {
  YAML::Node node;
  std::vector<entry> entries;

  const entry* find(std::string_view key) const {
    for (const auto& e : entries)
      if (e.key == key) return &e;
    return nullptr;
  }
  bool has(std::string_view key) const { return find(key) != nullptr; }
};

source_pos at(const YAML::Node& n) { return position(n.Mark()); }
source_pos key_at(const entry& e) { return at(e.key_node); }
// Where a value is wrong: the value itself, or its key when yaml-cpp kept no mark for it.
source_pos value_at(const entry& e) {
  const source_pos p = at(e.value);
  return p.line > 0 ? p : key_at(e);
}

// What a node holds, as "not ..." messages name it.
std::string describe(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Scalar: return quote(n.Scalar());
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Null: return "nothing";
    case YAML::NodeType::Undefined: break;
  }
  return "nothing";
}

// "indicator 'cla'", or "indicator #3 of table 'activity'" when it has no id yet.
std::string named(std::string_view noun, const std::string& id, std::size_t index, const std::string& parent) {
  if (!id.empty()) return std::string(noun) + " " + quote(id);
  std::string out = std::string(noun) + " #" + std::to_string(index);
  return parent.empty() ? out : out + " of " + parent;
}

// The text of `key` in a mapping, when it is one; used to name an element before reading it.
std::string peek(const YAML::Node& map, std::string_view key) {
  for (const auto& kv : map) {
    // yaml-cpp's iterators hand out temporaries: copy the nodes (they are handles) before use.
    const YAML::Node k = kv.first, v = kv.second;
    if (k.IsScalar() && k.Scalar() == key && v.IsScalar()) return v.Scalar();
  }
  return {};
}

std::optional<double> parse_number(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// The text after "not a valid regular expression: ".
std::string regex_trouble(std::regex_constants::error_type code) {
  namespace rc = std::regex_constants;
  switch (code) {
    case rc::error_collate: return "an unknown collating element in [[. .]]";
    case rc::error_ctype: return "an unknown character class in [[: :]]";
    case rc::error_escape: return "an unknown escape, or a '\\' at the end";
    case rc::error_backref: return "a back-reference to a group that does not exist";
    case rc::error_brack: return "a '[' without its ']'";
    // The standard library reports a '*' with nothing before it this way too.
    case rc::error_paren: return "unbalanced parentheses, or a '*', '+' or '?' with nothing before it to repeat";
    case rc::error_brace: return "a '{' without its '}'";
    case rc::error_badbrace: return "a count in {} that is not a number or a range";
    case rc::error_range: return "a character range whose end comes before its start, such as [z-a]";
    case rc::error_badrepeat: return "a '*', '+', '?' or '{' with nothing before it to repeat";
    case rc::error_space:
    case rc::error_stack:
    case rc::error_complexity: return "it is too complex";
    default: break;
  }
  return "it cannot be compiled";
}

// Whether a count in {} is past what std::regex could ever build: it copies a repeated part once
// per count and gives up past 100,000 states ("too complex"), but it reads the count into a long
// first, and a count past a long's range is undefined behaviour inside the library. Such a
// pattern is refused before it is compiled. Escapes and character classes are skipped.
bool has_huge_count(std::string_view p) {
  constexpr std::uint64_t most = 100'000;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\') {
      ++i;
    } else if (p[i] == '[') {
      for (++i; i < p.size() && p[i] != ']'; ++i)
        if (p[i] == '\\') ++i;
    } else if (p[i] == '{') {
      std::uint64_t n = 0;
      for (++i; i < p.size() && ((p[i] >= '0' && p[i] <= '9') || p[i] == ','); ++i) {
        n = p[i] == ',' ? 0 : std::min(n * 10 + std::uint64_t(p[i] - '0'), most + 1);
        if (n > most) return true;
      }
      --i;
    }
  }
  return false;
}

template <class E, std::size_t N>
std::vector<std::string_view> names(const std::array<choice<E>, N>& choices) {
  std::vector<std::string_view> out;
  for (const auto& c : choices) out.push_back(c.name);
  return out;
}

class reader {
 public:
  explicit reader(problem_list& out) : out_(out) {}

  schema read(const YAML::Node& root, schema_refs& refs) {
    schema s;
    if (!root.IsMap()) {
      // An empty document has no place worth naming; anything else is named where it starts.
      add(root.IsNull() ? source_pos{} : at(root), "a schema is a mapping of keys (" + join(schema_keys) +
                                                       "); this file holds " + (root.IsScalar() ? "the text " : "") +
                                                       describe(root));
      return s;
    }
    const fields f = collect(root, schema_keys, "the schema");
    if (const entry* e = f.find("returncheck")) {
      if (const auto v = number(*e)) {
        if (*v != 1)
          add(value_at(*e), "unsupported schema version " + quote(e->value.Scalar()) + ": 'returncheck' must be 1");
      }
    } else {
      add(at(root),
          "the schema has no 'returncheck' key: a schema starts with 'returncheck: 1', the version of its format");
    }
    if (const entry* e = f.find("name"))
      if (auto v = text(*e)) s.name = std::move(*v);
    if (const entry* e = f.find("suppression")) s.suppression = texts_of(*e);

    const entry* tables = f.find("tables");
    if (tables) {
      each_item(*tables, [&](const YAML::Node& item, std::size_t index) {
        table_refs tr;
        if (auto t = read_table(item, index, tr)) {
          s.tables.push_back(std::move(*t));
          refs.tables.push_back(std::move(tr));
        }
      });
    }
    if (!tables || empty_list(tables->value))
      add(tables ? key_at(*tables) : at(root), "the schema has no tables: 'tables' lists at least one");

    if (const entry* rules = f.find("rules")) {
      each_item(*rules, [&](const YAML::Node& item, std::size_t index) {
        rule_refs rr;
        if (auto r = read_rule(item, index, rr)) {
          s.rules.push_back(std::move(*r));
          refs.rules.push_back(std::move(rr));
        }
      });
    }

    std::vector<std::pair<std::string, source_pos>> ids;
    for (const auto& t : s.tables) ids.emplace_back(t.id, t.at);
    duplicates(ids, false, "table id", "");
    ids.clear();
    for (const auto& r : s.rules) ids.emplace_back(r.id, r.at);
    duplicates(ids, false, "rule id", "");
    return s;
  }

 private:
  void add(source_pos where, std::string message) { out_.add(where, std::move(message)); }

  // A mapping's keys; reports keys that are not text, given twice, or not among `keys`.
  fields collect(const YAML::Node& map, key_list keys, const std::string& what) {
    fields f{map, {}};
    for (const auto& kv : map) {
      const YAML::Node k = kv.first;  // a copy: yaml-cpp's iterators hand out temporaries
      if (!k.IsScalar()) {
        add(at(k), "a key in " + what + " is " + describe(k) + ", not a name");
        continue;
      }
      entry e{k.Scalar(), k, kv.second};
      if (const entry* first = f.find(e.key)) {
        add(key_at(e), "key " + quote(e.key) + " is given twice in " + what + " (first at line " +
                           std::to_string(key_at(*first).line) + ")");
        continue;
      }
      bool known = false;
      for (const auto k2 : keys) known = known || k2 == e.key;
      if (!known && e.key == "<<") {
        add(key_at(e), "merge keys ('<<') are not supported in a schema: write the keys of " + what + " out");
        continue;
      }
      if (!known) {
        const auto hint = nearest(e.key, keys);
        add(key_at(e), "unknown key " + quote(e.key) + " in " + what +
                           (hint ? " (did you mean " + quote(*hint) + "?)" : " (the keys are: " + join(keys) + ")"));
        continue;
      }
      f.entries.push_back(std::move(e));
    }
    return f;
  }

  // `what` has no `key`: reported at the element.
  void require(const fields& f, std::string_view key, const std::string& what, const std::string& detail = {}) {
    if (!f.has(key)) add(at(f.node), what + " has no " + quote(key) + detail);
  }

  std::optional<std::string> text(const entry& e) {
    if (e.value.IsScalar()) return e.value.Scalar();
    if (e.value.IsNull()) add(key_at(e), quote(e.key) + " has no value");
    else add(value_at(e), quote(e.key) + " must be a text, not " + describe(e.value));
    return std::nullopt;
  }

  std::optional<double> number(const entry& e) {
    if (e.value.IsScalar()) {
      const std::string& s = e.value.Scalar();
      if (const auto v = parse_number(s)) return v;
      std::string bare;
      for (char c : s)
        if (c != ',' && c != '_' && c != ' ') bare += c;
      const bool separators = bare != s && parse_number(bare).has_value();
      add(value_at(e), quote(e.key) + " must be a number, not " + quote(s) +
                           (separators ? " (write it without separators: " + bare + ")" : ""));
    } else if (e.value.IsNull()) {
      add(key_at(e), quote(e.key) + " has no value");
    } else {
      add(value_at(e), quote(e.key) + " must be a number, not " + describe(e.value));
    }
    return std::nullopt;
  }

  std::optional<double> positive(const entry& e) {
    const auto v = number(e);
    if (v && *v <= 0) {
      add(value_at(e), quote(e.key) + " must be greater than 0, not " + quote(e.value.Scalar()));
      return std::nullopt;
    }
    return v;
  }

  std::optional<bool> boolean(const entry& e) {
    if (e.value.IsScalar()) {
      const std::string v = fold(e.value.Scalar());
      if (v == "true" || v == "yes") return true;
      if (v == "false" || v == "no") return false;
    }
    if (e.value.IsNull()) add(key_at(e), quote(e.key) + " has no value");
    else add(value_at(e), quote(e.key) + " must be true or false, not " + describe(e.value));
    return std::nullopt;
  }

  // A list of texts, or one text for a list of one; each with where it was written.
  std::vector<std::pair<std::string, source_pos>> located_texts(const entry& e) {
    std::vector<std::pair<std::string, source_pos>> out;
    if (e.value.IsNull()) return out;
    if (e.value.IsScalar()) {
      out.emplace_back(e.value.Scalar(), value_at(e));
      return out;
    }
    if (!e.value.IsSequence()) {
      add(value_at(e), quote(e.key) + " must be a text or a list of texts, not " + describe(e.value));
      return out;
    }
    for (const auto& item : e.value) {
      if (item.IsScalar()) out.emplace_back(item.Scalar(), at(item));
      else
        add(at(item).line > 0 ? at(item) : value_at(e),
            "each item of " + quote(e.key) + " must be a text, not " + describe(item));
    }
    return out;
  }

  std::vector<std::string> texts_of(const entry& e) {
    std::vector<std::string> out;
    for (auto& [t, where] : located_texts(e)) out.push_back(std::move(t));
    return out;
  }

  template <class E, std::size_t N>
  std::optional<E> pick(const entry& e, const std::array<choice<E>, N>& choices, const std::string& what) {
    const auto t = text(e);
    if (!t) return std::nullopt;
    for (const auto& c : choices)
      if (c.name == *t) return c.value;
    unknown_choice(e, *t, names(choices), what);
    return std::nullopt;
  }

  void unknown_choice(const entry& e, const std::string& value, const std::vector<std::string_view>& allowed,
                      const std::string& what) {
    const auto hint = nearest(value, allowed);
    add(value_at(e), "unknown " + e.key + " " + quote(value) + " in " + what +
                         (hint ? " (did you mean " + quote(*hint) + "?)" : " (one of: " + join(allowed) + ")"));
  }

  static bool empty_list(const YAML::Node& n) { return n.IsNull() || (n.IsSequence() && n.size() == 0); }

  // Calls f(item, 1-based index) for each item of a list; a null value is an empty list.
  template <class F>
  void each_item(const entry& e, F f) {
    if (e.value.IsNull()) return;
    if (!e.value.IsSequence()) {
      add(value_at(e), quote(e.key) + " must be a list, not " + describe(e.value));
      return;
    }
    std::size_t index = 0;
    for (const auto& item : e.value) f(item, ++index);
  }

  // A key that only some kinds of an element take.
  void not_for(const fields& f, std::string_view key, const std::string& this_kind, const std::string& its_kinds) {
    if (const entry* e = f.find(key))
      add(key_at(*e), quote(key) + " does not apply to " + this_kind + " (it is for " + its_kinds + ")");
  }

  void duplicates(const std::vector<std::pair<std::string, source_pos>>& ids, bool ignore_case, const std::string& noun,
                  const std::string& where) {
    std::map<std::string, std::pair<std::string, source_pos>> seen;
    for (const auto& [id, pos] : ids) {
      if (id.empty()) continue;
      const auto [it, fresh] = seen.emplace(ignore_case ? fold(id) : id, std::make_pair(id, pos));
      if (fresh) continue;
      const auto& [first_id, first_pos] = it->second;
      add(pos, "duplicate " + noun + " " + quote(id) + where + " (first at line " + std::to_string(first_pos.line) +
                   (first_id != id ? " as " + quote(first_id) + "; ids are compared ignoring case" : "") + ")");
    }
  }

  // ---- tables

  std::optional<table> read_table(const YAML::Node& node, std::size_t index, table_refs& refs) {
    table t;
    t.at = at(node);
    if (!node.IsMap()) {
      add(t.at,
          "table #" + std::to_string(index) + " must be a mapping (" + join(table_keys) + "), not " + describe(node));
      return std::nullopt;
    }
    const std::string what = named("table", peek(node, "id"), index, "");
    const fields f = collect(node, table_keys, what);
    require(f, "id", what);
    if (const entry* e = f.find("id"))
      if (auto v = text(*e)) t.id = std::move(*v);
    if (const entry* e = f.find("sheet"))
      if (auto v = text(*e)) t.sheet = std::move(*v);
    if (const entry* e = f.find("layout"))
      if (const auto v = pick(*e, layouts, what)) t.kind = *v;

    if (const entry* e = f.find("periods"))
      each_item(*e, [&](const YAML::Node& item, std::size_t k) {
        if (auto p = read_period(item, k, what)) t.periods.push_back(std::move(*p));
      });
    if (const entry* e = f.find("derived"))
      each_item(*e, [&](const YAML::Node& item, std::size_t k) {
        derived_refs dr;
        if (auto d = read_derived(item, k, what, dr)) {
          t.derived.push_back(std::move(*d));
          refs.derived.push_back(dr);
        }
      });
    if (const entry* e = f.find("indicators"))
      each_item(*e, [&](const YAML::Node& item, std::size_t k) {
        if (auto i = read_indicator(item, k, what)) t.indicators.push_back(std::move(*i));
      });
    if (const entry* e = f.find("columns"))
      each_item(*e, [&](const YAML::Node& item, std::size_t k) {
        if (auto c = read_column(item, k, what)) t.columns.push_back(std::move(*c));
      });

    const auto listed = [&](std::string_view key) {
      const entry* e = f.find(key);
      return e && !empty_list(e->value);
    };
    if (t.kind == layout::records) {
      for (const char* key : {"periods", "derived", "indicators"})
        not_for(f, key, "a records table", "layout: indicators");
      if (!listed("columns")) add(t.at, what + " has no columns: a records table lists them under 'columns'");
    } else {
      not_for(f, "columns", "an indicators table", "layout: records");
      if (!listed("indicators")) add(t.at, what + " has no indicators: list them under 'indicators'");
    }

    const std::string in = " in " + what;
    std::vector<std::pair<std::string, source_pos>> ids;
    for (const auto& p : t.periods) ids.emplace_back(p.id, p.at);
    duplicates(ids, false, "period id", in);
    ids.clear();
    for (const auto& i : t.indicators) ids.emplace_back(i.id, i.at);
    duplicates(ids, true, "indicator id", in);
    ids.clear();
    for (const auto& c : t.columns) ids.emplace_back(c.id, c.at);
    duplicates(ids, false, "column id", in);
    ids.clear();
    for (const auto& d : t.derived) ids.emplace_back(d.header, d.at);
    duplicates(ids, true, "derived column header", in);

    // Two periods that rule expressions would write the same way.
    std::map<std::string, const period*> written;
    for (const auto& p : t.periods) {
      if (p.id.empty()) continue;
      const auto [it, fresh] = written.emplace(fold(expression_name(p.id)), &p);
      if (!fresh && it->second->id != p.id)
        add(p.at, "periods " + quote(it->second->id) + " and " + quote(p.id) + in + " are both written " +
                      quote(expression_name(p.id)) + " in rule expressions; give one another id");
    }
    return t;
  }

  std::optional<period> read_period(const YAML::Node& node, std::size_t index, const std::string& table_what) {
    period p;
    p.at = at(node);
    const std::string numbered = "period #" + std::to_string(index) + " of " + table_what;
    if (node.IsScalar()) {
      p.id = node.Scalar();
      p.headers = {node.Scalar()};
      return p;
    }
    if (!node.IsMap()) {
      add(p.at, numbered + " must be a header text or a mapping {id, header}, not " + describe(node));
      return std::nullopt;
    }
    const std::string what = named("period", peek(node, "id"), index, table_what);
    const fields f = collect(node, period_keys, what);
    require(f, "id", what, ": the name rules and reports use, such as 2015-03-31");
    require(f, "header", what, ": the column header to find, such as 31/03/2015");
    if (const entry* e = f.find("id"))
      if (auto v = text(*e)) p.id = std::move(*v);
    if (const entry* e = f.find("header")) {
      p.headers = texts_of(*e);
      if (e->value.IsNull() || (e->value.IsSequence() && e->value.size() == 0))
        add(key_at(*e), what + " has an empty 'header'");
    }
    return p;
  }

  std::optional<derived_column> read_derived(const YAML::Node& node, std::size_t index, const std::string& table_what,
                                             derived_refs& refs) {
    derived_column d;
    d.at = at(node);
    if (!node.IsMap()) {
      add(d.at, "derived column #" + std::to_string(index) + " of " + table_what + " must be a mapping (" +
                    join(derived_keys) + "), not " + describe(node));
      return std::nullopt;
    }
    const std::string what = named("derived column", peek(node, "header"), index, table_what);
    const fields f = collect(node, derived_keys, what);
    require(f, "header", what);
    require(f, "kind", what, " (" + join(names(derived_kinds)) + ")");
    if (const entry* e = f.find("header"))
      if (auto v = text(*e)) d.header = std::move(*v);
    if (const entry* e = f.find("aliases")) d.aliases = texts_of(*e);
    std::optional<derived_kind> kind;
    if (const entry* e = f.find("kind")) kind = pick(*e, derived_kinds, what);
    if (kind) d.kind = *kind;
    const auto ref = [&](std::string_view key, std::string& into, source_pos& where) {
      if (const entry* e = f.find(key)) {
        if (auto v = text(*e)) {
          into = std::move(*v);
          where = value_at(*e);
        }
      }
    };
    ref("from", d.from, refs.from);
    ref("to", d.to, refs.to);
    ref("of", d.of, refs.of);
    if (const entry* e = f.find("per"))
      if (const auto v = positive(*e)) d.per = *v;

    if (kind) {
      const std::string this_kind = "a " + std::string(name_of(derived_kinds, *kind)) + " column";
      const bool change = *kind == derived_kind::pct_change || *kind == derived_kind::change;
      if (!change) not_for(f, "from", this_kind, "pct_change and change");
      if (change) not_for(f, "of", this_kind, "share, ratio and rate");
      if (*kind != derived_kind::rate) not_for(f, "per", this_kind, "rate");
      const std::string with_kind = what + " (kind " + std::string(name_of(derived_kinds, *kind)) + ")";
      if (!change) require(f, "of", with_kind, ": the id of the indicator it divides by");
      if (*kind == derived_kind::rate) require(f, "per", with_kind, ", such as 'per: 10000' for a rate per 10,000");
    }
    return d;
  }

  std::optional<indicator> read_indicator(const YAML::Node& node, std::size_t index, const std::string& table_what) {
    indicator i;
    i.at = at(node);
    if (!node.IsMap()) {
      add(i.at, "indicator #" + std::to_string(index) + " of " + table_what + " must be a mapping (" +
                    join(indicator_keys) + "), not " + describe(node));
      return std::nullopt;
    }
    const std::string what = named("indicator", peek(node, "id"), index, table_what);
    const fields f = collect(node, indicator_keys, what);
    require(f, "id", what);
    require(f, "label", what, ": the row label to find");
    if (const entry* e = f.find("id"))
      if (auto v = text(*e)) i.id = std::move(*v);
    if (const entry* e = f.find("label"))
      if (auto v = text(*e)) i.label = std::move(*v);
    if (const entry* e = f.find("aliases")) i.aliases = texts_of(*e);
    if (const entry* e = f.find("type"))
      if (const auto v = pick(*e, indicator_types, what)) i.type = *v;
    if (const entry* e = f.find("per")) {
      if (const auto v = positive(*e)) i.per = *v;
      if (i.type != indicator_type::rate)
        add(key_at(*e), "'per' does not apply to an indicator of type " +
                            std::string(name_of(indicator_types, i.type)) + " (it is for type: rate)");
    }
    bounds(f, i.minimum, i.maximum);
    if (const entry* e = f.find("required"))
      if (const auto v = boolean(*e)) i.required = *v;
    return i;
  }

  void bounds(const fields& f, std::optional<double>& minimum, std::optional<double>& maximum) {
    const entry* lo = f.find("minimum");
    const entry* hi = f.find("maximum");
    if (lo) minimum = number(*lo);
    if (hi) maximum = number(*hi);
    if (minimum && maximum && *minimum > *maximum)
      add(value_at(*lo), "'minimum' " + lo->value.Scalar() + " is greater than 'maximum' " + hi->value.Scalar());
  }

  std::optional<column> read_column(const YAML::Node& node, std::size_t index, const std::string& table_what) {
    column c;
    c.at = at(node);
    if (!node.IsMap()) {
      add(c.at, "column #" + std::to_string(index) + " of " + table_what + " must be a mapping (" + join(column_keys) +
                    "), not " + describe(node));
      return std::nullopt;
    }
    const std::string what = named("column", peek(node, "id"), index, table_what);
    const fields f = collect(node, column_keys, what);
    require(f, "id", what);
    require(f, "header", what, ": the column header to find");
    if (const entry* e = f.find("id"))
      if (auto v = text(*e)) c.id = std::move(*v);
    if (const entry* e = f.find("header"))
      if (auto v = text(*e)) c.header = std::move(*v);
    if (const entry* e = f.find("aliases")) c.aliases = texts_of(*e);
    if (const entry* e = f.find("type"))
      if (const auto v = pick(*e, column_types, what)) c.type = *v;
    if (const entry* e = f.find("required"))
      if (const auto v = boolean(*e)) c.required = *v;
    if (const entry* e = f.find("unique"))
      if (const auto v = boolean(*e)) c.unique = *v;
    if (c.type != column_type::integer && c.type != column_type::number) {
      const std::string this_kind = "a " + std::string(name_of(column_types, c.type)) + " column";
      not_for(f, "minimum", this_kind, "integer and number columns");
      not_for(f, "maximum", this_kind, "integer and number columns");
    } else {
      bounds(f, c.minimum, c.maximum);
    }
    if (const entry* e = f.find("enum")) {
      c.allowed = texts_of(*e);
      if (empty_list(e->value)) add(key_at(*e), "'enum' in " + what + " lists no values");
    }
    if (const entry* e = f.find("pattern")) {
      if (auto v = text(*e)) {
        c.pattern = std::move(*v);
        check_pattern(*e, c.pattern);
      }
    }
    return c;
  }

  void check_pattern(const entry& e, const std::string& pattern) {
    if (pattern.size() > max_pattern_length) {
      add(value_at(e), "'pattern' is longer than " + std::to_string(max_pattern_length) + " characters");
      return;
    }
    if (has_huge_count(pattern)) {
      add(value_at(e), "'pattern' " + quote(pattern.substr(0, 60)) + " is not a valid regular expression: " +
                           regex_trouble(std::regex_constants::error_complexity));
      return;
    }
    try {
      const std::regex compiled(pattern, std::regex::ECMAScript);
    } catch (const std::regex_error& x) {
      add(value_at(e),
          "'pattern' " + quote(pattern) + " is not a valid regular expression: " + regex_trouble(x.code()));
    }
  }

  // ---- rules

  std::optional<rule> read_rule(const YAML::Node& node, std::size_t index, rule_refs& refs) {
    rule r;
    r.at = at(node);
    if (!node.IsMap()) {
      add(r.at,
          "rule #" + std::to_string(index) + " must be a mapping (" + join(rule_keys) + "), not " + describe(node));
      return std::nullopt;
    }
    const std::string what = named("rule", peek(node, "id"), index, "");
    const fields f = collect(node, rule_keys, what);
    require(f, "id", what);
    if (const entry* e = f.find("id"))
      if (auto v = text(*e)) r.id = std::move(*v);
    bool kind_known = true;
    if (const entry* e = f.find("kind")) {
      kind_known = false;
      if (auto v = text(*e)) {
        for (const auto k : rule_kinds) kind_known = kind_known || k == *v;
        if (kind_known) r.kind = std::move(*v);
        else unknown_choice(*e, *v, {rule_kinds.begin(), rule_kinds.end()}, what);
      }
    }
    if (const entry* e = f.find("assert")) {
      if (auto v = text(*e)) {
        r.assert_expr = std::move(*v);
        refs.assert_at = value_at(*e);
      }
    }
    if (const entry* e = f.find("indicator")) {
      if (auto v = text(*e)) {
        r.indicator = std::move(*v);
        refs.indicator = value_at(*e);
      }
    }
    if (const entry* e = f.find("numerator")) {
      if (auto v = text(*e)) {
        r.numerator = std::move(*v);
        refs.numerator = value_at(*e);
      }
    }
    if (const entry* e = f.find("denominator")) {
      if (auto v = text(*e)) {
        r.denominator = std::move(*v);
        refs.denominator = value_at(*e);
      }
    }
    if (const entry* e = f.find("per"))
      if (const auto v = positive(*e)) r.per = *v;
    if (const entry* e = f.find("max_abs_pct"))
      if (const auto v = positive(*e)) r.max_abs_pct = *v;
    if (const entry* e = f.find("parts")) {
      for (auto& [part, where] : located_texts(*e)) {
        r.parts.push_back(std::move(part));
        refs.parts.push_back(where);
      }
    }
    if (const entry* e = f.find("total")) {
      if (auto v = text(*e)) {
        r.total = std::move(*v);
        refs.total = value_at(*e);
      }
    }
    if (const entry* e = f.find("message"))
      if (auto v = text(*e)) r.message = std::move(*v);
    if (const entry* e = f.find("severity"))
      if (const auto v = pick(*e, severities, what)) r.level = *v;

    if (!kind_known) return r;
    const std::string this_kind = (r.kind == "expression" ? "an " : "a ") + r.kind + " rule";
    const std::string with_kind = what + " (kind " + r.kind + ")";
    const bool ratio = r.kind == "share" || r.kind == "rate";
    if (r.kind != "expression") not_for(f, "assert", this_kind, "kind: expression");
    if (r.kind != "change" && !ratio) not_for(f, "indicator", this_kind, "kinds change, share and rate");
    if (r.kind != "change") not_for(f, "max_abs_pct", this_kind, "kind: change");
    if (!ratio) {
      not_for(f, "numerator", this_kind, "kinds share and rate");
      not_for(f, "denominator", this_kind, "kinds share and rate");
    }
    if (r.kind != "rate") not_for(f, "per", this_kind, "kind: rate");
    if (r.kind != "sum") {
      not_for(f, "parts", this_kind, "kind: sum");
      not_for(f, "total", this_kind, "kind: sum");
    }
    if (r.kind == "expression") {
      require(f, "assert", what, ": the formula that must be TRUE, such as 'ico <= cla'");
    } else if (r.kind == "change") {
      require(f, "indicator", with_kind, ": the id of the indicator to follow");
      require(f, "max_abs_pct", with_kind, ": the largest movement allowed, in percent, such as 25");
    } else if (r.kind == "sum") {
      require(f, "parts", with_kind, ": the ids of the indicators that add up");
      require(f, "total", with_kind, ": the id of the indicator they add up to");
      if (const entry* e = f.find("parts"))
        if (empty_list(e->value)) add(key_at(*e), "'parts' of " + what + " lists no indicators");
    } else {
      require(f, "indicator", with_kind, ": the id of the indicator that holds the stated " + r.kind);
      require(f, "numerator", with_kind, ": the id of the indicator divided");
      require(f, "denominator", with_kind, ": the id of the indicator it is divided by");
      if (r.kind == "rate") require(f, "per", with_kind, ", such as 'per: 10000' for a rate per 10,000");
    }
    return r;
  }

  problem_list& out_;
};

}  // namespace

schema read_schema(const YAML::Node& root, schema_refs& refs, problem_list& out) {
  return reader(out).read(root, refs);
}

}  // namespace returncheck::schema::detail
