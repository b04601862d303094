// SPDX-License-Identifier: Apache-2.0
// Benchmark `dma`: bus efficiency of 64 KiB contiguous loads and stores on a 128-bit bus,
// with the memory answering after 0 and after 50 cycles. Efficiency = bytes moved per
// cycle / bus bytes per cycle, from the descriptor's submission to its completion.
//   bench_dma [--out DIR]     (default DIR: bench)

#include "bench_json.hpp"
#include "dma/dma_bench.hpp"

using namespace npu::verif;
using Dma = Vnpu_dma_w128;

namespace {

// One 64 KiB transfer: 4096 rows of 16 bytes, back to back in DRAM and in local memory.
double efficiency(bool store, unsigned latency) {
  using Bench = DmaBench<Dma>;
  axi::MemoryConfig cfg;
  cfg.latency = latency;
  Bench b(store ? "bench_dma_store" : "bench_dma_load", cfg, DmaTraffic{0.0, 1}, 1);
  constexpr unsigned kRows = 4096, kBytes = Bench::kLocalBytes;
  const DmaDescriptor d{store, 0x20000, kRows, kBytes, kBytes, 0, 1};
  std::vector<uint8_t> dram(kRows * kBytes);
  for (std::size_t i = 0; i < dram.size(); ++i) dram[i] = static_cast<uint8_t>(i * 7 + 3);
  if (store) {
    for (unsigned r = 0; r < kRows; ++r)
      for (unsigned i = 0; i < kBytes; ++i) b.local[r][i] = dram[r * kBytes + i];
  } else {
    b.mem.write_bytes(0x20000, dram);
  }
  b.queue.push_back(d);
  const uint64_t cycles = b.run_until_done(1, 10'000'000);
  // The data must really have moved.
  bool same = b.done[0].code == 0 && b.mon.violations().empty();
  if (store) {
    same = same && b.mem.read_bytes(0x20000, dram.size()) == dram;
  } else {
    for (unsigned r = 0; r < kRows && same; ++r)
      for (unsigned i = 0; i < kBytes; ++i) same = same && b.local[r][i] == dram[r * kBytes + i];
  }
  if (!same) throw std::runtime_error("bench_dma: the transfer did not move the data");
  return double(dram.size()) / (double(cycles) * Bench::kBusBytes);
}

}  // namespace

int main(int argc, char** argv) {
  std::string out_dir;
  if (!parse_bench_args(argc, argv, "bench_dma", out_dir)) return 2;
  BenchReport report("dma");
  report.config("data_width_bits", DmaShape<Dma>::data_width);
  report.config("transfer_bytes", 65536);
  report.config("max_outstanding_bursts", 8);
  report.metric("read_efficiency_lat0", efficiency(false, 0));
  report.metric("write_efficiency_lat0", efficiency(true, 0));
  report.metric("read_efficiency_lat50", efficiency(false, 50));
  report.metric("write_efficiency_lat50", efficiency(true, 50));
  report.write(out_dir);
  return 0;
}
