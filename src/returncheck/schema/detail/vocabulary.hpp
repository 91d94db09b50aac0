// The schema's words, written once: the keys each element takes and the values each choice
// allows. The reader, to_string and the test that checks docs/schema.md all use these tables.
#pragma once

#include <array>
#include <string_view>

#include "returncheck/schema/schema.hpp"

namespace returncheck::schema::detail {

inline constexpr std::array<std::string_view, 5> schema_keys = {"returncheck", "name", "suppression", "tables",
                                                                "rules"};
inline constexpr std::array<std::string_view, 7> table_keys = {"id",      "sheet",      "layout", "periods",
                                                               "derived", "indicators", "columns"};
inline constexpr std::array<std::string_view, 2> period_keys = {"id", "header"};
inline constexpr std::array<std::string_view, 7> derived_keys = {"header", "aliases", "kind", "from",
                                                                 "to",     "of",      "per"};
inline constexpr std::array<std::string_view, 8> indicator_keys = {"id",  "label",   "aliases", "type",
                                                                   "per", "minimum", "maximum", "required"};
inline constexpr std::array<std::string_view, 10> column_keys = {"id",     "header",  "aliases", "type", "required",
                                                                 "unique", "minimum", "maximum", "enum", "pattern"};
inline constexpr std::array<std::string_view, 12> rule_keys = {"id",        "kind",        "assert",  "indicator",
                                                               "numerator", "denominator", "per",     "max_abs_pct",
                                                               "parts",     "total",       "message", "severity"};

// One allowed value of a choice, as written in YAML and as held in the model.
template <class E>
struct choice {
  std::string_view name;
  E value;
};

inline constexpr std::array<choice<layout>, 2> layouts = {
    {{"indicators", layout::indicators}, {"records", layout::records}}};

inline constexpr std::array<choice<indicator_type>, 7> indicator_types = {{
    {"count", indicator_type::count},
    {"percent", indicator_type::percent},
    {"rate", indicator_type::rate},
    {"ratio", indicator_type::ratio},
    {"currency", indicator_type::currency},
    {"days", indicator_type::days},
    {"number", indicator_type::number},
}};

inline constexpr std::array<choice<derived_kind>, 5> derived_kinds = {{
    {"pct_change", derived_kind::pct_change},
    {"change", derived_kind::change},
    {"share", derived_kind::share},
    {"rate", derived_kind::rate},
    {"ratio", derived_kind::ratio},
}};

inline constexpr std::array<choice<column_type>, 5> column_types = {{
    {"string", column_type::string},
    {"integer", column_type::integer},
    {"number", column_type::number},
    {"date", column_type::date},
    {"boolean", column_type::boolean},
}};

inline constexpr std::array<choice<severity>, 3> severities = {{
    {"error", severity::error},
    {"query", severity::query},
    {"info", severity::info},
}};

// rule::kind is text in the model; these are the kinds there are.
inline constexpr std::array<std::string_view, 5> rule_kinds = {"expression", "change", "sum", "share", "rate"};

template <class E, std::size_t N>
constexpr std::string_view name_of(const std::array<choice<E>, N>& choices, E value) {
  for (const auto& c : choices)
    if (c.value == value) return c.name;
  return {};
}

}  // namespace returncheck::schema::detail
