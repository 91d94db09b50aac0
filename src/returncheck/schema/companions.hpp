// The other YAML files a user writes beside schemas: the schema map that tells `batch` which
// schema checks which return, and the explanations given for queries. Both are read with the
// schema's own care: every problem with its line and column, unknown keys with the nearest one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "returncheck/schema/schema.hpp"
#include "returncheck/util/result.hpp"

namespace returncheck::schema {

// One entry of a schema map (docs/nightly.md#schema-maps):
//   returncheck-schemas: 1
//   schemas:
//     - {file: "*table-6.2*", schema: table-6.2.yaml}
//     - {sheet: Benchmarking, schema: regional.yaml}
//     - {schema: default.yaml}
struct schema_map_entry {
  std::string file;    // a pattern the return's file name matches (* ? [...]); empty: any
  std::string sheet;   // a sheet the workbook has (compared without case); empty: any
  std::string schema;  // as written in the map (relative to the map's folder)
  source_pos at;
};
util::result<std::vector<schema_map_entry>, std::vector<problem>> load_schema_map(const std::string& path);

// One explanation (docs/nightly.md#explanations):
//   returncheck-explanations: 1
//   explanations:
//     - fingerprint: c95708f154b4d7b2
//       text: Restated after the March 2016 audit of looked-after children
//       value: 260        # optional: the figure explained; the explanation lapses when it changes
//       by: A. Officer    # optional
//       date: 2026-11-30  # optional
struct explanation_entry {
  std::string fingerprint;
  std::string text;
  std::optional<double> value;
  std::string by;
  std::string date;
  source_pos at;
};
util::result<std::vector<explanation_entry>, std::vector<problem>> load_explanations(const std::string& path);

}  // namespace returncheck::schema
