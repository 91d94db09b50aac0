// Computing formulas over a workbook held in memory, with Excel's semantics (docs/formulas.md).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "returncheck/formula/ast.hpp"
#include "returncheck/formula/value.hpp"
#include "returncheck/xlsx/cell_store.hpp"
#include "returncheck/xlsx/workbook.hpp"

namespace returncheck::formula {

// A rectangle of cells on one sheet of the workbook being computed.
struct range_ref {
  std::uint32_t sheet = 0;
  xlsx::cell_range area;
  bool single_cell() const { return area.first == area.last; }
};

// A rectangle of values, row by row: an array constant, or cells read into values.
struct array {
  std::uint32_t rows = 0;
  std::uint32_t cols = 0;
  std::vector<value> cells;
  const value& at(std::uint32_t r, std::uint32_t c) const { return cells[std::size_t(r) * cols + c]; }
};

// What an expression yields before a caller reduces it to one value: functions such as INDEX
// return references, SUMPRODUCT's arguments are arrays.
using operand = std::variant<value, array, range_ref>;

class evaluator;
struct eval_context;

// The arguments of one function call. Each is evaluated only when asked for, so that IF,
// IFERROR and CHOOSE evaluate only the branch they take, as Excel does.
class call_args {
 public:
  call_args(evaluator& ev, const node& call, const eval_context& ctx, bool array_mode,
            const std::vector<operand>* evaluated = nullptr);

  std::size_t size() const;
  bool missing(std::size_t i) const;  // left empty, as the middle one in IF(A1,,1)
  operand get(std::size_t i);         // as written: a reference stays a reference
  value scalar(std::size_t i);        // one value; a range gives the cell in the formula's row or column
  array values(std::size_t i);        // every cell, blanks included (capped; #CALC! beyond the cap)
  // Calls visit with each value the argument holds: a typed scalar once (in_collection false),
  // an array's elements and a range's stored cells, blank cells skipped (in_collection true:
  // Excel's aggregates skip text and booleans there but read typed ones). Evaluates the
  // argument once. Returns false if visit stopped early.
  bool for_each(std::size_t i, const std::function<bool(const value&, bool in_collection)>& visit);
  // Where the call stands: the formula's sheet and cell.
  std::uint32_t sheet() const;
  xlsx::cell_pos cell() const;
  bool date1904() const;
  bool array_mode() const { return array_mode_; }
  const node& call() const { return call_; }
  const eval_context& context() const { return ctx_; }
  evaluator& engine() { return ev_; }

 private:
  evaluator& ev_;
  const node& call_;
  const eval_context& ctx_;
  bool array_mode_;
  const std::vector<operand>* evaluated_;  // arguments already evaluated (a lifted call), or null
};

using function_impl = operand (*)(call_args&);

struct function_info {
  std::string_view name;        // upper case, without _xlfn.
  std::uint8_t min_args = 0;
  std::uint8_t max_args = 255;  // 255: as many as Excel allows
  function_impl impl = nullptr;
  bool array_args = false;      // arguments are evaluated as arrays (SUMPRODUCT, SUM of A1:A3*2)
  bool is_volatile = false;     // TODAY, NOW, RAND, OFFSET, INDIRECT: reported, never guessed
  // Every parameter takes one value: in an array formula, a range or array given to it applies
  // the function element by element (SUM(--ISNUMBER(SEARCH("x",B1:B9)))). Set in registry.cpp.
  bool lifts = false;
};

// Every function the evaluator knows, and one by name (upper case, no prefix).
std::span<const function_info> function_table();
const function_info* find_function(std::string_view name);

// Why a formula cell has no computed value, or that it has one.
enum class eval_status : std::uint8_t {
  computed,               // computed value holds the result
  volatile_function,      // uses TODAY, RAND, OFFSET, INDIRECT...: not recomputed
  unsupported_function,   // a function the evaluator does not have (detail: its name)
  unsupported_construct,  // an external or 3-D reference, a structured reference, a union
  parse_error,            // the formula could not be parsed (detail: why)
  cycle,                  // part of a circular reference
  limit,                  // exceeded the evaluation step limit
};

struct cell_result {
  value computed;
  eval_status status = eval_status::computed;
  std::string detail;
};

struct eval_limits {
  std::uint64_t max_steps_per_cell = 5'000'000;  // nodes evaluated for one cell (--max-steps)
  std::size_t max_array_cells = 4'000'000;       // cells one array may hold
};

struct eval_context {
  std::uint32_t sheet = 0;
  xlsx::cell_pos cell;
  bool array_mode = false;
};

class evaluator {
 public:
  evaluator(const xlsx::workbook& wb, const xlsx::cell_store& cells, eval_limits limits = {});

  // Computes a formula cell, its dependencies first; results are kept, so each cell is
  // computed once. A cell without a formula gives its stored value with status computed.
  const cell_result& evaluate(std::uint32_t sheet, xlsx::cell_pos pos);

  // Computes an expression as if it stood in the given cell (rule expressions use this).
  cell_result evaluate_expression(const node& tree, std::uint32_t sheet, xlsx::cell_pos pos);

  // A cell's value as other formulas see it: computed for a formula cell (the cached value
  // when it cannot be computed), stored otherwise; blank for an empty cell.
  value cell_value(std::uint32_t sheet, xlsx::cell_pos pos);

  std::optional<std::uint32_t> sheet_index(std::string_view name) const;
  bool date1904() const { return wb_.date1904(); }
  const xlsx::cell_store& cells() const { return cells_; }
  const eval_limits& limits() const { return limits_; }

  // Used by call_args and the functions.
  operand eval(const node& n, const eval_context& ctx);
  value to_scalar(const operand& o, const eval_context& ctx);
  array to_array(const operand& o);
  value stored_value(const xlsx::stored_cell& c) const;
  // Flags the cell being computed (a volatile or unsupported function seen on the way).
  void flag(eval_status status, std::string_view detail);

 private:
  enum class state : std::uint8_t { unvisited, visiting, done };
  struct slot {
    state st = state::unvisited;
    bool in_cycle = false;
    const xlsx::stored_cell* stored = nullptr;
    std::shared_ptr<const node> tree;  // parsed once
    std::string parse_message;
    cell_result result;
  };
  static std::uint64_t key(std::uint32_t sheet, xlsx::cell_pos pos) {
    return (std::uint64_t(sheet) << 34) | (std::uint64_t(pos.row_idx) << 14) | pos.col_idx;
  }
  slot& slot_for(std::uint32_t sheet, xlsx::cell_pos pos);
  void dependencies(slot& s, std::uint32_t sheet, xlsx::cell_pos pos, std::vector<std::uint64_t>& out);
  void collect_refs(const node& n, std::uint32_t sheet, xlsx::cell_pos pos, std::vector<std::uint64_t>& out,
                    int name_depth);
  or_error<range_ref> table_area(const table_spec& spec, std::uint32_t sheet, xlsx::cell_pos pos) const;
  void compute(slot& s, std::uint32_t sheet, xlsx::cell_pos pos);
  const node* defined_name(std::string_view name, std::uint32_t sheet);
  operand binary(const node& n, const eval_context& ctx);
  operand lifted_call(const function_info& f, const node& n, const eval_context& ctx);

  const xlsx::workbook& wb_;
  const xlsx::cell_store& cells_;
  eval_limits limits_;
  std::unordered_map<std::uint64_t, slot> slots_;
  std::unordered_map<std::string, std::shared_ptr<const node>> names_;  // parsed defined names
  cell_result* current_ = nullptr;  // the result being computed
  std::uint64_t steps_ = 0;
  int compute_depth_ = 0;
};

}  // namespace returncheck::formula
