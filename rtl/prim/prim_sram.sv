// SPDX-License-Identifier: Apache-2.0
// prim_sram: single-port synchronous RAM with byte-wise write enables: one read or one
// write per cycle. Read data appears ReadLatency cycles after the request and, at
// ReadLatency 1, stays until the next access (as block RAM and SPRAM outputs do;
// npu_board_mem shows a read beat straight from it). Built on
// prim_sram_2p with both ports on one address, which Yosys still infers as one block RAM;
// an FPGA-specific version with the same name and ports may replace it by file list.

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

  prim_sram_2p #(
    .Width       (Width),
    .Depth       (Depth),
    .ReadLatency (ReadLatency)
  ) u_ram (
    .clk_i,
    .rst_ni,
    .re_i    (req_i && !we_i),
    .raddr_i (addr_i),
    .rdata_o,
    .we_i    (req_i && we_i),
    .waddr_i (addr_i),
    .wdata_i,
    .wmask_i
  );

endmodule
