// Fuzz target: the formula parser and evaluator: any text parsed as a formula, turned back into
// text and into its R1C1 shape, and evaluated in a cell of a small workbook with numbers, text,
// booleans, errors and a defined name to reach.
#include <unistd.h>
#include <xlsxwriter.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "returncheck/formula/evaluator.hpp"
#include "returncheck/formula/parser.hpp"
#include "returncheck/formula/r1c1.hpp"
#include "returncheck/xlsx/cell_store.hpp"

namespace {

struct world {
  returncheck::xlsx::workbook wb;
  returncheck::xlsx::cell_store cells;
};

// A workbook of two sheets, written once per process.
std::unique_ptr<world> make_world() {
  const std::string path = "/tmp/returncheck-fuzz-formula-" + std::to_string(::getpid()) + ".xlsx";
  lxw_workbook* book = workbook_new(path.c_str());
  lxw_worksheet* a = workbook_add_worksheet(book, "Activity");
  lxw_worksheet* b = workbook_add_worksheet(book, "Table 6.2");
  for (int r = 0; r < 6; ++r)
    for (int c = 0; c < 5; ++c) worksheet_write_number(a, r, c, r * 10 + c - 7.5, nullptr);
  worksheet_write_string(a, 6, 0, "text", nullptr);
  worksheet_write_string(a, 6, 1, "42", nullptr);
  worksheet_write_boolean(a, 6, 2, 1, nullptr);
  worksheet_write_formula_num(a, 6, 3, "=1/0", nullptr, 0);
  worksheet_write_formula_num(a, 6, 4, "=SUM(A1:E6)", nullptr, 0);
  worksheet_write_number(b, 0, 0, 229, nullptr);
  worksheet_write_number(b, 0, 1, 278, nullptr);
  workbook_define_name(book, "Total", "=Activity!$A$1:$E$6");
  workbook_close(book);
  auto wb = returncheck::xlsx::workbook::open(path);
  ::unlink(path.c_str());
  if (!wb) return nullptr;
  auto cells = returncheck::xlsx::cell_store::load(*wb);
  if (!cells) return nullptr;
  return std::make_unique<world>(world{std::move(*wb), std::move(*cells)});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace returncheck;
  static const std::unique_ptr<world> w = make_world();
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto tree = formula::parse(text);
  if (!tree) return 0;
  (void)formula::to_formula(*tree);
  (void)formula::to_r1c1(*tree, xlsx::cell_pos{8, 3});
  if (!w) return 0;
  formula::eval_limits limits;
  limits.max_steps_per_cell = 100'000;
  limits.max_array_cells = 100'000;
  formula::evaluator ev(w->wb, w->cells, limits);
  (void)ev.evaluate_expression(*tree, 0, xlsx::cell_pos{8, 3});
  return 0;
}
