// SPDX-License-Identifier: Apache-2.0
// npu_icebreaker_bringup_top: the first image for a new iCEBreaker. The UART bridge and
// the board memory (the four SPRAMs) exactly as in npu_icebreaker_top, with npu_board_id
// where the NPU's registers would be. It proves the serial link, the bridge protocol and
// the memory on the board; it is also what the iCE40 flow's test builds, since the tiny
// core does not fit the UP5K yet (docs/fpga.md). Green LED: the receive line (flickers
// with traffic); red LED: off.

module npu_icebreaker_bringup_top #(
  parameter int unsigned DataWidth     = 64,
  parameter int unsigned MemBytes      = 131072,
  parameter int unsigned ClkPerBit     = 104,
  parameter int unsigned TimeoutCycles = 104 * 40
) (
  input  logic clk_i,
  input  logic btn_ni,
  input  logic uart_rx_i,
  output logic uart_tx_o,
  output logic led_busy_no,
  output logic led_error_no
);

  localparam int unsigned BusBytes = DataWidth / 8;

  logic rst_n;
  npu_board_reset u_reset (.clk_i, .btn_ni, .rst_no(rst_n));

  logic aw_valid, aw_ready, w_valid, w_ready, b_valid, b_ready, ar_valid, ar_ready, r_valid, r_ready;
  logic [7:0] aw_addr, ar_addr;
  logic [31:0] r_data;
  logic [1:0] b_resp, r_resp;
  logic host_req, host_gnt, host_we, host_rvalid;
  logic [31:0] host_addr;
  logic [DataWidth-1:0] host_wdata, host_rdata;
  logic [BusBytes-1:0] host_wstrb;

  npu_board_id u_id (
    .clk_i, .rst_ni(rst_n),
    .s_aw_valid_i(aw_valid), .s_aw_ready_o(aw_ready), .s_aw_addr_i(aw_addr),
    .s_w_valid_i(w_valid), .s_w_ready_o(w_ready),
    .s_b_valid_o(b_valid), .s_b_ready_i(b_ready), .s_b_resp_o(b_resp),
    .s_ar_valid_i(ar_valid), .s_ar_ready_o(ar_ready), .s_ar_addr_i(ar_addr),
    .s_r_valid_o(r_valid), .s_r_ready_i(r_ready), .s_r_data_o(r_data), .s_r_resp_o(r_resp)
  );

  // The board memory with its AXI side idle (no NPU in this image).
  npu_board_mem #(.DataWidth(DataWidth), .MemBytes(MemBytes)) u_mem (
    .clk_i, .rst_ni(rst_n),
    .ar_valid_i(1'b0), .ar_ready_o(), .ar_addr_i(32'd0), .ar_id_i('0), .ar_len_i(8'd0),
    .r_valid_o(), .r_ready_i(1'b1), .r_id_o(), .r_data_o(), .r_resp_o(), .r_last_o(),
    .aw_valid_i(1'b0), .aw_ready_o(), .aw_addr_i(32'd0), .aw_id_i('0), .aw_len_i(8'd0),
    .w_valid_i(1'b0), .w_ready_o(), .w_data_i('0), .w_strb_i('0), .w_last_i(1'b0),
    .b_valid_o(), .b_ready_i(1'b1), .b_id_o(), .b_resp_o(),
    .host_req_i(host_req), .host_gnt_o(host_gnt), .host_we_i(host_we), .host_addr_i(host_addr),
    .host_wdata_i(host_wdata), .host_wstrb_i(host_wstrb), .host_rvalid_o(host_rvalid),
    .host_rdata_o(host_rdata)
  );

  npu_uart_bridge #(
    .ClkPerBit(ClkPerBit), .TimeoutCycles(TimeoutCycles), .BusBytes(BusBytes), .MemBytes(MemBytes)
  ) u_bridge (
    .clk_i, .rst_ni(rst_n), .rx_i(uart_rx_i), .tx_o(uart_tx_o),
    .m_aw_valid_o(aw_valid), .m_aw_ready_i(aw_ready), .m_aw_addr_o(aw_addr),
    .m_w_valid_o(w_valid), .m_w_ready_i(w_ready), .m_w_data_o(), .m_w_strb_o(),  // writes refused
    .m_b_valid_i(b_valid), .m_b_ready_o(b_ready), .m_b_resp_i(b_resp),
    .m_ar_valid_o(ar_valid), .m_ar_ready_i(ar_ready), .m_ar_addr_o(ar_addr),
    .m_r_valid_i(r_valid), .m_r_ready_o(r_ready), .m_r_data_i(r_data), .m_r_resp_i(r_resp),
    .mem_req_o(host_req), .mem_gnt_i(host_gnt), .mem_we_o(host_we), .mem_addr_o(host_addr),
    .mem_wdata_o(host_wdata), .mem_wstrb_o(host_wstrb), .mem_rvalid_i(host_rvalid),
    .mem_rdata_i(host_rdata), .irq_i(1'b0)
  );

  assign led_busy_no  = uart_rx_i;
  assign led_error_no = 1'b1;

endmodule
