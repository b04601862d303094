// SPDX-License-Identifier: Apache-2.0
// DmaBench: npu_dma between the AXI4 memory model (with the protocol monitor on the link)
// and a C++ local memory, plus a reference model of what each descriptor must do.
// Used by the DMA tests and the DMA benchmark. It also drives npu_mem_system, whose local
// memory is RTL: then the C++ local memory is unused, and the test drives the compute
// ports through the drive/sample hooks.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "axi/axi_memory.hpp"
#include "axi/axi_monitor.hpp"
#include "axi/axi_port.hpp"
#include "harness.hpp"
#include "model_shapes.hpp"
#include "port_bits.hpp"

namespace npu::verif {

struct DmaDescriptor {
  bool store = false;
  uint64_t addr = 0;
  unsigned rows = 0;
  unsigned row_bytes = 0;
  uint64_t stride = 0;
  unsigned local_addr = 0;
  unsigned local_stride = 0;
};

struct DmaTraffic {
  double local_stall = 0.0;  // chance that the local side is not ready in a cycle
  unsigned local_read_latency = 2;
};

template <class Model, class Shape = DmaShape<Model>>
class DmaBench {
 public:
  static constexpr unsigned kBusBytes = Shape::data_width / 8;
  static constexpr unsigned kLocalBytes = Shape::local_bytes;
  static constexpr unsigned kLocalRows = Shape::local_rows;
  // Fields only the models built small set: rows the store reads ahead (npu_dma's
  // StoreRowBuffer, 4 unless set; bytes with ByteSerial), a byte a cycle (ByteSerial), the
  // beats a burst may have (MaxBurstBeats, 256 unless set) and serial checks (SerialChecks:
  // a descriptor waits RowsWidth cycles of products and 32 of the window check, a bit a
  // cycle, before it is taken).
  static constexpr unsigned kStoreRowsAhead = [] {
    if constexpr (requires { Shape::store_rows_ahead; }) return Shape::store_rows_ahead;
    else return 4u;
  }();
  static constexpr bool kByteSerial = [] {
    if constexpr (requires { Shape::byte_serial; }) return Shape::byte_serial != 0;
    else return false;
  }();
  static constexpr unsigned kMaxBurstBeats = [] {
    if constexpr (requires { Shape::max_burst_beats; }) return Shape::max_burst_beats;
    else return 256u;
  }();
  static constexpr bool kSerialChecks = [] {
    if constexpr (requires { Shape::serial_checks; }) return Shape::serial_checks != 0;
    else return false;
  }();
  // npu_dma has the local ports; npu_mem_system keeps them inside.
  static constexpr bool kLocalPorts = requires(Model& m) { m.lw_valid_o; };
  static constexpr uint64_t kWindowBase = 0x10000, kWindowLimit = 0x90000;

  struct Done {
    bool store;
    unsigned code;
  };

  DmaBench(const std::string& name, axi::MemoryConfig mem_cfg, DmaTraffic traffic,
           uint64_t seed)
      : h(name),
        mem(on_this_bus(mem_cfg)),
        mon(kBusBytes),
        local(kLocalRows, std::vector<uint8_t>(kLocalBytes)),
        traffic_(traffic),
        rng_(seed) {
    h->win_base_i = static_cast<uint32_t>(kWindowBase);
    h->win_limit_i = static_cast<uint32_t>(kWindowLimit);
    h.reset();
  }

  Harness<Model> h;
  axi::AxiMemory mem;
  axi::AxiMonitor mon;
  std::vector<std::vector<uint8_t>> local;  // the local SRAM, as the DMA sees it
  std::deque<DmaDescriptor> queue;
  std::vector<Done> done;
  std::function<void(Model&)> drive;   // extra inputs, set before the edge
  std::function<void(Model&)> sample;  // extra outputs, read before the edge
  uint64_t ar_count = 0, aw_count = 0;
  unsigned longest_burst = 0;                    // beats
  unsigned peak_reads = 0, peak_writes = 0;      // bursts outstanding at once

  static axi::MemoryConfig on_this_bus(axi::MemoryConfig cfg) {
    cfg.data_bytes = kBusBytes;
    return cfg;
  }

  // What the descriptor must do, applied to reference copies of DRAM and local memory.
  static void apply(const DmaDescriptor& d, std::vector<uint8_t>& dram, uint64_t dram_base,
                    std::vector<std::vector<uint8_t>>& lcl) {
    for (unsigned r = 0; r < d.rows; ++r) {
      auto& row = lcl[d.local_addr + r * d.local_stride];
      for (unsigned b = 0; b < d.row_bytes; ++b) {
        uint8_t& byte = dram[d.addr + r * d.stride + b - dram_base];
        if (d.store) byte = row[b];
        else row[b] = byte;
      }
    }
  }

  // Shows a descriptor on the DMA's inputs (valid).
  static void present(Model& d, const DmaDescriptor& q) {
    d.desc_valid_i = 1;
    d.desc_store_i = q.store;
    d.desc_addr_i = static_cast<uint32_t>(q.addr);
    d.desc_rows_i = q.rows;
    d.desc_row_bytes_i = q.row_bytes;
    d.desc_stride_i = static_cast<uint32_t>(q.stride);
    d.desc_local_addr_i = q.local_addr;
    d.desc_local_stride_i = q.local_stride;
  }

  void step() {
    auto& d = h.dut();
    // Descriptor.
    d.desc_valid_i = 0;
    if (!queue.empty()) present(d, queue.front());
    const axi::SlaveOut& s = mem.outputs();
    axi::drive_master_inputs(d, s, kBusBytes);
    // Local side.
    const uint64_t now = h.cycle();
    if constexpr (kLocalPorts) {
      d.lw_ready_i = !chance(traffic_.local_stall);
      d.lr_ready_i = !chance(traffic_.local_stall);
      d.lr_rsp_valid_i = !reads_.empty() && reads_.front().due == now;
      if (d.lr_rsp_valid_i) {
        for (unsigned i = 0; i < kLocalBytes; ++i)
          set_field(d.lr_rsp_data_i, i * 8, 8, reads_.front().data[i]);
        reads_.pop_front();
      }
    }
    if (drive) drive(d);
    h.eval();
    if (sample) sample(d);

    // The master's side of the link, for the monitor and the memory.
    const axi::MasterOut m = axi::sample_master_outputs(d, kBusBytes);
    mon.observe(m, s);
    if (m.ar_valid && s.ar_ready) {
      ++ar_count;
      ++reads_out_;
      longest_burst = std::max(longest_burst, unsigned{m.ar.len} + 1);
    }
    if (m.aw_valid && s.aw_ready) {
      ++aw_count;
      ++writes_out_;
      longest_burst = std::max(longest_burst, unsigned{m.aw.len} + 1);
    }
    peak_reads = std::max(peak_reads, reads_out_);
    peak_writes = std::max(peak_writes, writes_out_);
    if (s.r_valid && m.r_ready && s.r_last) --reads_out_;
    if (s.b_valid && m.b_ready) --writes_out_;

    if (d.desc_valid_i && d.desc_ready_o) queue.pop_front();
    if constexpr (kLocalPorts) {
      if (d.lw_valid_o && d.lw_ready_i) {
        auto& row = local.at(d.lw_addr_o);
        for (unsigned i = 0; i < kLocalBytes; ++i)
          if (get_field(d.lw_mask_o, i, 1))
            row[i] = static_cast<uint8_t>(get_field(d.lw_data_o, i * 8, 8));
      }
      if (d.lr_valid_o && d.lr_ready_i) {
        reads_.push_back({now + traffic_.local_read_latency, local.at(d.lr_addr_o)});
      }
    }
    if (d.load_done_o) done.push_back({false, d.load_error_o});
    if (d.store_done_o) done.push_back({true, d.store_error_o});
    h.tick();
    mem.edge(m);
  }

  // Run until `count` completions have been reported; returns the cycles taken.
  uint64_t run_until_done(std::size_t count, uint64_t max_cycles) {
    const uint64_t start = h.cycle();
    while (done.size() < count) {
      if (h.cycle() - start > max_cycles)
        throw SimError("DMA did not finish: " + std::to_string(done.size()) + " of " +
                       std::to_string(count) + " descriptors");
      step();
    }
    return h.cycle() - start;
  }

 private:
  struct LocalRead {
    uint64_t due;
    std::vector<uint8_t> data;
  };
  bool chance(double p) { return p > 0.0 && std::bernoulli_distribution(p)(rng_); }

  DmaTraffic traffic_;
  std::mt19937_64 rng_;
  std::deque<LocalRead> reads_;
  unsigned reads_out_ = 0, writes_out_ = 0;
};

}  // namespace npu::verif
