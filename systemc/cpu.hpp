// SPDX-License-Identifier: Apache-2.0
// Cpu: the platform's initiator. It runs firmware (a function given the driver's HAL) in
// a SystemC thread: register accesses and memory copies become b_transport calls through
// the router, each waiting the delay the targets annotate; wait_irq waits on the
// interrupt line. When the firmware returns (or throws) the simulation stops.
#pragma once

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <cstdint>
#include <exception>
#include <functional>

#include "driver/npu_driver.h"

namespace npu::vp {

class Cpu : public sc_core::sc_module {
 public:
  using Firmware = std::function<void(const npu_hal& hal)>;

  tlm_utils::simple_initiator_socket<Cpu> socket;
  sc_core::sc_in<bool> irq;

  // csr_base: where the NPU's registers are on the bus; clock: the NPU's clock period
  // (wait_irq budgets count its cycles).
  Cpu(sc_core::sc_module_name name, uint64_t csr_base, sc_core::sc_time clock);

  void set_firmware(Firmware fw) { firmware_ = std::move(fw); }
  // Rethrows what the firmware threw, after sc_start returned.
  void rethrow() const {
    if (failure_) std::rethrow_exception(failure_);
  }
  // Bus accesses that came back with an error response, and the last one's status.
  unsigned bus_errors() const { return bus_errors_; }
  tlm::tlm_response_status last_error() const { return last_error_; }
  unsigned irqs_seen() const { return irqs_seen_; }

 private:
  void run();
  bool transfer(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, unsigned len);
  bool copy(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, size_t n);
  npu_hal hal();

  uint64_t csr_base_;
  sc_core::sc_time clock_;
  Firmware firmware_;
  std::exception_ptr failure_;
  unsigned bus_errors_ = 0, irqs_seen_ = 0;
  tlm::tlm_response_status last_error_ = tlm::TLM_OK_RESPONSE;
};

}  // namespace npu::vp
