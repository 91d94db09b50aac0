// The table of reader errors.
#include "returncheck/xlsx/error.hpp"

#include <array>

namespace returncheck::xlsx {
namespace {

constexpr std::array<error_info, 12> table{{
    {read_error::cannot_open, "cannot-open", "the file does not exist or cannot be read"},
    {read_error::not_a_zip, "not-a-zip", "not a zip archive, so not an .xlsx, .xlsm or .xltx workbook"},
    {read_error::encrypted, "encrypted", "a password-protected workbook; save an unprotected copy to check it"},
    {read_error::legacy_xls, "legacy-xls", "a legacy binary .xls workbook; save it as .xlsx to check it"},
    {read_error::corrupt_zip, "corrupt-zip", "the zip archive is damaged or truncated"},
    {read_error::missing_part, "missing-part", "a part the workbook needs is missing"},
    {read_error::malformed_xml, "malformed-xml", "a part's XML is not well-formed"},
    {read_error::forbidden_dtd, "forbidden-dtd", "a part declares a DTD or entities, which workbooks never need"},
    {read_error::limit_exceeded, "limit-exceeded", "a safety limit was exceeded"},
    {read_error::not_a_workbook, "not-a-workbook", "an Office package that holds no spreadsheet"},
    {read_error::no_such_sheet, "no-such-sheet", "the workbook has no sheet of that name"},
    {read_error::unsupported, "unsupported", "the workbook uses a feature the reader does not support"},
}};

}  // namespace

std::span<const error_info> error_table() { return table; }

const error_info& info(read_error code) {
  return table[static_cast<std::size_t>(code) - 1];
}

}  // namespace returncheck::xlsx
