// SPDX-License-Identifier: Apache-2.0
// Benchmark `core_gemm`: an int8 GEMM 256 x 256 x 256 on the default core (16 x 16),
// run as a double-buffered program (verif/core/gemm_program.hpp) from DRAM with a
// 20-cycle memory, operands packed as an NPU runtime keeps them (and, for comparison,
// row-major: utilization_row_major_operands). Figures come from the core's performance counters:
//   cycles        PERF_CYCLES, START to END
//   ideal_cycles  M * N * K / (R * C)
//   utilization   ideal_cycles / cycles
// The result is checked against the reference GEMM before any figure is printed.
// Also what the boards' area trades cost: a requantizing GEMM (int8 out) on rect as
// simulated, and on rect as boards build it (Vnpu_core_rect_board: the requantizer at half
// its lanes, its multiplies and the checks by shift and add, unit queues of 2), each
// checked byte for byte against the ISA simulator:
//   requant_gemm_cycles_vec1, requant_gemm_cycles_board, requant_gemm_slowdown_board
// and one of 48 x 32 x 32 on tiny as simulated and as the iCEBreaker builds it
// (Vnpu_core_tiny_board: every board choice, no unit queues, one MATMUL at a time):
//   requant_gemm_cycles_tiny, requant_gemm_cycles_tiny_board, requant_gemm_slowdown_tiny_board
// and the vector unit's other work on the same two: the cycles a program's vector
// instructions add to its loads and store (the same program with a cfg.output in their
// place), for max and average pooling of a 16 x 16 map (64 output rows each) and an
// element-wise add of 64 row pairs:
//   vec_pool_cycles_tiny, vec_pool_cycles_tiny_board, vec_add_cycles_tiny,
//   vec_add_cycles_tiny_board
//   bench_core [--out DIR]     (default DIR: bench)
#include <chrono>
#include <cstring>
#include <iostream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "bench_json.hpp"
#include "core/core_bench.hpp"
#include "isa/isa_sim.hpp"
#include "runtime/gemm_program.hpp"
#include "ref/gemm.hpp"

using namespace npu::verif;
using namespace npu::runtime;
using Core = Vnpu_core_default;

namespace {

// Runs prog (already in dram and in b's memory with its inputs) on b's core; returns
// PERF_CYCLES once it has ended cleanly and the output window equals the ISA simulator's.
template <class Bench>
uint64_t checked_cycles(Bench& b, npu::isa::Dram& dram, const std::vector<npu::isa::Instr>& prog,
                        const std::string& what) {
  put(b, dram, Bench::kProgBase, npu::isa::to_binary(prog));
  const CoreRun r = b.run(prog, 10'000'000);
  npu::isa::IsaSim sim(Bench::geometry());
  const auto o = sim.run(dram, Bench::params(static_cast<uint32_t>(prog.size())));
  if (!r.done || r.error || !o.done) throw std::runtime_error(what + " did not finish cleanly");
  const std::size_t n = Bench::kWinLimit - Bench::kWinBase;
  if (b.mem.read_bytes(Bench::kWinBase, n) != dram.read(Bench::kWinBase, n))
    throw std::runtime_error(what + " differs from the ISA simulator");
  return r.cycles;
}

// A requantizing GEMM M x K x N on Model; returns PERF_CYCLES once the output window
// equals the ISA simulator's.
template <class Model>
uint64_t requant_gemm_cycles(unsigned M, unsigned K, unsigned N, unsigned latency) {
  using Bench = CoreBench<Model>;
  const auto g = Bench::geometry();
  std::mt19937_64 rng(7);
  Bench b("bench_core_requant", {.latency = latency, .seed = 7});
  npu::isa::Dram dram;
  GemmLayout L{.M = M, .N = N, .K = K, .a_addr = 0x20000, .w_addr = 0x40000, .c_addr = 0x60000, .packed = true};
  L.requant = GemmRequant{0x50000, -3, -100, 120, N, N};
  put(b, dram, L.a_addr, random_bytes(rng, std::size_t{M} * K));
  put(b, dram, L.w_addr, random_bytes(rng, std::size_t{K} * N));
  put(b, dram, L.requant->tables_addr, random_requant_tables(rng, g.cols, N / g.cols));
  return checked_cycles(b, dram, gemm_program(g, L), "the requantizing GEMM");
}

// PERF_CYCLES of a program on Model that loads a 16 x 16 pixel map (rows 0..255 of the
// scratchpad) and 128 rows for an add (256..383), runs ops between the loads and a store
// of 128 rows from 512, once the output window equals the ISA simulator's.
template <class Model>
uint64_t vec_program_cycles(const std::string& ops) {
  using Bench = CoreBench<Model>;
  const auto g = Bench::geometry();
  const unsigned L = g.row_bytes();
  std::mt19937_64 rng(11);
  Bench b("bench_core_vec", {.latency = 20, .seed = 11});
  npu::isa::Dram dram;
  constexpr uint64_t kMap = 0x20000, kRows = 0x30000, kOut = 0x40000;
  put(b, dram, kMap, random_bytes(rng, 256ull * L));
  put(b, dram, kRows, random_bytes(rng, 128ull * L));
  put(b, dram, kOut, random_bytes(rng, 128ull * L));  // the store's source, before any op
  const std::string Lb = std::to_string(L);
  const auto load = [&](uint64_t dram_addr, unsigned rows, unsigned local, const char* tail) {
    return "load dram_addr=" + std::to_string(dram_addr) + " dram_stride=" + Lb + " rows=" +
           std::to_string(rows) + " row_bytes=" + Lb + " local_addr=" + std::to_string(local) +
           " local_stride=1" + tail + "\n";
  };
  const auto prog = npu::isa::assemble(
      load(kMap, 256, 0, "") + load(kRows, 128, 256, "") + load(kOut, 128, 512, " push_next") +
      "cfg.output zero_point=0 act_min=-128 act_max=127 multiplier=0x40000000 shift=0 pop_prev\n" +
      ops + "cfg.output zero_point=0 act_min=-128 act_max=127 multiplier=0x40000000 shift=0 push_next\n"
      "store dram_addr=" + std::to_string(kOut) + " dram_stride=" + Lb + " rows=128 row_bytes=" + Lb +
      " local_addr=512 local_stride=1 pop_prev\nend\n");
  return checked_cycles(b, dram, prog, "the vector program");
}

// The cycles pools and an add add to vec_program_cycles' loads and store on Model.
template <class Model>
std::pair<uint64_t, uint64_t> vec_cycles() {
  const uint64_t base = vec_program_cycles<Model>("");
  const uint64_t pool = vec_program_cycles<Model>(
      "vec.maxpool src=0 dst=512 out_h=8 out_w=8 in_width=16\n"
      "vec.avgpool src=0 dst=576 out_h=8 out_w=8 in_width=16\n");
  const uint64_t add = vec_program_cycles<Model>(
      "cfg.add a_zero_point=3 a_multiplier=0x40000000 a_shift=1 b_zero_point=-9 "
      "b_multiplier=0x70000000 b_shift=2\n"
      "vec.add src=256 src2=320 dst=512 rows=64\n");
  return {pool - base, add - base};
}

}  // namespace

int main(int argc, char** argv) {
  std::string out_dir;
  if (!parse_bench_args(argc, argv, "bench_core", out_dir)) return 2;
  using Bench = CoreBench<Core>;
  const auto g = Bench::geometry();
  constexpr unsigned M = 256, N = 256, K = 256, kLatency = 20;
  std::mt19937_64 rng(1);
  const auto a = npu::ref::random_matrix(rng, M, K);
  const auto w = npu::ref::random_matrix(rng, K, N);
  const auto c = npu::ref::golden_gemm(a, w);

  // One run; returns PERF_CYCLES after checking the result.
  auto run = [&](bool packed, CoreRun& r, uint64_t& sim_cycles, double& seconds, std::size_t& instrs) {
    Bench b(packed ? "bench_core_packed" : "bench_core_row_major", {.latency = kLatency, .seed = 1});
    const GemmLayout L{.M = M, .N = N, .K = K, .a_addr = 0x20000, .w_addr = 0x30000, .c_addr = 0x40000,
                       .packed = packed};
    b.mem.write_bytes(L.a_addr, packed ? pack_a(a.data, M, K, g.rows) : std::vector<uint8_t>(a.data.begin(), a.data.end()));
    b.mem.write_bytes(L.w_addr, packed ? pack_w(w.data, K, N, g.cols) : std::vector<uint8_t>(w.data.begin(), w.data.end()));
    const auto prog = gemm_program(g, L);
    instrs = prog.size();
    const auto t0 = std::chrono::steady_clock::now();
    const uint64_t cycle0 = b.h.cycle();
    r = b.run(prog, 10'000'000);
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    sim_cycles = b.h.cycle() - cycle0;
    if (!r.done || r.error) throw std::runtime_error("the program did not finish cleanly");
    if (npu::ref::int32_matrix(b.mem.read_bytes(L.c_addr, 4ull * M * N), M, N, N) != c)
      throw std::runtime_error("the result differs from the reference GEMM");
  };

  CoreRun r, row_major;
  uint64_t sim_cycles = 0, unused_cycles = 0, rq_vec1 = 0, rq_board = 0, rq_tiny = 0, rq_tiny_board = 0;
  double seconds = 0, unused_seconds = 0;
  std::size_t instrs = 0, unused_instrs = 0;
  constexpr unsigned kRqM = 64, kRqK = 32, kRqN = 32;
  constexpr unsigned kRqTinyM = 48;  // the program keeps M under half of tiny's 128 accumulator rows
  std::pair<uint64_t, uint64_t> vec_tiny, vec_tiny_board;
  try {
    run(true, r, sim_cycles, seconds, instrs);
    run(false, row_major, unused_cycles, unused_seconds, unused_instrs);
    rq_vec1 = requant_gemm_cycles<Vnpu_core_rect>(kRqM, kRqK, kRqN, kLatency);
    rq_board = requant_gemm_cycles<Vnpu_core_rect_board>(kRqM, kRqK, kRqN, kLatency);
    rq_tiny = requant_gemm_cycles<Vnpu_core_tiny>(kRqTinyM, kRqK, kRqN, kLatency);
    rq_tiny_board = requant_gemm_cycles<Vnpu_core_tiny_board>(kRqTinyM, kRqK, kRqN, kLatency);
    vec_tiny = vec_cycles<Vnpu_core_tiny>();
    vec_tiny_board = vec_cycles<Vnpu_core_tiny_board>();
  } catch (const std::exception& e) {
    std::cerr << "bench_core: " << e.what() << "\n";
    return 1;
  }

  const double ideal = double{M} * N * K / (g.rows * g.cols);
  BenchReport report("core_gemm");
  report.config("array", std::to_string(g.rows) + "x" + std::to_string(g.cols));
  report.config("m_n_k", "256x256x256");
  report.config("memory_latency_cycles", kLatency);
  report.config("operands", "packed (A in K-blocks, W in N-tiles)");
  report.config("instructions", static_cast<double>(instrs));
  report.metric("cycles", static_cast<double>(r.cycles));
  report.metric("ideal_cycles", ideal);
  report.metric("utilization", ideal / static_cast<double>(r.cycles));
  report.metric("utilization_row_major_operands", ideal / static_cast<double>(row_major.cycles));
  report.metric("mac_active_fraction", static_cast<double>(r.mac) / static_cast<double>(r.cycles));
  report.metric("load_stall_cycles", static_cast<double>(r.load_stall));
  report.metric("exec_stall_cycles", static_cast<double>(r.exec_stall));
  report.metric("store_stall_cycles", static_cast<double>(r.store_stall));
  report.metric("dma_read_bytes", static_cast<double>(r.rd_bytes));
  report.metric("dma_write_bytes", static_cast<double>(r.wr_bytes));
  report.metric("sim_cycles_per_second", static_cast<double>(sim_cycles) / seconds);
  report.config("requant_gemm", "rect (8x4), 64x32x32, int8 out");
  report.metric("requant_gemm_cycles_vec1", static_cast<double>(rq_vec1));
  report.metric("requant_gemm_cycles_board", static_cast<double>(rq_board));
  report.metric("requant_gemm_slowdown_board", static_cast<double>(rq_board) / static_cast<double>(rq_vec1));
  report.config("requant_gemm_tiny", "tiny (4x4), 48x32x32, int8 out");
  report.metric("requant_gemm_cycles_tiny", static_cast<double>(rq_tiny));
  report.metric("requant_gemm_cycles_tiny_board", static_cast<double>(rq_tiny_board));
  report.metric("requant_gemm_slowdown_tiny_board", static_cast<double>(rq_tiny_board) / static_cast<double>(rq_tiny));
  report.config("vec_ops", "tiny (4x4): max and average pool of a 16x16 map, add of 64 row pairs");
  report.metric("vec_pool_cycles_tiny", static_cast<double>(vec_tiny.first));
  report.metric("vec_pool_cycles_tiny_board", static_cast<double>(vec_tiny_board.first));
  report.metric("vec_add_cycles_tiny", static_cast<double>(vec_tiny.second));
  report.metric("vec_add_cycles_tiny_board", static_cast<double>(vec_tiny_board.second));
  report.write(out_dir);
  return 0;
}
