// SPDX-License-Identifier: Apache-2.0
#include "runtime/gemm.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include "runtime/device.hpp"
#include "runtime/gemm_program.hpp"

namespace npu::runtime {
namespace {

// One GEMM on the device, int32 out (rq == nullptr) or requantized int8 out. A and B are
// row-major int8; returns the output rows (4 * N or N bytes each).
std::vector<uint8_t> device_gemm(const Target& t, const std::vector<int8_t>& a, unsigned M, unsigned K,
                                 const std::vector<int8_t>& b, unsigned N, const Requant* rq,
                                 GemmStats& total, uint64_t budget) {
  if (M == 0 || K == 0 || N == 0) throw RuntimeError("gemm: empty operand");
  npu_dev& dev = *t.devs.front();
  const isa::Geometry g = geometry_of(dev);
  const unsigned R = g.rows, C = g.cols;
  const unsigned Kp = (K + R - 1) / R * R, Np = (N + C - 1) / C * C, NT = Np / C;
  const unsigned out_bytes = rq ? 1 : 4;

  // B padded and packed once; the tables (bias, multiplier, shift per column) likewise.
  std::vector<int8_t> bp(static_cast<std::size_t>(Kp) * Np, 0);
  for (unsigned k = 0; k < K; ++k)
    std::copy_n(&b[static_cast<std::size_t>(k) * N], N, &bp[static_cast<std::size_t>(k) * Np]);
  const std::vector<uint8_t> b_packed = pack_w(bp, Kp, Np, C);
  std::vector<uint8_t> tables;
  if (rq) {
    tables.assign(static_cast<std::size_t>(NT) * 3 * C * 4, 0);
    for (unsigned n = 0; n < N; ++n) {
      const unsigned j = n / C, c = n % C;
      const int32_t v[3] = {rq->bias[n], rq->multiplier[n], rq->shift[n]};
      for (unsigned k = 0; k < 3; ++k)
        std::memcpy(&tables[((static_cast<std::size_t>(j) * 3 + k) * C + c) * 4], &v[k], 4);
    }
  }

  // Each core's share of the rows, and the largest M chunk whose program fits the local
  // memories.
  const unsigned cores = static_cast<unsigned>(std::min<std::size_t>(t.devs.size(), M));
  const unsigned share = (M + cores - 1) / cores;
  GemmLayout probe{0, Np, Kp, 0, 0, 0, true};
  if (rq) probe.requant = GemmRequant{0, rq->zero_point, rq->act_min, rq->act_max, N, N};
  unsigned mc = std::min<unsigned>(share, g.acc_rows / 2);
  for (; mc > 0; mc = mc > 16 ? mc - 16 : mc - 1) {
    probe.M = mc;
    try {
      (void)gemm_program(g, probe);
      break;
    } catch (const std::invalid_argument&) {
    }
  }
  if (mc == 0) throw RuntimeError("gemm: K = " + std::to_string(K) + " does not fit the scratchpad");

  // One window for all: B and the tables once, a program, A and C buffer per core.
  DeviceArena arena(dev);
  const uint64_t b_addr = arena.alloc(b_packed.size());
  const uint64_t t_addr = arena.alloc(tables.size());
  std::vector<uint64_t> prog_addr(cores), a_addr(cores), c_addr(cores);
  for (unsigned d = 0; d < cores; ++d) {
    prog_addr[d] = arena.alloc(16ull * (8 + NT * (Kp / R + 8) + Kp / R));
    a_addr[d] = arena.alloc(static_cast<uint64_t>(mc) * Kp);
    c_addr[d] = arena.alloc(static_cast<uint64_t>(out_bytes) * mc * Np);
  }
  write(dev, b_addr, b_packed, "B");
  if (rq) write(dev, t_addr, tables, "the requantization tables");

  std::vector<uint8_t> out(static_cast<std::size_t>(out_bytes) * M * N);
  const uint64_t stride = static_cast<uint64_t>(out_bytes) * (rq ? N : Np);
  for (unsigned round = 0; round * mc < share; ++round) {
    std::vector<Job> jobs;
    std::vector<std::pair<unsigned, unsigned>> rows_of;  // per job: first row, rows
    for (unsigned d = 0; d < cores; ++d) {
      const unsigned lo = d * share + round * mc, hi = std::min({M, (d + 1) * share, lo + mc});
      if (lo >= hi) continue;
      const unsigned rows = hi - lo;
      std::vector<int8_t> ap(static_cast<std::size_t>(rows) * Kp, 0);
      for (unsigned i = 0; i < rows; ++i)
        std::copy_n(&a[static_cast<std::size_t>(lo + i) * K], K, &ap[static_cast<std::size_t>(i) * Kp]);
      write(dev, a_addr[d], pack_a(ap, rows, Kp, R), "A");
      GemmLayout L{rows, Np, Kp, a_addr[d], b_addr, c_addr[d], true};
      if (rq) L.requant = GemmRequant{t_addr, rq->zero_point, rq->act_min, rq->act_max, N, N};
      jobs.push_back({d, gemm_program(g, L), prog_addr[d]});
      rows_of.emplace_back(lo, rows);
    }
    const std::vector<GemmStats> st = run_round(t, jobs, budget);
    // Wall time: a cluster's round lasts as long as its longest program.
    uint64_t longest = 0, sum = 0;
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      GemmStats counted = st[j];
      counted.wall_cycles = 0;
      accumulate(total, counted);
      longest = std::max(longest, st[j].cycles);
      sum += st[j].cycles;
      const auto [lo, rows] = rows_of[j];
      std::vector<uint8_t> part(stride * rows);
      read(dev, c_addr[jobs[j].core], part, "C");
      for (unsigned i = 0; i < rows; ++i)
        std::memcpy(&out[(static_cast<std::size_t>(lo) + i) * out_bytes * N], &part[i * stride],
                    static_cast<std::size_t>(out_bytes) * N);
    }
    total.wall_cycles += t.cluster ? longest : sum;
  }
  return out;
}

}  // namespace

void accumulate(GemmStats& total, const GemmStats& part) {
  total.programs += part.programs;
  total.instructions += part.instructions;
  total.cycles += part.cycles;
  total.wall_cycles += part.wall_cycles;
  total.mac_active += part.mac_active;
  total.dma_rd_bytes += part.dma_rd_bytes;
  total.dma_wr_bytes += part.dma_wr_bytes;
  total.ideal_cycles += part.ideal_cycles;
}

ref::MatrixI32 gemm(const Target& t, const ref::MatrixI8& a, const ref::MatrixI8& b,
                    const std::vector<int32_t>* bias, GemmStats* stats, uint64_t budget) {
  if (a.cols != b.rows)
    throw RuntimeError("gemm: A is " + std::to_string(a.rows) + " x " + std::to_string(a.cols) + " but B has " +
                       std::to_string(b.rows) + " rows");
  if (bias && bias->size() != b.cols) throw RuntimeError("gemm: bias needs one value per column of B");
  const unsigned M = static_cast<unsigned>(a.rows), K = static_cast<unsigned>(a.cols),
                 N = static_cast<unsigned>(b.cols);
  GemmStats total;
  const auto bytes = device_gemm(t, a.data, M, K, b.data, N, nullptr, total, budget);
  ref::MatrixI32 c = ref::int32_matrix(bytes, M, N, N);
  if (bias)
    for (unsigned i = 0; i < M; ++i)
      for (unsigned n = 0; n < N; ++n)
        c.at(i, n) = static_cast<int32_t>(static_cast<uint32_t>(c.at(i, n)) + static_cast<uint32_t>((*bias)[n]));
  total.ideal_cycles = double(M) * N * K / (double(t.devs.front()->info.rows) * t.devs.front()->info.cols);
  if (stats) *stats = total;
  return c;
}

std::vector<int8_t> gemm_requant(const Target& t, const std::vector<int8_t>& a, unsigned M, unsigned K,
                                 const std::vector<int8_t>& b, unsigned N, const Requant& rq, GemmStats* stats,
                                 uint64_t budget) {
  if (a.size() != static_cast<std::size_t>(M) * K || b.size() != static_cast<std::size_t>(K) * N)
    throw RuntimeError("gemm_requant: operand sizes do not match M, K, N");
  if (rq.bias.size() != N || rq.multiplier.size() != N || rq.shift.size() != N)
    throw RuntimeError("gemm_requant: one bias, multiplier and shift per output column");
  for (int s : rq.shift)
    if (s < 0 || s > 31) throw RuntimeError("gemm_requant: shifts are right shifts 0..31");
  GemmStats total;
  const auto bytes = device_gemm(t, a, M, K, b, N, &rq, total, budget);
  total.ideal_cycles = double(M) * N * K / (double(t.devs.front()->info.rows) * t.devs.front()->info.cols);
  if (stats) *stats = total;
  return std::vector<int8_t>(bytes.begin(), bytes.end());
}

}  // namespace npu::runtime
