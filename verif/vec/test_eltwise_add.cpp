// SPDX-License-Identifier: Apache-2.0
// Element-wise add with two scales: the reference on hand-worked cases, then
// npu_eltwise_add against it under random parameters and traffic at 3 and 16 lanes (a row
// pair per cycle) and at 4 lanes built as 1 (a pair in 4 cycles).
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

// The add's parameter ports from the reference's parameters.
template <class Model>
void drive_params(Harness<Model>& h, const AddParams& p) {
  h->a_zero_point_i = static_cast<uint8_t>(p.a_zero_point);
  h->b_zero_point_i = static_cast<uint8_t>(p.b_zero_point);
  h->out_zero_point_i = static_cast<uint8_t>(p.out_zero_point);
  h->a_multiplier_i = static_cast<uint32_t>(p.a_multiplier);
  h->b_multiplier_i = static_cast<uint32_t>(p.b_multiplier);
  h->out_multiplier_i = static_cast<uint32_t>(p.out_multiplier);
  h->a_shift_i = p.a_shift;
  h->b_shift_i = p.b_shift;
  h->out_shift_i = p.out_shift;
  h->act_min_i = static_cast<uint8_t>(p.act_min);
  h->act_max_i = static_cast<uint8_t>(p.act_max);
}

TEST_CASE("eltwise add reference on hand-worked scales", "[quant][add]") {
  // Inputs scaled by 0.5 after the 20-bit lift, output by 2^-19: out = a + b exactly.
  AddParams p;
  p.a_multiplier = p.b_multiplier = p.out_multiplier = 1 << 30;
  p.out_shift = 18;
  CHECK(eltwise_add(10, 20, p) == 30);
  CHECK(eltwise_add(3, -5, p) == -2);
  CHECK(eltwise_add(100, 100, p) == 127);     // clamps
  CHECK(eltwise_add(-100, -100, p) == -128);
  // Zero points come off the inputs and go on the output.
  p.a_zero_point = 5;
  p.b_zero_point = -3;
  p.out_zero_point = 7;
  CHECK(eltwise_add(15, 7, p) == (15 - 5) + (7 + 3) + 7);
  // Halving the output: (a + b) / 2 rounded; 3 / 2 = 1.5 -> 2, -3 / 2 -> -2.
  p = AddParams{};
  p.a_multiplier = p.b_multiplier = p.out_multiplier = 1 << 30;
  p.out_shift = 19;
  CHECK(eltwise_add(1, 2, p) == 2);
  CHECK(eltwise_add(-1, -2, p) == -2);
  p.act_min = 0;  // ReLU after the add
  CHECK(eltwise_add(-1, -2, p) == 0);
}

TEMPLATE_TEST_CASE("eltwise add matches the reference under random traffic",
                   "[vec][add][random]", NPU_ADD_MODELS) {
  constexpr unsigned L = AddShape<TestType>::lanes;
  const uint64_t seed = test_seed();
  INFO(seed_message(seed));
  std::mt19937_64 rng(seed);
  Harness<TestType> h("eltwise_add");
  h.reset();
  auto i8 = [&]() { return static_cast<int8_t>(std::uniform_int_distribution<int>(-128, 127)(rng)); };
  auto q31 = [&]() {  // multipliers as a quantizer makes them: in [2^30, 2^31)
    return std::uniform_int_distribution<int32_t>(1 << 30, std::numeric_limits<int32_t>::max())(rng);
  };
  unsigned checked = 0;
  for (int batch = 0; batch < 20; ++batch) {
    AddParams p;
    p.a_zero_point = i8();
    p.b_zero_point = i8();
    p.out_zero_point = i8();
    p.a_multiplier = q31();
    p.b_multiplier = q31();
    p.out_multiplier = q31();
    p.a_shift = std::uniform_int_distribution<int>(0, 4)(rng);
    p.b_shift = std::uniform_int_distribution<int>(0, 4)(rng);
    p.out_shift = std::uniform_int_distribution<int>(10, 31)(rng);
    if (batch % 5 == 0) p.out_shift = 31;
    int lo = i8(), hi = i8();
    if (lo > hi) std::swap(lo, hi);
    if (batch % 3 == 0) { lo = -128; hi = 127; }
    p.act_min = lo;
    p.act_max = hi;
    drive_params(h, p);

    std::deque<std::pair<std::vector<int8_t>, std::vector<int8_t>>> rows;
    for (int r = 0; r < 50; ++r) {
      std::vector<int8_t> a(L), b(L);
      for (unsigned l = 0; l < L; ++l) {
        a[l] = r % 7 == 0 ? -128 : i8();
        b[l] = r % 11 == 0 ? 127 : i8();
      }
      rows.push_back({a, b});
    }
    std::deque<std::vector<int8_t>> expected;
    bool presenting = false;
    for (int guard = 0; guard < 10000 && (!rows.empty() || !expected.empty()); ++guard) {
      if (!presenting && !rows.empty()) presenting = std::bernoulli_distribution(0.8)(rng);
      h->in_valid_i = presenting;
      if (presenting) {
        for (unsigned l = 0; l < L; ++l) {
          set_field(h->in_a_i, l * 8, 8, static_cast<uint8_t>(rows.front().first[l]));
          set_field(h->in_b_i, l * 8, 8, static_cast<uint8_t>(rows.front().second[l]));
        }
      }
      h->out_ready_i = std::bernoulli_distribution(0.7)(rng);
      h.eval();
      if (h->out_valid_o && h->out_ready_i) {
        REQUIRE_FALSE(expected.empty());
        for (unsigned l = 0; l < L; ++l) {
          INFO("lane " << l);
          REQUIRE(static_cast<int8_t>(get_field(h->out_data_o, l * 8, 8)) == expected.front()[l]);
        }
        expected.pop_front();
        ++checked;
      }
      if (presenting && h->in_ready_o) {
        std::vector<int8_t> out(L);
        for (unsigned l = 0; l < L; ++l)
          out[l] = eltwise_add(rows.front().first[l], rows.front().second[l], p);
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

TEMPLATE_TEST_CASE("eltwise add takes a row pair per group count of cycles, latency groups + 3",
                   "[vec][add][latency]", NPU_ADD_MODELS) {
  // All lanes built: a row pair per cycle, latency 4. Fewer: a pair per Lanes / LanesPerCycle.
  constexpr unsigned groups = AddShape<TestType>::lanes / AddShape<TestType>::lanes_per_cycle;
  Harness<TestType> h("eltwise_add_rate");
  h.reset();
  check_rate(h, groups + 3, groups);
}

TEMPLATE_TEST_CASE("eltwise add keeps a finished row while the next one arrives",
                   "[vec][add]", NPU_ADD_MODELS) {
  // A row pair whose result waits at the output (not taken), then the next row pair
  // arrives: the waiting row must stay shown and unchanged (the RTL's out_stable_a checks
  // it too) and the next pair waits for it.
  constexpr unsigned L = AddShape<TestType>::lanes;
  Harness<TestType> h("eltwise_add_hold");
  h.reset();
  AddParams p;
  p.a_multiplier = p.b_multiplier = p.out_multiplier = 1 << 30;
  p.out_shift = 18;  // out = a + b
  drive_params(h, p);
  auto set_inputs = [&](int base) {
    for (unsigned l = 0; l < L; ++l) {
      set_field(h->in_a_i, l * 8, 8, static_cast<uint32_t>(base + l));
      set_field(h->in_b_i, l * 8, 8, static_cast<uint32_t>(l));
    }
  };
  auto check_out = [&](int base) {
    for (unsigned l = 0; l < L; ++l)
      REQUIRE(static_cast<int8_t>(get_field(h->out_data_o, l * 8, 8)) ==
              eltwise_add(static_cast<int8_t>(base + l), static_cast<int8_t>(l), p));
  };
  set_inputs(10);
  h->in_valid_i = 1;
  h->out_ready_i = 0;
  h.run_until([&] { return bool(h->in_ready_o); }, 2000, "first input taken");
  h.tick();
  h->in_valid_i = 0;
  h.run_until([&] { return bool(h->out_valid_o); }, 2000, "first result");
  set_inputs(40);  // the next row pair, while the first result waits
  h->in_valid_i = 1;
  for (int c = 0; c < 200; ++c) {
    h.eval();
    REQUIRE(h->out_valid_o);
    check_out(10);
    h.tick();
  }
  h->out_ready_i = 1;  // the first result goes, then the second row pair is taken
  h.run_until([&] { return bool(h->in_ready_o); }, 2000, "second input taken");
  h.tick();
  h->in_valid_i = 0;
  h.run_until([&] { return bool(h->out_valid_o); }, 2000, "second result");
  check_out(40);
}
