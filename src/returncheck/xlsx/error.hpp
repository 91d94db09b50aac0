// Why a workbook could not be read: one table of codes, slugs and summaries (docs/errors.md).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "returncheck/util/result.hpp"

namespace returncheck::xlsx {

// Never renumber a shipped code; add new ones at the end.
enum class read_error {
  cannot_open = 1,      ///< The file does not exist or cannot be read.
  not_a_zip = 2,        ///< Not a zip archive, so not an .xlsx/.xlsm/.xltx.
  encrypted = 3,        ///< A password-protected workbook (an OLE container holding EncryptedPackage).
  legacy_xls = 4,       ///< A legacy binary .xls workbook (an OLE container), not .xlsx.
  corrupt_zip = 5,      ///< The zip is damaged or truncated (bad header, bad CRC, cut short).
  missing_part = 6,     ///< A part the workbook needs is absent (workbook.xml, a sheet).
  malformed_xml = 7,    ///< A part's XML is not well-formed.
  forbidden_dtd = 8,    ///< A part declares a DTD or entities (used by entity-expansion attacks).
  limit_exceeded = 9,   ///< A safety limit was hit (inflated size, compression ratio, cells, ...).
  not_a_workbook = 10,  ///< A valid package that holds no spreadsheet (a document, a presentation).
  no_such_sheet = 11,   ///< The sheet named on the command line is not in the workbook.
  unsupported = 12,     ///< A construct the reader does not handle (zip encryption, odd compression).
};

struct error_info {
  read_error code;
  std::string_view slug;     // stable identifier for scripts and docs
  std::string_view summary;  // what it means, one line
};

// Every code, in numeric order. A test checks it against the enum.
std::span<const error_info> error_table();
const error_info& info(read_error code);

// An expected failure: the code, and a one-line message naming the file, the part and the place.
struct error {
  read_error code;
  std::string message;
};

template <class T>
using result = util::result<T, error>;

inline util::unexpected<error> fail(read_error code, std::string message) {
  return util::unexpected<error>{error{code, std::move(message)}};
}

}  // namespace returncheck::xlsx
