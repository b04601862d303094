// SPDX-License-Identifier: Apache-2.0
// prim_fifo for the iCE40 (chosen by file list instead of rtl/prim/prim_fifo.sv; same name,
// parameters and ports, same timing). The iCE40 has no LUT RAM: a flip-flop FIFO costs a
// logic cell per stored bit and a read multiplexer. From RamMinBits bits of storage up,
// the entries go to block RAM instead; smaller FIFOs keep flip-flops, as the generic one.
//
// The block RAM reads at the falling edge (SB_RAM40_4KNR), at the head prim_fifo_ctrl
// gives at the rising one: a value written at a rising edge is read half a cycle later,
// so the head is out in its own cycle, as with flip-flops, and no bypass register keeps
// a value written to the head's address (Width flip-flops and a Width-bit multiplexer,
// 149 cells of the UP5K at the tiny shape's output FIFO; tutorial chapter 35). The cost
// is a half-cycle path from the block to what takes the head. A testbench sees the head
// after the falling edge (verif/common/harness.hpp: a cycle is the rising edge, then the
// falling one).
`include "npu_assert.svh"

module prim_fifo #(
  parameter int unsigned Width = 8,
  parameter int unsigned Depth = 4,
  // Storage from which block RAM is used (an SB_RAM40_4K is 16 bits wide at most: a
  // 128-bit FIFO takes 8 of the UP5K's 30 whatever its depth). 64: the compute tile's
  // output FIFO at the tiny shape (10 rows of four 18-bit sums, 720 bits) is 5 blocks, not
  // 720 cells, and the matmul engine's return FIFO (2 rows of 4 bytes) 2, not 64 cells
  // and a multiplexer; the smaller FIFOs keep flip-flops.
  parameter int unsigned RamMinBits = 64,
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
  logic [PtrWidth-1:0] wr_ptr, rd_ptr;

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
    .count_o
  );

  if (Depth >= 2 && Width * Depth >= RamMinBits) begin : g_ram
    (* ram_style = "block" *) logic [Width-1:0] mem_q [Depth];
    logic [Width-1:0] head_q;
    always_ff @(posedge clk_i) begin
      if (push) mem_q[wr_ptr] <= in_data_i;
    end
    always_ff @(negedge clk_i) head_q <= mem_q[rd_ptr];
    assign out_data_o = head_q;
  end else begin : g_flops
    logic [Width-1:0] mem_q [Depth];
    assign out_data_o = mem_q[rd_ptr];
    always_ff @(posedge clk_i) begin
      if (push) mem_q[wr_ptr] <= in_data_i;
    end
  end

  `ASSERT_STABLE(out_stable_a, out_valid_o, out_ready_i, out_data_o, clk_i, rst_ni)

endmodule
