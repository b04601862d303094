// SPDX-License-Identifier: Apache-2.0
// prim_rr_arbiter: grants only requesters, one at a time, in rotating order; a requester
// that keeps asking waits for at most NumReq - 1 other grants.
#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include "harness.hpp"
#include "model_shapes.hpp"
#include "seed.hpp"

using npu::verif::Harness;

TEMPLATE_TEST_CASE("arbiter rotates among all requesters", "[prim][arbiter]", NPU_ARB_MODELS) {
  constexpr unsigned kNum = ArbShape<TestType>::num_req;
  Harness<TestType> h("arb_rotate");
  h.reset();
  h->req_i = (1u << kNum) - 1;
  h->gnt_ready_i = 1;
  for (unsigned i = 0; i < 3 * kNum; ++i) {
    h.eval();
    REQUIRE(h->gnt_valid_o);
    REQUIRE(h->gnt_idx_o == i % kNum);
    REQUIRE(h->gnt_o == (1u << (i % kNum)));
    h.tick();
  }
}

TEMPLATE_TEST_CASE("arbiter holds its grant until accepted", "[prim][arbiter]",
                        NPU_ARB_MODELS) {
  constexpr unsigned kNum = ArbShape<TestType>::num_req;
  Harness<TestType> h("arb_hold");
  h.reset();
  h->req_i = (1u << kNum) - 1;
  h->gnt_ready_i = 0;
  h.eval();
  const unsigned first = h->gnt_idx_o;
  h.tick(5);
  h.eval();
  CHECK(h->gnt_idx_o == first);
}

TEMPLATE_TEST_CASE("arbiter is fair under random requests", "[prim][arbiter][random]",
                        NPU_ARB_MODELS) {
  constexpr unsigned kNum = ArbShape<TestType>::num_req;
  const uint64_t seed = npu::verif::test_seed();
  INFO(npu::verif::seed_message(seed));
  std::mt19937_64 rng(seed);
  Harness<TestType> h("arb_random");
  h.reset();

  // Each requester raises a request and holds it until granted (like a valid signal).
  unsigned pending = 0;
  std::vector<unsigned> waited(kNum, 0);  // grants to others since this request went up
  std::vector<unsigned> grants(kNum, 0);
  for (int cycle = 0; cycle < 3000; ++cycle) {
    for (unsigned i = 0; i < kNum; ++i) {
      if (!(pending >> i & 1) && std::bernoulli_distribution(0.5)(rng)) pending |= 1u << i;
    }
    h->req_i = pending;
    h->gnt_ready_i = std::bernoulli_distribution(0.8)(rng);
    h.eval();
    REQUIRE(h->gnt_valid_o == (pending != 0));
    if (h->gnt_valid_o) {
      const unsigned g = h->gnt_idx_o;
      REQUIRE(h->gnt_o == (1u << g));
      REQUIRE((pending >> g & 1));
      if (h->gnt_ready_i) {
        pending &= ~(1u << g);
        ++grants[g];
        waited[g] = 0;
        for (unsigned i = 0; i < kNum; ++i) {
          if (i != g && (pending >> i & 1)) {
            ++waited[i];
            REQUIRE(waited[i] <= kNum - 1);
          }
        }
      }
    }
    h.tick();
  }
  for (unsigned i = 0; i < kNum; ++i) CHECK(grants[i] > 3000 / (4 * kNum));
}
