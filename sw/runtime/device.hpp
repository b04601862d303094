// SPDX-License-Identifier: Apache-2.0
// Small helpers of the runtime around the driver: the core's geometry, a bump allocator
// over the DRAM window, memory copies and running one program, all turning driver
// statuses into RuntimeError with a readable message.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "driver/npu_driver.h"
#include "isa/instr.hpp"
#include "isa/isa_sim.hpp"
#include "runtime/gemm_stats.hpp"

namespace npu::runtime {

isa::Geometry geometry_of(const npu_dev& dev);

// Hands out 4 KiB-aligned pieces of the window, from its base; throws when it is full.
class DeviceArena {
 public:
  explicit DeviceArena(const npu_dev& dev) : next_(dev.win_base), limit_(dev.win_limit), base_(dev.win_base) {}
  uint64_t alloc(uint64_t bytes);

 private:
  uint64_t next_, limit_, base_;
};

void write(npu_dev& dev, uint64_t addr, const std::vector<uint8_t>& bytes, const char* what);
void read(npu_dev& dev, uint64_t addr, std::vector<uint8_t>& bytes, const char* what);

// Writes the program at `addr`, runs it, waits, reads the counters (programs = 1).
GemmStats run_program(npu_dev& dev, const std::vector<isa::Instr>& prog, uint64_t addr, uint64_t budget);
// The counters of the core's last program (programs = 1).
GemmStats counters(npu_dev& dev);

}  // namespace npu::runtime
