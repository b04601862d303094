// SPDX-License-Identifier: Apache-2.0
// npu_mem_system: the DMA loading into and storing out of both SRAMs (the top local
// address bit selects the accumulator) while the compute side uses its own ports on the
// same memories; everything checked against reference models. Two configurations.
#include <catch2/catch.hpp>

#include <deque>
#include <random>
#include <vector>

#include "dma/dma_bench.hpp"
#include "seed.hpp"

using namespace npu::verif;

namespace {

constexpr uint64_t kLoadBase = 0x10000, kStoreBase = 0x40000, kRegionSize = 0x30000;

template <class Model>
struct System {
  using S = MemSysShape<Model>;
  using Bench = DmaBench<Model, S>;
  static constexpr unsigned kAccBase = 1u << (S::local_addr_width - 1);
  static constexpr unsigned kAccBytes = S::acc_lanes * 4;

  // The compute side: random traffic on the upper half of each memory, checked against
  // its own model (the DMA uses the lower halves).
  struct Request {
    bool write;       // scratchpad: write, else read
    unsigned op;      // accumulator: 0 read, 1 write, 2 accumulate
    unsigned addr;
    std::vector<uint8_t> data;
  };
  struct Expect {
    uint64_t due;
    std::vector<uint8_t> data;
  };
  std::deque<Request> spad_q, acc_q;
  std::deque<Expect> spad_expect, acc_expect;
  bool spad_on = false, acc_on = false;
  std::vector<std::vector<uint8_t>> spad_model, acc_model;
  unsigned spad_done = 0, acc_done = 0, responses = 0;

  System() : spad_model(S::spad_rows, std::vector<uint8_t>(S::spad_bytes)),
             acc_model(S::acc_rows, std::vector<uint8_t>(kAccBytes)) {}

  template <class Rng>
  void queue_compute(Rng& rng, unsigned count) {
    const unsigned spad_lo = S::spad_rows / 2, acc_lo = S::acc_rows / 2;
    auto bytes = [&](unsigned n) {
      std::vector<uint8_t> v(n);
      for (auto& b : v) b = static_cast<uint8_t>(rng());
      return v;
    };
    for (unsigned a = spad_lo; a < S::spad_rows; ++a) spad_q.push_back({true, 0, a, bytes(S::spad_bytes)});
    for (unsigned a = acc_lo; a < S::acc_rows; ++a) acc_q.push_back({false, 1, a, bytes(kAccBytes)});
    for (unsigned i = 0; i < count; ++i) {
      const unsigned sa = std::uniform_int_distribution<unsigned>(spad_lo, S::spad_rows - 1)(rng);
      spad_q.push_back({std::bernoulli_distribution(0.5)(rng), 0, sa, bytes(S::spad_bytes)});
      const unsigned aa = std::uniform_int_distribution<unsigned>(acc_lo, S::acc_rows - 1)(rng);
      acc_q.push_back({false, std::uniform_int_distribution<unsigned>(0, 2)(rng), aa, bytes(kAccBytes)});
    }
  }

  void drive(Model& d) {
    spad_on = spad_on || !spad_q.empty();
    d.exe_spad_req_valid_i = spad_on;
    if (spad_on) {
      const Request& r = spad_q.front();
      d.exe_spad_req_we_i = r.write;
      d.exe_spad_req_addr_i = r.addr;
      for (unsigned i = 0; i < S::spad_bytes; ++i) {
        set_field(d.exe_spad_req_wdata_i, i * 8, 8, r.data[i]);
        set_field(d.exe_spad_req_wmask_i, i, 1, 1);
      }
    }
    acc_on = acc_on || !acc_q.empty();
    d.exe_acc_req_valid_i = acc_on;
    if (acc_on) {
      const Request& r = acc_q.front();
      d.exe_acc_req_op_i = r.op;
      d.exe_acc_req_addr_i = r.addr;
      for (unsigned i = 0; i < kAccBytes; ++i) {
        set_field(d.exe_acc_req_wdata_i, i * 8, 8, r.data[i]);
        set_field(d.exe_acc_req_byte_en_i, i, 1, 1);
      }
    }
  }

  void sample(Model& d, uint64_t now) {
    if (d.exe_spad_rsp_valid_o) {
      REQUIRE_FALSE(spad_expect.empty());
      REQUIRE(spad_expect.front().due == now);
      for (unsigned i = 0; i < S::spad_bytes; ++i)
        REQUIRE(get_field(d.exe_spad_rsp_data_o, i * 8, 8) == spad_expect.front().data[i]);
      spad_expect.pop_front();
      ++responses;
    }
    if (d.exe_acc_rsp_valid_o) {
      REQUIRE_FALSE(acc_expect.empty());
      REQUIRE(acc_expect.front().due == now);
      for (unsigned i = 0; i < kAccBytes; ++i)
        REQUIRE(get_field(d.exe_acc_rsp_data_o, i * 8, 8) == acc_expect.front().data[i]);
      acc_expect.pop_front();
      ++responses;
    }
    if (spad_on && d.exe_spad_req_ready_o) {
      const Request r = spad_q.front();
      spad_q.pop_front();
      spad_on = false;
      ++spad_done;
      if (r.write) spad_model[r.addr] = r.data;
      else spad_expect.push_back({now + S::read_latency, spad_model[r.addr]});
    }
    if (acc_on && d.exe_acc_req_ready_o) {
      const Request r = acc_q.front();
      acc_q.pop_front();
      acc_on = false;
      ++acc_done;
      auto& row = acc_model[r.addr];
      if (r.op == 0) {
        acc_expect.push_back({now + S::read_latency, row});
      } else if (r.op == 1) {
        row = r.data;
      } else {
        for (unsigned l = 0; l < S::acc_lanes; ++l) {
          uint32_t a = 0, b = 0;
          for (unsigned k = 0; k < 4; ++k) {
            a |= uint32_t{row[l * 4 + k]} << (8 * k);
            b |= uint32_t{r.data[l * 4 + k]} << (8 * k);
          }
          const uint32_t sum = a + b;
          for (unsigned k = 0; k < 4; ++k) row[l * 4 + k] = static_cast<uint8_t>(sum >> (8 * k));
        }
      }
    }
  }
};

// A random descriptor within the DMA's half of the scratchpad or of the accumulator.
template <class Sys, class Rng>
DmaDescriptor random_local_descriptor(Rng& rng, bool store, bool acc) {
  using S = typename Sys::S;
  auto pick = [&](uint64_t lo, uint64_t hi) { return std::uniform_int_distribution<uint64_t>(lo, hi)(rng); };
  const unsigned region_rows = (acc ? S::acc_rows : S::spad_rows) / 2;
  const unsigned width = acc ? Sys::kAccBytes : S::spad_bytes;
  DmaDescriptor d;
  d.store = store;
  d.rows = static_cast<unsigned>(pick(1, 24));
  d.row_bytes = static_cast<unsigned>(pick(1, width));
  d.stride = pick(0, 1) ? d.row_bytes : d.row_bytes + pick(1, 200);
  d.addr = pick(store ? kStoreBase : kLoadBase,
                (store ? kStoreBase : kLoadBase) + kRegionSize - (d.rows - 1) * d.stride - d.row_bytes);
  d.local_stride = static_cast<unsigned>(pick(0, 1));
  const unsigned reach = (d.rows - 1) * d.local_stride;
  if (reach >= region_rows) d.local_stride = 0;
  d.local_addr = static_cast<unsigned>(pick(0, region_rows - 1 - (d.local_stride ? reach : 0))) +
                 (acc ? Sys::kAccBase : 0);
  return d;
}

}  // namespace

TEMPLATE_TEST_CASE("memory system: DMA into and out of both SRAMs beside compute traffic",
                   "[mem][dma][random]", NPU_MEMSYS_MODELS) {
  using Sys = System<TestType>;
  using S = typename Sys::S;
  using Bench = typename Sys::Bench;
  const uint64_t seed = test_seed();
  INFO(seed_message(seed));
  std::mt19937_64 rng(seed);
  axi::MemoryConfig cfg;
  cfg.latency = 9;
  cfg.ar_stall = cfg.aw_stall = cfg.w_stall = cfg.r_stall = cfg.b_stall = 0.2;
  cfg.seed = seed;
  Bench b("mem_system", cfg, DmaTraffic{}, seed);
  Sys sys;
  sys.queue_compute(rng, 1500);
  b.drive = [&](TestType& d) { sys.drive(d); };
  b.sample = [&](TestType& d) { sys.sample(d, b.h.cycle()); };

  // DRAM contents, and a reference of the DMA's view of local memory (rows by local
  // address, as wide as the widest memory).
  std::vector<uint8_t> dram(kStoreBase + kRegionSize - kLoadBase);
  for (auto& v : dram) v = static_cast<uint8_t>(rng());
  b.mem.write_bytes(kLoadBase, dram);
  std::vector<std::vector<uint8_t>> lcl(1u << S::local_addr_width,
                                        std::vector<uint8_t>(S::local_bytes));
  // Fill the DMA's halves of both memories completely first, so every later store reads
  // defined bytes.
  std::vector<DmaDescriptor> loads = {
      {false, kLoadBase, S::spad_rows / 2, S::spad_bytes, S::spad_bytes, 0, 1},
      {false, kLoadBase + 0x8000, S::acc_rows / 2, Sys::kAccBytes, Sys::kAccBytes, Sys::kAccBase, 1}};
  for (int i = 0; i < 16; ++i) loads.push_back(random_local_descriptor<Sys>(rng, false, i % 2));
  for (const auto& d : loads) {
    Bench::apply(d, dram, kLoadBase, lcl);
    b.queue.push_back(d);
  }
  b.run_until_done(loads.size(), 2'000'000);
  // Then stores out of both memories (after the loads: the two directions are unordered).
  for (int i = 0; i < 16; ++i) {
    const DmaDescriptor d = random_local_descriptor<Sys>(rng, true, i % 2);
    Bench::apply(d, dram, kLoadBase, lcl);
    b.queue.push_back(d);
  }
  b.run_until_done(loads.size() + 16, 2'000'000);
  for (const auto& done : b.done) CHECK(done.code == 0);
  CHECK(b.mem.read_bytes(kLoadBase, dram.size()) == dram);
  CHECK(b.mon.violations().empty());
  // The compute side kept working throughout and every answer matched.
  while (!sys.spad_q.empty() || !sys.acc_q.empty() || !sys.spad_expect.empty() ||
         !sys.acc_expect.empty()) {
    REQUIRE(b.h.cycle() < 5'000'000);
    b.step();
  }
  CHECK(sys.responses > 500);
}

TEMPLATE_TEST_CASE("memory system refuses rows wider than their memory or leaving it",
                   "[mem][dma]", NPU_MEMSYS_MODELS) {
  using Sys = System<TestType>;
  using S = typename Sys::S;
  using Bench = typename Sys::Bench;
  Bench b("mem_system_refuse", axi::MemoryConfig{}, DmaTraffic{}, 1);
  const unsigned acc_last = Sys::kAccBase + S::acc_rows - 1;
  const std::vector<std::pair<DmaDescriptor, unsigned>> cases = {
      {{false, 0x20000, 1, S::spad_bytes + 1, 64, 0, 1}, 2},           // wider than a spad row
      {{true, 0x20000, 1, Sys::kAccBytes, 64, S::spad_rows - 1, 1},
       Sys::kAccBytes > S::spad_bytes ? 2u : 0u},                       // acc-wide row in spad
      {{false, 0x20000, 2, 4, 64, S::spad_rows - 1, 1}, 3},             // runs off the spad
      {{true, 0x20000, 2, 4, 64, acc_last, 1}, 3},                      // runs off the acc
      {{false, 0x20000, 2, 4, 64, S::spad_rows - 1, Sys::kAccBase}, 3}, // jumps spad -> acc
  };
  for (const auto& c : cases) b.queue.push_back(c.first);
  b.run_until_done(cases.size(), 100000);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    INFO("case " << i);
    CHECK(b.done[i].code == cases[i].second);
  }
}
