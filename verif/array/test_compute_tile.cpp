// SPDX-License-Identifier: Apache-2.0
// npu_compute_tile against the golden GEMM at six configurations (2x2, 4x8, 8x4 with a
// three-row output FIFO, 16x16; with one weight buffer a PE, 4x4 and 3x5 with a three-row
// FIFO, both on PE pairs): full and partial tiles, back-to-back tiles with the weight swap,
// extreme values, output back-pressure, and the promised timing.
#include <catch2/catch.hpp>

#include <random>

#include "array/tile_driver.hpp"
#include "ref/gemm.hpp"
#include "seed.hpp"

using namespace npu::verif;
using namespace npu::ref;

namespace {

// Compare the result rows [first, first + m) with golden A x W over the first n columns;
// the columns from n up must be zero.
template <class Model>
void check_rows(const TileDriver<Model>& drv, std::size_t first, const MatrixI8& a,
                const MatrixI8& w) {
  const MatrixI32 want = golden_gemm(a, w);
  REQUIRE(drv.results().size() >= first + a.rows);
  for (std::size_t m = 0; m < a.rows; ++m) {
    const auto& got = drv.results()[first + m];
    for (std::size_t c = 0; c < TileShape<Model>::cols; ++c) {
      const int32_t expect = c < w.cols ? want.at(m, c) : 0;
      INFO("row " << m << " column " << c);
      REQUIRE(got[c] == expect);
    }
  }
}

constexpr uint64_t kMaxCycles = 200000;

// The common set-up of a tile test: a seed (printed by the caller's INFO), a random
// generator, a harness out of reset and a driver.
template <class Model>
struct TileBench {
  explicit TileBench(const char* name, TileTraffic traffic = {})
      : seed(test_seed()), rng(seed), h(name), drv(h, seed, traffic) {
    h.reset();
  }
  uint64_t seed;
  std::mt19937_64 rng;
  Harness<Model> h;
  TileDriver<Model> drv;
};

}  // namespace

TEMPLATE_TEST_CASE("tile computes a full tile", "[tile][random]", NPU_TILE_MODELS) {
  constexpr unsigned R = TileShape<TestType>::rows, C = TileShape<TestType>::cols;
  TileBench<TestType> bench("tile_full");
  INFO(seed_message(bench.seed));
  auto& rng = bench.rng;
  auto& drv = bench.drv;
  const MatrixI8 w = random_matrix(rng, R, C);
  const MatrixI8 a = random_matrix(rng, std::uniform_int_distribution<int>(1, 60)(rng), R);
  drv.preload(w);
  drv.stream(a);
  drv.run(kMaxCycles);
  check_rows(drv, 0, a, w);
}

TEMPLATE_TEST_CASE("tile computes partial tiles (k < R, n < C)", "[tile][random]",
                        NPU_TILE_MODELS) {
  constexpr unsigned R = TileShape<TestType>::rows, C = TileShape<TestType>::cols;
  TileBench<TestType> bench("tile_partial");
  INFO(seed_message(bench.seed));
  auto& rng = bench.rng;
  auto& drv = bench.drv;
  // Start with a full tile of large values so that stale weights below row k would show.
  const MatrixI8 full = random_matrix(rng, R, C);
  const MatrixI8 a0 = random_matrix(rng, 3, R);
  drv.preload(full);
  drv.stream(a0);
  struct Job {
    MatrixI8 a, w;
  };
  std::vector<Job> jobs;
  for (int i = 0; i < 8; ++i) {
    const unsigned k = std::uniform_int_distribution<unsigned>(1, R)(rng);
    const unsigned n = std::uniform_int_distribution<unsigned>(1, C)(rng);
    const unsigned m = std::uniform_int_distribution<unsigned>(1, 20)(rng);
    jobs.push_back({random_matrix(rng, m, k), random_matrix(rng, k, n)});
    drv.preload(jobs.back().w);
    drv.stream(jobs.back().a);
  }
  drv.run(kMaxCycles);
  check_rows(drv, 0, a0, full);
  std::size_t first = a0.rows;
  for (const Job& j : jobs) {
    check_rows(drv, first, j.a, j.w);
    first += j.a.rows;
  }
}

TEMPLATE_TEST_CASE("tile runs back-to-back tiles with the weight swap under random traffic",
                        "[tile][random]", NPU_TILE_MODELS) {
  constexpr unsigned R = TileShape<TestType>::rows, C = TileShape<TestType>::cols;
  TileBench<TestType> bench("tile_back_to_back", TileTraffic{0.2, 0.3});
  INFO(seed_message(bench.seed));
  auto& rng = bench.rng;
  auto& drv = bench.drv;
  struct Job {
    MatrixI8 a, w;
  };
  std::vector<Job> jobs;
  MatrixI8 current;
  for (int i = 0; i < 30; ++i) {
    const unsigned roll = std::uniform_int_distribution<unsigned>(0, 9)(rng);
    if (i == 0 || roll < 7) {
      // A new tile: sometimes preloaded twice in a row (only the latest counts).
      if (roll == 0) drv.preload(random_matrix(rng, R, C));
      const unsigned k = std::uniform_int_distribution<unsigned>(1, R)(rng);
      const unsigned n = std::uniform_int_distribution<unsigned>(1, C)(rng);
      current = random_matrix(rng, k, n);
      drv.preload(current);
    }
    // Otherwise the stream reuses the weights already in place.
    const unsigned m = std::uniform_int_distribution<unsigned>(1, 3 * (R + C))(rng);
    jobs.push_back({random_matrix(rng, m, current.rows), current});
    drv.stream(jobs.back().a);
  }
  drv.run(kMaxCycles);
  std::size_t first = 0;
  for (const Job& j : jobs) {
    check_rows(drv, first, j.a, j.w);
    first += j.a.rows;
  }
  CHECK(drv.results().size() == first);
}

TEMPLATE_TEST_CASE("tile handles extreme values", "[tile]", NPU_TILE_MODELS) {
  constexpr unsigned R = TileShape<TestType>::rows, C = TileShape<TestType>::cols;
  Harness<TestType> h("tile_extreme");
  h.reset();
  TileDriver<TestType> drv(h, 1);
  // -128 * -128 summed over every row of the array: the largest positive sum.
  const MatrixI8 w_min(R, C, -128);
  const MatrixI8 a_min(4, R, -128);
  // Mixed extremes: 127 * -128 gives the most negative products.
  MatrixI8 w_mix(R, C), a_mix(4, R);
  for (unsigned r = 0; r < R; ++r)
    for (unsigned c = 0; c < C; ++c) w_mix.at(r, c) = ((r + c) % 2) ? 127 : -128;
  for (unsigned m = 0; m < 4; ++m)
    for (unsigned r = 0; r < R; ++r) a_mix.at(m, r) = (m % 2) ? 127 : -128;
  drv.preload(w_min);
  drv.stream(a_min);
  drv.preload(w_mix);
  drv.stream(a_mix);
  drv.run(kMaxCycles);
  check_rows(drv, 0, a_min, w_min);
  check_rows(drv, 4, a_mix, w_mix);
  CHECK(drv.results()[0][0] == static_cast<int32_t>(16384 * R));
}

TEMPLATE_TEST_CASE("tile honours output back-pressure", "[tile][backpressure][random]",
                        NPU_TILE_MODELS) {
  constexpr unsigned R = TileShape<TestType>::rows, C = TileShape<TestType>::cols;
  // The sink takes a row only one cycle in ten: every row must still arrive, in order.
  TileBench<TestType> bench("tile_backpressure", TileTraffic{0.0, 0.9});
  INFO(seed_message(bench.seed));
  auto& rng = bench.rng;
  auto& drv = bench.drv;
  const MatrixI8 w = random_matrix(rng, R, C);
  const MatrixI8 a = random_matrix(rng, 4 * (R + C) + 7, R);
  drv.preload(w);
  drv.stream(a);
  drv.run(kMaxCycles);
  check_rows(drv, 0, a, w);
  CHECK(drv.results().size() == a.rows);
}

TEMPLATE_TEST_CASE("tile streams before any preload give zeros", "[tile]", NPU_TILE_MODELS) {
  constexpr unsigned R = TileShape<TestType>::rows, C = TileShape<TestType>::cols;
  Harness<TestType> h("tile_no_preload");
  h.reset();
  TileDriver<TestType> drv(h, 2);
  drv.stream(MatrixI8(3, R, 77));
  drv.run(kMaxCycles);
  for (const auto& row : drv.results())
    for (unsigned c = 0; c < C; ++c) CHECK(row[c] == 0);
}

TEMPLATE_TEST_CASE("tile timing: latency R + C + 1, one row per cycle, hidden preload",
                        "[tile][latency]", NPU_TILE_MODELS) {
  constexpr unsigned R = TileShape<TestType>::rows, C = TileShape<TestType>::cols;
  constexpr unsigned kDepth = TileShape<TestType>::fifo_depth;
  constexpr bool kOneBuffer = TileShape<TestType>::weight_buffers == 1;
  TileBench<TestType> bench("tile_timing");
  INFO(seed_message(bench.seed));
  auto& rng = bench.rng;
  auto& drv = bench.drv;

  // Latency: one row alone, no back-pressure.
  drv.preload(random_matrix(rng, R, C));
  drv.stream(random_matrix(rng, 1, R));
  drv.run(kMaxCycles);
  REQUIRE(drv.log().act.size() == 1);
  REQUIRE(drv.log().out.size() == 1);
  CHECK(drv.log().out[0] - drv.log().act[0] == R + C + 1);

  // Two tiles back to back, each M rows: the second PRELOAD overlaps the first STREAM
  // and the rows of both streams enter on consecutive cycles (with one weight buffer, the
  // PRELOAD waits for the first stream: its gap is checked on its own below).
  const unsigned m = 4 * (R + C);
  drv.preload(random_matrix(rng, R, C));
  drv.stream(random_matrix(rng, m, R));
  drv.preload(random_matrix(rng, R, C));
  drv.stream(random_matrix(rng, m, R));
  drv.run(kMaxCycles);
  const auto& act = drv.log().act;
  const auto& out = drv.log().out;
  REQUIRE(act.size() == 1 + 2 * m);
  REQUIRE(out.size() == 1 + 2 * m);
  const bool full_rate = kDepth >= R + C + 2;
  for (unsigned i = 2; i <= 2 * m; ++i) {
    if (full_rate && !(kOneBuffer && i == m + 1)) {
      INFO("row " << i);
      CHECK(act[i] == act[i - 1] + 1);
      CHECK(out[i] == out[i - 1] + 1);
    }
  }
  if (!full_rate) {
    // A starved FIFO throttles the stream to kDepth rows per credit loop (R + C + 2
    // cycles); measured over each stream alone.
    for (const unsigned first : {2u, m + 2}) {
      const double rate = double(m - 2) / double(act[first + m - 2] - act[first]);
      INFO("stream from row " << first);
      CHECK(rate <= double(kDepth) / double(R + C + 2) + 0.05);
      CHECK(rate >= double(kDepth) / double(R + C + 2) - 0.05);
    }
  }
}

TEMPLATE_TEST_CASE("tile hides a PRELOAD under a STREAM of k + R + C + 1 rows, no fewer",
                   "[tile][latency]", NPU_TILE_MODELS) {
  constexpr unsigned R = TileShape<TestType>::rows, C = TileShape<TestType>::cols;
  if constexpr (TileShape<TestType>::fifo_depth < R + C + 2) {
    SUCCEED("a starved output FIFO throttles the stream; covered by the timing test");
  } else if constexpr (TileShape<TestType>::weight_buffers == 1) {
    SUCCEED("one weight buffer hides no PRELOAD; covered by the one-buffer timing test");
  } else {
    const uint64_t seed = test_seed();
    INFO(seed_message(seed));
    std::mt19937_64 rng(seed);
    // A PRELOAD into a buffer waits until the last row of the STREAM that used it before
    // has left the array, then takes k cycles; the STREAM in between (which started right
    // after that row) must last that long: k + R + C + 1 rows, the preload plus the
    // tile's latency.
    for (const bool one_short : {false, true}) {
      const unsigned rows = R + R + C + 1 - (one_short ? 1 : 0);
      Harness<TestType> h("tile_hidden_preload");
      h.reset();
      TileDriver<TestType> drv(h, seed);
      for (int t = 0; t < 5; ++t) {
        drv.preload(random_matrix(rng, R, C));
        drv.stream(random_matrix(rng, rows, R));
      }
      drv.run(kMaxCycles);
      const auto& act = drv.log().act;
      unsigned gaps = 0;
      for (std::size_t i = 1; i < act.size(); ++i) gaps += act[i] != act[i - 1] + 1;
      INFO("rows per stream " << rows);
      if (one_short) {
        CHECK(gaps > 0);
      } else {
        CHECK(gaps == 0);
      }
    }
  }
}

TEMPLATE_TEST_CASE("tile with one weight buffer: a PRELOAD waits for the STREAM before it",
                   "[tile][latency]", NPU_TILE_MODELS) {
  // With one buffer a PRELOAD of k rows is taken when the last row of the STREAM before
  // it has left the array (R + C + 1 cycles after it entered: the input register and
  // R + C - 1 hops), its rows shift in the k cycles after, and the next STREAM's first
  // row enters in the cycle after the last: k + R + C + 2 cycles from row to row. With
  // two buffers the rows of both streams are back to back.
  constexpr unsigned R = TileShape<TestType>::rows, C = TileShape<TestType>::cols;
  constexpr bool kOneBuffer = TileShape<TestType>::weight_buffers == 1;
  TileBench<TestType> bench("tile_one_buffer");
  INFO(seed_message(bench.seed));
  auto& rng = bench.rng;
  auto& drv = bench.drv;
  // Streams long enough to hide a PRELOAD in two buffers; rows spaced by the FIFO's
  // credits at a starved depth, so only the gaps between streams are compared.
  const unsigned rows = 2 * R + C + 1;
  std::vector<unsigned> ks;
  for (int t = 0; t < 6; ++t) {
    ks.push_back(std::uniform_int_distribution<unsigned>(1, R)(rng));
    drv.preload(random_matrix(rng, ks.back(), C));
    drv.stream(random_matrix(rng, rows, ks.back()));
  }
  drv.run(kMaxCycles);
  const auto& act = drv.log().act;
  REQUIRE(act.size() == ks.size() * rows);
  for (std::size_t t = 1; t < ks.size(); ++t) {
    const uint64_t gap = act[t * rows] - act[t * rows - 1];
    INFO("stream " << t << " k " << ks[t]);
    if (kOneBuffer) {
      CHECK(gap == ks[t] + R + C + 2);
    } else if (TileShape<TestType>::fifo_depth >= R + C + 2) {
      CHECK(gap == 1);
    } else {
      CHECK(gap < ks[t] + R + C + 2);
    }
  }
}

TEMPLATE_TEST_CASE("a GEMM larger than the array, tiled, matches the golden model",
                   "[gemm][random]", NPU_TILE_MODELS) {
  constexpr unsigned R = TileShape<TestType>::rows, C = TileShape<TestType>::cols;
  TileBench<TestType> bench("tiled_gemm", TileTraffic{0.1, 0.2});
  INFO(seed_message(bench.seed));
  auto& rng = bench.rng;
  auto& drv = bench.drv;
  // Sizes that are not multiples of the array, so the last tiles are partial both ways.
  const std::size_t m = std::uniform_int_distribution<std::size_t>(1, 70)(rng);
  const std::size_t k = 2 * R + std::uniform_int_distribution<std::size_t>(1, R)(rng);
  const std::size_t n = C + std::uniform_int_distribution<std::size_t>(1, 2 * C)(rng);
  INFO("M " << m << " K " << k << " N " << n);
  const MatrixI8 a = random_matrix(rng, m, k);
  const MatrixI8 b = random_matrix(rng, k, n);
  CHECK(tiled_gemm(drv, a, b, kMaxCycles) == golden_gemm(a, b));
}

TEMPLATE_TEST_CASE("tile busy_o covers commands, rows in flight and untaken results",
                   "[tile]", NPU_TILE_MODELS) {
  constexpr unsigned R = TileShape<TestType>::rows, C = TileShape<TestType>::cols;
  Harness<TestType> h("tile_busy");
  h.reset();
  h.eval();
  CHECK_FALSE(h->busy_o);
  TileDriver<TestType> drv(h, 3);
  drv.preload(MatrixI8(R, C, 1));
  drv.step();  // the PRELOAD is accepted
  h.eval();
  CHECK(h->busy_o);
  drv.run(kMaxCycles);
  CHECK_FALSE(h->busy_o);

  // One row in, and nobody takes the result: busy until it is taken.
  drv.stream(MatrixI8(1, R, 2));
  drv.step();  // STREAM accepted
  drv.step();  // row accepted
  h->out_ready_i = 0;
  h->act_valid_i = 0;
  h->cmd_valid_i = 0;
  h.run_until([&] { return static_cast<bool>(h->out_valid_o); }, R + C + 4, "result row");
  h.tick(5);
  h.eval();
  CHECK(h->busy_o);
  h->out_ready_i = 1;
  CHECK(static_cast<int32_t>(npu::verif::get_field(h->out_data_o, 0, 32)) == int32_t(2 * R));
  h.tick();
  h.run_until([&] { return !h->busy_o; }, 2, "busy_o low after the result is taken");
}
