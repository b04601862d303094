// SPDX-License-Identifier: Apache-2.0
// The virtual platform: the same driver and runtime on the functional NPU model and on
// the Verilated core in SystemC give the memory image of the ISA simulator; interrupts
// reach the CPU; bus errors come back as TLM error responses and NPU error codes.
#include <catch2/catch.hpp>

#include <cstring>

#include "Vnpu_core_sc_rect.h"
#include "Vnpu_core_sc_tiny.h"
#include "hal/hal_isa.hpp"
#include "isa/assembler.hpp"
#include "isa/perf_model.hpp"
#include "npu_rtl.hpp"
#include "npu_tlm.hpp"
#include "platform.hpp"
#include "systemc/sc_workload.hpp"

using namespace npu;
using namespace npu::verif;

namespace {

using RtlTiny = vp::NpuRtl<Vnpu_core_sc_tiny, 64>;
using RtlRect = vp::NpuRtl<Vnpu_core_sc_rect, 256>;
constexpr unsigned kLatency = 20;
const sc_core::sc_time kClock(10, sc_core::SC_NS);

template <class Npu> struct ModelOf;
template <> struct ModelOf<RtlTiny> { static constexpr const char* config = "tiny"; };
template <> struct ModelOf<RtlRect> { static constexpr const char* config = "rect"; };

// The workload on the golden device: its DRAM window, byte for byte.
std::vector<uint8_t> golden_image(const isa::Geometry& g) {
  hal::IsaDevice dev(g);
  run_workload(dev.hal());
  return dev.dram().read(kScWinBase, kScWinLimit - kScWinBase);
}

template <class Npu>
void check_workload(vp::Platform<Npu>& p, const isa::Geometry& g, bool estimated_cycles) {
  const std::vector<RecordingHal::Program> programs = record_workload(p);
  INFO(programs.size() << " programs");
  REQUIRE(programs.size() >= 8);
  // Each npu_wait returned on the interrupt line, not on a poll.
  CHECK(p.cpu.irqs_seen() == programs.size());
  CHECK(p.cpu.bus_errors() == 0);
  for (const auto& prog : programs) {
    CHECK(prog.instret == prog.instrs.size());
    if (estimated_cycles)
      CHECK(prog.cycles == isa::estimate_cycles(g, prog.instrs, {.mem_latency = kLatency}).cycles);
    else
      CHECK(prog.cycles > prog.instrs.size());
  }
  const std::vector<uint8_t> golden = golden_image(g);
  const uint8_t* image = p.dram.data() + kScWinBase;
  std::size_t differ = 0;
  for (std::size_t i = 0; i < golden.size(); ++i) differ += image[i] != golden[i];
  CHECK(differ == 0);
}

// One load of 4 bytes from `addr` into scratchpad row 0, then END, at the window base.
npu_status run_load(npu_dev& dev, uint64_t addr, npu_result& res) {
  const auto prog = isa::to_binary({isa::make("load", {{"dram_addr", static_cast<int64_t>(addr)}, {"dram_stride", 4},
                                                      {"rows", 1}, {"row_bytes", 4}, {"local_addr", 0},
                                                      {"local_stride", 1}}),
                                    isa::make("end", {})});
  REQUIRE(npu_mem_write(&dev, kScWinBase, prog.data(), prog.size()) == NPU_OK);
  REQUIRE(npu_submit(&dev, kScWinBase, 2) == NPU_OK);
  return npu_wait(&dev, 100000, &res);
}

// A broken DRAM region answers SLVERR, an address nothing holds DECERR: to the CPU as TLM
// error responses, to the NPU as its error codes at the load unit. The NPU runs again after.
template <class Npu>
void check_bus_errors(vp::Platform<Npu>& p) {
  constexpr uint64_t kFaulty = 0x200000, kDramEnd = 0x400000, kUnmapped = 0x600000;
  p.dram.set_faulty(kFaulty, kFaulty + 0x1000);
  p.run([&](const npu_hal& hal) {
    uint8_t byte = 0;
    REQUIRE(hal.mem_read(hal.ctx, kUnmapped, &byte, 1) != 0);
    CHECK(p.cpu.last_error() == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    REQUIRE(hal.mem_write(hal.ctx, kFaulty + 8, &byte, 1) != 0);
    CHECK(p.cpu.last_error() == tlm::TLM_GENERIC_ERROR_RESPONSE);
    CHECK(hal.read32(hal.ctx, 0xFC) == 0xFFFFFFFFu);  // an offset the NPU does not map
    CHECK(p.cpu.last_error() == tlm::TLM_GENERIC_ERROR_RESPONSE);
    const unsigned cpu_errors = p.cpu.bus_errors();
    CHECK(cpu_errors == 3);

    npu_dev dev;
    REQUIRE(npu_init(&dev, &hal) == NPU_OK);
    REQUIRE(npu_set_window(&dev, kScWinBase, 0x800000) == NPU_OK);  // reaches past the DRAM
    npu_result res{};
    CHECK(run_load(dev, kFaulty + 64, res) == NPU_E_DEVICE);
    CHECK(res.code == NPU_ERR_SLVERR);
    CHECK(res.unit == NPU_ERR_UNIT_LOAD);
    CHECK(res.pc == 0);
    CHECK(run_load(dev, kDramEnd + 0x1000, res) == NPU_E_DEVICE);
    CHECK(res.code == NPU_ERR_DECERR);
    CHECK(res.unit == NPU_ERR_UNIT_LOAD);
    CHECK(run_load(dev, 0x100000, res) == NPU_OK);
    CHECK(res.done == 1);
    CHECK(p.cpu.bus_errors() == cpu_errors);  // the NPU's errors did not reach the CPU's bus
  });
}

vp::PlatformConfig small_dram() {
  vp::PlatformConfig cfg;
  cfg.dram_size = 0x400000;
  cfg.clock = kClock;
  return cfg;
}

}  // namespace

TEST_CASE("functional model: workload equals the ISA simulator - tiny", "[systemc][tlm]") {
  const isa::Geometry g = isa::Geometry::named("tiny");
  vp::Platform<vp::NpuTlm> p("platform", small_dram(), g, kClock, isa::PerfParams{.mem_latency = kLatency});
  check_workload(p, g, true);
}

TEST_CASE("functional model: workload equals the ISA simulator - rect", "[systemc][tlm]") {
  const isa::Geometry g = isa::Geometry::named("rect");
  vp::Platform<vp::NpuTlm> p("platform", small_dram(), g, kClock, isa::PerfParams{.mem_latency = kLatency});
  check_workload(p, g, true);
}

TEMPLATE_TEST_CASE("rtl in SystemC: workload equals the ISA simulator", "[systemc][rtl]", RtlTiny, RtlRect) {
  const isa::Geometry g = isa::Geometry::named(ModelOf<TestType>::config);
  vp::Platform<TestType> p("platform", small_dram(), kClock, kLatency);
  check_workload(p, g, false);
}

TEST_CASE("functional model: bus errors", "[systemc][tlm]") {
  vp::Platform<vp::NpuTlm> p("platform", small_dram(), isa::Geometry::named("tiny"), kClock,
                             isa::PerfParams{.mem_latency = kLatency});
  check_bus_errors(p);
}

TEMPLATE_TEST_CASE("rtl in SystemC: bus errors", "[systemc][rtl]", RtlTiny, RtlRect) {
  vp::Platform<TestType> p("platform", small_dram(), kClock, kLatency);
  check_bus_errors(p);
}

TEST_CASE("functional model: the interrupt comes after the estimated time", "[systemc][tlm]") {
  const isa::Geometry g = isa::Geometry::named("tiny");
  vp::Platform<vp::NpuTlm> p("platform", small_dram(), g, kClock, isa::PerfParams{.mem_latency = kLatency});
  p.run([&](const npu_hal& hal) {
    npu_dev dev;
    REQUIRE(npu_init(&dev, &hal) == NPU_OK);
    REQUIRE(npu_set_window(&dev, kScWinBase, kScWinLimit) == NPU_OK);
    npu_result res{};
    const sc_core::sc_time before = sc_core::sc_time_stamp();
    REQUIRE(run_load(dev, 0x100000, res) == NPU_OK);
    const double waited = (sc_core::sc_time_stamp() - before) / kClock;
    const uint64_t estimate = p.npu.last_estimate();
    CHECK(estimate > kLatency);
    CHECK(waited >= static_cast<double>(estimate));
    CHECK(waited < static_cast<double>(estimate) + 200);  // plus the driver's register accesses
  });
}
