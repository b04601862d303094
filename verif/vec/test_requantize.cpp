// SPDX-License-Identifier: Apache-2.0
// The requantization rule: the C++ reference against hand-worked values (rounding corner
// cases: negative values, exact halves, saturation, shift 0 and 31), then npu_requantize
// against the reference under random traffic at 3 and 16 lanes (a row per cycle) and at
// 6 lanes built as 2 (a row in 3 cycles, each group with its own lanes' parameters).
#include <catch2/catch.hpp>

#include <deque>
#include <limits>
#include <random>
#include <vector>

#include "harness.hpp"
#include "vec/pipeline_rate.hpp"
#include "model_shapes.hpp"
#include "port_bits.hpp"
#include "ref/quant.hpp"
#include "seed.hpp"

using namespace npu::verif;
using namespace npu::ref;

namespace {
constexpr int32_t kMin = std::numeric_limits<int32_t>::min();
constexpr int32_t kMax = std::numeric_limits<int32_t>::max();
}  // namespace

TEST_CASE("rounding doubling high multiply follows gemmlowp", "[quant]") {
  CHECK(saturating_rounding_doubling_high_mul(kMin, kMin) == kMax);  // the one overflow
  CHECK(saturating_rounding_doubling_high_mul(kMin, kMax) == -kMax);
  CHECK(saturating_rounding_doubling_high_mul(1 << 30, 1 << 30) == 1 << 29);
  CHECK(saturating_rounding_doubling_high_mul(3, 1 << 30) == 2);     // 1.5 -> 2
  CHECK(saturating_rounding_doubling_high_mul(-3, 1 << 30) == -1);   // -1.5 -> -1
  CHECK(saturating_rounding_doubling_high_mul(-5, 1 << 30) == -2);   // -2.5 -> -2
  CHECK(saturating_rounding_doubling_high_mul(-7, 1 << 29) == -2);   // -1.75 -> -2
  CHECK(saturating_rounding_doubling_high_mul(1000, 0) == 0);
}

TEST_CASE("rounding divide by a power of two rounds halves away from zero", "[quant]") {
  CHECK(rounding_divide_by_pot(5, 1) == 3);
  CHECK(rounding_divide_by_pot(-5, 1) == -3);
  CHECK(rounding_divide_by_pot(4, 1) == 2);
  CHECK(rounding_divide_by_pot(-4, 1) == -2);
  CHECK(rounding_divide_by_pot(-6, 2) == -2);   // -1.5 -> -2
  CHECK(rounding_divide_by_pot(-5, 2) == -1);   // -1.25 -> -1
  CHECK(rounding_divide_by_pot(12345, 0) == 12345);
  CHECK(rounding_divide_by_pot(kMin, 0) == kMin);
  CHECK(rounding_divide_by_pot(kMin, 31) == -1);
  CHECK(rounding_divide_by_pot(kMax, 31) == 1);
  CHECK(rounding_divide_by_pot(1 << 30, 31) == 1);      // 0.5 -> 1
  CHECK(rounding_divide_by_pot(-(1 << 30), 31) == -1);  // -0.5 -> -1
  CHECK(rounding_divide_by_pot((1 << 30) - 1, 31) == 0);
}

TEST_CASE("requantize adds the zero point and clamps", "[quant]") {
  RequantParams p;
  p.multiplier = 1 << 30;  // x 0.5
  p.shift = 0;
  CHECK(requantize(100, p) == 50);
  CHECK(requantize(1000, p) == 127);      // saturates high
  CHECK(requantize(-1000, p) == -128);    // saturates low
  p.zero_point = -10;
  CHECK(requantize(100, p) == 40);
  p.act_min = p.zero_point;               // ReLU
  CHECK(requantize(-100, p) == -10);
  p.act_max = 50;                          // a ReLU6-style upper bound
  CHECK(requantize(300, p) == 50);
  p = RequantParams{};
  p.bias = kMax;                           // the bias wraps around
  p.multiplier = kMax;
  p.shift = 31;
  CHECK(requantize(1, p) == -1);          // kMax + 1 = kMin; kMin * ~1 / 2^31 / 2^31 -> -1
  p.zero_point = 127;                      // no overflow before the clamp
  p.bias = 0;
  p.shift = 0;
  CHECK(requantize(kMax, p) == 127);
}

TEMPLATE_TEST_CASE("requantizer matches the reference under random traffic",
                   "[vec][requantize][random]", NPU_REQUANT_MODELS) {
  constexpr unsigned L = RequantShape<TestType>::lanes;
  const uint64_t seed = test_seed();
  INFO(seed_message(seed));
  std::mt19937_64 rng(seed);
  Harness<TestType> h("requantize");
  h.reset();
  auto i32 = [&]() {
    // Corner values half the time: extremes, zero, small signed numbers, exact halves.
    static const int32_t corners[] = {kMin, kMax, 0, 1, -1, 1 << 30, -(1 << 30), 3, -3, -5};
    if (std::bernoulli_distribution(0.5)(rng))
      return corners[std::uniform_int_distribution<int>(0, 9)(rng)];
    return std::uniform_int_distribution<int32_t>(kMin, kMax)(rng);
  };
  unsigned checked = 0;
  for (int batch = 0; batch < 20; ++batch) {
    // New parameters for a batch, set while the pipeline is empty.
    std::vector<RequantParams> params(L);
    const int32_t zp = std::uniform_int_distribution<int>(-128, 127)(rng);
    int32_t lo = std::uniform_int_distribution<int>(-128, 127)(rng);
    int32_t hi = std::uniform_int_distribution<int>(-128, 127)(rng);
    if (lo > hi) std::swap(lo, hi);
    if (batch % 4 == 0) { lo = -128; hi = 127; }
    for (unsigned l = 0; l < L; ++l) {
      params[l] = {i32(), i32(), std::uniform_int_distribution<int>(0, 31)(rng), zp, lo, hi};
      if (l % 3 == 0) params[l].shift = (batch % 2) ? 31 : 0;
      set_field(h->bias_i, l * 32, 32, static_cast<uint32_t>(params[l].bias));
      set_field(h->multiplier_i, l * 32, 32, static_cast<uint32_t>(params[l].multiplier));
      set_field(h->shift_i, l * 5, 5, static_cast<uint32_t>(params[l].shift));
    }
    h->zero_point_i = static_cast<uint8_t>(zp);
    h->act_min_i = static_cast<uint8_t>(lo);
    h->act_max_i = static_cast<uint8_t>(hi);

    std::deque<std::vector<int32_t>> rows;
    for (int r = 0; r < 50; ++r) {
      std::vector<int32_t> row(L);
      for (auto& v : row) v = i32();
      rows.push_back(row);
    }
    std::deque<std::vector<int8_t>> expected;
    bool presenting = false;
    for (int guard = 0; guard < 10000 && (!rows.empty() || !expected.empty()); ++guard) {
      if (!presenting && !rows.empty()) presenting = std::bernoulli_distribution(0.8)(rng);
      h->in_valid_i = presenting;
      if (presenting)
        for (unsigned l = 0; l < L; ++l)
          set_field(h->in_data_i, l * 32, 32, static_cast<uint32_t>(rows.front()[l]));
      h->out_ready_i = std::bernoulli_distribution(0.7)(rng);
      h.eval();
      if (h->out_valid_o && h->out_ready_i) {
        REQUIRE_FALSE(expected.empty());
        for (unsigned l = 0; l < L; ++l) {
          INFO("lane " << l << " acc -> expected " << int{expected.front()[l]});
          REQUIRE(static_cast<int8_t>(get_field(h->out_data_o, l * 8, 8)) == expected.front()[l]);
        }
        expected.pop_front();
        ++checked;
      }
      if (presenting && h->in_ready_o) {
        std::vector<int8_t> out(L);
        for (unsigned l = 0; l < L; ++l) out[l] = requantize(rows.front()[l], params[l]);
        expected.push_back(out);
        rows.pop_front();
        presenting = false;
      }
      h.tick();
    }
    REQUIRE(rows.empty());
    REQUIRE(expected.empty());
  }
  CHECK(checked == 20 * 50);
}

TEMPLATE_TEST_CASE("requantizer takes a row per group count of cycles, latency groups + 2",
                   "[vec][requantize][latency]", NPU_REQUANT_MODELS) {
  // All lanes built: a row per cycle, latency 3. Fewer: a row per Lanes / LanesPerCycle.
  constexpr unsigned groups = RequantShape<TestType>::lanes / RequantShape<TestType>::lanes_per_cycle;
  Harness<TestType> h("requantize_rate");
  h.reset();
  check_rate(h, groups + 2, groups);
}
