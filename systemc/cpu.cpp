// SPDX-License-Identifier: Apache-2.0
#include "cpu.hpp"

#include <algorithm>

#include "transact.hpp"

namespace npu::vp {

Cpu::Cpu(sc_core::sc_module_name name, uint64_t csr_base, sc_core::sc_time clock)
    : sc_module(name), socket("socket"), irq("irq"), csr_base_(csr_base), clock_(clock) {
  SC_HAS_PROCESS(Cpu);
  SC_THREAD(run);
  // The end of the firmware is the normal end of a run: no "stopped by user" report.
  sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
}

bool Cpu::transfer(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, unsigned len) {
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  const tlm::tlm_response_status status = transact(socket, cmd, addr, data, len, delay);
  wait(delay);
  if (status != tlm::TLM_OK_RESPONSE) {
    ++bus_errors_;
    last_error_ = status;
    return false;
  }
  return true;
}

// Memory copies go in pieces of at most a page, as a CPU's cache lines would.
bool Cpu::copy(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, size_t n) {
  for (size_t done = 0; done < n;) {
    const unsigned len = static_cast<unsigned>(std::min<size_t>(n - done, 4096 - (addr + done) % 4096));
    if (!transfer(cmd, addr + done, data + done, len)) return false;
    done += len;
  }
  return true;
}

npu_hal Cpu::hal() {
  npu_hal h{};
  h.ctx = this;
  h.read32 = [](void* c, uint32_t off) -> uint32_t {
    auto* cpu = static_cast<Cpu*>(c);
    uint8_t b[4] = {};
    if (!cpu->transfer(tlm::TLM_READ_COMMAND, cpu->csr_base_ + off, b, 4)) return 0xFFFFFFFFu;
    return uint32_t{b[0]} | uint32_t{b[1]} << 8 | uint32_t{b[2]} << 16 | uint32_t{b[3]} << 24;
  };
  h.write32 = [](void* c, uint32_t off, uint32_t v) {
    auto* cpu = static_cast<Cpu*>(c);
    uint8_t b[4] = {uint8_t(v), uint8_t(v >> 8), uint8_t(v >> 16), uint8_t(v >> 24)};
    cpu->transfer(tlm::TLM_WRITE_COMMAND, cpu->csr_base_ + off, b, 4);
  };
  h.wait_irq = [](void* c, uint64_t budget) -> int {
    auto* cpu = static_cast<Cpu*>(c);
    if (!cpu->irq.read()) cpu->wait(cpu->clock_ * static_cast<double>(budget), cpu->irq.posedge_event());
    if (cpu->irq.read()) ++cpu->irqs_seen_;
    return cpu->irq.read() ? 1 : 0;
  };
  h.mem_write = [](void* c, uint64_t addr, const void* src, size_t n) -> int {
    auto* p = const_cast<uint8_t*>(static_cast<const uint8_t*>(src));  // a write only reads it
    return static_cast<Cpu*>(c)->copy(tlm::TLM_WRITE_COMMAND, addr, p, n) ? 0 : -1;
  };
  h.mem_read = [](void* c, uint64_t addr, void* dst, size_t n) -> int {
    return static_cast<Cpu*>(c)->copy(tlm::TLM_READ_COMMAND, addr, static_cast<uint8_t*>(dst), n) ? 0 : -1;
  };
  return h;
}

void Cpu::run() {
  try {
    if (firmware_) firmware_(hal());
  } catch (...) {
    failure_ = std::current_exception();
  }
  sc_core::sc_stop();
}

}  // namespace npu::vp
