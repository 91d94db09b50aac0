// A formula's R1C1 form: the A1 printer with references written relative to the formula's cell.
#include "returncheck/formula/r1c1.hpp"

#include <cstdint>
#include <string>

#include "returncheck/formula/detail/write.hpp"

namespace returncheck::formula {
namespace {

// "R5" when absolute; "R[-1]" or "R" (no offset) when relative. Columns likewise with 'C'.
void write_part(std::string& out, char letter, std::uint32_t idx, bool absolute, std::uint32_t origin) {
  out += letter;
  if (absolute) {
    out += std::to_string(idx);
    return;
  }
  const std::int64_t offset = std::int64_t(idx) - std::int64_t(origin);
  if (offset != 0) {
    out += '[';
    out += std::to_string(offset);
    out += ']';
  }
}

void write_row(std::string& out, const ref_end& e, xlsx::cell_pos at) {
  write_part(out, 'R', e.pos.row_idx, e.row_abs, at.row_idx);
}

void write_col(std::string& out, const ref_end& e, xlsx::cell_pos at) {
  write_part(out, 'C', e.pos.col_idx, e.col_abs, at.col_idx);
}

void write_cell(std::string& out, const ref_end& e, xlsx::cell_pos at) {
  write_row(out, e, at);
  write_col(out, e, at);
}

void write_r1c1_cells(std::string& out, const reference& ref, xlsx::cell_pos at) {
  switch (ref.kind) {
    case ref_kind::cell: write_cell(out, ref.first, at); return;
    case ref_kind::area:
      write_cell(out, ref.first, at);
      out += ':';
      write_cell(out, ref.last, at);
      return;
    case ref_kind::columns:
    case ref_kind::rows: {
      // Excel writes B:B in C2 as "C" and $B:$B as "C2": one column, once.
      const auto write_one = ref.kind == ref_kind::columns ? write_col : write_row;
      std::string first;
      std::string last;
      write_one(first, ref.first, at);
      write_one(last, ref.last, at);
      out += first;
      if (last != first) {
        out += ':';
        out += last;
      }
      return;
    }
    case ref_kind::error: out += "#REF!"; return;
  }
}

}  // namespace

std::string to_r1c1(const node& tree, xlsx::cell_pos at) {
  std::string out;
  detail::write_formula(out, tree, write_r1c1_cells, at);
  return out;
}

}  // namespace returncheck::formula
