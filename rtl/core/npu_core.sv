// SPDX-License-Identifier: Apache-2.0
// npu_core: one complete NPU core. The host programs it through the AXI4-Lite CSRs; the
// core fetches its program from DRAM, decodes it into three queues (load, exec, store)
// that run concurrently, ordered only by the dependency tokens in the instructions, and
// moves data over one AXI4 master port.
//
//   fetch -> decode -> load queue  -> npu_dma_queue -+
//                   -> exec queue  -> npu_exec ------+-> npu_mem_system (DMA, SRAMs)
//                   -> store queue -> npu_dma_queue -+
//
// Stopping: END (after everything before it finished), an error (first one wins; the
// queues are emptied without executing, work in flight finishes) or a soft reset. The
// core is idle once the bus is quiet; then STATUS and the interrupt are updated, and a
// soft reset clears every unit (not the SRAM contents, not the CSRs).
`include "npu_assert.svh"

module npu_core #(
  parameter int unsigned ArrayRows       = npu_pkg::ArrayRows,
  parameter int unsigned ArrayCols       = npu_pkg::ArrayCols,
  parameter int unsigned SpadBanks       = npu_pkg::ScratchpadBanks,
  parameter int unsigned SpadRowsPerBank = npu_pkg::ScratchpadRowsPerBank,
  parameter int unsigned AccRows         = npu_pkg::AccumulatorRows,
  // Accumulator banks (high row bits): the DMA and the array work on different banks
  // without waiting for each other.
  parameter int unsigned AccBanks        = 2,
  parameter int unsigned AxiDataWidth    = npu_pkg::AxiDataWidth,
  parameter int unsigned AxiAddrWidth    = npu_pkg::AxiAddrWidth,
  parameter int unsigned AxiIdWidth      = npu_pkg::AxiIdWidth,
  parameter int unsigned ReadLatency     = npu_pkg::SramReadLatency,
  parameter int unsigned DmaMaxBursts    = npu_pkg::DmaMaxBursts,
  parameter int unsigned DmaBurstBeats   = 256,
  // The DMA's load and store engines on one burst generator, one at a time, the rows its
  // store reads ahead (4 keep a beat a cycle), and its engines moving a byte a cycle
  // instead of realigning whole beats: a small FPGA's choices.
  parameter bit          DmaSharedBursts = 1'b0,
  parameter int unsigned DmaRowBuffer    = 4,
  parameter bit          DmaByteSerial   = 1'b0,
  // Instructions each unit queue holds (decode runs ahead of a busy unit by this many).
  // 0: no queues; a unit takes its instruction from the decoder's head (the fetch
  // buffer's entry), which waits there until the unit starts it (a small FPGA's choice).
  parameter int unsigned QueueDepth      = 8,
  // Instructions the fetch buffer holds: as many as a queue and at least one 64-byte burst
  // (4) unless a small FPGA sets fewer (bursts then shrink to fit: one instruction each
  // at 1).
  parameter int unsigned FetchDepth      = (QueueDepth > 4) ? QueueDepth : 4,
  // MATMULs the matmul engine holds in flight, and the scratchpad rows it reads ahead
  // beyond the read latency: 4 keep back-to-back MATMULs at m + k cycles each; 1 runs one
  // at a time (a small FPGA's flip-flops).
  parameter int unsigned MatmulDepth     = 4,
  // The vector unit's requantize and add pipelines take this many cycles per row, with
  // that many times fewer lane datapaths (a small FPGA's choice; 1: a row per cycle).
  // Must divide ArrayCols and max(ArrayRows, ArrayCols).
  parameter int unsigned VecCyclesPerRow = 1,
  // The vector unit's arithmetic a bit a cycle: multiplies by shift and add (no DSP
  // blocks), rounding shifts without barrel shifters; a lane takes 34 cycles for each
  // value it requantizes or adds (a small FPGA's choice).
  parameter bit          VecSerial       = 1'b0,
  // The first 2 * DspPairCols array columns are built as PE pairs sharing one multiplier
  // (npu_pair_multiplier; an FPGA with fewer DSP blocks than PEs). Same results, cycles.
  parameter int unsigned DspPairCols     = 0,
  // The decoder's pool check and the DMA's descriptor checks multiply by shift and add
  // instead of with multipliers, and the DMA compares a range with its window a bit a
  // cycle (16 cycles more for a pool instruction, 48 for a DMA descriptor): an FPGA with
  // few DSP blocks and few cells.
  parameter bit          SerialChecks    = 1'b0,
  // The nine performance counters in one RAM, added to a counter every 18 cycles from
  // small pending counts (npu_perf_counters): a counter's read waits up to 21 cycles.
  parameter bit          CountersInRam   = 1'b0,
  // A program has fewer than 2^PcWidth instructions (START refuses a longer one with
  // ErrProgram), so every instruction index (the queues', the units', ERROR_PC) fits
  // PcWidth bits and the flip-flops above them are constant zero (npu_fetch).
  parameter int unsigned PcWidth         = 32,
  parameter int unsigned CsrAddrWidth    = 8,
  localparam int unsigned BusBytes       = AxiDataWidth / 8
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  // AXI4-Lite slave (CSRs).
  input  logic                    s_aw_valid_i,
  output logic                    s_aw_ready_o,
  input  logic [CsrAddrWidth-1:0] s_aw_addr_i,
  input  logic                    s_w_valid_i,
  output logic                    s_w_ready_o,
  input  logic [31:0]             s_w_data_i,
  input  logic [3:0]              s_w_strb_i,
  output logic                    s_b_valid_o,
  input  logic                    s_b_ready_i,
  output logic [1:0]              s_b_resp_o,
  input  logic                    s_ar_valid_i,
  output logic                    s_ar_ready_o,
  input  logic [CsrAddrWidth-1:0] s_ar_addr_i,
  output logic                    s_r_valid_o,
  input  logic                    s_r_ready_i,
  output logic [31:0]             s_r_data_o,
  output logic [1:0]              s_r_resp_o,
  // AXI4 master.
  output logic                    axi_ar_valid_o,
  input  logic                    axi_ar_ready_i,
  output logic [AxiAddrWidth-1:0] axi_ar_addr_o,
  output logic [AxiIdWidth-1:0]   axi_ar_id_o,
  output logic [7:0]              axi_ar_len_o,
  output logic [2:0]              axi_ar_size_o,
  output logic [1:0]              axi_ar_burst_o,
  input  logic                    axi_r_valid_i,
  output logic                    axi_r_ready_o,
  input  logic [AxiIdWidth-1:0]   axi_r_id_i,
  input  logic [AxiDataWidth-1:0] axi_r_data_i,
  input  logic [1:0]              axi_r_resp_i,
  input  logic                    axi_r_last_i,
  output logic                    axi_aw_valid_o,
  input  logic                    axi_aw_ready_i,
  output logic [AxiAddrWidth-1:0] axi_aw_addr_o,
  output logic [AxiIdWidth-1:0]   axi_aw_id_o,
  output logic [7:0]              axi_aw_len_o,
  output logic [2:0]              axi_aw_size_o,
  output logic [1:0]              axi_aw_burst_o,
  output logic                    axi_w_valid_o,
  input  logic                    axi_w_ready_i,
  output logic [AxiDataWidth-1:0] axi_w_data_o,
  output logic [BusBytes-1:0]     axi_w_strb_o,
  output logic                    axi_w_last_o,
  input  logic                    axi_b_valid_i,
  output logic                    axi_b_ready_o,
  input  logic [AxiIdWidth-1:0]   axi_b_id_i,
  input  logic [1:0]              axi_b_resp_i,
  output logic                    irq_o,
  // For a cluster: start with a given program without the CSR port (tie to 0 when
  // unused), and the run state as levels (STATUS.DONE / STATUS.ERROR).
  input  logic                    ext_start_i,
  input  logic [31:0]             ext_prog_base_i,
  input  logic [31:0]             ext_prog_len_i,
  output logic                    busy_o,
  output logic                    done_o,
  output logic                    error_o
);

  localparam int unsigned IW            = npu_isa_pkg::InstrWidth;
  localparam int unsigned RowBytes      = (ArrayRows > ArrayCols) ? ArrayRows : ArrayCols;
  localparam int unsigned SpadRows      = SpadBanks * SpadRowsPerBank;
  localparam int unsigned SpadAddrWidth = $clog2(SpadRows);
  localparam int unsigned AccAddrWidth  = $clog2(AccRows);
  localparam int unsigned RowAddrWidth  = (SpadAddrWidth > AccAddrWidth) ? SpadAddrWidth : AccAddrWidth;
  localparam int unsigned AccBytes      = ArrayCols * 4;
  localparam int unsigned LocalBytes    = (RowBytes > AccBytes) ? RowBytes : AccBytes;
  localparam int unsigned RowBytesWidth = $clog2(LocalBytes + 1);
  localparam int unsigned LocalAddrWidth = RowAddrWidth + 1;
  localparam logic [AxiIdWidth-1:0] FetchId = AxiIdWidth'(1);
  localparam int unsigned StuckCycles   = 16;

  `ASSERT_INIT(addr_width_a, AxiAddrWidth == 32)
  `ASSERT_INIT(row_bytes_field_a, LocalBytes < 4096)

  // ---------------------------------------------------------------------------------------
  // CSRs and the run / stop control.
  logic        start, soft_reset_req, done_set, error_set;
  logic [31:0] prog_base, prog_len, win_base, win_limit;
  logic        running_q, halt_q, ending_q, resetting_q, core_rst_q;
  // The run's first error, held until the next START: STATUS and ERROR_PC read these
  // (npu_csr keeps no copy).
  logic        err_valid_q;
  logic [3:0]  err_code_q;
  logic [2:0]  err_unit_q;
  logic [31:0] err_pc_q;
  logic        quiet, core_rst_n;
  logic        busy;

  // Events for the counters.
  logic        ev_mac, ev_exec_busy;
  logic [2:0]  ev_stall;
  logic [15:0] ev_rd_bytes, ev_wr_bytes;
  logic [2:0]  ev_retire;

  assign busy = running_q || resetting_q || core_rst_q;

  npu_csr #(
    .ArrayRows    (ArrayRows),
    .ArrayCols    (ArrayCols),
    .SpadRows     (SpadRows),
    .SpadRowBytes (RowBytes),
    .SpadBanks    (SpadBanks),
    .AccBanks     (AccBanks),
    .AccRows      (AccRows),
    .AxiDataWidth (AxiDataWidth),
    .AxiAddrWidth (AxiAddrWidth),
    .CsrAddrWidth (CsrAddrWidth),
    .CountersInRam (CountersInRam)
  ) u_csr (
    .clk_i,
    .rst_ni,
    .s_aw_valid_i,
    .s_aw_ready_o,
    .s_aw_addr_i,
    .s_w_valid_i,
    .s_w_ready_o,
    .s_w_data_i,
    .s_w_strb_i,
    .s_b_valid_o,
    .s_b_ready_i,
    .s_b_resp_o,
    .s_ar_valid_i,
    .s_ar_ready_o,
    .s_ar_addr_i,
    .s_r_valid_o,
    .s_r_ready_i,
    .s_r_data_o,
    .s_r_resp_o,
    .start_o       (start),
    .soft_reset_o  (soft_reset_req),
    .prog_base_o   (prog_base),
    .prog_len_o    (prog_len),
    .win_base_o    (win_base),
    .win_limit_o   (win_limit),
    .busy_i        (busy),
    .done_set_i    (done_set),
    .error_set_i   (error_set),
    .error_code_i  (err_code_q),
    .error_unit_i  (err_unit_q),
    .error_pc_i    (err_pc_q),
    .ev_cycle_i    (running_q),
    .ev_mac_i      (ev_mac),
    .ev_stall_i    (ev_stall),
    .ev_rd_bytes_i (ev_rd_bytes),
    .ev_wr_bytes_i (ev_wr_bytes),
    .ev_retire_i   (ev_retire),
    .ev_busy_i     (ev_exec_busy),
    .irq_o,
    .ext_start_i,
    .ext_prog_base_i,
    .ext_prog_len_i,
    .status_done_o  (done_o),
    .status_error_o (error_o)
  );
  assign busy_o = busy;

  // Errors from every unit; the first one (lowest unit number within a cycle) is kept.
  logic        f_err, d_err, l_err, e_err, s_err, tok_overflow, stuck;
  logic [3:0]  f_code, d_code, l_code, s_code;
  logic [31:0] f_pc, d_pc, l_pc, s_pc, head_pc;
  logic        any_err;
  logic [3:0]  new_code;
  logic [2:0]  new_unit;
  logic [31:0] new_pc;

  assign e_err = 1'b0;  // the exec unit has no run-time errors: the decoder checked its ranges
  always_comb begin
    any_err  = 1'b1;
    new_code = npu_isa_pkg::ErrNone;
    new_unit = npu_isa_pkg::ErrUnitFetch;
    new_pc   = '0;
    if (f_err) begin
      new_code = f_code; new_unit = npu_isa_pkg::ErrUnitFetch; new_pc = f_pc;
    end else if (d_err) begin
      new_code = d_code; new_unit = npu_isa_pkg::ErrUnitDecode; new_pc = d_pc;
    end else if (l_err) begin
      new_code = l_code; new_unit = npu_isa_pkg::ErrUnitLoad; new_pc = l_pc;
    end else if (s_err) begin
      new_code = s_code; new_unit = npu_isa_pkg::ErrUnitStore; new_pc = s_pc;
    end else if (tok_overflow || stuck) begin
      new_code = npu_isa_pkg::ErrToken; new_unit = npu_isa_pkg::ErrUnitDecode; new_pc = head_pc;
    end else begin
      any_err = 1'b0;
    end
  end

  logic end_reached;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      running_q   <= 1'b0;
      halt_q      <= 1'b0;
      ending_q    <= 1'b0;
      resetting_q <= 1'b0;
      core_rst_q  <= 1'b0;
      err_valid_q <= 1'b0;
      err_code_q  <= '0;
      err_unit_q  <= '0;
      err_pc_q    <= '0;
    end else begin
      core_rst_q <= 1'b0;
      if (start) begin
        running_q   <= 1'b1;
        halt_q      <= 1'b0;
        ending_q    <= 1'b0;
        err_valid_q <= 1'b0;
      end
      // The fetch checks the program in the cycle of START.
      if ((running_q || start) && any_err && (!err_valid_q || start) && !ending_q) begin
        err_valid_q <= 1'b1;
        err_code_q  <= new_code;
        err_unit_q  <= new_unit;
        err_pc_q    <= new_pc;
        halt_q      <= 1'b1;
      end
      if (end_reached) begin
        ending_q <= 1'b1;
        halt_q   <= 1'b1;
      end
      if (soft_reset_req) begin
        resetting_q <= 1'b1;
        halt_q      <= 1'b1;
      end
      // Stop once the bus is quiet.
      if (halt_q && quiet) begin
        running_q <= 1'b0;
        halt_q    <= 1'b0;
        ending_q  <= 1'b0;
        if (resetting_q) begin
          resetting_q <= 1'b0;
          core_rst_q  <= 1'b1;
          err_valid_q <= 1'b0;
        end
      end
    end
  end

  // STATUS updates when the core has stopped (a soft reset reports neither).
  assign done_set   = halt_q && quiet && ending_q && !err_valid_q && !resetting_q;
  assign error_set  = halt_q && quiet && err_valid_q && !resetting_q;
  assign core_rst_n = rst_ni && !core_rst_q;

  // ---------------------------------------------------------------------------------------
  // Fetch and the shared read channels.
  logic                    f_ar_valid, f_ar_ready, f_r_valid, f_r_ready;
  logic [AxiAddrWidth-1:0] f_ar_addr;
  logic [7:0]              f_ar_len;
  logic [2:0]              f_ar_size;
  logic                    d_ar_valid, d_ar_ready, d_r_valid, d_r_ready;
  logic [AxiAddrWidth-1:0] d_ar_addr;
  logic [AxiIdWidth-1:0]   d_ar_id;
  logic [7:0]              d_ar_len;
  logic [2:0]              d_ar_size;
  logic [1:0]              d_ar_burst;
  logic                    instr_valid, instr_ready, fetch_finished, fetch_idle;
  logic [IW-1:0]           instr;
  logic [31:0]             instr_pc;

  npu_fetch #(
    .AddrWidth (AxiAddrWidth),
    .DataWidth (AxiDataWidth),
    .Depth     (FetchDepth),
    .PcWidth   (PcWidth)
  ) u_fetch (
    .clk_i,
    .rst_ni        (core_rst_n),
    .start_i       (start),
    .prog_base_i   (prog_base),
    .prog_len_i    (prog_len),
    .win_base_i    (win_base),
    .win_limit_i   (win_limit),
    .halt_i        (halt_q),
    .ar_valid_o    (f_ar_valid),
    .ar_ready_i    (f_ar_ready),
    .ar_addr_o     (f_ar_addr),
    .ar_len_o      (f_ar_len),
    .ar_size_o     (f_ar_size),
    .r_valid_i     (f_r_valid),
    .r_ready_o     (f_r_ready),
    .r_data_i      (axi_r_data_i),
    .r_resp_i      (axi_r_resp_i),
    .r_last_i      (axi_r_last_i),
    .instr_valid_o (instr_valid),
    .instr_ready_i (instr_ready),
    .instr_o       (instr),
    .instr_pc_o    (instr_pc),
    .finished_o    (fetch_finished),
    .idle_o        (fetch_idle),
    .error_o       (f_err),
    .error_code_o  (f_code),
    .error_pc_o    (f_pc)
  );

  npu_axi_read_mux #(
    .AddrWidth (AxiAddrWidth),
    .IdWidth   (AxiIdWidth),
    .FetchId   (FetchId)
  ) u_read_mux (
    .clk_i,
    .rst_ni,
    .f_ar_valid_i (f_ar_valid),
    .f_ar_ready_o (f_ar_ready),
    .f_ar_addr_i  (f_ar_addr),
    .f_ar_len_i   (f_ar_len),
    .f_ar_size_i  (f_ar_size),
    .f_r_valid_o  (f_r_valid),
    .f_r_ready_i  (f_r_ready),
    .d_ar_valid_i (d_ar_valid),
    .d_ar_ready_o (d_ar_ready),
    .d_ar_addr_i  (d_ar_addr),
    .d_ar_id_i    (d_ar_id),
    .d_ar_len_i   (d_ar_len),
    .d_ar_size_i  (d_ar_size),
    .d_ar_burst_i (d_ar_burst),
    .d_r_valid_o  (d_r_valid),
    .d_r_ready_i  (d_r_ready),
    .ar_valid_o   (axi_ar_valid_o),
    .ar_ready_i   (axi_ar_ready_i),
    .ar_addr_o    (axi_ar_addr_o),
    .ar_id_o      (axi_ar_id_o),
    .ar_len_o     (axi_ar_len_o),
    .ar_size_o    (axi_ar_size_o),
    .ar_burst_o   (axi_ar_burst_o),
    .r_valid_i    (axi_r_valid_i),
    .r_ready_o    (axi_r_ready_o),
    .r_id_i       (axi_r_id_i)
  );

  // ---------------------------------------------------------------------------------------
  // Decode and the three queues.
  logic [2:0]  q_in_valid, q_in_ready, q_out_valid, q_out_ready;
  logic [3*(IW+32)-1:0] q_out_data;
  // A running program's PROG_LEN fits PcWidth bits (START checked it): the index past its
  // end, which the decoder and the token check report.
  logic [31:0] run_len;
  assign run_len = 32'(prog_len[PcWidth-1:0]);
  logic [2:0]  q_empty;
  logic        drained, d_retire, d_idle;
  logic        l_idle, s_idle, e_idle;
  logic        l_retire, s_retire, e_retire;
  logic        l_stall, s_stall, e_stall;

  npu_decode #(
    .ArrayRows    (ArrayRows),
    .ArrayCols    (ArrayCols),
    .SpadRows     (SpadRows),
    .AccRows      (AccRows),
    .RowAddrWidth (RowAddrWidth),
    .LocalBytes   (LocalBytes),
    .SerialChecks (SerialChecks)
  ) u_decode (
    .clk_i,
    .rst_ni           (core_rst_n),
    .run_i            (running_q),
    .halt_i           (halt_q),
    .prog_len_i       (run_len),
    .instr_valid_i    (instr_valid),
    .instr_ready_o    (instr_ready),
    .instr_i          (instr),
    .instr_pc_i       (instr_pc),
    .fetch_finished_i (fetch_finished),
    .q_valid_o        (q_in_valid),
    .q_ready_i        (q_in_ready),
    .drained_i        (drained),
    .retire_o         (d_retire),
    .end_o            (end_reached),
    .error_o          (d_err),
    .error_code_o     (d_code),
    .error_pc_o       (d_pc),
    .idle_o           (d_idle)
  );

  for (genvar q = 0; q < 3; q++) begin : g_queue
    if (QueueDepth == 0) begin : g_direct
      // The unit sees the decoder's head; an instruction offered and not yet started is
      // what the queue would hold.
      assign q_out_valid[q] = q_in_valid[q];
      assign q_in_ready[q]  = q_out_ready[q];
      assign q_out_data[q*(IW+32) +: IW+32] = {instr_pc, instr};
      assign q_empty[q]     = !q_in_valid[q];
    end else begin : g_fifo
      logic [$clog2(QueueDepth + 1)-1:0] count;
      prim_fifo #(.Width(IW + 32), .Depth(QueueDepth)) u_queue (
        .clk_i,
        .rst_ni      (core_rst_n),
        .in_valid_i  (q_in_valid[q]),
        .in_ready_o  (q_in_ready[q]),
        .in_data_i   ({instr_pc, instr}),
        .out_valid_o (q_out_valid[q]),
        .out_ready_i (q_out_ready[q]),
        .out_data_o  (q_out_data[q*(IW+32) +: IW+32]),
        .count_o     (count)
      );
      assign q_empty[q] = count == '0;
    end
  end

  assign drained = &q_empty && l_idle && s_idle && e_idle;
  assign head_pc = instr_valid ? instr_pc : run_len;

  // Dependency tokens: 0 load->exec, 1 exec->load, 2 exec->store, 3 store->exec.
  logic [3:0] tok_avail, tok_push, tok_pop;
  logic       l_pop, l_push, s_pop, s_push;
  logic [1:0] e_pop, e_push;

  npu_dep_tokens u_tokens (
    .clk_i,
    .rst_ni     (core_rst_n),
    .clear_i    (start),
    .push_i     (tok_push),
    .pop_i      (tok_pop),
    .avail_o    (tok_avail),
    .overflow_o (tok_overflow)
  );
  assign tok_push = {s_push, e_push[1], e_push[0], l_push};
  assign tok_pop  = {e_pop[1], s_pop, l_pop, e_pop[0]};

  // ---------------------------------------------------------------------------------------
  // Load and store units on the DMA.
  logic                      l_desc_valid, l_desc_ready, s_desc_valid, s_desc_ready;
  logic [AxiAddrWidth-1:0]   l_desc_addr, l_desc_stride, s_desc_addr, s_desc_stride;
  logic [15:0]               l_desc_rows, s_desc_rows;
  logic [RowBytesWidth-1:0]  l_desc_row_bytes, s_desc_row_bytes;
  logic [LocalAddrWidth-1:0] l_desc_local, l_desc_lstride, s_desc_local, s_desc_lstride;
  logic                      l_desc_store, s_desc_store;
  logic                      desc_valid, desc_ready, desc_pick_store;
  logic                      load_done, store_done, dma_busy;
  logic [3:0]                load_error, store_error;

  npu_dma_queue #(
    .Store         (1'b0),
    .AddrWidth     (AxiAddrWidth),
    .RowAddrWidth  (RowAddrWidth),
    .RowBytesWidth (RowBytesWidth)
  ) u_load (
    .clk_i,
    .rst_ni              (core_rst_n),
    .halt_i              (halt_q),
    .instr_valid_i       (q_out_valid[0]),
    .instr_ready_o       (q_out_ready[0]),
    .instr_i             (q_out_data[0 +: IW]),
    .instr_pc_i          (q_out_data[IW +: 32]),
    .tok_avail_i         (tok_avail[1]),
    .tok_pop_o           (l_pop),
    .tok_push_o          (l_push),
    .desc_valid_o        (l_desc_valid),
    .desc_ready_i        (l_desc_ready),
    .desc_store_o        (l_desc_store),
    .desc_addr_o         (l_desc_addr),
    .desc_rows_o         (l_desc_rows),
    .desc_row_bytes_o    (l_desc_row_bytes),
    .desc_stride_o       (l_desc_stride),
    .desc_local_addr_o   (l_desc_local),
    .desc_local_stride_o (l_desc_lstride),
    .done_i              (load_done),
    .done_error_i        (load_error),
    .idle_o              (l_idle),
    .stall_o             (l_stall),
    .retire_o            (l_retire),
    .error_o             (l_err),
    .error_code_o        (l_code),
    .error_pc_o          (l_pc)
  );

  npu_dma_queue #(
    .Store         (1'b1),
    .AddrWidth     (AxiAddrWidth),
    .RowAddrWidth  (RowAddrWidth),
    .RowBytesWidth (RowBytesWidth)
  ) u_store (
    .clk_i,
    .rst_ni              (core_rst_n),
    .halt_i              (halt_q),
    .instr_valid_i       (q_out_valid[2]),
    .instr_ready_o       (q_out_ready[2]),
    .instr_i             (q_out_data[2*(IW+32) +: IW]),
    .instr_pc_i          (q_out_data[2*(IW+32)+IW +: 32]),
    .tok_avail_i         (tok_avail[2]),
    .tok_pop_o           (s_pop),
    .tok_push_o          (s_push),
    .desc_valid_o        (s_desc_valid),
    .desc_ready_i        (s_desc_ready),
    .desc_store_o        (s_desc_store),
    .desc_addr_o         (s_desc_addr),
    .desc_rows_o         (s_desc_rows),
    .desc_row_bytes_o    (s_desc_row_bytes),
    .desc_stride_o       (s_desc_stride),
    .desc_local_addr_o   (s_desc_local),
    .desc_local_stride_o (s_desc_lstride),
    .done_i              (store_done),
    .done_error_i        (store_error),
    .idle_o              (s_idle),
    .stall_o             (s_stall),
    .retire_o            (s_retire),
    .error_o             (s_err),
    .error_code_o        (s_code),
    .error_pc_o          (s_pc)
  );

  // One descriptor port: the two units take turns (each holds its request until taken).
  // The DMA checks a descriptor where it stands, so the port keeps its pick until the
  // DMA takes it or the unit withdraws it (a halt).
  logic pick_store_q, held_q, held_store_q;
  assign desc_pick_store = held_q ? held_store_q
                         : (l_desc_valid && s_desc_valid) ? pick_store_q : s_desc_valid;
  assign desc_valid      = desc_pick_store ? s_desc_valid : l_desc_valid;
  assign l_desc_ready    = desc_ready && !desc_pick_store;
  assign s_desc_ready    = desc_ready && desc_pick_store;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pick_store_q <= 1'b0;
      held_q       <= 1'b0;
      held_store_q <= 1'b0;
    end else begin
      if (desc_valid && desc_ready) pick_store_q <= !desc_pick_store;
      held_q       <= desc_valid && !desc_ready;
      held_store_q <= desc_pick_store;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Exec unit and the memory system.
  logic                     spad_valid, spad_ready, spad_we, spad_rsp_valid;
  logic [SpadAddrWidth-1:0] spad_addr;
  logic [RowBytes*8-1:0]    spad_wdata, spad_rsp_data;
  logic [RowBytes-1:0]      spad_wmask;
  logic                     acc_valid, acc_ready, acc_rsp_valid;
  logic [1:0]               acc_op;
  logic [AccAddrWidth-1:0]  acc_addr;
  logic [ArrayCols*32-1:0]  acc_wdata, acc_rsp_data;
  logic [ArrayCols*4-1:0]   acc_byte_en;

  npu_exec #(
    .ArrayRows       (ArrayRows),
    .ArrayCols       (ArrayCols),
    .RowBytes        (RowBytes),
    .SpadAddrWidth   (SpadAddrWidth),
    .AccAddrWidth    (AccAddrWidth),
    .ReadLatency     (ReadLatency),
    .VecCyclesPerRow (VecCyclesPerRow),
    .VecSerial       (VecSerial),
    .DspPairCols     (DspPairCols),
    .MatmulDepth     (MatmulDepth)
  ) u_exec (
    .clk_i,
    .rst_ni            (core_rst_n),
    .halt_i            (halt_q),
    .instr_valid_i     (q_out_valid[1]),
    .instr_ready_o     (q_out_ready[1]),
    .instr_i           (q_out_data[(IW+32) +: IW]),
    .tok_avail_i       ({tok_avail[3], tok_avail[0]}),
    .tok_pop_o         (e_pop),
    .tok_push_o        (e_push),
    .spad_req_valid_o  (spad_valid),
    .spad_req_ready_i  (spad_ready),
    .spad_req_we_o     (spad_we),
    .spad_req_addr_o   (spad_addr),
    .spad_req_wdata_o  (spad_wdata),
    .spad_req_wmask_o  (spad_wmask),
    .spad_rsp_valid_i  (spad_rsp_valid),
    .spad_rsp_data_i   (spad_rsp_data),
    .acc_req_valid_o   (acc_valid),
    .acc_req_ready_i   (acc_ready),
    .acc_req_op_o      (acc_op),
    .acc_req_addr_o    (acc_addr),
    .acc_req_wdata_o   (acc_wdata),
    .acc_req_byte_en_o (acc_byte_en),
    .acc_rsp_valid_i   (acc_rsp_valid),
    .acc_rsp_data_i    (acc_rsp_data),
    .idle_o            (e_idle),
    .busy_o            (ev_exec_busy),
    .stall_o           (e_stall),
    .retire_o          (e_retire),
    .mac_o             (ev_mac)
  );

  npu_mem_system #(
    .SpadBanks       (SpadBanks),
    .SpadRowsPerBank (SpadRowsPerBank),
    .SpadRowBytes    (RowBytes),
    .AccRows         (AccRows),
    .AccBanks        (AccBanks),
    .AccLanes        (ArrayCols),
    .ReadLatency     (ReadLatency),
    .AxiDataWidth    (AxiDataWidth),
    .AxiAddrWidth    (AxiAddrWidth),
    .AxiIdWidth      (AxiIdWidth),
    .DmaMaxBursts    (DmaMaxBursts),
    .DmaBurstBeats   (DmaBurstBeats),
    .DmaSharedBursts (DmaSharedBursts),
    .DmaRowBuffer    (DmaRowBuffer),
    .DmaByteSerial   (DmaByteSerial),
    .SerialChecks    (SerialChecks)
  ) u_mem (
    .clk_i,
    .rst_ni                (core_rst_n),
    .desc_valid_i          (desc_valid),
    .desc_ready_o          (desc_ready),
    .desc_store_i          (desc_pick_store ? s_desc_store : l_desc_store),
    .desc_addr_i           (desc_pick_store ? s_desc_addr : l_desc_addr),
    .desc_rows_i           (desc_pick_store ? s_desc_rows : l_desc_rows),
    .desc_row_bytes_i      (desc_pick_store ? s_desc_row_bytes : l_desc_row_bytes),
    .desc_stride_i         (desc_pick_store ? s_desc_stride : l_desc_stride),
    .desc_local_addr_i     (desc_pick_store ? s_desc_local : l_desc_local),
    .desc_local_stride_i   (desc_pick_store ? s_desc_lstride : l_desc_lstride),
    .win_base_i            (win_base),
    .win_limit_i           (win_limit),
    .load_done_o           (load_done),
    .load_error_o          (load_error),
    .store_done_o          (store_done),
    .store_error_o         (store_error),
    .dma_busy_o            (dma_busy),
    .axi_ar_valid_o        (d_ar_valid),
    .axi_ar_ready_i        (d_ar_ready),
    .axi_ar_addr_o         (d_ar_addr),
    .axi_ar_id_o           (d_ar_id),
    .axi_ar_len_o          (d_ar_len),
    .axi_ar_size_o         (d_ar_size),
    .axi_ar_burst_o        (d_ar_burst),
    .axi_r_valid_i         (d_r_valid),
    .axi_r_ready_o         (d_r_ready),
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
    .exe_spad_req_valid_i  (spad_valid),
    .exe_spad_req_ready_o  (spad_ready),
    .exe_spad_req_we_i     (spad_we),
    .exe_spad_req_addr_i   (spad_addr),
    .exe_spad_req_wdata_i  (spad_wdata),
    .exe_spad_req_wmask_i  (spad_wmask),
    .exe_spad_rsp_valid_o  (spad_rsp_valid),
    .exe_spad_rsp_data_o   (spad_rsp_data),
    .exe_acc_req_valid_i   (acc_valid),
    .exe_acc_req_ready_o   (acc_ready),
    .exe_acc_req_op_i      (acc_op),
    .exe_acc_req_addr_i    (acc_addr),
    .exe_acc_req_wdata_i   (acc_wdata),
    .exe_acc_req_byte_en_i (acc_byte_en),
    .exe_acc_rsp_valid_o   (acc_rsp_valid),
    .exe_acc_rsp_data_o    (acc_rsp_data)
  );

  // ---------------------------------------------------------------------------------------
  // Quiet: nothing queued, every unit idle, nothing on the bus.
  assign quiet = drained && d_idle && fetch_idle && !instr_valid && !dma_busy;

  // A deadlock: nothing can move (every queue empty or waiting for a token, fetch quiet,
  // decode not dispatching) for StuckCycles cycles. A program whose pops cannot all be
  // met ends this way instead of hanging.
  logic       frozen;
  logic [4:0] frozen_q;
  // A unit counts only when nothing of it is in flight (an engine still running will push).
  assign frozen = running_q && !halt_q && fetch_idle && !dma_busy && !(instr_valid && instr_ready) &&
                  (q_empty[0] || l_stall) && l_idle && (q_empty[1] || e_stall) && e_idle &&
                  (q_empty[2] || s_stall) && s_idle && !drained;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) frozen_q <= '0;
    else if (!frozen) frozen_q <= '0;
    else if (frozen_q != 5'(StuckCycles)) frozen_q <= frozen_q + 1'b1;
  end
  assign stuck = frozen_q == 5'(StuckCycles);

  // Counter events.
  logic [$clog2(BusBytes + 1)-1:0] strb_count;
  always_comb begin
    strb_count = '0;
    for (int unsigned b = 0; b < BusBytes; b++) strb_count = strb_count + ($clog2(BusBytes + 1))'(axi_w_strb_o[b]);
  end
  assign ev_rd_bytes = (axi_r_valid_i && axi_r_ready_o && axi_r_id_i != FetchId) ? 16'(BusBytes) : '0;
  assign ev_wr_bytes = (axi_w_valid_o && axi_w_ready_i) ? 16'(strb_count) : '0;
  assign ev_stall    = {s_stall, e_stall, l_stall};
  assign ev_retire   = 3'(l_retire) + 3'(s_retire) + 3'(e_retire) + 3'(d_retire);

  logic unused;
  assign unused = ^{e_err, l_desc_store, s_desc_store, q_out_data[2*(IW+32)-1 -: 32]};

endmodule
