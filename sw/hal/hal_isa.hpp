// SPDX-License-Identifier: Apache-2.0
// IsaDevice: the driver's HAL on the ISA simulator. It models the CSR block (the same
// map, read-only configuration, W1C interrupt status) and runs a program to the end when
// START is written, so the driver cannot tell it from the core except by time: the
// golden model counts work (instructions, MAC rows, DMA bytes), not cycles, so
// PERF_CYCLES, PERF_BUSY and the stall counters read 0.
//
// A platform model (the SystemC functional NPU) can take the run over: with a start
// handler, START only marks the device busy and calls the handler, which later calls
// finish() with the outcome and the cycles it estimated (then PERF_CYCLES reads them).
#pragma once

#include <cstdint>
#include <functional>

#include "driver/npu_driver.h"
#include "isa/isa_sim.hpp"

namespace npu::hal {

class IsaDevice {
 public:
  explicit IsaDevice(isa::Geometry g) : sim_(g), g_(g) {}

  npu_hal hal();
  isa::Dram& dram() { return dram_; }
  isa::IsaSim& sim() { return sim_; }

  uint32_t read32(uint32_t offset);
  void write32(uint32_t offset, uint32_t value);
  bool irq() const;
  // Whether the core's register map has a register at `offset` (the core answers SLVERR
  // elsewhere).
  static bool mapped(uint32_t offset);

  void set_start_handler(std::function<void()> handler) { start_handler_ = std::move(handler); }
  isa::RunParams run_params() const { return {prog_base_, prog_len_, win_base_, win_limit_}; }
  void finish(const isa::Outcome& outcome, uint64_t cycles);
  bool busy() const { return busy_; }
  uint64_t epoch() const { return epoch_; }  // counts soft resets

 private:
  isa::IsaSim sim_;
  isa::Geometry g_;
  isa::Dram dram_;
  uint32_t prog_base_ = 0, prog_len_ = 0, win_base_ = 0, win_limit_ = 0;
  bool irq_en_ = false, irq_done_ = false, irq_error_ = false, busy_ = false;
  isa::Outcome last_{};
  uint64_t cycles_ = 0, epoch_ = 0;
  std::function<void()> start_handler_;
};

}  // namespace npu::hal
