// `returncheck schema infer`: a starting schema written from the tables detected in a return.
#pragma once

#include <string>
#include <vector>

#include "returncheck/bind/bind.hpp"
#include "returncheck/xlsx/limits.hpp"
#include "returncheck/xlsx/cell_store.hpp"
#include "returncheck/xlsx/workbook.hpp"

namespace returncheck::validate {

// YAML for the tables detected in the workbook at `path`: ids, labels, period headers, derived
// columns with the periods the rows show they compare, and each indicator's type guessed from
// its values (whole numbers: count; a % format: percent). The result passes `returncheck
// schema check`; comments mark what a person should review. An unreadable workbook is the
// reader's error.
util::result<std::string, xlsx::error> infer_schema(const std::string& path, const xlsx::limits& caps);

}  // namespace returncheck::validate
