// SPDX-License-Identifier: Apache-2.0
// The AXI4 memory model and monitor, checked with a random protocol-abiding C++ master:
// data integrity (reads, masked writes, unaligned starts), per-ID order with reordering
// across IDs, latency, back-pressure on every channel, error injection, and a monitor
// that stays quiet on a legal link and catches each kind of illegal one.
#include <catch2/catch.hpp>

#include <deque>
#include <map>
#include <random>
#include <vector>

#include "axi/axi_memory.hpp"
#include "axi/axi_monitor.hpp"
#include "seed.hpp"

using namespace npu::verif;
using namespace npu::verif::axi;

namespace {

constexpr uint64_t kReadBase = 0x10000, kReadSize = 0x8000;
constexpr uint64_t kWriteBase = 0x40000, kWriteSize = 0x8000;
// Error ranges inside the regions that the bursts cover.
constexpr uint64_t kErrorLo = 0x44000, kErrorHi = 0x44400;
constexpr uint64_t kReadErrorLo = 0x12000, kReadErrorHi = 0x12400;

struct Stats {
  unsigned reads = 0, writes = 0, read_errors = 0, write_errors = 0;
  uint64_t min_read_latency = ~uint64_t{0};
};

// A master that issues random INCR bursts (never across 4 KiB), keeps every valid up
// until it is taken, and checks each response against a reference memory.
class RandomMaster {
 public:
  RandomMaster(unsigned data_bytes, uint64_t seed) : bytes_(data_bytes), rng_(seed) {
    size_ = 0;
    while ((1u << size_) < bytes_) ++size_;
  }

  std::vector<uint8_t> reference_read;   // kReadSize bytes, the read region's contents
  std::vector<uint8_t> reference_write;  // what the write region must hold at the end

  bool done() const {
    return reads_left_ == 0 && writes_left_ == 0 && expected_r_.empty() && !ar_on_ && !aw_on_ &&
           w_queue_.empty() && b_pending_ == 0;
  }

  void start(unsigned reads, unsigned writes) {
    reads_left_ = reads;
    writes_left_ = writes;
  }

  // What the master drives this cycle.
  MasterOut drive() {
    if (!ar_on_ && reads_left_ > 0 && coin(0.5)) new_read();
    if (!aw_on_ && writes_left_ > 0 && w_queue_.size() < 64 && coin(0.5)) new_write();
    MasterOut m;
    m.ar_valid = ar_on_;
    m.ar = ar_;
    m.aw_valid = aw_on_;
    m.aw = aw_;
    m.w_valid = !w_queue_.empty() && (w_on_ || coin(0.8));
    w_on_ = m.w_valid;
    if (m.w_valid) {
      m.w_data = w_queue_.front().data;
      m.w_strb = w_queue_.front().strb;
      m.w_last = w_queue_.front().last;
    }
    m.r_ready = coin(0.8);
    m.b_ready = coin(0.8);
    return m;
  }

  // Handshakes at the edge.
  void edge(const MasterOut& m, const SlaveOut& s, uint64_t cycle, Stats& st) {
    if (m.ar_valid && s.ar_ready) {
      ar_on_ = false;
      ar_cycle_[ar_.id].push_back(cycle);
    }
    if (m.aw_valid && s.aw_ready) aw_on_ = false;
    if (m.w_valid && s.w_ready) {
      w_queue_.pop_front();
      w_on_ = false;
    }
    if (s.r_valid && m.r_ready) {
      auto& q = expected_r_[s.r_id];
      REQUIRE_FALSE(q.empty());
      ExpectedRead& e = q.front();
      if (e.beat == 0) {
        const uint64_t issued = ar_cycle_[s.r_id].front();
        ar_cycle_[s.r_id].pop_front();
        st.min_read_latency = std::min(st.min_read_latency, cycle - issued);
      }
      REQUIRE(s.r_resp == e.resp);
      if (e.resp == kOkay) {
        for (unsigned lane = 0; lane < bytes_; ++lane)
          if (e.lane_valid[e.beat][lane]) REQUIRE(s.r_data[lane] == e.data[e.beat][lane]);
      }
      REQUIRE(s.r_last == (e.beat + 1 == e.data.size()));
      if (++e.beat == e.data.size()) {
        if (e.resp != kOkay) ++st.read_errors;
        ++st.reads;
        q.pop_front();
        if (q.empty()) expected_r_.erase(s.r_id);
      }
    }
    if (s.b_valid && m.b_ready) {
      auto& q = expected_b_[s.b_id];
      REQUIRE_FALSE(q.empty());
      REQUIRE(s.b_resp == q.front());
      if (q.front() != kOkay) ++st.write_errors;
      q.pop_front();
      --b_pending_;
      ++st.writes;
    }
  }

 private:
  struct Beat {
    std::vector<uint8_t> data;
    std::vector<bool> strb;
    bool last;
  };
  struct ExpectedRead {
    std::vector<std::vector<uint8_t>> data;
    std::vector<std::vector<bool>> lane_valid;
    Resp resp;
    unsigned beat = 0;
  };

  bool coin(double p) { return std::bernoulli_distribution(p)(rng_); }

  // A random burst in [base, base + size), unaligned start, within one 4 KiB page.
  Addr random_burst(uint64_t base, uint64_t size) {
    Addr a;
    a.id = std::uniform_int_distribution<uint32_t>(0, 3)(rng_);
    a.size = static_cast<uint8_t>(size_);
    a.burst = kIncr;
    a.addr = base + std::uniform_int_distribution<uint64_t>(0, size - 1)(rng_);
    const uint64_t page_end = (a.addr | 4095) + 1;
    const uint64_t aligned = a.addr & ~uint64_t{bytes_ - 1};
    const uint64_t max_beats = std::min<uint64_t>(256, (page_end - aligned) / bytes_);
    const uint64_t want = coin(0.1) ? 256 : std::uniform_int_distribution<uint64_t>(1, 16)(rng_);
    a.len = static_cast<uint8_t>(std::min(want, max_beats) - 1);
    return a;
  }

  static bool touches(const Addr& a, uint64_t lo, uint64_t hi) {
    return a.addr < hi && lo < burst_end(a);
  }

  void new_read() {
    ar_ = random_burst(kReadBase, kReadSize - 4096);
    ar_on_ = true;
    --reads_left_;
    ExpectedRead e;
    e.resp = touches(ar_, kReadErrorLo, kReadErrorHi) ? kSlvErr : kOkay;
    const uint64_t aligned = ar_.addr & ~uint64_t{bytes_ - 1};
    for (unsigned beat = 0; beat <= ar_.len; ++beat) {
      std::vector<uint8_t> data(bytes_);
      std::vector<bool> valid(bytes_);
      for (unsigned lane = 0; lane < bytes_; ++lane) {
        const uint64_t addr = aligned + uint64_t{beat} * bytes_ + lane;
        valid[lane] = addr >= ar_.addr;
        if (addr - kReadBase < reference_read.size()) data[lane] = reference_read[addr - kReadBase];
      }
      e.data.push_back(data);
      e.lane_valid.push_back(valid);
    }
    expected_r_[ar_.id].push_back(e);
  }

  void new_write() {
    aw_ = random_burst(kWriteBase, kWriteSize - 4096);
    aw_on_ = true;
    --writes_left_;
    const Resp resp = touches(aw_, kErrorLo, kErrorHi) ? kDecErr : kOkay;
    expected_b_[aw_.id].push_back(resp);
    ++b_pending_;
    const uint64_t aligned = aw_.addr & ~uint64_t{bytes_ - 1};
    for (unsigned beat = 0; beat <= aw_.len; ++beat) {
      Beat b{std::vector<uint8_t>(bytes_), std::vector<bool>(bytes_), beat == aw_.len};
      for (unsigned lane = 0; lane < bytes_; ++lane) {
        const uint64_t addr = aligned + uint64_t{beat} * bytes_ + lane;
        b.data[lane] = static_cast<uint8_t>(rng_());
        b.strb[lane] = addr >= aw_.addr && coin(0.8);
        if (b.strb[lane] && resp == kOkay) reference_write[addr - kWriteBase] = b.data[lane];
      }
      w_queue_.push_back(b);
    }
  }

  unsigned bytes_;
  unsigned size_;
  std::mt19937_64 rng_;
  unsigned reads_left_ = 0, writes_left_ = 0;
  bool ar_on_ = false, aw_on_ = false, w_on_ = false;
  Addr ar_, aw_;
  std::deque<Beat> w_queue_;
  std::map<uint32_t, std::deque<ExpectedRead>> expected_r_;
  std::map<uint32_t, std::deque<Resp>> expected_b_;
  std::map<uint32_t, std::deque<uint64_t>> ar_cycle_;
  unsigned b_pending_ = 0;
};

Stats run_link(AxiMemory& mem, AxiMonitor& mon, RandomMaster& master, uint64_t max_cycles) {
  Stats st;
  for (uint64_t c = 0; !master.done(); ++c) {
    if (c >= max_cycles) FAIL("AXI link did not finish");
    const MasterOut m = master.drive();
    const SlaveOut s = mem.outputs();
    mon.observe(m, s);
    master.edge(m, s, mem.cycle(), st);
    mem.edge(m);
  }
  return st;
}

// Random contents in the read region, the error ranges the master expects, and the
// write region's starting contents as the reference.
void prepare(AxiMemory& mem, RandomMaster& master, uint64_t seed) {
  std::mt19937_64 fill(seed);
  master.reference_read.resize(kReadSize);
  for (auto& b : master.reference_read) b = static_cast<uint8_t>(fill());
  mem.write_bytes(kReadBase, master.reference_read);
  master.reference_write = mem.read_bytes(kWriteBase, kWriteSize);
  mem.inject_error(kErrorLo, kErrorHi, kDecErr);
  mem.inject_error(kReadErrorLo, kReadErrorHi, kSlvErr);
}

}  // namespace

TEST_CASE("axi memory serves a random master correctly at 64, 128 and 256 bits",
          "[axi][random]") {
  const uint64_t seed = test_seed();
  INFO(seed_message(seed));
  for (unsigned data_bytes : {8u, 16u, 32u}) {
    for (unsigned latency : {0u, 7u}) {
      INFO("data bytes " << data_bytes << ", latency " << latency);
      MemoryConfig cfg{data_bytes, latency, 0.3, 0.3, 0.3, 0.3, 0.3, true, seed};
      AxiMemory mem(cfg);
      AxiMonitor mon(data_bytes);
      RandomMaster master(data_bytes, seed + 1);
      prepare(mem, master, seed + 2);

      master.start(300, 300);
      const Stats st = run_link(mem, mon, master, 2'000'000);
      CHECK(mon.violations().empty());
      for (const auto& v : mon.violations()) UNSCOPED_INFO(v);
      CHECK(st.reads == 300);
      CHECK(st.writes == 300);
      CHECK(mon.reads_completed() == 300);
      CHECK(mon.writes_completed() == 300);
      CHECK(mem.reordered_responses() > 0);
      CHECK(st.read_errors > 0);   // the injected errors were really hit
      CHECK(st.write_errors > 0);
      CHECK(st.min_read_latency >= latency + 1);
      CHECK(mem.idle());
      // Every successful masked write landed, and the erroring ones changed nothing.
      CHECK(mem.read_bytes(kWriteBase, kWriteSize) == master.reference_write);
    }
  }
}

TEST_CASE("axi memory keeps order when reordering is off", "[axi]") {
  MemoryConfig cfg{16, 3, 0.2, 0.2, 0.2, 0.2, 0.2, false, 9};
  AxiMemory mem(cfg);
  AxiMonitor mon(16);
  RandomMaster master(16, 10);
  prepare(mem, master, 11);
  master.start(100, 100);
  run_link(mem, mon, master, 1'000'000);
  CHECK(mon.violations().empty());
  CHECK(mem.reordered_responses() == 0);
}

TEST_CASE("axi monitor reports each kind of protocol violation", "[axi]") {
  auto burst = [](uint64_t addr, uint8_t len) {
    Addr a;
    a.addr = addr;
    a.len = len;
    a.size = 4;
    return a;
  };
  SlaveOut stalled;  // no ready anywhere
  SECTION("valid dropped before ready") {
    AxiMonitor mon(16);
    MasterOut m;
    m.ar_valid = true;
    m.ar = burst(0x100, 0);
    mon.observe(m, stalled);
    m.ar_valid = false;
    mon.observe(m, stalled);
    REQUIRE(mon.violations().size() == 1);
  }
  SECTION("payload changed before ready") {
    AxiMonitor mon(16);
    MasterOut m;
    m.aw_valid = true;
    m.aw = burst(0x100, 0);
    mon.observe(m, stalled);
    m.aw.addr = 0x200;
    mon.observe(m, stalled);
    REQUIRE(mon.violations().size() == 1);
  }
  SECTION("burst across 4 KiB") {
    AxiMonitor mon(16);
    MasterOut m;
    m.ar_valid = true;
    m.ar = burst(0xff0, 1);  // 0xff0..0x100f
    SlaveOut s;
    s.ar_ready = true;
    mon.observe(m, s);
    REQUIRE(mon.violations().size() == 1);
  }
  SECTION("WLAST early") {
    AxiMonitor mon(16);
    MasterOut m;
    SlaveOut s;
    s.aw_ready = s.w_ready = true;
    m.aw_valid = true;
    m.aw = burst(0x100, 3);
    m.w_valid = true;
    m.w_last = true;
    m.w_data.assign(16, 0);
    m.w_strb.assign(16, true);
    mon.observe(m, s);
    REQUIRE(mon.violations().size() == 1);
  }
  SECTION("R with no read outstanding, and RLAST missing") {
    AxiMonitor mon(16);
    MasterOut m;
    m.r_ready = true;
    SlaveOut s;
    s.r_valid = true;
    s.r_data.assign(16, 0);
    mon.observe(m, s);
    REQUIRE(mon.violations().size() == 1);
    MasterOut a;
    a.ar_valid = true;
    a.ar = burst(0x100, 0);
    a.r_ready = true;
    SlaveOut sa;
    sa.ar_ready = true;
    mon.observe(a, sa);
    a.ar_valid = false;
    s.r_last = false;  // the only beat must be the last
    mon.observe(a, s);
    REQUIRE(mon.violations().size() == 2);
  }
  SECTION("B before the write finished") {
    AxiMonitor mon(16);
    MasterOut m;
    m.b_ready = true;
    SlaveOut s;
    s.b_valid = true;
    mon.observe(m, s);
    REQUIRE(mon.violations().size() == 1);
  }
}
