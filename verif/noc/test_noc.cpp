// SPDX-License-Identifier: Apache-2.0
// The mesh NoC: every node to every node, uniform-random, transpose and hotspot traffic
// with back-pressure at the sinks, saturation without deadlock, and round-robin fairness
// at a router with four neighbours. The scoreboard (NocBench) checks every packet arrives
// exactly once, whole and in order per source and destination.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "noc/noc_bench.hpp"
#include "seed.hpp"

using namespace npu::verif;

TEMPLATE_TEST_CASE("noc delivers from every node to every node", "[noc]", NPU_NOC_MODELS) {
  using Bench = NocBench<TestType>;
  const uint64_t seed = test_seed();
  INFO(seed_message(seed));
  Bench b("noc_all_pairs", seed, 0.2);
  std::mt19937_64 rng(seed);
  for (unsigned s = 0; s < Bench::kNodes; ++s)
    for (unsigned d = 0; d < Bench::kNodes; ++d)
      for (unsigned k = 0; k < 3; ++k) b.send(s, d, 1 + static_cast<unsigned>(rng() % 4));
  b.run_until_idle(200000);
  REQUIRE(b.received_packets == b.sent_packets);
  REQUIRE(b.sent_packets == 3ull * Bench::kNodes * Bench::kNodes);
}

TEMPLATE_TEST_CASE("noc traffic patterns under back-pressure", "[noc]", NPU_NOC_MODELS) {
  using Bench = NocBench<TestType>;
  const uint64_t seed = test_seed();
  INFO(seed_message(seed));
  const unsigned X = Bench::kX, Y = Bench::kY, N = Bench::kNodes;
  for (const char* pattern : {"uniform", "transpose", "hotspot"}) {
    DYNAMIC_SECTION(pattern) {
      Bench b(std::string("noc_") + pattern, seed, 0.3);
      std::mt19937_64 rng(seed);
      const std::string p = pattern;
      for (unsigned cycle = 0; cycle < 3000; ++cycle) {
        for (unsigned s = 0; s < N; ++s) {
          if (b.queued(s) > 4 || std::uniform_real_distribution<>(0, 1)(rng) > 0.15) continue;
          unsigned d = static_cast<unsigned>(rng() % N);
          // Transpose: (x, y) sends to (y, x), clamped into a non-square mesh.
          if (p == "transpose") d = b.node(std::min(s / X, X - 1), std::min(s % X, Y - 1));
          if (p == "hotspot" && rng() % 3 == 0) d = 0;
          b.send(s, d, 1 + static_cast<unsigned>(rng() % 4));
        }
        b.step();
      }
      b.run_until_idle(200000);
      REQUIRE(b.received_packets == b.sent_packets);
      REQUIRE(b.sent_packets > 100);
    }
  }
}

TEMPLATE_TEST_CASE("noc at saturation does not deadlock", "[noc]", NPU_NOC_MODELS) {
  using Bench = NocBench<TestType>;
  const uint64_t seed = test_seed();
  INFO(seed_message(seed));
  Bench b("noc_saturation", seed, 0.5);
  std::mt19937_64 rng(seed);
  for (unsigned cycle = 0; cycle < 4000; ++cycle) {
    for (unsigned s = 0; s < Bench::kNodes; ++s)
      while (b.queued(s) < 3) b.send(s, static_cast<unsigned>(rng() % Bench::kNodes), 1 + static_cast<unsigned>(rng() % 8));
    b.step();  // the watchdog throws if nothing moves for 2000 cycles
  }
  b.run_until_idle(400000);
  REQUIRE(b.received_packets == b.sent_packets);
}

TEST_CASE("noc round-robin shares a router's local output fairly", "[noc]") {
  // In the 3x3 mesh (two VCs) the centre router's four neighbours and the centre itself
  // all send to the centre. The neighbours' packets share one VC class ((src + dst) odd),
  // so their four input ports compete for that VC of the local output and must share it
  // evenly; the centre's own packets are on the other VC and take the slots the first VC
  // leaves (between two of its packets), which is more than a fifth.
  using Bench = NocBench<Vnpu_noc_3x3_f32_d3_v2>;
  Bench b("noc_fairness", 1, 0.0);
  const unsigned centre = b.node(1, 1);
  const unsigned senders[] = {b.node(1, 0), b.node(0, 1), b.node(2, 1), b.node(1, 2), centre};
  b.measure_from = 500;
  for (unsigned cycle = 0; cycle < 6000; ++cycle) {
    for (unsigned s : senders)
      if (b.queued(s) < 2) b.send(s, centre, 2);
    b.step();
  }
  std::vector<uint64_t> got;
  for (unsigned s : senders) got.push_back(b.received_from.at(s));
  INFO("packets per sender: " << got[0] << " " << got[1] << " " << got[2] << " " << got[3] << " " << got[4]);
  const auto [lo, hi] = std::minmax_element(got.begin(), got.begin() + 4);
  REQUIRE(*lo > 300);
  REQUIRE(double(*lo) / double(*hi) > 0.9);
  // And the output link is kept busy: 2-flit packets from 5,500 measured cycles.
  const double flits = 2.0 * double(got[0] + got[1] + got[2] + got[3] + got[4]);
  REQUIRE(flits > 0.95 * 5500);
}
