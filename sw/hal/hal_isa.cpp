// SPDX-License-Identifier: Apache-2.0
#include "hal/hal_isa.hpp"

#include <cstring>

#include "npu_isa.h"

namespace npu::hal {

bool IsaDevice::mapped(uint32_t off) {
  static constexpr uint32_t kMap[] = {
      NPU_CSR_ID, NPU_CSR_VERSION, NPU_CSR_CFG_ARRAY, NPU_CSR_CFG_SPAD, NPU_CSR_CFG_ACC, NPU_CSR_CFG_BUS,
      NPU_CSR_CTRL, NPU_CSR_STATUS, NPU_CSR_IRQ_STATUS, NPU_CSR_ERROR_PC, NPU_CSR_PROG_BASE, NPU_CSR_PROG_LEN,
      NPU_CSR_WIN_BASE, NPU_CSR_WIN_LIMIT, NPU_CSR_PERF_CYCLES, NPU_CSR_PERF_MAC_ACTIVE,
      NPU_CSR_PERF_LOAD_STALL, NPU_CSR_PERF_EXEC_STALL, NPU_CSR_PERF_STORE_STALL, NPU_CSR_PERF_DMA_RD_BYTES,
      NPU_CSR_PERF_DMA_WR_BYTES, NPU_CSR_PERF_INSTRET, NPU_CSR_PERF_BUSY};
  for (uint32_t m : kMap)
    if (m == off) return true;
  return false;
}

bool IsaDevice::irq() const { return irq_en_ && (irq_done_ || irq_error_); }

uint32_t IsaDevice::read32(uint32_t off) {
  switch (off) {
    case NPU_CSR_ID: return NPU_DEVICE_ID;
    case NPU_CSR_VERSION:
      return NPU_VERSION_MAJOR << NPU_VERSION_MAJOR_LSB | NPU_VERSION_MINOR << NPU_VERSION_MINOR_LSB |
             NPU_VERSION_PATCH << NPU_VERSION_PATCH_LSB;
    case NPU_CSR_CFG_ARRAY:
      return g_.rows << NPU_CFG_ARRAY_ROWS_LSB | g_.cols << NPU_CFG_ARRAY_COLS_LSB | 1u << NPU_CFG_ARRAY_CORES_LSB;
    case NPU_CSR_CFG_SPAD:
      return g_.spad_rows() << NPU_CFG_SPAD_ROWS_LSB | g_.row_bytes() << NPU_CFG_SPAD_ROW_BYTES_LSB;
    case NPU_CSR_CFG_ACC:
      return g_.acc_rows << NPU_CFG_ACC_ROWS_LSB | 2u << NPU_CFG_ACC_BANKS_LSB |
             g_.spad_banks << NPU_CFG_ACC_SPAD_BANKS_LSB;
    case NPU_CSR_CFG_BUS: return g_.bus_bytes * 8 << NPU_CFG_BUS_DATA_WIDTH_LSB | 32u << NPU_CFG_BUS_ADDR_WIDTH_LSB;
    case NPU_CSR_CTRL: return irq_en_ ? NPU_CTRL_IRQ_EN_MASK : 0;
    case NPU_CSR_STATUS:
      return (busy_ ? NPU_STATUS_BUSY_MASK : 0) | (last_.done ? NPU_STATUS_DONE_MASK : 0) |
             (last_.error ? NPU_STATUS_ERROR_MASK : 0) |
             last_.error << NPU_STATUS_ERROR_CODE_LSB | last_.error_unit << NPU_STATUS_ERROR_UNIT_LSB;
    case NPU_CSR_IRQ_STATUS:
      return (irq_done_ ? NPU_IRQ_STATUS_DONE_MASK : 0) | (irq_error_ ? NPU_IRQ_STATUS_ERROR_MASK : 0);
    case NPU_CSR_ERROR_PC: return last_.error ? last_.error_pc : 0;
    case NPU_CSR_PROG_BASE: return prog_base_;
    case NPU_CSR_PROG_LEN: return prog_len_;
    case NPU_CSR_WIN_BASE: return win_base_;
    case NPU_CSR_WIN_LIMIT: return win_limit_;
    case NPU_CSR_PERF_MAC_ACTIVE: return static_cast<uint32_t>(last_.counters.mac_active);
    case NPU_CSR_PERF_DMA_RD_BYTES: return static_cast<uint32_t>(last_.counters.dma_rd_bytes);
    case NPU_CSR_PERF_DMA_WR_BYTES: return static_cast<uint32_t>(last_.counters.dma_wr_bytes);
    case NPU_CSR_PERF_INSTRET: return static_cast<uint32_t>(last_.counters.instret);
    case NPU_CSR_PERF_CYCLES: return static_cast<uint32_t>(cycles_);
    default: return 0;  // PERF_BUSY, stalls: no time in the golden model
  }
}

void IsaDevice::write32(uint32_t off, uint32_t v) {
  switch (off) {
    case NPU_CSR_CTRL:
      irq_en_ = (v & NPU_CTRL_IRQ_EN_MASK) != 0;
      if (v & NPU_CTRL_SOFT_RESET_MASK) {
        last_ = {};
        busy_ = false;
        ++epoch_;  // a run a start handler still holds is dropped
        sim_.soft_reset();
      }
      if ((v & NPU_CTRL_START_MASK) && !busy_) {
        if (start_handler_) {
          last_ = {};
          busy_ = true;
          start_handler_();
        } else {
          finish(sim_.run(dram_, run_params()), 0);
        }
      }
      break;
    case NPU_CSR_IRQ_STATUS:
      if (v & NPU_IRQ_STATUS_DONE_MASK) irq_done_ = false;
      if (v & NPU_IRQ_STATUS_ERROR_MASK) irq_error_ = false;
      break;
    case NPU_CSR_PROG_BASE: prog_base_ = v; break;
    case NPU_CSR_PROG_LEN: prog_len_ = v; break;
    case NPU_CSR_WIN_BASE: win_base_ = v; break;
    case NPU_CSR_WIN_LIMIT: win_limit_ = v; break;
    default: break;  // read-only or unmapped: ignored, as the core answers SLVERR
  }
}

void IsaDevice::finish(const isa::Outcome& outcome, uint64_t cycles) {
  last_ = outcome;
  cycles_ = cycles;
  busy_ = false;
  irq_done_ = irq_done_ || last_.done;
  irq_error_ = irq_error_ || last_.error != 0;
}

npu_hal IsaDevice::hal() {
  npu_hal h{};
  h.ctx = this;
  h.read32 = [](void* c, uint32_t off) { return static_cast<IsaDevice*>(c)->read32(off); };
  h.write32 = [](void* c, uint32_t off, uint32_t v) { static_cast<IsaDevice*>(c)->write32(off, v); };
  h.wait_irq = [](void* c, uint64_t) { return static_cast<IsaDevice*>(c)->irq() ? 1 : 0; };
  h.mem_write = [](void* c, uint64_t addr, const void* src, size_t n) {
    auto* d = static_cast<IsaDevice*>(c);
    const auto* p = static_cast<const uint8_t*>(src);
    for (size_t i = 0; i < n; ++i) d->dram_.write(addr + i, p[i]);
    return 0;
  };
  h.mem_read = [](void* c, uint64_t addr, void* dst, size_t n) {
    auto* d = static_cast<IsaDevice*>(c);
    auto* p = static_cast<uint8_t*>(dst);
    for (size_t i = 0; i < n; ++i) p[i] = d->dram_.read(addr + i);
    return 0;
  };
  return h;
}

}  // namespace npu::hal
