// SPDX-License-Identifier: Apache-2.0
// NpuTlm: the functional NPU behind a TLM target socket. Its registers are the ISA
// simulator's device (hal::IsaDevice, the same map as the core); START hands the run to
// a thread that executes the program on the ISA simulator, reading DRAM a page at a time
// through its own initiator socket (an error response becomes the core's slverr/decerr
// at the unit that made the access) and writing back the pages it changed. It then waits
// the cycles the performance model (isa/perf_model.hpp) estimates for the program before
// it raises DONE and the interrupt; PERF_CYCLES reads that estimate.
#pragma once

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "hal/hal_isa.hpp"
#include "isa/perf_model.hpp"

namespace npu::vp {

class NpuTlm : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<NpuTlm> csr;         // registers (32-bit accesses)
  tlm_utils::simple_initiator_socket<NpuTlm> memory;   // DRAM, as the core's AXI master
  sc_core::sc_out<bool> irq;

  NpuTlm(sc_core::sc_module_name name, isa::Geometry g, sc_core::sc_time clock, isa::PerfParams perf = {});

  uint64_t last_estimate() const { return last_estimate_; }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  void run_thread();
  unsigned fetch_page(uint64_t addr, uint8_t* page);
  void write_back();

  hal::IsaDevice device_;
  sc_core::sc_time clock_;
  isa::PerfParams perf_;
  sc_core::sc_event start_;
  uint64_t last_estimate_ = 0;
};

}  // namespace npu::vp
