// SPDX-License-Identifier: Apache-2.0
// npu_dma_queue: the load or the store queue's unit. It takes the head instruction once
// its dependency tokens are there, gives the DMA one descriptor, waits for the DMA's
// completion, and then pushes its tokens (or reports the DMA's error). One instruction at
// a time: a LOAD or STORE is long (rows of a tile) next to the few cycles between two.
// The descriptor is read from the queue's head, which is popped when the DMA takes it (as
// the transfer starts, or with its report when a check fails): its fields are copied
// neither here nor in the DMA (the engines keep what they need), only the index and the
// push bit. After halt_i the queue is emptied without executing anything.
`include "npu_assert.svh"

module npu_dma_queue #(
  parameter bit          Store          = 1'b0,
  parameter int unsigned AddrWidth      = 32,
  parameter int unsigned RowAddrWidth   = 14,  // rows of the larger local memory
  parameter int unsigned RowBytesWidth  = 7,
  localparam int unsigned IW            = npu_isa_pkg::InstrWidth,
  localparam int unsigned LocalAddrWidth = RowAddrWidth + 1
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  input  logic                      halt_i,
  // Queue head.
  input  logic                      instr_valid_i,
  output logic                      instr_ready_o,
  input  logic [IW-1:0]             instr_i,
  input  logic [31:0]               instr_pc_i,
  // Tokens: the one this queue may pop, and its pop / push strobes. A load queue pops
  // from and pushes to exec as its "next"; a store queue as its "prev".
  input  logic                      tok_avail_i,
  output logic                      tok_pop_o,
  output logic                      tok_push_o,
  // DMA.
  output logic                      desc_valid_o,
  input  logic                      desc_ready_i,
  output logic                      desc_store_o,
  output logic [AddrWidth-1:0]      desc_addr_o,
  output logic [15:0]               desc_rows_o,
  output logic [RowBytesWidth-1:0]  desc_row_bytes_o,
  output logic [AddrWidth-1:0]      desc_stride_o,
  output logic [LocalAddrWidth-1:0] desc_local_addr_o,
  output logic [LocalAddrWidth-1:0] desc_local_stride_o,
  input  logic                      done_i,
  input  logic [3:0]                done_error_i,
  // Status.
  output logic                      idle_o,
  output logic                      stall_o,   // head waiting for a token
  output logic                      retire_o,
  output logic                      error_o,
  output logic [3:0]                error_code_o,
  output logic [31:0]               error_pc_o
);

  // LOAD and STORE share one layout (spec/npu.toml); the LOAD names are used for both.
  localparam int unsigned AddrLsb    = npu_isa_pkg::LoadDramAddrLsb;
  localparam int unsigned StrideLsb  = npu_isa_pkg::LoadDramStrideLsb;
  localparam int unsigned StrideW    = npu_isa_pkg::LoadDramStrideWidth;
  localparam int unsigned RowsLsb    = npu_isa_pkg::LoadRowsLsb;
  localparam int unsigned RowBytesLsb = npu_isa_pkg::LoadRowBytesLsb;
  localparam int unsigned LocalLsb   = npu_isa_pkg::LoadLocalAddrLsb;
  localparam int unsigned LocalW     = npu_isa_pkg::LoadLocalAddrWidth;
  localparam int unsigned LStrideLsb = npu_isa_pkg::LoadLocalStrideLsb;
  localparam int unsigned LStrideW   = npu_isa_pkg::LoadLocalStrideWidth;

  // Own-direction dependency bits: a load waits on / signals exec as "next", a store as
  // "prev".
  localparam int unsigned PopBit  = Store ? npu_isa_pkg::HdrPopPrevLsb : npu_isa_pkg::HdrPopNextLsb;
  localparam int unsigned PushBit = Store ? npu_isa_pkg::HdrPushPrevLsb : npu_isa_pkg::HdrPushNextLsb;

  localparam logic [1:0] Idle = 2'd0, Issue = 2'd1, Wait = 2'd2;
  logic [1:0]        state_q;
  logic              push_q;
  logic [31:0]       pc_q;
  logic              needs_token, start;
  logic [LocalW-1:0] local_addr;
  logic [LStrideW-1:0] local_stride;

  assign needs_token   = instr_i[PopBit];
  assign start         = state_q == Idle && instr_valid_i && !halt_i &&
                         (!needs_token || tok_avail_i);
  // The head is taken with its descriptor; after a halt the queue drains without
  // executing, and a descriptor the DMA has not taken is dropped (with no queue, the
  // instruction it comes from leaves with the rest of the fetched program).
  assign instr_ready_o = (state_q == Issue && desc_ready_i && !halt_i) || (state_q == Idle && halt_i);
  assign tok_pop_o     = start && needs_token;
  assign stall_o       = state_q == Idle && instr_valid_i && !halt_i && needs_token && !tok_avail_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= Idle;
    end else begin
      case (state_q)
        Idle:    if (start) state_q <= Issue;
        // The DMA reports a descriptor that fails its checks as it takes it.
        Issue:   if (halt_i || (desc_ready_i && done_i)) state_q <= Idle;
                 else if (desc_ready_i) state_q <= Wait;
        Wait:    if (done_i) state_q <= Idle;
        default: state_q <= Idle;
      endcase
    end
  end

  always_ff @(posedge clk_i) begin
    if (start) begin
      push_q <= instr_i[PushBit];
      pc_q   <= instr_pc_i;
    end
  end

  // From the head (Issue). The decoder has checked that the local address and stride fit
  // the local memories and that row_bytes fits RowBytesWidth; the DMA checks the rest.
  assign local_addr          = instr_i[LocalLsb +: LocalW];
  assign local_stride        = instr_i[LStrideLsb +: LStrideW];
  assign desc_valid_o        = state_q == Issue && !halt_i;
  assign desc_store_o        = Store;
  assign desc_addr_o         = instr_i[AddrLsb +: AddrWidth];
  assign desc_rows_o         = instr_i[RowsLsb +: 16];
  assign desc_row_bytes_o    = instr_i[RowBytesLsb +: RowBytesWidth];
  assign desc_stride_o       = AddrWidth'(instr_i[StrideLsb +: StrideW]);
  assign desc_local_addr_o   = {local_addr[LocalW-1], local_addr[RowAddrWidth-1:0]};
  assign desc_local_stride_o = LocalAddrWidth'(local_stride);

  logic finished;
  assign finished     = done_i && (state_q == Wait || (state_q == Issue && desc_ready_i && !halt_i));
  assign retire_o     = finished && done_error_i == npu_pkg::DmaErrNone;
  assign tok_push_o   = retire_o && push_q;
  assign error_o      = finished && done_error_i != npu_pkg::DmaErrNone;
  assign error_code_o = done_error_i;  // the DMA's codes are the spec's codes 1 .. 5
  assign error_pc_o   = pc_q;
  assign idle_o       = state_q == Idle;

  logic unused;
  assign unused = ^{local_stride, instr_i[LocalLsb +: LocalW],
                    instr_i[AddrLsb-1:0], instr_i[RowBytesLsb +: 12]};

  `ASSERT(head_held_a, state_q == Issue && !halt_i |-> instr_valid_i, clk_i, rst_ni)

endmodule
