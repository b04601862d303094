// SPDX-License-Identifier: Apache-2.0
// npu_arty_a7_top: the Digilent Arty A7-100T (Xilinx Artix-7 XC7A100T): npu_board_soc (the
// one npu_core at the `default` configuration, 128 KiB of block RAM as its DRAM, the UART
// bridge) on the USB-UART pins. The 100 MHz oscillator feeds an MMCM that makes the NPU's
// 50 MHz clock (a first target for a 16x16 array on a -1 part; Vivado's timing report is
// the judge). Reset: the RESET button (ck_rst, active low) and the MMCM's lock, then a
// power-on count. LEDs: LD4 busy, LD5 error, LD6 MMCM locked.
//
// MMCME2_BASE and BUFG are Xilinx primitives: this file is for Vivado and Yosys
// synth_xilinx, not for Verilator (the board-independent part, npu_board_soc, is
// simulated through the iCEBreaker top).

module npu_arty_a7_top #(
  parameter int unsigned ArrayRows       = 16,
  parameter int unsigned ArrayCols       = 16,
  parameter int unsigned SpadBanks       = 4,
  parameter int unsigned SpadRowsPerBank = 4096,
  parameter int unsigned AccRows         = 1024,
  parameter int unsigned AxiDataWidth    = 128,
  // One requantize lane and one add lane (ArrayCols cycles a row; 16 at `default`): the
  // vector unit's 32-bit multipliers cost DSPs and LUTs that the array needs more.
  parameter int unsigned VecCyclesPerRow = ArrayCols,
  // Enough array columns as PE pairs (one DSP48E1 for two PEs) that the array takes at
  // most ArrayDsps of the device's 240, the rest being for the vector unit and address
  // arithmetic: at `default` 3 pair columns, 208 DSPs for 256 PEs (docs/fpga.md).
  parameter int unsigned ArrayDsps       = 208,
  parameter int unsigned DspPairCols     =
      (ArrayRows * ArrayCols <= ArrayDsps) ? 0 :
      ((ArrayRows * ArrayCols - ArrayDsps + ArrayRows - 1) / ArrayRows > ArrayCols / 2)
          ? ArrayCols / 2 : (ArrayRows * ArrayCols - ArrayDsps + ArrayRows - 1) / ArrayRows,
  parameter int unsigned MemBytes        = 131072,
  parameter int unsigned ClkPerBit       = 434,       // 50 MHz / 115200 baud
  parameter int unsigned TimeoutCycles   = 434 * 40
) (
  input  logic       clk100_i,   // CLK100MHZ (E3)
  input  logic       ck_rst_ni,  // RESET button (C2), low when pressed
  input  logic       uart_rx_i,  // uart_txd_in (A9): from the FTDI chip
  output logic       uart_tx_o,  // uart_rxd_out (D10): to the FTDI chip
  output logic [2:0] led_o       // LD4 busy, LD5 error, LD6 clock locked
);

  // 100 MHz in, VCO at 1000 MHz (x10), 50 MHz out (/20).
  logic clk_fb, clk_mmcm, clk, locked;
  MMCME2_BASE #(
    .CLKIN1_PERIOD    (10.0),
    .CLKFBOUT_MULT_F  (10.0),
    .DIVCLK_DIVIDE    (1),
    .CLKOUT0_DIVIDE_F (20.0)
  ) u_mmcm (
    .CLKIN1(clk100_i), .CLKFBIN(clk_fb), .CLKFBOUT(clk_fb), .CLKOUT0(clk_mmcm),
    .RST(1'b0), .PWRDWN(1'b0), .LOCKED(locked),
    .CLKFBOUTB(), .CLKOUT0B(), .CLKOUT1(), .CLKOUT1B(), .CLKOUT2(), .CLKOUT2B(),
    .CLKOUT3(), .CLKOUT3B(), .CLKOUT4(), .CLKOUT5(), .CLKOUT6()
  );
  BUFG u_clk_buf (.I(clk_mmcm), .O(clk));

  logic rst_n, busy, error;
  npu_board_reset u_reset (.clk_i(clk), .btn_ni(ck_rst_ni && locked), .rst_no(rst_n));

  npu_board_soc #(
    .ArrayRows(ArrayRows), .ArrayCols(ArrayCols), .SpadBanks(SpadBanks),
    .SpadRowsPerBank(SpadRowsPerBank), .AccRows(AccRows), .AxiDataWidth(AxiDataWidth),
    .VecCyclesPerRow(VecCyclesPerRow), .DspPairCols(DspPairCols), .MemBytes(MemBytes),
    .ClkPerBit(ClkPerBit),
    .TimeoutCycles(TimeoutCycles)
  ) u_soc (
    .clk_i(clk), .rst_ni(rst_n), .uart_rx_i, .uart_tx_o, .irq_o(), .busy_o(busy), .error_o(error)
  );

  assign led_o = {locked, error, busy};

endmodule
