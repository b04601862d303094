// SPDX-License-Identifier: Apache-2.0
#include "isa/isa_sim.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace npu::isa {

// ---------------------------------------------------------------------------------------
unsigned Geometry::row_addr_bits() const {
  const unsigned rows_max = std::max(spad_rows(), acc_rows);
  unsigned bits = 0;
  while ((1u << bits) < rows_max) ++bits;
  return bits;
}

Geometry Geometry::from(const spec::Config& c) {
  Geometry g;
  g.rows = c.array_rows;
  g.cols = c.array_cols;
  g.spad_banks = c.spad_banks;
  g.spad_rows_per_bank = c.spad_rows_per_bank;
  g.acc_rows = c.acc_rows;
  g.bus_bytes = c.axi_data_width / 8;
  return g;
}

Geometry Geometry::named(std::string_view name) {
  for (const auto& c : spec::kConfigs)
    if (c.name == name) return from(c);
  throw IsaError("unknown configuration '" + std::string(name) + "'");
}

Dram::Page* Dram::page(uint64_t addr) const {
  auto& p = pages_[addr / kPage];
  if (!p) {
    p = std::make_unique<Page>();
    if (source_) p->fault = source_(addr / kPage * kPage, p->data.data());
  }
  if (p->fault) throw BusFault{p->fault, addr};
  return p.get();
}
uint8_t Dram::read(uint64_t addr) const {
  if (!source_) {  // without a bus, untouched pages read as zero and stay absent
    auto it = pages_.find(addr / kPage);
    return it == pages_.end() ? 0 : it->second->data[addr % kPage];
  }
  return page(addr)->data[addr % kPage];
}
void Dram::write(uint64_t addr, uint8_t v) {
  Page* p = page(addr);
  p->data[addr % kPage] = v;
  p->dirty = true;
}
std::vector<uint8_t> Dram::read(uint64_t addr, std::size_t n) const {
  std::vector<uint8_t> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = read(addr + i);
  return out;
}
void Dram::write(uint64_t addr, const std::vector<uint8_t>& bytes) {
  for (std::size_t i = 0; i < bytes.size(); ++i) write(addr + i, bytes[i]);
}
std::vector<uint64_t> Dram::dirty_pages() const {
  std::vector<uint64_t> out;
  for (const auto& [index, p] : pages_)
    if (p && p->dirty) out.push_back(index * kPage);
  std::sort(out.begin(), out.end());
  return out;
}
const uint8_t* Dram::page_data(uint64_t addr) const {
  auto it = pages_.find(addr / kPage);
  return it == pages_.end() || !it->second || it->second->fault ? nullptr : it->second->data.data();
}
void Dram::clear_dirty() {
  for (auto& [index, p] : pages_)
    if (p) p->dirty = false;
}
void Dram::forget() { pages_.clear(); }

// ---------------------------------------------------------------------------------------
namespace {
enum Token { kLoadToExec, kExecToLoad, kExecToStore, kStoreToExec };
constexpr int kTokenMax = 255;
constexpr uint32_t kAccSelect = 1u << 19;  // local_addr bit that selects the accumulator

int64_t f(const Instr& in, const spec::Form& form, std::string_view name) {
  return field(in, form, name);
}
}  // namespace

IsaSim::IsaSim(Geometry g)
    : g_(g),
      spad_(g.spad_rows(), std::vector<uint8_t>(g.row_bytes())),
      acc_(g.acc_rows, std::vector<int32_t>(g.cols)),
      bias_(g.cols),
      multiplier_(g.cols),
      shift_(g.cols) {}

void IsaSim::soft_reset() {
  std::fill(bias_.begin(), bias_.end(), 0);
  std::fill(multiplier_.begin(), multiplier_.end(), 0);
  std::fill(shift_.begin(), shift_.end(), 0);
  out_ = {};
  add_ = {};
}

Outcome IsaSim::run(Dram& dram, const RunParams& p) {
  Outcome out;
  tokens_ = {};
  uint32_t pc = 0;
  try {
    if (p.prog_len == 0 || p.prog_base % 16 != 0)
      throw Stop{spec::kErrProgram, spec::kErrUnitFetch, "PROG_LEN is 0 or PROG_BASE unaligned"};
    if (p.prog_base < p.win_base || p.prog_base + 16ull * p.prog_len > p.win_limit)
      throw Stop{spec::kErrWindow, spec::kErrUnitFetch, "program outside the DRAM window"};
    for (pc = 0; pc < p.prog_len; ++pc) {
      std::vector<uint8_t> bytes;
      try {
        bytes = dram.read(p.prog_base + 16ull * pc, 16);
      } catch (const BusFault& b) {
        throw Stop{b.error, spec::kErrUnitFetch, fmt::format("bus error fetching at {:#x}", b.addr)};
      }
      const Instr in = Instr::from_bytes(bytes.data());
      const spec::Form* form = find_form(in);
      if (!form) throw Stop{spec::kErrOpcode, spec::kErrUnitDecode, "illegal opcode or func"};
      check_decode(in, *form);
      execute(in, *form, dram, p, out.counters);
      ++out.counters.instret;
      if (in.opcode() == spec::kOpEnd) {
        out.done = true;
        return out;
      }
    }
    throw Stop{spec::kErrProgram, spec::kErrUnitDecode, "program ran past PROG_LEN without END"};
  } catch (const Stop& s) {
    out.error = s.error;
    out.error_unit = s.unit;
    out.error_pc = pc;
    out.message = s.message;
  }
  return out;
}

// Static checks made by the decoder before an instruction is queued.
void IsaSim::check_decode(const Instr& in, const spec::Form& form) {
  auto field_error = [](std::string m) { return Stop{spec::kErrField, spec::kErrUnitDecode, std::move(m)}; };
  auto range_error = [](std::string m) { return Stop{spec::kErrLocalRange, spec::kErrUnitDecode, std::move(m)}; };
  if (!reserved_clear(in, form)) throw field_error("reserved bits set");
  const bool any_dep = in.pop_prev() || in.pop_next() || in.push_prev() || in.push_next();
  const bool prev_dep = in.pop_prev() || in.push_prev();
  const bool next_dep = in.pop_next() || in.push_next();
  switch (form.queue) {
    case spec::Queue::kLoad:
      if (prev_dep) throw field_error("the load queue has no previous queue");
      break;
    case spec::Queue::kStore:
      if (next_dep) throw field_error("the store queue has no next queue");
      break;
    case spec::Queue::kNone:
      if (any_dep) throw field_error("sync and end take no dependency flags");
      break;
    case spec::Queue::kExec:
      break;
  }
  const uint64_t spad_rows = g_.spad_rows(), acc_rows = g_.acc_rows;
  auto in_spad = [&](uint64_t first, uint64_t count) { return first + count <= spad_rows; };
  auto in_acc = [&](uint64_t first, uint64_t count) { return first + count <= acc_rows; };
  switch (in.opcode()) {
    case spec::kOpLoad:
    case spec::kOpStore: {
      const uint64_t rows = f(in, form, "rows"), local = f(in, form, "local_addr");
      const uint64_t row_mask = (kAccSelect - 1) & ~((uint64_t{1} << g_.row_addr_bits()) - 1);
      if (rows == 0) throw field_error("rows is 0");
      if (local & row_mask) throw range_error("local_addr beyond the local memories");
      if (rows > 1 && static_cast<uint64_t>(f(in, form, "local_stride")) >= (uint64_t{1} << g_.row_addr_bits()))
        throw range_error("local_stride beyond the local memories");
      if (static_cast<uint64_t>(f(in, form, "row_bytes")) > g_.local_bytes())
        throw field_error("row_bytes wider than any local row");
      break;
    }
    case spec::kOpMatmul: {
      const uint64_t m = f(in, form, "m"), k = f(in, form, "k"), n = f(in, form, "n");
      if (m == 0 || k == 0 || k > g_.rows || n == 0 || n > g_.cols) throw field_error("m, k or n out of range");
      if (!in_spad(f(in, form, "w_addr"), k) || !in_spad(f(in, form, "a_addr"), m) ||
          !in_acc(f(in, form, "acc_addr"), m))
        throw range_error("matmul rows beyond the scratchpad or accumulator");
      break;
    }
    case spec::kOpVec: {
      if (in.func() == spec::kFuncVecMaxpool || in.func() == spec::kFuncVecAvgpool) {
        const uint64_t oh = f(in, form, "out_h"), ow = f(in, form, "out_w"), w = f(in, form, "in_width");
        if (oh == 0 || ow == 0 || w < 2 * ow) throw field_error("pool shape out of range");
        if (!in_spad(f(in, form, "src"), (2 * oh - 1) * w + 2 * ow) || !in_spad(f(in, form, "dst"), oh * ow))
          throw range_error("pool rows beyond the scratchpad");
      } else {
        const uint64_t rows = f(in, form, "rows");
        if (rows == 0) throw field_error("rows is 0");
        const bool src_ok = in.func() == spec::kFuncVecRequant ? in_acc(f(in, form, "src"), rows)
                                                                : in_spad(f(in, form, "src"), rows);
        const bool src2_ok = in.func() != spec::kFuncVecAdd || in_spad(f(in, form, "src2"), rows);
        if (!src_ok || !src2_ok || !in_spad(f(in, form, "dst"), rows))
          throw range_error("vector rows beyond the scratchpad or accumulator");
      }
      break;
    }
    case spec::kOpCfg:
      if (in.func() == spec::kFuncCfgQtables && !in_acc(f(in, form, "acc_addr"), 3))
        throw range_error("qtables beyond the accumulator");
      if (in.func() == spec::kFuncCfgOutput && f(in, form, "act_min") > f(in, form, "act_max"))
        throw field_error("act_min above act_max");
      break;
    default:
      break;
  }
}

void IsaSim::execute(const Instr& in, const spec::Form& form, Dram& dram, const RunParams& p,
                     Counters& c) {
  // Token pops first (the queue waits for them), pushes when the instruction is done.
  // Token errors are the dispatcher's (unit decode), as in the RTL; the RTL finds an
  // unsatisfiable pop when nothing can move any more, so its ERROR_PC may be later.
  const spec::Queue q = form.queue;
  auto pop = [&](Token t) {
    if (tokens_[t] == 0)
      throw Stop{spec::kErrToken, spec::kErrUnitDecode, "a pop finds no token pushed earlier in program order"};
    --tokens_[t];
  };
  auto push = [&](Token t) {
    if (++tokens_[t] > kTokenMax) throw Stop{spec::kErrToken, spec::kErrUnitDecode, "token counter overflow"};
  };
  const Token pop_prev = q == spec::Queue::kStore ? kExecToStore : kLoadToExec;
  const Token pop_next = q == spec::Queue::kLoad ? kExecToLoad : kStoreToExec;
  const Token push_prev = q == spec::Queue::kStore ? kStoreToExec : kExecToLoad;
  const Token push_next = q == spec::Queue::kLoad ? kLoadToExec : kExecToStore;
  if (in.pop_prev()) pop(pop_prev);
  if (in.pop_next()) pop(pop_next);

  switch (in.opcode()) {
    case spec::kOpLoad: transfer(in, false, dram, p, c); break;
    case spec::kOpStore: transfer(in, true, dram, p, c); break;
    case spec::kOpMatmul: matmul(in, in.func() == spec::kFuncMatmulAcc, c); break;
    case spec::kOpVec: vector_op(in, form); break;
    case spec::kOpCfg: configure(in, form); break;
    default: break;  // sync, end: nothing left to wait for in program order
  }

  if (in.push_prev()) push(push_prev);
  if (in.push_next()) push(push_next);
}

// LOAD / STORE: the DMA's checks in its order, then the rows.
void IsaSim::transfer(const Instr& in, bool store, Dram& dram, const RunParams& p, Counters& c) {
  const spec::Form& form = *find_form(in);
  const unsigned unit = store ? spec::kErrUnitStore : spec::kErrUnitLoad;
  const uint64_t addr = f(in, form, "dram_addr"), stride = f(in, form, "dram_stride");
  const uint64_t rows = f(in, form, "rows"), row_bytes = f(in, form, "row_bytes");
  const uint64_t local = f(in, form, "local_addr"), lstride = f(in, form, "local_stride");
  const bool to_acc = (local & kAccSelect) != 0;
  const uint64_t first = local & ((uint64_t{1} << g_.row_addr_bits()) - 1);
  const uint64_t last = first + (rows - 1) * (rows > 1 ? lstride : 0);
  const uint64_t end = addr + (rows - 1) * stride + row_bytes;
  if (row_bytes == 0) throw Stop{spec::kErrDmaField, unit, "row_bytes is 0"};
  if (addr < p.win_base || end > p.win_limit)
    throw Stop{spec::kErrWindow, unit, "transfer outside the DRAM window"};
  if (last >= (to_acc ? g_.acc_rows : g_.spad_rows()))
    throw Stop{spec::kErrLocalRange, unit, "local rows past the end of the memory"};
  if (row_bytes > (to_acc ? g_.acc_bytes() : g_.row_bytes()))
    throw Stop{spec::kErrDmaField, unit, "row_bytes wider than a row of that memory"};

  // A bus error stops the unit with the bus's code (rows moved before it stay moved).
  try {
  for (uint64_t r = 0; r < rows; ++r) {
    const uint64_t lrow = first + r * lstride, base = addr + r * stride;
    for (uint64_t b = 0; b < row_bytes; ++b) {
      if (to_acc) {
        auto& lane = acc_[lrow][b / 4];
        const unsigned shift = 8 * (b % 4);
        if (store) {
          dram.write(base + b, static_cast<uint8_t>(static_cast<uint32_t>(lane) >> shift));
        } else {
          const uint32_t v = (static_cast<uint32_t>(lane) & ~(0xFFu << shift)) |
                             (uint32_t{dram.read(base + b)} << shift);
          lane = static_cast<int32_t>(v);
        }
      } else if (store) {
        dram.write(base + b, spad_[lrow][b]);
      } else {
        spad_[lrow][b] = dram.read(base + b);
      }
    }
  }
  } catch (const BusFault& b) {
    throw Stop{b.error, unit, fmt::format("bus error at {:#x}", b.addr)};
  }
  // Bus bytes: reads move whole beats (touching rows share bursts), writes strobed bytes.
  if (store) {
    c.dma_wr_bytes += rows * row_bytes;
  } else {
    const uint64_t bb = g_.bus_bytes;
    auto beats = [bb](uint64_t lo, uint64_t hi) { return (hi + bb - 1) / bb - lo / bb; };
    if (stride == row_bytes || rows == 1)
      c.dma_rd_bytes += beats(addr, addr + rows * row_bytes) * bb;
    else
      for (uint64_t r = 0; r < rows; ++r)
        c.dma_rd_bytes += beats(addr + r * stride, addr + r * stride + row_bytes) * bb;
  }
}

void IsaSim::matmul(const Instr& in, bool accumulate, Counters& c) {
  const spec::Form& form = *find_form(in);
  const unsigned w = f(in, form, "w_addr"), a = f(in, form, "a_addr"), o = f(in, form, "acc_addr");
  const unsigned m = f(in, form, "m"), k = f(in, form, "k"), n = f(in, form, "n");
  for (unsigned i = 0; i < m; ++i) {
    for (unsigned col = 0; col < n; ++col) {
      uint32_t sum = accumulate ? static_cast<uint32_t>(acc_[o + i][col]) : 0;
      for (unsigned j = 0; j < k; ++j)
        sum += static_cast<uint32_t>(int32_t{static_cast<int8_t>(spad_[a + i][j])} *
                                     int32_t{static_cast<int8_t>(spad_[w + j][col])});
      acc_[o + i][col] = static_cast<int32_t>(sum);
    }
  }
  c.mac_active += m;
}

void IsaSim::vector_op(const Instr& in, const spec::Form& form) {
  const unsigned lanes = g_.row_bytes();
  switch (in.func()) {
    case spec::kFuncVecRequant: {
      const unsigned src = f(in, form, "src"), dst = f(in, form, "dst"), rows = f(in, form, "rows");
      for (unsigned r = 0; r < rows; ++r)
        for (unsigned c = 0; c < g_.cols; ++c) {
          ref::RequantParams rp = out_;
          rp.bias = bias_[c];
          rp.multiplier = multiplier_[c];
          rp.shift = shift_[c];
          spad_[dst + r][c] = static_cast<uint8_t>(ref::requantize(acc_[src + r][c], rp));
        }
      break;
    }
    case spec::kFuncVecMaxpool:
    case spec::kFuncVecAvgpool: {
      const unsigned src = f(in, form, "src"), dst = f(in, form, "dst");
      const unsigned oh = f(in, form, "out_h"), ow = f(in, form, "out_w"), w = f(in, form, "in_width");
      for (unsigned y = 0; y < oh; ++y)
        for (unsigned x = 0; x < ow; ++x) {
          const unsigned p0 = src + 2 * y * w + 2 * x;
          const unsigned pix[4] = {p0, p0 + 1, p0 + w, p0 + w + 1};
          for (unsigned l = 0; l < lanes; ++l) {
            int8_t v[4];
            for (unsigned i = 0; i < 4; ++i) v[i] = static_cast<int8_t>(spad_[pix[i]][l]);
            spad_[dst + y * ow + x][l] = static_cast<uint8_t>(
                in.func() == spec::kFuncVecMaxpool ? ref::pool_max(v) : ref::pool_average(v));
          }
        }
      break;
    }
    case spec::kFuncVecAdd: {
      const unsigned a = f(in, form, "src"), b = f(in, form, "src2"), dst = f(in, form, "dst");
      const unsigned rows = f(in, form, "rows");
      for (unsigned r = 0; r < rows; ++r)
        for (unsigned l = 0; l < lanes; ++l)
          spad_[dst + r][l] = static_cast<uint8_t>(ref::eltwise_add(
              static_cast<int8_t>(spad_[a + r][l]), static_cast<int8_t>(spad_[b + r][l]), add_));
      break;
    }
    default:
      break;
  }
}

void IsaSim::configure(const Instr& in, const spec::Form& form) {
  switch (in.func()) {
    case spec::kFuncCfgQtables: {
      const unsigned row = f(in, form, "acc_addr");
      for (unsigned c = 0; c < g_.cols; ++c) {
        bias_[c] = acc_[row][c];
        multiplier_[c] = acc_[row + 1][c];
        shift_[c] = acc_[row + 2][c] & 31;
      }
      break;
    }
    case spec::kFuncCfgOutput:
      out_.zero_point = add_.out_zero_point = static_cast<int32_t>(f(in, form, "zero_point"));
      out_.act_min = add_.act_min = static_cast<int32_t>(f(in, form, "act_min"));
      out_.act_max = add_.act_max = static_cast<int32_t>(f(in, form, "act_max"));
      add_.out_multiplier = static_cast<int32_t>(static_cast<uint32_t>(f(in, form, "multiplier")));
      add_.out_shift = static_cast<int>(f(in, form, "shift"));
      break;
    case spec::kFuncCfgAdd:
      add_.a_zero_point = static_cast<int32_t>(f(in, form, "a_zero_point"));
      add_.a_multiplier = static_cast<int32_t>(static_cast<uint32_t>(f(in, form, "a_multiplier")));
      add_.a_shift = static_cast<int>(f(in, form, "a_shift"));
      add_.b_zero_point = static_cast<int32_t>(f(in, form, "b_zero_point"));
      add_.b_multiplier = static_cast<int32_t>(static_cast<uint32_t>(f(in, form, "b_multiplier")));
      add_.b_shift = static_cast<int>(f(in, form, "b_shift"));
      break;
    default:
      break;
  }
}

}  // namespace npu::isa
