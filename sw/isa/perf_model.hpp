// SPDX-License-Identifier: Apache-2.0
// PerfModel: how many cycles the core takes for a program, estimated from the program
// alone. The core's units become timelines: fetch (bursts of 64 bytes, one in flight),
// decode (one instruction a cycle into queues of QueueDepth), and the load, exec and
// store units, each in order, joined by the four dependency token counters exactly as the
// program's push/pop flags say. Each instruction costs what docs/architecture.md and
// docs/memory.md give for its unit (bursts and memory latency for the DMA, m + k per
// MATMUL plus the array's drain, a row a cycle for requantization, ...). The SystemC
// functional model annotates its time with it; `bench_systemc` measures its error
// against the RTL.
#pragma once

#include <cstdint>
#include <vector>

#include "isa/instr.hpp"
#include "isa/isa_sim.hpp"

namespace npu::isa {

struct PerfParams {
  unsigned mem_latency = 20;  // cycles from a burst's address to its first data beat
  unsigned queue_depth = 8;   // instructions per unit queue (npu_core QueueDepth)
  unsigned fetch_depth = 8;   // instructions the fetch buffer holds
  unsigned max_bursts = 8;    // bursts in flight per direction (npu_pkg::DmaMaxBursts)
};

struct PerfEstimate {
  uint64_t cycles = 0;     // START to STATUS.DONE
  uint64_t load_busy = 0;  // cycles each unit spends on its instructions
  uint64_t exec_busy = 0;
  uint64_t store_busy = 0;
};

// The estimate for a program (pass the instructions up to the failing one for a run that
// stopped on an error).
PerfEstimate estimate_cycles(const Geometry& g, const std::vector<Instr>& program, const PerfParams& p = {});

}  // namespace npu::isa
