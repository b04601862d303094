// SPDX-License-Identifier: Apache-2.0
// The `systemc` backend of the tools: firmware run on the virtual platform with the
// functional NPU model (one platform per process, as SystemC elaborates once).
#pragma once

#include "cpu.hpp"
#include "isa/isa_sim.hpp"

namespace npu::vp {

struct FunctionalRun {
  uint64_t sim_time_ns = 0;   // simulated time at the end
  unsigned irqs = 0;          // interrupts the CPU saw
  unsigned bus_errors = 0;    // CPU accesses answered with an error
};

FunctionalRun run_functional(const isa::Geometry& g, unsigned mem_latency, Cpu::Firmware firmware);

}  // namespace npu::vp
