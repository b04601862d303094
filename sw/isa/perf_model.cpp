// SPDX-License-Identifier: Apache-2.0
#include "isa/perf_model.hpp"

#include <algorithm>
#include <array>
#include <deque>

namespace npu::isa {
namespace {

// Fixed costs of the pipeline around each unit, in cycles. The first group follows the
// documented timing; kBurstIssue, kMatmulGap and kRequantExtra were fitted to the RTL on
// bench_systemc's programs (docs/systemc.md has the residual error per program).
constexpr uint64_t kStartToFetch = 2;   // START register write to the first fetch address
constexpr uint64_t kFetchToDecode = 2;  // last beat of a fetch burst to the decoder
constexpr uint64_t kDispatch = 2;       // decode to a unit starting the instruction
constexpr uint64_t kDmaSetup = 3;       // descriptor checks before the first address
constexpr uint64_t kDmaTail = 2;        // last row written / last response to done
constexpr uint64_t kMatmulFront = 4;    // scratchpad read and tile input register
constexpr uint64_t kMatmulDrain = 10;   // tile output FIFO and accumulator write, beyond R + C
constexpr uint64_t kVecLatency = 8;     // read, vector pipeline, write of the last row
constexpr uint64_t kRequantExtra = 16;  // requantization's longer pipeline (Q31 multiply, shift)
constexpr uint64_t kEnd = 4;            // END retired to STATUS.DONE
constexpr uint64_t kBurstIssue = 2;     // cycles between two burst addresses of one transfer
constexpr uint64_t kMatmulGap = 4;      // cycles between two MATMULs of a run beyond m + k
constexpr uint64_t kPage = 4096;
constexpr uint64_t kMaxBeats = 256;

enum Token { kLoadToExec, kExecToLoad, kExecToStore, kStoreToExec };

uint64_t fv(const Instr& in, const spec::Form& form, std::string_view name) {
  return static_cast<uint64_t>(field(in, form, name));
}

// The bursts (in beats) of one DMA transfer, as npu_dma_bursts cuts them.
std::vector<uint64_t> bursts(uint64_t addr, uint64_t stride, uint64_t rows, uint64_t row_bytes, uint64_t bus) {
  std::vector<std::pair<uint64_t, uint64_t>> segments;  // [lo, hi)
  if (stride == row_bytes || rows == 1)
    segments.push_back({addr, addr + rows * row_bytes});
  else
    for (uint64_t r = 0; r < rows; ++r) segments.push_back({addr + r * stride, addr + r * stride + row_bytes});
  std::vector<uint64_t> out;
  for (auto [lo, hi] : segments) {
    uint64_t a = lo / bus * bus;
    while (a < hi) {
      const uint64_t page_end = (a / kPage + 1) * kPage;
      const uint64_t end = std::min({hi, page_end, a + kMaxBeats * bus});
      const uint64_t beats = (end - a + bus - 1) / bus;
      out.push_back(beats);
      a += beats * bus;
    }
  }
  return out;
}

// Cycles from a transfer's start to its completion.
uint64_t dma_cycles(const Instr& in, const spec::Form& form, bool store, const Geometry& g, const PerfParams& p) {
  const uint64_t rows = fv(in, form, "rows"), row_bytes = fv(in, form, "row_bytes");
  const auto b = bursts(fv(in, form, "dram_addr"), fv(in, form, "dram_stride"), rows, row_bytes, g.bus_bytes);
  // Address issue (one a cycle, at most max_bursts waiting for their data or response),
  // data beats one a cycle on the shared channel.
  std::deque<uint64_t> in_flight;  // completion times of outstanding bursts
  uint64_t addr_t = kDmaSetup, data_t = kDmaSetup, last = kDmaSetup;
  for (uint64_t beats : b) {
    if (in_flight.size() >= p.max_bursts) {
      addr_t = std::max(addr_t, in_flight.front());
      in_flight.pop_front();
    }
    uint64_t done;
    if (store) {
      data_t = std::max(data_t, addr_t) + beats;   // W beats follow the address
      done = data_t + p.mem_latency + 1;           // B after the last W beat
    } else {
      data_t = std::max(data_t, addr_t + p.mem_latency + 1) + beats;
      done = data_t;
    }
    in_flight.push_back(done);
    last = std::max(last, done);
    addr_t += kBurstIssue;
  }
  // The local side moves one row a cycle.
  return std::max(last, kDmaSetup + rows) + kDmaTail;
}

struct Unit {
  uint64_t free = 0;                 // when it can start the next instruction
  uint64_t done = 0;                 // when everything it started has finished
  std::deque<uint64_t> starts;       // start times of the last queue_depth instructions
  uint64_t busy = 0;
};

}  // namespace

PerfEstimate estimate_cycles(const Geometry& g, const std::vector<Instr>& program, const PerfParams& p) {
  PerfEstimate est;
  std::array<Unit, 3> units;  // load, exec, store
  std::array<std::deque<uint64_t>, 4> tokens;  // push times not yet popped, per counter
  const uint64_t R = g.rows, C = g.cols;
  const unsigned per_burst = 4;  // instructions per 64-byte fetch block
  const uint64_t fetch_beats = std::max<uint64_t>(1, 64 / g.bus_bytes);

  uint64_t fetch_issue = kStartToFetch, decode_t = 0, block_ready = 0;
  uint64_t mm_drain = 0;  // when the array's last MATMUL has written its results
  std::vector<uint64_t> decoded;  // decode time per instruction
  for (std::size_t i = 0; i < program.size(); ++i) {
    // Fetch: a new block when the previous arrived and the buffer has room for it.
    if (i % per_burst == 0) {
      if (i >= p.fetch_depth) fetch_issue = std::max(fetch_issue, decoded[i - p.fetch_depth + per_burst - 1]);
      block_ready = fetch_issue + p.mem_latency + 1 + fetch_beats + kFetchToDecode;
      fetch_issue = block_ready - kFetchToDecode;
    }
    const Instr& in = program[i];
    const spec::Form* form = find_form(in);
    if (!form) break;
    decode_t = std::max(decode_t + 1, block_ready);

    if (form->queue == spec::Queue::kNone) {  // sync, end: wait for every unit to finish
      for (const Unit& u : units) decode_t = std::max(decode_t, u.done);
      decode_t = std::max(decode_t, mm_drain);
      decoded.push_back(decode_t);
      if (in.opcode() == spec::kOpEnd) {
        est.cycles = decode_t + kEnd;
        break;
      }
      continue;
    }
    const int q = form->queue == spec::Queue::kLoad ? 0 : form->queue == spec::Queue::kExec ? 1 : 2;
    Unit& u = units[q];
    if (u.starts.size() >= p.queue_depth) {  // the queue is full: decode waits for a slot
      decode_t = std::max(decode_t, u.starts.front() + 1);
      u.starts.pop_front();
    }
    decoded.push_back(decode_t);

    // The counters this instruction pops and pushes, by queue.
    int pop_prev = -1, pop_next = -1, push_prev = -1, push_next = -1;
    if (q == 0) { pop_next = kExecToLoad; push_next = kLoadToExec; }
    if (q == 1) { pop_prev = kLoadToExec; pop_next = kStoreToExec; push_prev = kExecToLoad; push_next = kExecToStore; }
    if (q == 2) { pop_prev = kExecToStore; push_prev = kStoreToExec; }

    uint64_t start = std::max(decode_t + kDispatch, u.free);
    auto pop = [&](bool flag, int counter) {
      if (!flag || counter < 0 || tokens[counter].empty()) return;
      start = std::max(start, tokens[counter].front() + 1);
      tokens[counter].pop_front();
    };
    pop(in.pop_prev(), pop_prev);
    pop(in.pop_next(), pop_next);

    uint64_t finish;
    const std::string_view m = form->mnemonic;
    if (q != 1) {
      const uint64_t d = dma_cycles(in, *form, q == 2, g, p);
      finish = start + d;
      u.free = finish;
      u.busy += d;
    } else if (m == "matmul" || m == "matmul.acc") {
      // Back to back MATMULs overlap the array's fill and drain; the results are written
      // R + C + kMatmulDrain after the last activation row.
      const uint64_t mk = fv(in, *form, "m") + fv(in, *form, "k") + kMatmulGap;
      if (start >= mm_drain) start += kMatmulFront;  // a new run: the pipeline refills
      u.free = start + mk;
      finish = u.free + R + C + kMatmulDrain;
      mm_drain = finish;
      u.busy += mk;
    } else {
      // Vector work reads what the MATMULs wrote: it waits for the array to drain.
      start = std::max(start, mm_drain);
      uint64_t d = 1;
      if (m == "vec.requant") d = fv(in, *form, "rows") + kVecLatency + kRequantExtra;
      else if (m == "vec.maxpool" || m == "vec.avgpool")
        d = 5 * fv(in, *form, "out_h") * fv(in, *form, "out_w") + kVecLatency;
      else if (m == "vec.add") d = 3 * fv(in, *form, "rows") + kVecLatency;
      else if (m == "cfg.qtables") d = 3 + kVecLatency;
      finish = start + d;
      u.free = finish;
      u.busy += d;
    }
    u.done = std::max(u.done, finish);
    u.starts.push_back(start);
    if (in.push_prev() && push_prev >= 0) tokens[push_prev].push_back(finish);
    if (in.push_next() && push_next >= 0) tokens[push_next].push_back(finish);
  }
  if (est.cycles == 0) {  // stopped before END: the units drain
    for (const Unit& u : units) est.cycles = std::max(est.cycles, u.done);
    est.cycles = std::max({est.cycles, mm_drain, decode_t}) + kEnd;
  }
  est.load_busy = units[0].busy;
  est.exec_busy = units[1].busy;
  est.store_busy = units[2].busy;
  return est;
}

}  // namespace npu::isa
