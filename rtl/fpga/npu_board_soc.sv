// SPDX-License-Identifier: Apache-2.0
// npu_board_soc: what every board image holds around the one npu_core: the board memory
// (on-chip RAM as the NPU's DRAM, npu_board_mem) and the UART host bridge
// (npu_uart_bridge) driving the core's registers and that memory. A board top adds only
// its clock, reset, pins and LEDs (fpga/<board>/).

module npu_board_soc #(
  parameter int unsigned ArrayRows       = npu_pkg::ArrayRows,
  parameter int unsigned ArrayCols       = npu_pkg::ArrayCols,
  parameter int unsigned SpadBanks       = npu_pkg::ScratchpadBanks,
  parameter int unsigned SpadRowsPerBank = npu_pkg::ScratchpadRowsPerBank,
  parameter int unsigned AccRows         = npu_pkg::AccumulatorRows,
  parameter int unsigned AxiDataWidth    = npu_pkg::AxiDataWidth,
  parameter int unsigned VecCyclesPerRow = 1,       // npu_core: vector lanes / cycle trade
  parameter int unsigned DspPairCols     = 0,       // npu_core: PE pairs on one multiplier
  parameter bit          SerialChecks    = 1'b0,    // npu_core: checks by shift and add
  parameter bit          VecSerial       = 1'b0,    // npu_core: vector arithmetic a bit a cycle
  parameter int unsigned DmaMaxBursts    = npu_pkg::DmaMaxBursts, // npu_core: DMA bursts in flight
  parameter int unsigned DmaBurstBeats   = 256,     // npu_core: beats a DMA burst may have
  parameter bit          DmaSharedBursts = 1'b0,    // npu_core: one DMA engine at a time
  parameter int unsigned DmaRowBuffer    = 4,       // npu_core: DMA store read-ahead
  parameter bit          DmaByteSerial   = 1'b0,    // npu_core: DMA a byte a cycle
  parameter int unsigned QueueDepth      = 8,       // npu_core: instructions per unit queue
  parameter int unsigned FetchDepth      = (QueueDepth > 4) ? QueueDepth : 4, // npu_core: fetch buffer
  parameter int unsigned MatmulDepth     = 4,       // npu_core: MATMULs in flight
  parameter int unsigned AccBanks        = 2,       // npu_core: accumulator banks
  parameter bit          CountersInRam   = 1'b0,    // npu_core: performance counters in a RAM
  parameter int unsigned PcWidth         = 32,      // npu_core: instruction index bits
  parameter int unsigned MemBytes        = 131072,
  parameter int unsigned ClkPerBit       = 104,     // clock / baud
  parameter int unsigned TimeoutCycles   = 104 * 40 // a silent frame is dropped after this
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic uart_rx_i,
  output logic uart_tx_o,
  output logic irq_o,
  output logic busy_o,   // a program runs
  output logic error_o   // the last program stopped on an error
);

  localparam int unsigned BusBytes = AxiDataWidth / 8;
  localparam int unsigned IdWidth  = npu_pkg::AxiIdWidth;

  // ---- wires between the blocks ---------------------------------------------------------
  logic aw_valid, aw_ready, w_valid, w_ready, b_valid, b_ready, ar_valid, ar_ready, r_valid, r_ready;
  logic [7:0] aw_addr, ar_addr;
  logic [31:0] w_data, r_data;
  logic [3:0] w_strb;
  logic [1:0] b_resp, r_resp;

  logic m_ar_valid, m_ar_ready, m_r_valid, m_r_ready, m_r_last;
  logic m_aw_valid, m_aw_ready, m_w_valid, m_w_ready, m_w_last, m_b_valid, m_b_ready;
  logic [31:0] m_ar_addr, m_aw_addr;
  logic [IdWidth-1:0] m_ar_id, m_r_id, m_aw_id, m_b_id;
  logic [7:0] m_ar_len, m_aw_len;
  logic [1:0] m_r_resp, m_b_resp;
  logic [AxiDataWidth-1:0] m_r_data, m_w_data;
  logic [BusBytes-1:0] m_w_strb;

  logic host_req, host_gnt, host_we, host_rvalid;
  logic [31:0] host_addr;
  logic [AxiDataWidth-1:0] host_wdata, host_rdata;
  logic [BusBytes-1:0] host_wstrb;

  npu_core #(
    .ArrayRows(ArrayRows), .ArrayCols(ArrayCols), .SpadBanks(SpadBanks),
    .SpadRowsPerBank(SpadRowsPerBank), .AccRows(AccRows), .AxiDataWidth(AxiDataWidth),
    .VecCyclesPerRow(VecCyclesPerRow), .DspPairCols(DspPairCols), .QueueDepth(QueueDepth),
    .FetchDepth(FetchDepth), .MatmulDepth(MatmulDepth), .AccBanks(AccBanks),
    .SerialChecks(SerialChecks), .CountersInRam(CountersInRam), .PcWidth(PcWidth),
    .VecSerial(VecSerial), .DmaMaxBursts(DmaMaxBursts), .DmaSharedBursts(DmaSharedBursts),
    .DmaRowBuffer(DmaRowBuffer), .DmaByteSerial(DmaByteSerial), .DmaBurstBeats(DmaBurstBeats)
  ) u_core (
    .clk_i, .rst_ni,
    .s_aw_valid_i(aw_valid), .s_aw_ready_o(aw_ready), .s_aw_addr_i(aw_addr),
    .s_w_valid_i(w_valid), .s_w_ready_o(w_ready), .s_w_data_i(w_data), .s_w_strb_i(w_strb),
    .s_b_valid_o(b_valid), .s_b_ready_i(b_ready), .s_b_resp_o(b_resp),
    .s_ar_valid_i(ar_valid), .s_ar_ready_o(ar_ready), .s_ar_addr_i(ar_addr),
    .s_r_valid_o(r_valid), .s_r_ready_i(r_ready), .s_r_data_o(r_data), .s_r_resp_o(r_resp),
    .axi_ar_valid_o(m_ar_valid), .axi_ar_ready_i(m_ar_ready), .axi_ar_addr_o(m_ar_addr),
    .axi_ar_id_o(m_ar_id), .axi_ar_len_o(m_ar_len), .axi_ar_size_o(), .axi_ar_burst_o(),
    .axi_r_valid_i(m_r_valid), .axi_r_ready_o(m_r_ready), .axi_r_id_i(m_r_id), .axi_r_data_i(m_r_data),
    .axi_r_resp_i(m_r_resp), .axi_r_last_i(m_r_last),
    .axi_aw_valid_o(m_aw_valid), .axi_aw_ready_i(m_aw_ready), .axi_aw_addr_o(m_aw_addr),
    .axi_aw_id_o(m_aw_id), .axi_aw_len_o(m_aw_len), .axi_aw_size_o(), .axi_aw_burst_o(),
    .axi_w_valid_o(m_w_valid), .axi_w_ready_i(m_w_ready), .axi_w_data_o(m_w_data), .axi_w_strb_o(m_w_strb),
    .axi_w_last_o(m_w_last),
    .axi_b_valid_i(m_b_valid), .axi_b_ready_o(m_b_ready), .axi_b_id_i(m_b_id), .axi_b_resp_i(m_b_resp),
    .irq_o, .ext_start_i(1'b0), .ext_prog_base_i(32'd0), .ext_prog_len_i(32'd0),
    .busy_o, .done_o(), .error_o
  );

  npu_board_mem #(.DataWidth(AxiDataWidth), .MemBytes(MemBytes), .IdWidth(IdWidth)) u_mem (
    .clk_i, .rst_ni,
    .ar_valid_i(m_ar_valid), .ar_ready_o(m_ar_ready), .ar_addr_i(m_ar_addr), .ar_id_i(m_ar_id),
    .ar_len_i(m_ar_len),
    .r_valid_o(m_r_valid), .r_ready_i(m_r_ready), .r_id_o(m_r_id), .r_data_o(m_r_data), .r_resp_o(m_r_resp),
    .r_last_o(m_r_last),
    .aw_valid_i(m_aw_valid), .aw_ready_o(m_aw_ready), .aw_addr_i(m_aw_addr), .aw_id_i(m_aw_id),
    .aw_len_i(m_aw_len),
    .w_valid_i(m_w_valid), .w_ready_o(m_w_ready), .w_data_i(m_w_data), .w_strb_i(m_w_strb), .w_last_i(m_w_last),
    .b_valid_o(m_b_valid), .b_ready_i(m_b_ready), .b_id_o(m_b_id), .b_resp_o(m_b_resp),
    .host_req_i(host_req), .host_gnt_o(host_gnt), .host_we_i(host_we), .host_addr_i(host_addr),
    .host_wdata_i(host_wdata), .host_wstrb_i(host_wstrb), .host_rvalid_o(host_rvalid),
    .host_rdata_o(host_rdata)
  );

  npu_uart_bridge #(
    .ClkPerBit(ClkPerBit), .TimeoutCycles(TimeoutCycles), .BusBytes(BusBytes), .MemBytes(MemBytes)
  ) u_bridge (
    .clk_i, .rst_ni, .rx_i(uart_rx_i), .tx_o(uart_tx_o),
    .m_aw_valid_o(aw_valid), .m_aw_ready_i(aw_ready), .m_aw_addr_o(aw_addr),
    .m_w_valid_o(w_valid), .m_w_ready_i(w_ready), .m_w_data_o(w_data), .m_w_strb_o(w_strb),
    .m_b_valid_i(b_valid), .m_b_ready_o(b_ready), .m_b_resp_i(b_resp),
    .m_ar_valid_o(ar_valid), .m_ar_ready_i(ar_ready), .m_ar_addr_o(ar_addr),
    .m_r_valid_i(r_valid), .m_r_ready_o(r_ready), .m_r_data_i(r_data), .m_r_resp_i(r_resp),
    .mem_req_o(host_req), .mem_gnt_i(host_gnt), .mem_we_o(host_we), .mem_addr_o(host_addr),
    .mem_wdata_o(host_wdata), .mem_wstrb_o(host_wstrb), .mem_rvalid_i(host_rvalid),
    .mem_rdata_i(host_rdata), .irq_i(irq_o)
  );

endmodule
