// SPDX-License-Identifier: Apache-2.0
// prim_fifo_ctrl: the pointers, the count and the valid/ready handshake of a FIFO whose
// storage is elsewhere (prim_fifo: flip-flops; fpga/ice40/prim_fifo.sv: block RAM above a
// size). Pointers wrap at Depth, so any depth (not only powers of two) is legal.
`include "npu_assert.svh"

module prim_fifo_ctrl #(
  parameter int unsigned Depth = 4,
  localparam int unsigned PtrWidth = (Depth > 1) ? $clog2(Depth) : 1,
  localparam int unsigned CountWidth = $clog2(Depth + 1)
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  in_valid_i,
  output logic                  in_ready_o,
  output logic                  out_valid_o,
  input  logic                  out_ready_i,
  output logic                  push_o,
  output logic [PtrWidth-1:0]   wr_ptr_o,
  output logic [PtrWidth-1:0]   rd_ptr_o,
  output logic [CountWidth-1:0] count_o
);

  logic [PtrWidth-1:0] wr_ptr_q, wr_ptr_d, rd_ptr_q, rd_ptr_d;
  logic [CountWidth-1:0] count_q, count_d;
  logic push, pop;

  assign in_ready_o    = (count_q != CountWidth'(Depth));
  assign out_valid_o   = (count_q != '0);
  assign count_o       = count_q;
  assign push          = in_valid_i && in_ready_o;
  assign pop           = out_valid_o && out_ready_i;
  assign push_o        = push;
  assign wr_ptr_o      = wr_ptr_q;
  assign rd_ptr_o      = rd_ptr_q;

  always_comb begin
    wr_ptr_d = wr_ptr_q;
    rd_ptr_d = rd_ptr_q;
    if (push) wr_ptr_d = (wr_ptr_q == PtrWidth'(Depth - 1)) ? '0 : wr_ptr_q + 1'b1;
    if (pop) rd_ptr_d = (rd_ptr_q == PtrWidth'(Depth - 1)) ? '0 : rd_ptr_q + 1'b1;
    count_d  = count_q;
    if (push && !pop) count_d = count_q + 1'b1;
    if (pop && !push) count_d = count_q - 1'b1;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_ptr_q <= '0;
      rd_ptr_q <= '0;
      count_q  <= '0;
    end else begin
      wr_ptr_q <= wr_ptr_d;
      rd_ptr_q <= rd_ptr_d;
      count_q  <= count_d;
    end
  end

  `ASSERT_INIT(depth_positive_a, Depth >= 1)
  `ASSERT(count_in_range_a, count_q <= CountWidth'(Depth), clk_i, rst_ni)

endmodule
