// SPDX-License-Identifier: Apache-2.0
// prim_sram_2p: a read returns the row as it was before this cycle's write, ReadLatency
// cycles later; a cycle without a read keeps the last read data; byte masks write only
// their bytes. A read of the row written in the same cycle is undefined: simulation
// returns the old row inverted, and the test checks that it does, so that a user relying
// on the old data fails its own tests.
#include <catch2/catch.hpp>

#include <deque>
#include <random>
#include <vector>

#include "harness.hpp"
#include "model_shapes.hpp"
#include "seed.hpp"

using npu::verif::Harness;

TEMPLATE_TEST_CASE("simple dual-port RAM reads, writes bytes, and poisons a colliding read",
                   "[prim][sram][random]", NPU_SRAM2P_MODELS) {
  constexpr unsigned kWidth = Sram2pShape<TestType>::width;
  constexpr unsigned kDepth = Sram2pShape<TestType>::depth;
  constexpr unsigned kLatency = Sram2pShape<TestType>::read_latency;
  constexpr unsigned kBytes = kWidth / 8;
  constexpr uint32_t kMask = kWidth == 32 ? ~0u : (1u << kWidth) - 1;
  const uint64_t seed = npu::verif::test_seed();
  INFO(npu::verif::seed_message(seed));
  std::mt19937_64 rng(seed);
  auto pick = [&](unsigned n) { return static_cast<unsigned>(rng() % n); };

  Harness<TestType> h("sram_2p");
  h->re_i = 0;
  h->we_i = 0;
  h.reset();

  // Fill every row first, so every later read has a defined value to compare with.
  std::vector<uint32_t> mem(kDepth);
  for (unsigned a = 0; a < kDepth; ++a) {
    mem[a] = static_cast<uint32_t>(rng()) & kMask;
    h->we_i = 1;
    h->waddr_i = a;
    h->wdata_i = mem[a];
    h->wmask_i = (1u << kBytes) - 1;
    h.tick();
  }
  h->we_i = 0;

  // rdata_q after each of the last kLatency ticks (first: whether any read happened yet);
  // the output is the oldest, kLatency - 1 ticks behind.
  bool have_read = false;
  uint32_t read_q = 0;
  std::deque<std::pair<bool, uint32_t>> history;
  unsigned collisions = 0, held = 0;
  for (int cycle = 0; cycle < 3000; ++cycle) {
    const bool re = pick(4) != 0;
    const bool we = pick(2) != 0;
    const unsigned waddr = pick(kDepth);
    // Every eighth write is read in the same cycle.
    const unsigned raddr = (we && pick(8) == 0) ? waddr : pick(kDepth);
    const uint32_t wdata = static_cast<uint32_t>(rng()) & kMask;
    const unsigned wmask = pick(1u << kBytes);
    h->re_i = re;
    h->raddr_i = raddr;
    h->we_i = we;
    h->waddr_i = waddr;
    h->wdata_i = wdata;
    h->wmask_i = wmask;
    h.tick();

    // The reference, for the edge just taken: the read sees the rows before the write.
    if (re) {
      const bool collide = we && waddr == raddr;
      read_q = collide ? (~mem[raddr] & kMask) : mem[raddr];
      have_read = true;
      collisions += collide;
    } else {
      held += have_read;
    }
    if (we) {
      for (unsigned b = 0; b < kBytes; ++b) {
        if (wmask & (1u << b)) {
          const uint32_t lane = 0xffu << (8 * b);
          mem[waddr] = (mem[waddr] & ~lane) | (wdata & lane);
        }
      }
    }
    history.push_back({have_read, read_q});
    if (history.size() > kLatency) history.pop_front();
    h.eval();
    if (history.size() == kLatency && history.front().first) {
      INFO("cycle " << cycle);
      REQUIRE(h->rdata_o == history.front().second);
    }
  }
  // The stream must have exercised what it claims to check.
  CHECK(collisions > 50);
  CHECK(held > 100);
}
