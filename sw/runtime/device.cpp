// SPDX-License-Identifier: Apache-2.0
#include "runtime/device.hpp"

namespace npu::runtime {

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

uint64_t DeviceArena::alloc(uint64_t bytes) {
  const uint64_t at = next_;
  next_ = (next_ + bytes + 4095) / 4096 * 4096;
  if (next_ > limit_)
    throw RuntimeError("the operands need more than the " + std::to_string(limit_ - base_) +
                       " bytes of DRAM window");
  return at;
}

void write(npu_dev& dev, uint64_t addr, const std::vector<uint8_t>& bytes, const char* what) {
  if (npu_status s = npu_mem_write(&dev, addr, bytes.data(), bytes.size()); s != NPU_OK)
    throw RuntimeError(std::string("writing ") + what + ": " + npu_status_str(s));
}

void read(npu_dev& dev, uint64_t addr, std::vector<uint8_t>& bytes, const char* what) {
  if (npu_status s = npu_mem_read(&dev, addr, bytes.data(), bytes.size()); s != NPU_OK)
    throw RuntimeError(std::string("reading ") + what + ": " + npu_status_str(s));
}

GemmStats run_program(npu_dev& dev, const std::vector<isa::Instr>& prog, uint64_t addr, uint64_t budget) {
  write(dev, addr, isa::to_binary(prog), "the program");
  if (npu_status s = npu_submit(&dev, addr, static_cast<uint32_t>(prog.size())); s != NPU_OK)
    throw RuntimeError(std::string("starting the program: ") + npu_status_str(s));
  npu_result r{};
  if (npu_status s = npu_wait(&dev, budget, &r); s != NPU_OK) {
    char msg[160];
    throw RuntimeError(std::string(npu_status_str(s)) +
                       (s == NPU_E_DEVICE ? std::string(": ") + npu_describe(&r, msg, sizeof msg) : ""));
  }
  return counters(dev);
}

GemmStats counters(npu_dev& dev) {
  npu_counters c{};
  npu_read_counters(&dev, &c);
  GemmStats st;
  st.programs = 1;
  st.instructions = c.instret;
  st.cycles = c.cycles;
  st.wall_cycles = c.cycles;
  st.mac_active = c.mac_active;
  st.dma_rd_bytes = c.dma_rd_bytes;
  st.dma_wr_bytes = c.dma_wr_bytes;
  return st;
}

}  // namespace npu::runtime
