// SPDX-License-Identifier: Apache-2.0
// The C driver, the same code on two backends: the Verilated core (RtlDevice) and the ISA
// simulator (IsaDevice). Identity and configuration, a program run to the end, error
// decoding, timeouts, soft reset and argument checks.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>

#include "core/hal_rtl.hpp"
#include "driver/npu_driver.h"
#include "hal/hal_isa.hpp"
#include "isa/assembler.hpp"
#include "npu_isa.h"

using namespace npu::verif;
namespace isa = npu::isa;

namespace {

constexpr uint64_t kWin = 0x10000, kLimit = 0x90000, kProg = 0x10000, kIn = 0x20000, kOut = 0x40000;

// Both backends behind one shape: make() gives a device and its HAL.
struct RtlTiny {
  static constexpr const char* name = "rtl";
  RtlDevice<Vnpu_core_tiny> dev{{.latency = 5, .seed = 3}};
  npu_hal hal() { return dev.hal(); }
  isa::Geometry geometry() { return CoreBench<Vnpu_core_tiny>::geometry(); }
};
struct IsaTiny {
  static constexpr const char* name = "isa";
  npu::hal::IsaDevice dev{isa::Geometry::named("tiny")};
  npu_hal hal() { return dev.hal(); }
  isa::Geometry geometry() { return isa::Geometry::named("tiny"); }
};

template <class Backend>
npu_status run_text(npu_dev& dev, const std::string& text, npu_result& r, uint64_t budget = 100000) {
  const auto bin = isa::to_binary(isa::assemble(text));
  REQUIRE(npu_mem_write(&dev, kProg, bin.data(), bin.size()) == NPU_OK);
  REQUIRE(npu_submit(&dev, kProg, static_cast<uint32_t>(bin.size() / 16)) == NPU_OK);
  return npu_wait(&dev, budget, &r);
}

}  // namespace

TEMPLATE_TEST_CASE("driver: init, a program, counters, errors, soft reset", "[driver]", RtlTiny, IsaTiny) {
  TestType backend;
  const npu_hal hal = backend.hal();
  npu_dev dev;
  REQUIRE(npu_init(&dev, &hal) == NPU_OK);
  const auto g = backend.geometry();
  REQUIRE(dev.info.rows == g.rows);
  REQUIRE(dev.info.cols == g.cols);
  REQUIRE(dev.info.cores == 1);
  REQUIRE(dev.info.spad_rows == g.spad_rows());
  REQUIRE(dev.info.spad_row_bytes == g.row_bytes());
  REQUIRE(dev.info.spad_banks == g.spad_banks);
  REQUIRE(dev.info.acc_rows == g.acc_rows);
  REQUIRE(dev.info.acc_banks == 2);
  REQUIRE(dev.info.bus_bits == 8 * g.bus_bytes);
  REQUIRE(npu_set_window(&dev, kWin, kLimit) == NPU_OK);

  // Copy 4 rows through the scratchpad.
  const unsigned bytes = g.row_bytes();
  std::vector<uint8_t> data(4 * bytes);
  for (unsigned i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(3 * i + 1);
  REQUIRE(npu_mem_write(&dev, kIn, data.data(), data.size()) == NPU_OK);
  const std::string b = std::to_string(bytes);
  npu_result r{};
  REQUIRE(run_text<TestType>(dev,
                             "load dram_addr=" + std::to_string(kIn) + " dram_stride=" + b + " rows=4 row_bytes=" + b +
                                 " local_addr=0 local_stride=1\nsync\n"
                                 "store dram_addr=" + std::to_string(kOut) + " dram_stride=" + b + " rows=4 row_bytes=" + b +
                                 " local_addr=0 local_stride=1\nend\n",
                             r) == NPU_OK);
  REQUIRE(r.done);
  std::vector<uint8_t> out(data.size());
  REQUIRE(npu_mem_read(&dev, kOut, out.data(), out.size()) == NPU_OK);
  REQUIRE(out == data);
  npu_counters c{};
  REQUIRE(npu_read_counters(&dev, &c) == NPU_OK);
  REQUIRE(c.instret == 4);
  REQUIRE(c.dma_wr_bytes == data.size());

  SECTION("an error is decoded into words") {
    REQUIRE(run_text<TestType>(dev, "sync\n.word 0x0000000000000000000000000000000f\nend\n", r) == NPU_E_DEVICE);
    REQUIRE(r.error);
    REQUIRE(r.code == NPU_ERR_OPCODE);
    REQUIRE(r.unit == NPU_ERR_UNIT_DECODE);
    REQUIRE(r.pc == 1);
    char msg[160];
    REQUIRE(std::string(npu_describe(&r, msg, sizeof msg)) ==
            "error 6 (illegal opcode or func) in unit decode at instruction 1");
    // And the next program runs.
    REQUIRE(run_text<TestType>(dev, "end\n", r) == NPU_OK);
    REQUIRE(r.done);
  }
  SECTION("soft reset, then a program") {
    REQUIRE(npu_soft_reset(&dev, 1000) == NPU_OK);
    REQUIRE(run_text<TestType>(dev, "sync\nend\n", r) == NPU_OK);
  }
  SECTION("bad arguments are refused before the device is touched") {
    REQUIRE(npu_submit(&dev, kProg + 8, 1) == NPU_E_ARG);
    REQUIRE(npu_submit(&dev, kProg, 0) == NPU_E_ARG);
    REQUIRE(npu_submit(&dev, kLimit - 16, 2) == NPU_E_ARG);
    REQUIRE(npu_set_window(&dev, 0x1000, 0x1800) == NPU_E_ARG);
    REQUIRE(npu_wait(&dev, 10, nullptr) == NPU_E_ARG);
    REQUIRE(npu_init(nullptr, &hal) == NPU_E_ARG);
    REQUIRE(std::string(npu_status_str(NPU_E_TIMEOUT)) == "timed out waiting for the NPU");
  }
}

TEST_CASE("driver: a wait that runs out of budget times out, and a longer one finishes", "[driver]") {
  RtlDevice<Vnpu_core_tiny> rtl({.latency = 40, .seed = 5});
  const npu_hal hal = rtl.hal();
  npu_dev dev;
  REQUIRE(npu_init(&dev, &hal) == NPU_OK);
  REQUIRE(npu_set_window(&dev, kWin, kLimit) == NPU_OK);
  npu_result r{};
  REQUIRE(run_text<RtlTiny>(dev, "sync\nend\n", r, 5) == NPU_E_TIMEOUT);
  REQUIRE(npu_submit(&dev, kProg, 2) == NPU_E_BUSY);
  REQUIRE(npu_wait(&dev, 10000, &r) == NPU_OK);
  REQUIRE(r.done);
}

TEST_CASE("driver: refuses a device that is not an NPU", "[driver]") {
  npu_hal hal{};
  hal.read32 = [](void*, uint32_t) { return 0xDEADBEEFu; };
  hal.write32 = [](void*, uint32_t, uint32_t) {};
  hal.wait_irq = [](void*, uint64_t) { return 0; };
  hal.mem_write = [](void*, uint64_t, const void*, size_t) { return 0; };
  hal.mem_read = [](void*, uint64_t, void*, size_t) { return 0; };
  npu_dev dev;
  REQUIRE(npu_init(&dev, &hal) == NPU_E_NODEV);
  hal.mem_write = nullptr;
  REQUIRE(npu_init(&dev, &hal) == NPU_E_ARG);
}
