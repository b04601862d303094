// SPDX-License-Identifier: Apache-2.0
// npu_axi_read_mux: the instruction fetch and the DMA share the core's AXI4 read channels.
// AR: the fetch first when both ask, and a request shown on the bus is held until it is
// taken (AXI: a valid may not drop). R: beats go back by ID (FetchId to the fetch unit).
module npu_axi_read_mux #(
  parameter int unsigned AddrWidth = 32,
  parameter int unsigned IdWidth   = 4,
  parameter logic [IdWidth-1:0] FetchId = 1
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  // Fetch.
  input  logic                 f_ar_valid_i,
  output logic                 f_ar_ready_o,
  input  logic [AddrWidth-1:0] f_ar_addr_i,
  input  logic [7:0]           f_ar_len_i,
  input  logic [2:0]           f_ar_size_i,
  output logic                 f_r_valid_o,
  input  logic                 f_r_ready_i,
  // DMA.
  input  logic                 d_ar_valid_i,
  output logic                 d_ar_ready_o,
  input  logic [AddrWidth-1:0] d_ar_addr_i,
  input  logic [IdWidth-1:0]   d_ar_id_i,
  input  logic [7:0]           d_ar_len_i,
  input  logic [2:0]           d_ar_size_i,
  input  logic [1:0]           d_ar_burst_i,
  output logic                 d_r_valid_o,
  input  logic                 d_r_ready_i,
  // The bus.
  output logic                 ar_valid_o,
  input  logic                 ar_ready_i,
  output logic [AddrWidth-1:0] ar_addr_o,
  output logic [IdWidth-1:0]   ar_id_o,
  output logic [7:0]           ar_len_o,
  output logic [2:0]           ar_size_o,
  output logic [1:0]           ar_burst_o,
  input  logic                 r_valid_i,
  output logic                 r_ready_o,
  input  logic [IdWidth-1:0]   r_id_i
);

  logic locked_q, locked_fetch_q, pick_fetch;

  assign pick_fetch = locked_q ? locked_fetch_q : f_ar_valid_i;
  assign ar_valid_o = pick_fetch ? f_ar_valid_i : d_ar_valid_i;
  assign ar_addr_o  = pick_fetch ? f_ar_addr_i : d_ar_addr_i;
  assign ar_id_o    = pick_fetch ? FetchId : d_ar_id_i;
  assign ar_len_o   = pick_fetch ? f_ar_len_i : d_ar_len_i;
  assign ar_size_o  = pick_fetch ? f_ar_size_i : d_ar_size_i;
  assign ar_burst_o = pick_fetch ? 2'b01 : d_ar_burst_i;
  assign f_ar_ready_o = pick_fetch && ar_ready_i;
  assign d_ar_ready_o = !pick_fetch && ar_ready_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      locked_q       <= 1'b0;
      locked_fetch_q <= 1'b0;
    end else begin
      locked_q       <= ar_valid_o && !ar_ready_i;
      locked_fetch_q <= pick_fetch;
    end
  end

  assign f_r_valid_o = r_valid_i && r_id_i == FetchId;
  assign d_r_valid_o = r_valid_i && r_id_i != FetchId;
  assign r_ready_o   = (r_id_i == FetchId) ? f_r_ready_i : d_r_ready_i;

endmodule
