// SPDX-License-Identifier: Apache-2.0
// Random valid programs. A program is a run of rounds; round r uses buffer set r % 2
// (scratchpad inputs and outputs, accumulator tables and results), so the load of round
// r + 1 overlaps the compute of round r and the store of round r - 1. Tokens:
//   load(r)  pops exec->load when r >= 2 (exec(r - 2) is done with the buffer) and its
//            last instruction pushes load->exec;
//   exec(r)  pops load->exec, and store->exec when r >= 2; its last instruction pushes
//            exec->load and exec->store;
//   store(r) pops exec->store, its last instruction pushes store->exec.
// Every pop finds a token pushed earlier in program order, and every hazard between the
// queues is covered, so the ISA simulator's in-order result is what the RTL must give.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "isa/assembler.hpp"
#include "isa/isa_sim.hpp"

namespace npu::verif {

struct ProgramGen {
  isa::Geometry g;
  uint64_t in_base = 0x20000, in_size = 0x10000;    // DRAM inputs (never written)
  uint64_t out_base = 0x40000, out_size = 0x40000;  // DRAM outputs (each store its own)
  std::mt19937_64 rng;

  ProgramGen(isa::Geometry geom, uint64_t seed) : g(geom), rng(seed) {}

  unsigned pick(unsigned lo, unsigned hi) { return std::uniform_int_distribution<unsigned>(lo, hi)(rng); }
  bool coin(double p = 0.5) { return std::bernoulli_distribution(p)(rng); }

  // DRAM input bytes; table rows (bias, multiplier, shift) sit at the start, the rest is noise.
  std::vector<uint8_t> input_image() {
    std::vector<uint8_t> bytes(in_size);
    for (auto& b : bytes) b = static_cast<uint8_t>(rng());
    return bytes;
  }

  std::vector<isa::Instr> generate(unsigned rounds) {
    std::vector<isa::Instr> prog;
    uint64_t out_next = out_base;
    const unsigned S = g.spad_rows(), A = g.acc_rows;
    const unsigned region = S / 4, acc_region = A / 4;
    for (unsigned r = 0; r < rounds; ++r) {
      const unsigned b = r % 2;
      const unsigned in0 = b * region, out0 = S / 2 + b * region;
      const unsigned tab0 = b * acc_region, res0 = A / 2 + b * acc_region;
      have_tables_ = false;  // tables of an earlier round may be under a load by now
      // Loads.
      const unsigned loads = pick(1, 3);
      for (unsigned i = 0; i < loads; ++i) {
        isa::Deps d;
        d.pop_next = i == 0 && r >= 2;
        d.push_next = i == loads - 1;
        if (i == 0 && coin(0.4)) {
          // Tables for cfg.qtables: three accumulator rows.
          const unsigned row = tab0 + pick(0, acc_region - 3);
          prog.push_back(isa::make("load", {{"dram_addr", in_base + 16 * pick(0, 64)},
                                            {"dram_stride", g.acc_bytes()}, {"rows", 3},
                                            {"row_bytes", g.acc_bytes()},
                                            {"local_addr", (1u << 19) | row}, {"local_stride", 1}}, d));
          tables_row_ = row;
          have_tables_ = true;
        } else {
          const unsigned rows = pick(1, std::min(24u, region / 2));
          const unsigned row_bytes = pick(1, g.row_bytes());
          const unsigned stride = coin() ? row_bytes : row_bytes + pick(1, 40);
          const unsigned lstride = pick(1, 2);
          const unsigned first = in0 + pick(0, region - 1 - (rows - 1) * lstride);
          const uint64_t addr = in_base + 1024 + pick(0, 8192);
          prog.push_back(isa::make("load", {{"dram_addr", addr}, {"dram_stride", stride},
                                            {"rows", rows}, {"row_bytes", row_bytes},
                                            {"local_addr", first}, {"local_stride", lstride}}, d));
        }
      }
      // Exec.
      const unsigned execs = pick(1, 5);
      for (unsigned i = 0; i < execs; ++i) {
        isa::Deps d;
        d.pop_prev = i == 0;
        d.pop_next = i == 0 && r >= 2;
        d.push_prev = d.push_next = i == execs - 1;
        prog.push_back(exec_instr(in0, out0, tab0, res0, region, acc_region, d));
      }
      // Stores.
      const unsigned stores = pick(1, 2);
      for (unsigned i = 0; i < stores; ++i) {
        isa::Deps d;
        d.pop_prev = i == 0;
        d.push_prev = i == stores - 1;
        const bool from_acc = coin(0.3);
        const unsigned rows = pick(1, 8);
        const unsigned row_bytes = pick(1, from_acc ? g.acc_bytes() : g.row_bytes());
        const unsigned stride = coin() ? row_bytes : row_bytes + pick(1, 24);
        const unsigned first = from_acc ? res0 + pick(0, acc_region - rows) : out0 + pick(0, region - rows);
        prog.push_back(isa::make("store", {{"dram_addr", out_next}, {"dram_stride", stride},
                                           {"rows", rows}, {"row_bytes", row_bytes},
                                           {"local_addr", (from_acc ? (1u << 19) : 0u) | first},
                                           {"local_stride", 1}}, d));
        out_next += (rows - 1) * stride + row_bytes + pick(0, 20);
      }
    }
    prog.push_back(isa::make("end", {}));
    return prog;
  }

 private:
  isa::Instr exec_instr(unsigned in0, unsigned out0, unsigned tab0, unsigned res0,
                        unsigned region, unsigned acc_region, isa::Deps d) {
    const unsigned kind = pick(0, 9);
    if (kind <= 3) {
      const unsigned m = pick(1, std::min(40u, acc_region / 2)), k = pick(1, g.rows), n = pick(1, g.cols);
      return isa::make(coin() ? "matmul" : "matmul.acc",
                       {{"w_addr", in0 + pick(0, region - k)}, {"a_addr", in0 + pick(0, region - m)},
                        {"acc_addr", res0 + pick(0, acc_region - m)}, {"m", m}, {"k", k}, {"n", n}}, d);
    }
    if (kind == 4) {
      const unsigned rows = pick(1, std::min(16u, acc_region));
      return isa::make("vec.requant", {{"src", res0 + pick(0, acc_region - rows)},
                                       {"dst", out0 + pick(0, region - rows)}, {"rows", rows}}, d);
    }
    if (kind == 5) {
      const unsigned oh = pick(1, 3), ow = pick(1, 3), w = 2 * ow + pick(0, 2);
      const unsigned span = (2 * oh - 1) * w + 2 * ow;
      return isa::make(coin() ? "vec.maxpool" : "vec.avgpool",
                       {{"src", in0 + pick(0, region - span)}, {"dst", out0 + pick(0, region - oh * ow)},
                        {"out_h", oh}, {"out_w", ow}, {"in_width", w}}, d);
    }
    if (kind == 6) {
      const unsigned rows = pick(1, 16);
      return isa::make("vec.add", {{"src", in0 + pick(0, region - rows)}, {"src2", in0 + pick(0, region - rows)},
                                   {"dst", out0 + pick(0, region - rows)}, {"rows", rows}}, d);
    }
    if (kind == 7) {
      const int lo = static_cast<int>(pick(0, 200)) - 128;
      const int hi = std::min(127, lo + static_cast<int>(pick(0, 255)));
      return isa::make("cfg.output", {{"zero_point", static_cast<int>(pick(0, 255)) - 128},
                                      {"act_min", lo}, {"act_max", hi},
                                      {"multiplier", (1u << 30) + pick(0, (1u << 30) - 1)},
                                      {"shift", pick(0, 31)}}, d);
    }
    if (kind == 8) {
      return isa::make("cfg.add", {{"a_zero_point", static_cast<int>(pick(0, 255)) - 128},
                                   {"a_multiplier", (1u << 30) + pick(0, (1u << 30) - 1)},
                                   {"a_shift", pick(0, 31)},
                                   {"b_zero_point", static_cast<int>(pick(0, 255)) - 128},
                                   {"b_multiplier", (1u << 30) + pick(0, (1u << 30) - 1)},
                                   {"b_shift", pick(0, 31)}}, d);
    }
    return isa::make("cfg.qtables", {{"acc_addr", have_tables_ ? tables_row_ : tab0}}, d);
  }

  unsigned tables_row_ = 0;
  bool have_tables_ = false;
};

}  // namespace npu::verif
