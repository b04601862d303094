// SPDX-License-Identifier: Apache-2.0
// npu_gemm_demo: a random int8 GEMM of any size on the verilated 16 x 16 compute tile,
// checked against the golden model; prints cycles and utilization.
//   npu_gemm_demo [--m M] [--k K] [--n N] [--seed S]
#include <fmt/core.h>

#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "array/tile_driver.hpp"
#include "seed.hpp"

using namespace npu::verif;
using Tile = Vnpu_tile_16x16;

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

  constexpr unsigned R = TileShape<Tile>::rows, C = TileShape<Tile>::cols;
  std::mt19937_64 rng(seed);
  const MatrixI8 a = random_matrix(rng, m, k);
  const MatrixI8 b = random_matrix(rng, k, n);
  fmt::print("GEMM {} x {} x {} (int8 -> int32) on the {} x {} compute tile, {}\n", m, k, n, R,
             C, seed_message(seed));

  Harness<Tile> h("gemm_demo");
  h.reset();
  TileDriver<Tile> drv(h, seed);
  const uint64_t start = h.cycle();
  const MatrixI32 got = tiled_gemm(drv, a, b, 100'000'000);
  const uint64_t cycles = h.cycle() - start;
  const MatrixI32 want = golden_gemm(a, b);

  std::size_t wrong = 0;
  for (std::size_t i = 0; i < want.data.size(); ++i) wrong += got.data[i] != want.data[i];
  const std::size_t k_tiles = (k + R - 1) / R, n_tiles = (n + C - 1) / C;
  const double ideal = double(m) * double(n) * double(k) / double(R * C);
  fmt::print("  tiles          {} (K) x {} (N), {} preloads\n", k_tiles, n_tiles,
             k_tiles * n_tiles);
  fmt::print("  cycles         {}\n", cycles);
  fmt::print("  tile bound     {}  (one cycle per row per tile: partial tiles leave PEs idle)\n",
             k_tiles * n_tiles * m);
  fmt::print("  ideal cycles   {:.0f}  (M*N*K / (R*C))\n", ideal);
  fmt::print("  utilization    {:.3f}\n", ideal / double(cycles));
  if (wrong != 0) {
    fmt::print("  FAIL: {} of {} results differ from the golden model\n", wrong,
               want.data.size());
    return 1;
  }
  fmt::print("  PASS: all {} results equal the golden model\n", want.data.size());
  return 0;
}
