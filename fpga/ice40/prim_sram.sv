// SPDX-License-Identifier: Apache-2.0
// prim_sram for the iCE40 UP5K (chosen by file list instead of rtl/prim/prim_sram.sv; same
// name, parameters and ports). A memory of 16 K words whose width is a multiple of 16 bits
// is built from SB_SPRAM256KA blocks side by side (16 bits each; a byte write enable
// drives two of the block's nibble enables); read latency 1, as the block gives, and the
// block's output holds its word while the block is not selected (the generic RAM's
// promise). Every
// other shape is the generic two-port RAM, which synth_ice40 maps onto SB_RAM40_4K blocks.

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

  if (Depth == 16384 && Width % 16 == 0 && ReadLatency == 1) begin : g_spram
    for (genvar b = 0; b < Width / 16; b++) begin : g_block
      SB_SPRAM256KA u_spram (
        .ADDRESS   (addr_i),
        .DATAIN    (wdata_i[16*b +: 16]),
        .MASKWREN  ({wmask_i[2*b+1], wmask_i[2*b+1], wmask_i[2*b], wmask_i[2*b]}),
        .WREN      (we_i),
        .CHIPSELECT(req_i),
        .CLOCK     (clk_i),
        .STANDBY   (1'b0),
        .SLEEP     (1'b0),
        .POWEROFF  (1'b1),
        .DATAOUT   (rdata_o[16*b +: 16])
      );
    end
  end else begin : g_generic
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
  end

endmodule
