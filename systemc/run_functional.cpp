// SPDX-License-Identifier: Apache-2.0
#include "run_functional.hpp"

#include "npu_tlm.hpp"
#include "platform.hpp"

namespace npu::vp {

FunctionalRun run_functional(const isa::Geometry& g, unsigned mem_latency, Cpu::Firmware firmware) {
  const PlatformConfig cfg;
  isa::PerfParams perf;
  perf.mem_latency = mem_latency;
  Platform<NpuTlm> platform("platform", cfg, g, cfg.clock, perf);
  platform.run(std::move(firmware));
  return {static_cast<uint64_t>(sc_core::sc_time_stamp().to_seconds() * 1e9), platform.cpu.irqs_seen(),
          platform.cpu.bus_errors()};
}

}  // namespace npu::vp
