// SPDX-License-Identifier: Apache-2.0
// The runtime's layers on the RTL and on the ISA simulator against the reference layers
// (sw/ref/nn.hpp), bit for bit: convolutions with odd shapes (1x1, 3x3, 5x5, stride 2,
// padding, channels above C, K not a multiple of R), depthwise, fully connected, pooling
// (odd sizes, many channels) and the residual add.
#include <catch2/catch.hpp>

#include <random>

#include "runtime/backends.hpp"
#include "runtime/random_layers.hpp"
#include "ref/nn.hpp"
#include "runtime/layers.hpp"
#include "seed.hpp"

using namespace npu::verif;
namespace rt = npu::runtime;
namespace ref = npu::ref;

namespace {

void check_layers(npu_dev& dev, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const int C = static_cast<int>(dev.info.cols);
  struct ConvCase {
    int n, h, w, ci, k, stride, pad, co;
    bool depthwise;
  };
  const ConvCase cases[] = {
      {2, 6, 5, 3, 3, 1, 1, 7, false},           // 3x3, padding, K = 27
      {1, 7, 7, C + 2, 1, 1, 0, C + 3, false},   // 1x1, channels above C
      {1, 9, 8, 2, 5, 2, 2, 4, false},           // 5x5, stride 2
      {2, 5, 6, C + 1, 3, 1, 1, 0, true},        // depthwise 3x3
      {3, 4, 4, 5, 4, 1, 0, 10, false},          // fully connected (kernel = input)
  };
  for (const ConvCase& c : cases) {
    INFO("conv n " << c.n << " " << c.h << "x" << c.w << "x" << c.ci << " k " << c.k << " s " << c.stride << " p "
                   << c.pad << " co " << c.co << (c.depthwise ? " depthwise" : ""));
    const auto in = random_tensor(rng, c.n, c.h, c.w, c.ci);
    const auto spec = random_conv(rng, c.k, c.stride, c.pad, c.ci, c.co, c.depthwise);
    REQUIRE(rt::conv2d(dev, in, spec) == ref::conv2d(in, spec));
  }
  // And random shapes: kernel 1..5, stride 1..2, padding 0..k/2, channels 1..2C+1.
  auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int t = 0; t < 6; ++t) {
    const int k = pick(1, 5), stride = pick(1, 2), pad = pick(0, k / 2), ci = pick(1, 2 * C + 1);
    const bool depthwise = t % 3 == 2;
    const int h = pick(k, k + 6), w = pick(k, k + 6), co = pick(1, 2 * C + 1);
    INFO("random conv " << h << "x" << w << "x" << ci << " k " << k << " s " << stride << " p " << pad << " co " << co
                        << (depthwise ? " depthwise" : ""));
    const auto in = random_tensor(rng, pick(1, 3), h, w, ci);
    const auto spec = random_conv(rng, k, stride, pad, ci, co, depthwise);
    REQUIRE(rt::conv2d(dev, in, spec) == ref::conv2d(in, spec));
    const auto pool_in = random_tensor(rng, pick(1, 3), pick(2, 9), pick(2, 9), pick(1, 2 * C + 1));
    REQUIRE(rt::pool2x2(dev, pool_in, t % 2 == 1) == ref::pool2x2(pool_in, t % 2 == 1));
  }
  for (bool average : {false, true}) {
    const auto in = random_tensor(rng, 3, 7, 6, 2 * C + 1);  // odd height, three channel groups
    REQUIRE(rt::pool2x2(dev, in, average) == ref::pool2x2(in, average));
  }
  const auto a = random_tensor(rng, 2, 3, 5, C + 3), b = random_tensor(rng, 2, 3, 5, C + 3);
  ref::AddParams p;
  p.a_zero_point = -7; p.b_zero_point = 12; p.out_zero_point = 3;
  p.a_multiplier = 1 << 30; p.b_multiplier = 1518500250; p.out_multiplier = 1879048192;
  p.a_shift = 0; p.b_shift = 1; p.out_shift = 19;
  REQUIRE(rt::add(dev, a, b, p) == ref::add(a, b, p));
}

}  // namespace

// rect_board: the vector unit built with half its requantize and add lanes (2 cycles a
// row) and the array as PE pairs on one multiplier each.
TEMPLATE_TEST_CASE("runtime layers on the RTL equal the reference layers", "[runtime][layers]", Vnpu_core_tiny,
                   Vnpu_core_rect, Vnpu_core_rect_board) {
  const uint64_t seed = test_seed();
  INFO(seed_message(seed));
  RtlBackend<TestType> backend;
  check_layers(backend.dev, seed);
}

TEST_CASE("runtime layers on the ISA simulator equal the reference layers", "[runtime][layers]") {
  const uint64_t seed = test_seed();
  INFO(seed_message(seed));
  for (const char* config : {"tiny", "default"}) {
    INFO(config);
    GoldenBackend backend(config);
    check_layers(backend.dev, seed);
  }
}
