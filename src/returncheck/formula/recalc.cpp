// `returncheck recalc`: every formula computed and compared with the value Excel cached.
#include "returncheck/formula/recalc.hpp"

#include "returncheck/util/json.hpp"

namespace returncheck::formula {
namespace {

void write_value(util::json_writer& w, const value& v) {
  switch (v.kind()) {
    case value_kind::blank: w.null(); break;
    case value_kind::number: w.value(v.as_number()); break;
    case value_kind::text: w.value(v.as_text()); break;
    case value_kind::boolean: w.value(v.as_boolean()); break;
    case value_kind::error: w.value(to_text(v.as_error())); break;
  }
}

std::string_view status_name(eval_status s) {
  switch (s) {
    case eval_status::computed: return "computed";
    case eval_status::volatile_function: return "volatile";
    case eval_status::unsupported_function: return "unsupported function";
    case eval_status::unsupported_construct: return "unsupported construct";
    case eval_status::parse_error: return "parse error";
    case eval_status::cycle: return "circular reference";
    case eval_status::limit: return "limit";
  }
  return "?";
}

void write_cell(util::json_writer& w, const recalc_cell& c) {
  w.begin_object().field("sheet", c.sheet).field("cell", c.cell).field("formula", c.formula);
  w.key("cached");
  write_value(w, c.cached);
  w.key("computed");
  write_value(w, c.computed);
  if (c.status != eval_status::computed) w.field("status", status_name(c.status)).field("detail", c.detail);
  w.end_object();
}

}  // namespace

bool agrees(const value& computed, const value& cached) {
  if (computed.kind() != cached.kind()) {
    // A formula that yields "" is stored by some writers with no value at all.
    return computed.is_text() && computed.as_text().empty() && cached.is_blank();
  }
  switch (computed.kind()) {
    case value_kind::number: return same_as_excel(computed.as_number(), cached.as_number());
    default: return computed == cached;
  }
}

recalc_summary recalc(const xlsx::workbook& wb, const xlsx::cell_store& cells, bool keep_all, std::size_t max_listed,
                      eval_limits limits) {
  recalc_summary s;
  evaluator ev(wb, cells, limits);
  for (std::uint32_t sheet = 0; sheet < cells.sheet_count(); ++sheet) {
    for (const auto& c : cells.sheet(sheet).cells()) {
      if (c.formula == 0) continue;
      ++s.formulas;
      const cell_result& r = ev.evaluate(sheet, c.pos);
      recalc_cell rc{wb.sheets()[sheet].name, xlsx::format_cell_ref(c.pos), std::string(cells.formula_of(c)),
                     ev.stored_value(c), r.computed, r.status, r.detail};
      if (r.status == eval_status::unsupported_function) {
        ++s.unsupported[r.detail];
      } else if (r.status != eval_status::computed) {
        ++s.not_recomputed[r.status == eval_status::volatile_function ? r.detail : std::string(status_name(r.status))];
      } else {
        ++s.evaluated;
        if (c.type == xlsx::value_type::empty) {
          ++s.without_cached;
        } else if (agrees(r.computed, rc.cached)) {
          ++s.matching_cached;
        } else {
          ++s.mismatch_count;
          if (s.mismatches.size() < max_listed) s.mismatches.push_back(rc);
        }
      }
      if (keep_all) s.all.push_back(std::move(rc));
    }
  }
  return s;
}

std::string to_json(const recalc_summary& s) {
  util::json_writer w;
  w.begin_object()
      .field("formulas", double(s.formulas))
      .field("evaluated", double(s.evaluated))
      .field("matching_cached", double(s.matching_cached))
      .field("without_cached_value", double(s.without_cached))
      .field("mismatch_count", double(s.mismatch_count));
  w.key("mismatches").begin_array();
  for (const auto& c : s.mismatches) write_cell(w, c);
  w.end_array();
  w.key("unsupported").begin_object();
  for (const auto& [name, n] : s.unsupported) w.field(name, double(n));
  w.end_object();
  w.key("not_recomputed").begin_object();
  for (const auto& [why, n] : s.not_recomputed) w.field(why, double(n));
  w.end_object();
  if (!s.all.empty()) {
    w.key("cells").begin_array();
    for (const auto& c : s.all) write_cell(w, c);
    w.end_array();
  }
  w.end_object();
  return w.str() + "\n";
}

}  // namespace returncheck::formula
