// SPDX-License-Identifier: Apache-2.0
#include "runtime/layers.hpp"

#include <algorithm>
#include <string>

#include "isa/assembler.hpp"
#include "runtime/device.hpp"

namespace npu::runtime {

ref::Tensor8 conv2d(const Target& t, const ref::Tensor8& in, const ref::ConvSpec& s, GemmStats* stats) {
  if (in.c != s.ci) throw RuntimeError("conv2d: the input has " + std::to_string(in.c) + " channels, the layer " +
                                       std::to_string(s.ci));
  if (s.depthwise && s.ci != s.co) throw RuntimeError("depthwise conv2d: in and out channels must match");
  const int oh = s.out_h(in.h), ow = s.out_w(in.w);
  if (oh <= 0 || ow <= 0) throw RuntimeError("conv2d: the kernel is larger than the padded input");
  // im2col: one row per output pixel, K = kh * kw * ci columns (ky, kx, channel).
  const unsigned M = static_cast<unsigned>(in.n * oh * ow), K = static_cast<unsigned>(s.kh * s.kw * s.ci),
                 N = static_cast<unsigned>(s.co);
  std::vector<int8_t> a(static_cast<std::size_t>(M) * K);
  std::size_t at = 0;
  for (int i = 0; i < in.n; ++i)
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox)
        for (int ky = 0; ky < s.kh; ++ky)
          for (int kx = 0; kx < s.kw; ++kx) {
            const int y = oy * s.stride + ky - s.pad, x = ox * s.stride + kx - s.pad;
            const bool inside = y >= 0 && y < in.h && x >= 0 && x < in.w;
            for (int ch = 0; ch < s.ci; ++ch)
              a[at++] = inside ? in.at(i, y, x, ch) : static_cast<int8_t>(s.in_zero_point);
          }
  // Weights as K x N; a depthwise kernel is block-diagonal (channel ch feeds only out ch).
  std::vector<int8_t> b(static_cast<std::size_t>(K) * N, 0);
  for (int o = 0; o < s.co; ++o)
    for (int ky = 0; ky < s.kh; ++ky)
      for (int kx = 0; kx < s.kw; ++kx)
        for (int ch = 0; ch < s.ci; ++ch) {
          if (s.depthwise && ch != o) continue;
          b[(static_cast<std::size_t>((ky * s.kw + kx) * s.ci + ch)) * N + o] = s.weight(o, ky, kx, ch);
        }
  // The input zero point folded into the bias: sum (x - zp) w = sum x w - zp sum w.
  Requant rq;
  rq.bias.resize(N);
  for (unsigned o = 0; o < N; ++o) {
    int64_t wsum = 0;
    for (unsigned k = 0; k < K; ++k) wsum += b[static_cast<std::size_t>(k) * N + o];
    rq.bias[o] = static_cast<int32_t>(static_cast<uint32_t>(s.bias.at(o)) -
                                      static_cast<uint32_t>(static_cast<int32_t>(s.in_zero_point * wsum)));
  }
  rq.multiplier = s.multiplier;
  rq.shift = s.shift;
  rq.zero_point = s.out_zero_point;
  rq.act_min = s.act_min;
  rq.act_max = s.act_max;
  ref::Tensor8 out(in.n, oh, ow, s.co);
  out.data = gemm_requant(t, a, M, K, b, N, rq, stats);
  return out;
}

namespace {

GemmStats sync_program(npu_dev& dev, DeviceArena& arena, const std::vector<isa::Instr>& prog) {
  return run_program(dev, prog, arena.alloc(16 * prog.size()), 1'000'000'000);
}

isa::Instr mem(const char* op, uint64_t dram, unsigned stride, unsigned rows, unsigned bytes, unsigned local) {
  return isa::make(op, {{"dram_addr", dram}, {"dram_stride", stride}, {"rows", rows}, {"row_bytes", bytes},
                        {"local_addr", local}, {"local_stride", 1}});
}

}  // namespace

ref::Tensor8 pool2x2(npu_dev& dev, const ref::Tensor8& in, bool average, GemmStats* stats) {
  const isa::Geometry g = geometry_of(dev);
  const int oh = in.h / 2, ow = in.w / 2;
  if (oh == 0 || ow == 0) throw RuntimeError("pool2x2: the input is smaller than 2 x 2");
  ref::Tensor8 out(in.n, oh, ow, in.c);
  DeviceArena arena(dev);
  const uint64_t in_addr = arena.alloc(in.data.size()), out_addr = arena.alloc(out.data.size());
  write(dev, in_addr, std::vector<uint8_t>(in.data.begin(), in.data.end()), "the pooling input");
  // Whole images per chunk; an image's lines stay together so no window straddles two.
  const unsigned img_rows = static_cast<unsigned>(in.h * in.w), out_rows = static_cast<unsigned>(oh * ow);
  const unsigned per_chunk = g.spad_rows() / (img_rows + out_rows);
  if (per_chunk == 0) throw RuntimeError("pool2x2: one image does not fit the scratchpad");
  const unsigned L = g.row_bytes();
  GemmStats total;
  for (int c0 = 0; c0 < in.c; c0 += static_cast<int>(L)) {
    const unsigned cg = std::min<unsigned>(L, static_cast<unsigned>(in.c - c0));
    for (int i0 = 0; i0 < in.n; i0 += static_cast<int>(per_chunk)) {
      const unsigned imgs = std::min<unsigned>(per_chunk, static_cast<unsigned>(in.n - i0));
      const unsigned dst = imgs * img_rows;
      std::vector<isa::Instr> prog;
      prog.push_back(mem("load", in_addr + (static_cast<uint64_t>(i0) * img_rows) * in.c + c0,
                         static_cast<unsigned>(in.c), imgs * img_rows, cg, 0));
      prog.push_back(isa::make("sync", {}));
      for (unsigned i = 0; i < imgs; ++i)  // one instruction per image: odd lines are dropped
        prog.push_back(isa::make(average ? "vec.avgpool" : "vec.maxpool",
                                 {{"src", i * img_rows}, {"dst", dst + i * out_rows}, {"out_h", oh},
                                  {"out_w", ow}, {"in_width", in.w}}));
      prog.push_back(isa::make("sync", {}));
      prog.push_back(mem("store", out_addr + (static_cast<uint64_t>(i0) * out_rows) * in.c + c0,
                         static_cast<unsigned>(in.c), imgs * out_rows, cg, dst));
      prog.push_back(isa::make("end", {}));
      accumulate(total, sync_program(dev, arena, prog));
    }
  }
  std::vector<uint8_t> bytes(out.data.size());
  read(dev, out_addr, bytes, "the pooling output");
  std::copy(bytes.begin(), bytes.end(), reinterpret_cast<uint8_t*>(out.data.data()));
  if (stats) *stats = total;
  return out;
}

ref::Tensor8 add(npu_dev& dev, const ref::Tensor8& a, const ref::Tensor8& b, const ref::AddParams& p,
                 GemmStats* stats) {
  if (a.n != b.n || a.h != b.h || a.w != b.w || a.c != b.c) throw RuntimeError("add: the shapes differ");
  const isa::Geometry g = geometry_of(dev);
  ref::Tensor8 out(a.n, a.h, a.w, a.c);
  DeviceArena arena(dev);
  const uint64_t a_addr = arena.alloc(a.data.size()), b_addr = arena.alloc(b.data.size()),
                 o_addr = arena.alloc(out.data.size());
  write(dev, a_addr, std::vector<uint8_t>(a.data.begin(), a.data.end()), "add input a");
  write(dev, b_addr, std::vector<uint8_t>(b.data.begin(), b.data.end()), "add input b");
  const unsigned pixels = static_cast<unsigned>(a.n * a.h * a.w), L = g.row_bytes();
  const unsigned chunk = std::min(g.spad_rows() / 3, 65535u);
  GemmStats total;
  for (int c0 = 0; c0 < a.c; c0 += static_cast<int>(L)) {
    const unsigned cg = std::min<unsigned>(L, static_cast<unsigned>(a.c - c0));
    for (unsigned p0 = 0; p0 < pixels; p0 += chunk) {
      const unsigned rows = std::min(chunk, pixels - p0);
      const uint64_t off = static_cast<uint64_t>(p0) * a.c + c0;
      const unsigned C = static_cast<unsigned>(a.c);
      std::vector<isa::Instr> prog = {
          mem("load", a_addr + off, C, rows, cg, 0),
          mem("load", b_addr + off, C, rows, cg, chunk),
          isa::make("cfg.add", {{"a_zero_point", p.a_zero_point}, {"a_multiplier", static_cast<uint32_t>(p.a_multiplier)},
                                {"a_shift", p.a_shift}, {"b_zero_point", p.b_zero_point},
                                {"b_multiplier", static_cast<uint32_t>(p.b_multiplier)}, {"b_shift", p.b_shift}}),
          isa::make("cfg.output", {{"zero_point", p.out_zero_point}, {"act_min", p.act_min}, {"act_max", p.act_max},
                                   {"multiplier", static_cast<uint32_t>(p.out_multiplier)}, {"shift", p.out_shift}}),
          isa::make("sync", {}),
          isa::make("vec.add", {{"src", 0}, {"src2", chunk}, {"dst", 2 * chunk}, {"rows", rows}}),
          isa::make("sync", {}),
          mem("store", o_addr + off, C, rows, cg, 2 * chunk),
          isa::make("end", {})};
      accumulate(total, sync_program(dev, arena, prog));
    }
  }
  std::vector<uint8_t> bytes(out.data.size());
  read(dev, o_addr, bytes, "the add output");
  std::copy(bytes.begin(), bytes.end(), reinterpret_cast<uint8_t*>(out.data.data()));
  if (stats) *stats = total;
  return out;
}

}  // namespace npu::runtime
