// SPDX-License-Identifier: Apache-2.0
#include "npu_tlm.hpp"

#include "isa/isa_sim.hpp"
#include "npu_isa.h"
#include "transact.hpp"

namespace npu::vp {

namespace {
// Registers are 32 bits at 4-byte offsets below this (npu_core's CsrAddrWidth = 8).
constexpr uint64_t kCsrSpace = 256;

unsigned bus_error(tlm::tlm_response_status s) {
  return s == tlm::TLM_ADDRESS_ERROR_RESPONSE ? spec::kErrDecerr : spec::kErrSlverr;
}
}  // namespace

NpuTlm::NpuTlm(sc_core::sc_module_name name, isa::Geometry g, sc_core::sc_time clock, isa::PerfParams perf)
    : sc_module(name), csr("csr"), memory("memory"), irq("irq"), device_(g), clock_(clock), perf_(perf) {
  csr.register_b_transport(this, &NpuTlm::b_transport);
  device_.set_start_handler([this] { start_.notify(sc_core::SC_ZERO_TIME); });
  device_.dram().set_source([this](uint64_t addr, uint8_t* page) { return fetch_page(addr, page); });
  SC_HAS_PROCESS(NpuTlm);
  SC_THREAD(run_thread);
}

void NpuTlm::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const uint64_t off = trans.get_address();
  // The core answers SLVERR for anything but a 32-bit access to one of its registers.
  if (trans.get_data_length() != 4 || off >= kCsrSpace || !hal::IsaDevice::mapped(static_cast<uint32_t>(off)) ||
      trans.get_byte_enable_ptr()) {
    trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    return;
  }
  uint8_t* d = trans.get_data_ptr();
  if (trans.is_write()) {
    device_.write32(static_cast<uint32_t>(off), uint32_t{d[0]} | uint32_t{d[1]} << 8 | uint32_t{d[2]} << 16 |
                                                    uint32_t{d[3]} << 24);
  } else {
    const uint32_t v = device_.read32(static_cast<uint32_t>(off));
    for (unsigned i = 0; i < 4; ++i) d[i] = static_cast<uint8_t>(v >> (8 * i));
  }
  irq.write(device_.irq());
  delay += clock_ * 2.0;  // a register access on the AXI4-Lite port takes about two cycles
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned NpuTlm::fetch_page(uint64_t addr, uint8_t* page) {
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;  // time comes from the performance model instead
  const auto status = transact(memory, tlm::TLM_READ_COMMAND, addr, page, isa::Dram::kPage, delay);
  return status == tlm::TLM_OK_RESPONSE ? 0 : bus_error(status);
}

void NpuTlm::write_back() {
  isa::Dram& dram = device_.dram();
  for (uint64_t addr : dram.dirty_pages()) {
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    transact(memory, tlm::TLM_WRITE_COMMAND, addr, const_cast<uint8_t*>(dram.page_data(addr)), isa::Dram::kPage, delay);
  }
  dram.clear_dirty();
}

void NpuTlm::run_thread() {
  for (;;) {
    wait(start_);
    const uint64_t epoch = device_.epoch();
    isa::Dram& dram = device_.dram();
    dram.forget();  // the CPU may have changed memory since the last run
    const isa::RunParams params = device_.run_params();
    const isa::Outcome out = device_.sim().run(dram, params);
    write_back();
    // The instructions that ran (up to the failing one) set the time.
    std::vector<isa::Instr> program;
    const uint32_t ran = out.error ? out.error_pc : params.prog_len;
    try {
      for (uint32_t i = 0; i < ran && i < params.prog_len; ++i)
        program.push_back(isa::Instr::from_bytes(dram.read(params.prog_base + 16ull * i, 16).data()));
    } catch (const isa::BusFault&) {
      // the program itself could not be read: only the start-up time is charged
    }
    last_estimate_ = isa::estimate_cycles(device_.sim().geometry(), program, perf_).cycles;
    wait(clock_ * static_cast<double>(last_estimate_));
    if (device_.epoch() != epoch) continue;  // soft-reset meanwhile
    device_.finish(out, last_estimate_);
    irq.write(device_.irq());
  }
}

}  // namespace npu::vp
