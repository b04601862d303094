// SPDX-License-Identifier: Apache-2.0
// SimBoard<Model>: the Verilated board top (npu_icebreaker_top) behind a serial line, as a
// ByteChannel for the host's UartLink. The line model drives uart_rx_i one bit every
// ClkPerBit cycles (8N1, LSB first) and decodes uart_tx_o by sampling each bit in its
// middle. Faults for the tests: drop a byte the host sends, flip bits of one, or cut the
// line (everything sent is lost until it is joined again).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "hal/hal_uart.hpp"
#include "harness.hpp"
#include "model_shapes.hpp"

namespace npu::verif {

template <class Model>
class SimBoard : public hal::ByteChannel {
  using Shape = BoardShape<Model>;

 public:
  explicit SimBoard(const std::string& trace_name = "board") : h_(trace_name) {
    Model& m = h_.dut();
    m.uart_rx_i = 1;
    m.btn_ni = 0;
    h_.tick(4);
    m.btn_ni = 1;
    h_.tick(40);  // button synchroniser and power-on count
  }

  Harness<Model>& harness() { return h_; }
  Model& dut() { return h_.dut(); }

  // Faults on the host -> board direction, counted from the next byte written.
  void drop_byte(std::size_t index) { drop_at_ = sent_ + index; }
  void corrupt_byte(std::size_t index, uint8_t mask) { corrupt_at_ = sent_ + index, corrupt_mask_ = mask; }
  void cut(bool cut) { cut_ = cut; }

  void write(const std::vector<uint8_t>& bytes) override {
    for (uint8_t b : bytes) {
      const std::size_t n = sent_++;
      if (cut_ || n == drop_at_) continue;
      to_board_.push_back(n == corrupt_at_ ? static_cast<uint8_t>(b ^ corrupt_mask_) : b);
    }
  }
  bool read(uint8_t& byte, unsigned byte_times) override {
    for (uint64_t c = 0; from_board_.empty() && c < uint64_t{byte_times} * kByte; ++c) step();
    if (from_board_.empty()) return false;
    byte = from_board_.front();
    from_board_.pop_front();
    return true;
  }
  void drain(unsigned byte_times) override {
    for (uint64_t c = 0; c < uint64_t{byte_times} * kByte; ++c) step();
    from_board_.clear();
  }
  double cycles_per_byte() const override { return kByte; }

 private:
  static constexpr unsigned kBit = Shape::clk_per_bit, kByte = 10 * Shape::clk_per_bit;

  // One clock cycle of the line in both directions.
  void step() {
    Model& m = h_.dut();
    // Host -> board: 10 bits per byte, each held kBit cycles; the line idles high.
    if (tx_bit_ < 0 && !to_board_.empty()) {
      tx_byte_ = to_board_.front();
      to_board_.pop_front();
      tx_bit_ = 0;
      tx_count_ = 0;
    }
    if (tx_bit_ >= 0) {
      m.uart_rx_i = tx_bit_ == 0 ? 0 : tx_bit_ <= 8 ? (tx_byte_ >> (tx_bit_ - 1)) & 1u : 1;
      if (++tx_count_ == kBit) {
        tx_count_ = 0;
        if (++tx_bit_ == 10) tx_bit_ = -1;
      }
    } else {
      m.uart_rx_i = 1;
    }
    h_.tick();
    // Board -> host: a falling edge starts a byte; sample each bit in its middle.
    const bool line = m.uart_tx_o;
    if (rx_bit_ < 0) {
      if (!line) rx_bit_ = 0, rx_count_ = kBit / 2, rx_byte_ = 0;
    } else if (--rx_count_ == 0) {
      rx_count_ = kBit;
      if (rx_bit_ >= 1 && rx_bit_ <= 8) rx_byte_ |= static_cast<uint8_t>(line) << (rx_bit_ - 1);
      if (rx_bit_ == 0 && line) {
        rx_bit_ = -1;  // not a start bit
      } else if (rx_bit_ == 9) {
        if (line) from_board_.push_back(rx_byte_);
        rx_bit_ = -1;
      } else {
        ++rx_bit_;
      }
    }
  }

  Harness<Model> h_;
  std::deque<uint8_t> to_board_, from_board_;
  std::size_t sent_ = 0, drop_at_ = SIZE_MAX, corrupt_at_ = SIZE_MAX;
  uint8_t corrupt_mask_ = 0;
  bool cut_ = false;
  int tx_bit_ = -1, rx_bit_ = -1;
  unsigned tx_count_ = 0, rx_count_ = 0;
  uint8_t tx_byte_ = 0, rx_byte_ = 0;
};

}  // namespace npu::verif
