// SPDX-License-Identifier: Apache-2.0
// Benchmark `array`: simulation speed of the verilated 16 x 16 compute tile and its
// streaming utilization for M = 1024 rows after one preload.
//   bench_array [--out DIR]     (default DIR: bench)
#include <chrono>
#include <random>

#include "array/tile_driver.hpp"
#include "bench_json.hpp"

using namespace npu::verif;
using Tile = Vnpu_tile_16x16;

int main(int argc, char** argv) {
  std::string out_dir;
  if (!parse_bench_args(argc, argv, "bench_array", out_dir)) return 2;
  constexpr unsigned R = TileShape<Tile>::rows, C = TileShape<Tile>::cols;
  std::mt19937_64 rng(12345);

  // Utilization: one PRELOAD then one STREAM of M rows; useful MAC cycles are the M
  // cycles in which every PE multiplies, over all cycles from the first command to the
  // last result.
  constexpr unsigned kM = 1024;
  Harness<Tile> h("bench_array");
  h.reset();
  TileDriver<Tile> drv(h, 1);
  const MatrixI8 w = random_matrix(rng, R, C);
  const MatrixI8 a = random_matrix(rng, kM, R);
  drv.preload(w);
  drv.stream(a);
  const uint64_t cycles = drv.run(1'000'000);
  const MatrixI32 want = golden_gemm(a, w);
  for (unsigned m = 0; m < kM; ++m)
    for (unsigned c = 0; c < C; ++c)
      if (drv.results()[m][c] != want.at(m, c)) {
        fmt::print(stderr, "bench_array: result mismatch at row {} column {}\n", m, c);
        return 1;
      }
  const double utilization = double(kM) / double(cycles);

  // Simulation speed: back-to-back tiles, rows streaming every cycle, wall-clock time.
  Harness<Tile> hs("bench_array_speed");
  hs.reset();
  TileDriver<Tile> speed(hs, 2);
  for (int t = 0; t < 8; ++t) {
    speed.preload(random_matrix(rng, R, C));
    speed.stream(random_matrix(rng, 2048, R));
  }
  const auto t0 = std::chrono::steady_clock::now();
  const uint64_t speed_cycles = speed.run(10'000'000);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  BenchReport report("array");
  report.config("array_rows", R);
  report.config("array_cols", C);
  report.config("stream_rows", kM);
  report.metric("sim_cycles_per_second", double(speed_cycles) / seconds);
  report.metric("stream_utilization", utilization);
  report.metric("stream_cycles", double(cycles));
  report.write(out_dir);
  return 0;
}
