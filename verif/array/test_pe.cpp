// SPDX-License-Identifier: Apache-2.0
// npu_pe against a cycle model: registered east/south outputs, two weight buffers chosen
// per activation, shadow-buffer shifting while the other buffer computes.
#include <catch2/catch.hpp>

#include <memory>
#include <random>

#include "Vnpu_pe.h"
#include "harness.hpp"
#include "seed.hpp"

using npu::verif::Harness;

namespace {
struct PeModel {
  int8_t weight[2] = {0, 0};
  bool valid = false;
  bool sel = false;
  int8_t act = 0;
  int32_t psum = 0;
};
}  // namespace

TEST_CASE("pe matches its cycle model under random stimulus", "[pe][random]") {
  const uint64_t seed = npu::verif::test_seed();
  INFO(npu::verif::seed_message(seed));
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> i8(-128, 127);
  std::uniform_int_distribution<int32_t> i32(INT32_MIN, INT32_MAX);
  std::bernoulli_distribution coin(0.5);

  Harness<Vnpu_pe> h("pe");
  h.reset();
  PeModel m;
  // Give both buffers known values first.
  for (int buf = 0; buf < 2; ++buf) {
    h->weight_shift_i = 1;
    h->weight_buf_i = buf;
    const int8_t w = static_cast<int8_t>(i8(rng));
    (buf ? h->weight1_i : h->weight0_i) = static_cast<uint8_t>(w);
    h->act_valid_i = 0;
    h.eval();
    m.weight[buf] = w;
    h.tick();
  }
  for (int cycle = 0; cycle < 5000; ++cycle) {
    const bool shift = coin(rng);
    const bool shift_buf = coin(rng);
    // Each chain carries its own value; only the named buffer takes it.
    const int8_t w_in[2] = {static_cast<int8_t>(i8(rng)), static_cast<int8_t>(i8(rng))};
    const bool valid = coin(rng);
    const bool sel = coin(rng);
    // Corner values often: the extremes of int8 and the partial-sum range.
    const int8_t act = coin(rng) ? static_cast<int8_t>(i8(rng)) : (coin(rng) ? -128 : 127);
    const int32_t psum_in = coin(rng) ? i32(rng) : (coin(rng) ? INT32_MAX : INT32_MIN);

    h->weight_shift_i = shift;
    h->weight_buf_i = shift_buf;
    h->weight0_i = static_cast<uint8_t>(w_in[0]);
    h->weight1_i = static_cast<uint8_t>(w_in[1]);
    h->act_valid_i = valid;
    h->act_sel_i = sel;
    h->act_i = static_cast<uint8_t>(act);
    h->psum_i = static_cast<uint32_t>(psum_in);
    h.eval();
    // Each buffer is passed down its own chain.
    REQUIRE(static_cast<int8_t>(h->weight0_o) == m.weight[0]);
    REQUIRE(static_cast<int8_t>(h->weight1_o) == m.weight[1]);

    // Next state of the model (wrap-around add, like the RTL).
    PeModel next = m;
    if (valid) {
      next.psum = static_cast<int32_t>(static_cast<uint32_t>(psum_in) +
                                       static_cast<uint32_t>(int32_t{act} * m.weight[sel]));
    }
    next.valid = valid;
    next.sel = sel;
    next.act = act;
    if (shift) next.weight[shift_buf] = w_in[shift_buf];
    h.tick();
    m = next;

    REQUIRE(static_cast<bool>(h->act_valid_o) == m.valid);
    REQUIRE(static_cast<bool>(h->act_sel_o) == m.sel);
    REQUIRE(static_cast<int8_t>(h->act_o) == m.act);
    REQUIRE(static_cast<int32_t>(h->psum_o) == m.psum);
  }
}

TEST_CASE("pe holds its partial sum while no valid activation arrives", "[pe]") {
  Harness<Vnpu_pe> h("pe_hold");
  h.reset();
  h->weight_shift_i = 1;
  h->weight_buf_i = 0;
  h->weight0_i = static_cast<uint8_t>(-128);
  h.tick();
  h->weight_shift_i = 0;
  h->act_valid_i = 1;
  h->act_sel_i = 0;
  h->act_i = static_cast<uint8_t>(-128);
  h->psum_i = 5;
  h.tick();
  CHECK(static_cast<int32_t>(h->psum_o) == 5 + 16384);
  h->act_valid_i = 0;
  h->psum_i = 99;
  h.tick(3);
  CHECK(static_cast<int32_t>(h->psum_o) == 5 + 16384);
  CHECK_FALSE(h->act_valid_o);
}

TEST_CASE("harnesses with their own contexts can live side by side", "[harness]") {
  // Regression: destroying the older of two live harnesses used to lock the newer one's
  // (already freed) context and hang. Both orders of destruction must work.
  for (int order = 0; order < 2; ++order) {
    auto first = std::make_unique<Harness<Vnpu_pe>>("pe_a");
    auto second = std::make_unique<Harness<Vnpu_pe>>("pe_b");
    first->reset();
    second->reset();
    (*first)->act_valid_i = 1;
    (*first)->psum_i = 7;
    first->tick();
    second->tick();
    CHECK(static_cast<int32_t>((*first)->psum_o) == 7);
    if (order == 0) {
      second.reset();
      first.reset();
    } else {
      first.reset();
      second.reset();
    }
  }
}
