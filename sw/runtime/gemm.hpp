// SPDX-License-Identifier: Apache-2.0
// The runtime's GEMM: C[M x N] (int32) = A[M x K] x B[K x N] (int8) on any core the driver
// reaches. It zero-pads K to a multiple of R and N to a multiple of C, packs the operands
// (A in K-blocks, B in N-tiles), cuts M into chunks that fit the accumulator and the
// scratchpad, and runs one double-buffered program (gemm_program.hpp) per chunk; on a
// cluster each core takes an equal share of the rows and the chunks run in rounds.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <vector>

#include "driver/npu_driver.h"
#include "ref/gemm.hpp"
#include "runtime/gemm_stats.hpp"
#include "runtime/target.hpp"

namespace npu::runtime {

// Runs on `t`: one core (initialized, window set: the operands, the program and the
// result must fit inside it) or the cores of a cluster, which split the rows of A (one
// window for all). `bias` (N int32, optional) is added to every row by the runtime after
// the device's product. Throws RuntimeError with the driver's message on any failure.
ref::MatrixI32 gemm(const Target& t, const ref::MatrixI8& a, const ref::MatrixI8& b,
                    const std::vector<int32_t>* bias = nullptr, GemmStats* stats = nullptr,
                    uint64_t budget = 1'000'000'000);

// Per-column requantization done on the device (vec.requant): int8 out =
// clamp(rdbp(srdhm(acc + bias[n], multiplier[n]), shift[n]) + zero_point).
struct Requant {
  std::vector<int32_t> bias, multiplier;
  std::vector<int> shift;
  int zero_point = 0, act_min = -128, act_max = 127;
};

// int8 C[M x N] = requant(A[M x K] x B[K x N]), all row-major; the NPU does every step.
std::vector<int8_t> gemm_requant(const Target& t, const std::vector<int8_t>& a, unsigned M, unsigned K,
                                 const std::vector<int8_t>& b, unsigned N, const Requant& rq,
                                 GemmStats* stats = nullptr, uint64_t budget = 1'000'000'000);

}  // namespace npu::runtime
