// The checks over a records table as bound: each record's cells against its column's
// constraints (required, type, minimum and maximum, enum, pattern) and unique columns across
// the records.
#pragma once

#include <cstdint>
#include <vector>

#include "returncheck/bind/bind.hpp"
#include "returncheck/rules/finding.hpp"
#include "returncheck/xlsx/cell_store.hpp"
#include "returncheck/xlsx/workbook.hpp"

namespace returncheck::rules {

// Longer text is never matched against a column's pattern (ECMAScript matching recurses per
// character and would exhaust the stack); it is reported as not matching.
inline constexpr std::size_t max_pattern_text = 1000;

// Checks one records table. Findings name the row and the column's header; their `indicator`
// is the column id and their `period` the record's key: the value of the table's first unique
// column ("ref=AB1234", "ref=AB1234#2" for its second occurrence) when the record holds one, so
// that a finding keeps its fingerprint when rows are inserted above it, and "row 12" otherwise.
// A row blank in every bound column is no record. `cells_checked` grows by the cells read.
std::vector<finding> check_records(const bind::bound_records& table, const xlsx::workbook& wb,
                                   const xlsx::cell_store& cells, std::uint64_t& cells_checked);

}  // namespace returncheck::rules
