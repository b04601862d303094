// SPDX-License-Identifier: Apache-2.0
// Copies between a Verilated model's AXI4 master ports (axi_*) and the plain bundles of
// axi_types.hpp, so every bench wires a model to AxiMemory and AxiMonitor the same way.
#pragma once

#include "axi/axi_types.hpp"
#include "port_bits.hpp"

namespace npu::verif::axi {

// The slave's outputs into the model (before eval).
template <class Model>
void drive_master_inputs(Model& d, const SlaveOut& s, unsigned bus_bytes) {
  d.axi_ar_ready_i = s.ar_ready;
  d.axi_aw_ready_i = s.aw_ready;
  d.axi_w_ready_i = s.w_ready;
  d.axi_r_valid_i = s.r_valid;
  d.axi_r_id_i = s.r_id;
  d.axi_r_resp_i = s.r_resp;
  d.axi_r_last_i = s.r_last;
  if (s.r_valid)
    for (unsigned i = 0; i < bus_bytes; ++i) set_field(d.axi_r_data_i, i * 8, 8, s.r_data[i]);
  d.axi_b_valid_i = s.b_valid;
  d.axi_b_id_i = s.b_id;
  d.axi_b_resp_i = s.b_resp;
}

// The model's master outputs (after eval).
template <class Model>
MasterOut sample_master_outputs(Model& d, unsigned bus_bytes) {
  MasterOut m;
  m.ar_valid = d.axi_ar_valid_o;
  m.ar = {d.axi_ar_addr_o, d.axi_ar_id_o, static_cast<uint8_t>(d.axi_ar_len_o),
          static_cast<uint8_t>(d.axi_ar_size_o), static_cast<uint8_t>(d.axi_ar_burst_o)};
  m.aw_valid = d.axi_aw_valid_o;
  m.aw = {d.axi_aw_addr_o, d.axi_aw_id_o, static_cast<uint8_t>(d.axi_aw_len_o),
          static_cast<uint8_t>(d.axi_aw_size_o), static_cast<uint8_t>(d.axi_aw_burst_o)};
  m.w_valid = d.axi_w_valid_o;
  m.w_data.resize(bus_bytes);
  m.w_strb.resize(bus_bytes);
  for (unsigned i = 0; i < bus_bytes; ++i) {
    m.w_data[i] = static_cast<uint8_t>(get_field(d.axi_w_data_o, i * 8, 8));
    m.w_strb[i] = get_field(d.axi_w_strb_o, i, 1) != 0;
  }
  m.w_last = d.axi_w_last_o;
  m.r_ready = d.axi_r_ready_o;
  m.b_ready = d.axi_b_ready_o;
  return m;
}

}  // namespace npu::verif::axi
