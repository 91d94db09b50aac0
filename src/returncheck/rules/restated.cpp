// Restated figures: comparing a return's period figures with the previous submission's.
#include "returncheck/rules/restated.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "returncheck/rules/reading.hpp"

namespace returncheck::rules {

std::vector<figure> figures_of(const std::vector<bind::bound_table>& tables, const xlsx::workbook& wb,
                               const xlsx::cell_store& cells, std::span<const std::string> suppression_markers) {
  std::vector<figure> out;
  for (const auto& t : tables)
    for (const auto& ind : t.indicators)
      for (const auto& p : t.periods) {
        const reading r = read_cell(wb, cells, t.sheet, t.cell(ind, p), suppression_markers);
        if (!r.is_number()) continue;
        figure f;
        f.table = t.id;
        f.indicator = ind.id;
        f.period = p.id;
        f.sheet = wb.sheets()[t.sheet].name;
        f.cell = t.cell(ind, p);
        f.label = ind.label;
        f.header = p.header;
        f.value = r.value;
        f.tolerance = r.tolerance();
        f.shown = r.display();
        out.push_back(std::move(f));
      }
  return out;
}

std::vector<finding> check_restated(std::span<const figure> now, std::span<const figure> before,
                                    std::string_view now_name, std::string_view before_name) {
  using key = std::tuple<std::string_view, std::string_view, std::string_view>;
  std::map<key, const figure*> earlier;
  for (const auto& f : before) earlier.emplace(key{f.table, f.indicator, f.period}, &f);
  std::vector<finding> out;
  for (const auto& f : now) {
    const auto it = earlier.find(key{f.table, f.indicator, f.period});
    if (it == earlier.end()) continue;
    const figure& b = *it->second;
    // Within what either figure shows, the two agree: 21% and 0.2139 are one figure.
    if (std::fabs(f.value - b.value) <= std::max(f.tolerance, b.tolerance)) continue;
    finding out_f = make_finding("RC402");
    out_f.sheet = f.sheet;
    out_f.cell = f.cell;
    out_f.table = f.table;
    out_f.indicator = f.indicator;
    out_f.period = f.period;
    out_f.expected = b.value;
    out_f.actual = f.value;
    out_f.message = f.label + ", " + f.header + " was " + b.shown + " in " + std::string(before_name) + " and is " +
                    f.shown + " in " + std::string(now_name) + " (" + xlsx::format_cell_ref(f.cell) +
                    "): a figure already submitted has been restated; correct it or explain why it changed";
    out.push_back(std::move(out_f));
  }
  return out;
}

}  // namespace returncheck::rules
