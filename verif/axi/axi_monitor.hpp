// SPDX-License-Identifier: Apache-2.0
// AxiMonitor: checks the AXI4 rules on both sides of a link, once per cycle, from the
// signals both sides drive in that cycle (call observe() before the clock edge).
//  - a valid stays high, with a stable payload, until it is taken (AR, AW, W, R, B);
//  - INCR bursts never cross a 4 KiB boundary; beats are no wider than the bus;
//  - WLAST and RLAST mark exactly the last beat of their burst;
//  - R and B answer only outstanding requests, in order within each ID.
// Violations are collected as messages; a bench fails when violations() is not empty.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "axi/axi_types.hpp"

namespace npu::verif::axi {

class AxiMonitor {
 public:
  explicit AxiMonitor(unsigned data_bytes) : data_bytes_(data_bytes) {}

  void observe(const MasterOut& m, const SlaveOut& s) {
    // Held valids: compare with the previous cycle when it was not taken.
    if (have_prev_) {
      if (prev_m_.ar_valid && !prev_s_.ar_ready && (!m.ar_valid || !same(prev_m_.ar, m.ar)))
        fail("AR valid dropped or payload changed before ready");
      if (prev_m_.aw_valid && !prev_s_.aw_ready && (!m.aw_valid || !same(prev_m_.aw, m.aw)))
        fail("AW valid dropped or payload changed before ready");
      if (prev_m_.w_valid && !prev_s_.w_ready &&
          (!m.w_valid || m.w_data != prev_m_.w_data || m.w_strb != prev_m_.w_strb ||
           m.w_last != prev_m_.w_last))
        fail("W valid dropped or payload changed before ready");
      if (prev_s_.r_valid && !prev_m_.r_ready &&
          (!s.r_valid || s.r_id != prev_s_.r_id || s.r_data != prev_s_.r_data ||
           s.r_resp != prev_s_.r_resp || s.r_last != prev_s_.r_last))
        fail("R valid dropped or payload changed before ready");
      if (prev_s_.b_valid && !prev_m_.b_ready &&
          (!s.b_valid || s.b_id != prev_s_.b_id || s.b_resp != prev_s_.b_resp))
        fail("B valid dropped or payload changed before ready");
    }
    prev_m_ = m;
    prev_s_ = s;
    have_prev_ = true;

    // Handshakes in this cycle.
    if (m.ar_valid && s.ar_ready) {
      check_address("AR", m.ar);
      reads_[m.ar.id].push_back(m.ar.len);
    }
    if (m.aw_valid && s.aw_ready) {
      check_address("AW", m.aw);
      aw_lens_.push_back({m.aw.id, m.aw.len});
      match_writes();
    }
    if (m.w_valid && s.w_ready) {
      ++w_beats_;
      if (m.w_last) {
        w_bursts_.push_back(w_beats_);
        w_beats_ = 0;
        match_writes();
      }
    }
    if (s.r_valid && m.r_ready) {
      auto& q = reads_[s.r_id];
      if (q.empty()) {
        fail("R beat for ID " + std::to_string(s.r_id) + " with no outstanding read");
      } else {
        const bool last = r_beats_[s.r_id] == q.front();
        if (s.r_last != last) fail("RLAST on the wrong beat for ID " + std::to_string(s.r_id));
        if (last) {
          q.pop_front();
          r_beats_[s.r_id] = 0;
          ++reads_done_;
        } else {
          ++r_beats_[s.r_id];
        }
      }
    }
    if (s.b_valid && m.b_ready) {
      auto& n = writes_done_[s.b_id];
      if (n == 0) {
        fail("B response for ID " + std::to_string(s.b_id) + " with no finished write");
      } else {
        --n;
        ++bresps_;
      }
    }
  }

  const std::vector<std::string>& violations() const { return violations_; }
  uint64_t reads_completed() const { return reads_done_; }
  uint64_t writes_completed() const { return bresps_; }

 private:
  static bool same(const Addr& a, const Addr& b) {
    return a.addr == b.addr && a.id == b.id && a.len == b.len && a.size == b.size &&
           a.burst == b.burst;
  }

  void check_address(const char* channel, const Addr& a) {
    if ((1u << a.size) > data_bytes_) fail(std::string(channel) + " beat wider than the bus");
    if (a.burst != kIncr) fail(std::string(channel) + " burst type is not INCR");
    const uint64_t last = burst_end(a) - 1;
    if ((a.addr >> 12) != (last >> 12))
      fail(std::string(channel) + " burst crosses a 4 KiB boundary at address " +
           std::to_string(a.addr));
  }

  // W bursts follow AW order (write data may come before its address).
  void match_writes() {
    while (!aw_lens_.empty() && !w_bursts_.empty()) {
      const auto [id, len] = aw_lens_.front();
      if (w_bursts_.front() != unsigned{len} + 1u)
        fail("WLAST after " + std::to_string(w_bursts_.front()) + " beats, burst has " +
             std::to_string(unsigned{len} + 1u));
      aw_lens_.pop_front();
      w_bursts_.pop_front();
      ++writes_done_[id];
    }
  }

  void fail(const std::string& what) {
    if (violations_.size() < 100) violations_.push_back(what);
  }

  unsigned data_bytes_;
  bool have_prev_ = false;
  MasterOut prev_m_;
  SlaveOut prev_s_;
  std::map<uint32_t, std::deque<uint8_t>> reads_;
  std::map<uint32_t, unsigned> r_beats_;
  std::deque<std::pair<uint32_t, uint8_t>> aw_lens_;
  std::deque<unsigned> w_bursts_;
  unsigned w_beats_ = 0;
  std::map<uint32_t, unsigned> writes_done_;
  uint64_t reads_done_ = 0;
  uint64_t bresps_ = 0;
  std::vector<std::string> violations_;
};

}  // namespace npu::verif::axi
