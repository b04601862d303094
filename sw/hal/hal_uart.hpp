// SPDX-License-Identifier: Apache-2.0
// The driver's HAL over the UART bridge of a board (docs/fpga.md): register reads and
// writes, memory copies in pieces of 256 bytes, and the interrupt line polled with the
// status command. Frames carry a CRC-8; a frame the board reports as corrupted or cut
// short (nothing executed) is sent again, and so is any command whose reply was lost,
// except a register write to CTRL (it may have started a program). What still fails
// after `retries` attempts is kept in last_error() and reaches the driver as a failed
// memory copy or an all-ones register value.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "driver/npu_driver.h"

namespace npu::hal {

// A byte pipe to the board. Time is counted in byte times of the line (10 bit times).
class ByteChannel {
 public:
  virtual ~ByteChannel() = default;
  virtual void write(const std::vector<uint8_t>& bytes) = 0;
  // The next byte within `byte_times`, or false.
  virtual bool read(uint8_t& byte, unsigned byte_times) = 0;
  // Lets `byte_times` pass and drops whatever arrives meanwhile.
  virtual void drain(unsigned byte_times) = 0;
  // The NPU's clock cycles in one byte time (for the driver's cycle budgets).
  virtual double cycles_per_byte() const = 0;
};

// A serial port (termios, 8N1, raw) such as /dev/ttyUSB0. Throws std::runtime_error when
// the port cannot be opened or configured.
std::unique_ptr<ByteChannel> open_serial(const std::string& path, unsigned baud, double npu_clock_hz);

enum class BridgeStatus : uint8_t { kOk = 0, kChecksum = 1, kCommand = 2, kLength = 3, kBus = 4, kTimeout = 5 };

struct BridgeReply {
  bool received = false;  // a well-formed reply came back
  BridgeStatus status = BridgeStatus::kOk;
  std::vector<uint8_t> payload;
};

class UartLink {
 public:
  static constexpr uint8_t kCsrRead = 1, kCsrWrite = 2, kMemRead = 3, kMemWrite = 4, kStatus = 5;
  static constexpr std::size_t kMaxData = 256;

  // reply_timeout: byte times to wait for a reply (the board's own frame timeout is 4);
  // frame_timeout: byte times of silence after which the board drops a cut frame.
  explicit UartLink(ByteChannel& channel, unsigned retries = 3, unsigned reply_timeout = 400,
                    unsigned frame_timeout = 8)
      : ch_(channel), retries_(retries), reply_timeout_(reply_timeout), frame_timeout_(frame_timeout) {}

  // One frame out, one reply in, no retry (the tests use it to see the board's answers).
  BridgeReply exchange(uint8_t cmd, const std::vector<uint8_t>& payload);
  static std::vector<uint8_t> frame(uint8_t cmd, const std::vector<uint8_t>& payload);
  static uint8_t crc8(const uint8_t* data, std::size_t n, uint8_t crc = 0);

  // With retries; false on failure (the reason in last_error()).
  bool csr_read(uint32_t offset, uint32_t& value);
  bool csr_write(uint32_t offset, uint32_t value);
  bool mem_write(uint64_t addr, const uint8_t* src, std::size_t n);
  bool mem_read(uint64_t addr, uint8_t* dst, std::size_t n);
  bool irq(bool& level);

  npu_hal hal();
  const std::string& last_error() const { return last_error_; }
  unsigned retried() const { return retried_; }

 private:
  bool command(uint8_t cmd, const std::vector<uint8_t>& payload, bool may_repeat, std::vector<uint8_t>& out);

  ByteChannel& ch_;
  unsigned retries_, reply_timeout_, frame_timeout_;
  unsigned retried_ = 0;
  std::string last_error_;
};

}  // namespace npu::hal
