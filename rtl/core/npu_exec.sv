// SPDX-License-Identifier: Apache-2.0
// npu_exec: the exec queue's unit. It starts the head instruction once its dependency
// tokens are there: MATMULs on the matmul engine (back to back, so the tile overlaps
// them), VEC and CONFIG on the vector engine, each alone (they read what the instruction
// before wrote). Tokens an instruction pushes are given when it finishes, in order.
// The two engines take turns on the compute ports of the scratchpad and accumulator.
module npu_exec #(
  parameter int unsigned ArrayRows       = npu_pkg::ArrayRows,
  parameter int unsigned ArrayCols       = npu_pkg::ArrayCols,
  parameter int unsigned RowBytes        = npu_pkg::ScratchpadRowBytes,
  parameter int unsigned SpadAddrWidth   = 14,
  parameter int unsigned AccAddrWidth    = 10,
  parameter int unsigned ReadLatency     = npu_pkg::SramReadLatency,
  parameter int unsigned VecCyclesPerRow = 1,
  parameter bit          VecSerial       = 1'b0,
  parameter int unsigned DspPairCols     = 0,
  parameter int unsigned MatmulDepth     = 4,   // npu_matmul_engine: how far it runs ahead
  localparam int unsigned IW             = npu_isa_pkg::InstrWidth
) (
  input  logic                         clk_i,
  input  logic                         rst_ni,
  input  logic                         halt_i,
  input  logic                         instr_valid_i,
  output logic                         instr_ready_o,
  input  logic [IW-1:0]                instr_i,
  // Tokens: 0 prev (from load), 1 next (from store).
  input  logic [1:0]                   tok_avail_i,
  output logic [1:0]                   tok_pop_o,
  output logic [1:0]                   tok_push_o,    // 0 to load, 1 to store
  // Scratchpad port 1.
  output logic                         spad_req_valid_o,
  input  logic                         spad_req_ready_i,
  output logic                         spad_req_we_o,
  output logic [SpadAddrWidth-1:0]     spad_req_addr_o,
  output logic [RowBytes*8-1:0]        spad_req_wdata_o,
  output logic [RowBytes-1:0]          spad_req_wmask_o,
  input  logic                         spad_rsp_valid_i,
  input  logic [RowBytes*8-1:0]        spad_rsp_data_i,
  // Accumulator port 1.
  output logic                         acc_req_valid_o,
  input  logic                         acc_req_ready_i,
  output logic [1:0]                   acc_req_op_o,
  output logic [AccAddrWidth-1:0]      acc_req_addr_o,
  output logic [ArrayCols*32-1:0]      acc_req_wdata_o,
  output logic [ArrayCols*4-1:0]       acc_req_byte_en_o,
  input  logic                         acc_rsp_valid_i,
  input  logic [ArrayCols*32-1:0]      acc_rsp_data_i,
  // Status.
  output logic                         idle_o,
  output logic                         busy_o,   // an instruction in progress
  output logic                         stall_o,  // head waiting for a token
  output logic                         retire_o,
  output logic                         mac_o
);

  localparam int unsigned KWidth = $clog2(ArrayRows + 1);
  localparam int unsigned NWidth = $clog2(ArrayCols + 1);
  localparam int unsigned DoneDepth = 4;  // instructions started and not finished

  logic is_matmul, tokens_ok, can_start, offer, start, mm_start, vec_start;
  logic mm_ready, mm_done, mm_idle, vec_ready, vec_done, vec_idle;
  logic done_in_ready, done_valid, done_push_prev, done_push_next;
  logic [$clog2(DoneDepth + 1)-1:0] done_count;

  assign is_matmul = instr_i[npu_isa_pkg::HdrOpcodeLsb +: 4] == npu_isa_pkg::OpMatmul;
  assign tokens_ok = (!instr_i[npu_isa_pkg::HdrPopPrevLsb] || tok_avail_i[0]) &&
                     (!instr_i[npu_isa_pkg::HdrPopNextLsb] || tok_avail_i[1]);
  // A MATMUL may follow MATMULs; anything else starts only when both engines are idle.
  assign can_start = done_in_ready && vec_idle &&
                     (is_matmul ? mm_ready : (mm_idle && done_count == '0));
  // The engines' valid (offer) never waits for their ready: the vector engine may hold an
  // offered instruction a cycle (VecSerial's cfg.add writes a multiplier first), and the
  // instruction starts (leaves the queue, pops its tokens) when the engine takes it.
  assign offer     = instr_valid_i && !halt_i && tokens_ok && can_start;
  assign mm_start  = offer && is_matmul;
  assign vec_start = offer && !is_matmul;
  assign start     = mm_start || (vec_start && vec_ready);
  assign instr_ready_o = start || (halt_i && instr_valid_i);
  assign tok_pop_o = {2{start}} & {instr_i[npu_isa_pkg::HdrPopNextLsb], instr_i[npu_isa_pkg::HdrPopPrevLsb]};
  assign stall_o   = instr_valid_i && !halt_i && !tokens_ok;

  // Push flags of the instructions in flight, given back in order as they finish.
  prim_fifo #(.Width(2), .Depth(DoneDepth)) u_done_fifo (
    .clk_i,
    .rst_ni,
    .in_valid_i  (start),
    .in_ready_o  (done_in_ready),
    .in_data_i   ({instr_i[npu_isa_pkg::HdrPushNextLsb], instr_i[npu_isa_pkg::HdrPushPrevLsb]}),
    .out_valid_o (done_valid),
    .out_ready_i (mm_done || vec_done),
    .out_data_o  ({done_push_next, done_push_prev}),
    .count_o     (done_count)
  );
  assign retire_o   = mm_done || vec_done;
  assign tok_push_o = {2{retire_o}} & {done_push_next, done_push_prev};
  assign idle_o     = mm_idle && vec_idle && done_count == '0;
  assign busy_o     = !idle_o;

  // ---------------------------------------------------------------------------------------
  logic                     mm_spad_valid, vec_spad_valid, vec_spad_we;
  logic [SpadAddrWidth-1:0] mm_spad_addr, vec_spad_addr;
  logic [RowBytes*8-1:0]    vec_spad_wdata;
  logic [RowBytes-1:0]      vec_spad_wmask;
  logic                     mm_acc_valid, vec_acc_valid;
  logic [1:0]               mm_acc_op;
  logic [AccAddrWidth-1:0]  mm_acc_addr, vec_acc_addr;
  logic                     vec_owns;

  npu_matmul_engine #(
    .ArrayRows     (ArrayRows),
    .ArrayCols     (ArrayCols),
    .DspPairCols   (DspPairCols),
    .RowBytes      (RowBytes),
    .SpadAddrWidth (SpadAddrWidth),
    .AccAddrWidth  (AccAddrWidth),
    .ReadLatency   (ReadLatency),
    .Depth         (MatmulDepth)
  ) u_matmul (
    .clk_i,
    .rst_ni,
    .start_valid_i     (mm_start),
    .start_ready_o     (mm_ready),
    .w_addr_i          (SpadAddrWidth'(instr_i[npu_isa_pkg::MatmulWAddrLsb +: npu_isa_pkg::MatmulWAddrWidth])),
    .a_addr_i          (SpadAddrWidth'(instr_i[npu_isa_pkg::MatmulAAddrLsb +: npu_isa_pkg::MatmulAAddrWidth])),
    .acc_addr_i        (AccAddrWidth'(instr_i[npu_isa_pkg::MatmulAccAddrLsb +: npu_isa_pkg::MatmulAccAddrWidth])),
    .m_i               (instr_i[npu_isa_pkg::MatmulMLsb +: 16]),
    .k_i               (KWidth'(instr_i[npu_isa_pkg::MatmulKLsb +: npu_isa_pkg::MatmulKWidth])),
    .n_i               (NWidth'(instr_i[npu_isa_pkg::MatmulNLsb +: npu_isa_pkg::MatmulNWidth])),
    .accumulate_i      (instr_i[npu_isa_pkg::HdrFuncLsb +: 4] == npu_isa_pkg::FuncMatmulAcc),
    .spad_req_valid_o  (mm_spad_valid),
    .spad_req_ready_i  (spad_req_ready_i && !vec_owns),
    .spad_req_addr_o   (mm_spad_addr),
    .spad_rsp_valid_i  (spad_rsp_valid_i && !vec_owns),
    .spad_rsp_data_i,
    .acc_req_valid_o   (mm_acc_valid),
    .acc_req_ready_i   (acc_req_ready_i && !vec_owns),
    .acc_req_op_o      (mm_acc_op),
    .acc_req_addr_o    (mm_acc_addr),
    .acc_req_wdata_o,
    .acc_req_byte_en_o,
    .done_o            (mm_done),
    .idle_o            (mm_idle),
    .mac_o
  );

  npu_vec_engine #(
    .ArrayCols       (ArrayCols),
    .RowBytes        (RowBytes),
    .SpadAddrWidth   (SpadAddrWidth),
    .AccAddrWidth    (AccAddrWidth),
    .ReadLatency     (ReadLatency),
    .VecCyclesPerRow (VecCyclesPerRow),
    .VecSerial       (VecSerial)
  ) u_vec (
    .clk_i,
    .rst_ni,
    .start_valid_i    (vec_start),
    .start_ready_o    (vec_ready),
    .instr_i,
    .spad_req_valid_o (vec_spad_valid),
    .spad_req_ready_i (spad_req_ready_i && vec_owns),
    .spad_req_we_o    (vec_spad_we),
    .spad_req_addr_o  (vec_spad_addr),
    .spad_req_wdata_o (vec_spad_wdata),
    .spad_req_wmask_o (vec_spad_wmask),
    .spad_rsp_valid_i (spad_rsp_valid_i && vec_owns),
    .spad_rsp_data_i,
    .acc_req_valid_o  (vec_acc_valid),
    .acc_req_ready_i  (acc_req_ready_i && vec_owns),
    .acc_req_addr_o   (vec_acc_addr),
    .acc_rsp_valid_i  (acc_rsp_valid_i && vec_owns),
    .acc_rsp_data_i,
    .done_o           (vec_done),
    .idle_o           (vec_idle)
  );

  // The engines never run at once; the vector engine owns the ports while it is busy.
  assign vec_owns = !vec_idle;

  assign spad_req_valid_o = vec_owns ? vec_spad_valid : mm_spad_valid;
  assign spad_req_we_o    = vec_owns && vec_spad_we;
  assign spad_req_addr_o  = vec_owns ? vec_spad_addr : mm_spad_addr;
  assign spad_req_wdata_o = vec_spad_wdata;
  assign spad_req_wmask_o = vec_spad_wmask;
  assign acc_req_valid_o  = vec_owns ? vec_acc_valid : mm_acc_valid;
  assign acc_req_op_o     = vec_owns ? npu_pkg::AccOpRead : mm_acc_op;
  assign acc_req_addr_o   = vec_owns ? vec_acc_addr : mm_acc_addr;

  logic unused;
  assign unused = done_valid;

endmodule
