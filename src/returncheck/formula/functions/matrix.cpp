// Matrix functions: MMULT, MDETERM and MINVERSE (docs/formulas.md lists them).
#include <cmath>
#include <utility>
#include <vector>

#include "returncheck/formula/functions/registry.hpp"

namespace returncheck::formula::functions {
namespace {

// A rectangle of numbers, row by row.
struct matrix {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<double> cells;
  double& at(std::size_t r, std::size_t c) { return cells[r * cols + c]; }
  double at(std::size_t r, std::size_t c) const { return cells[r * cols + c]; }
};

// Argument i as a matrix: a range, an array or one value. An error in it is the answer; an
// empty cell, text or a boolean is #VALUE!, as Microsoft documents for all three functions.
or_error<matrix> matrix_arg(call_args& args, std::size_t i) {
  const array a = args.values(i);
  matrix m{a.rows, a.cols, {}};
  m.cells.reserve(a.cells.size());
  for (const value& v : a.cells) {
    if (v.is_error()) return util::unexpected{v.as_error()};
    if (!v.is_number()) return util::unexpected{error_value::value};
    m.cells.push_back(v.as_number());
  }
  return m;
}

operand to_operand(const matrix& m) {
  array out;
  out.rows = std::uint32_t(m.rows);
  out.cols = std::uint32_t(m.cols);
  out.cells.reserve(m.cells.size());
  for (double x : m.cells) out.cells.push_back(value::checked_number(x));
  return out;
}

// MMULT(array1, array2): the matrix product; #VALUE! unless array1 has as many columns as
// array2 has rows.
operand mmult(call_args& args) {
  const auto a = matrix_arg(args, 0);
  if (!a) return err(a.error());
  const auto b = matrix_arg(args, 1);
  if (!b) return err(b.error());
  if (a->cols != b->rows) return err(error_value::value);
  matrix out{a->rows, b->cols, std::vector<double>(a->rows * b->cols)};
  for (std::size_t r = 0; r < out.rows; ++r)
    for (std::size_t c = 0; c < out.cols; ++c) {
      double sum = 0;
      for (std::size_t k = 0; k < a->cols; ++k) sum += a->at(r, k) * b->at(k, c);
      out.at(r, c) = sum;
    }
  return to_operand(out);
}

// A square matrix split by Gaussian elimination with partial pivoting into L and U, kept in
// one matrix (L below the diagonal, its ones implied), with the row each row came from and
// the sign the swaps give the determinant. Excel's own results carry the same rounding:
// MDETERM({3,4;5,6}) is -2.0000000000000018.
struct lu_parts {
  matrix lu;
  std::vector<std::size_t> from;
  double sign = 1;
  bool singular = false;
};

lu_parts decompose(matrix m) {
  const std::size_t n = m.rows;
  lu_parts out{std::move(m), std::vector<std::size_t>(n), 1, false};
  matrix& a = out.lu;
  for (std::size_t i = 0; i < n; ++i) out.from[i] = i;
  for (std::size_t k = 0; k < n; ++k) {
    std::size_t pivot = k;
    for (std::size_t r = k + 1; r < n; ++r)
      if (std::fabs(a.at(r, k)) > std::fabs(a.at(pivot, k))) pivot = r;
    if (a.at(pivot, k) == 0) {
      out.singular = true;
      return out;
    }
    if (pivot != k) {
      for (std::size_t c = 0; c < n; ++c) std::swap(a.at(k, c), a.at(pivot, c));
      std::swap(out.from[k], out.from[pivot]);
      out.sign = -out.sign;
    }
    for (std::size_t r = k + 1; r < n; ++r) {
      a.at(r, k) /= a.at(k, k);
      for (std::size_t c = k + 1; c < n; ++c) a.at(r, c) -= a.at(r, k) * a.at(k, c);
    }
  }
  return out;
}

// MDETERM(array): the determinant of a square matrix (#VALUE! when it is not square).
operand mdeterm(call_args& args) {
  const auto m = matrix_arg(args, 0);
  if (!m) return err(m.error());
  if (m->rows != m->cols) return err(error_value::value);
  const lu_parts parts = decompose(*m);
  if (parts.singular) return num(0);
  double det = parts.sign;
  for (std::size_t k = 0; k < m->rows; ++k) det *= parts.lu.at(k, k);
  return num(det + 0.0);
}

// MINVERSE(array): the inverse of a square matrix, column by column from its LU parts;
// #VALUE! when it is not square, #NUM! when it is singular.
operand minverse(call_args& args) {
  const auto m = matrix_arg(args, 0);
  if (!m) return err(m.error());
  if (m->rows != m->cols) return err(error_value::value);
  const std::size_t n = m->rows;
  const lu_parts parts = decompose(*m);
  if (parts.singular) return err(error_value::num);
  const matrix& a = parts.lu;
  matrix out{n, n, std::vector<double>(n * n)};
  std::vector<double> x(n);
  for (std::size_t col = 0; col < n; ++col) {
    // Solve L y = P e_col, then U x = y.
    for (std::size_t i = 0; i < n; ++i) {
      double y = parts.from[i] == col ? 1 : 0;
      for (std::size_t j = 0; j < i; ++j) y -= a.at(i, j) * x[j];
      x[i] = y;
    }
    for (std::size_t i = n; i-- > 0;) {
      for (std::size_t j = i + 1; j < n; ++j) x[i] -= a.at(i, j) * x[j];
      x[i] /= a.at(i, i);
    }
    for (std::size_t i = 0; i < n; ++i) out.at(i, col) = x[i] + 0.0;
  }
  return to_operand(out);
}

}  // namespace

std::span<const function_info> matrix_functions() {
  static const function_info table[] = {
      {"MDETERM", 1, 1, mdeterm, true},
      {"MINVERSE", 1, 1, minverse, true},
      {"MMULT", 2, 2, mmult, true},
  };
  return table;
}

}  // namespace returncheck::formula::functions
