// SPDX-License-Identifier: Apache-2.0
// npu_scratchpad against a byte-array model: two ports with random reads and masked
// writes, every access accepted exactly once, read data exactly ReadLatency cycles after
// acceptance, and round-robin fairness when both ports want the same bank.
#include <catch2/catch.hpp>

#include <deque>
#include <random>
#include <vector>

#include "harness.hpp"
#include "model_shapes.hpp"
#include "port_bits.hpp"
#include "seed.hpp"

using namespace npu::verif;

namespace {

template <class Model>
struct SpadBench {
  static constexpr unsigned kBanks = SpadShape<Model>::banks;
  static constexpr unsigned kRowsPerBank = SpadShape<Model>::rows_per_bank;
  static constexpr unsigned kRows = kBanks * kRowsPerBank;
  static constexpr unsigned kBytes = SpadShape<Model>::row_bytes;
  static constexpr unsigned kLatency = SpadShape<Model>::read_latency;
  static constexpr unsigned kAddrWidth = [] {
    unsigned w = 0;
    while ((1u << w) < kRows) ++w;
    return w;
  }();

  struct Request {
    bool write;
    unsigned addr;
    std::vector<uint8_t> data;
    std::vector<bool> mask;
  };
  struct Pending {
    uint64_t due;
    std::vector<uint8_t> data;
  };

  explicit SpadBench(const char* name) : h(name), memory(kRows, std::vector<uint8_t>(kBytes)) {
    h.reset();
  }

  Harness<Model> h;
  std::vector<std::vector<uint8_t>> memory;
  std::deque<Request> queue[2];
  std::deque<Pending> pending[2];
  bool presenting[2] = {false, false};
  unsigned waited[2] = {0, 0};
  unsigned max_wait[2] = {0, 0};
  unsigned accepted[2] = {0, 0};
  unsigned responses[2] = {0, 0};

  // One cycle; `gap` is the chance that an idle port waits before its next request.
  template <class Rng>
  void cycle(Rng& rng, double gap) {
    auto& d = h.dut();
    d.req_valid_i = 0;
    for (unsigned p = 0; p < 2; ++p) {
      if (!presenting[p] && !queue[p].empty() && !std::bernoulli_distribution(gap)(rng))
        presenting[p] = true;
      if (!presenting[p]) continue;
      const Request& r = queue[p].front();
      d.req_valid_i |= 1u << p;
      set_field(d.req_we_i, p, 1, r.write);
      set_field(d.req_addr_i, p * kAddrWidth, kAddrWidth, r.addr);
      for (unsigned b = 0; b < kBytes; ++b) {
        set_field(d.req_wdata_i, (p * kBytes + b) * 8, 8, r.data[b]);
        set_field(d.req_wmask_i, p * kBytes + b, 1, r.mask[b]);
      }
    }
    h.eval();
    const uint64_t now = h.cycle();
    for (unsigned p = 0; p < 2; ++p) {
      if (!presenting[p]) continue;
      if (!(d.req_ready_o >> p & 1)) {
        ++waited[p];
        continue;
      }
      const Request r = queue[p].front();
      queue[p].pop_front();
      presenting[p] = false;
      max_wait[p] = std::max(max_wait[p], waited[p]);
      waited[p] = 0;
      ++accepted[p];
      if (r.write) {
        for (unsigned b = 0; b < kBytes; ++b)
          if (r.mask[b]) memory[r.addr][b] = r.data[b];
      } else {
        pending[p].push_back({now + kLatency, memory[r.addr]});
      }
    }
    h.tick();
    for (unsigned p = 0; p < 2; ++p) {
      if (!(d.rsp_valid_o >> p & 1)) continue;
      REQUIRE_FALSE(pending[p].empty());
      const Pending e = pending[p].front();
      pending[p].pop_front();
      ++responses[p];
      INFO("port " << p);
      REQUIRE(h.cycle() == e.due);
      for (unsigned b = 0; b < kBytes; ++b)
        REQUIRE(get_field(d.rsp_data_o, (p * kBytes + b) * 8, 8) == e.data[b]);
    }
  }

  template <class Rng>
  void run(Rng& rng, double gap) {
    for (int guard = 0; guard < 100000; ++guard) {
      if (queue[0].empty() && queue[1].empty() && pending[0].empty() && pending[1].empty())
        return;
      cycle(rng, gap);
    }
    FAIL("scratchpad did not drain its requests");
  }

  template <class Rng>
  Request random_request(Rng& rng, unsigned addr, bool write) {
    Request r{write, addr, std::vector<uint8_t>(kBytes), std::vector<bool>(kBytes)};
    for (unsigned b = 0; b < kBytes; ++b) {
      r.data[b] = static_cast<uint8_t>(rng());
      r.mask[b] = std::bernoulli_distribution(0.7)(rng);
    }
    return r;
  }

  // Fill every row through both ports so that every later read has a defined answer.
  template <class Rng>
  void fill(Rng& rng) {
    for (unsigned a = 0; a < kRows; ++a) {
      Request r = random_request(rng, a, true);
      r.mask.assign(kBytes, true);
      queue[a % 2].push_back(r);
    }
    run(rng, 0.0);
  }
};

}  // namespace

TEMPLATE_TEST_CASE("scratchpad matches a memory model under random two-port traffic",
                   "[mem][scratchpad][random]", NPU_SPAD_MODELS) {
  using Bench = SpadBench<TestType>;
  const uint64_t seed = test_seed();
  INFO(seed_message(seed));
  std::mt19937_64 rng(seed);
  Bench b("scratchpad_random");
  b.fill(rng);
  const unsigned before_reads = b.responses[0] + b.responses[1];
  CHECK(before_reads == 0);
  unsigned requests[2] = {0, 0};
  for (unsigned p = 0; p < 2; ++p) {
    for (int i = 0; i < 1500; ++i) {
      const unsigned addr = std::uniform_int_distribution<unsigned>(0, Bench::kRows - 1)(rng);
      b.queue[p].push_back(b.random_request(rng, addr, std::bernoulli_distribution(0.5)(rng)));
      ++requests[p];
    }
  }
  const unsigned accepted_before[2] = {b.accepted[0], b.accepted[1]};
  b.run(rng, 0.3);
  for (unsigned p = 0; p < 2; ++p) CHECK(b.accepted[p] - accepted_before[p] == requests[p]);
  CHECK(b.responses[0] + b.responses[1] > 1000);
}

TEMPLATE_TEST_CASE("scratchpad shares a contended bank fairly", "[mem][scratchpad]",
                   NPU_SPAD_MODELS) {
  using Bench = SpadBench<TestType>;
  const uint64_t seed = test_seed();
  INFO(seed_message(seed));
  std::mt19937_64 rng(seed);
  Bench b("scratchpad_contention");
  b.fill(rng);
  // Both ports hammer bank 0 every cycle: they alternate, so neither waits more than one
  // cycle per access and both finish together.
  for (unsigned p = 0; p < 2; ++p) {
    for (int i = 0; i < 200; ++i) {
      const unsigned addr =
          std::uniform_int_distribution<unsigned>(0, Bench::kRowsPerBank - 1)(rng);
      b.queue[p].push_back(b.random_request(rng, addr, i % 3 == 0));
    }
  }
  const uint64_t start = b.h.cycle();
  b.max_wait[0] = b.max_wait[1] = 0;
  b.run(rng, 0.0);
  CHECK(b.max_wait[0] <= 1);
  CHECK(b.max_wait[1] <= 1);
  // 400 accesses through one bank: 400 cycles, plus the read latency at the end.
  CHECK(b.h.cycle() - start <= 400 + Bench::kLatency + 1);
}

TEMPLATE_TEST_CASE("scratchpad serves different banks in the same cycle", "[mem][scratchpad]",
                   NPU_SPAD_MODELS) {
  using Bench = SpadBench<TestType>;
  if constexpr (Bench::kBanks == 1) {
    SUCCEED("a single bank serves one port per cycle");
  } else {
    const uint64_t seed = test_seed();
    INFO(seed_message(seed));
    std::mt19937_64 rng(seed);
    Bench b("scratchpad_parallel");
    b.fill(rng);
    // Port 0 stays in bank 0, port 1 in the last bank: no conflicts, one access per port
    // per cycle.
    for (int i = 0; i < 300; ++i) {
      const unsigned row = std::uniform_int_distribution<unsigned>(0, Bench::kRowsPerBank - 1)(rng);
      b.queue[0].push_back(b.random_request(rng, row, i % 2 == 0));
      b.queue[1].push_back(
          b.random_request(rng, (Bench::kBanks - 1) * Bench::kRowsPerBank + row, i % 2 == 1));
    }
    const uint64_t start = b.h.cycle();
    b.max_wait[0] = b.max_wait[1] = 0;
    b.run(rng, 0.0);
    CHECK(b.max_wait[0] == 0);
    CHECK(b.max_wait[1] == 0);
    CHECK(b.h.cycle() - start <= 300 + Bench::kLatency + 1);
  }
}
