// SPDX-License-Identifier: Apache-2.0
// RtlDevice: the driver's HAL on the Verilated core. Register accesses are AXI4-Lite
// transactions of CoreBench's host; waiting for the interrupt steps the clock (the budget
// is in cycles); device memory is the AXI memory model.
#pragma once

#include <cstdint>

#include "core/core_bench.hpp"
#include "driver/npu_driver.h"

namespace npu::verif {

template <class Model>
class RtlDevice {
 public:
  explicit RtlDevice(axi::MemoryConfig cfg = {}, const std::string& name = "rtl_device") : bench(name, cfg) {}

  CoreBench<Model> bench;

  npu_hal hal() {
    npu_hal h{};
    h.ctx = this;
    h.read32 = [](void* c, uint32_t off) {
      auto [data, resp] = static_cast<RtlDevice*>(c)->bench.csr_read_resp(off);
      return resp == 0 ? data : 0u;  // SLVERR reads as 0, as a bus bridge would return
    };
    h.write32 = [](void* c, uint32_t off, uint32_t v) { static_cast<RtlDevice*>(c)->bench.csr_write(off, v); };
    h.wait_irq = [](void* c, uint64_t budget) {
      auto& b = static_cast<RtlDevice*>(c)->bench;
      for (uint64_t i = 0; i < budget && !b.h.dut().irq_o; ++i) b.step();
      return b.h.dut().irq_o ? 1 : 0;
    };
    h.mem_write = [](void* c, uint64_t addr, const void* src, size_t n) {
      const auto* p = static_cast<const uint8_t*>(src);
      static_cast<RtlDevice*>(c)->bench.mem.write_bytes(addr, std::vector<uint8_t>(p, p + n));
      return 0;
    };
    h.mem_read = [](void* c, uint64_t addr, void* dst, size_t n) {
      const auto bytes = static_cast<RtlDevice*>(c)->bench.mem.read_bytes(addr, n);
      std::copy(bytes.begin(), bytes.end(), static_cast<uint8_t*>(dst));
      return 0;
    };
    return h;
  }
};

}  // namespace npu::verif
