// Cell values libxlsxwriter cannot write (error values, a formula's boolean, error or missing
// result), set in the written package afterwards.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "returncheck/util/atomic_file.hpp"
#include "returncheck/xlsx/cell_ref.hpp"

namespace returncheck::clean::detail {

// What a cell written with a placeholder value must hold instead.
struct cell_patch {
  enum class kind : std::uint8_t {
    error_value,      // a plain cell holding an error value: t="e", the text, no formula
    formula_error,    // a formula whose result is an error value
    formula_boolean,  // a formula whose result is TRUE or FALSE ("1" or "0")
    formula_string,   // a formula whose result is text (array formulas, which have no string variant)
    formula_no_value, // a formula without a stored result
  };
  xlsx::cell_pos pos;
  kind what = kind::error_value;
  std::string text;  // the value as the <v> element holds it
};

// What to change in a written package.
struct patch_set {
  // By worksheet part number: sheetN.xml → its cells' patches, in any order.
  std::map<std::uint32_t, std::vector<cell_patch>> cells;
  // The workbook counts dates from 1904 (<workbookPr date1904="1"/>), as the input did, so that
  // the serials written show the same dates.
  bool date1904 = false;
  bool empty() const { return cells.empty() && !date1904; }
};

// Rewrites the package at `path` (as libxlsxwriter wrote it) with the patches applied: every
// other part is copied as it is compressed. The cells to patch must exist in their parts.
util::write_result apply_patches(const std::filesystem::path& path, const patch_set& patches);

// The patched text of one <c> element as libxlsxwriter writes it ("<c r=\"A1\" s=\"1\"><f>..</f>
// <v>0</v></c>"): the t attribute and the value replaced, the formula kept unless the patch is
// an error_value. Exposed for tests.
std::string patch_cell_xml(std::string_view element, const cell_patch& patch);

}  // namespace returncheck::clean::detail
