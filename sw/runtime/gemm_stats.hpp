// SPDX-License-Identifier: Apache-2.0
// The runtime's error type and what a call cost (from the performance counters).
#pragma once

#include <cstdint>
#include <stdexcept>

namespace npu::runtime {

class RuntimeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Summed over a call's programs. `cycles` adds every core's cycles; `wall_cycles` adds,
// per round of programs that ran together, the longest one (equal on a single core).
struct GemmStats {
  unsigned programs = 0;
  uint64_t instructions = 0, cycles = 0, wall_cycles = 0, mac_active = 0, dma_rd_bytes = 0, dma_wr_bytes = 0;
  double ideal_cycles = 0;  // M N K / (R C), of the unpadded problem, for one core
};

// Adds one call's counters to a running total.
void accumulate(GemmStats& total, const GemmStats& part);

}  // namespace npu::runtime
