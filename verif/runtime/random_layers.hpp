// SPDX-License-Identifier: Apache-2.0
// Random tensors and quantized convolutions for the layer tests (runtime, cluster).
#pragma once

#include <algorithm>
#include <random>

#include "ref/nn.hpp"

namespace npu::verif {

inline ref::Tensor8 random_tensor(std::mt19937_64& rng, int n, int h, int w, int c) {
  ref::Tensor8 t(n, h, w, c);
  for (auto& v : t.data) v = static_cast<int8_t>(rng());
  return t;
}

inline ref::ConvSpec random_conv(std::mt19937_64& rng, int k, int stride, int pad, int ci, int co, bool depthwise) {
  ref::ConvSpec s;
  s.kh = s.kw = k;
  s.stride = stride;
  s.pad = pad;
  s.ci = ci;
  s.co = depthwise ? ci : co;
  s.depthwise = depthwise;
  s.weights.resize(static_cast<std::size_t>(s.co) * k * k * (depthwise ? 1 : ci));
  for (auto& v : s.weights) v = static_cast<int8_t>(rng());
  for (int o = 0; o < s.co; ++o) {
    s.bias.push_back(static_cast<int32_t>(rng() % 20001) - 10000);
    s.multiplier.push_back(static_cast<int32_t>((1u << 30) + rng() % (1u << 30)));
    s.shift.push_back(static_cast<int>(6 + rng() % 6));
  }
  s.in_zero_point = static_cast<int>(rng() % 256) - 128;
  s.out_zero_point = static_cast<int>(rng() % 256) - 128;
  s.act_min = std::max(-128, s.out_zero_point);  // ReLU
  s.act_max = 127;
  return s;
}

}  // namespace npu::verif
