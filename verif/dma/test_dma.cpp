// SPDX-License-Identifier: Apache-2.0
// npu_dma at 64-, 128- and 256-bit buses against a reference model, behind the AXI4 memory
// model with random latency, back-pressure and the protocol monitor: random 2-D loads and
// stores at once (unaligned, strided and contiguous), window and field violations refused
// with no bus access, SLVERR / DECERR ending a transfer that is then followed by a clean one,
// and the rate each build promises (a beat or a row a cycle; a byte a cycle built small).
#include <catch2/catch.hpp>

#include <random>

#include "dma/dma_bench.hpp"
#include "seed.hpp"

using namespace npu::verif;

namespace {

constexpr uint64_t kLoadBase = 0x10000, kLoadLimit = 0x40000;
constexpr uint64_t kStoreBase = 0x40000, kStoreLimit = 0x90000;

enum Code : unsigned { kNone = 0, kWindow = 1, kField = 2, kLocalRange = 3, kSlvErr = 4, kDecErr = 5 };

template <class Bench, class Rng>
DmaDescriptor random_descriptor(Rng& rng, bool store) {
  auto pick = [&](uint64_t lo, uint64_t hi) {
    return std::uniform_int_distribution<uint64_t>(lo, hi)(rng);
  };
  DmaDescriptor d;
  d.store = store;
  d.rows = static_cast<unsigned>(pick(1, 40));
  d.row_bytes = static_cast<unsigned>(pick(1, Bench::kLocalBytes));
  d.stride = pick(0, 2) == 0 ? d.row_bytes : d.row_bytes + pick(1, 300);
  const uint64_t span = (d.rows - 1) * d.stride + d.row_bytes;
  const uint64_t base = store ? kStoreBase : kLoadBase;
  const uint64_t limit = store ? kStoreLimit : kLoadLimit;
  d.addr = pick(base, limit - span);
  // Loads fill the lower half of the local rows, stores read the upper half.
  const unsigned half = Bench::kLocalRows / 2;
  d.local_stride = static_cast<unsigned>(pick(0, 2));
  const unsigned reach = (d.rows - 1) * d.local_stride;
  const unsigned max_start = half - 1 - std::min(reach, half - 1);
  d.local_addr = static_cast<unsigned>(pick(0, max_start)) + (store ? half : 0);
  if (reach > half - 1) d.local_stride = 0;  // keep inside the half
  return d;
}

template <class Bench, class Rng>
void randomize(Bench& b, Rng& rng, std::vector<uint8_t>& dram,
               std::vector<std::vector<uint8_t>>& lcl) {
  dram.resize(kStoreLimit - kLoadBase);
  for (auto& v : dram) v = static_cast<uint8_t>(rng());
  b.mem.write_bytes(kLoadBase, dram);
  for (auto& row : b.local)
    for (auto& v : row) v = static_cast<uint8_t>(rng());
  lcl = b.local;
}

// Queue `count` random descriptors, loads and stores alternating, and apply each to the
// reference copies. Returns the rows they move.
template <class Bench, class Rng>
uint64_t queue_random(Bench& b, Rng& rng, int count, std::vector<uint8_t>& dram,
                      std::vector<std::vector<uint8_t>>& lcl) {
  uint64_t rows = 0;
  for (int i = 0; i < count; ++i) {
    const DmaDescriptor d = random_descriptor<Bench>(rng, i % 2 == 1);
    Bench::apply(d, dram, kLoadBase, lcl);
    b.queue.push_back(d);
    rows += d.rows;
  }
  return rows;
}

}  // namespace

TEMPLATE_TEST_CASE("dma moves random 2-D loads and stores at once", "[dma][random]",
                   NPU_DMA_MODELS) {
  using Bench = DmaBench<TestType>;
  const uint64_t seed = test_seed();
  INFO(seed_message(seed));
  std::mt19937_64 rng(seed);
  for (unsigned latency : {0u, 13u}) {
    INFO("memory latency " << latency);
    axi::MemoryConfig cfg;
    cfg.latency = latency;
    cfg.ar_stall = cfg.aw_stall = cfg.w_stall = cfg.r_stall = cfg.b_stall = 0.25;
    cfg.seed = seed + latency;
    Bench b("dma_random", cfg, DmaTraffic{0.2, 2}, seed + 1);
    std::vector<uint8_t> dram;
    std::vector<std::vector<uint8_t>> lcl;
    randomize(b, rng, dram, lcl);
    queue_random(b, rng, 24, dram, lcl);
    b.run_until_done(24, 2'000'000);
    for (const auto& done : b.done) CHECK(done.code == kNone);
    CHECK(b.local == lcl);
    CHECK(b.mem.read_bytes(kLoadBase, dram.size()) == dram);
    CHECK(b.mon.violations().empty());
    for (const auto& v : b.mon.violations()) UNSCOPED_INFO(v);
    CHECK(b.mem.idle());
  }
}

TEMPLATE_TEST_CASE("dma refuses bad descriptors with no bus access", "[dma]", NPU_DMA_MODELS) {
  using Bench = DmaBench<TestType>;
  Bench b("dma_refuse", axi::MemoryConfig{}, DmaTraffic{}, 3);
  auto desc = [](bool store, uint64_t addr, unsigned rows, unsigned row_bytes, uint64_t stride,
                 unsigned local_addr, unsigned local_stride) {
    return DmaDescriptor{store, addr, rows, row_bytes, stride, local_addr, local_stride};
  };
  const unsigned lb = Bench::kLocalBytes;
  struct Case {
    DmaDescriptor d;
    unsigned code;
  };
  const std::vector<Case> cases = {
      {desc(false, Bench::kWindowBase - 1, 1, 4, 4, 0, 1), kWindow},        // starts below
      {desc(true, Bench::kWindowLimit - 8, 1, 9, 9, 0, 1), kWindow},        // ends above
      {desc(false, Bench::kWindowLimit - 4096, 3, 8, 2048, 0, 1), kWindow}, // last row above
      {desc(true, 0x20000, 1, 0, 0, 0, 1), kField},                         // no bytes
      {desc(false, 0x20000, 1, lb + 1, lb + 1, 0, 1), kField},              // wider than a row
      {desc(false, 0x20000, 4, 4, 4, Bench::kLocalRows - 2, 1), kLocalRange},
      {desc(true, 0x20000, 2, 4, 4, 1, Bench::kLocalRows - 1), kLocalRange}, // row 256
      {desc(false, 0x20000, 0, 4, 4, 0, 1), kNone},                         // nothing to do
  };
  for (const Case& c : cases) b.queue.push_back(c.d);
  b.run_until_done(cases.size(), 10000);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    INFO("case " << i);
    CHECK(b.done[i].store == cases[i].d.store);
    CHECK(b.done[i].code == cases[i].code);
  }
  CHECK(b.ar_count == 0);
  CHECK(b.aw_count == 0);
  // The engine takes the next descriptor as if nothing happened.
  b.mem.write_bytes(0x20000, std::vector<uint8_t>(lb, 0x5a));
  b.queue.push_back(desc(false, 0x20000, 1, lb, lb, 7, 1));
  b.run_until_done(cases.size() + 1, 10000);
  CHECK(b.done.back().code == kNone);
  CHECK(b.local[7] == std::vector<uint8_t>(lb, 0x5a));
}

TEMPLATE_TEST_CASE("dma forgets a descriptor withdrawn before it takes it", "[dma]",
                   NPU_DMA_MODELS) {
  // A descriptor stays at the input until the DMA takes it, and the requester may withdraw
  // it before (the core does on a halt): nothing of it may happen, and the next one's checks
  // start afresh. A is withdrawn after one cycle (the cycle a build with one-cycle checks
  // would take it); where the checks are serial (16 cycles of products, then 32 of the
  // window check a bit a cycle), also in the products, as the window check starts (17),
  // in it, and in the cycle the checks end (49); and, behind a load C that keeps the
  // engine busy, after its checks are done. B follows; with A's products instead of its
  // own, its last row would end past the window.
  using Bench = DmaBench<TestType>;
  const unsigned bytes = Bench::kLocalBytes;
  const DmaDescriptor a{false, 0x20000, 4, bytes, 0x10000, 8, 1};
  const DmaDescriptor b_desc{false, 0x60000, 4, bytes, bytes, 0, 1};
  const DmaDescriptor c{false, 0x30000, 32, bytes, bytes, 100, 1};
  struct Point {
    unsigned held;
    bool behind_c;
  };
  std::vector<Point> points = {{1, false}, {24, true}};
  if (Bench::kSerialChecks) {
    points.insert(points.end(), {{8, false}, {17, false}, {33, false}, {49, false}, {60, true}});
  }
  for (const Point& pt : points) {
    INFO("A held " << pt.held << " cycles" << (pt.behind_c ? " behind a busy engine" : ""));
    Bench b("dma_withdraw", axi::MemoryConfig{}, DmaTraffic{}, 5);
    auto pattern = [&](unsigned rows, unsigned mul) {
      std::vector<uint8_t> v(rows * bytes);
      for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<uint8_t>(mul * i + 1);
      return v;
    };
    const auto b_src = pattern(4, 3), c_src = pattern(32, 5);
    b.mem.write_bytes(0x20000, std::vector<uint8_t>(bytes, 0xa5));
    b.mem.write_bytes(0x60000, b_src);
    b.mem.write_bytes(0x30000, c_src);
    const auto before = b.local;
    if (pt.behind_c) b.queue.push_back(c);
    b.queue.push_back(b_desc);
    // A is shown once the queue's head is B (C taken), for `held` cycles, then nothing for
    // two, then the queue goes on.
    int shown = pt.behind_c ? -1 : 0;
    bool a_taken = false;
    b.drive = [&](auto& d) {
      if (shown < 0 && b.queue.size() == 1) shown = 0;
      if (shown < 0) return;
      if (static_cast<unsigned>(shown) < pt.held) {
        Bench::present(d, a);
      } else if (static_cast<unsigned>(shown) < pt.held + 2) {
        d.desc_valid_i = 0;
      }
    };
    b.sample = [&](auto& d) {
      if (shown < 0) return;
      if (static_cast<unsigned>(shown) < pt.held && d.desc_ready_o) a_taken = true;
      ++shown;
    };
    const std::size_t expect = pt.behind_c ? 2 : 1;
    b.run_until_done(expect, 20000);
    if (pt.behind_c) CHECK(static_cast<unsigned>(shown) > pt.held);  // C outlasted A
    for (int i = 0; i < 200; ++i) b.step();  // anything of A would show by now
    CHECK_FALSE(a_taken);
    REQUIRE(b.done.size() == expect);
    for (const auto& done : b.done) CHECK(done.code == kNone);
    for (unsigned r = 0; r < Bench::kLocalRows; ++r) {
      INFO("local row " << r);
      if (r < 4)
        CHECK(b.local[r] == std::vector<uint8_t>(b_src.begin() + r * bytes, b_src.begin() + (r + 1) * bytes));
      else if (pt.behind_c && r >= 100 && r < 132)
        CHECK(b.local[r] == std::vector<uint8_t>(c_src.begin() + (r - 100) * bytes, c_src.begin() + (r - 99) * bytes));
      else
        CHECK(b.local[r] == before[r]);
    }
    CHECK(b.mon.violations().empty());
  }
}

TEMPLATE_TEST_CASE("dma ends a transfer on SLVERR or DECERR and takes the next",
                   "[dma][error]", NPU_DMA_MODELS) {
  using Bench = DmaBench<TestType>;
  const uint64_t seed = test_seed();
  INFO(seed_message(seed));
  std::mt19937_64 rng(seed);
  axi::MemoryConfig cfg;
  cfg.latency = 5;
  cfg.r_stall = cfg.w_stall = cfg.b_stall = 0.2;
  Bench b("dma_errors", cfg, DmaTraffic{0.1, 1}, seed);
  b.mem.inject_error(0x30000, 0x30100, axi::kDecErr);
  b.mem.inject_error(0x60000, 0x60100, axi::kSlvErr);
  const std::vector<uint8_t> before = b.mem.read_bytes(0x60000, 0x100);
  // 20 rows each way, crossing the bad range in the middle.
  b.queue.push_back({false, 0x30000 - 10 * 64, 20, 8, 64, 0, 1});
  b.queue.push_back({true, 0x60000 - 10 * 64, 20, 8, 64, 100, 1});
  b.run_until_done(2, 100000);
  for (const auto& d : b.done) CHECK(d.code == (d.store ? kSlvErr : kDecErr));
  CHECK(b.mem.read_bytes(0x60000, 0x100) == before);  // nothing written where it failed
  CHECK(b.mon.violations().empty());
  // Clean transfers afterwards.
  b.mem.clear_errors();
  std::vector<uint8_t> dram;
  std::vector<std::vector<uint8_t>> lcl;
  randomize(b, rng, dram, lcl);
  queue_random(b, rng, 6, dram, lcl);
  b.run_until_done(8, 1'000'000);
  for (std::size_t i = 2; i < b.done.size(); ++i) CHECK(b.done[i].code == kNone);
  CHECK(b.local == lcl);
  CHECK(b.mem.read_bytes(kLoadBase, dram.size()) == dram);
  CHECK(b.mon.violations().empty());
}

TEMPLATE_TEST_CASE("dma soak: many random descriptors under heavy back-pressure",
                   "[dma][random][slow]", NPU_DMA_MODELS) {
  using Bench = DmaBench<TestType>;
  const uint64_t seed = test_seed();
  INFO(seed_message(seed));
  std::mt19937_64 rng(seed);
  axi::MemoryConfig cfg;
  cfg.latency = 40;
  cfg.ar_stall = cfg.aw_stall = cfg.w_stall = cfg.r_stall = cfg.b_stall = 0.5;
  cfg.seed = seed;
  Bench b("dma_soak", cfg, DmaTraffic{0.5, 3}, seed + 1);
  std::vector<uint8_t> dram;
  std::vector<std::vector<uint8_t>> lcl;
  randomize(b, rng, dram, lcl);
  const uint64_t rows = queue_random(b, rng, 300, dram, lcl);
  const uint64_t cycles = b.run_until_done(300, 50'000'000);
  // Each engine moves at most one local row per cycle, and the local side is stalled half
  // the time: a run shorter than that would mean rows were skipped.
  INFO(rows << " rows in " << cycles << " cycles");
  CHECK(cycles >= rows);
  for (const auto& done : b.done) CHECK(done.code == kNone);
  CHECK(b.local == lcl);
  CHECK(b.mem.read_bytes(kLoadBase, dram.size()) == dram);
  CHECK(b.mon.violations().empty());
}

TEMPLATE_TEST_CASE("dma merges touching rows into long bursts and keeps several in flight",
                   "[dma]", NPU_DMA_MODELS) {
  using Bench = DmaBench<TestType>;
  axi::MemoryConfig cfg;
  cfg.latency = 30;
  Bench b("dma_bursts", cfg, DmaTraffic{}, 4);
  const unsigned bytes = Bench::kLocalBytes;
  // Rows back to back in DRAM at `from`, loaded into local rows 0.., then stored back to
  // `to` once the load is done (the two engines are not ordered): one segment each way.
  auto round_trip = [&](uint64_t from, uint64_t to, unsigned rows, unsigned mul) {
    std::vector<uint8_t> dram(rows * bytes);
    for (std::size_t i = 0; i < dram.size(); ++i) dram[i] = static_cast<uint8_t>(i * mul + 1);
    b.mem.write_bytes(from, dram);
    const std::size_t first = b.done.size();
    b.queue.push_back({false, from, rows, bytes, bytes, 0, 1});
    b.run_until_done(first + 1, 1'000'000);
    b.queue.push_back({true, to, rows, bytes, bytes, 0, 1});
    b.run_until_done(first + 2, 1'000'000);
    CHECK(b.done[first].code == kNone);
    CHECK(b.done[first + 1].code == kNone);
    CHECK(b.mem.read_bytes(to, dram.size()) == dram);
  };
  // Cut only at 4 KiB or the burst limit.
  round_trip(0x20000, 0x60000, std::min(Bench::kLocalRows, 8192u / bytes), 13);
  // A burst holds min(MaxBurstBeats, 4 KiB): 256 beats at 64 and 128 bits, 128 at 256
  // bits; 4 or 1 on the models built small. Never more (the monitor checks 4 KiB).
  const unsigned expect = std::min(Bench::kMaxBurstBeats, 4096u / Bench::kBusBytes);
  CHECK(b.longest_burst == expect);
  CHECK(b.peak_reads >= 2);
  CHECK(b.peak_writes >= 2);
  // A segment that starts 13 bytes before a 4 KiB boundary, off the bus alignment: its
  // bursts are cut there whatever their length limit (a single beat never crosses).
  round_trip(0x20FF3, 0x61FF3, std::min(Bench::kLocalRows, 4u), 7);
  CHECK(b.longest_burst == expect);
  CHECK(b.mon.violations().empty());
}

TEMPLATE_TEST_CASE("dma keeps its rate: a beat or a row a cycle, or a byte a cycle built so",
                   "[dma][latency]", NPU_DMA_MODELS) {
  using Bench = DmaBench<TestType>;
  // A memory with no latency and no stalls: only the engines set the pace. Rows of a whole
  // local row, back to back in DRAM and unaligned to the bus, loaded, then stored back.
  Bench b("dma_rate", axi::MemoryConfig{}, DmaTraffic{}, 5);
  const unsigned bytes = Bench::kLocalBytes;
  const unsigned rows = std::min(Bench::kLocalRows, 64u);
  const uint64_t total = uint64_t{rows} * bytes;
  const uint64_t beats = (total + 3 + Bench::kBusBytes - 1) / Bench::kBusBytes;
  std::vector<uint8_t> dram(total);
  for (std::size_t i = 0; i < dram.size(); ++i) dram[i] = static_cast<uint8_t>(i * 7 + 3);
  b.mem.write_bytes(0x20003, dram);
  b.queue.push_back({false, 0x20003, rows, bytes, bytes, 0, 1});
  const uint64_t load = b.run_until_done(1, 1'000'000);
  b.queue.push_back({true, 0x60003, rows, bytes, bytes, 0, 1});
  const uint64_t store = b.run_until_done(2, 1'000'000);
  CHECK(b.done[0].code == kNone);
  CHECK(b.done[1].code == kNone);
  CHECK(b.mem.read_bytes(0x60003, total) == dram);
  // Fixed costs: the descriptor check (48 cycles more when serial: 16 of products by shift
  // and add, 32 of the window check a bit a cycle), the first burst's round trip, the
  // local read latency and the completion.
  constexpr uint64_t kStartEnd = 40 + (Bench::kSerialChecks ? 32 : 0);
  INFO(rows << " rows of " << bytes << " bytes: load " << load << ", store " << store
            << " cycles");
  // The store also waits for its reads: a place among the pieces it reads ahead (rows;
  // bytes when byte-serial, a read for each) is held from the read, through the local
  // read latency, until the piece is used up, so with few places pieces come at most that
  // many per that time.
  const uint64_t row_beats = (bytes + 2 * Bench::kBusBytes - 2) / Bench::kBusBytes;
  const uint64_t pieces = Bench::kByteSerial ? total : rows;
  const uint64_t use = Bench::kByteSerial ? 1 : row_beats;
  const uint64_t held = 1 + DmaTraffic{}.local_read_latency + use;
  const uint64_t store_pieces = (pieces * held + Bench::kStoreRowsAhead - 1) /
                                Bench::kStoreRowsAhead;
  if constexpr (Bench::kByteSerial) {
    // A byte a cycle, and a cycle for each beat (to take it, or to send it) and each row
    // (to write it, or to start reading the next); a byte waiting for its beat to go out
    // holds its place a cycle longer.
    CHECK(load >= total);
    CHECK(load <= total + beats + rows + kStartEnd);
    CHECK(store >= total);
    CHECK(store <= std::max(total + beats + rows, store_pieces + beats) + kStartEnd);
  } else {
    // A beat or a row a cycle.
    CHECK(load <= std::max<uint64_t>(beats, rows) + kStartEnd);
    CHECK(store <= std::max({beats, uint64_t{rows}, store_pieces}) + kStartEnd);
  }
  CHECK(b.mon.violations().empty());
}
