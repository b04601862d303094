// SPDX-License-Identifier: Apache-2.0
// prim_delay: the output is the input exactly Depth cycles earlier (and zero out of reset).
#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include "harness.hpp"
#include "model_shapes.hpp"
#include "seed.hpp"

using npu::verif::Harness;

TEMPLATE_TEST_CASE("delay line delays by exactly Depth cycles", "[prim][delay][random]",
                        NPU_DELAY_MODELS) {
  constexpr unsigned kDepth = DelayShape<TestType>::depth;
  const uint64_t seed = npu::verif::test_seed();
  INFO(npu::verif::seed_message(seed));
  std::mt19937_64 rng(seed);
  Harness<TestType> h("delay");
  h->in_i = 0xabc;
  h.reset();
  std::vector<uint16_t> history;
  for (int cycle = 0; cycle < 200; ++cycle) {
    const uint16_t v = std::uniform_int_distribution<int>(0, 0xfff)(rng);
    h->in_i = v;
    h.eval();
    history.push_back(v);
    const std::size_t n = history.size();
    const uint16_t expected = n > kDepth ? history[n - 1 - kDepth] : 0;
    REQUIRE(h->out_o == expected);
    h.tick();
  }
}
