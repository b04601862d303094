// SPDX-License-Identifier: Apache-2.0
// One AXI4-Lite transaction at a time from a host to a Verilated model's s_* slave ports
// (a core's CSRs, a cluster's global block). `bench` gives h.eval() and step() (one clock
// edge with everything else on the model); a transaction with no answer in 1000 cycles
// throws.
#pragma once

#include <cstdint>
#include <utility>

#include "harness.hpp"

namespace npu::verif::axi {

// Returns the B response. aw_delay / w_delay: cycles before AWVALID / WVALID rise (a
// master may raise them in any order; the slave must answer either way).
template <class Bench>
unsigned lite_write(Bench& bench, uint32_t addr, uint32_t data, unsigned strb = 0xF,
                    unsigned aw_delay = 0, unsigned w_delay = 0) {
  auto& d = bench.h.dut();
  d.s_aw_valid_i = 0;
  d.s_aw_addr_i = addr;
  d.s_w_valid_i = 0;
  d.s_w_data_i = data;
  d.s_w_strb_i = strb;
  d.s_b_ready_i = 1;
  bool aw_done = false, w_done = false;
  for (unsigned guard = 0; guard < 1000; ++guard) {
    if (!aw_done) d.s_aw_valid_i = guard >= aw_delay;
    if (!w_done) d.s_w_valid_i = guard >= w_delay;
    bench.h.eval();
    const bool aw_fire = d.s_aw_valid_i && d.s_aw_ready_o;
    const bool w_fire = d.s_w_valid_i && d.s_w_ready_o;
    const bool b_fire = d.s_b_valid_o && d.s_b_ready_i;
    const unsigned resp = d.s_b_resp_o;
    bench.step();
    if (aw_fire) aw_done = true, d.s_aw_valid_i = 0;
    if (w_fire) w_done = true, d.s_w_valid_i = 0;
    if (b_fire) {
      d.s_b_ready_i = 0;
      if (!aw_done || !w_done) throw SimError("AXI4-Lite write: B before AW and W");
      return resp;
    }
  }
  throw SimError("AXI4-Lite write got no response");
}

// Returns {data, resp}.
template <class Bench>
std::pair<uint32_t, unsigned> lite_read(Bench& bench, uint32_t addr) {
  auto& d = bench.h.dut();
  d.s_ar_valid_i = 1;
  d.s_ar_addr_i = addr;
  d.s_r_ready_i = 1;
  for (unsigned guard = 0; guard < 1000; ++guard) {
    bench.h.eval();
    const bool ar_fire = d.s_ar_valid_i && d.s_ar_ready_o;
    const bool r_fire = d.s_r_valid_o && d.s_r_ready_i;
    const uint32_t data = d.s_r_data_o;
    const unsigned resp = d.s_r_resp_o;
    bench.step();
    if (ar_fire) d.s_ar_valid_i = 0;
    if (r_fire) {
      d.s_r_ready_i = 0;
      return {data, resp};
    }
  }
  throw SimError("AXI4-Lite read got no response");
}

}  // namespace npu::verif::axi
