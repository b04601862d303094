// SPDX-License-Identifier: Apache-2.0
// npu_icebreaker_top: the iCEBreaker board (Lattice iCE40 UP5K): npu_board_soc (the one
// npu_core at the `tiny` configuration, the board memory in the UP5K's SPRAM as its DRAM,
// the UART bridge) on the FTDI serial pins and the 12 MHz oscillator. Reset: the user
// button (BTN_N, active low) and a power-on count of 16 cycles. LEDs: busy and error.

module npu_icebreaker_top #(
  parameter int unsigned ArrayRows       = 4,
  parameter int unsigned ArrayCols       = 4,
  // tiny's 4 KiB scratchpad as one bank (spec/npu.toml): the DMA and the compute units
  // take turns at it, where two banks cost a bank arbiter and the row multiplexers
  // between them (89 cells of the UP5K's; tutorial chapter 34).
  parameter int unsigned SpadBanks       = 1,
  parameter int unsigned SpadRowsPerBank = 1024,
  parameter int unsigned AccRows         = 128,
  parameter int unsigned AxiDataWidth    = 64,
  // No unit queues and one instruction in the fetch buffer (fetched one at a time): a
  // unit takes its instruction from the fetch buffer's entry, which waits until the unit
  // starts it. Queue entries are flip-flops on the iCE40 (160 bits each), and decode
  // running ahead gains a board behind a serial line little (10% of the cycles of
  // bench_core's requantizing GEMM on this core; tutorial chapter 26).
  parameter int unsigned QueueDepth      = 0,
  parameter int unsigned FetchDepth      = 1,
  // One MATMUL at a time in the matmul engine, one scratchpad row read ahead of the
  // latency: its command, job and return FIFOs are flip-flops too.
  parameter int unsigned MatmulDepth     = 1,
  // One accumulator bank: block RAM is 16 bits wide, so each 128-bit bank takes 8 of the
  // 30 blocks however few rows it has, and the tile's output FIFO needs 8 of its own
  // (fpga/ice40/prim_fifo.sv). The DMA and the array then take turns at the one bank.
  parameter int unsigned AccBanks        = 1,
  // Every PE in a pair on one SB_MAC16 (two 8 x 8 multipliers: fpga/ice40/
  // npu_pair_multiplier.sv): the 16 PEs take 8 DSP blocks instead of 16, and with one
  // weight a PE the blocks' B registers hold the weights (tutorial chapter 33).
  parameter int unsigned DspPairCols     = ArrayCols / 2,
  // The decoder's pool check and the DMA's descriptor checks by shift and add, not on
  // DSP blocks (5 of them), and the DMA's window check a bit a cycle (no 49-bit adders):
  // a pool instruction waits 16 cycles more, a DMA descriptor 48.
  parameter bit          SerialChecks    = 1'b1,
  // The vector unit's requantize and add on one datapath a value at a time, its multiply
  // by shift and add and its rounding shift a bit a cycle (npu_rescale_serial): no DSP
  // block, and a value takes 36 cycles and its shift (a requantized row of 4 about 180,
  // an added row about 500), far below what the serial line carries.
  parameter bit          VecSerial       = 1'b1,
  // The DMA small: its load and store engines on one burst generator (one at a time), 2
  // bursts in flight, a byte a cycle (no realignment of whole beats); the store reads a
  // row for each byte and keeps that byte, one read at a time (a byte every 4 cycles,
  // 111 cells fewer than one row read ahead; tutorial chapter 27). The board memory
  // answers in a cycle or two and the host feeds it at 11.5 KB/s. Bursts of one beat: the
  // memory serves a beat at a time and the DMA takes a beat's bytes in 8 cycles, so longer
  // bursts gain nothing and cost the generator's 4 KiB and 256-beat cuts.
  parameter int unsigned DmaMaxBursts    = 2,
  parameter bit          DmaSharedBursts = 1'b1,
  parameter int unsigned DmaRowBuffer    = 1,
  parameter bit          DmaByteSerial   = 1'b1,
  parameter int unsigned DmaBurstBeats   = 1,
  // The nine 32-bit performance counters in the 30th block RAM, each added to every 18
  // cycles from an 8-bit pending count (npu_perf_counters): 288 flip-flops and nine 32-bit
  // adders less; a counter read over the serial line never notices the 21 cycles.
  parameter bit          CountersInRam   = 1'b1,
  // Programs of up to 65,535 instructions (1 MiB, eight times the board's memory): every
  // instruction index is 16 bits instead of 32 (npu_fetch).
  parameter int unsigned PcWidth         = 16,
  parameter int unsigned MemBytes        = 131072,  // four 32 KiB SPRAMs
  parameter int unsigned ClkPerBit       = 104,     // 12 MHz / 115200 baud
  parameter int unsigned TimeoutCycles   = 104 * 40
) (
  input  logic clk_i,     // CLK, 12 MHz
  input  logic btn_ni,    // BTN_N
  input  logic uart_rx_i, // RX (from the FTDI chip)
  output logic uart_tx_o, // TX (to the FTDI chip)
  output logic led_busy_no, // LEDG_N: on while a program runs
  output logic led_error_no // LEDR_N: on when the last program stopped on an error
);

  logic rst_n, busy, error;
  npu_board_reset u_reset (.clk_i, .btn_ni, .rst_no(rst_n));

  npu_board_soc #(
    .ArrayRows(ArrayRows), .ArrayCols(ArrayCols), .SpadBanks(SpadBanks),
    .SpadRowsPerBank(SpadRowsPerBank), .AccRows(AccRows), .AxiDataWidth(AxiDataWidth),
    .DspPairCols(DspPairCols), .QueueDepth(QueueDepth),
    .FetchDepth(FetchDepth), .MatmulDepth(MatmulDepth), .AccBanks(AccBanks),
    .SerialChecks(SerialChecks), .CountersInRam(CountersInRam), .PcWidth(PcWidth),
    .VecSerial(VecSerial), .DmaMaxBursts(DmaMaxBursts), .DmaSharedBursts(DmaSharedBursts),
    .DmaRowBuffer(DmaRowBuffer), .DmaByteSerial(DmaByteSerial), .DmaBurstBeats(DmaBurstBeats),
    .MemBytes(MemBytes),
    .ClkPerBit(ClkPerBit),
    .TimeoutCycles(TimeoutCycles)
  ) u_soc (
    .clk_i, .rst_ni(rst_n), .uart_rx_i, .uart_tx_o, .irq_o(), .busy_o(busy), .error_o(error)
  );

  assign led_busy_no  = !busy;
  assign led_error_no = !error;

endmodule
