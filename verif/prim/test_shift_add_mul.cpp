// SPDX-License-Identifier: Apache-2.0
// prim_shift_add_mul: the product of a and b exactly BWidth cycles after start, unsigned
// and signed (two's complement), for every pair at the small points and random pairs
// (operands at their extremes among them) at the wide ones; a start while busy restarts
// with the new operands.
#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include "harness.hpp"
#include "model_shapes.hpp"
#include "seed.hpp"

using npu::verif::Harness;

namespace {

template <class Model>
struct MulOperands {
  static constexpr unsigned kA = MulShape<Model>::a_width;
  static constexpr unsigned kB = MulShape<Model>::b_width;
  static constexpr bool kSigned = MulShape<Model>::is_signed;
  static constexpr uint64_t mask(unsigned bits) {
    return bits >= 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
  }
  // An operand's value from its bits.
  static __int128 value(uint64_t bits, unsigned width) {
    if (kSigned && (bits >> (width - 1)) & 1) return static_cast<__int128>(bits) - (__int128{1} << width);
    return bits;
  }
  // The product's bits (a_width + b_width of them).
  static uint64_t product(uint64_t a, uint64_t b) {
    const __int128 p = value(a, kA) * value(b, kB);
    return static_cast<uint64_t>(p) & mask(kA + kB);
  }
};

// Starts a multiply and checks done_o stays low for BWidth cycles, then the product.
template <class Model>
void multiply(Harness<Model>& h, uint64_t a, uint64_t b) {
  using Ops = MulOperands<Model>;
  h->a_i = a;
  h->b_i = b;
  h->start_i = 1;
  h.eval();
  REQUIRE(h->done_o == 0);
  h.tick();
  h->start_i = 0;
  h->b_i = 0;  // b is taken at the start only
  for (unsigned step = 0; step < Ops::kB; ++step) {
    h.eval();
    REQUIRE(h->done_o == 0);
    h.tick();
  }
  h.eval();
  INFO("a = " << a << ", b = " << b << (Ops::kSigned ? " (signed)" : ""));
  REQUIRE(h->done_o == 1);
  REQUIRE(static_cast<uint64_t>(h->product_o) == Ops::product(a, b));
}

}  // namespace

TEMPLATE_TEST_CASE("shift-and-add multiply gives a * b after BWidth cycles",
                   "[prim][mul][random]", NPU_MUL_MODELS) {
  using Ops = MulOperands<TestType>;
  const uint64_t a_max = Ops::mask(Ops::kA), b_max = Ops::mask(Ops::kB);
  Harness<TestType> h("shift_add_mul");
  h->start_i = 0;
  h.reset();
  h.eval();
  REQUIRE(h->done_o == 0);  // nothing started yet
  if (Ops::kA + Ops::kB <= 10) {
    for (uint64_t a = 0; a <= a_max; ++a) {
      for (uint64_t b = 0; b <= b_max; ++b) multiply(h, a, b);
    }
  } else {
    const uint64_t seed = npu::verif::test_seed();
    INFO(npu::verif::seed_message(seed));
    std::mt19937_64 rng(seed);
    // Each width's extremes: 0, 1, 2, all ones (-1 signed), one less, the top bit alone
    // (the most negative signed) and either side of it.
    auto edges = [](unsigned width) {
      const uint64_t top = uint64_t{1} << (width - 1), all = Ops::mask(width);
      return std::vector<uint64_t>{0, 1, 2, all, all - 1, top, top - 1, top + 1};
    };
    for (uint64_t a : edges(Ops::kA)) {
      for (uint64_t b : edges(Ops::kB)) multiply(h, a, b);
    }
    for (int i = 0; i < 300; ++i) multiply(h, rng() & a_max, rng() & b_max);
  }
}

TEMPLATE_TEST_CASE("shift-and-add multiply restarts on a start while busy", "[prim][mul]",
                   NPU_MUL_MODELS) {
  using Ops = MulOperands<TestType>;
  const uint64_t a_max = Ops::mask(Ops::kA), b_max = Ops::mask(Ops::kB);
  Harness<TestType> h("shift_add_mul_restart");
  h->start_i = 0;
  h.reset();
  h->a_i = a_max;
  h->b_i = b_max;
  h->start_i = 1;
  h.tick();
  h->start_i = 0;
  h.tick(Ops::kB / 2);  // half way through a_max * b_max
  const uint64_t a = a_max / 3, b = b_max / 2 + 1;
  multiply(h, a, b);
  // The product stays until the next start.
  h.tick(3);
  h.eval();
  REQUIRE(h->done_o == 1);
  REQUIRE(static_cast<uint64_t>(h->product_o) == Ops::product(a, b));
}
