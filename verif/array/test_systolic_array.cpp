// SPDX-License-Identifier: Apache-2.0
// npu_systolic_array on its own: aligned ports, exact latency R + C - 1, one row per
// cycle, and the two weight buffers (select travels with each row; the shadow buffer
// shifts while the other computes).
#include <catch2/catch.hpp>

#include <deque>
#include <random>
#include <vector>

#include "ref/gemm.hpp"
#include "harness.hpp"
#include "model_shapes.hpp"
#include "port_bits.hpp"
#include "seed.hpp"

using npu::verif::get_field;
using npu::verif::Harness;
using npu::ref::MatrixI8;
using npu::verif::set_field;

using namespace npu::ref;

namespace {

template <class Model>
struct ArrayBench {
  static constexpr unsigned R = ArrayShape<Model>::rows;
  static constexpr unsigned C = ArrayShape<Model>::cols;

  struct Expected {
    std::vector<int32_t> row;
    bool sel;
  };

  Harness<Model> h;
  std::deque<Expected> expected;
  std::vector<uint64_t> out_cycles;
  unsigned mismatches = 0;

  explicit ArrayBench(const char* name) : h(name) { h.reset(); }

  // Pending shift rows for one buffer (bottom row first).
  std::deque<std::vector<int8_t>> shift_rows;
  bool shift_buf = false;
  MatrixI8 weights[2] = {MatrixI8(R, C), MatrixI8(R, C)};
  MatrixI8 pending_weights;

  void begin_shift(bool buf, const MatrixI8& w) {
    shift_buf = buf;
    pending_weights = w;
    for (unsigned i = R; i-- > 0;) {
      std::vector<int8_t> row(C);
      for (unsigned c = 0; c < C; ++c) row[c] = w.at(i, c);
      shift_rows.push_back(row);
    }
  }

  // One cycle: optionally a row in (with its select), a shift step if one is pending.
  void cycle(bool valid, bool sel, const std::vector<int8_t>& act) {
    auto& d = h.dut();
    d.weight_shift_i = !shift_rows.empty();
    d.weight_buf_i = shift_buf;
    // The row this one ends in: the rows still to shift after it (paired columns load it
    // there directly).
    d.weight_sel_i = shift_rows.empty() ? 0 : static_cast<unsigned>(shift_rows.size() - 1);
    if (!shift_rows.empty()) {
      for (unsigned c = 0; c < C; ++c)
        set_field(d.weight_row_i, c * 8, 8, static_cast<uint8_t>(shift_rows.front()[c]));
    }
    d.in_valid_i = valid;
    d.in_sel_i = sel;
    for (unsigned r = 0; r < R; ++r) set_field(d.in_data_i, r * 8, 8, static_cast<uint8_t>(act[r]));
    if (valid) {
      const MatrixI8& w = weights[sel];
      std::vector<int32_t> out(C, 0);
      for (unsigned c = 0; c < C; ++c)
        for (unsigned r = 0; r < R; ++r) out[c] += int32_t{act[r]} * w.at(r, c);
      expected.push_back({out, sel});
    }
    h.tick();
    if (!shift_rows.empty()) {
      shift_rows.pop_front();
      if (shift_rows.empty()) weights[shift_buf] = pending_weights;
    }
    if (d.out_valid_o) {
      REQUIRE_FALSE(expected.empty());
      const Expected e = expected.front();
      expected.pop_front();
      out_cycles.push_back(h.cycle());
      bool same = static_cast<bool>(d.out_sel_o) == e.sel;
      for (unsigned c = 0; c < C; ++c)
        same = same && static_cast<int32_t>(get_field(d.out_data_o, c * 32, 32)) == e.row[c];
      if (!same) ++mismatches;
    }
  }

  void idle(unsigned n) {
    const std::vector<int8_t> zero(R, 0);
    for (unsigned i = 0; i < n; ++i) cycle(false, false, zero);
  }
};

template <class Rng>
std::vector<int8_t> random_row(Rng& rng, unsigned n) {
  std::uniform_int_distribution<int> dist(-128, 127);
  std::vector<int8_t> row(n);
  for (auto& v : row) v = static_cast<int8_t>(dist(rng));
  return row;
}

}  // namespace

TEMPLATE_TEST_CASE("array latency is R + C - 1 and rate one row per cycle",
                        "[array][latency]", NPU_ARRAY_MODELS) {
  constexpr unsigned R = ArrayShape<TestType>::rows;
  constexpr unsigned C = ArrayShape<TestType>::cols;
  const uint64_t seed = npu::verif::test_seed();
  INFO(npu::verif::seed_message(seed));
  std::mt19937_64 rng(seed);
  ArrayBench<TestType> b("array_latency");
  b.begin_shift(false, npu::ref::random_matrix(rng, R, C));
  b.idle(R);

  // One row alone: a consumer can take its result R + C - 1 edges after the edge that
  // took the input (a single register would be latency 1).
  const uint64_t in_cycle = b.h.cycle();
  b.cycle(true, false, random_row(rng, R));
  b.idle(R + C + 2);
  REQUIRE(b.out_cycles.size() == 1);
  CHECK(b.out_cycles[0] - in_cycle == R + C - 1);

  // A long burst leaves at one row per cycle with no gaps.
  b.out_cycles.clear();
  const unsigned burst = 3 * (R + C);
  for (unsigned i = 0; i < burst; ++i) b.cycle(true, false, random_row(rng, R));
  b.idle(R + C + 2);
  REQUIRE(b.out_cycles.size() == burst);
  for (unsigned i = 1; i < burst; ++i) CHECK(b.out_cycles[i] == b.out_cycles[i - 1] + 1);
  CHECK(b.mismatches == 0);
  CHECK(b.expected.empty());
}

TEMPLATE_TEST_CASE("array double-buffers weights; select travels with each row",
                        "[array][random]", NPU_ARRAY_MODELS) {
  constexpr unsigned R = ArrayShape<TestType>::rows;
  constexpr unsigned C = ArrayShape<TestType>::cols;
  const uint64_t seed = npu::verif::test_seed();
  INFO(npu::verif::seed_message(seed));
  std::mt19937_64 rng(seed);
  std::bernoulli_distribution coin(0.5);
  ArrayBench<TestType> b("array_buffers");

  b.begin_shift(false, npu::ref::random_matrix(rng, R, C));
  b.idle(R);
  // Buffer 1 fills while rows compute on buffer 0.
  b.begin_shift(true, npu::ref::random_matrix(rng, R, C));
  for (unsigned i = 0; i < 4 * R; ++i) b.cycle(coin(rng), false, random_row(rng, R));
  REQUIRE(b.shift_rows.empty());
  // Both buffers stable: rows pick either, row by row.
  for (unsigned i = 0; i < 200; ++i) b.cycle(coin(rng), coin(rng), random_row(rng, R));
  // Only buffer 1 in use; once buffer-0 rows have left the array, refill buffer 0 under
  // the stream.
  for (unsigned i = 0; i < R + C; ++i) b.cycle(coin(rng), true, random_row(rng, R));
  b.begin_shift(false, npu::ref::random_matrix(rng, R, C));
  for (unsigned i = 0; i < 4 * R; ++i) b.cycle(coin(rng), true, random_row(rng, R));
  for (unsigned i = 0; i < 100; ++i) b.cycle(true, coin(rng), random_row(rng, R));
  b.idle(R + C + 2);
  CHECK(b.mismatches == 0);
  CHECK(b.expected.empty());
}

TEMPLATE_TEST_CASE("array column sums reach their extremes without overflow",
                   "[array]", NPU_ARRAY_MODELS) {
  // The partial sums are built only as wide as R products can need: -128 x -128 in every
  // row is the largest sum, -128 x 127 the most negative; each must come out exact.
  constexpr unsigned R = ArrayShape<TestType>::rows;
  constexpr unsigned C = ArrayShape<TestType>::cols;
  ArrayBench<TestType> b("array_extremes");
  MatrixI8 low(R, C), high(R, C);
  for (unsigned r = 0; r < R; ++r) {
    for (unsigned c = 0; c < C; ++c) {
      low.at(r, c) = -128;
      high.at(r, c) = (c % 2 == 0) ? 127 : -128;  // columns of both signs side by side
    }
  }
  b.begin_shift(false, low);
  b.idle(R);
  b.begin_shift(true, high);
  b.idle(R);
  const std::vector<int8_t> min_row(R, -128), max_row(R, 127), mixed_row = [] {
    std::vector<int8_t> v(R);
    for (unsigned r = 0; r < R; ++r) v[r] = (r % 2 == 0) ? -128 : 127;
    return v;
  }();
  for (bool sel : {false, true}) {
    for (const auto* row : {&min_row, &max_row, &mixed_row}) b.cycle(true, sel, *row);
  }
  b.idle(R + C + 2);
  // The first row through buffer 0 is the largest sum there can be, R x 2^14.
  REQUIRE(b.out_cycles.size() == 6);
  CHECK(b.mismatches == 0);
  CHECK(b.expected.empty());
}
