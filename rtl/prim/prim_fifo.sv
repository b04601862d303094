// SPDX-License-Identifier: Apache-2.0
// prim_fifo: synchronous FIFO of any depth with valid/ready on both sides (no fall-through):
// prim_fifo_ctrl's pointers over flip-flop storage read without a clock (LUT RAM on an
// FPGA that has it). The iCE40 has none: fpga/ice40/prim_fifo.sv replaces this file there.
`include "npu_assert.svh"

module prim_fifo #(
  parameter int unsigned Width = 8,
  parameter int unsigned Depth = 4,
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

  // Storage has no reset so that it maps onto RAM.
  logic [Width-1:0] mem_q [Depth];
  assign out_data_o = mem_q[rd_ptr];
  always_ff @(posedge clk_i) begin
    if (push) mem_q[wr_ptr] <= in_data_i;
  end

  `ASSERT_STABLE(out_stable_a, out_valid_o, out_ready_i, out_data_o, clk_i, rst_ni)

endmodule
