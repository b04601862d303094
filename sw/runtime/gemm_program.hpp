// SPDX-License-Identifier: Apache-2.0
// A double-buffered int8 GEMM program: C[M x N] (int32) = A[M x K] x W[K x N], K a
// multiple of R and N a multiple of C. C is row-major in DRAM. A and W are row-major, or
// packed the way an NPU runtime keeps them: A as K / R blocks of M x R (block kt holds
// columns kt*R ..), W as N / C tiles of K x C, each block contiguous. Packed operands
// load in long bursts; row-major ones need one short burst per row.
//   A is loaded once, one K-block (M rows of R bytes) at a time; the first round's
//   MATMULs start as soon as their block is in.
//   Round j (one N-tile of C columns) loads W[:, j*C ..] into weight buffer j % 2 while
//   round j - 1 computes, runs K / R MATMULs (the first overwrites, the rest accumulate)
//   into accumulator buffer j % 2, and stores it while round j + 1 computes.
// Tokens as in docs/isa.md: loads push to exec, exec pushes to store and back to load,
// store pushes back to exec; a buffer is reused only after the token of its last reader.
#pragma once

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <vector>

#include "isa/assembler.hpp"
#include "isa/isa_sim.hpp"

namespace npu::runtime {

// Requantized output: each round's accumulator tile goes through vec.requant to int8
// (bias, per-channel scale, zero point, bounds) and only the int8 rows are stored.
struct GemmRequant {
  uint64_t tables_addr = 0;  // DRAM: per N-tile, 3 rows of 4C bytes (bias, multiplier, shift)
  int zero_point = 0, act_min = -128, act_max = 127;
  unsigned n_real = 0;       // output columns that exist (<= N); the rest is padding
  uint64_t out_stride = 0;   // bytes from one output row to the next in DRAM
};

struct GemmLayout {
  unsigned M = 0, N = 0, K = 0;
  uint64_t a_addr = 0, w_addr = 0, c_addr = 0;  // DRAM (c: int32 result, or int8 with requant)
  bool packed = false;
  std::optional<GemmRequant> requant = std::nullopt;
};

// Byte offsets of the packed layouts, for whoever writes the operands.
inline std::vector<uint8_t> pack_a(const std::vector<int8_t>& a, unsigned M, unsigned K, unsigned R) {
  std::vector<uint8_t> out(a.size());
  for (unsigned kt = 0; kt < K / R; ++kt)
    for (unsigned i = 0; i < M; ++i)
      for (unsigned k = 0; k < R; ++k)
        out[(kt * M + i) * R + k] = static_cast<uint8_t>(a[i * K + kt * R + k]);
  return out;
}
inline std::vector<uint8_t> pack_w(const std::vector<int8_t>& w, unsigned K, unsigned N, unsigned C) {
  std::vector<uint8_t> out(w.size());
  for (unsigned j = 0; j < N / C; ++j)
    for (unsigned k = 0; k < K; ++k)
      for (unsigned c = 0; c < C; ++c)
        out[(j * K + k) * C + c] = static_cast<uint8_t>(w[k * N + j * C + c]);
  return out;
}

inline std::vector<isa::Instr> gemm_program(const isa::Geometry& g, const GemmLayout& L) {
  const unsigned R = g.rows, C = g.cols, KT = L.K / R, NT = L.N / C;
  if (L.K % R || L.N % C || L.M == 0 || KT == 0 || NT == 0)
    throw std::invalid_argument("gemm_program: K must be a multiple of R and N of C");
  const unsigned half = g.acc_rows / 2;
  const bool rq = L.requant.has_value();
  // With requantization the last three rows of each accumulator half hold the tables.
  if (L.M > (rq ? half - 3 : half)) throw std::invalid_argument("gemm_program: M above half the accumulator");
  const unsigned bank = g.spad_rows_per_bank;
  const unsigned a_rows = KT * L.M;
  unsigned wbuf0 = (a_rows + bank - 1) / bank * bank;
  if (wbuf0 + 2 * L.K > g.spad_rows()) wbuf0 = a_rows;
  const unsigned wbuf1 = (wbuf0 + bank + L.K <= g.spad_rows()) ? wbuf0 + bank : wbuf0 + L.K;
  const unsigned obuf0 = wbuf1 + L.K, obuf1 = obuf0 + (rq ? L.M : 0);  // requantized rows
  if (obuf1 + (rq ? L.M : 0) > g.spad_rows() || wbuf1 + L.K > g.spad_rows())
    throw std::invalid_argument("gemm_program: does not fit the scratchpad");
  const unsigned acc_select = 1u << 19;

  std::vector<isa::Instr> prog;
  for (unsigned j = 0; j < NT; ++j) {
    // Accumulator buffers in the two banks (halves), so the store of one round and the
    // MATMULs of the next never wait for each other.
    const unsigned wbuf = j % 2 ? wbuf1 : wbuf0, abuf = (j % 2) * half;
    const unsigned tbl = abuf + half - 3, obuf = j % 2 ? obuf1 : obuf0;
    if (rq) {
      // This tile's tables (before W, so W's token covers both).
      isa::Deps d;
      d.pop_next = j >= 2;
      prog.push_back(isa::make("load", {{"dram_addr", L.requant->tables_addr + uint64_t{j} * 3 * C * 4},
                                        {"dram_stride", C * 4}, {"rows", 3}, {"row_bytes", C * 4},
                                        {"local_addr", acc_select | tbl}, {"local_stride", 1}}, d));
    }
    // Load W's N-tile j: K rows of C bytes.
    {
      isa::Deps d;
      d.pop_next = j >= 2 && !rq;  // exec(j - 2) has finished with this weight buffer
      d.push_next = j > 0;         // round 0 signals with its A blocks instead
      const uint64_t addr = L.packed ? L.w_addr + uint64_t{j} * L.K * C : L.w_addr + uint64_t{j} * C;
      prog.push_back(isa::make("load", {{"dram_addr", addr}, {"dram_stride", L.packed ? C : L.N},
                                        {"rows", L.K}, {"row_bytes", C}, {"local_addr", wbuf},
                                        {"local_stride", 1}}, d));
    }
    if (j == 0) {
      for (unsigned kt = 0; kt < KT; ++kt) {
        isa::Deps d;
        d.push_next = true;
        const uint64_t addr = L.packed ? L.a_addr + uint64_t{kt} * L.M * R : L.a_addr + uint64_t{kt} * R;
        prog.push_back(isa::make("load", {{"dram_addr", addr}, {"dram_stride", L.packed ? R : L.K},
                                          {"rows", L.M}, {"row_bytes", R}, {"local_addr", kt * L.M},
                                          {"local_stride", 1}}, d));
      }
    }
    if (rq && j == 0) {
      prog.push_back(isa::make("cfg.output", {{"zero_point", L.requant->zero_point},
                                              {"act_min", L.requant->act_min}, {"act_max", L.requant->act_max},
                                              {"multiplier", 0}, {"shift", 0}}));
    }
    for (unsigned kt = 0; kt < KT; ++kt) {
      isa::Deps d;
      d.pop_prev = j == 0 || kt == 0;  // round 0: one token per A block
      d.pop_next = kt == 0 && j >= 2;  // store(j - 2) has read this round's output buffer
      d.push_prev = d.push_next = kt == KT - 1 && !rq;
      prog.push_back(isa::make(kt == 0 ? "matmul" : "matmul.acc",
                               {{"w_addr", wbuf + kt * R}, {"a_addr", kt * L.M}, {"acc_addr", abuf},
                                {"m", L.M}, {"k", R}, {"n", C}}, d));
    }
    if (rq) {
      prog.push_back(isa::make("cfg.qtables", {{"acc_addr", tbl}}));
      isa::Deps d;
      d.push_prev = d.push_next = true;
      prog.push_back(isa::make("vec.requant", {{"src", abuf}, {"dst", obuf}, {"rows", L.M}}, d));
      isa::Deps s;
      s.pop_prev = s.push_prev = true;
      const unsigned cols = std::min(C, L.requant->n_real - j * C);
      prog.push_back(isa::make("store", {{"dram_addr", L.c_addr + uint64_t{j} * C},
                                         {"dram_stride", L.requant->out_stride}, {"rows", L.M},
                                         {"row_bytes", cols}, {"local_addr", obuf}, {"local_stride", 1}}, s));
    } else {
      isa::Deps d;
      d.pop_prev = d.push_prev = true;
      prog.push_back(isa::make("store", {{"dram_addr", L.c_addr + uint64_t{j} * C * 4},
                                         {"dram_stride", uint64_t{L.N} * 4}, {"rows", L.M},
                                         {"row_bytes", C * 4}, {"local_addr", acc_select | abuf},
                                         {"local_stride", 1}}, d));
    }
  }
  prog.push_back(isa::make("end", {}));
  return prog;
}

}  // namespace npu::runtime
