// SPDX-License-Identifier: Apache-2.0
// Reference quantization arithmetic: the gemmlowp / TFLite rounding rule, written for
// clarity. The RTL and the ISA simulator must give exactly these bits (tests compare them).
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>

namespace npu::ref {

// a * b / 2^31 rounded as gemmlowp does: add a nudge of +/- 2^30 (2^30 - 1 below zero),
// then divide truncating toward zero. In effect ties round up (toward +infinity):
// 1.5 -> 2 but -1.5 -> -1. The one overflow case (INT32_MIN squared) saturates.
inline int32_t saturating_rounding_doubling_high_mul(int32_t a, int32_t b) {
  if (a == std::numeric_limits<int32_t>::min() && b == std::numeric_limits<int32_t>::min())
    return std::numeric_limits<int32_t>::max();
  const int64_t ab = int64_t{a} * int64_t{b};
  const int64_t nudge = ab >= 0 ? (int64_t{1} << 30) : (1 - (int64_t{1} << 30));
  return static_cast<int32_t>((ab + nudge) / (int64_t{1} << 31));
}

// round(x / 2^exponent), halves away from zero; exponent 0 .. 31.
inline int32_t rounding_divide_by_pot(int32_t x, int exponent) {
  const int32_t mask = static_cast<int32_t>((int64_t{1} << exponent) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

struct RequantParams {
  int32_t bias = 0;        // per channel, added with 32-bit wrap-around
  int32_t multiplier = 0;  // per channel, Q31 (the real multiplier times 2^31)
  int shift = 0;           // per channel, right shift 0 .. 31
  int32_t zero_point = 0;  // output zero point, -128 .. 127
  int32_t act_min = -128;  // activation bounds (ReLU: zero_point; ReLU6: its quantized 6)
  int32_t act_max = 127;
};

// One int32 accumulator to one int8 activation.
inline int8_t requantize(int32_t acc, const RequantParams& p) {
  const int32_t biased =
      static_cast<int32_t>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(p.bias));
  const int32_t scaled =
      rounding_divide_by_pot(saturating_rounding_doubling_high_mul(biased, p.multiplier), p.shift);
  // The zero point is added without overflow and the result clamped (int64 here).
  const int64_t shifted = int64_t{scaled} + p.zero_point;
  return static_cast<int8_t>(std::clamp<int64_t>(shifted, p.act_min, p.act_max));
}

// Element-wise add of two int8 tensors with their own scales (a residual connection), as
// TFLite's int8 AddElementwise: both inputs move to a common scale with 20 bits of
// headroom, are added, and the sum is requantized. Shifts are right shifts (0 .. 31).
struct AddParams {
  int32_t a_zero_point = 0, b_zero_point = 0, out_zero_point = 0;  // -128 .. 127
  int32_t a_multiplier = 0, b_multiplier = 0, out_multiplier = 0;  // Q31
  int a_shift = 0, b_shift = 0, out_shift = 0;
  int32_t act_min = -128, act_max = 127;
};
constexpr int kAddLeftShift = 20;

inline int8_t eltwise_add(int8_t a, int8_t b, const AddParams& p) {
  const int32_t a_shifted = (int32_t{a} - p.a_zero_point) * (1 << kAddLeftShift);
  const int32_t b_shifted = (int32_t{b} - p.b_zero_point) * (1 << kAddLeftShift);
  const int32_t a_scaled =
      rounding_divide_by_pot(saturating_rounding_doubling_high_mul(a_shifted, p.a_multiplier), p.a_shift);
  const int32_t b_scaled =
      rounding_divide_by_pot(saturating_rounding_doubling_high_mul(b_shifted, p.b_multiplier), p.b_shift);
  const int32_t sum = static_cast<int32_t>(static_cast<uint32_t>(a_scaled) + static_cast<uint32_t>(b_scaled));
  const int64_t out =
      int64_t{rounding_divide_by_pot(saturating_rounding_doubling_high_mul(sum, p.out_multiplier), p.out_shift)} +
      p.out_zero_point;
  return static_cast<int8_t>(std::clamp<int64_t>(out, p.act_min, p.act_max));
}

// 2x2 pooling of four int8 values (one lane of four pixels), as TFLite's int8 kernels:
// the maximum, or the average rounded half away from zero ((sum +/- 2) / 4, truncating).
inline int8_t pool_max(const int8_t (&v)[4]) {
  return std::max(std::max(v[0], v[1]), std::max(v[2], v[3]));
}
inline int8_t pool_average(const int8_t (&v)[4]) {
  const int32_t sum = int32_t{v[0]} + v[1] + v[2] + v[3];
  return static_cast<int8_t>(sum > 0 ? (sum + 2) / 4 : (sum - 2) / 4);
}

}  // namespace npu::ref
