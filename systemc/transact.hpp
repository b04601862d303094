// SPDX-License-Identifier: Apache-2.0
// transact(): one blocking TLM-2.0 access of `len` bytes through an initiator socket, with
// optional byte enables (one per byte). Adds the target's delay to `delay` and returns
// the response status.
#pragma once

#include <systemc>
#include <tlm>

#include <cstdint>

namespace npu::vp {

template <class Socket>
tlm::tlm_response_status transact(Socket& socket, tlm::tlm_command cmd, uint64_t addr, uint8_t* data, unsigned len,
                                  sc_core::sc_time& delay, uint8_t* enables = nullptr) {
  tlm::tlm_generic_payload trans;
  trans.set_command(cmd);
  trans.set_address(addr);
  trans.set_data_ptr(data);
  trans.set_data_length(len);
  trans.set_streaming_width(len);
  if (enables) {
    trans.set_byte_enable_ptr(enables);
    trans.set_byte_enable_length(len);
  }
  trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  socket->b_transport(trans, delay);
  return trans.get_response_status();
}

}  // namespace npu::vp
