// SPDX-License-Identifier: Apache-2.0
// Platform<Npu>: the virtual platform. A CPU running firmware, a router, a DRAM and an NPU
// (NpuTlm, the functional model, or NpuRtl, the Verilated core) with its interrupt line
// to the CPU. The CPU and the NPU's memory port are both initiators on the router.
//
//   0x0000_0000 .. dram_size   DRAM (Memory)
//   0x8000_0000 .. +0x100      NPU registers
//   anything else              TLM_ADDRESS_ERROR_RESPONSE (AXI DECERR)
//
// SystemC elaborates once per process: build one platform, run it, read the results.
#pragma once

#include <systemc>

#include <cstdint>
#include <memory>
#include <utility>

#include "cpu.hpp"
#include "memory.hpp"
#include "router.hpp"

namespace npu::vp {

constexpr uint64_t kDramBase = 0x0;
constexpr uint64_t kCsrBase = 0x8000'0000;
constexpr uint64_t kCsrSize = 0x100;

struct PlatformConfig {
  uint64_t dram_size = 128ull << 20;
  sc_core::sc_time clock{10, sc_core::SC_NS};        // the NPU's clock (100 MHz)
  sc_core::sc_time dram_access{20, sc_core::SC_NS};  // per transaction, for initiators that wait
};

template <class Npu>
class Platform : public sc_core::sc_module {
 public:
  Cpu cpu;
  Router router;
  Memory dram;
  Npu npu;

  template <class... NpuArgs>
  Platform(sc_core::sc_module_name name, const PlatformConfig& cfg, NpuArgs&&... npu_args)
      : sc_module(name), cpu("cpu", kCsrBase, cfg.clock), router("router"),
        dram("dram", cfg.dram_size, cfg.dram_access), npu("npu", std::forward<NpuArgs>(npu_args)...),
        irq_("irq") {
    cpu.socket.bind(router.targets_in);
    npu.memory.bind(router.targets_in);
    router.to_targets.bind(dram.socket);
    router.to_targets.bind(npu.csr);
    router.map(kDramBase, cfg.dram_size, 0, "dram");
    router.map(kCsrBase, kCsrSize, 1, "npu registers");
    npu.irq(irq_);
    cpu.irq(irq_);
  }

  // Runs `firmware` on the CPU until it returns; rethrows what it threw.
  void run(Cpu::Firmware firmware) {
    cpu.set_firmware(std::move(firmware));
    sc_core::sc_start();
    cpu.rethrow();
  }

 private:
  sc_core::sc_signal<bool, sc_core::SC_MANY_WRITERS> irq_;  // the NPU model drives it from two processes
};

}  // namespace npu::vp
