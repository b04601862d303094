// SPDX-License-Identifier: Apache-2.0
// prim_fifo for the iCE40 (chosen by file list instead of rtl/prim/prim_fifo.sv; same name,
// parameters and ports, same timing). The iCE40 has no LUT RAM: a flip-flop FIFO costs a
// logic cell per stored bit and a read multiplexer. From RamMinBits bits of storage up,
// the entries go to block RAM (SB_RAM40_4K through prim_sram_2p) instead; smaller FIFOs
// keep flip-flops, as the generic one.
//
// Block RAM reads a cycle late, so the RAM is addressed with where the head will be after
// this cycle (prim_fifo_ctrl's rd_ptr_next_o) and its output register holds the head. A
// value written in the same cycle to that address is not in the read yet (the RAM gives
// the old data): a bypass register holds it for that one cycle.
`include "npu_assert.svh"

module prim_fifo #(
  parameter int unsigned Width = 8,
  parameter int unsigned Depth = 4,
  // Storage from which block RAM is used (an SB_RAM40_4K is 16 bits wide at most: a
  // 128-bit FIFO takes 8 of the UP5K's 30 whatever its depth). 512: the compute tile's
  // output FIFO at the tiny shape (10 rows of four 18-bit sums, 720 bits) is 5 blocks, not
  // 720 cells.
  parameter int unsigned RamMinBits = 512,
  localparam int unsigned PtrWidth = (Depth > 1) ? $clog2(Depth) : 1,
  localparam int unsigned CountWidth = $clog2(Depth + 1)
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  in_valid_i,
  output logic                  in_ready_o,
  input  logic [Width-1:0]      in_data_i,
  output logic                  out_valid_o,
  input  logic                  out_ready_i,
  output logic [Width-1:0]      out_data_o,
  output logic [CountWidth-1:0] count_o
);

  logic push;
  logic [PtrWidth-1:0] wr_ptr, rd_ptr, rd_ptr_next;

  prim_fifo_ctrl #(.Depth(Depth)) u_ctrl (
    .clk_i,
    .rst_ni,
    .in_valid_i,
    .in_ready_o,
    .out_valid_o,
    .out_ready_i,
    .push_o        (push),
    .wr_ptr_o      (wr_ptr),
    .rd_ptr_o      (rd_ptr),
    .rd_ptr_next_o (rd_ptr_next),
    .count_o
  );

  if (Depth >= 2 && Width * Depth >= RamMinBits) begin : g_ram
    localparam int unsigned RamWidth = (Width + 7) / 8 * 8;  // prim_sram_2p: whole bytes
    logic [RamWidth-1:0] rdata;
    logic                bypass_q;
    logic [Width-1:0]    bypass_data_q;
    logic                unused;

    prim_sram_2p #(
      .Width       (RamWidth),
      .Depth       (Depth),
      .ReadLatency (1)
    ) u_ram (
      .clk_i,
      .rst_ni,
      .re_i    (1'b1),
      .raddr_i (rd_ptr_next),
      .rdata_o (rdata),
      .we_i    (push),
      .waddr_i (wr_ptr),
      .wdata_i (RamWidth'(in_data_i)),
      .wmask_i ('1)
    );

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) bypass_q <= 1'b0;
      else bypass_q <= push && wr_ptr == rd_ptr_next;
    end
    always_ff @(posedge clk_i) bypass_data_q <= in_data_i;

    assign out_data_o = bypass_q ? bypass_data_q : rdata[Width-1:0];
    assign unused     = ^{rd_ptr, rdata};
  end else begin : g_flops
    logic [Width-1:0] mem_q [Depth];
    logic unused;
    assign out_data_o = mem_q[rd_ptr];
    assign unused     = ^rd_ptr_next;
    always_ff @(posedge clk_i) begin
      if (push) mem_q[wr_ptr] <= in_data_i;
    end
  end

  `ASSERT_STABLE(out_stable_a, out_valid_o, out_ready_i, out_data_o, clk_i, rst_ni)

endmodule
