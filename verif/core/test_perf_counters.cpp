// SPDX-License-Identifier: Apache-2.0
// npu_perf_counters at three points: nine counters in flip-flops, nine in a RAM (the
// iCEBreaker's: six count at most one event a cycle, OneBitEvents), three narrow ones in a
// RAM (one of them one event a cycle). Random event counts every cycle (up to
// MaxInc, with idle stretches), random reads and clears, against an exact count of every
// cycle. In flip-flops a read answers in its cycle with the count so far; in a RAM within
// 2 x NumCounters + 2 cycles with the count at one of the cycles in between (the cycle its
// counter's visit began), and exactly the count once the events have stopped.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "harness.hpp"
#include "model_shapes.hpp"
#include "port_bits.hpp"
#include "seed.hpp"

using namespace npu::verif;

namespace {

template <class Model>
struct CounterBench {
  static constexpr unsigned kN = PerfShape<Model>::counters;
  static constexpr unsigned kIncWidth = PerfShape<Model>::inc_width;
  static constexpr unsigned kMaxInc = PerfShape<Model>::max_inc;
  static constexpr bool kInRam = PerfShape<Model>::in_ram;
  static constexpr unsigned kOneBit = PerfShape<Model>::one_bit;  // at most 1 a cycle
  static constexpr unsigned kMaxWait = kInRam ? 2 * kN + 2 : 0;

  explicit CounterBench(const char* name) : h(name) {
    h->clear_i = 0;
    h->rd_valid_i = 0;
    h.reset();
    counts.assign(kN, 0);
  }

  // Present this cycle's events and clear; the counts before the edge are `counts`.
  void set_events(const std::vector<uint32_t>& inc, bool clear) {
    for (unsigned i = 0; i < kN; ++i) set_field(h->inc_i, i * kIncWidth, kIncWidth, inc[i]);
    h->clear_i = clear;
    next = counts;
    for (unsigned i = 0; i < kN; ++i) next[i] = clear ? 0 : counts[i] + inc[i];
  }
  void tick() {
    h.tick();
    counts = next;
  }

  // Read counter `idx` while `events` gives each cycle's events (and clears); returns the
  // value and checks it against the counts of the cycles from the request to the answer.
  template <class Events>
  uint32_t read(unsigned idx, Events&& events) {
    h->rd_valid_i = 1;
    h->rd_idx_i = idx;
    std::vector<uint32_t> seen;  // counter idx before each edge since the request
    unsigned wait = 0;           // cycles since the request or the last clear
    for (unsigned cycles = 0;; ++cycles, ++wait) {
      bool clear = false;
      const std::vector<uint32_t> inc = events(clear);  // before clear is read
      set_events(inc, clear);
      h.eval();
      // In a RAM, a read asked before a clear answers with a count after it.
      if (clear) {
        seen.clear();
        wait = 0;
      } else {
        seen.push_back(counts[idx]);
      }
      if (h->rd_done_o) {
        const uint32_t value = h->rd_data_o;
        INFO("counter " << idx << " answered after " << cycles << " cycles, value " << value);
        REQUIRE(wait <= kMaxWait);
        if (kInRam) {
          CHECK(std::find(seen.begin(), seen.end(), value) != seen.end());
        } else {
          CHECK(value == counts[idx]);
        }
        h->rd_valid_i = 0;
        tick();
        return value;
      }
      REQUIRE(cycles < 4 * kMaxWait + 8);
      tick();
      h->rd_valid_i = 0;  // asked for one cycle
    }
  }

  Harness<Model> h;
  std::vector<uint32_t> counts, next;
};

}  // namespace

TEMPLATE_TEST_CASE("performance counters count every event and read back", "[perf][random]",
                   NPU_PERF_MODELS) {
  using Bench = CounterBench<TestType>;
  const uint64_t seed = test_seed();
  INFO(seed_message(seed));
  std::mt19937_64 rng(seed);
  Bench b("perf_counters");

  // Out of reset every counter reads zero.
  auto idle = [&](bool& clear) {
    clear = false;
    return std::vector<uint32_t>(Bench::kN, 0);
  };
  for (unsigned i = 0; i < Bench::kN; ++i) CHECK(b.read(i, idle) == 0);

  std::uniform_int_distribution<uint32_t> amount(0, Bench::kMaxInc), one(0, 1);
  bool busy = true;    // events in this stretch, or none (about a fifth of the cycles)
  bool clears = true;  // clears now and then, in the first part only
  auto random_events = [&](bool& clear) {
    clear = clears && std::uniform_int_distribution<int>(0, 499)(rng) == 0;
    if (std::uniform_int_distribution<int>(0, busy ? 199 : 49)(rng) == 0) busy = !busy;
    std::vector<uint32_t> inc(Bench::kN, 0);
    for (unsigned i = 0; i < Bench::kN; ++i) {
      // Counter 0 counts every busy cycle (PERF_CYCLES); the others random amounts (0 or
      // 1 for a one-event counter, busy cycles' events: its pending count at its most).
      const bool one_event = (Bench::kOneBit >> i) & 1;
      inc[i] = !busy ? 0 : (i == 0 ? 1 : one_event ? (one(rng) | (i % 2)) : amount(rng));
    }
    return inc;
  };

  // Long enough for each low half to carry into the high half several times.
  for (int round = 0; round < 700; ++round) {
    clears = round < 100;
    const unsigned gap = std::uniform_int_distribution<unsigned>(0, 60)(rng);
    for (unsigned c = 0; c < gap; ++c) {
      bool clear = false;
      const std::vector<uint32_t> inc = random_events(clear);  // before clear is read
      b.set_events(inc, clear);
      b.tick();
    }
    b.read(std::uniform_int_distribution<unsigned>(0, Bench::kN - 1)(rng), random_events);
  }
  // The low halves must have carried: some count is past 16 bits.
  CHECK(*std::max_element(b.counts.begin(), b.counts.end()) > 0xffffu);

  // Stopped: every counter reads exactly its count.
  for (unsigned c = 0; c < 2 * Bench::kN + 2; ++c) {
    b.set_events(std::vector<uint32_t>(Bench::kN, 0), false);
    b.tick();
  }
  for (unsigned i = 0; i < Bench::kN; ++i) {
    INFO("counter " << i);
    CHECK(b.read(i, idle) == b.counts[i]);
  }
}

TEMPLATE_TEST_CASE("performance counters clear together, dropping the clear cycle's events",
                   "[perf]", NPU_PERF_MODELS) {
  using Bench = CounterBench<TestType>;
  Bench b("perf_clear");
  std::vector<uint32_t> inc(Bench::kN);
  // Every counter counts each cycle: one event for a one-event counter, more for others.
  for (unsigned i = 0; i < Bench::kN; ++i) inc[i] = ((Bench::kOneBit >> i) & 1) ? 1 : 1 + i % Bench::kMaxInc;
  for (int c = 0; c < 100; ++c) {
    b.set_events(inc, false);
    b.tick();
  }
  // Clear while counting, then count 7 more cycles, then stop.
  b.set_events(inc, true);
  b.tick();
  for (int c = 0; c < 7; ++c) {
    b.set_events(inc, false);
    b.tick();
  }
  auto idle = [&](bool& clear) {
    clear = false;
    return std::vector<uint32_t>(Bench::kN, 0);
  };
  for (unsigned i = 0; i < Bench::kN; ++i) {
    INFO("counter " << i);
    CHECK(b.read(i, idle) == 7 * inc[i]);
  }
  // A read asked just before a clear answers with the count after it.
  auto clear_once = [&, first = true](bool& clear) mutable {
    clear = first;
    first = false;
    return inc;
  };
  const uint32_t last = inc[Bench::kN - 1];
  const uint32_t after = b.read(Bench::kN - 1, clear_once);
  if (Bench::kInRam) {
    CHECK(after % last == 0);
    CHECK(after / last <= Bench::kMaxWait);
  } else {
    CHECK(after == 7 * last);  // answered in the cycle of the clear, before it
  }
}
