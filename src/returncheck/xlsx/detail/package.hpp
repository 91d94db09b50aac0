// Counting what a workbook's package holds besides its sheets: charts, pivot tables, macros and the like.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "returncheck/xlsx/detail/zip.hpp"
#include "returncheck/xlsx/features.hpp"

namespace returncheck::xlsx::detail {

// Counts the zip's parts by kind, from their names and, for parts in unusual places, from their
// content types ([Content_Types].xml's overrides: part name without its leading '/', type).
// Workbook protection is not a part: the caller says whether workbook.xml asked for it.
// Returns only the kinds present, in enum order.
std::vector<feature_count> count_package_features(const zip_archive& zip,
                                                  const std::vector<std::pair<std::string, std::string>>& overrides,
                                                  bool workbook_protected);

}  // namespace returncheck::xlsx::detail
