// SPDX-License-Identifier: Apache-2.0
// Benchmark `cluster_gemm`: an int8 GEMM of size N x N x N (1024 unless --size) on the 2x2
// cluster of default cores (16x16 arrays, 128-bit links, a memory port at every node,
// DRAM latency 20 cycles) with 1, 2 and 4 cores, through the runtime (each core takes an
// equal share of the rows). Every result is checked against the golden model. Time is the
// wall time of the cores' programs: per round, the longest program (PERF_CYCLES).
// The roofline bound of each run is the larger of the compute bound (N^3 / (R C cores))
// and the memory bound (bytes the cores moved / the bytes per cycle of all memory ports);
// the roofline speedup is min(cores, one core's time / the memory bound).
//   bench_cluster [--out DIR] [--size N]
#include <fmt/core.h>

#include <algorithm>
#include <random>

#include "bench_json.hpp"
#include "bench_model_shapes.hpp"
#include "cluster/cluster_bench.hpp"
#include "ref/gemm.hpp"
#include "runtime/gemm.hpp"

using namespace npu::verif;
namespace rt = npu::runtime;
namespace ref = npu::ref;
using Model = Vnpu_cluster_2x2_default;
using Shape = ClusterShape<Model>;

int main(int argc, char** argv) {
  std::string out_dir;
  unsigned size = 1024;
  if (!parse_bench_args(argc, argv, "bench_cluster", out_dir, {{"--size", &size}})) return 2;
  constexpr unsigned kPorts = ClusterBench<Model>::kMemPorts, kBus = ClusterBench<Model>::kBusBytes;
  BenchReport report("cluster_gemm");
  report.config("mesh", "2x2");
  report.config("core", "16x16, 128-bit bus");
  report.config("memory_ports", kPorts);
  report.config("dram_latency", 20);
  report.config("m_n_k", size);

  std::mt19937_64 rng(1);
  const auto a = ref::random_matrix(rng, size, size);
  const auto b = ref::random_matrix(rng, size, size);
  const auto want = ref::golden_gemm(a, b);
  const double macs = double(size) * size * size;

  double wall1 = 0;
  for (unsigned cores : {1u, 2u, 4u}) {
    ClusterDevice<Model> device({.latency = 20, .seed = 3}, "bench_cluster");
    npu_hal hal = device.hal();
    npu_cluster cl{};
    if (npu_cluster_init(&cl, &hal) != NPU_OK || npu_cluster_set_window(&cl, 0x100000, 0x10000000) != NPU_OK) {
      fmt::print(stderr, "bench_cluster: the cluster did not initialize\n");
      return 1;
    }
    const uint32_t mask = (1u << cores) - 1;
    rt::GemmStats st;
    const uint64_t sim_start = device.bench.h.cycle();
    const auto c = rt::gemm(rt::Target(cl, mask), a, b, nullptr, &st, 4'000'000'000ull);
    const uint64_t sim_cycles = device.bench.h.cycle() - sim_start;
    if (c != want) {
      fmt::print(stderr, "bench_cluster: {} cores: result differs from the golden model\n", cores);
      return 1;
    }
    if (!device.bench.violations().empty()) {
      fmt::print(stderr, "bench_cluster: AXI violation: {}\n", device.bench.violations().front());
      return 1;
    }
    const double wall = double(st.wall_cycles);
    if (cores == 1) wall1 = wall;
    const double compute_bound = macs / (16.0 * 16.0 * cores);
    const double memory_bound = double(st.dma_rd_bytes + st.dma_wr_bytes) / (kPorts * kBus);
    const double roofline = std::max(compute_bound, memory_bound);
    report.metric(fmt::format("wall_cycles_{}core", cores), wall);
    report.metric(fmt::format("simulated_cycles_{}core", cores), double(sim_cycles));
    report.metric(fmt::format("utilization_{}core", cores), compute_bound / wall);
    report.metric(fmt::format("roofline_cycles_{}core", cores), roofline);
    report.metric(fmt::format("dram_bytes_{}core", cores), double(st.dma_rd_bytes + st.dma_wr_bytes));
    if (cores > 1) {
      report.metric(fmt::format("speedup_{}core", cores), wall1 / wall);
      // What the memory ports allow: k cores, unless moving the bytes takes longer.
      report.metric(fmt::format("roofline_speedup_{}core", cores), std::min<double>(cores, wall1 / memory_bound));
    }
  }
  report.write(out_dir);
  return 0;
}
