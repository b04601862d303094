// SPDX-License-Identifier: Apache-2.0
// Memory: a TLM-2.0 target holding `size` bytes (the platform's DRAM). Reads and writes
// of any length with byte enables; an access past the end answers
// TLM_ADDRESS_ERROR_RESPONSE, one touching a range marked faulty answers
// TLM_GENERIC_ERROR_RESPONSE (the bus adapters turn these into AXI DECERR and SLVERR).
// Each access adds `access_time` to the initiator's delay (loosely timed).
#pragma once

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <vector>

namespace npu::vp {

class Memory : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<Memory> socket;

  Memory(sc_core::sc_module_name name, uint64_t size, sc_core::sc_time access_time);

  // Accesses that touch [lo, hi) fail with a generic error (a broken memory region).
  void set_faulty(uint64_t lo, uint64_t hi) { faulty_lo_ = lo, faulty_hi_ = hi; }
  uint64_t size() const { return bytes_.size(); }
  // Direct access for loading and checking images (no time, no errors).
  uint8_t* data() { return bytes_.data(); }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned transport_dbg(tlm::tlm_generic_payload& trans);
  tlm::tlm_response_status access(tlm::tlm_generic_payload& trans);

  std::vector<uint8_t> bytes_;
  sc_core::sc_time access_time_;
  uint64_t faulty_lo_ = 0, faulty_hi_ = 0;
};

}  // namespace npu::vp
