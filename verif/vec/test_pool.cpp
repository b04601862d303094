// SPDX-License-Identifier: Apache-2.0
// 2x2 pooling: the reference against hand-worked averages (ties of both signs, extremes),
// then npu_pool2x2 against it at 3 and 16 lanes, max and average, under random gaps and
// back-pressure, and its rate.
#include <catch2/catch.hpp>

#include <deque>
#include <random>
#include <vector>

#include "harness.hpp"
#include "model_shapes.hpp"
#include "port_bits.hpp"
#include "ref/quant.hpp"
#include "seed.hpp"

using namespace npu::verif;
using namespace npu::ref;

TEST_CASE("2x2 average pooling rounds halves away from zero", "[quant][pool]") {
  CHECK(pool_average({1, 2, 3, 4}) == 3);          // 2.5 -> 3
  CHECK(pool_average({-1, -2, -3, -4}) == -3);     // -2.5 -> -3
  CHECK(pool_average({1, 1, 1, 2}) == 1);          // 1.25 -> 1
  CHECK(pool_average({-1, -1, -1, -2}) == -1);     // -1.25 -> -1
  CHECK(pool_average({127, 127, 127, 127}) == 127);
  CHECK(pool_average({-128, -128, -128, -128}) == -128);
  CHECK(pool_average({-128, 127, -128, 127}) == -1);  // -0.5 -> -1
  CHECK(pool_max({-128, -5, -7, -128}) == -5);
}

TEMPLATE_TEST_CASE("pool2x2 matches the reference under random traffic", "[vec][pool][random]",
                   NPU_POOL_MODELS) {
  constexpr unsigned L = PoolShape<TestType>::lanes;
  const uint64_t seed = test_seed();
  INFO(seed_message(seed));
  std::mt19937_64 rng(seed);
  Harness<TestType> h("pool2x2");
  h.reset();
  auto value = [&]() -> int8_t {
    static const int8_t corners[] = {-128, 127, 0, -1, 1, -2, 2};
    if (std::bernoulli_distribution(0.3)(rng)) return corners[rng() % 7];
    return static_cast<int8_t>(std::uniform_int_distribution<int>(-128, 127)(rng));
  };
  for (const bool average : {false, true}) {
    h->average_i = average;
    std::deque<std::vector<int8_t>> rows;
    std::deque<std::vector<int8_t>> expected;
    for (int w = 0; w < 300; ++w) {
      std::vector<std::vector<int8_t>> window(4, std::vector<int8_t>(L));
      for (auto& r : window)
        for (auto& v : r) v = value();
      // The extremes first: four -128 (the sum, -512, minus the rounding 2 needs 11 bits:
      // found by seed 16945235828459390588) and four 127.
      if (w < 2)
        for (auto& r : window) std::fill(r.begin(), r.end(), static_cast<int8_t>(w == 0 ? -128 : 127));
      std::vector<int8_t> out(L);
      for (unsigned l = 0; l < L; ++l) {
        const int8_t lane[4] = {window[0][l], window[1][l], window[2][l], window[3][l]};
        out[l] = average ? pool_average(lane) : pool_max(lane);
      }
      expected.push_back(out);
      for (auto& r : window) rows.push_back(r);
    }
    bool presenting = false;
    unsigned checked = 0;
    for (int guard = 0; guard < 20000 && !expected.empty(); ++guard) {
      if (!presenting && !rows.empty()) presenting = std::bernoulli_distribution(0.8)(rng);
      h->in_valid_i = presenting;
      if (presenting)
        for (unsigned l = 0; l < L; ++l)
          set_field(h->in_data_i, l * 8, 8, static_cast<uint8_t>(rows.front()[l]));
      h->out_ready_i = std::bernoulli_distribution(0.6)(rng);
      h.eval();
      if (h->out_valid_o && h->out_ready_i) {
        for (unsigned l = 0; l < L; ++l) {
          INFO("window " << checked << " lane " << l);
          REQUIRE(static_cast<int8_t>(get_field(h->out_data_o, l * 8, 8)) == expected.front()[l]);
        }
        expected.pop_front();
        ++checked;
      }
      if (presenting && h->in_ready_o) {
        rows.pop_front();
        presenting = false;
      }
      h.tick();
    }
    CHECK(checked == 300);
    CHECK(rows.empty());
  }
}

TEMPLATE_TEST_CASE("pool2x2 takes a row per cycle", "[vec][pool][latency]", NPU_POOL_MODELS) {
  Harness<TestType> h("pool2x2_rate");
  h.reset();
  h->in_valid_i = 1;
  h->out_ready_i = 1;
  unsigned outputs = 0;
  for (int c = 0; c < 400; ++c) {
    h.eval();
    REQUIRE(h->in_ready_o);
    outputs += h->out_valid_o;
    h.tick();
  }
  CHECK(outputs == 99);  // 400 rows are 100 windows; the last result is still registered
}
