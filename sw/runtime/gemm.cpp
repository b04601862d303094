// SPDX-License-Identifier: Apache-2.0
#include "runtime/gemm.hpp"

#include <algorithm>
#include <string>

#include "runtime/gemm_program.hpp"

namespace npu::runtime {
namespace {

isa::Geometry geometry_of(const npu_dev& dev) {
  isa::Geometry g;
  g.rows = dev.info.rows;
  g.cols = dev.info.cols;
  g.spad_banks = dev.info.spad_banks;
  g.spad_rows_per_bank = dev.info.spad_rows / dev.info.spad_banks;
  g.acc_rows = dev.info.acc_rows;
  g.bus_bytes = dev.info.bus_bits / 8;
  return g;
}

void check(npu_status s, const char* what) {
  if (s != NPU_OK) throw RuntimeError(std::string(what) + ": " + npu_status_str(s));
}

uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

}  // namespace

ref::MatrixI32 gemm(npu_dev& dev, const ref::MatrixI8& a, const ref::MatrixI8& b,
                    const std::vector<int32_t>* bias, GemmStats* stats, uint64_t budget) {
  if (a.cols != b.rows) throw RuntimeError("gemm: A is " + std::to_string(a.rows) + " x " +
                                           std::to_string(a.cols) + " but B has " +
                                           std::to_string(b.rows) + " rows");
  if (a.rows == 0 || a.cols == 0 || b.cols == 0) throw RuntimeError("gemm: empty operand");
  if (bias && bias->size() != b.cols) throw RuntimeError("gemm: bias needs one value per column of B");
  const isa::Geometry g = geometry_of(dev);
  const unsigned R = g.rows, C = g.cols;
  const unsigned M = static_cast<unsigned>(a.rows), K = static_cast<unsigned>(a.cols),
                 N = static_cast<unsigned>(b.cols);
  const unsigned Kp = (K + R - 1) / R * R, Np = (N + C - 1) / C * C;

  // B padded and packed once.
  std::vector<int8_t> bp(static_cast<std::size_t>(Kp) * Np, 0);
  for (unsigned k = 0; k < K; ++k)
    for (unsigned n = 0; n < N; ++n) bp[static_cast<std::size_t>(k) * Np + n] = b.at(k, n);
  const std::vector<uint8_t> b_packed = pack_w(bp, Kp, Np, C);

  // The largest M chunk whose program fits the local memories.
  unsigned mc = std::min<unsigned>(M, g.acc_rows / 2);
  while (mc > 0) {
    try {
      (void)gemm_program(g, {mc, Np, Kp, 0, 0, 0, true});
      break;
    } catch (const std::invalid_argument&) {
      mc = mc > 16 ? mc - 16 : mc - 1;
    }
  }
  if (mc == 0) throw RuntimeError("gemm: K = " + std::to_string(K) + " does not fit the scratchpad");

  // Device memory: program, B, A chunk, C chunk, each 4 KiB aligned.
  const uint64_t prog_addr = dev.win_base;
  const uint64_t b_addr = align_up(prog_addr + 16ull * (4 + 3 * (Np / C) * (Kp / R + 2)), 4096);
  const uint64_t a_addr = align_up(b_addr + b_packed.size(), 4096);
  const uint64_t c_addr = align_up(a_addr + static_cast<uint64_t>(mc) * Kp, 4096);
  if (c_addr + 4ull * mc * Np > dev.win_limit)
    throw RuntimeError("gemm: the operands need " + std::to_string(c_addr + 4ull * mc * Np - dev.win_base) +
                       " bytes of DRAM window, it has " + std::to_string(dev.win_limit - dev.win_base));
  check(npu_mem_write(&dev, b_addr, b_packed.data(), b_packed.size()), "writing B");

  ref::MatrixI32 c(M, N);
  GemmStats total;
  for (unsigned m0 = 0; m0 < M; m0 += mc) {
    const unsigned rows = std::min(mc, M - m0);
    std::vector<int8_t> ap(static_cast<std::size_t>(rows) * Kp, 0);
    for (unsigned i = 0; i < rows; ++i)
      for (unsigned k = 0; k < K; ++k) ap[static_cast<std::size_t>(i) * Kp + k] = a.at(m0 + i, k);
    const std::vector<uint8_t> a_packed = pack_a(ap, rows, Kp, R);
    check(npu_mem_write(&dev, a_addr, a_packed.data(), a_packed.size()), "writing A");
    const auto prog = gemm_program(g, {rows, Np, Kp, a_addr, b_addr, c_addr, true});
    const auto bin = isa::to_binary(prog);
    check(npu_mem_write(&dev, prog_addr, bin.data(), bin.size()), "writing the program");
    check(npu_submit(&dev, prog_addr, static_cast<uint32_t>(prog.size())), "starting the program");
    npu_result r{};
    const npu_status s = npu_wait(&dev, budget, &r);
    if (s != NPU_OK) {
      char msg[160];
      throw RuntimeError(std::string("gemm: ") + npu_status_str(s) +
                         (s == NPU_E_DEVICE ? std::string(": ") + npu_describe(&r, msg, sizeof msg) : ""));
    }
    npu_counters cnt{};
    check(npu_read_counters(&dev, &cnt), "reading the counters");
    total.programs += 1;
    total.instructions += cnt.instret;
    total.cycles += cnt.cycles;
    total.mac_active += cnt.mac_active;
    total.dma_rd_bytes += cnt.dma_rd_bytes;
    total.dma_wr_bytes += cnt.dma_wr_bytes;
    std::vector<uint8_t> out(4ull * rows * Np);
    check(npu_mem_read(&dev, c_addr, out.data(), out.size()), "reading C");
    const ref::MatrixI32 part = ref::int32_matrix(out, rows, N, Np);
    for (unsigned i = 0; i < rows; ++i)
      for (unsigned n = 0; n < N; ++n) {
        const uint32_t add = bias ? static_cast<uint32_t>((*bias)[n]) : 0u;
        c.at(m0 + i, n) = static_cast<int32_t>(static_cast<uint32_t>(part.at(i, n)) + add);
      }
  }
  total.ideal_cycles = double(M) * N * K / (double(R) * C);
  if (stats) *stats = total;
  return c;
}

}  // namespace npu::runtime
