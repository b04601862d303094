// SPDX-License-Identifier: Apache-2.0
// The UART bridge on the Verilated board top (core, board memory, bridge) through the
// serial-line model: every command and its errors, frames corrupted, cut short and lost
// on the way, and the driver and runtime running work through the bridge. Two boards:
// the tiny core (64-bit memory port, 8 clocks per bit) and the rect core (256-bit, 5).
#include <catch2/catch.hpp>

#include <random>

#include "fpga/sim_board.hpp"
#include "hal/hal_uart.hpp"
#include "isa/assembler.hpp"
#include "npu_isa.h"
#include "ref/gemm.hpp"
#include "ref/nn.hpp"
#include "runtime/gemm.hpp"
#include "runtime/layers.hpp"
#include "runtime/random_layers.hpp"
#include "seed.hpp"

using namespace npu;
using namespace npu::verif;
using hal::BridgeStatus;
using hal::UartLink;

namespace {

std::vector<uint8_t> le(uint64_t v, unsigned n) {
  std::vector<uint8_t> out;
  for (unsigned i = 0; i < n; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
  return out;
}
std::vector<uint8_t> cat(std::vector<uint8_t> a, const std::vector<uint8_t>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

#define NPU_BOARDS Vnpu_board_tiny, Vnpu_board_rect

TEMPLATE_TEST_CASE("bridge: registers, memory and the board's answers to bad commands", "[fpga][bridge]",
                   NPU_BOARDS) {
  SimBoard<TestType> board("bridge_commands");
  UartLink link(board);
  constexpr unsigned kMem = BoardShape<TestType>::mem_bytes;

  uint32_t v = 0;
  REQUIRE(link.csr_read(NPU_CSR_ID, v));
  CHECK(v == NPU_DEVICE_ID);
  REQUIRE(link.csr_write(NPU_CSR_PROG_BASE, 0x1230));
  REQUIRE(link.csr_read(NPU_CSR_PROG_BASE, v));
  CHECK(v == 0x1230);

  // Memory: odd addresses and lengths, across word boundaries, up to the last byte, in
  // the top 8 KiB (reading all of it back over the line is what takes the time).
  constexpr unsigned kRegion = 8192, kBase = kMem - kRegion;
  std::mt19937_64 rng(test_seed());
  std::vector<uint8_t> image(kRegion, 0);
  REQUIRE(link.mem_write(kBase, image.data(), kRegion));
  for (int i = 0; i < 12; ++i) {
    const std::size_t n = 1 + rng() % 300, at = i == 0 ? kRegion - n : rng() % (kRegion - n);
    std::vector<uint8_t> bytes(n);
    for (auto& b : bytes) b = static_cast<uint8_t>(rng());
    REQUIRE(link.mem_write(kBase + at, bytes.data(), n));
    std::copy(bytes.begin(), bytes.end(), image.begin() + static_cast<long>(at));
  }
  std::vector<uint8_t> back(kRegion);
  REQUIRE(link.mem_read(kBase, back.data(), kRegion));
  CHECK(back == image);

  // The board's refusals (each executes nothing).
  CHECK(link.exchange(UartLink::kCsrRead, le(0x18, 2)).status == BridgeStatus::kBus);  // unmapped register
  CHECK(link.exchange(UartLink::kMemRead, cat(le(kMem - 4, 4), le(8, 2))).status == BridgeStatus::kBus);
  CHECK(link.exchange(UartLink::kMemWrite, cat(le(kMem - 1, 4), {1, 2})).status == BridgeStatus::kBus);
  // Addresses whose low bits are inside the memory but a high bit is set.
  CHECK(link.exchange(UartLink::kMemRead, cat(le(0x80000000u + kBase, 4), le(4, 2))).status ==
        BridgeStatus::kBus);
  CHECK(link.exchange(UartLink::kMemWrite, cat(le(kMem + kBase, 4), {1, 2})).status ==
        BridgeStatus::kBus);
  // A write carries 1 to 256 bytes.
  CHECK(link.exchange(UartLink::kMemWrite, le(kBase, 4)).status == BridgeStatus::kLength);
  CHECK(link.exchange(UartLink::kMemWrite, cat(le(kBase, 4), std::vector<uint8_t>(257, 7)))
            .status == BridgeStatus::kLength);
  CHECK(link.exchange(0x09, {}).status == BridgeStatus::kCommand);
  CHECK(link.exchange(UartLink::kCsrRead, le(0, 3)).status == BridgeStatus::kLength);
  CHECK(link.exchange(UartLink::kMemRead, cat(le(0, 4), le(0, 2))).status == BridgeStatus::kLength);
  CHECK(link.exchange(UartLink::kMemRead, cat(le(0, 4), le(257, 2))).status == BridgeStatus::kLength);
  const auto st = link.exchange(UartLink::kStatus, {});
  REQUIRE(st.received);
  CHECK(st.status == BridgeStatus::kOk);
  CHECK(st.payload == std::vector<uint8_t>{0});  // no interrupt
  REQUIRE(link.mem_read(kBase, back.data(), kRegion));
  CHECK(back == image);
  CHECK(link.retried() == 0);
}

TEMPLATE_TEST_CASE("bridge: corrupted, cut and lost frames change nothing and the link recovers",
                   "[fpga][bridge][error]", NPU_BOARDS) {
  SimBoard<TestType> board("bridge_faults");
  UartLink link(board, 0);  // no retries: each fault is seen
  const std::vector<uint8_t> data = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const auto write_frame = cat(le(0x100, 4), data);
  std::vector<uint8_t> back(9);

  // A flipped bit in the payload: checksum error, memory untouched.
  board.corrupt_byte(7, 0x10);
  auto r = link.exchange(UartLink::kMemWrite, write_frame);
  REQUIRE(r.received);
  CHECK(r.status == BridgeStatus::kChecksum);
  REQUIRE(link.mem_read(0x100, back.data(), 9));
  CHECK(back == std::vector<uint8_t>(9, 0));

  // A byte lost on the way: the board waits, then reports the frame cut short.
  board.drop_byte(6);
  r = link.exchange(UartLink::kMemWrite, write_frame);
  REQUIRE(r.received);
  CHECK(r.status == BridgeStatus::kTimeout);
  REQUIRE(link.mem_read(0x100, back.data(), 9));
  CHECK(back == std::vector<uint8_t>(9, 0));

  // The line cut: no reply, a clear error on the host, and after it is joined, work goes on.
  board.cut(true);
  uint32_t v = 0;
  CHECK_FALSE(link.csr_read(NPU_CSR_ID, v));
  CHECK(link.last_error() == "no valid reply from the board");
  board.cut(false);
  REQUIRE(link.csr_read(NPU_CSR_ID, v));
  CHECK(v == NPU_DEVICE_ID);
  REQUIRE(link.mem_write(0x100, data.data(), data.size()));
  REQUIRE(link.mem_read(0x100, back.data(), 9));
  CHECK(back == data);

  // With retries a corrupted frame is sent again; a CTRL write is never repeated blindly.
  UartLink retrying(board, 2);
  board.corrupt_byte(5, 0x01);
  REQUIRE(retrying.csr_write(NPU_CSR_PROG_LEN, 7));
  CHECK(retrying.retried() == 1);
  REQUIRE(retrying.csr_read(NPU_CSR_PROG_LEN, v));
  CHECK(v == 7);
  board.cut(true);
  CHECK_FALSE(retrying.csr_write(NPU_CSR_CTRL, 0));
  CHECK(retrying.last_error().find("not repeated") != std::string::npos);
  board.cut(false);
}

TEMPLATE_TEST_CASE("board memory: a DMA beat past its end answers DECERR and the core stops",
                   "[fpga][bridge][error]", NPU_BOARDS) {
  SimBoard<TestType> board("board_mem_decerr");
  UartLink link(board);
  constexpr uint32_t kMem = BoardShape<TestType>::mem_bytes;
  // A window over the whole address space, so that only the memory refuses.
  REQUIRE(link.csr_write(NPU_CSR_WIN_BASE, 0));
  REQUIRE(link.csr_write(NPU_CSR_WIN_LIMIT, 0xfffff000u));
  // Loads of 4-byte rows from: just past the end; an address whose low bits are inside the
  // memory but a high bit is set; two rows, the memory's last 4 bytes and the 4 after.
  struct Case {
    uint32_t addr, rows;
  };
  for (const Case c : {Case{kMem, 1}, Case{0x40000000u + 0x2000, 1}, Case{kMem - 4, 2}}) {
    INFO(c.rows << " rows from " << c.addr);
    const std::string line = "load dram_addr=" + std::to_string(c.addr) + " dram_stride=4 rows=" +
                             std::to_string(c.rows) + " row_bytes=4 local_addr=0 local_stride=1\nend\n";
    std::vector<uint8_t> prog;
    for (const isa::Instr& in : isa::assemble(line)) {
      const auto bytes = in.bytes();
      prog.insert(prog.end(), bytes.begin(), bytes.end());
    }
    REQUIRE(link.mem_write(0x1000, prog.data(), prog.size()));
    REQUIRE(link.csr_write(NPU_CSR_PROG_BASE, 0x1000));
    REQUIRE(link.csr_write(NPU_CSR_PROG_LEN, 2));
    REQUIRE(link.csr_write(NPU_CSR_CTRL, NPU_CTRL_START_MASK));
    uint32_t status = 1;
    for (int poll = 0; poll < 50 && (status & NPU_STATUS_BUSY_MASK); ++poll) {
      REQUIRE(link.csr_read(NPU_CSR_STATUS, status));
    }
    CHECK_FALSE(status & NPU_STATUS_BUSY_MASK);
    CHECK(status & NPU_STATUS_ERROR_MASK);
    CHECK(((status & NPU_STATUS_ERROR_CODE_MASK) >> NPU_STATUS_ERROR_CODE_LSB) == NPU_ERR_DECERR);
    CHECK(((status & NPU_STATUS_ERROR_UNIT_MASK) >> NPU_STATUS_ERROR_UNIT_LSB) == NPU_ERR_UNIT_LOAD);
  }
  // The memory is still there.
  const std::vector<uint8_t> data = {9, 8, 7, 6, 5};
  std::vector<uint8_t> back(data.size());
  REQUIRE(link.mem_write(kMem - 5, data.data(), data.size()));
  REQUIRE(link.mem_read(kMem - 5, back.data(), back.size()));
  CHECK(back == data);
}

TEMPLATE_TEST_CASE("bridge: the driver and the runtime run a GEMM and a convolution on the board",
                   "[fpga][bridge][driver]", NPU_BOARDS) {
  SimBoard<TestType> board("bridge_driver");
  UartLink link(board);
  const npu_hal hal = link.hal();
  npu_dev dev;
  REQUIRE(npu_init(&dev, &hal) == NPU_OK);
  REQUIRE(npu_set_window(&dev, 0x1000, BoardShape<TestType>::mem_bytes) == NPU_OK);
  std::mt19937_64 rng(test_seed());
  const ref::MatrixI8 a = ref::random_matrix(rng, 19, 13), b = ref::random_matrix(rng, 13, 7);
  runtime::GemmStats st;
  CHECK(runtime::gemm(dev, a, b, nullptr, &st) == ref::golden_gemm(a, b));
  CHECK(st.cycles > 0);
  const ref::Tensor8 x = random_tensor(rng, 1, 5, 5, 3);
  const ref::ConvSpec conv = random_conv(rng, 3, 1, 1, 3, 4, false);
  CHECK(runtime::conv2d(dev, x, conv).data == ref::conv2d(x, conv).data);
  CHECK(link.last_error().empty());
}
