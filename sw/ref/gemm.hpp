// SPDX-License-Identifier: Apache-2.0
// Golden model of the compute array: int8 x int8 matrices, int32 results that wrap
// modulo 2^32 exactly as the RTL's 32-bit adders do. Written for clarity, not speed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

namespace npu::ref {

template <class T>
struct Matrix {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<T> data;

  Matrix() = default;
  Matrix(std::size_t r, std::size_t c, T fill = T{}) : rows(r), cols(c), data(r * c, fill) {}
  T& at(std::size_t r, std::size_t c) { return data.at(r * cols + c); }
  const T& at(std::size_t r, std::size_t c) const { return data.at(r * cols + c); }
  bool operator==(const Matrix&) const = default;
};

using MatrixI8 = Matrix<int8_t>;
using MatrixI32 = Matrix<int32_t>;

// C[m][n] = sum_k A[m][k] * B[k][n], accumulated in 32 bits with wrap-around.
inline MatrixI32 golden_gemm(const MatrixI8& a, const MatrixI8& b) {
  if (a.cols != b.rows) throw std::invalid_argument("golden_gemm: inner dimensions differ");
  MatrixI32 c(a.rows, b.cols);
  for (std::size_t m = 0; m < a.rows; ++m) {
    for (std::size_t n = 0; n < b.cols; ++n) {
      uint32_t sum = 0;  // unsigned arithmetic wraps without undefined behaviour
      for (std::size_t k = 0; k < a.cols; ++k) {
        sum += static_cast<uint32_t>(static_cast<int32_t>(a.at(m, k)) * b.at(k, n));
      }
      c.at(m, n) = static_cast<int32_t>(sum);
    }
  }
  return c;
}

// An int32 matrix read back from memory: row-major, little-endian, `stride` elements
// from one row to the next (stride >= cols).
inline MatrixI32 int32_matrix(const std::vector<uint8_t>& bytes, std::size_t rows, std::size_t cols,
                              std::size_t stride) {
  if (stride < cols || bytes.size() < 4 * ((rows - 1) * stride + cols))
    throw std::invalid_argument("int32_matrix: not enough bytes");
  MatrixI32 m(rows, cols);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c) {
      const std::size_t at = 4 * (r * stride + c);
      m.at(r, c) = static_cast<int32_t>(uint32_t{bytes[at]} | uint32_t{bytes[at + 1]} << 8 |
                                        uint32_t{bytes[at + 2]} << 16 | uint32_t{bytes[at + 3]} << 24);
    }
  return m;
}

// Uniform random int8 matrix over the full range [-128, 127].
template <class Rng>
MatrixI8 random_matrix(Rng& rng, std::size_t rows, std::size_t cols) {
  std::uniform_int_distribution<int> dist(-128, 127);
  MatrixI8 m(rows, cols);
  for (auto& v : m.data) v = static_cast<int8_t>(dist(rng));
  return m;
}

}  // namespace npu::ref
