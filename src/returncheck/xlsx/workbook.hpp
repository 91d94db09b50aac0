// Reading an .xlsx workbook: its sheets and, one row at a time, their cells as Excel shows them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "returncheck/xlsx/cell_ref.hpp"
#include "returncheck/xlsx/error.hpp"
#include "returncheck/xlsx/features.hpp"
#include "returncheck/xlsx/layout.hpp"
#include "returncheck/xlsx/limits.hpp"
#include "returncheck/xlsx/num_fmt.hpp"
#include "returncheck/xlsx/style.hpp"

namespace returncheck::xlsx {

enum class sheet_kind { worksheet, chartsheet, dialogsheet, macrosheet };
enum class sheet_state { visible, hidden, very_hidden };

struct sheet_info {
  std::string name;
  sheet_kind kind = sheet_kind::worksheet;
  sheet_state state = sheet_state::visible;
  std::string part;  // e.g. xl/worksheets/sheet1.xml; empty when the workbook names a missing part
};

struct defined_name {
  std::string name;
  std::string formula;                     // without '='
  std::optional<std::uint32_t> local_sheet;  // index into sheets() when scoped to one sheet
  bool hidden = false;
};

// A table (Insert > Table, or a query's result): a named range with a header row, named
// columns and perhaps a totals row, which formulas reach by structured references
// (Table1[Amount], Table1[[#This Row],[Rate]]).
struct table_info {
  std::string name;    // the display name formulas use; unique in the workbook, compared without case
  std::uint32_t sheet = 0;
  cell_range ref;      // headers, data and totals together
  std::uint32_t header_rows = 1;  // 0 or 1
  std::uint32_t totals_rows = 0;  // 0 or 1
  std::vector<std::string> columns;  // the header texts, left to right
};

// What a cell shows: a date is a number whose number format is a date or time.
enum class value_type : std::uint8_t { empty, number, string, boolean, error, date };
enum class formula_kind : std::uint8_t { none, normal, shared, array, data_table };

// One cell. Views point into the reader and stay valid until the next call to next_row().
struct cell {
  cell_pos pos;
  value_type type = value_type::empty;   // of the cached value, for a formula cell
  double number = 0;                     // number, date serial, boolean 0 or 1
  std::string_view text;                 // string, error value (#DIV/0!), or ISO text of a t="d" date
  std::string_view formula;              // without '=', shared formulas expanded; empty when none
  formula_kind formula_type = formula_kind::none;
  std::uint32_t style_idx = 0;           // index into the workbook's cell formats
};

struct row {
  std::uint32_t row_idx = 0;
  std::span<const cell> cells;             // in file order (normally by column)
  std::optional<double> height;            // ht=, in points
  bool custom_height = false;              // set by hand rather than fitted to the contents
  bool hidden = false;                     // by hand, or by a filter
  std::optional<std::uint32_t> style_idx;  // s= when customFormat="1": the format of its empty cells
  std::uint8_t outline_level = 0;          // 0 to 7, for grouped rows
};

// Cells marked in Excel's error checking as not to be flagged (<ignoredError>).
struct ignored_error {
  enum flag : std::uint16_t {
    number_stored_as_text = 1 << 0,
    formula = 1 << 1,  // inconsistent with the formulas around it
    formula_range = 1 << 2,
    unlocked_formula = 1 << 3,
    empty_cell_reference = 1 << 4,
    eval_error = 1 << 5,
    two_digit_text_year = 1 << 6,
    list_data_validation = 1 << 7,
    calculated_column = 1 << 8,
  };
  std::vector<cell_range> ranges;
  std::uint16_t flags = 0;
};

namespace detail {
struct workbook_data;
class sheet_scanner;
}  // namespace detail

// Pulls the rows of one sheet from the zip as they inflate; memory does not grow with rows.
class sheet_reader {
 public:
  sheet_reader(sheet_reader&&) noexcept;
  sheet_reader& operator=(sheet_reader&&) noexcept;
  ~sheet_reader();

  // The next row that holds at least one cell (blank styled cells included); false at the end.
  result<bool> next_row(row& out);
  // Also hand out rows without cells that are resized, hidden, grouped or formatted: a copy of
  // the sheet needs them, checks of its cells do not. Set before the first next_row().
  void keep_formatted_empty_rows(bool keep = true);

  // Column widths, the first view and its pane, default sizes and the tab colour: known once
  // next_row() has returned the first row (or false), because the file puts them first.
  const sheet_layout& layout() const;

  // Known once next_row() has returned false: these follow the cells in the file.
  const sheet_features& features() const;
  const std::vector<cell_range>& merged_ranges() const;
  const std::vector<ignored_error>& ignored_errors() const;
  // The <dimension> the writer declared; a hint only, never trusted for allocation.
  std::optional<cell_range> declared_dimension() const;

 private:
  friend class workbook;
  explicit sheet_reader(std::unique_ptr<detail::sheet_scanner> scanner);
  std::unique_ptr<detail::sheet_scanner> scanner_;
};

class workbook {
 public:
  // Reads the package structure, workbook, styles and shared strings; sheets are read on demand.
  static result<workbook> open(const std::string& path, const limits& caps = {});

  const std::string& path() const;
  const std::vector<sheet_info>& sheets() const;
  // Excel compares sheet names without regard to case.
  std::optional<std::size_t> find_sheet(std::string_view name) const;
  bool date1904() const;
  const std::vector<defined_name>& defined_names() const;
  // The worksheets' tables; a table part that cannot be read is left out (cells read as ever).
  const std::vector<table_info>& tables() const;
  // The sheet shown when the workbook opens (<workbookView activeTab>): an index into sheets(),
  // 0 when the file does not say or names no sheet.
  std::size_t active_sheet() const;
  // What the package holds besides sheets, styles and strings (charts, pivot tables, macros,
  // notes, ...), counted by kind: only the kinds present, in enum order (features.hpp).
  const std::vector<feature_count>& package_features() const;
  std::string_view application() const;      // from docProps/app.xml, e.g. "Microsoft Excel"
  std::string_view app_version() const;
  bool strict_ooxml() const;                 // saved as ISO/IEC 29500 Strict
  std::size_t shared_string_count() const;

  // The number format of a cell format (style) index; General for unknown indexes.
  const num_fmt_info& num_fmt(std::uint32_t style_idx) const;
  std::string_view num_fmt_code(std::uint32_t style_idx) const;
  // The font, fill, borders and alignment of a cell format; all defaults for unknown indexes.
  const xlsx::cell_style& cell_style(std::uint32_t style_idx) const;

  // A chartsheet (or a sheet whose part is missing in a lenient read) yields no rows.
  result<sheet_reader> read_sheet(std::size_t index) const;

  // The text Excel would show for a date cell's value, ISO 8601 (see num_fmt.hpp).
  std::optional<std::string> date_text(const cell& c) const;

 private:
  std::shared_ptr<const detail::workbook_data> data_;
};

}  // namespace returncheck::xlsx
