// SPDX-License-Identifier: Apache-2.0
#include "memory.hpp"

#include <cstring>

namespace npu::vp {

Memory::Memory(sc_core::sc_module_name name, uint64_t size, sc_core::sc_time access_time)
    : sc_module(name), socket("socket"), bytes_(size), access_time_(access_time) {
  socket.register_b_transport(this, &Memory::b_transport);
  socket.register_transport_dbg(this, &Memory::transport_dbg);
}

tlm::tlm_response_status Memory::access(tlm::tlm_generic_payload& trans) {
  const uint64_t addr = trans.get_address(), len = trans.get_data_length();
  if (trans.get_streaming_width() < len) return tlm::TLM_BURST_ERROR_RESPONSE;
  if (addr + len > bytes_.size() || addr + len < addr) return tlm::TLM_ADDRESS_ERROR_RESPONSE;
  if (addr < faulty_hi_ && addr + len > faulty_lo_) return tlm::TLM_GENERIC_ERROR_RESPONSE;
  uint8_t* mem = bytes_.data() + addr;
  uint8_t* data = trans.get_data_ptr();
  const uint8_t* be = trans.get_byte_enable_ptr();
  const unsigned be_len = trans.get_byte_enable_length();
  if (trans.is_read()) {
    std::memcpy(data, mem, len);
  } else if (trans.is_write()) {
    for (uint64_t i = 0; i < len; ++i)
      if (!be || be[i % be_len] == TLM_BYTE_ENABLED) mem[i] = data[i];
  } else {
    return tlm::TLM_COMMAND_ERROR_RESPONSE;
  }
  return tlm::TLM_OK_RESPONSE;
}

void Memory::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  trans.set_response_status(access(trans));
  delay += access_time_;
}

unsigned Memory::transport_dbg(tlm::tlm_generic_payload& trans) {
  return access(trans) == tlm::TLM_OK_RESPONSE ? trans.get_data_length() : 0;
}

}  // namespace npu::vp
