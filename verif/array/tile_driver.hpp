// SPDX-License-Identifier: Apache-2.0
// TileDriver: drives npu_compute_tile's command, weight and activation streams and takes
// its results, cycle by cycle, with optional random valid gaps and output back-pressure.
// Used by the tests, the benchmark and the demo.
#pragma once

#include <cstdint>
#include <deque>
#include <random>
#include <stdexcept>
#include <vector>

#include "ref/gemm.hpp"
#include "harness.hpp"
#include "model_shapes.hpp"
#include "port_bits.hpp"

namespace npu::verif {
using namespace npu::ref;  // the reference GEMM and matrices

struct TileTraffic {
  double valid_gap = 0.0;     // chance that an idle source waits a cycle before sending
  double backpressure = 0.0;  // chance that out_ready is low in a cycle
};

template <class Model>
class TileDriver {
 public:
  static constexpr unsigned kRows = TileShape<Model>::rows;
  static constexpr unsigned kCols = TileShape<Model>::cols;
  static constexpr unsigned kOpPreload = 0;
  static constexpr unsigned kOpStream = 1;

  using Row32 = std::vector<int32_t>;

  struct Handshakes {
    std::vector<uint64_t> act;  // cycle of each accepted activation row
    std::vector<uint64_t> out;  // cycle of each result row taken
    std::vector<uint64_t> cmd;  // cycle of each accepted command
  };

  TileDriver(Harness<Model>& harness, uint64_t seed, TileTraffic traffic = {})
      : h_(harness), rng_(seed), traffic_(traffic) {}

  // Queue PRELOAD of a k x n weight tile (k <= R, n <= C); rows go in bottom row first,
  // the order in which the column shift chain fills.
  void preload(const MatrixI8& w) {
    if (w.rows > kRows || w.cols > kCols) throw std::invalid_argument("weight tile too large");
    cmds_.push_back({kOpPreload, 0, static_cast<unsigned>(w.rows),
                     static_cast<unsigned>(w.cols)});
    for (std::size_t i = w.rows; i-- > 0;) {
      std::vector<int8_t> row(kCols, 0);
      for (std::size_t c = 0; c < w.cols; ++c) row[c] = w.at(i, c);
      weights_.push_back(row);
    }
  }

  // Queue STREAM of the m x k activation rows in a (k <= R).
  void stream(const MatrixI8& a) {
    if (a.cols > kRows) throw std::invalid_argument("activation rows too long");
    cmds_.push_back({kOpStream, static_cast<unsigned>(a.rows), 0, 0});
    for (std::size_t m = 0; m < a.rows; ++m) {
      std::vector<int8_t> row(kRows, 0);
      for (std::size_t k = 0; k < a.cols; ++k) row[k] = a.at(m, k);
      acts_.push_back(row);
    }
    expected_rows_ += a.rows;
  }

  // Queue a raw command (for tests of illegal or unusual fields).
  void raw_command(unsigned op, unsigned rows, unsigned k, unsigned n) {
    cmds_.push_back({op, rows, k, n});
    if (op == kOpStream) expected_rows_ += rows;
  }
  void raw_act_row(const std::vector<int8_t>& row) { acts_.push_back(row); }

  // One clock cycle: present what is queued, settle, note handshakes, tick.
  void step() {
    auto& d = h_.dut();
    present(cmd_on_, !cmds_.empty());
    present(weight_on_, !weights_.empty());
    present(act_on_, !acts_.empty());
    d.cmd_valid_i = cmd_on_;
    if (cmd_on_) {
      const Command& c = cmds_.front();
      d.cmd_op_i = c.op;
      d.cmd_rows_i = c.rows;
      d.cmd_k_i = c.k;
      d.cmd_n_i = c.n;
    }
    d.weight_valid_i = weight_on_;
    if (weight_on_) {
      for (unsigned c = 0; c < kCols; ++c) {
        set_field(d.weight_data_i, c * 8, 8, static_cast<uint8_t>(weights_.front()[c]));
      }
    }
    d.act_valid_i = act_on_;
    if (act_on_) {
      for (unsigned r = 0; r < kRows; ++r) {
        set_field(d.act_data_i, r * 8, 8, static_cast<uint8_t>(acts_.front()[r]));
      }
    }
    d.out_ready_i = !chance(traffic_.backpressure);
    h_.eval();

    const uint64_t now = h_.cycle();
    if (d.cmd_valid_i && d.cmd_ready_o) {
      cmds_.pop_front();
      cmd_on_ = false;
      log_.cmd.push_back(now);
    }
    if (d.weight_valid_i && d.weight_ready_o) {
      weights_.pop_front();
      weight_on_ = false;
    }
    if (d.act_valid_i && d.act_ready_o) {
      acts_.pop_front();
      act_on_ = false;
      log_.act.push_back(now);
    }
    if (d.out_valid_o && d.out_ready_i) {
      Row32 row(kCols);
      for (unsigned c = 0; c < kCols; ++c) {
        row[c] = static_cast<int32_t>(get_field(d.out_data_o, c * 32, 32));
      }
      results_.push_back(std::move(row));
      log_.out.push_back(now);
    }
    h_.tick();
  }

  bool idle() const {
    return cmds_.empty() && weights_.empty() && acts_.empty() &&
           results_.size() == expected_rows_;
  }

  // Run until everything queued is done and every result taken; throws on timeout.
  uint64_t run(uint64_t max_cycles) {
    const uint64_t start = h_.cycle();
    while (!idle()) {
      if (h_.cycle() - start >= max_cycles) {
        throw SimError("tile did not finish in " + std::to_string(max_cycles) + " cycles (" +
                       std::to_string(results_.size()) + " of " +
                       std::to_string(expected_rows_) + " rows)");
      }
      step();
    }
    return h_.cycle() - start;
  }

  const std::vector<Row32>& results() const { return results_; }
  const Handshakes& log() const { return log_; }

 private:
  struct Command {
    unsigned op, rows, k, n;
  };

  bool chance(double p) { return p > 0.0 && std::bernoulli_distribution(p)(rng_); }

  // A source keeps valid high once raised (the stream rule); an idle one may wait.
  void present(bool& on, bool has_data) {
    if (!on && has_data && !chance(traffic_.valid_gap)) on = true;
  }

  Harness<Model>& h_;
  std::mt19937_64 rng_;
  TileTraffic traffic_;
  std::deque<Command> cmds_;
  std::deque<std::vector<int8_t>> weights_;
  std::deque<std::vector<int8_t>> acts_;
  bool cmd_on_ = false, weight_on_ = false, act_on_ = false;
  std::size_t expected_rows_ = 0;
  std::vector<Row32> results_;
  Handshakes log_;
};

// A GEMM of any size on the tile: B is cut into R x C weight tiles, each preloaded
// (overlapping the previous tile's stream) and streamed with the matching columns of A;
// partial sums over K tiles are added here, on the host, until the NPU has an accumulator.
template <class Model>
MatrixI32 tiled_gemm(TileDriver<Model>& drv, const MatrixI8& a, const MatrixI8& b,
                     uint64_t max_cycles) {
  constexpr std::size_t R = TileDriver<Model>::kRows;
  constexpr std::size_t C = TileDriver<Model>::kCols;
  struct Piece {
    std::size_t n0, width;
  };
  std::vector<Piece> pieces;
  const std::size_t first_row = drv.results().size();
  for (std::size_t n0 = 0; n0 < b.cols; n0 += C) {
    for (std::size_t k0 = 0; k0 < a.cols; k0 += R) {
      const std::size_t kk = std::min(R, a.cols - k0);
      const std::size_t nn = std::min(C, b.cols - n0);
      MatrixI8 w(kk, nn);
      for (std::size_t k = 0; k < kk; ++k)
        for (std::size_t n = 0; n < nn; ++n) w.at(k, n) = b.at(k0 + k, n0 + n);
      MatrixI8 x(a.rows, kk);
      for (std::size_t m = 0; m < a.rows; ++m)
        for (std::size_t k = 0; k < kk; ++k) x.at(m, k) = a.at(m, k0 + k);
      drv.preload(w);
      drv.stream(x);
      pieces.push_back({n0, nn});
    }
  }
  drv.run(max_cycles);
  MatrixI32 c(a.rows, b.cols);
  std::size_t row = first_row;
  for (const Piece& p : pieces) {
    for (std::size_t m = 0; m < a.rows; ++m, ++row) {
      for (std::size_t n = 0; n < p.width; ++n) {
        const uint32_t sum = static_cast<uint32_t>(c.at(m, p.n0 + n)) +
                             static_cast<uint32_t>(drv.results()[row][n]);
        c.at(m, p.n0 + n) = static_cast<int32_t>(sum);
      }
    }
  }
  return c;
}

}  // namespace npu::verif
