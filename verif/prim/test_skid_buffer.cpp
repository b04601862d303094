// SPDX-License-Identifier: Apache-2.0
// prim_skid_buffer: nothing lost or duplicated under random valid and ready, full rate
// when the sink is always ready, and in_ready_o a register (it never follows out_ready_i
// within the cycle).
#include <catch2/catch.hpp>

#include <deque>
#include <random>

#include "harness.hpp"
#include "model_shapes.hpp"
#include "port_bits.hpp"
#include "seed.hpp"

using npu::verif::get_field;
using npu::verif::Harness;
using npu::verif::set_field;

namespace {
template <class Model>
void put_value(Model& d, uint32_t v) {
  constexpr unsigned w = SkidShape<Model>::width;
  set_field(d.in_data_i, 0, w < 32 ? w : 32, v);
  if constexpr (w > 32) set_field(d.in_data_i, 32, w - 32, ~v);
}
template <class Model>
uint32_t take_value(Model& d) {
  return get_field(d.out_data_o, 0, SkidShape<Model>::width < 32 ? SkidShape<Model>::width : 32);
}
template <class Model>
bool upper_is_complement(Model& d) {
  constexpr unsigned w = SkidShape<Model>::width;
  if constexpr (w > 32) {
    const uint32_t mask = (1u << (w - 32)) - 1;
    return get_field(d.out_data_o, 32, w - 32) == (~get_field(d.out_data_o, 0, 32) & mask);
  }
  return true;
}
}  // namespace

TEMPLATE_TEST_CASE("skid buffer keeps order and loses nothing", "[prim][skid][random]",
                        NPU_SKID_MODELS) {
  constexpr unsigned kWidth = SkidShape<TestType>::width;
  constexpr uint32_t kMask = kWidth >= 32 ? 0xffffffffu : ((1u << kWidth) - 1);
  const uint64_t seed = npu::verif::test_seed();
  INFO(npu::verif::seed_message(seed));
  std::mt19937_64 rng(seed);
  Harness<TestType> h("skid");
  h.reset();

  uint32_t sent = 0, received = 0;
  bool holding = false;
  for (int cycle = 0; cycle < 5000; ++cycle) {
    if (!holding) holding = std::bernoulli_distribution(0.7)(rng);
    h->in_valid_i = holding;
    put_value(h.dut(), sent & kMask);
    h->out_ready_i = std::bernoulli_distribution(0.6)(rng);
    const bool ready_before = h->in_ready_o;
    h.eval();
    REQUIRE(h->in_ready_o == ready_before);  // registered: unaffected by this cycle's inputs
    if (h->out_valid_o && h->out_ready_i) {
      REQUIRE(take_value(h.dut()) == (received & kMask));
      REQUIRE(upper_is_complement(h.dut()));
      ++received;
    }
    if (h->in_valid_i && h->in_ready_o) {
      ++sent;
      holding = false;
    }
    h.tick();
  }
  CHECK(received > 1500);
  CHECK(sent - received <= 2);  // at most the two registers hold beats
}

TEMPLATE_TEST_CASE("skid buffer runs at one beat per cycle", "[prim][skid]", NPU_SKID_MODELS) {
  Harness<TestType> h("skid_rate");
  h.reset();
  h->out_ready_i = 1;
  h->in_valid_i = 1;
  unsigned taken = 0;
  for (uint32_t v = 0; v < 64; ++v) {
    put_value(h.dut(), v);
    h.eval();
    REQUIRE(h->in_ready_o);
    if (h->out_valid_o) {
      REQUIRE(take_value(h.dut()) == taken);
      ++taken;
    }
    h.tick();
  }
  CHECK(taken == 63);
}
