// `returncheck inspect`: what a person wants to know first about an unknown workbook.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "returncheck/xlsx/workbook.hpp"

namespace returncheck::xlsx {

struct sheet_summary {
  sheet_info info;
  std::optional<cell_range> used_range;  // over cells that hold a value or a formula
  std::optional<cell_range> declared_dimension;
  std::uint64_t rows = 0;                // rows holding at least one cell
  std::uint64_t blank_styled = 0;        // cells with a format but no value
  std::array<std::uint64_t, 6> by_type{};  // indexed by value_type; [empty] counts formulas without a cached value
  std::uint64_t formulas = 0, shared_formulas = 0, array_formulas = 0, data_tables = 0;
  std::vector<cell_range> merged;
  std::uint64_t ignored_error_marks = 0;
  sheet_layout layout;
  std::uint64_t hidden_cols = 0;         // columns, not <col> runs
  std::uint64_t custom_height_rows = 0;  // rows whose height was set by hand, empty ones included
  std::uint64_t hidden_rows = 0;         // empty ones included
  sheet_features features;
};

struct workbook_summary {
  std::string path;
  std::string application;
  std::string app_version;
  bool date1904 = false;
  bool strict = false;
  std::size_t shared_strings = 0;
  std::vector<defined_name> names;
  std::vector<sheet_summary> sheets;
  std::size_t active_sheet = 0;
  std::vector<feature_count> package_features;
};

// Reads every cell of every sheet.
result<workbook_summary> inspect(const workbook& wb);

std::string to_json(const workbook_summary& s);
std::string to_text(const workbook_summary& s);

}  // namespace returncheck::xlsx
