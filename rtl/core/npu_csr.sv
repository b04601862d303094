// SPDX-License-Identifier: Apache-2.0
// npu_csr: the host's AXI4-Lite slave: identification, read-only configuration, control,
// status, interrupt and program registers, and the performance counters (map in
// spec/npu.toml, docs/registers.md). One access of each kind at a time; a write takes
// its address and data together, in the first cycle both are valid (AXI lets a slave
// wait for both; its masters raise each valid without waiting for the other's ready), so
// nothing of a write is held. An offset outside the map, or a write to a
// read-only register, answers SLVERR and changes nothing. A read is answered the cycle
// after its address, or (counters in RAM, npu_perf_counters) when its counter's value is
// read out, at most 2 x 9 + 3 cycles later.
`include "npu_assert.svh"

module npu_csr #(
  parameter int unsigned ArrayRows    = npu_pkg::ArrayRows,
  parameter int unsigned ArrayCols    = npu_pkg::ArrayCols,
  parameter int unsigned SpadRows     = 16384,
  parameter int unsigned SpadRowBytes = 16,
  parameter int unsigned SpadBanks    = 4,
  parameter int unsigned AccBanks     = 2,
  parameter int unsigned AccRows      = 1024,
  parameter int unsigned AxiDataWidth = 128,
  parameter int unsigned AxiAddrWidth = 32,
  parameter int unsigned CsrAddrWidth = 8,
  parameter bit          CountersInRam = 1'b0   // npu_perf_counters' InRam
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  // AXI4-Lite slave.
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
  // Start from outside the CSRs (the cluster's global block): the program given here
  // replaces PROG_BASE and PROG_LEN. Ignored while busy, like a START written to CTRL.
  input  logic                    ext_start_i,
  input  logic [31:0]             ext_prog_base_i,
  input  logic [31:0]             ext_prog_len_i,
  // Control.
  output logic                    start_o,       // pulse
  output logic                    soft_reset_o,  // pulse
  output logic [31:0]             prog_base_o,
  output logic [31:0]             prog_len_o,
  output logic [31:0]             win_base_o,
  output logic [31:0]             win_limit_o,
  // Status.
  input  logic                    busy_i,
  input  logic                    done_set_i,    // pulse: END reached
  input  logic                    error_set_i,   // pulse: stopped on an error
  // The stopped program's error, held from error_set_i until the next START or soft
  // reset (npu_core's registers: STATUS and ERROR_PC show them while STATUS.ERROR is set,
  // so the CSRs keep no copy).
  input  logic [3:0]              error_code_i,
  input  logic [2:0]              error_unit_i,
  input  logic [31:0]             error_pc_i,
  // Counter events (cleared by START).
  input  logic                    ev_cycle_i,
  input  logic                    ev_mac_i,
  input  logic [2:0]              ev_stall_i,    // load, exec, store
  input  logic [15:0]             ev_rd_bytes_i,
  input  logic [15:0]             ev_wr_bytes_i,
  input  logic [2:0]              ev_retire_i,   // instructions retired this cycle
  input  logic                    ev_busy_i,
  output logic                    irq_o,
  output logic                    status_done_o,   // STATUS.DONE
  output logic                    status_error_o   // STATUS.ERROR
);

  localparam logic [1:0] RespOkay = 2'b00, RespSlvErr = 2'b10;

  logic        irq_en_q, done_q, error_q, irq_done_q, irq_error_q;
  logic [31:0] prog_base_q, prog_len_q, win_base_q, win_limit_q;
  // Counters in the order of their offsets, PERF_CYCLES first, 4 bytes apart.
  localparam int unsigned NumCounters = 9;
  localparam int unsigned CounterIdxWidth = $clog2(NumCounters);
  logic [NumCounters*16-1:0] cnt_inc;

  // ---------------------------------------------------------------------------------------
  // Writes: AW and W in the same cycle, answered on B the cycle after.
  logic                    do_write, write_ok;
  logic [CsrAddrWidth-1:0] wa;

  assign do_write     = s_aw_valid_i && s_w_valid_i && !s_b_valid_o;
  assign s_aw_ready_o = do_write;
  assign s_w_ready_o  = do_write;
  assign wa           = s_aw_addr_i;

  always_comb begin
    case ({wa[CsrAddrWidth-1:2], 2'b00})
      CsrAddrWidth'(npu_isa_pkg::CsrCtrl), CsrAddrWidth'(npu_isa_pkg::CsrIrqStatus),
      CsrAddrWidth'(npu_isa_pkg::CsrProgBase), CsrAddrWidth'(npu_isa_pkg::CsrProgLen),
      CsrAddrWidth'(npu_isa_pkg::CsrWinBase), CsrAddrWidth'(npu_isa_pkg::CsrWinLimit):
        write_ok = wa[1:0] == 2'b00;
      default: write_ok = 1'b0;
    endcase
  end

  function automatic logic [31:0] merge(input logic [31:0] old, input logic [31:0] data,
                                        input logic [3:0] strb);
    for (int unsigned lane = 0; lane < 4; lane++) merge[lane*8 +: 8] = strb[lane] ? data[lane*8 +: 8] : old[lane*8 +: 8];
  endfunction

  logic [31:0] wdata;
  logic        wr_ctrl, wr_irq;
  assign wdata   = s_w_data_i & {{8{s_w_strb_i[3]}}, {8{s_w_strb_i[2]}}, {8{s_w_strb_i[1]}}, {8{s_w_strb_i[0]}}};
  assign wr_ctrl = do_write && write_ok && {wa[CsrAddrWidth-1:2], 2'b00} == CsrAddrWidth'(npu_isa_pkg::CsrCtrl);
  assign wr_irq  = do_write && write_ok && {wa[CsrAddrWidth-1:2], 2'b00} == CsrAddrWidth'(npu_isa_pkg::CsrIrqStatus);
  logic ext_start;
  assign ext_start    = ext_start_i && !busy_i;
  assign start_o      = ((wr_ctrl && wdata[npu_isa_pkg::CsrCtrlStartLsb]) || ext_start_i) && !busy_i;
  assign soft_reset_o = wr_ctrl && wdata[npu_isa_pkg::CsrCtrlSoftResetLsb];

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s_b_valid_o <= 1'b0;
      s_b_resp_o  <= RespOkay;
    end else if (do_write) begin
      s_b_valid_o <= 1'b1;
      s_b_resp_o  <= write_ok ? RespOkay : RespSlvErr;
    end else if (s_b_valid_o && s_b_ready_i) begin
      s_b_valid_o <= 1'b0;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Registers.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      irq_en_q    <= 1'b0;
      prog_base_q <= '0;
      prog_len_q  <= '0;
      win_base_q  <= '0;
      win_limit_q <= '0;
    end else if (ext_start) begin
      prog_base_q <= ext_prog_base_i;
      prog_len_q  <= ext_prog_len_i;
    end else if (do_write && write_ok) begin
      case ({wa[CsrAddrWidth-1:2], 2'b00})
        CsrAddrWidth'(npu_isa_pkg::CsrCtrl):
          if (s_w_strb_i[0]) irq_en_q <= s_w_data_i[npu_isa_pkg::CsrCtrlIrqEnLsb];
        CsrAddrWidth'(npu_isa_pkg::CsrProgBase): prog_base_q <= merge(prog_base_q, s_w_data_i, s_w_strb_i);
        CsrAddrWidth'(npu_isa_pkg::CsrProgLen):  prog_len_q  <= merge(prog_len_q, s_w_data_i, s_w_strb_i);
        CsrAddrWidth'(npu_isa_pkg::CsrWinBase):  win_base_q  <= merge(win_base_q, s_w_data_i, s_w_strb_i);
        CsrAddrWidth'(npu_isa_pkg::CsrWinLimit): win_limit_q <= merge(win_limit_q, s_w_data_i, s_w_strb_i);
        default: ;
      endcase
    end
  end

  // Status and interrupt causes. START and soft reset clear the status of the last program.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      done_q      <= 1'b0;
      error_q     <= 1'b0;
      irq_done_q  <= 1'b0;
      irq_error_q <= 1'b0;
    end else begin
      if (start_o || soft_reset_o) begin
        done_q     <= 1'b0;
        error_q    <= 1'b0;
      end
      if (done_set_i) begin
        done_q     <= 1'b1;
        irq_done_q <= 1'b1;
      end
      if (error_set_i) begin
        error_q     <= 1'b1;
        irq_error_q <= 1'b1;
      end
      if (wr_irq && !done_set_i && wdata[npu_isa_pkg::CsrIrqStatusDoneLsb]) irq_done_q <= 1'b0;
      if (wr_irq && !error_set_i && wdata[npu_isa_pkg::CsrIrqStatusErrorLsb]) irq_error_q <= 1'b0;
    end
  end
  assign irq_o = irq_en_q && (irq_done_q || irq_error_q);

  // Counters (cleared by START). A cycle's byte counts are at most a bus beat.
  logic        cnt_rd_valid, cnt_rd_done;
  logic [31:0] cnt_rd_data;
  logic [CounterIdxWidth-1:0] counter_idx;
  assign cnt_inc = {16'(ev_busy_i), 16'(ev_retire_i), ev_wr_bytes_i, ev_rd_bytes_i,
                    16'(ev_stall_i[2]), 16'(ev_stall_i[1]), 16'(ev_stall_i[0]), 16'(ev_mac_i),
                    16'(ev_cycle_i)};
  npu_perf_counters #(
    .NumCounters (NumCounters),
    .IncWidth    (16),
    .MaxInc      ((AxiDataWidth / 8 > 7) ? AxiDataWidth / 8 : 7),
    .InRam       (CountersInRam),
    // cycles, MACs, the three stalls and busy: one bit each (the order of cnt_inc)
    .OneBitEvents(NumCounters'(9'b1_0001_1111))
  ) u_counters (
    .clk_i,
    .rst_ni,
    .clear_i    (start_o),
    .inc_i      (cnt_inc),
    .rd_valid_i (cnt_rd_valid),
    .rd_idx_i   (counter_idx),
    .rd_done_o  (cnt_rd_done),
    .rd_data_o  (cnt_rd_data)
  );

  // The fetch takes the program in the cycle of START.
  assign prog_base_o = ext_start ? ext_prog_base_i : prog_base_q;
  assign prog_len_o  = ext_start ? ext_prog_len_i : prog_len_q;
  assign status_done_o  = done_q;
  assign status_error_o = error_q;
  assign win_base_o  = win_base_q;
  assign win_limit_o = win_limit_q;

  // ---------------------------------------------------------------------------------------
  // Reads: answered the cycle after the address; a counter's when the counters give it.
  logic [31:0] rdata;
  logic        read_ok, counter_hit, counter_read, cnt_wait_q;
  logic [CsrAddrWidth-1:0] counter_off;
  assign counter_off = s_ar_addr_i - CsrAddrWidth'(npu_isa_pkg::CsrPerfCycles);
  assign counter_hit = s_ar_addr_i >= CsrAddrWidth'(npu_isa_pkg::CsrPerfCycles) &&
                       counter_off < CsrAddrWidth'(NumCounters * 4);
  assign counter_idx = CounterIdxWidth'(counter_off >> 2);
  localparam int unsigned SpadRowBytesField = (SpadRowBytes > 255) ? 0 : SpadRowBytes;

  always_comb begin
    read_ok = s_ar_addr_i[1:0] == 2'b00;
    rdata   = '0;
    case ({s_ar_addr_i[CsrAddrWidth-1:2], 2'b00})
      CsrAddrWidth'(npu_isa_pkg::CsrId):         rdata = npu_isa_pkg::DeviceId;
      CsrAddrWidth'(npu_isa_pkg::CsrVersion):    rdata = npu_isa_pkg::DeviceVersion;
      CsrAddrWidth'(npu_isa_pkg::CsrCfgArray):   rdata = {8'd0, 8'd1, 8'(ArrayCols), 8'(ArrayRows)};
      CsrAddrWidth'(npu_isa_pkg::CsrCfgSpad):    rdata = {8'(SpadRowBytesField), 24'(SpadRows)};
      CsrAddrWidth'(npu_isa_pkg::CsrCfgAcc):     rdata = {4'(SpadBanks), 4'(AccBanks), 24'(AccRows)};
      CsrAddrWidth'(npu_isa_pkg::CsrCfgBus):     rdata = {8'd0, 8'(AxiAddrWidth), 16'(AxiDataWidth)};
      CsrAddrWidth'(npu_isa_pkg::CsrCtrl):       rdata = 32'(irq_en_q) << npu_isa_pkg::CsrCtrlIrqEnLsb;
      CsrAddrWidth'(npu_isa_pkg::CsrStatus): begin
        rdata[npu_isa_pkg::CsrStatusBusyLsb]  = busy_i;
        rdata[npu_isa_pkg::CsrStatusDoneLsb]  = done_q;
        rdata[npu_isa_pkg::CsrStatusErrorLsb] = error_q;
        rdata[npu_isa_pkg::CsrStatusErrorCodeLsb +: 4] = error_q ? error_code_i : 4'd0;
        rdata[npu_isa_pkg::CsrStatusErrorUnitLsb +: 3] = error_q ? error_unit_i : 3'd0;
      end
      CsrAddrWidth'(npu_isa_pkg::CsrIrqStatus): begin
        rdata[npu_isa_pkg::CsrIrqStatusDoneLsb]  = irq_done_q;
        rdata[npu_isa_pkg::CsrIrqStatusErrorLsb] = irq_error_q;
      end
      CsrAddrWidth'(npu_isa_pkg::CsrErrorPc):        rdata = error_q ? error_pc_i : '0;
      CsrAddrWidth'(npu_isa_pkg::CsrProgBase):       rdata = prog_base_q;
      CsrAddrWidth'(npu_isa_pkg::CsrProgLen):        rdata = prog_len_q;
      CsrAddrWidth'(npu_isa_pkg::CsrWinBase):        rdata = win_base_q;
      CsrAddrWidth'(npu_isa_pkg::CsrWinLimit):       rdata = win_limit_q;
      default: read_ok = read_ok && counter_hit;
    endcase
  end

  assign s_ar_ready_o = !s_r_valid_o && !cnt_wait_q;
  assign counter_read = s_ar_valid_i && s_ar_ready_o && read_ok && counter_hit;
  assign cnt_rd_valid = counter_read;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s_r_valid_o <= 1'b0;
      s_r_data_o  <= '0;
      s_r_resp_o  <= RespOkay;
      cnt_wait_q  <= 1'b0;
    end else if (counter_read && !cnt_rd_done) begin
      cnt_wait_q  <= 1'b1;
    end else if (counter_read || (cnt_wait_q && cnt_rd_done)) begin
      cnt_wait_q  <= 1'b0;
      s_r_valid_o <= 1'b1;
      s_r_data_o  <= cnt_rd_data;
      s_r_resp_o  <= RespOkay;
    end else if (s_ar_valid_i && s_ar_ready_o) begin
      s_r_valid_o <= 1'b1;
      s_r_data_o  <= read_ok ? rdata : '0;
      s_r_resp_o  <= read_ok ? RespOkay : RespSlvErr;
    end else if (s_r_valid_o && s_r_ready_i) begin
      s_r_valid_o <= 1'b0;
    end
  end

  `ASSERT_INIT(counters_contiguous_a,
               npu_isa_pkg::CsrPerfBusy == npu_isa_pkg::CsrPerfCycles + 8'(4 * (NumCounters - 1)))

endmodule
