// SPDX-License-Identifier: Apache-2.0
// npu_board_id: an AXI4-Lite slave with one read-only register at offset 0 holding `Id`;
// every other access answers SLVERR. It stands where the NPU's registers are in the
// bring-up image (fpga/icebreaker/npu_icebreaker_bringup_top.sv), so the host can tell
// that image from an NPU image: the driver reads a different ID and says "no device".

module npu_board_id #(
  parameter logic [31:0] Id           = 32'h4252_5550,  // "BRUP"
  parameter int unsigned CsrAddrWidth = 8
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  input  logic                    s_aw_valid_i,
  output logic                    s_aw_ready_o,
  input  logic [CsrAddrWidth-1:0] s_aw_addr_i,
  input  logic                    s_w_valid_i,
  output logic                    s_w_ready_o,
  output logic                    s_b_valid_o,
  input  logic                    s_b_ready_i,
  output logic [1:0]              s_b_resp_o,
  input  logic                    s_ar_valid_i,
  output logic                    s_ar_ready_o,
  input  logic [CsrAddrWidth-1:0] s_ar_addr_i,
  output logic                    s_r_valid_o,
  input  logic                    s_r_ready_i,
  output logic [31:0]             s_r_data_o,
  output logic [1:0]              s_r_resp_o
);

  // One access at a time: a write takes AW and W together, a read AR; the response is
  // held until taken.
  assign s_aw_ready_o = !s_b_valid_o && s_aw_valid_i && s_w_valid_i;
  assign s_w_ready_o  = s_aw_ready_o;
  assign s_ar_ready_o = !s_r_valid_o;
  assign s_b_resp_o   = 2'b10;  // the one register is read-only

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s_b_valid_o <= 1'b0;
      s_r_valid_o <= 1'b0;
      s_r_data_o  <= '0;
      s_r_resp_o  <= '0;
    end else begin
      if (s_aw_ready_o) s_b_valid_o <= 1'b1;
      else if (s_b_ready_i) s_b_valid_o <= 1'b0;
      if (s_ar_valid_i && s_ar_ready_o) begin
        s_r_valid_o <= 1'b1;
        s_r_data_o  <= (s_ar_addr_i == '0) ? Id : 32'd0;
        s_r_resp_o  <= (s_ar_addr_i == '0) ? 2'b00 : 2'b10;
      end else if (s_r_ready_i) begin
        s_r_valid_o <= 1'b0;
      end
    end
  end

endmodule
