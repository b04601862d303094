// SPDX-License-Identifier: Apache-2.0
// The ISA simulator against the operator-level reference functions: a tiled GEMM with
// accumulation over K, requantization and the vector operations, on a memory image.
#include <catch2/catch.hpp>

#include <cstring>
#include <random>

#include "isa/assembler.hpp"
#include "isa/isa_sim.hpp"
#include "ref/gemm.hpp"
#include "ref/quant.hpp"
#include "seed.hpp"

namespace isa = npu::isa;
namespace ref = npu::ref;

namespace {
constexpr uint64_t kWin = 0x10000, kLimit = 0x90000, kProg = 0x10000, kIn = 0x20000, kOut = 0x40000;

isa::Outcome run(isa::IsaSim& sim, isa::Dram& dram, const std::vector<isa::Instr>& prog) {
  dram.write(kProg, isa::to_binary(prog));
  return sim.run(dram, {kProg, static_cast<uint32_t>(prog.size()), kWin, kLimit});
}
}  // namespace

TEST_CASE("ISA simulator: tiled GEMM with K accumulation equals the reference", "[isa]") {
  std::mt19937_64 rng(npu::verif::test_seed());
  for (const char* name : {"tiny", "rect", "default"}) {
    const isa::Geometry g = isa::Geometry::named(name);
    isa::IsaSim sim(g);
    isa::Dram dram;
    const unsigned M = 20, K = 3 * g.rows, N = g.cols;
    const auto a = ref::random_matrix(rng, M, K);
    const auto w = ref::random_matrix(rng, K, N);
    dram.write(kIn, std::vector<uint8_t>(a.data.begin(), a.data.end()));
    dram.write(kIn + 0x8000, std::vector<uint8_t>(w.data.begin(), w.data.end()));
    std::vector<isa::Instr> prog;
    for (unsigned kt = 0; kt < 3; ++kt) {
      // A's columns kt*R .. kt*R + R - 1 (a strided load), and W's rows of that block.
      prog.push_back(isa::make("load", {{"dram_addr", kIn + kt * g.rows}, {"dram_stride", K}, {"rows", M},
                                        {"row_bytes", g.rows}, {"local_addr", 64}, {"local_stride", 1}}));
      prog.push_back(isa::make("load", {{"dram_addr", kIn + 0x8000 + kt * g.rows * N}, {"dram_stride", N},
                                        {"rows", g.rows}, {"row_bytes", N}, {"local_addr", 0},
                                        {"local_stride", 1}}));
      prog.push_back(isa::make(kt == 0 ? "matmul" : "matmul.acc",
                               {{"w_addr", 0}, {"a_addr", 64}, {"acc_addr", 0}, {"m", M}, {"k", g.rows}, {"n", N}}));
    }
    prog.push_back(isa::make("store", {{"dram_addr", kOut}, {"dram_stride", 4 * N}, {"rows", M},
                                       {"row_bytes", 4 * N}, {"local_addr", 1 << 19}, {"local_stride", 1}}));
    prog.push_back(isa::make("end", {}));
    const auto o = run(sim, dram, prog);
    INFO(name << ": " << o.message);
    REQUIRE(o.done);
    REQUIRE(o.counters.instret == prog.size());
    REQUIRE(o.counters.mac_active == 3 * M);
    REQUIRE(ref::int32_matrix(dram.read(kOut, 4 * M * N), M, N, N) == ref::golden_gemm(a, w));
  }
}

TEST_CASE("ISA simulator: pooling and add equal the reference per element", "[isa]") {
  std::mt19937_64 rng(npu::verif::test_seed());
  const isa::Geometry g = isa::Geometry::named("rect");
  const unsigned L = g.row_bytes();
  isa::IsaSim sim(g);
  isa::Dram dram;
  std::vector<uint8_t> map(6 * 4 * L), other(8 * L);
  for (auto& v : map) v = static_cast<uint8_t>(rng());
  for (auto& v : other) v = static_cast<uint8_t>(rng());
  dram.write(kIn, map);
  dram.write(kIn + 0x1000, other);
  const std::string Ls = std::to_string(L);
  const auto prog = isa::assemble(
      "load dram_addr=" + std::to_string(kIn) + " dram_stride=" + Ls + " rows=24 row_bytes=" + Ls + " local_addr=0 local_stride=1\n"
      "load dram_addr=" + std::to_string(kIn + 0x1000) + " dram_stride=" + Ls + " rows=8 row_bytes=" + Ls + " local_addr=40 local_stride=1\n"
      "vec.maxpool src=0 dst=100 out_h=3 out_w=2 in_width=4\n"
      "vec.avgpool src=0 dst=110 out_h=3 out_w=2 in_width=4\n"
      "cfg.output zero_point=5 act_min=-120 act_max=100 multiplier=0x50000000 shift=1\n"
      "cfg.add a_zero_point=-3 a_multiplier=0x40000000 a_shift=0 b_zero_point=7 b_multiplier=0x60000000 b_shift=3\n"
      "vec.add src=40 src2=44 dst=120 rows=4\n"
      "store dram_addr=" + std::to_string(kOut) + " dram_stride=" + Ls + " rows=30 row_bytes=" + Ls + " local_addr=100 local_stride=1\n"
      "end\n");
  const auto o = run(sim, dram, prog);
  REQUIRE(o.done);
  const auto out = dram.read(kOut, 30 * L);
  auto px = [&](unsigned y, unsigned x, unsigned l) { return static_cast<int8_t>(map[(y * 4 + x) * L + l]); };
  for (unsigned y = 0; y < 3; ++y)
    for (unsigned x = 0; x < 2; ++x)
      for (unsigned l = 0; l < L; ++l) {
        const int8_t v[4] = {px(2 * y, 2 * x, l), px(2 * y, 2 * x + 1, l), px(2 * y + 1, 2 * x, l),
                             px(2 * y + 1, 2 * x + 1, l)};
        REQUIRE(static_cast<int8_t>(out[(y * 2 + x) * L + l]) == ref::pool_max(v));
        REQUIRE(static_cast<int8_t>(out[(10 + y * 2 + x) * L + l]) == ref::pool_average(v));
      }
  ref::AddParams p;
  p.a_zero_point = -3; p.a_multiplier = 0x40000000; p.a_shift = 0;
  p.b_zero_point = 7; p.b_multiplier = 0x60000000; p.b_shift = 3;
  p.out_zero_point = 5; p.out_multiplier = 0x50000000; p.out_shift = 1;
  p.act_min = -120; p.act_max = 100;
  for (unsigned r = 0; r < 4; ++r)
    for (unsigned l = 0; l < L; ++l)
      REQUIRE(static_cast<int8_t>(out[(20 + r) * L + l]) ==
              ref::eltwise_add(static_cast<int8_t>(other[r * L + l]), static_cast<int8_t>(other[(4 + r) * L + l]), p));
}

TEST_CASE("ISA simulator: checks in decode order, and token rules", "[isa]") {
  const isa::Geometry g = isa::Geometry::named("tiny");
  isa::IsaSim sim(g);
  isa::Dram dram;
  auto first_error = [&](const std::string& text) { return run(sim, dram, isa::assemble(text)); };
  auto o = first_error("load dram_addr=0x20000 dram_stride=0 rows=0 row_bytes=4 local_addr=0 local_stride=1\nend\n");
  REQUIRE(o.error == npu::spec::kErrField);
  o = first_error("load dram_addr=0x20000 dram_stride=0 rows=1 row_bytes=4 local_addr=0x40000 local_stride=1\nend\n");
  REQUIRE(o.error == npu::spec::kErrLocalRange);
  REQUIRE(o.error_unit == npu::spec::kErrUnitDecode);
  o = first_error("load dram_addr=0x20000 dram_stride=0 rows=1 row_bytes=8 local_addr=0 local_stride=1\nend\n");
  REQUIRE(o.error == npu::spec::kErrDmaField);  // wider than a 4-byte scratchpad row
  REQUIRE(o.error_unit == npu::spec::kErrUnitLoad);
  o = first_error("store dram_addr=0x20000 dram_stride=0 rows=1 row_bytes=4 local_addr=0 local_stride=1 pop_prev\nend\n");
  REQUIRE(o.error == npu::spec::kErrToken);
  o = first_error("sync\n");
  REQUIRE(o.error == npu::spec::kErrProgram);
  REQUIRE(o.error_pc == 1);
}
