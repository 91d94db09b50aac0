// Writing a starting schema from detected tables.
#include "returncheck/validate/infer.hpp"

#include <set>

#include "returncheck/formula/evaluator.hpp"
#include "returncheck/rules/reading.hpp"
#include "returncheck/rules/table_checks.hpp"

namespace returncheck::validate {
namespace {

// A YAML scalar in double quotes, escaped, so that any label reads back as written.
std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': break;
      case '\t': out += "\\t"; break;
      default: out += c;
    }
  }
  return out + '"';
}

std::string_view kind_name(schema::derived_kind k) { return schema::to_string(k); }

// An indicator's type from its values: a % format or % text makes a percentage; whole numbers
// of at least 0 a count; anything else a number.
std::string_view guess_type(const bind::bound_table& t, const bind::bound_indicator& ind, const xlsx::workbook& wb,
                            const xlsx::cell_store& cells) {
  bool any = false, whole = true, percent = false;
  const std::vector<std::string> markers = schema::schema{}.suppression;
  for (const auto& p : t.periods) {
    const auto x = rules::read_cell(wb, cells, t.sheet, t.cell(ind, p), markers);
    if (!x.is_number()) continue;
    any = true;
    percent = percent || x.percent;
    whole = whole && x.value >= 0 && x.value == static_cast<double>(static_cast<long long>(x.value));
  }
  if (!any) return "number";
  if (percent) return "percent";
  return whole ? "count" : "number";
}

// An id a rule expression can name: the label's slug with '_' for '-'.
std::string expression_id(std::string id) {
  for (char& c : id)
    if (c == '-') c = '_';
  return id;
}

std::string write_yaml(const std::vector<bind::bound_table>& tables, const xlsx::workbook& wb,
                       const xlsx::cell_store& cells, const std::string& source_name) {
  std::string y;
  y += "# A starting schema inferred from " + source_name + " by `returncheck schema infer`.\n";
  y += "# Review every id, label and type, then validate with: returncheck validate RETURN.xlsx --schema THIS.yaml\n";
  y += "returncheck: 1\n";
  y += "name: " + quoted(source_name) + "\n";
  if (tables.empty()) {
    y += "# No indicators table (a header row of periods with labels to its left) was found.\n";
    y += "tables: []\n";
    return y;
  }
  y += "tables:\n";
  std::set<std::string> table_ids;
  for (const auto& t : tables) {
    std::string id = "table" + std::to_string(table_ids.size() + 1);
    table_ids.insert(id);
    y += "  - id: " + id + "\n";
    y += "    sheet: " + quoted(wb.sheets()[t.sheet].name) + "\n";
    y += "    layout: indicators\n";
    y += "    periods:\n";
    for (const auto& p : t.periods) y += "      - {id: " + quoted(p.id) + ", header: " + quoted(p.header) + "}\n";
    if (!t.derived.empty()) {
      y += "    derived:\n";
      for (const auto& d : t.derived) {
        y += "      - {header: " + quoted(d.header) + ", kind: " + std::string(kind_name(d.kind));
        if (d.from && d.to) y += ", from: " + quoted(t.periods[*d.from].id) + ", to: " + quoted(t.periods[*d.to].id);
        y += "}";
        if (!(d.from && d.to)) y += "  # the rows did not settle which periods this compares: add from and to";
        y += "\n";
      }
    }
    y += "    indicators:\n";
    for (const auto& ind : t.indicators)
      y += "      - {id: " + quoted(expression_id(ind.id)) + ", label: " + quoted(ind.label) +
           ", type: " + std::string(guess_type(t, ind, wb, cells)) + "}\n";
  }
  y += "rules: []\n";
  return y;
}

}  // namespace

util::result<std::string, xlsx::error> infer_schema(const std::string& path, const xlsx::limits& caps) {
  auto wb = xlsx::workbook::open(path, caps);
  if (!wb) return util::unexpected{wb.error()};
  auto cells = xlsx::cell_store::load(*wb, caps.max_cells_per_sheet);
  if (!cells) return util::unexpected{cells.error()};
  formula::evaluator ev(*wb, *cells);
  auto tables = bind::detect(*wb, *cells);
  // The table checks work out which periods each derived column compares.
  const rules::table_context ctx{*wb, *cells, ev, nullptr};
  std::uint64_t cells_checked = 0;
  for (auto& t : tables) {
    rules::check_table(t, ctx, cells_checked);
    for (auto& i : t.indicators) i.label = bind::one_line(i.label);
    for (auto& p : t.periods) p.header = bind::one_line(p.header);
    for (auto& d : t.derived) d.header = bind::one_line(d.header);
  }
  const auto slash = path.find_last_of('/');
  return write_yaml(tables, *wb, *cells, slash == std::string::npos ? path : path.substr(slash + 1));
}

}  // namespace returncheck::validate
