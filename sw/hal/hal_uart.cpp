// SPDX-License-Identifier: Apache-2.0
#include "hal/hal_uart.hpp"

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "npu_isa.h"

namespace npu::hal {

namespace {

constexpr uint8_t kSyncRequest = 0xA5, kSyncReply = 0x5A;

const char* status_name(BridgeStatus s) {
  switch (s) {
    case BridgeStatus::kOk: return "ok";
    case BridgeStatus::kChecksum: return "checksum error";
    case BridgeStatus::kCommand: return "unknown command";
    case BridgeStatus::kLength: return "bad length";
    case BridgeStatus::kBus: return "bus error";
    case BridgeStatus::kTimeout: return "frame timeout";
  }
  return "unknown status";
}

void put_le(std::vector<uint8_t>& v, uint64_t x, unsigned bytes) {
  for (unsigned i = 0; i < bytes; ++i) v.push_back(static_cast<uint8_t>(x >> (8 * i)));
}

class SerialPort : public ByteChannel {
 public:
  SerialPort(const std::string& path, unsigned baud, double npu_clock_hz)
      : byte_us_(10e6 / baud), cycles_per_byte_(npu_clock_hz * 10.0 / baud) {
    fd_ = ::open(path.c_str(), O_RDWR | O_NOCTTY);
    if (fd_ < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
    termios t{};
    if (tcgetattr(fd_, &t) != 0) fail(path + " is not a serial port");
    cfmakeraw(&t);
    t.c_cflag |= CLOCAL | CREAD;
    t.c_cflag &= ~(CSTOPB | PARENB | CRTSCTS);
    speed_t speed = B115200;
    switch (baud) {
      case 9600: speed = B9600; break;
      case 57600: speed = B57600; break;
      case 115200: speed = B115200; break;
      case 230400: speed = B230400; break;
      case 460800: speed = B460800; break;
      case 921600: speed = B921600; break;
      default: fail("unsupported baud rate " + std::to_string(baud));
    }
    cfsetispeed(&t, speed);
    cfsetospeed(&t, speed);
    if (tcsetattr(fd_, TCSANOW, &t) != 0) fail("cannot configure " + path);
    tcflush(fd_, TCIOFLUSH);
  }
  ~SerialPort() override {
    if (fd_ >= 0) ::close(fd_);
  }
  void write(const std::vector<uint8_t>& bytes) override {
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno != EINTR) throw std::runtime_error(std::string("serial write: ") + std::strerror(errno));
      if (n > 0) done += static_cast<std::size_t>(n);
    }
  }
  bool read(uint8_t& byte, unsigned byte_times) override {
    pollfd p{fd_, POLLIN, 0};
    const int ms = static_cast<int>(byte_times * byte_us_ / 1000) + 1;
    if (::poll(&p, 1, ms) <= 0) return false;
    return ::read(fd_, &byte, 1) == 1;
  }
  void drain(unsigned byte_times) override {
    uint8_t b;
    while (read(b, byte_times)) {
    }
  }
  double cycles_per_byte() const override { return cycles_per_byte_; }

 private:
  [[noreturn]] void fail(const std::string& what) {
    ::close(fd_);
    fd_ = -1;
    throw std::runtime_error(what);
  }
  int fd_ = -1;
  double byte_us_, cycles_per_byte_;
};

}  // namespace

std::unique_ptr<ByteChannel> open_serial(const std::string& path, unsigned baud, double npu_clock_hz) {
  return std::make_unique<SerialPort>(path, baud, npu_clock_hz);
}

uint8_t UartLink::crc8(const uint8_t* data, std::size_t n, uint8_t crc) {
  for (std::size_t i = 0; i < n; ++i) {
    crc ^= data[i];
    for (int b = 0; b < 8; ++b) crc = (crc & 0x80) ? static_cast<uint8_t>((crc << 1) ^ 0x07) : static_cast<uint8_t>(crc << 1);
  }
  return crc;
}

std::vector<uint8_t> UartLink::frame(uint8_t cmd, const std::vector<uint8_t>& payload) {
  std::vector<uint8_t> f = {kSyncRequest, cmd};
  put_le(f, payload.size(), 2);
  f.insert(f.end(), payload.begin(), payload.end());
  f.push_back(crc8(f.data() + 1, f.size() - 1));
  return f;
}

BridgeReply UartLink::exchange(uint8_t cmd, const std::vector<uint8_t>& payload) {
  ch_.write(frame(cmd, payload));
  BridgeReply r;
  uint8_t b = 0;
  do {  // bytes before the reply's sync are noise on the line
    if (!ch_.read(b, reply_timeout_)) return r;
  } while (b != kSyncReply);
  std::vector<uint8_t> head(3);
  for (auto& h : head)
    if (!ch_.read(h, frame_timeout_)) return r;
  const std::size_t len = head[1] | std::size_t{head[2]} << 8;
  if (len > kMaxData) return r;
  r.payload.resize(len);
  for (auto& p : r.payload)
    if (!ch_.read(p, frame_timeout_)) return r;
  uint8_t crc = 0;
  if (!ch_.read(crc, frame_timeout_)) return r;
  uint8_t want = crc8(head.data(), head.size());
  want = crc8(r.payload.data(), r.payload.size(), want);
  if (crc != want) return r;
  r.received = true;
  r.status = static_cast<BridgeStatus>(head[0]);
  return r;
}

bool UartLink::command(uint8_t cmd, const std::vector<uint8_t>& payload, bool may_repeat, std::vector<uint8_t>& out) {
  for (unsigned attempt = 0; attempt <= retries_; ++attempt) {
    if (attempt > 0) {
      ++retried_;
      ch_.drain(frame_timeout_);  // the board drops a cut frame after its timeout
    }
    const BridgeReply r = exchange(cmd, payload);
    if (r.received && r.status == BridgeStatus::kOk) {
      out = r.payload;
      return true;
    }
    if (r.received && r.status != BridgeStatus::kChecksum && r.status != BridgeStatus::kTimeout) {
      last_error_ = std::string("board answered: ") + status_name(r.status);
      return false;  // executed and refused: sending it again gives the same answer
    }
    last_error_ = r.received ? std::string("board answered: ") + status_name(r.status)
                             : std::string("no valid reply from the board");
    if (!r.received && !may_repeat) {
      last_error_ += " (not repeated: the command may have run)";
      return false;
    }
  }
  return false;
}

bool UartLink::csr_read(uint32_t offset, uint32_t& value) {
  std::vector<uint8_t> p, out;
  put_le(p, offset, 2);
  if (!command(kCsrRead, p, true, out)) return false;
  if (out.size() != 4) {
    last_error_ = "register read: reply of " + std::to_string(out.size()) + " bytes";
    return false;
  }
  value = out[0] | uint32_t{out[1]} << 8 | uint32_t{out[2]} << 16 | uint32_t{out[3]} << 24;
  return true;
}

bool UartLink::csr_write(uint32_t offset, uint32_t value) {
  std::vector<uint8_t> p, out;
  put_le(p, offset, 2);
  put_le(p, value, 4);
  return command(kCsrWrite, p, offset != NPU_CSR_CTRL, out);
}

bool UartLink::mem_write(uint64_t addr, const uint8_t* src, std::size_t n) {
  for (std::size_t done = 0; done < n; done += kMaxData) {
    const std::size_t len = std::min(kMaxData, n - done);
    std::vector<uint8_t> p, out;
    put_le(p, addr + done, 4);
    p.insert(p.end(), src + done, src + done + len);
    if (!command(kMemWrite, p, true, out)) return false;
  }
  return true;
}

bool UartLink::mem_read(uint64_t addr, uint8_t* dst, std::size_t n) {
  for (std::size_t done = 0; done < n; done += kMaxData) {
    const std::size_t len = std::min(kMaxData, n - done);
    std::vector<uint8_t> p, out;
    put_le(p, addr + done, 4);
    put_le(p, len, 2);
    if (!command(kMemRead, p, true, out)) return false;
    if (out.size() != len) {
      last_error_ = "memory read: reply of " + std::to_string(out.size()) + " bytes";
      return false;
    }
    std::memcpy(dst + done, out.data(), len);
  }
  return true;
}

bool UartLink::irq(bool& level) {
  std::vector<uint8_t> out;
  if (!command(kStatus, {}, true, out) || out.size() != 1) return false;
  level = (out[0] & 1u) != 0;
  return true;
}

npu_hal UartLink::hal() {
  npu_hal h{};
  h.ctx = this;
  h.read32 = [](void* c, uint32_t off) {
    uint32_t v = 0xFFFFFFFFu;
    static_cast<UartLink*>(c)->csr_read(off, v);
    return v;
  };
  h.write32 = [](void* c, uint32_t off, uint32_t v) { static_cast<UartLink*>(c)->csr_write(off, v); };
  h.wait_irq = [](void* c, uint64_t budget) -> int {
    auto* link = static_cast<UartLink*>(c);
    // A status poll is 5 bytes out and 6 back: that many byte times of NPU cycles.
    const double per_poll = 11.0 * link->ch_.cycles_per_byte();
    const uint64_t polls = static_cast<uint64_t>(static_cast<double>(budget) / per_poll) + 1;
    for (uint64_t i = 0; i < polls; ++i) {
      bool level = false;
      if (!link->irq(level)) return 0;
      if (level) return 1;
    }
    return 0;
  };
  h.mem_write = [](void* c, uint64_t a, const void* s, size_t n) {
    return static_cast<UartLink*>(c)->mem_write(a, static_cast<const uint8_t*>(s), n) ? 0 : -1;
  };
  h.mem_read = [](void* c, uint64_t a, void* d, size_t n) {
    return static_cast<UartLink*>(c)->mem_read(a, static_cast<uint8_t*>(d), n) ? 0 : -1;
  };
  return h;
}

}  // namespace npu::hal
