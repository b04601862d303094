// SPDX-License-Identifier: Apache-2.0
// Benchmark `runtime_gemm_sweep`: the runtime's GEMM (driver, padding, packing, chunking,
// double-buffered programs) on the Verilated default core (16 x 16, memory latency 20),
// for square and skinny shapes from 64 to 512. utilization = M N K / (R C) over the sum
// of PERF_CYCLES of the programs it ran; every result is checked against the reference.
//   bench_runtime [--out DIR]
#include <fmt/core.h>

#include <random>

#include "bench_json.hpp"
#include "core/hal_rtl.hpp"
#include "ref/gemm.hpp"
#include "runtime/gemm.hpp"

using namespace npu::verif;
namespace rt = npu::runtime;
using Core = Vnpu_core_default;

int main(int argc, char** argv) {
  std::string out_dir;
  if (!parse_bench_args(argc, argv, "bench_runtime", out_dir)) return 2;
  struct Shape {
    const char* name;
    unsigned m, k, n;
  };
  const Shape shapes[] = {{"gemm_64", 64, 64, 64},         {"gemm_128", 128, 128, 128},
                          {"gemm_256", 256, 256, 256},     {"gemm_512", 512, 512, 512},
                          {"skinny_512x64x512", 512, 64, 512}, {"skinny_64x512x512", 64, 512, 512},
                          {"skinny_512x512x64", 512, 512, 64}};
  BenchReport report("runtime_gemm_sweep");
  report.config("array", "16x16");
  report.config("memory_latency_cycles", 20);
  std::mt19937_64 rng(1);
  for (const Shape& s : shapes) {
    RtlDevice<Core> device({.latency = 20, .seed = 1}, std::string("bench_") + s.name);
    const npu_hal hal = device.hal();
    npu_dev dev;
    if (npu_init(&dev, &hal) != NPU_OK || npu_set_window(&dev, 0x10000, 0x4000000) != NPU_OK) return 1;
    const auto a = npu::ref::random_matrix(rng, s.m, s.k);
    const auto b = npu::ref::random_matrix(rng, s.k, s.n);
    rt::GemmStats st;
    const auto c = rt::gemm(dev, a, b, nullptr, &st);
    if (c != npu::ref::golden_gemm(a, b)) {
      fmt::print(stderr, "bench_runtime: {} differs from the reference\n", s.name);
      return 1;
    }
    report.metric(std::string(s.name) + "_utilization", st.ideal_cycles / double(st.cycles));
    report.metric(std::string(s.name) + "_cycles", static_cast<double>(st.cycles));
  }
  report.write(out_dir);
  return 0;
}
