// SPDX-License-Identifier: Apache-2.0
// AxiMemory: an AXI4 slave with a sparse byte memory, for every bench with an AXI4 master.
//  - latency: extra cycles between an accepted address (AR, or the last W beat) and its
//    response; 0 means the response can be valid in the very next cycle;
//  - back-pressure: each ready, and each response valid, may be withheld at random;
//  - reordering: responses of different IDs may come in any order (same ID: in order);
//  - error injection: a burst touching a chosen range gets SLVERR or DECERR, and a
//    write there changes nothing.
// Use: each cycle call outputs() for what the slave drives, then edge(master) at the
// clock edge. The slave's outputs depend only on its state, never on this cycle's inputs.
// Several ports of one DRAM (a cluster's memory nodes) share one MemoryStore.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "axi/axi_types.hpp"

namespace npu::verif::axi {

struct MemoryConfig {
  unsigned data_bytes = 16;
  unsigned latency = 0;
  double ar_stall = 0.0;  // chance that ar_ready is low in a cycle
  double aw_stall = 0.0;
  double w_stall = 0.0;
  double r_stall = 0.0;   // chance that a ready response waits a cycle before valid
  double b_stall = 0.0;
  bool reorder = false;   // let responses of different IDs overtake each other
  uint64_t seed = 1;
};

// The bytes behind one or more AxiMemory ports, in 4 KiB pages made on first touch.
using MemoryStore = std::unordered_map<uint64_t, std::unique_ptr<std::array<uint8_t, 4096>>>;

class AxiMemory {
 public:
  explicit AxiMemory(MemoryConfig config, std::shared_ptr<MemoryStore> store = nullptr)
      : cfg_(config), rng_(config.seed), pages_(store ? std::move(store) : std::make_shared<MemoryStore>()) {
    if (cfg_.data_bytes == 0 || (cfg_.data_bytes & (cfg_.data_bytes - 1)) != 0)
      throw std::invalid_argument("AxiMemory: data_bytes must be a power of two");
    decide_readies();
  }

  // --- backdoor -------------------------------------------------------------------------
  void write_bytes(uint64_t addr, const std::vector<uint8_t>& bytes) {
    for (std::size_t i = 0; i < bytes.size(); ++i) byte(addr + i) = bytes[i];
  }
  std::vector<uint8_t> read_bytes(uint64_t addr, std::size_t n) {
    std::vector<uint8_t> out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = byte(addr + i);
    return out;
  }
  // Bursts touching [lo, hi) answer with `resp` (kSlvErr or kDecErr).
  void inject_error(uint64_t lo, uint64_t hi, Resp resp) { errors_.push_back({lo, hi, resp}); }
  void clear_errors() { errors_.clear(); }

  // --- cycle interface ------------------------------------------------------------------
  const SlaveOut& outputs() const { return out_; }

  void edge(const MasterOut& m) {
    ++cycle_;
    // Handshakes of this cycle.
    if (m.ar_valid && out_.ar_ready) {
      check_burst(m.ar);
      reads_.push_back({m.ar, cycle_ + cfg_.latency, 0, error_for(m.ar)});
      ++reads_accepted_;
    }
    if (m.aw_valid && out_.aw_ready) {
      check_burst(m.aw);
      writes_.push_back({m.aw, 0, error_for(m.aw)});
    }
    if (m.w_valid && out_.w_ready) accept_w(m);
    if (out_.r_valid && m.r_ready) {
      Read& rd = *current_read_;
      ++rd.beat;
      if (rd.beat > rd.a.len) {
        for (auto it = reads_.begin(); it != reads_.end(); ++it) {
          if (&*it == current_read_) {
            reads_.erase(it);
            break;
          }
        }
        current_read_ = nullptr;
      }
      out_.r_valid = false;
    }
    if (out_.b_valid && m.b_ready) {
      b_queue_.erase(b_queue_.begin() + static_cast<std::ptrdiff_t>(current_b_));
      out_.b_valid = false;
    }
    decide_readies();
    decide_r();
    decide_b();
  }

  uint64_t cycle() const { return cycle_; }
  uint64_t reads_accepted() const { return reads_accepted_; }
  uint64_t reordered_responses() const { return reordered_; }
  bool idle() const { return reads_.empty() && writes_.empty() && b_queue_.empty(); }

 private:
  struct Read {
    Addr a;
    uint64_t ready_at;
    unsigned beat;
    Resp resp;
  };
  struct Write {
    Addr a;
    unsigned beat;
    Resp resp;
  };
  struct BResp {
    uint32_t id;
    Resp resp;
    uint64_t ready_at;
  };
  struct ErrorRange {
    uint64_t lo, hi;
    Resp resp;
  };

  uint8_t& byte(uint64_t addr) {
    auto& page = (*pages_)[addr >> 12];
    if (!page) page = std::make_unique<std::array<uint8_t, 4096>>();
    return (*page)[addr & 4095];
  }

  void check_burst(const Addr& a) {
    if ((1u << a.size) > cfg_.data_bytes)
      throw std::runtime_error("AxiMemory: beat size larger than the bus");
    if (a.burst != kIncr) throw std::runtime_error("AxiMemory: only INCR bursts are modelled");
  }

  Resp error_for(const Addr& a) const {
    const uint64_t lo = a.addr, hi = burst_end(a);
    for (const auto& e : errors_)
      if (lo < e.hi && e.lo < hi) return e.resp;
    return kOkay;
  }

  // Byte address of lane `lane` in beat `beat` of burst `a`, or ~0 when the lane carries
  // no data (before an unaligned start, or outside the beat's size).
  uint64_t lane_address(const Addr& a, unsigned beat, unsigned lane) const {
    const uint64_t bytes = uint64_t{1} << a.size;
    const uint64_t aligned = a.addr & ~(bytes - 1);
    const uint64_t beat_addr = beat == 0 ? a.addr : aligned + beat * bytes;
    const uint64_t beat_aligned = beat_addr & ~(bytes - 1);
    const uint64_t lane_addr = (beat_addr & ~uint64_t{cfg_.data_bytes - 1}) + lane;
    if (lane_addr < beat_addr || lane_addr >= beat_aligned + bytes) return ~uint64_t{0};
    return lane_addr;
  }

  void accept_w(const MasterOut& m) {
    Write* target = nullptr;
    for (auto& w : writes_) {
      if (w.beat <= w.a.len) {
        target = &w;
        break;
      }
    }
    if (target == nullptr) throw std::runtime_error("AxiMemory: W beat with no address");
    if (target->resp == kOkay) {
      for (unsigned lane = 0; lane < cfg_.data_bytes; ++lane) {
        const uint64_t addr = lane_address(target->a, target->beat, lane);
        if (addr != ~uint64_t{0} && m.w_strb[lane]) byte(addr) = m.w_data[lane];
      }
    }
    ++target->beat;
    if (target->beat > target->a.len) {
      b_queue_.push_back({target->a.id, target->resp, cycle_ + cfg_.latency});
      for (auto it = writes_.begin(); it != writes_.end(); ++it) {
        if (&*it == target) {
          writes_.erase(it);
          break;
        }
      }
    }
  }

  bool chance(double p) { return p > 0.0 && std::bernoulli_distribution(p)(rng_); }

  void decide_readies() {
    out_.ar_ready = !chance(cfg_.ar_stall);
    out_.aw_ready = !chance(cfg_.aw_stall);
    // W is taken only once its address is known (the slave may wait for AW).
    bool need_w = false;
    for (const auto& w : writes_) need_w |= w.beat <= w.a.len;
    out_.w_ready = need_w && !chance(cfg_.w_stall);
  }

  // Choose the read burst to answer: the oldest of each ID is a candidate; without
  // reordering only the oldest overall.
  void decide_r() {
    if (out_.r_valid) return;  // a shown beat stays until taken
    if (current_read_ == nullptr) {
      std::vector<Read*> candidates;
      std::vector<uint32_t> seen;
      for (auto& rd : reads_) {
        bool first_of_id = true;
        for (uint32_t id : seen) first_of_id &= id != rd.a.id;
        seen.push_back(rd.a.id);
        if (!first_of_id || rd.ready_at > cycle_) continue;
        candidates.push_back(&rd);
        if (!cfg_.reorder) break;
      }
      if (!cfg_.reorder && !reads_.empty() && (candidates.empty() || candidates[0] != &reads_.front()))
        candidates.clear();
      if (candidates.empty()) return;
      const std::size_t pick =
          std::uniform_int_distribution<std::size_t>(0, candidates.size() - 1)(rng_);
      current_read_ = candidates[pick];
      if (current_read_ != &reads_.front()) ++reordered_;
    }
    if (chance(cfg_.r_stall)) return;
    const Read& rd = *current_read_;
    out_.r_valid = true;
    out_.r_id = rd.a.id;
    out_.r_resp = rd.resp;
    out_.r_last = rd.beat == rd.a.len;
    out_.r_data.assign(cfg_.data_bytes, 0);
    if (rd.resp == kOkay) {
      for (unsigned lane = 0; lane < cfg_.data_bytes; ++lane) {
        const uint64_t addr = lane_address(rd.a, rd.beat, lane);
        if (addr != ~uint64_t{0}) out_.r_data[lane] = byte(addr);
      }
    }
  }

  void decide_b() {
    if (out_.b_valid) return;
    std::vector<std::size_t> candidates;
    std::vector<uint32_t> seen;
    for (std::size_t i = 0; i < b_queue_.size(); ++i) {
      bool first_of_id = true;
      for (uint32_t id : seen) first_of_id &= id != b_queue_[i].id;
      seen.push_back(b_queue_[i].id);
      if (!first_of_id || b_queue_[i].ready_at > cycle_) continue;
      candidates.push_back(i);
      if (!cfg_.reorder) break;
    }
    if (!cfg_.reorder && !candidates.empty() && candidates[0] != 0) candidates.clear();
    if (candidates.empty() || chance(cfg_.b_stall)) return;
    current_b_ = candidates[std::uniform_int_distribution<std::size_t>(0, candidates.size() - 1)(rng_)];
    if (current_b_ != 0) ++reordered_;
    out_.b_valid = true;
    out_.b_id = b_queue_[current_b_].id;
    out_.b_resp = b_queue_[current_b_].resp;
  }

  MemoryConfig cfg_;
  std::mt19937_64 rng_;
  std::shared_ptr<MemoryStore> pages_;
  std::vector<ErrorRange> errors_;
  std::deque<Read> reads_;
  std::deque<Write> writes_;
  std::deque<BResp> b_queue_;
  Read* current_read_ = nullptr;
  std::size_t current_b_ = 0;
  uint64_t cycle_ = 0;
  uint64_t reads_accepted_ = 0;
  uint64_t reordered_ = 0;
  SlaveOut out_;
};

}  // namespace npu::verif::axi
