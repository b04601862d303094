// SPDX-License-Identifier: Apache-2.0
// npu_gemm_demo: a random int8 GEMM on the simulated 16 x 16 NPU core through the driver
// and the runtime's GEMM; the result is checked against the golden model and the core's
// own counters are printed.
//   npu_gemm_demo [--m M] [--k K] [--n N] [--seed S]
#include <fmt/core.h>

#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "core/hal_rtl.hpp"
#include "runtime/gemm.hpp"
#include "ref/gemm.hpp"
#include "seed.hpp"

using namespace npu::verif;
using npu::runtime::GemmStats;
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
                     "  M, K, N in 1..4096 (default 128 x 100 x 70)\n", problem);
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

  std::mt19937_64 rng(seed);
  const MatrixI8 a = random_matrix(rng, m, k);
  const MatrixI8 b = random_matrix(rng, k, n);
  RtlDevice<Core> device({.latency = 20, .seed = seed}, "gemm_demo");
  const npu_hal hal = device.hal();
  npu_dev dev;
  if (npu_init(&dev, &hal) != NPU_OK || npu_set_window(&dev, 0x10000, 0x4000000) != NPU_OK) {
    fmt::print(stderr, "npu_gemm_demo: the NPU did not initialize\n");
    return 1;
  }
  const unsigned R = dev.info.rows, C = dev.info.cols;
  fmt::print("GEMM {} x {} x {} (int8 -> int32) on the simulated {} x {} NPU core, {}\n", m, k, n,
             R, C, seed_message(seed));

  // The runtime pads K and N to whole tiles, packs the operands, cuts M into chunks and
  // runs a double-buffered program per chunk (sw/runtime/gemm.cpp).
  GemmStats st;
  MatrixI32 got;
  try {
    got = npu::runtime::gemm(dev, a, b, nullptr, &st, 100'000'000);
  } catch (const npu::runtime::RuntimeError& e) {
    fmt::print(stderr, "npu_gemm_demo: {}\n", e.what());
    return 1;
  }
  const MatrixI32 want = golden_gemm(a, b);
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < want.data.size(); ++i) wrong += got.data[i] != want.data[i];
  const std::size_t kp = (k + R - 1) / R * R, np = (n + C - 1) / C * C;
  fmt::print("  programs       {} ({} instructions)\n", st.programs, st.instructions);
  fmt::print("  cycles         {}  (PERF_CYCLES, memory latency 20)\n", st.cycles);
  fmt::print("  ideal          {:.0f}  (M N K / (R C))\n", st.ideal_cycles);
  fmt::print("  utilization    {:.3f}  (padding to whole tiles: {:.3f} of the work is real)\n",
             st.ideal_cycles / double(st.cycles), double(k) * double(n) / (double(kp) * double(np)));
  fmt::print("  DMA            {} bytes read, {} written\n", st.dma_rd_bytes, st.dma_wr_bytes);
  if (wrong != 0) {
    fmt::print("  result         {} of {} elements WRONG\n", wrong, m * n);
    return 1;
  }
  fmt::print("  result         all {} elements equal the golden model\n", m * n);
  return 0;
}
