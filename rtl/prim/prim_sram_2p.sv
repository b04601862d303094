// SPDX-License-Identifier: Apache-2.0
// prim_sram_2p: simple dual-port RAM (one read port, one write port, one clock) with
// byte-wise write enables, the block-RAM mode every FPGA has. Read data appears
// ReadLatency cycles after the read. A read of the address being written in the same
// cycle returns undefined data, and no user takes it (the accumulator bank waits for a row
// being updated, the iCE40 FIFO bypasses the write, a one-port prim_sram never does both):
// the iCE40's block RAM does not return the old data, and Yosys built that behaviour from
// a register and a multiplexer as wide as the RAM. Simulation returns the old data
// inverted, so a user that came to depend on it fails its tests.
`include "npu_assert.svh"

module prim_sram_2p #(
  parameter int unsigned Width       = 32,
  parameter int unsigned Depth       = 64,
  parameter int unsigned ReadLatency = 1,
  localparam int unsigned AddrWidth  = (Depth > 1) ? $clog2(Depth) : 1,
  localparam int unsigned Bytes      = Width / 8
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 re_i,
  input  logic [AddrWidth-1:0] raddr_i,
  output logic [Width-1:0]     rdata_o,
  input  logic                 we_i,
  input  logic [AddrWidth-1:0] waddr_i,
  input  logic [Width-1:0]     wdata_i,
  input  logic [Bytes-1:0]     wmask_i
);

  (* no_rw_check *) logic [Width-1:0] mem_q [Depth];
  logic [Width-1:0] rdata_q;

  always_ff @(posedge clk_i) begin
    if (we_i) begin
      for (int unsigned b = 0; b < Bytes; b++) begin
        if (wmask_i[b]) mem_q[waddr_i][b*8 +: 8] <= wdata_i[b*8 +: 8];
      end
    end
`ifdef SYNTHESIS
    if (re_i) rdata_q <= mem_q[raddr_i];
`else
    if (re_i) rdata_q <= (we_i && waddr_i == raddr_i) ? ~mem_q[raddr_i] : mem_q[raddr_i];
`endif
  end

  prim_delay #(
    .Width (Width),
    .Depth (ReadLatency - 1)
  ) u_read_pipe (
    .clk_i,
    .rst_ni,
    .in_i  (rdata_q),
    .out_o (rdata_o)
  );

  `ASSERT_INIT(width_bytes_a, Width % 8 == 0 && Width >= 8)
  `ASSERT_INIT(read_latency_a, ReadLatency >= 1)
  `ASSERT_INIT(depth_a, Depth >= 2)

endmodule
