// SPDX-License-Identifier: Apache-2.0
// The runtime's GEMM through the driver, on the Verilated core and on the ISA simulator,
// against the reference GEMM: odd K and N (padding), N above C, M above what one program
// holds (chunks), and a bias.
#include <catch2/catch.hpp>

#include <random>

#include "runtime/backends.hpp"
#include "ref/gemm.hpp"
#include "runtime/gemm.hpp"
#include "seed.hpp"

using namespace npu::verif;
namespace rt = npu::runtime;
namespace ref = npu::ref;

namespace {

void check_shapes(npu_dev& dev, uint64_t seed) {
  std::mt19937_64 rng(seed);
  struct Shape {
    unsigned m, k, n;
  };
  const unsigned R = dev.info.rows, C = dev.info.cols, half = dev.info.acc_rows / 2;
  const Shape shapes[] = {{1, 1, 1}, {7, R + 3, C + 1}, {half + 5, 2 * R + 1, 3 * C - 2}, {33, 5, 2 * C}};
  for (const Shape& s : shapes) {
    INFO("M " << s.m << " K " << s.k << " N " << s.n);
    const auto a = ref::random_matrix(rng, s.m, s.k);
    const auto b = ref::random_matrix(rng, s.k, s.n);
    std::vector<int32_t> bias(s.n);
    for (auto& v : bias) v = static_cast<int32_t>(rng());
    rt::GemmStats st;
    const auto c = rt::gemm(dev, a, b, &bias, &st);
    auto want = ref::golden_gemm(a, b);
    for (unsigned i = 0; i < s.m; ++i)
      for (unsigned j = 0; j < s.n; ++j)
        want.at(i, j) = static_cast<int32_t>(static_cast<uint32_t>(want.at(i, j)) + static_cast<uint32_t>(bias[j]));
    REQUIRE(c == want);
    REQUIRE(st.programs == (s.m + half - 1) / half);
    REQUIRE(st.mac_active == uint64_t{s.m} * ((s.k + R - 1) / R) * ((s.n + C - 1) / C));
  }
}

}  // namespace

TEMPLATE_TEST_CASE("runtime GEMM on the RTL equals the reference", "[runtime][gemm]", Vnpu_core_tiny,
                   Vnpu_core_rect) {
  const uint64_t seed = test_seed();
  INFO(seed_message(seed));
  RtlBackend<TestType> backend({.latency = 6, .r_stall = 0.1, .seed = 11});
  check_shapes(backend.dev, seed);
}

TEST_CASE("runtime GEMM on the ISA simulator equals the reference", "[runtime][gemm]") {
  const uint64_t seed = test_seed();
  INFO(seed_message(seed));
  for (const char* config : {"tiny", "rect", "default", "large"}) {
    INFO(config);
    GoldenBackend backend(config, 0x400000);
    check_shapes(backend.dev, seed);
  }
}

TEST_CASE("runtime GEMM refuses what it cannot do, with a message", "[runtime][gemm]") {
  GoldenBackend backend("tiny", 0x12000);
  npu_dev& dev = backend.dev;
  std::mt19937_64 rng(1);
  const auto a = ref::random_matrix(rng, 4, 6), b = ref::random_matrix(rng, 5, 3);
  REQUIRE_THROWS_WITH(rt::gemm(dev, a, b), Catch::Contains("has 5 rows"));
  const auto big = ref::random_matrix(rng, 64, 64), big_b = ref::random_matrix(rng, 64, 64);
  REQUIRE_THROWS_WITH(rt::gemm(dev, big, big_b), Catch::Contains("DRAM window"));
}
