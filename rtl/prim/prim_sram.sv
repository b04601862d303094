// SPDX-License-Identifier: Apache-2.0
// prim_sram: single-port synchronous RAM with byte-wise write enables. Read data appears
// ReadLatency cycles after the request (1 = the RAM's own output register; more add
// pipeline stages). Written so that Yosys infers a block RAM; an FPGA-specific version
// with the same name and ports may replace it by file list.
`include "npu_assert.svh"

module prim_sram #(
  parameter int unsigned Width       = 32,
  parameter int unsigned Depth       = 64,
  parameter int unsigned ReadLatency = 1,
  localparam int unsigned AddrWidth  = (Depth > 1) ? $clog2(Depth) : 1,
  localparam int unsigned Bytes      = Width / 8
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 req_i,
  input  logic                 we_i,
  input  logic [AddrWidth-1:0] addr_i,
  input  logic [Width-1:0]     wdata_i,
  input  logic [Bytes-1:0]     wmask_i,
  output logic [Width-1:0]     rdata_o
);

  logic [Width-1:0] mem_q [Depth];
  logic [Width-1:0] rdata_q;

  // No reset on the array or its output register: RAM has none.
  always_ff @(posedge clk_i) begin
    if (req_i && we_i) begin
      for (int unsigned b = 0; b < Bytes; b++) begin
        if (wmask_i[b]) mem_q[addr_i][b*8 +: 8] <= wdata_i[b*8 +: 8];
      end
    end
    if (req_i && !we_i) rdata_q <= mem_q[addr_i];
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
