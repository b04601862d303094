// SPDX-License-Identifier: Apache-2.0
// AXI4 signal bundles as plain structs, one per direction, sampled once per cycle. A bench
// copies a Verilated model's ports into these (and back), so the memory model and the
// monitor never depend on one model's port names.
#pragma once

#include <cstdint>
#include <vector>

namespace npu::verif::axi {

enum Resp : uint8_t { kOkay = 0, kExOkay = 1, kSlvErr = 2, kDecErr = 3 };
enum Burst : uint8_t { kFixed = 0, kIncr = 1, kWrap = 2 };

struct Addr {
  uint64_t addr = 0;
  uint32_t id = 0;
  uint8_t len = 0;    // beats - 1
  uint8_t size = 0;   // log2(bytes per beat)
  uint8_t burst = kIncr;
};

// Everything the master drives in one cycle.
struct MasterOut {
  bool ar_valid = false;
  Addr ar;
  bool aw_valid = false;
  Addr aw;
  bool w_valid = false;
  std::vector<uint8_t> w_data;  // data_bytes bytes, byte i on lane i
  std::vector<bool> w_strb;
  bool w_last = false;
  bool r_ready = false;
  bool b_ready = false;
};

// Everything the slave drives in one cycle.
struct SlaveOut {
  bool ar_ready = false;
  bool aw_ready = false;
  bool w_ready = false;
  bool r_valid = false;
  uint32_t r_id = 0;
  std::vector<uint8_t> r_data;
  uint8_t r_resp = kOkay;
  bool r_last = false;
  bool b_valid = false;
  uint32_t b_id = 0;
  uint8_t b_resp = kOkay;
};

inline uint64_t burst_bytes(const Addr& a) { return (uint64_t{a.len} + 1) << a.size; }

// First and one-past-last byte a burst touches (INCR; the start may be unaligned).
inline uint64_t burst_end(const Addr& a) {
  const uint64_t aligned = a.addr & ~((uint64_t{1} << a.size) - 1);
  return aligned + burst_bytes(a);
}

}  // namespace npu::verif::axi
