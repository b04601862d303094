// SPDX-License-Identifier: Apache-2.0
// npu_mem_system: the core's memory system. The DMA engine (AXI4 master) and the two
// on-chip SRAMs: the DMA owns port 0 of the scratchpad and of the accumulator, the compute
// side port 1 of each. Local row addresses seen by the DMA: the top bit selects the
// accumulator, the rest is the row in that memory. The DMA's loads (row writes) and
// stores (row reads) take turns on a memory's port 0 when both want it in one cycle.

module npu_mem_system #(
  parameter int unsigned SpadBanks       = npu_pkg::ScratchpadBanks,
  parameter int unsigned SpadRowsPerBank = npu_pkg::ScratchpadRowsPerBank,
  parameter int unsigned SpadRowBytes    = npu_pkg::ScratchpadRowBytes,
  parameter int unsigned AccRows         = npu_pkg::AccumulatorRows,
  parameter int unsigned AccBanks        = 1,
  parameter int unsigned AccLanes        = npu_pkg::ArrayCols,
  parameter int unsigned ReadLatency     = npu_pkg::SramReadLatency,
  parameter int unsigned AxiDataWidth    = npu_pkg::AxiDataWidth,
  parameter int unsigned AxiAddrWidth    = npu_pkg::AxiAddrWidth,
  parameter int unsigned AxiIdWidth      = npu_pkg::AxiIdWidth,
  parameter int unsigned DmaMaxBursts    = npu_pkg::DmaMaxBursts,
  parameter int unsigned DmaBurstBeats   = 256,   // npu_dma: beats a burst may have
  parameter bit          SerialChecks    = 1'b0,  // npu_dma: checks a bit a cycle
  parameter bit          DmaSharedBursts = 1'b0,  // npu_dma: one burst generator, one engine at a time
  parameter int unsigned DmaRowBuffer    = 4,     // npu_dma: rows (bytes) the store reads ahead
  parameter bit          DmaByteSerial   = 1'b0,  // npu_dma: a byte a cycle, no realignment
  localparam int unsigned SpadAddrWidth  = $clog2(SpadBanks * SpadRowsPerBank),
  localparam int unsigned AccAddrWidth   = $clog2(AccRows),
  localparam int unsigned RowAddrWidth   = (SpadAddrWidth > AccAddrWidth) ? SpadAddrWidth
                                                                          : AccAddrWidth,
  localparam int unsigned LocalAddrWidth = RowAddrWidth + 1,
  localparam int unsigned AccBytes       = AccLanes * 4,
  localparam int unsigned LocalBytes     = (SpadRowBytes > AccBytes) ? SpadRowBytes : AccBytes,
  localparam int unsigned RowBytesWidth  = $clog2(LocalBytes + 1),
  localparam int unsigned BusBytes       = AxiDataWidth / 8
) (
  input  logic                         clk_i,
  input  logic                         rst_ni,
  // DMA descriptors and completion (see npu_dma).
  input  logic                         desc_valid_i,
  output logic                         desc_ready_o,
  input  logic                         desc_store_i,
  input  logic [AxiAddrWidth-1:0]      desc_addr_i,
  input  logic [15:0]                  desc_rows_i,
  input  logic [RowBytesWidth-1:0]     desc_row_bytes_i,
  input  logic [AxiAddrWidth-1:0]      desc_stride_i,
  input  logic [LocalAddrWidth-1:0]    desc_local_addr_i,
  input  logic [LocalAddrWidth-1:0]    desc_local_stride_i,
  input  logic [AxiAddrWidth-1:0]      win_base_i,
  input  logic [AxiAddrWidth-1:0]      win_limit_i,
  output logic                         load_done_o,
  output logic [3:0]                   load_error_o,
  output logic                         store_done_o,
  output logic [3:0]                   store_error_o,
  output logic                         dma_busy_o,
  // AXI4 master.
  output logic                         axi_ar_valid_o,
  input  logic                         axi_ar_ready_i,
  output logic [AxiAddrWidth-1:0]      axi_ar_addr_o,
  output logic [AxiIdWidth-1:0]        axi_ar_id_o,
  output logic [7:0]                   axi_ar_len_o,
  output logic [2:0]                   axi_ar_size_o,
  output logic [1:0]                   axi_ar_burst_o,
  input  logic                         axi_r_valid_i,
  output logic                         axi_r_ready_o,
  input  logic [AxiIdWidth-1:0]        axi_r_id_i,
  input  logic [AxiDataWidth-1:0]      axi_r_data_i,
  input  logic [1:0]                   axi_r_resp_i,
  input  logic                         axi_r_last_i,
  output logic                         axi_aw_valid_o,
  input  logic                         axi_aw_ready_i,
  output logic [AxiAddrWidth-1:0]      axi_aw_addr_o,
  output logic [AxiIdWidth-1:0]        axi_aw_id_o,
  output logic [7:0]                   axi_aw_len_o,
  output logic [2:0]                   axi_aw_size_o,
  output logic [1:0]                   axi_aw_burst_o,
  output logic                         axi_w_valid_o,
  input  logic                         axi_w_ready_i,
  output logic [AxiDataWidth-1:0]      axi_w_data_o,
  output logic [BusBytes-1:0]          axi_w_strb_o,
  output logic                         axi_w_last_o,
  input  logic                         axi_b_valid_i,
  output logic                         axi_b_ready_o,
  input  logic [AxiIdWidth-1:0]        axi_b_id_i,
  input  logic [1:0]                   axi_b_resp_i,
  // Compute side: scratchpad port 1.
  input  logic                         exe_spad_req_valid_i,
  output logic                         exe_spad_req_ready_o,
  input  logic                         exe_spad_req_we_i,
  input  logic [SpadAddrWidth-1:0]     exe_spad_req_addr_i,
  input  logic [SpadRowBytes*8-1:0]    exe_spad_req_wdata_i,
  input  logic [SpadRowBytes-1:0]      exe_spad_req_wmask_i,
  output logic                         exe_spad_rsp_valid_o,
  output logic [SpadRowBytes*8-1:0]    exe_spad_rsp_data_o,
  // Compute side: accumulator port 1.
  input  logic                         exe_acc_req_valid_i,
  output logic                         exe_acc_req_ready_o,
  input  logic [1:0]                   exe_acc_req_op_i,
  input  logic [AccAddrWidth-1:0]      exe_acc_req_addr_i,
  input  logic [AccLanes*32-1:0]       exe_acc_req_wdata_i,
  input  logic [AccBytes-1:0]          exe_acc_req_byte_en_i,
  output logic                         exe_acc_rsp_valid_o,
  output logic [AccLanes*32-1:0]       exe_acc_rsp_data_o
);

  localparam int unsigned SpadRows = SpadBanks * SpadRowsPerBank;
  localparam int unsigned AccBase  = 1 << RowAddrWidth;
  localparam int unsigned LocalBits = LocalBytes * 8;

  logic                      lw_valid, lw_ready, lr_valid, lr_ready, lr_rsp_valid;
  logic [LocalAddrWidth-1:0] lw_addr, lr_addr;
  logic [LocalBytes*8-1:0]   lw_data, lr_rsp_data;
  logic [LocalBytes-1:0]     lw_mask;

  npu_dma #(
    .AddrWidth      (AxiAddrWidth),
    .DataWidth      (AxiDataWidth),
    .IdWidth        (AxiIdWidth),
    .LocalBytes     (LocalBytes),
    .LocalAddrWidth (LocalAddrWidth),
    .LocalRows      (SpadRows),
    .SpadBytes      (SpadRowBytes),
    .AccBase        (AccBase),
    .AccRows        (AccRows),
    .AccBytes       (AccBytes),
    .MaxBursts      (DmaMaxBursts),
    .MaxBurstBeats  (DmaBurstBeats),
    .RowsWidth      (16),
    .SerialChecks   (SerialChecks),
    .SharedBursts   (DmaSharedBursts),
    .StoreRowBuffer (DmaRowBuffer),
    .ByteSerial     (DmaByteSerial)
  ) u_dma (
    .clk_i,
    .rst_ni,
    .desc_valid_i,
    .desc_ready_o,
    .desc_store_i,
    .desc_addr_i,
    .desc_rows_i,
    .desc_row_bytes_i,
    .desc_stride_i,
    .desc_local_addr_i,
    .desc_local_stride_i,
    .win_base_i,
    .win_limit_i,
    .load_done_o,
    .load_error_o,
    .store_done_o,
    .store_error_o,
    .busy_o         (dma_busy_o),
    .axi_ar_valid_o,
    .axi_ar_ready_i,
    .axi_ar_addr_o,
    .axi_ar_id_o,
    .axi_ar_len_o,
    .axi_ar_size_o,
    .axi_ar_burst_o,
    .axi_r_valid_i,
    .axi_r_ready_o,
    .axi_r_id_i,
    .axi_r_data_i,
    .axi_r_resp_i,
    .axi_r_last_i,
    .axi_aw_valid_o,
    .axi_aw_ready_i,
    .axi_aw_addr_o,
    .axi_aw_id_o,
    .axi_aw_len_o,
    .axi_aw_size_o,
    .axi_aw_burst_o,
    .axi_w_valid_o,
    .axi_w_ready_i,
    .axi_w_data_o,
    .axi_w_strb_o,
    .axi_w_last_o,
    .axi_b_valid_i,
    .axi_b_ready_o,
    .axi_b_id_i,
    .axi_b_resp_i,
    .lw_valid_o     (lw_valid),
    .lw_ready_i     (lw_ready),
    .lw_addr_o      (lw_addr),
    .lw_data_o      (lw_data),
    .lw_mask_o      (lw_mask),
    .lr_valid_o     (lr_valid),
    .lr_ready_i     (lr_ready),
    .lr_addr_o      (lr_addr),
    .lr_rsp_valid_i (lr_rsp_valid),
    .lr_rsp_data_i  (lr_rsp_data)
  );

  // ---------------------------------------------------------------------------------------
  // The DMA's two local requesters (0: load writes, 1: store reads) on each memory's port 0.
  logic       lw_acc, lr_acc;
  logic [1:0] spad_want, acc_want, spad_gnt, acc_gnt;
  logic       spad_gnt_idx, acc_gnt_idx, spad_gnt_valid, acc_gnt_valid;
  logic [1:0] spad_ready, acc_ready, spad_rsp_valid, acc_rsp_valid;
  logic [2*SpadRowBytes*8-1:0] spad_rsp_data;
  logic [2*AccLanes*32-1:0]    acc_rsp_data;

  assign lw_acc    = lw_addr[LocalAddrWidth-1];
  assign lr_acc    = lr_addr[LocalAddrWidth-1];
  assign spad_want = {lr_valid && !lr_acc, lw_valid && !lw_acc};
  assign acc_want  = {lr_valid && lr_acc, lw_valid && lw_acc};

  prim_rr_arbiter #(.NumReq(2)) u_spad_arbiter (
    .clk_i,
    .rst_ni,
    .req_i       (spad_want),
    .gnt_o       (spad_gnt),
    .gnt_idx_o   (spad_gnt_idx),
    .gnt_valid_o (spad_gnt_valid),
    .gnt_ready_i (spad_ready[0])
  );
  prim_rr_arbiter #(.NumReq(2)) u_acc_arbiter (
    .clk_i,
    .rst_ni,
    .req_i       (acc_want),
    .gnt_o       (acc_gnt),
    .gnt_idx_o   (acc_gnt_idx),
    .gnt_valid_o (acc_gnt_valid),
    .gnt_ready_i (acc_ready[0])
  );

  assign lw_ready = (spad_gnt[0] && spad_ready[0]) || (acc_gnt[0] && acc_ready[0]);
  assign lr_ready = (spad_gnt[1] && spad_ready[0]) || (acc_gnt[1] && acc_ready[0]);

  npu_scratchpad #(
    .Banks       (SpadBanks),
    .RowsPerBank (SpadRowsPerBank),
    .RowBytes    (SpadRowBytes),
    .ReadLatency (ReadLatency)
  ) u_scratchpad (
    .clk_i,
    .rst_ni,
    .req_valid_i ({exe_spad_req_valid_i, spad_gnt_valid}),
    .req_ready_o (spad_ready),
    .req_we_i    ({exe_spad_req_we_i, !spad_gnt_idx}),
    .req_addr_i  ({exe_spad_req_addr_i,
                   spad_gnt_idx ? lr_addr[SpadAddrWidth-1:0] : lw_addr[SpadAddrWidth-1:0]}),
    .req_wdata_i ({exe_spad_req_wdata_i, lw_data[SpadRowBytes*8-1:0]}),
    .req_wmask_i ({exe_spad_req_wmask_i, lw_mask[SpadRowBytes-1:0]}),
    .rsp_valid_o (spad_rsp_valid),
    .rsp_data_o  (spad_rsp_data)
  );

  npu_accumulator #(
    .Rows        (AccRows),
    .Banks       (AccBanks),
    .Lanes       (AccLanes),
    .ReadLatency (ReadLatency)
  ) u_accumulator (
    .clk_i,
    .rst_ni,
    .req_valid_i   ({exe_acc_req_valid_i, acc_gnt_valid}),
    .req_ready_o   (acc_ready),
    .req_op_i      ({exe_acc_req_op_i,
                     acc_gnt_idx ? npu_pkg::AccOpRead : npu_pkg::AccOpWrite}),
    .req_addr_i    ({exe_acc_req_addr_i,
                     acc_gnt_idx ? lr_addr[AccAddrWidth-1:0] : lw_addr[AccAddrWidth-1:0]}),
    .req_wdata_i   ({exe_acc_req_wdata_i, lw_data[AccBytes*8-1:0]}),
    .req_byte_en_i ({exe_acc_req_byte_en_i, lw_mask[AccBytes-1:0]}),
    .rsp_valid_o   (acc_rsp_valid),
    .rsp_data_o    (acc_rsp_data)
  );

  // Both memories answer ReadLatency after the read, and the DMA issues one read a
  // cycle, so at most one of them answers port 0 in a cycle.
  assign lr_rsp_valid = spad_rsp_valid[0] || acc_rsp_valid[0];
  assign lr_rsp_data  = spad_rsp_valid[0] ? LocalBits'(spad_rsp_data[SpadRowBytes*8-1:0])
                                          : LocalBits'(acc_rsp_data[AccBytes*8-1:0]);

  assign exe_spad_req_ready_o = spad_ready[1];
  assign exe_spad_rsp_valid_o = spad_rsp_valid[1];
  assign exe_spad_rsp_data_o  = spad_rsp_data[SpadRowBytes*8 +: SpadRowBytes*8];
  assign exe_acc_req_ready_o  = acc_ready[1];
  assign exe_acc_rsp_valid_o  = acc_rsp_valid[1];
  assign exe_acc_rsp_data_o   = acc_rsp_data[AccLanes*32 +: AccLanes*32];

endmodule
