// SPDX-License-Identifier: Apache-2.0
// Reference int8 layers on NHWC tensors, written for clarity (direct loops), with the
// quantization rule of quant.hpp: the device's lowering must give exactly these bytes.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "ref/quant.hpp"

namespace npu::ref {

struct Tensor8 {
  int n = 0, h = 0, w = 0, c = 0;
  std::vector<int8_t> data;  // NHWC

  Tensor8() = default;
  Tensor8(int n_, int h_, int w_, int c_, int8_t fill = 0)
      : n(n_), h(h_), w(w_), c(c_), data(static_cast<std::size_t>(n_) * h_ * w_ * c_, fill) {}
  std::size_t index(int i, int y, int x, int ch) const {
    return ((static_cast<std::size_t>(i) * h + y) * w + x) * c + ch;
  }
  int8_t& at(int i, int y, int x, int ch) { return data.at(index(i, y, x, ch)); }
  int8_t at(int i, int y, int x, int ch) const { return data.at(index(i, y, x, ch)); }
  bool operator==(const Tensor8&) const = default;
};

// A quantized convolution (also depthwise, and fully connected as a kernel covering the
// whole input). Weights [co][kh][kw][ci] (depthwise: [c][kh][kw], ci = co = c).
struct ConvSpec {
  int kh = 1, kw = 1, stride = 1, pad = 0;
  int ci = 1, co = 1;
  bool depthwise = false;
  std::vector<int8_t> weights;
  std::vector<int32_t> bias;        // per output channel
  std::vector<int32_t> multiplier;  // per output channel, Q31
  std::vector<int> shift;           // per output channel, right shift 0..31
  int in_zero_point = 0, out_zero_point = 0, act_min = -128, act_max = 127;

  int out_h(int h) const { return (h + 2 * pad - kh) / stride + 1; }
  int out_w(int w) const { return (w + 2 * pad - kw) / stride + 1; }
  int8_t weight(int o, int y, int x, int i) const {
    return depthwise ? weights.at((static_cast<std::size_t>(o) * kh + y) * kw + x)
                     : weights.at(((static_cast<std::size_t>(o) * kh + y) * kw + x) * ci + i);
  }
};

// out = clamp(requantize(bias + sum (x - in_zp) * w)); padding reads as the input zero
// point, so it adds nothing.
inline Tensor8 conv2d(const Tensor8& in, const ConvSpec& s) {
  if (in.c != s.ci) throw std::invalid_argument("conv2d: input channels differ from the layer's");
  Tensor8 out(in.n, s.out_h(in.h), s.out_w(in.w), s.co);
  for (int i = 0; i < in.n; ++i)
    for (int oy = 0; oy < out.h; ++oy)
      for (int ox = 0; ox < out.w; ++ox)
        for (int o = 0; o < s.co; ++o) {
          uint32_t acc = 0;
          for (int ky = 0; ky < s.kh; ++ky)
            for (int kx = 0; kx < s.kw; ++kx) {
              const int y = oy * s.stride + ky - s.pad, x = ox * s.stride + kx - s.pad;
              if (y < 0 || y >= in.h || x < 0 || x >= in.w) continue;
              const int i_lo = s.depthwise ? o : 0, i_hi = s.depthwise ? o + 1 : s.ci;
              for (int ch = i_lo; ch < i_hi; ++ch)
                acc += static_cast<uint32_t>((int32_t{in.at(i, y, x, ch)} - s.in_zero_point) *
                                             int32_t{s.weight(o, ky, kx, ch)});
            }
          RequantParams p;
          p.bias = s.bias.at(o);
          p.multiplier = s.multiplier.at(o);
          p.shift = s.shift.at(o);
          p.zero_point = s.out_zero_point;
          p.act_min = s.act_min;
          p.act_max = s.act_max;
          out.at(i, oy, ox, o) = requantize(static_cast<int32_t>(acc), p);
        }
  return out;
}

// 2x2 pooling with stride 2 (an odd last line or column is dropped, as TFLite's VALID).
inline Tensor8 pool2x2(const Tensor8& in, bool average) {
  Tensor8 out(in.n, in.h / 2, in.w / 2, in.c);
  for (int i = 0; i < in.n; ++i)
    for (int y = 0; y < out.h; ++y)
      for (int x = 0; x < out.w; ++x)
        for (int ch = 0; ch < in.c; ++ch) {
          const int8_t v[4] = {in.at(i, 2 * y, 2 * x, ch), in.at(i, 2 * y, 2 * x + 1, ch),
                               in.at(i, 2 * y + 1, 2 * x, ch), in.at(i, 2 * y + 1, 2 * x + 1, ch)};
          out.at(i, y, x, ch) = average ? pool_average(v) : pool_max(v);
        }
  return out;
}

inline Tensor8 add(const Tensor8& a, const Tensor8& b, const AddParams& p) {
  if (a.n != b.n || a.h != b.h || a.w != b.w || a.c != b.c) throw std::invalid_argument("add: shapes differ");
  Tensor8 out(a.n, a.h, a.w, a.c);
  for (std::size_t i = 0; i < a.data.size(); ++i) out.data[i] = eltwise_add(a.data[i], b.data[i], p);
  return out;
}

}  // namespace npu::ref
