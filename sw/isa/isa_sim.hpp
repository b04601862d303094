// SPDX-License-Identifier: Apache-2.0
// IsaSim: the instruction-level golden model of one core. It runs a program on a DRAM
// image in program order and gives the same DRAM bytes, error code, error unit and
// counters (instructions, MAC-active cycles, DMA bytes) as the RTL for every valid
// program: one whose dependency tokens cover every hazard between the queues, and whose
// pops each find a token pushed earlier in program order.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "isa/instr.hpp"
#include "ref/quant.hpp"

namespace npu::isa {

// The parameters of one core (a named configuration of spec/npu.toml, or any other).
struct Geometry {
  unsigned rows = 16, cols = 16;           // R, C
  unsigned spad_banks = 4, spad_rows_per_bank = 4096;
  unsigned acc_rows = 1024;
  unsigned bus_bytes = 16;                 // AXI data width / 8

  unsigned row_bytes() const { return rows > cols ? rows : cols; }
  unsigned spad_rows() const { return spad_banks * spad_rows_per_bank; }
  unsigned acc_bytes() const { return cols * 4; }
  unsigned local_bytes() const { return row_bytes() > acc_bytes() ? row_bytes() : acc_bytes(); }
  // Bits of a local row number (the larger memory); the DMA's local address has one more.
  unsigned row_addr_bits() const;
  static Geometry from(const spec::Config& c);
  static Geometry named(std::string_view name);  // throws IsaError for an unknown name
};

// A bus error met while reading or writing DRAM: the page's error (spec::kErrSlverr or
// kErrDecerr). The simulator turns it into the error of the unit that made the access.
struct BusFault {
  unsigned error;
  uint64_t addr;
};

// Sparse byte-addressed DRAM; unwritten bytes read as zero. With a page source (a bus
// behind it, as in the SystemC platform) a page is filled from the source the first time
// it is touched; a page the source answers with an error faults on every access. Pages
// written since the last clear_dirty() can be listed, to write them back.
class Dram {
 public:
  static constexpr uint64_t kPage = 4096;
  // Fills `page` (kPage bytes) at page-aligned `addr`; returns 0 or the bus error.
  using PageSource = std::function<unsigned(uint64_t addr, uint8_t* page)>;

  uint8_t read(uint64_t addr) const;
  void write(uint64_t addr, uint8_t v);
  std::vector<uint8_t> read(uint64_t addr, std::size_t n) const;
  void write(uint64_t addr, const std::vector<uint8_t>& bytes);

  void set_source(PageSource source) { source_ = std::move(source); }
  std::vector<uint64_t> dirty_pages() const;  // page addresses, ascending
  const uint8_t* page_data(uint64_t addr) const;  // a present page, or nullptr
  void clear_dirty();
  void forget();  // drops every page (the next touch asks the source again)

 private:
  struct Page {
    std::array<uint8_t, kPage> data{};
    unsigned fault = 0;
    bool dirty = false;
  };
  Page* page(uint64_t addr) const;  // throws BusFault for a faulting page

  PageSource source_;
  mutable std::unordered_map<uint64_t, std::unique_ptr<Page>> pages_;
};

struct RunParams {
  uint64_t prog_base = 0;
  uint32_t prog_len = 0;  // instructions
  uint64_t win_base = 0, win_limit = 0;
};

struct Counters {
  uint64_t instret = 0;
  uint64_t mac_active = 0;  // activation rows streamed through the array
  uint64_t dma_rd_bytes = 0, dma_wr_bytes = 0;
};

struct Outcome {
  bool done = false;       // reached END
  unsigned error = 0;      // spec::kErr*
  unsigned error_unit = 0; // spec::kErrUnit*
  uint32_t error_pc = 0;
  Counters counters;
  std::string message;     // what went wrong, for people
};

class IsaSim {
 public:
  explicit IsaSim(Geometry g);

  Outcome run(Dram& dram, const RunParams& p);
  // As the core's soft reset: the vector configuration returns to its reset values, the
  // memories keep their contents.
  void soft_reset();

  // On-chip state, kept across runs as in the RTL (a soft reset keeps the SRAMs).
  std::vector<uint8_t>& spad_row(unsigned row) { return spad_.at(row); }
  std::vector<int32_t>& acc_row(unsigned row) { return acc_.at(row); }
  const Geometry& geometry() const { return g_; }

 private:
  struct Stop {
    unsigned error, unit;
    std::string message;
  };

  void execute(const Instr& in, const spec::Form& form, Dram& dram, const RunParams& p,
               Counters& c);
  void check_decode(const Instr& in, const spec::Form& form);
  void transfer(const Instr& in, bool store, Dram& dram, const RunParams& p, Counters& c);
  void matmul(const Instr& in, bool accumulate, Counters& c);
  void vector_op(const Instr& in, const spec::Form& form);
  void configure(const Instr& in, const spec::Form& form);

  Geometry g_;
  std::vector<std::vector<uint8_t>> spad_;
  std::vector<std::vector<int32_t>> acc_;
  // Vector unit configuration (cfg.*).
  std::vector<int32_t> bias_, multiplier_;
  std::vector<int> shift_;
  ref::RequantParams out_;  // zero point and bounds used by vec.requant and vec.add
  ref::AddParams add_;
  std::array<int, 4> tokens_{};  // load->exec, exec->load, exec->store, store->exec
};

}  // namespace npu::isa
