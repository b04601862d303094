// SPDX-License-Identifier: Apache-2.0
// NocBench: npu_noc_mesh with a packet source and a sink at every node. Sources keep
// credits per virtual channel as the mesh's injectors must; a packet travels on VC
// (src + dst) mod Vcs, so one source-destination pair keeps one VC and its order. A
// source queues packets per VC, like a network interface with a buffer per class, and
// each cycle sends a flit of the next VC (round robin) that has a packet and a credit. Sinks
// hold up to BufferDepth flits per VC, take them out at random (back-pressure) and return
// a credit for each. A scoreboard checks that every
// packet arrives exactly once, whole, at its destination, in order per source and
// destination; a watchdog fails the run if packets are pending and nothing moves.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "harness.hpp"
#include "model_shapes.hpp"
#include "port_bits.hpp"

namespace npu::verif {

struct Packet {
  unsigned src = 0, dst = 0, seq = 0, flits = 1, vc = 0;
  uint64_t created = 0;  // cycle it joined its source's queue
};

template <class Model, class Shape = NocShape<Model>>
class NocBench {
 public:
  static constexpr unsigned kX = Shape::mesh_x, kY = Shape::mesh_y, kNodes = kX * kY;
  static constexpr unsigned kFlit = Shape::flit_width, kDepth = Shape::buffer_depth, kV = Shape::vcs;
  static constexpr unsigned kVcBits = kV > 2 ? 2 : 1;
  static constexpr unsigned kLink = kFlit + 2;
  static constexpr unsigned kCoord = [] {
    unsigned bits = 1;
    while ((1u << bits) < (kX > kY ? kX : kY)) ++bits;
    return bits;
  }();
  // Payload fields after the destination: source, sequence number, flit index.
  static constexpr unsigned kSrcLsb = 2 * kCoord, kSrcBits = 6, kSeqLsb = kSrcLsb + kSrcBits,
                            kSeqBits = 12, kIdxLsb = kSeqLsb + kSeqBits, kIdxBits = 4;
  static_assert(kIdxLsb + kIdxBits <= kFlit, "flit too narrow for the test fields");

  NocBench(const std::string& name, uint64_t seed, double sink_stall = 0.0)
      : h(name), rng_(seed), stall_(sink_stall), credits_(kNodes * kV, kDepth), queues_(kNodes * kV),
        sink_(kNodes * kV), partial_(kNodes * kV), next_seq_(kNodes * kNodes, 0), expect_seq_(kNodes * kNodes, 0) {
    h.reset();
  }

  Harness<Model> h;
  uint64_t sent_packets = 0, received_packets = 0, received_flits = 0;
  std::vector<uint64_t> latencies;          // per received packet, cycles
  std::vector<uint64_t> received_from;      // per source
  uint64_t measure_from = 0;                // latencies and counts only for packets created after

  unsigned node(unsigned x, unsigned y) const { return y * kX + x; }

  void send(unsigned src, unsigned dst, unsigned flits) {
    Packet p{src, dst, next_seq_[src * kNodes + dst]++ % (1u << kSeqBits), flits, (src + dst) % kV, h.cycle()};
    queues_[src * kV + p.vc].push_back(p);
    ++sent_packets;
  }
  std::size_t queued(unsigned src) const {
    std::size_t n = 0;
    for (unsigned v = 0; v < kV; ++v) n += queues_[src * kV + v].size();
    return n;
  }
  bool idle() const {
    for (const auto& q : queues_)
      if (!q.empty()) return false;
    for (unsigned q = 0; q < kNodes * kV; ++q)
      if (!sink_[q].empty() || partial_[q].active) return false;
    return received_packets == sent_packets;
  }

  void step() {
    auto& d = h.dut();
    // Sources: the next flit of the head packet, while holding a credit.
    std::vector<int> injecting(kNodes, -1);  // the queue (node * Vcs + VC) sending
    for (unsigned n = 0; n < kNodes; ++n) {
      for (unsigned k = 0; k < kV && injecting[n] < 0; ++k) {
        const unsigned q = n * kV + (next_vc_[n] + k) % kV;
        if (!queues_[q].empty() && credits_[q] > 0) injecting[n] = static_cast<int>(q);
      }
      set_field(d.inject_valid_i, n, 1, injecting[n] >= 0);
      if (injecting[n] >= 0) {
        const Packet& p = queues_[injecting[n]].front();
        set_flit(d, n, p, inject_idx_[injecting[n]]);
        set_field(d.inject_vc_i, n * kVcBits, kVcBits, p.vc);
        next_vc_[n] = (p.vc + 1) % kV;
      }
    }
    // Sinks: take a flit of some VC out now and then, returning its credit.
    for (unsigned n = 0; n < kNodes; ++n) {
      const unsigned start = static_cast<unsigned>(rng_() % kV);
      bool took = false;
      for (unsigned k = 0; k < kV; ++k) {
        const unsigned v = (start + k) % kV, q = n * kV + v;
        const bool take = !took && !sink_[q].empty() && !std::bernoulli_distribution(stall_)(rng_);
        if (take) {
          consume(n, v, sink_[q].front());
          sink_[q].pop_front();
          took = true;
        }
        set_field(d.eject_credit_i, q, 1, take);
      }
    }
    h.eval();
    bool moved = false;
    for (unsigned n = 0; n < kNodes; ++n) {
      if (get_field(d.eject_valid_o, n, 1)) {
        const unsigned v = static_cast<unsigned>(get_field(d.eject_vc_o, n * kVcBits, kVcBits));
        if (v >= kV || sink_[n * kV + v].size() >= kDepth)
          throw SimError("mesh sent a flit to a full sink VC (credits broken)");
        sink_[n * kV + v].push_back(get_flit(d, n));
        moved = true;
      }
      for (unsigned v = 0; v < kV; ++v)
        if (get_field(d.inject_credit_o, n * kV + v, 1)) ++credits_[n * kV + v];
      if (injecting[n] >= 0) {
        const unsigned q = static_cast<unsigned>(injecting[n]);
        --credits_[q];
        moved = true;
        if (++inject_idx_[q] == queues_[q].front().flits) {
          inject_idx_[q] = 0;
          queues_[q].pop_front();
        }
      }
    }
    h.tick();
    idle_cycles_ = moved || idle() ? 0 : idle_cycles_ + 1;
    if (idle_cycles_ > 2000) throw SimError("no flit moved for 2000 cycles with packets pending (deadlock)");
  }

  void run_until_idle(uint64_t max_cycles) {
    const uint64_t start = h.cycle();
    while (!idle()) {
      if (h.cycle() - start > max_cycles) throw SimError("packets still in flight after " + std::to_string(max_cycles));
      step();
    }
  }

 private:
  struct Flit {
    bool head, tail;
    std::vector<uint64_t> bits;  // payload, 64 bits a word
    uint64_t field(unsigned lsb, unsigned n) const {
      uint64_t v = 0;
      for (unsigned i = 0; i < n; ++i) v |= ((bits[(lsb + i) / 64] >> ((lsb + i) % 64)) & 1u) << i;
      return v;
    }
  };
  struct Partial {
    bool active = false;
    unsigned src = 0, seq = 0, next_idx = 0;
    uint64_t created = 0;
  };

  void set_flit(Model& d, unsigned n, const Packet& p, unsigned idx) {
    const unsigned base = n * kLink;
    for (unsigned b = 0; b < kFlit; ++b) set_field(d.inject_flit_i, base + b, 1, 0);
    set_field(d.inject_flit_i, base, kCoord, p.dst % kX);
    set_field(d.inject_flit_i, base + kCoord, kCoord, p.dst / kX);
    set_field(d.inject_flit_i, base + kSrcLsb, kSrcBits, p.src);
    set_field(d.inject_flit_i, base + kSeqLsb, kSeqBits, p.seq);
    set_field(d.inject_flit_i, base + kIdxLsb, kIdxBits, idx);
    set_field(d.inject_flit_i, base + kFlit, 1, idx + 1 == p.flits);  // tail
    set_field(d.inject_flit_i, base + kFlit + 1, 1, idx == 0);         // head
    // The creation cycle stays here, keyed by source, destination and sequence number.
    created_[p.src * kNodes * (1u << kSeqBits) + p.dst * (1u << kSeqBits) + p.seq] = p.created;
  }

  Flit get_flit(Model& d, unsigned n) {
    Flit f;
    const unsigned base = n * kLink;
    f.bits.assign((kFlit + 63) / 64, 0);
    for (unsigned b = 0; b < kFlit; ++b)
      if (get_field(d.eject_flit_o, base + b, 1)) f.bits[b / 64] |= uint64_t{1} << (b % 64);
    f.tail = get_field(d.eject_flit_o, base + kFlit, 1);
    f.head = get_field(d.eject_flit_o, base + kFlit + 1, 1);
    return f;
  }

  void consume(unsigned n, unsigned vc, const Flit& f) {
    Partial& p = partial_[n * kV + vc];
    const unsigned src = static_cast<unsigned>(f.field(kSrcLsb, kSrcBits));
    const unsigned seq = static_cast<unsigned>(f.field(kSeqLsb, kSeqBits));
    const unsigned idx = static_cast<unsigned>(f.field(kIdxLsb, kIdxBits));
    const std::string at = "node " + std::to_string(n) + ": ";
    if (f.head) {
      if (p.active) throw SimError(at + "a head inside another packet (wormhole broken)");
      const unsigned dx = static_cast<unsigned>(f.field(0, kCoord)), dy = static_cast<unsigned>(f.field(kCoord, kCoord));
      if (node(dx, dy) != n) throw SimError(at + "packet for node " + std::to_string(node(dx, dy)) + " delivered here");
      unsigned& want = expect_seq_[src * kNodes + n];
      if (seq != want) throw SimError(at + "from " + std::to_string(src) + " got sequence " + std::to_string(seq) +
                                      ", expected " + std::to_string(want) + " (lost, duplicated or reordered)");
      want = (want + 1) % (1u << kSeqBits);
      p = {true, src, seq, 0, created_.at(src * kNodes * (1u << kSeqBits) + n * (1u << kSeqBits) + seq)};
    } else if (!p.active) {
      throw SimError(at + "a body flit without a head");
    }
    if (src != p.src || seq != p.seq || idx != p.next_idx)
      throw SimError(at + "flit of another packet, or out of order, inside a packet");
    ++p.next_idx;
    ++received_flits;
    if (f.tail) {
      p.active = false;
      ++received_packets;
      if (received_from.size() < kNodes) received_from.assign(kNodes, 0);
      if (p.created >= measure_from) {
        latencies.push_back(h.cycle() - p.created);
        ++received_from[src];
      }
    }
  }

  std::mt19937_64 rng_;
  double stall_;
  std::vector<unsigned> credits_;
  std::vector<std::deque<Packet>> queues_;
  std::vector<std::deque<Flit>> sink_;
  std::vector<Partial> partial_;
  std::vector<unsigned> next_seq_, expect_seq_;
  std::vector<unsigned> inject_idx_ = std::vector<unsigned>(kNodes * kV, 0);  // per queue
  std::vector<unsigned> next_vc_ = std::vector<unsigned>(kNodes, 0);
  std::map<uint64_t, uint64_t> created_;
  uint64_t idle_cycles_ = 0;
};

}  // namespace npu::verif
