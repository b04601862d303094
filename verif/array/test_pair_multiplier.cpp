// SPDX-License-Identifier: Apache-2.0
// npu_pair_multiplier, generic (one 25 x 8 multiply) and the iCE40's (one SB_MAC16 in its
// 8 x 8 mode, simulated with Yosys' model of the block), with one and two weights a PE,
// for every activation and weight: the weights loaded into the pair (the iCE40's single
// weights into the block's B register), then the west product at once and the east
// product one cycle later, the select choosing each PE's weight buffer.
#include <catch2/catch.hpp>

#include "harness.hpp"
#include "model_shapes.hpp"

using npu::verif::Harness;

TEMPLATE_TEST_CASE("pair multiplier gives both PEs' products for every int8 pair", "[array][pair]",
                   NPU_PAIR_MODELS) {
  constexpr bool kTwo = PairShape<TestType>::buffers == 2;
  Harness<TestType> h(PairShape<TestType>::ice40 ? "pair_ice40" : "pair");  // no reset: none needed
  unsigned checked = 0;
  auto load = [&](bool buf, int west, int east) {
    h->weight_load_i = 1;
    h->weight_buf_i = buf;
    h->west_weight_i = static_cast<uint8_t>(west);
    h->east_weight_i = static_cast<uint8_t>(east);
    h.tick();
    h->weight_load_i = 0;
  };
  for (int act = -128; act <= 127; ++act) {
    for (int w = -128; w <= 127; ++w) {
      const int east = 127 - (w + 128);  // every value too, in the other order
      const bool sel = (act + w) & 1;
      // Something else in the other buffer (with one buffer: overwritten next), then the
      // weights into the selected one.
      load(!sel, ~w, ~east);
      load(sel, w, east);
      // The weights are held while other rows load: a cycle with other weights on the
      // bus and weight_load_i low changes nothing (the iCE40's BHOLD).
      h->west_weight_i = static_cast<uint8_t>(~w);
      h->east_weight_i = static_cast<uint8_t>(~east);
      h.tick();
      h->act_i = static_cast<uint8_t>(act);
      h->act_sel_i = kTwo ? sel : !sel;  // with one buffer the select is ignored
      h.eval();
      REQUIRE(static_cast<int16_t>(h->west_product_o) == act * w);
      h.tick();
      // East: the activation of the cycle before, whatever the inputs are now.
      h->act_i = static_cast<uint8_t>(~act);
      h.eval();
      REQUIRE(static_cast<int16_t>(h->east_product_o) == act * east);
      ++checked;
    }
  }
  CHECK(checked == 65536u);
}
