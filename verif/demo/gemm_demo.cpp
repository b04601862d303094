// SPDX-License-Identifier: Apache-2.0
// npu_gemm_demo: a random int8 GEMM on the simulated 16 x 16 NPU core: the operands go to
// DRAM, the core runs a double-buffered program and the result is checked against the
// golden model; prints the core's own counters.
//   npu_gemm_demo [--m M] [--k K] [--n N] [--seed S]
#include <fmt/core.h>

#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "core/core_bench.hpp"
#include "runtime/gemm_program.hpp"
#include "ref/gemm.hpp"
#include "seed.hpp"

using namespace npu::verif;
using namespace npu::runtime;
using namespace npu::ref;
using Core = Vnpu_core_default;

namespace {

bool parse_count(const char* text, std::size_t& out) {
  char* end = nullptr;
  const unsigned long long v = std::strtoull(text, &end, 0);
  if (end == text || *end != '\0' || v == 0 || v > 4096) return false;
  out = static_cast<std::size_t>(v);
  return true;
}

int usage(const std::string& problem) {
  fmt::print(stderr, "npu_gemm_demo: {}\nusage: npu_gemm_demo [--m M] [--k K] [--n N] [--seed S]\n"
                     "  M in 1..512, K and N in 1..4096 (default 128 x 100 x 70)\n", problem);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t m = 128, k = 100, n = 70;
  uint64_t seed = test_seed();
  for (int i = 1; i < argc; ++i) {
    const std::string opt = argv[i];
    if (i + 1 >= argc) return usage("option " + opt + " needs a value");
    const char* value = argv[++i];
    bool ok = true;
    if (opt == "--m") ok = parse_count(value, m);
    else if (opt == "--k") ok = parse_count(value, k);
    else if (opt == "--n") ok = parse_count(value, n);
    else if (opt == "--seed") {
      char* end = nullptr;
      seed = std::strtoull(value, &end, 0);
      ok = end != value && *end == '\0';
    } else {
      return usage("unknown option " + opt);
    }
    if (!ok) return usage("bad value '" + std::string(value) + "' for " + opt);
  }

  using Bench = CoreBench<Core>;
  const auto g = Bench::geometry();
  const unsigned R = g.rows, C = g.cols;
  std::mt19937_64 rng(seed);
  const MatrixI8 a = random_matrix(rng, m, k);
  const MatrixI8 b = random_matrix(rng, k, n);
  fmt::print("GEMM {} x {} x {} (int8 -> int32) on the simulated {} x {} NPU core, {}\n", m, k, n,
             R, C, seed_message(seed));

  // The host's part: zero-pad K and N to whole tiles and pack the operands as the core
  // wants them (A in K-blocks, W in N-tiles); the core runs a double-buffered program.
  const unsigned kp = static_cast<unsigned>((k + R - 1) / R * R), np = static_cast<unsigned>((n + C - 1) / C * C);
  MatrixI8 ap(m, kp), bp(kp, np);
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < k; ++j) ap.at(i, j) = a.at(i, j);
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < n; ++j) bp.at(i, j) = b.at(i, j);
  const GemmLayout layout{.M = static_cast<unsigned>(m), .N = np, .K = kp, .a_addr = 0x20000,
                          .w_addr = 0x20000 + uint64_t{m} * kp, .c_addr = 0, .packed = true};
  GemmLayout L = layout;
  L.c_addr = (L.w_addr + uint64_t{kp} * np + 0xFFF) & ~uint64_t{0xFFF};
  std::vector<npu::isa::Instr> prog;
  try {
    prog = gemm_program(g, L);
  } catch (const std::invalid_argument& e) {
    return usage(std::string(e.what()) + " (M up to " + std::to_string(g.acc_rows / 2) + ")");
  }
  const uint64_t need = L.c_addr + 4ull * m * np;
  if (need > Bench::kWinLimit) return usage("the operands do not fit the 512 KiB DRAM window");

  Bench core("gemm_demo", {.latency = 20, .seed = seed});
  core.mem.write_bytes(L.a_addr, pack_a(ap.data, L.M, kp, R));
  core.mem.write_bytes(L.w_addr, pack_w(bp.data, kp, np, C));
  const CoreRun r = core.run(prog, 100'000'000);
  if (!r.done || r.error) {
    fmt::print(stderr, "npu_gemm_demo: the core stopped with error {} in unit {} at instruction {}\n",
               r.code, r.unit, r.error_pc);
    return 1;
  }
  const MatrixI32 got = int32_matrix(core.mem.read_bytes(L.c_addr, 4ull * m * np), m, n, np);
  const MatrixI32 want = golden_gemm(a, b);
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < want.data.size(); ++i) wrong += got.data[i] != want.data[i];
  const double ideal = double(m) * double(n) * double(k) / double(R * C);
  fmt::print("  program        {} instructions ({} K-tiles x {} N-tiles of MATMUL m={})\n", prog.size(),
             kp / R, np / C, m);
  fmt::print("  cycles         {}  (PERF_CYCLES, memory latency 20)\n", r.cycles);
  fmt::print("  ideal          {:.0f}  (M N K / (R C))\n", ideal);
  fmt::print("  utilization    {:.3f}  (padding to whole tiles: {:.3f} of the work is real)\n",
             ideal / double(r.cycles), double(k) * double(n) / (double(kp) * double(np)));
  fmt::print("  DMA            {} bytes read, {} written; {} instructions retired\n", r.rd_bytes,
             r.wr_bytes, r.instret);
  if (wrong != 0) {
    fmt::print("  result         {} of {} elements WRONG\n", wrong, m * n);
    return 1;
  }
  fmt::print("  result         all {} elements equal the golden model\n", m * n);
  return 0;
}
