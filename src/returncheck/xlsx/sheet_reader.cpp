// The public face of the worksheet scanner.
#include "returncheck/xlsx/detail/sheet_scanner.hpp"
#include "returncheck/xlsx/workbook.hpp"

namespace returncheck::xlsx {

sheet_reader::sheet_reader(std::unique_ptr<detail::sheet_scanner> scanner) : scanner_(std::move(scanner)) {}
sheet_reader::sheet_reader(sheet_reader&&) noexcept = default;
sheet_reader& sheet_reader::operator=(sheet_reader&&) noexcept = default;
sheet_reader::~sheet_reader() = default;

result<bool> sheet_reader::next_row(row& out) { return scanner_->next_row(out); }
void sheet_reader::keep_formatted_empty_rows(bool keep) { scanner_->keep_formatted_empty_rows = keep; }
const sheet_layout& sheet_reader::layout() const { return scanner_->layout; }
const sheet_features& sheet_reader::features() const { return scanner_->features; }
const std::vector<cell_range>& sheet_reader::merged_ranges() const { return scanner_->merged; }
const std::vector<ignored_error>& sheet_reader::ignored_errors() const { return scanner_->ignored; }
std::optional<cell_range> sheet_reader::declared_dimension() const { return scanner_->dimension; }

}  // namespace returncheck::xlsx
