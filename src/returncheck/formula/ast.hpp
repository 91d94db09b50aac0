// The parsed form of an Excel formula: one node type that the evaluator and the R1C1 printer walk.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "returncheck/xlsx/cell_ref.hpp"

namespace returncheck::formula {

enum class node_kind : std::uint8_t {
  number,       ///< A numeric constant: `number`.
  string,       ///< A text constant: `text` holds its value, quotes removed and `""` undone.
  boolean,      ///< TRUE or FALSE: `boolean`.
  error,        ///< An error constant such as #DIV/0!: `error`.
  array,        ///< An array constant {1,2;3,4}: `children` are its constants, row by row.
  ref,          ///< A reference to cells: `prefix` and `ref`.
  name,         ///< A defined name such as `rate`: `prefix` and `text`.
  unary,        ///< A leading - or +: `unary_op`, one child.
  binary,       ///< An operator between operands: `binary_op`, two or more children (see below).
  percent,      ///< A trailing %: one child.
  paren,        ///< Parentheses as written: one child. Kept so that printing gives back Excel's text.
  call,         ///< A function call: `text` (the name), `fn_prefix`, `prefix`, the arguments.
  missing,      ///< An argument left empty, as the middle one in IF(A1,,1).
  table_ref,    ///< A structured reference such as Table1[[#This Row],[Rate]]: `table`; `text` as written.
  unsupported,  ///< A construct parsed but not modelled (a quoted name in another workbook): `text` as written.
};

enum class unary_op : std::uint8_t { negate, plus };

// In Excel's precedence, tightest first: range; intersect; union_refs; (unary -, +; %); power;
// multiply, divide; add, subtract; concat; the comparisons.
enum class binary_op : std::uint8_t {
  range,       ///< A1:INDEX(...) — the ':' operator between two reference expressions.
  intersect,   ///< A1:B2 B1:C3 — a space between two reference expressions.
  union_refs,  ///< (A1,B1) — a comma inside parentheses that are not an argument list.
  power,
  multiply,
  divide,
  add,
  subtract,
  concat,
  equal,
  not_equal,
  less,
  greater,
  less_equal,
  greater_equal,
};

// Error constants. Excel writes them in upper case; the parser accepts any case.
enum class error_literal : std::uint8_t {
  null,          ///< #NULL!
  div0,          ///< #DIV/0!
  value,         ///< #VALUE!
  ref,           ///< #REF!
  name,          ///< #NAME?
  num,           ///< #NUM!
  na,            ///< #N/A
  getting_data,  ///< #GETTING_DATA
  spill,         ///< #SPILL!
  calc,          ///< #CALC!
  field,         ///< #FIELD!
  blocked,       ///< #BLOCKED!
  connect,       ///< #CONNECT!
  busy,          ///< #BUSY!
  unknown,       ///< #UNKNOWN!
  python,        ///< #PYTHON!
  external,      ///< #EXTERNAL!
};

// Functions newer than Excel 2007 are stored with a prefix (_xlfn.XLOOKUP, _xlfn._xlws.SORT) that
// Excel hides when it shows the formula; the parser strips it from the name and records it here.
enum class function_prefix : std::uint8_t { none, xlfn, xlws, xlfn_xlws };

// Where a reference or a name points, when the formula says: [1]Sheet1!, 'Q1 2024'!, Jan:Mar!.
struct sheet_prefix {
  // The workbook part as written, brackets included: "[1]" (an index into the external links),
  // "[Book.xlsx]", "C:\dir\[Book.xlsx]". Empty for this workbook.
  std::string book;
  std::string sheet;       // empty when the formula names no sheet
  std::string last_sheet;  // the end of a 3-D reference Sheet1:Sheet3!A1; empty otherwise

  bool external() const { return !book.empty(); }
  bool empty() const { return book.empty() && sheet.empty(); }
  friend bool operator==(const sheet_prefix&, const sheet_prefix&) = default;
};

enum class ref_kind : std::uint8_t {
  cell,     ///< B3: `first` only (`last` equals it).
  area,     ///< A1:B2, as written (B2:A1 is not reordered).
  columns,  ///< A:C — whole columns; the row_idx fields are 0.
  rows,     ///< 3:5 — whole rows; the col_idx fields are 0.
  error,    ///< Sheet1!#REF! — a reference Excel could not keep when cells were deleted.
};

// One end of a reference. A '$' makes a part absolute: it stays put when the formula is filled.
struct ref_end {
  xlsx::cell_pos pos;
  bool row_abs = false;
  bool col_abs = false;
  friend bool operator==(const ref_end&, const ref_end&) = default;
};

struct reference {
  ref_kind kind = ref_kind::cell;
  ref_end first;
  ref_end last;
  friend bool operator==(const reference&, const reference&) = default;
};

// The parts of a table a structured reference selects; none given means the data rows.
enum table_item : std::uint8_t {
  table_headers = 1,   ///< [#Headers]
  table_data = 2,      ///< [#Data]
  table_totals = 4,    ///< [#Totals]
  table_all = 7,       ///< [#All]: headers, data and totals
  table_this_row = 8,  ///< [#This Row], or @: the data row the formula is in
};

// Table1[Col], Table1[[#Headers],[A]:[C]], [@Rate].
struct table_spec {
  std::string table;          // as written; empty for [@Rate], which means the formula's own table
  std::uint8_t items = 0;     // table_item bits
  std::string first_column;   // empty: every column; names unescaped (Table1['#Items] is "#Items")
  std::string last_column;    // the same as first_column for one column
  friend bool operator==(const table_spec&, const table_spec&) = default;
};

// One node of the tree. A plain struct rather than a class hierarchy, so that a walker is one
// switch on `kind`; each kind uses only the fields its comment above names.
//
// A binary node holds two or more children, folded from the left: 1-2-3 is one `subtract` node
// with children 1, 2, 3, meaning (1-2)-3. That keeps long chains such as A1+A2+...+A5000 shallow.
// A parsed tree is never deeper than parse_limits::max_depth, so walking it recursively is safe.
struct node {
  node_kind kind = node_kind::missing;
  unary_op unary = unary_op::negate;
  binary_op binary = binary_op::add;
  error_literal error = error_literal::null;
  function_prefix fn_prefix = function_prefix::none;
  bool boolean = false;
  double number = 0;
  // string: the value; name: the name as written; call: the function name in upper case without
  // its _xlfn. prefix; table_ref and unsupported: the source text.
  std::string text;
  sheet_prefix prefix;  // ref, name, call ([1]!MACRO(...))
  reference ref;
  table_spec table;              // table_ref
  std::uint32_t array_cols = 0;  // array: constants per row; rows = children.size() / array_cols
  std::vector<node> children;

  friend bool operator==(const node&, const node&) = default;
};

}  // namespace returncheck::formula
