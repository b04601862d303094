// SPDX-License-Identifier: Apache-2.0
// ClusterBench: npu_cluster between an AXI4-Lite host and one DRAM with a port per memory
// node (AxiMemory models sharing one store, each with its own latency and stalls, and an
// AXI monitor on each link). ClusterDevice gives the cluster driver its HAL on it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "axi/axi_lite_host.hpp"
#include "axi/axi_memory.hpp"
#include "axi/axi_monitor.hpp"
#include "driver/npu_cluster.h"
#include "harness.hpp"
#include "model_shapes.hpp"
#include "port_bits.hpp"

namespace npu::verif {

template <class Model, class Shape = ClusterShape<Model>>
class ClusterBench {
 public:
  static constexpr unsigned kNodes = Shape::mesh_x * Shape::mesh_y;
  static constexpr unsigned kBusBytes = Shape::data_width / 8;
  static constexpr unsigned kMemPorts = static_cast<unsigned>(__builtin_popcount(Shape::mem_mask));
  static constexpr unsigned kCoord = [] {
    unsigned bits = 1;
    while ((1u << bits) < std::max(Shape::mesh_x, Shape::mesh_y)) ++bits;
    return bits;
  }();
  // The memory ports' AXI ID: the core's ID (npu_pkg::AxiIdWidth = 4) under the source {y, x}.
  static constexpr unsigned kIdBits = 4 + 2 * kCoord;

  ClusterBench(const std::string& name, axi::MemoryConfig cfg) : h(name), store_(std::make_shared<axi::MemoryStore>()) {
    cfg.data_bytes = kBusBytes;
    for (unsigned k = 0; k < kMemPorts; ++k) {
      axi::MemoryConfig c = cfg;
      c.seed = cfg.seed + k;
      mems.push_back(std::make_unique<axi::AxiMemory>(c, store_));
      mons.emplace_back(kBusBytes);
    }
    h.reset();
  }

  Harness<Model> h;
  std::vector<std::unique_ptr<axi::AxiMemory>> mems;  // memory port k
  std::vector<axi::AxiMonitor> mons;
  std::vector<uint64_t> beats = std::vector<uint64_t>(kMemPorts, 0);  // R and W beats per port

  axi::AxiMemory& dram() { return *mems.front(); }  // any port: they share the bytes

  void step() {
    auto& d = h.dut();
    for (unsigned k = 0; k < kMemPorts; ++k) drive(d, k, mems[k]->outputs());
    h.eval();
    std::vector<axi::MasterOut> out(kMemPorts);
    for (unsigned k = 0; k < kMemPorts; ++k) {
      out[k] = sample(d, k);
      const axi::SlaveOut& s = mems[k]->outputs();
      mons[k].observe(out[k], s);
      beats[k] += (s.r_valid && out[k].r_ready) + (out[k].w_valid && s.w_ready);
    }
    h.tick();
    for (unsigned k = 0; k < kMemPorts; ++k) mems[k]->edge(out[k]);
  }

  unsigned csr_write(uint32_t addr, uint32_t data) { return axi::lite_write(*this, addr, data); }
  std::pair<uint32_t, unsigned> csr_read(uint32_t addr) { return axi::lite_read(*this, addr); }

  std::vector<std::string> violations() const {
    std::vector<std::string> all;
    for (const auto& m : mons) all.insert(all.end(), m.violations().begin(), m.violations().end());
    return all;
  }

 private:
  static void drive(Model& d, unsigned k, const axi::SlaveOut& s) {
    set_field(d.mem_ar_ready_i, k, 1, s.ar_ready);
    set_field(d.mem_aw_ready_i, k, 1, s.aw_ready);
    set_field(d.mem_w_ready_i, k, 1, s.w_ready);
    set_field(d.mem_r_valid_i, k, 1, s.r_valid);
    set_field(d.mem_r_id_i, k * kIdBits, kIdBits, s.r_id);
    set_field(d.mem_r_resp_i, k * 2, 2, s.r_resp);
    set_field(d.mem_r_last_i, k, 1, s.r_last);
    if (s.r_valid)
      for (unsigned i = 0; i < kBusBytes; ++i) set_field(d.mem_r_data_i, (k * kBusBytes + i) * 8, 8, s.r_data[i]);
    set_field(d.mem_b_valid_i, k, 1, s.b_valid);
    set_field(d.mem_b_id_i, k * kIdBits, kIdBits, s.b_id);
    set_field(d.mem_b_resp_i, k * 2, 2, s.b_resp);
  }

  static axi::Addr addr(const auto& a, const auto& id, const auto& len, const auto& size, const auto& burst,
                        unsigned k) {
    return {get_field(a, k * 32, 32), get_field(id, k * kIdBits, kIdBits), static_cast<uint8_t>(get_field(len, k * 8, 8)),
            static_cast<uint8_t>(get_field(size, k * 3, 3)), static_cast<uint8_t>(get_field(burst, k * 2, 2))};
  }

  static axi::MasterOut sample(Model& d, unsigned k) {
    axi::MasterOut m;
    m.ar_valid = get_field(d.mem_ar_valid_o, k, 1);
    m.ar = addr(d.mem_ar_addr_o, d.mem_ar_id_o, d.mem_ar_len_o, d.mem_ar_size_o, d.mem_ar_burst_o, k);
    m.aw_valid = get_field(d.mem_aw_valid_o, k, 1);
    m.aw = addr(d.mem_aw_addr_o, d.mem_aw_id_o, d.mem_aw_len_o, d.mem_aw_size_o, d.mem_aw_burst_o, k);
    m.w_valid = get_field(d.mem_w_valid_o, k, 1);
    m.w_data.resize(kBusBytes);
    m.w_strb.resize(kBusBytes);
    for (unsigned i = 0; i < kBusBytes; ++i) {
      m.w_data[i] = static_cast<uint8_t>(get_field(d.mem_w_data_o, (k * kBusBytes + i) * 8, 8));
      m.w_strb[i] = get_field(d.mem_w_strb_o, k * kBusBytes + i, 1) != 0;
    }
    m.w_last = get_field(d.mem_w_last_o, k, 1);
    m.r_ready = get_field(d.mem_r_ready_o, k, 1);
    m.b_ready = get_field(d.mem_b_ready_o, k, 1);
    return m;
  }

  std::shared_ptr<axi::MemoryStore> store_;
};

// The cluster driver's HAL on ClusterBench: registers through the host port, the budget of
// a wait in cycles, DRAM through the shared store.
template <class Model>
class ClusterDevice {
 public:
  explicit ClusterDevice(axi::MemoryConfig cfg = {}, const std::string& name = "cluster_device") : bench(name, cfg) {}

  ClusterBench<Model> bench;

  npu_hal hal() {
    npu_hal h{};
    h.ctx = this;
    h.read32 = [](void* c, uint32_t off) {
      auto [data, resp] = static_cast<ClusterDevice*>(c)->bench.csr_read(off);
      return resp == 0 ? data : 0u;
    };
    h.write32 = [](void* c, uint32_t off, uint32_t v) { static_cast<ClusterDevice*>(c)->bench.csr_write(off, v); };
    h.wait_irq = [](void* c, uint64_t budget) {
      auto& b = static_cast<ClusterDevice*>(c)->bench;
      for (uint64_t i = 0; i < budget && !b.h.dut().irq_o; ++i) b.step();
      return b.h.dut().irq_o ? 1 : 0;
    };
    h.mem_write = [](void* c, uint64_t addr, const void* src, size_t n) {
      const auto* p = static_cast<const uint8_t*>(src);
      static_cast<ClusterDevice*>(c)->bench.dram().write_bytes(addr, std::vector<uint8_t>(p, p + n));
      return 0;
    };
    h.mem_read = [](void* c, uint64_t addr, void* dst, size_t n) {
      const auto bytes = static_cast<ClusterDevice*>(c)->bench.dram().read_bytes(addr, n);
      std::copy(bytes.begin(), bytes.end(), static_cast<uint8_t*>(dst));
      return 0;
    };
    return h;
  }
};

}  // namespace npu::verif
