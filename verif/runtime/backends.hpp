// SPDX-License-Identifier: Apache-2.0
// The two backends of the runtime tests, each an initialized npu_dev with a window.
#pragma once

#include <catch2/catch.hpp>

#include "core/hal_rtl.hpp"
#include "hal/hal_isa.hpp"

namespace npu::verif {

// Initializes `dev` on `hal` with the window [0x10000, limit).
inline void open_device(npu_dev& dev, const npu_hal& hal, uint64_t limit = 0x90000) {
  REQUIRE(npu_init(&dev, &hal) == NPU_OK);
  REQUIRE(npu_set_window(&dev, 0x10000, limit) == NPU_OK);
}

template <class Model>
struct RtlBackend {
  explicit RtlBackend(axi::MemoryConfig cfg = {.latency = 4, .seed = 2}) : device(cfg) {
    hal = device.hal();
    open_device(dev, hal);
  }
  RtlDevice<Model> device;
  npu_hal hal{};
  npu_dev dev{};
};

struct GoldenBackend {
  explicit GoldenBackend(const char* config, uint64_t limit = 0x90000) : device(isa::Geometry::named(config)) {
    hal = device.hal();
    open_device(dev, hal, limit);
  }
  hal::IsaDevice device;
  npu_hal hal{};
  npu_dev dev{};
};

}  // namespace npu::verif
