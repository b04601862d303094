// SPDX-License-Identifier: Apache-2.0
// CoreBench: npu_core between an AXI4-Lite host (CSR reads and writes, one at a time) and
// the AXI4 memory model (random latency, stalls, errors) with the protocol monitor on the
// link. It loads a program into DRAM, runs it as the driver would (window, program base
// and length, START, wait for the interrupt) and reads back STATUS and the counters.
#pragma once

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "axi/axi_lite_host.hpp"
#include "axi/axi_memory.hpp"
#include "axi/axi_monitor.hpp"
#include "axi/axi_port.hpp"
#include "harness.hpp"
#include "isa/isa_sim.hpp"
#include "model_shapes.hpp"
#include "port_bits.hpp"

namespace npu::verif {

// The RTL's answer to a run, in the ISA simulator's terms.
struct CoreRun {
  bool done = false, error = false, irq = false;
  unsigned code = 0, unit = 0;
  uint32_t error_pc = 0;
  uint64_t cycles = 0, busy = 0, mac = 0, rd_bytes = 0, wr_bytes = 0, instret = 0;
  uint64_t load_stall = 0, exec_stall = 0, store_stall = 0;
};

template <class Model, class Shape = CoreShape<Model>>
class CoreBench {
 public:
  static constexpr unsigned kBusBytes = Shape::data_width / 8;
  static constexpr uint64_t kWinBase = 0x10000, kWinLimit = 0x90000;
  static constexpr uint64_t kProgBase = 0x10000;

  static isa::Geometry geometry() {
    isa::Geometry g;
    g.rows = Shape::rows;
    g.cols = Shape::cols;
    g.spad_banks = Shape::spad_banks;
    g.spad_rows_per_bank = Shape::spad_rows_per_bank;
    g.acc_rows = Shape::acc_rows;
    g.bus_bytes = kBusBytes;
    return g;
  }

  CoreBench(const std::string& name, axi::MemoryConfig cfg)
      : h(name), mem(on_this_bus(cfg)), mon(kBusBytes) {
    h.reset();
  }

  static axi::MemoryConfig on_this_bus(axi::MemoryConfig cfg) {
    cfg.data_bytes = kBusBytes;
    return cfg;
  }

  Harness<Model> h;
  axi::AxiMemory mem;
  axi::AxiMonitor mon;
  bool irq_seen = false;

  // One clock edge with the memory model and the monitor.
  void step() {
    auto& d = h.dut();
    const axi::SlaveOut& s = mem.outputs();
    axi::drive_master_inputs(d, s, kBusBytes);
    h.eval();
    const axi::MasterOut m = axi::sample_master_outputs(d, kBusBytes);
    mon.observe(m, s);
    if (d.irq_o) irq_seen = true;
    h.tick();
    mem.edge(m);
  }

  // --- AXI4-Lite host ---------------------------------------------------------------------
  unsigned csr_write(uint32_t addr, uint32_t data, unsigned strb = 0xF, unsigned aw_delay = 0,
                     unsigned w_delay = 0) {
    return axi::lite_write(*this, addr, data, strb, aw_delay, w_delay);
  }
  // Returns {data, resp}.
  std::pair<uint32_t, unsigned> csr_read_resp(uint32_t addr) { return axi::lite_read(*this, addr); }
  uint32_t csr_read(uint32_t addr) {
    auto [data, resp] = csr_read_resp(addr);
    if (resp != 0) throw SimError("CSR read of " + std::to_string(addr) + " answered " + std::to_string(resp));
    return data;
  }

  // --- programs -------------------------------------------------------------------------
  void write_program(const std::vector<isa::Instr>& prog, uint64_t base = kProgBase) {
    mem.write_bytes(base, isa::to_binary(prog));
  }

  // Start a program and return without waiting.
  void start(uint32_t prog_len, uint64_t prog_base = kProgBase, uint64_t win_base = kWinBase,
             uint64_t win_limit = kWinLimit) {
    csr_write(spec::kCsrWinBase, static_cast<uint32_t>(win_base));
    csr_write(spec::kCsrWinLimit, static_cast<uint32_t>(win_limit));
    csr_write(spec::kCsrProgBase, static_cast<uint32_t>(prog_base));
    csr_write(spec::kCsrProgLen, prog_len);
    csr_write(spec::kCsrCtrl, spec::kCsrCtrlIrqEnMask);  // interrupt on
    irq_seen = false;
    csr_write(spec::kCsrCtrl, spec::kCsrCtrlIrqEnMask | spec::kCsrCtrlStartMask);
  }

  // Wait for the interrupt (busy low), then read the status and counters.
  CoreRun wait(uint64_t max_cycles) {
    const uint64_t start = h.cycle();
    while (!h.dut().irq_o) {
      if (h.cycle() - start > max_cycles)
        throw SimError("core did not finish in " + std::to_string(max_cycles) + " cycles");
      step();
    }
    return read_status();
  }

  CoreRun run(const std::vector<isa::Instr>& prog, uint64_t max_cycles = 2'000'000,
              uint64_t prog_base = kProgBase) {
    write_program(prog, prog_base);
    start(static_cast<uint32_t>(prog.size()), prog_base);
    return wait(max_cycles);
  }

  CoreRun read_status() {
    CoreRun r;
    const uint32_t st = csr_read(spec::kCsrStatus);
    r.irq = h.dut().irq_o;
    r.done = st & spec::kCsrStatusDoneMask;
    r.error = st & spec::kCsrStatusErrorMask;
    r.code = (st & spec::kCsrStatusErrorCodeMask) >> spec::kCsrStatusErrorCodeLsb;
    r.unit = (st & spec::kCsrStatusErrorUnitMask) >> spec::kCsrStatusErrorUnitLsb;
    if (st & spec::kCsrStatusBusyMask) throw SimError("STATUS.BUSY with the interrupt raised");
    r.error_pc = csr_read(spec::kCsrErrorPc);
    r.cycles = csr_read(spec::kCsrPerfCycles);
    r.busy = csr_read(spec::kCsrPerfBusy);
    r.mac = csr_read(spec::kCsrPerfMacActive);
    r.rd_bytes = csr_read(spec::kCsrPerfDmaRdBytes);
    r.wr_bytes = csr_read(spec::kCsrPerfDmaWrBytes);
    r.instret = csr_read(spec::kCsrPerfInstret);
    r.load_stall = csr_read(spec::kCsrPerfLoadStall);
    r.exec_stall = csr_read(spec::kCsrPerfExecStall);
    r.store_stall = csr_read(spec::kCsrPerfStoreStall);
    // Acknowledge the interrupt.
    csr_write(spec::kCsrIrqStatus, spec::kCsrIrqStatusDoneMask | spec::kCsrIrqStatusErrorMask);
    return r;
  }

  // The same program on the ISA simulator, from the same DRAM bytes.
  static isa::RunParams params(uint32_t prog_len, uint64_t prog_base = kProgBase) {
    return {prog_base, prog_len, kWinBase, kWinLimit};
  }
};

// Test data for core programs. put: the same bytes into the RTL's memory and the ISA
// simulator's DRAM.
template <class Bench>
void put(Bench& b, isa::Dram& dram, uint64_t addr, const std::vector<uint8_t>& bytes) {
  b.mem.write_bytes(addr, bytes);
  dram.write(addr, bytes);
}

inline std::vector<uint8_t> random_bytes(std::mt19937_64& rng, std::size_t n) {
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(rng());
  return v;
}

// Requantization tables as a GEMM program reads them (GemmRequant::tables_addr): per
// N-tile, three rows of `cols` int32 lanes: bias in [-1000, 1000], multiplier in
// [0.5, 1) as Q31, shift 0 .. 11.
inline std::vector<uint8_t> random_requant_tables(std::mt19937_64& rng, unsigned cols, unsigned tiles) {
  std::vector<uint8_t> tables(std::size_t{tiles} * 3 * cols * 4);
  for (unsigned j = 0; j < tiles; ++j)
    for (unsigned c = 0; c < cols; ++c) {
      const int32_t v[3] = {static_cast<int32_t>(rng() % 2001) - 1000,
                            static_cast<int32_t>((1u << 30) + rng() % (1u << 30)), static_cast<int32_t>(rng() % 12)};
      for (unsigned t = 0; t < 3; ++t) std::memcpy(&tables[((j * 3 + t) * cols + c) * 4], &v[t], 4);
    }
  return tables;
}

}  // namespace npu::verif
