// From a YAML tree to the schema model: every key read and checked where it is written, then
// the references between elements (periods, indicators, rule expressions) checked as a whole.
#pragma once

#include <yaml-cpp/yaml.h>

#include <vector>

#include "returncheck/schema/detail/problems.hpp"
#include "returncheck/schema/schema.hpp"

namespace returncheck::schema::detail {

// Where the references an element makes were written, kept beside the model (which holds only
// the element's own position) for the checks that need the whole schema.
struct derived_refs {
  source_pos from, to, of;
};
struct table_refs {
  std::vector<derived_refs> derived;  // one per table::derived
};
struct rule_refs {
  source_pos assert_at, indicator, numerator, denominator, total;
  std::vector<source_pos> parts;  // one per rule::parts
};
struct schema_refs {
  std::vector<table_refs> tables;  // one per schema::tables
  std::vector<rule_refs> rules;    // one per schema::rules
};

// Reads every key, reporting unknown keys, wrong types, values outside their choices, missing
// keys, duplicate ids and the checks one element can make alone.
schema read_schema(const YAML::Node& root, schema_refs& refs, problem_list& out);

// Dangling references: derived columns' periods and indicators, rules' indicators, and every
// name in a rule expression. (references.cpp)
void check_references(const schema& s, const schema_refs& refs, problem_list& out);

}  // namespace returncheck::schema::detail
