// SPDX-License-Identifier: Apache-2.0
// npu_pair_multiplier, generic (one 25 x 8 multiply) and the iCE40's (one SB_MAC16 in its
// 8 x 8 mode, simulated with Yosys' model of the block), for every activation and weight:
// the west product at once, the east product one cycle later, the select choosing each
// PE's weight buffer.
#include <catch2/catch.hpp>

#include "harness.hpp"
#include "model_shapes.hpp"

using npu::verif::Harness;

TEMPLATE_TEST_CASE("pair multiplier gives both PEs' products for every int8 pair", "[array][pair]",
                   NPU_PAIR_MODELS) {
  Harness<TestType> h(PairShape<TestType>::ice40 ? "pair_ice40" : "pair");  // no reset: none needed
  unsigned checked = 0;
  int east_expected = 0;  // the east product of the previous cycle's inputs
  for (int act = -128; act <= 127; ++act) {
    for (int w = -128; w <= 127; ++w) {
      // Each product's weight in the selected buffer, something else in the other one.
      const int east = 127 - (w + 128);  // every value too, in the other order
      const bool sel = (act + w) & 1;
      h->act_i = static_cast<uint8_t>(act);
      h->act_sel_i = sel;
      h->west0_i = static_cast<uint8_t>(sel ? ~w : w);
      h->west1_i = static_cast<uint8_t>(sel ? w : ~w);
      h->east0_i = static_cast<uint8_t>(sel ? ~east : east);
      h->east1_i = static_cast<uint8_t>(sel ? east : ~east);
      h.eval();
      // West: this cycle's inputs. East: last cycle's, whatever the inputs are now.
      REQUIRE(static_cast<int16_t>(h->west_product_o) == act * w);
      if (checked > 0) REQUIRE(static_cast<int16_t>(h->east_product_o) == east_expected);
      h.tick();
      east_expected = act * east;
      ++checked;
    }
  }
  REQUIRE(static_cast<int16_t>(h->east_product_o) == east_expected);
  CHECK(checked == 65536u);
}
