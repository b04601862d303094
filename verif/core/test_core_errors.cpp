// SPDX-License-Identifier: Apache-2.0
// npu_core on bad input: illegal instructions and fields, window violations, bus errors,
// a program that can never finish, a soft reset in the middle of a program, and the CSR
// block's own checks. Every case stops with the right code and the interrupt, and a clean
// program runs right after.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <map>
#include <random>
#include <vector>

#include "core/core_bench.hpp"
#include "isa/assembler.hpp"
#include "seed.hpp"

using namespace npu::verif;
namespace isa = npu::isa;
namespace spec = npu::spec;

namespace {

constexpr uint64_t kIn = 0x20000, kOut = 0x40000;

std::string load_line(uint64_t addr, unsigned rows, unsigned bytes, unsigned local, const char* deps = "") {
  return "load dram_addr=" + std::to_string(addr) + " dram_stride=" + std::to_string(bytes) +
         " rows=" + std::to_string(rows) + " row_bytes=" + std::to_string(bytes) +
         " local_addr=" + std::to_string(local) + " local_stride=1 " + deps + "\n";
}
std::string store_line(uint64_t addr, unsigned rows, unsigned bytes, unsigned local, const char* deps = "") {
  return "store dram_addr=" + std::to_string(addr) + " dram_stride=" + std::to_string(bytes) +
         " rows=" + std::to_string(rows) + " row_bytes=" + std::to_string(bytes) +
         " local_addr=" + std::to_string(local) + " local_stride=1 " + deps + "\n";
}

// A program that copies `rows` scratchpad rows from kIn to `out` through the scratchpad.
std::string copy_program(unsigned rows, unsigned bytes, uint64_t out) {
  return load_line(kIn, rows, bytes, 0, "") + "sync\n" + store_line(out, rows, bytes, 0) + "end\n";
}

template <class Bench>
void require_clean_copy(Bench& b, unsigned bytes) {
  std::vector<uint8_t> data(4 * bytes);
  for (unsigned i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 7 + 1);
  b.mem.write_bytes(kIn, data);
  const uint64_t out = kOut + 0x8000;
  const auto prog = isa::assemble(copy_program(4, bytes, out));
  b.write_program(prog);
  b.start(static_cast<uint32_t>(prog.size()));
  // START cleared the last program's error: STATUS's code and unit and ERROR_PC read
  // zero while this one runs, and after it.
  const uint32_t fields = spec::kCsrStatusErrorCodeMask | spec::kCsrStatusErrorUnitMask |
                          spec::kCsrStatusErrorMask;
  REQUIRE((b.csr_read(spec::kCsrStatus) & (fields | spec::kCsrStatusBusyMask)) == spec::kCsrStatusBusyMask);
  REQUIRE(b.csr_read(spec::kCsrErrorPc) == 0);
  const CoreRun r = b.wait(2'000'000);
  REQUIRE(r.done);
  REQUIRE_FALSE(r.error);
  REQUIRE(r.code == 0);
  REQUIRE(r.unit == 0);
  REQUIRE(r.error_pc == 0);
  REQUIRE(b.mem.read_bytes(out, data.size()) == data);
}

}  // namespace

TEMPLATE_TEST_CASE("core stops with an error code, interrupt and pc on bad programs", "[core][errors]",
                   NPU_CORE_MODELS) {
  using Bench = CoreBench<TestType>;
  const auto g = Bench::geometry();
  const uint64_t seed = test_seed();
  INFO(seed_message(seed));
  Bench b("core_errors", {.latency = 4, .seed = seed});
  const unsigned bytes = g.row_bytes();

  struct Case {
    const char* name;
    std::string text;
    unsigned code, unit, pc;
  };
  const std::string k_too_big = "matmul w_addr=0 a_addr=0 acc_addr=0 m=1 k=" + std::to_string(g.rows + 1) +
                                " n=1\n";
  const Case cases[] = {
      {"illegal opcode", load_line(kIn, 2, bytes, 0) + ".word 0x0000000000000000000000000000000f\nend\n",
       spec::kErrOpcode, spec::kErrUnitDecode, 1},
      {"illegal func", ".word 0x00000000000000000000000000000f03\nend\n", spec::kErrOpcode,
       spec::kErrUnitDecode, 0},
      {"k above R", "sync\n" + k_too_big + "end\n", spec::kErrField, spec::kErrUnitDecode, 1},
      {"reserved bits set", ".word 0x80000000000000000000000000000006\nend\n", spec::kErrField,
       spec::kErrUnitDecode, 0},
      {"load with a previous-queue flag", load_line(kIn, 1, bytes, 0, "pop_prev") + "end\n", spec::kErrField,
       spec::kErrUnitDecode, 0},
      {"scratchpad rows out of range",
       "vec.add src=0 src2=0 dst=" + std::to_string(g.spad_rows() - 1) + " rows=2\nend\n",
       spec::kErrLocalRange, spec::kErrUnitDecode, 0},
      {"load outside the window", "sync\n" + load_line(0x8000, 1, bytes, 0) + "end\n", spec::kErrWindow,
       spec::kErrUnitLoad, 1},
      {"store outside the window", store_line(Bench::kWinLimit - 4, 1, 8, 0) + "end\n", spec::kErrWindow,
       spec::kErrUnitStore, 0},
      {"no END", load_line(kIn, 1, bytes, 0), spec::kErrProgram, spec::kErrUnitDecode, 1},
      {"a pop nobody pushes", "matmul w_addr=0 a_addr=0 acc_addr=0 m=1 k=1 n=1 pop_prev\nend\n",
       spec::kErrToken, spec::kErrUnitDecode, 1},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const auto prog = isa::assemble(c.text);
      const CoreRun r = b.run(prog, 100000);
      REQUIRE(r.irq);
      REQUIRE(r.error);
      REQUIRE_FALSE(r.done);
      REQUIRE(r.code == c.code);
      REQUIRE(r.unit == c.unit);
      if (c.code != spec::kErrToken) REQUIRE(r.error_pc == c.pc);
      // The ISA simulator agrees (a deadlock is found by both, reported at different pcs).
      isa::Dram dram;
      dram.write(Bench::kProgBase, isa::to_binary(prog));
      isa::IsaSim sim(g);
      const auto o = sim.run(dram, Bench::params(static_cast<uint32_t>(prog.size())));
      REQUIRE(o.error == c.code);
      REQUIRE(o.error_unit == c.unit);
      if (c.code != spec::kErrToken) REQUIRE(o.error_pc == c.pc);
      REQUIRE(b.mon.violations().empty());
      // Nothing sticks: the next program runs.
      require_clean_copy(b, bytes);
    }
  }

  SECTION("a decode error is precise: the store before it has happened, nothing after it") {
    std::vector<uint8_t> data(2 * bytes);
    for (unsigned i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(0xA0 + i);
    b.mem.write_bytes(kIn, data);
    const auto prog = isa::assemble(load_line(kIn, 2, bytes, 0) + "sync\n" + store_line(kOut, 2, bytes, 0) +
                                    ".word 0x0000000000000000000000000000000e\n" +
                                    store_line(kOut + 0x100, 2, bytes, 0) + "end\n");
    const CoreRun r = b.run(prog);
    REQUIRE(r.code == spec::kErrOpcode);
    REQUIRE(r.error_pc == 3);
    REQUIRE(b.mem.read_bytes(kOut, data.size()) == data);
    REQUIRE(b.mem.read_bytes(kOut + 0x100, data.size()) == std::vector<uint8_t>(data.size(), 0));
  }

  SECTION("program outside the window or empty, checked before any bus access") {
    b.write_program(isa::assemble("end\n"), 0x9000);
    b.start(1, 0x9000);
    CoreRun r = b.wait(1000);
    REQUIRE(r.error);
    REQUIRE(r.code == spec::kErrWindow);
    REQUIRE(r.unit == spec::kErrUnitFetch);
    b.start(0);
    r = b.wait(1000);
    REQUIRE(r.code == spec::kErrProgram);
    b.start(1, Bench::kProgBase + 8);
    r = b.wait(1000);
    REQUIRE(r.code == spec::kErrProgram);
    // A core built with PcWidth < 32 refuses 2^PcWidth instructions or more; one fewer
    // passes that check (and here fails the window's, checked next).
    constexpr unsigned kPcWidth = CoreShape<TestType>::pc_width;
    if constexpr (kPcWidth < 32) {
      b.start(1u << kPcWidth);
      r = b.wait(1000);
      REQUIRE(r.code == spec::kErrProgram);
      REQUIRE(r.unit == spec::kErrUnitFetch);
      b.start(0xffffffffu);
      r = b.wait(1000);
      REQUIRE(r.code == spec::kErrProgram);
      b.start((1u << kPcWidth) - 1, 0x9000);
      r = b.wait(1000);
      REQUIRE(r.code == spec::kErrWindow);
    }
    require_clean_copy(b, bytes);
  }
}

TEMPLATE_TEST_CASE("core reports AXI error responses and keeps going after them", "[core][errors]",
                   NPU_CORE_MODELS) {
  using Bench = CoreBench<TestType>;
  const auto g = Bench::geometry();
  Bench b("core_bus_errors", {.latency = 6, .r_stall = 0.2, .seed = test_seed()});
  const unsigned bytes = g.row_bytes();

  SECTION("SLVERR on a load") {
    b.mem.inject_error(kIn + 0x100, kIn + 0x200, npu::verif::axi::kSlvErr);
    const CoreRun r = b.run(isa::assemble("sync\n" + load_line(kIn + 0x100, 4, bytes, 0) + "end\n"));
    REQUIRE(r.code == spec::kErrSlverr);
    REQUIRE(r.unit == spec::kErrUnitLoad);
    REQUIRE(r.error_pc == 1);
  }
  SECTION("DECERR on a store") {
    b.mem.inject_error(kOut, kOut + 0x100, npu::verif::axi::kDecErr);
    const CoreRun r = b.run(isa::assemble(store_line(kOut, 4, bytes, 0) + "end\n"));
    REQUIRE(r.code == spec::kErrDecerr);
    REQUIRE(r.unit == spec::kErrUnitStore);
    REQUIRE(r.error_pc == 0);
  }
  SECTION("SLVERR while fetching the program") {
    std::vector<isa::Instr> prog(12, isa::assemble("sync\n")[0]);
    prog.push_back(isa::assemble("end\n")[0]);
    b.mem.inject_error(Bench::kProgBase + 128, Bench::kProgBase + 144, npu::verif::axi::kSlvErr);
    const CoreRun r = b.run(prog);
    REQUIRE(r.code == spec::kErrSlverr);
    REQUIRE(r.unit == spec::kErrUnitFetch);
    REQUIRE(r.error_pc <= 8);
  }
  b.mem.clear_errors();
  REQUIRE(b.mon.violations().empty());
  require_clean_copy(b, bytes);
}

TEMPLATE_TEST_CASE("core soft reset in the middle of a program, then a clean run", "[core][errors]",
                   NPU_CORE_MODELS) {
  using Bench = CoreBench<TestType>;
  const auto g = Bench::geometry();
  Bench b("core_soft_reset", {.latency = 30, .w_stall = 0.3, .r_stall = 0.3, .seed = test_seed()});
  const unsigned bytes = g.row_bytes();
  // A long program: many loads and stores.
  std::string text;
  for (unsigned i = 0; i < 40; ++i)
    text += load_line(kIn + 64 * i, 8, bytes, 8 * i) + store_line(kOut + 0x1000 + 256 * i, 8, bytes, 8 * i);
  text += "end\n";
  const auto prog = isa::assemble(text);
  b.write_program(prog);
  b.start(static_cast<uint32_t>(prog.size()));
  for (unsigned i = 0; i < 400; ++i) b.step();
  REQUIRE((b.csr_read(spec::kCsrStatus) & spec::kCsrStatusBusyMask) != 0);
  b.csr_write(spec::kCsrCtrl, spec::kCsrCtrlSoftResetMask);
  unsigned waited = 0;
  while (b.csr_read(spec::kCsrStatus) & spec::kCsrStatusBusyMask) {
    REQUIRE(++waited < 5000);
  }
  const uint32_t st = b.csr_read(spec::kCsrStatus);
  REQUIRE((st & (spec::kCsrStatusDoneMask | spec::kCsrStatusErrorMask)) == 0);
  REQUIRE_FALSE(b.h.dut().irq_o);
  REQUIRE(b.mon.violations().empty());
  require_clean_copy(b, bytes);
}

TEMPLATE_TEST_CASE("core CSRs: identity, configuration, access errors, interrupt", "[core][csr]",
                   NPU_CORE_MODELS) {
  using Bench = CoreBench<TestType>;
  const auto g = Bench::geometry();
  Bench b("core_csr", {.seed = test_seed()});
  REQUIRE(b.csr_read(spec::kCsrId) == spec::kDeviceId);
  REQUIRE(b.csr_read(spec::kCsrVersion) == spec::kDeviceVersion);
  const uint32_t arr = b.csr_read(spec::kCsrCfgArray);
  REQUIRE((arr & spec::kCsrCfgArrayRowsMask) == g.rows);
  REQUIRE((arr & spec::kCsrCfgArrayColsMask) >> spec::kCsrCfgArrayColsLsb == g.cols);
  REQUIRE((arr & spec::kCsrCfgArrayCoresMask) >> spec::kCsrCfgArrayCoresLsb == 1);
  const uint32_t sp = b.csr_read(spec::kCsrCfgSpad);
  REQUIRE((sp & spec::kCsrCfgSpadRowsMask) == g.spad_rows());
  REQUIRE((sp & spec::kCsrCfgSpadRowBytesMask) >> spec::kCsrCfgSpadRowBytesLsb == g.row_bytes());
  const uint32_t ac = b.csr_read(spec::kCsrCfgAcc);
  REQUIRE((ac & spec::kCsrCfgAccRowsMask) == g.acc_rows);
  REQUIRE((ac & spec::kCsrCfgAccBanksMask) >> spec::kCsrCfgAccBanksLsb ==
          CoreShape<TestType>::acc_banks);
  REQUIRE((ac & spec::kCsrCfgAccSpadBanksMask) >> spec::kCsrCfgAccSpadBanksLsb == g.spad_banks);
  REQUIRE((b.csr_read(spec::kCsrCfgBus) & spec::kCsrCfgBusDataWidthMask) == 8 * g.bus_bytes);

  // Unmapped reads and writes, writes to read-only registers: SLVERR, nothing changes.
  REQUIRE(b.csr_read_resp(0xFC).second == 2);
  REQUIRE(b.csr_read_resp(spec::kCsrProgBase + 2).second == 2);
  REQUIRE(b.csr_write(0xFC, 1) == 2);
  REQUIRE(b.csr_write(spec::kCsrId, 0) == 2);
  REQUIRE(b.csr_read(spec::kCsrId) == spec::kDeviceId);
  // Byte strobes.
  REQUIRE(b.csr_write(spec::kCsrProgBase, 0x11223344) == 0);
  REQUIRE(b.csr_write(spec::kCsrProgBase, 0xAABBCCDD, 0x2) == 0);
  REQUIRE(b.csr_read(spec::kCsrProgBase) == 0x1122CC44);
  // AW and W a few cycles apart, either first: the write waits for both.
  REQUIRE(b.csr_write(spec::kCsrProgLen, 0x01020304, 0xF, 0, 3) == 0);
  REQUIRE(b.csr_read(spec::kCsrProgLen) == 0x01020304);
  REQUIRE(b.csr_write(spec::kCsrProgLen, 0x0A0B0C0D, 0xF, 4, 0) == 0);
  REQUIRE(b.csr_read(spec::kCsrProgLen) == 0x0A0B0C0D);
  REQUIRE(b.csr_write(0xFC, 1, 0xF, 2, 0) == 2);

  // The interrupt follows IRQ_EN and the W1C status.
  b.mem.write_bytes(Bench::kProgBase, isa::to_binary(isa::assemble("end\n")));
  b.csr_write(spec::kCsrWinBase, Bench::kWinBase);
  b.csr_write(spec::kCsrWinLimit, Bench::kWinLimit);
  b.csr_write(spec::kCsrProgBase, Bench::kProgBase);
  b.csr_write(spec::kCsrProgLen, 1);
  b.csr_write(spec::kCsrCtrl, spec::kCsrCtrlStartMask);  // interrupt disabled
  unsigned waited = 0;
  while (b.csr_read(spec::kCsrStatus) & spec::kCsrStatusBusyMask) REQUIRE(++waited < 1000);
  REQUIRE((b.csr_read(spec::kCsrStatus) & spec::kCsrStatusDoneMask) != 0);
  REQUIRE((b.csr_read(spec::kCsrIrqStatus) & spec::kCsrIrqStatusDoneMask) != 0);
  REQUIRE_FALSE(b.h.dut().irq_o);
  b.csr_write(spec::kCsrCtrl, spec::kCsrCtrlIrqEnMask);
  b.step();
  REQUIRE(b.h.dut().irq_o);
  b.csr_write(spec::kCsrIrqStatus, spec::kCsrIrqStatusDoneMask);
  b.step();
  REQUIRE_FALSE(b.h.dut().irq_o);
  REQUIRE(b.csr_read(spec::kCsrPerfInstret) == 1);
}

TEMPLATE_TEST_CASE("core: tokens left by one program do not carry into the next", "[core][errors]",
                   NPU_CORE_MODELS) {
  // Program 1 leaves a load->exec token. Program 2's MATMUL must still wait for its own
  // (slow) load: with the old token it would multiply stale rows.
  using Bench = CoreBench<TestType>;
  const auto g = Bench::geometry();
  Bench b("core_tokens", {.latency = 60, .seed = test_seed()});
  isa::Dram dram;
  std::vector<uint8_t> ones(g.rows * g.row_bytes(), 1), weights(g.rows * g.row_bytes(), 2);
  b.mem.write_bytes(kIn, ones);
  b.mem.write_bytes(kIn + 0x1000, weights);
  const std::string R = std::to_string(g.rows), L = std::to_string(g.row_bytes());
  const auto leave = isa::assemble(load_line(kIn + 0x1000, g.rows, g.row_bytes(), 0, "push_next") + "end\n");
  REQUIRE(b.run(leave).done);
  const auto prog = isa::assemble(
      load_line(kIn, g.rows, g.row_bytes(), 64, "push_next") +
      "matmul w_addr=0 a_addr=64 acc_addr=0 m=" + R + " k=" + R + " n=1 pop_prev push_next\n" +
      store_line(kOut, 1, 4, 1u << 19, "pop_prev") + "end\n");
  const CoreRun r = b.run(prog);
  REQUIRE(r.done);
  int32_t v;
  const auto out = b.mem.read_bytes(kOut, 4);
  std::memcpy(&v, out.data(), 4);
  REQUIRE(v == static_cast<int32_t>(2 * g.rows));  // a row of ones times a column of twos
}

TEMPLATE_TEST_CASE("core decoder: random fields around every limit get the ISA simulator's verdict",
                   "[core][errors][random]", NPU_CORE_MODELS) {
  // One exec instruction and END, its fields drawn around the limits the decoder checks
  // (0, the array's rows and columns, the scratchpad's and accumulator's sizes, a field's
  // largest value); half of them with one range (first row + rows) aimed at its memory's
  // end: exactly full, or one row past. The core and the ISA simulator must stop with the
  // same code at the same unit, or both finish.
  using Bench = CoreBench<TestType>;
  const auto g = Bench::geometry();
  const uint64_t seed = test_seed();
  INFO(seed_message(seed));
  std::mt19937_64 rng(seed);
  Bench b("core_decode_random", {.latency = 2, .seed = seed});
  const int64_t spad = g.spad_rows(), acc = g.acc_rows;
  const int64_t limits[] = {0, 1, 2, g.rows, g.cols, spad / 2, spad, acc / 2, acc};
  auto draw = [&](const spec::Field& f) -> int64_t {
    const int64_t top = (int64_t{1} << f.width) - 1;
    if (f.is_signed) return std::uniform_int_distribution<int64_t>(-(top + 1) / 2, top / 2)(rng);
    int64_t v = 0;
    switch (rng() % 4) {
      case 0: v = limits[rng() % std::size(limits)] + static_cast<int64_t>(rng() % 7) - 3; break;
      case 1: v = static_cast<int64_t>(rng() % 8); break;
      case 2: v = top - static_cast<int64_t>(rng() % 3); break;
      default: v = static_cast<int64_t>(rng()) & top; break;
    }
    return std::clamp<int64_t>(v, 0, top);
  };
  std::vector<const spec::Form*> forms;
  for (const auto& f : spec::kForms)
    if (f.queue == spec::Queue::kExec) forms.push_back(&f);
  unsigned errors = 0, finished = 0;
  for (int i = 0; i < 300; ++i) {
    const spec::Form& form = *forms[rng() % forms.size()];
    std::map<std::string, int64_t> v;
    for (unsigned j = 0; j < form.field_count; ++j) v[std::string(form.fields[j].name)] = draw(form.fields[j]);
    if (rng() % 2) {
      const int64_t past = static_cast<int64_t>(rng() % 2);
      const auto small = [&](int64_t most) { return 1 + static_cast<int64_t>(rng() % static_cast<uint64_t>(most)); };
      const auto aim = [&](const char* first, int64_t count, int64_t limit) { v[first] = limit - count + past; };
      const std::string_view m = form.mnemonic;
      const unsigned pick = rng() % 3;
      if (m == "matmul" || m == "matmul.acc") {
        v["k"] = small(g.rows);
        v["n"] = small(g.cols);
        v["m"] = small(4);
        if (pick == 0) aim("w_addr", v["k"], spad);
        else if (pick == 1) aim("a_addr", v["m"], spad);
        else aim("acc_addr", v["m"], acc);
      } else if (m == "vec.requant" || m == "vec.add") {
        v["rows"] = small(4);
        const bool requant = m == "vec.requant";
        if (pick == 0) aim("src", v["rows"], requant ? acc : spad);
        else if (pick == 1 && !requant) aim("src2", v["rows"], spad);
        else aim("dst", v["rows"], spad);
      } else if (m == "vec.maxpool" || m == "vec.avgpool") {
        v["out_h"] = small(3);
        v["out_w"] = small(2);
        v["in_width"] = 2 * v["out_w"] + small(3) - 1;
        if (pick == 0) aim("src", (2 * v["out_h"] - 1) * v["in_width"] + 2 * v["out_w"], spad);
        else aim("dst", v["out_h"] * v["out_w"], spad);
      } else if (m == "cfg.qtables") {
        aim("acc_addr", 3, acc);
      }
    }
    std::string text(form.mnemonic);
    for (const auto& [name, value] : v) text += " " + name + "=" + std::to_string(value);
    INFO(text);
    const auto prog = isa::assemble(text + "\nend\n");
    // A legal instruction may be long on the serial datapath: a vec.add of 1,000 rows of 8
    // lanes at the largest shifts is 1.6 million cycles.
    const CoreRun r = b.run(prog, 4000000);
    isa::Dram dram;
    dram.write(Bench::kProgBase, isa::to_binary(prog));
    isa::IsaSim sim(g);
    const auto o = sim.run(dram, Bench::params(static_cast<uint32_t>(prog.size())));
    REQUIRE(r.error == (o.error != spec::kErrNone));
    REQUIRE(r.code == o.error);
    if (o.error != spec::kErrNone) {
      REQUIRE(r.unit == o.error_unit);
      ++errors;
    } else {
      REQUIRE(r.done);
      ++finished;
    }
  }
  // Both verdicts were exercised.
  CHECK(errors >= 30);
  CHECK(finished >= 30);
}
