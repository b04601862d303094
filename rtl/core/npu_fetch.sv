// SPDX-License-Identifier: Apache-2.0
// npu_fetch: reads the program (PROG_LEN 16-byte instructions from PROG_BASE) over the
// core's AXI4 read channels into an instruction FIFO, each instruction with its index (pc).
// Bursts cover at most one aligned block of four instructions (64 bytes; fewer when the
// FIFO holds fewer: a block of 1 or 2), so none crosses 4 KiB; one burst is in flight at
// a time and only when the FIFO has room for all of it, so R is never back-pressured for
// long. The program must lie inside the DRAM window (checked at start, before any bus
// access). A bus error ends fetching; halt_i stops new requests and the beats still owed
// are taken and dropped.
`include "npu_assert.svh"

module npu_fetch #(
  parameter int unsigned AddrWidth = 32,
  parameter int unsigned DataWidth = 128,
  parameter int unsigned Depth     = 8,   // instructions buffered (>= 1)
  localparam int unsigned BusBytes = DataWidth / 8,
  localparam int unsigned IW       = 128,
  localparam int unsigned CountWidth = $clog2(Depth + 1)
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 start_i,
  input  logic [31:0]          prog_base_i,
  input  logic [31:0]          prog_len_i,
  input  logic [AddrWidth-1:0] win_base_i,
  input  logic [AddrWidth-1:0] win_limit_i,
  input  logic                 halt_i,
  // AXI4 read (the ID is added by the mux).
  output logic                 ar_valid_o,
  input  logic                 ar_ready_i,
  output logic [AddrWidth-1:0] ar_addr_o,
  output logic [7:0]           ar_len_o,
  output logic [2:0]           ar_size_o,
  input  logic                 r_valid_i,
  output logic                 r_ready_o,
  input  logic [DataWidth-1:0] r_data_i,
  input  logic [1:0]           r_resp_i,
  input  logic                 r_last_i,
  // Instructions.
  output logic                 instr_valid_o,
  input  logic                 instr_ready_i,
  output logic [IW-1:0]        instr_o,
  output logic [31:0]          instr_pc_o,
  output logic                 finished_o,    // every instruction delivered to the FIFO
  output logic                 idle_o,        // nothing in flight on the bus
  // Errors (a pulse): program checks at start, or a bus error.
  output logic                 error_o,
  output logic [3:0]           error_code_o,
  output logic [31:0]          error_pc_o
);

  `ASSERT_INIT(bus_width_a, DataWidth == 64 || DataWidth == 128 || DataWidth == 256)
  `ASSERT_INIT(depth_a, Depth >= 1)

  localparam int unsigned SpanWidth = AddrWidth + 6;
  localparam int unsigned Slots     = (BusBytes >= 16) ? BusBytes / 16 : 1;
  localparam int unsigned SlotWidth = (Slots > 1) ? $clog2(Slots) : 1;
  // A burst is only requested when the FIFO has room for all of it: blocks of 4
  // instructions, or the largest power of two the FIFO holds.
  localparam int unsigned BlockBytes = (Depth >= 4) ? 64 : (Depth >= 2) ? 32 : 16;

  logic                   active_q;          // program running, requests left to make
  logic [SpanWidth-1:0]   base_q, next_q, end_q;
  logic                   burst_q;           // a burst is in flight
  logic [SpanWidth-1:0]   beat_addr_q;       // bus-aligned address of the next beat
  logic [SpanWidth-1:0]   burst_lo_q, burst_hi_q;
  logic                   drop_q;            // take and drop the rest of the burst

  logic [SpanWidth-1:0]   aligned, block_end, burst_end, prog_end_d;
  logic [SpanWidth-1:0]   n_instr;
  logic [CountWidth-1:0]  fifo_count;
  logic                   fifo_in_valid, fifo_in_ready;
  logic [IW+31:0]         fifo_in_data, fifo_out_data;
  logic                   can_issue, r_take, r_error;
  logic                   start_bad_prog, start_bad_window;

  // ---------------------------------------------------------------------------------------
  // Start checks.
  assign prog_end_d       = SpanWidth'(prog_base_i) + (SpanWidth'(prog_len_i) << 4);
  assign start_bad_prog   = prog_len_i == '0 || prog_base_i[3:0] != '0;
  assign start_bad_window = SpanWidth'(prog_base_i) < SpanWidth'(win_base_i) ||
                            prog_end_d > SpanWidth'(win_limit_i);

  // Next burst: from next_q to the end of its block or of the program.
  assign aligned   = next_q & ~(SpanWidth'(BusBytes) - 1'b1);
  assign block_end = (next_q | (SpanWidth'(BlockBytes) - 1'b1)) + 1'b1;
  assign burst_end = (block_end < end_q) ? block_end : end_q;
  assign n_instr   = (burst_end - next_q) >> 4;
  // The held beat of the last burst may still owe instructions to the FIFO: wait for it,
  // so that the room counted here is real and R is never held up (a held R beat would
  // also hold the DMA's beats behind it).
  assign can_issue = active_q && !halt_i && !burst_q && !hold_valid_q &&
                     (SpanWidth'(fifo_count) + n_instr <= SpanWidth'(Depth));

  // A request once shown is held until taken (AXI), even if a halt comes meanwhile.
  logic ar_held_q;
  assign ar_valid_o = ar_held_q || can_issue;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) ar_held_q <= 1'b0;
    else ar_held_q <= ar_valid_o && !ar_ready_i;
  end
  assign ar_addr_o  = AddrWidth'(aligned);
  assign ar_len_o   = 8'(((burst_end - aligned + SpanWidth'(BusBytes) - 1'b1) / SpanWidth'(BusBytes)) - 1'b1);
  assign ar_size_o  = 3'($clog2(BusBytes));

  // ---------------------------------------------------------------------------------------
  // Beats to instructions.
  logic [IW-1:0]        assembled;
  logic                 beat_gives;    // this beat completes instruction(s) inside the burst
  logic                 hold_valid_q;  // BusBytes >= 32: a beat still giving instructions
  logic [DataWidth-1:0] hold_data_q;
  logic [SpanWidth-1:0] hold_addr_q;   // address of the next instruction in the held beat
  logic [SpanWidth-1:0] emit_addr;

  assign r_error = r_resp_i[1];

  if (BusBytes == 8) begin : g_two_beats
    // Two beats per instruction: keep the low half, emit with the high half.
    logic [63:0] low_q;
    always_ff @(posedge clk_i) begin
      if (r_take && !beat_addr_q[3]) low_q <= r_data_i[63:0];
    end
    assign r_ready_o     = drop_q || (burst_q && fifo_in_ready);
    assign r_take        = r_valid_i && r_ready_o;
    assign beat_gives    = beat_addr_q[3];
    assign assembled     = {r_data_i[63:0], low_q};
    assign emit_addr     = beat_addr_q & ~SpanWidth'(15);
    assign fifo_in_valid = r_take && !drop_q && !r_error && beat_gives;
    assign fifo_in_data  = {32'((emit_addr - base_q) >> 4), assembled};
    assign hold_valid_q  = 1'b0;
    assign hold_data_q   = '0;
    assign hold_addr_q   = '0;
  end else if (BusBytes == 16) begin : g_one_beat
    assign r_ready_o     = drop_q || (burst_q && fifo_in_ready);
    assign r_take        = r_valid_i && r_ready_o;
    assign beat_gives    = beat_addr_q >= burst_lo_q;
    assign assembled     = r_data_i[IW-1:0];
    assign emit_addr     = beat_addr_q;
    assign fifo_in_valid = r_take && !drop_q && !r_error && beat_gives;
    assign fifo_in_data  = {32'((emit_addr - base_q) >> 4), assembled};
    assign hold_valid_q  = 1'b0;
    assign hold_data_q   = '0;
    assign hold_addr_q   = '0;
  end else begin : g_wide
    // Several instructions per beat: hold the beat and emit one instruction per cycle.
    logic [SpanWidth-1:0] first_in_beat, last_in_beat;
    logic                 emit, emit_last;
    logic [SlotWidth-1:0] slot;
    assign first_in_beat = (beat_addr_q < burst_lo_q) ? burst_lo_q : beat_addr_q;
    assign last_in_beat  = ((beat_addr_q + SpanWidth'(BusBytes)) < burst_hi_q)
                           ? beat_addr_q + SpanWidth'(BusBytes) - 16 : burst_hi_q - 16;
    assign r_ready_o     = drop_q || (burst_q && !hold_valid_q);
    assign r_take        = r_valid_i && r_ready_o;
    assign beat_gives    = 1'b1;
    assign emit          = hold_valid_q && fifo_in_ready;
    assign slot          = SlotWidth'(hold_addr_q[SpanWidth-1:4]);
    assign assembled     = hold_data_q[slot*IW +: IW];
    assign emit_addr     = hold_addr_q;
    assign emit_last     = (hold_addr_q + 16) >= burst_hi_q ||
                           ((hold_addr_q + 16) & (SpanWidth'(BusBytes) - 1'b1)) == '0;
    assign fifo_in_valid = emit;
    assign fifo_in_data  = {32'((emit_addr - base_q) >> 4), assembled};
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        hold_valid_q <= 1'b0;
      end else if (r_take && !drop_q && !r_error) begin
        hold_valid_q <= 1'b1;
      end else if (emit && emit_last) begin
        hold_valid_q <= 1'b0;
      end
    end
    always_ff @(posedge clk_i) begin
      if (r_take) begin
        hold_data_q <= r_data_i;
        hold_addr_q <= first_in_beat;
      end else if (emit) begin
        hold_addr_q <= hold_addr_q + 16;
      end
    end
    logic unused_last;
    assign unused_last = ^last_in_beat;
  end

  prim_fifo #(.Width(IW + 32), .Depth(Depth)) u_instr_fifo (
    .clk_i,
    .rst_ni,
    .in_valid_i  (fifo_in_valid),
    .in_ready_o  (fifo_in_ready),
    .in_data_i   (fifo_in_data),
    .out_valid_o (instr_valid_o),
    .out_ready_i (instr_ready_i),
    .out_data_o  (fifo_out_data),
    .count_o     (fifo_count)
  );
  assign instr_o    = fifo_out_data[IW-1:0];
  assign instr_pc_o = fifo_out_data[IW +: 32];

  // ---------------------------------------------------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      active_q    <= 1'b0;
      burst_q     <= 1'b0;
      drop_q      <= 1'b0;
      base_q      <= '0;
      next_q      <= '0;
      end_q       <= '0;
      beat_addr_q <= '0;
      burst_lo_q  <= '0;
      burst_hi_q  <= '0;
    end else begin
      if (start_i && !active_q && !burst_q) begin
        active_q <= !start_bad_prog && !start_bad_window;
        base_q   <= SpanWidth'(prog_base_i);
        next_q   <= SpanWidth'(prog_base_i);
        end_q    <= prog_end_d;
      end
      if (ar_valid_o && ar_ready_i) begin
        burst_q     <= 1'b1;
        beat_addr_q <= aligned;
        burst_lo_q  <= next_q;
        burst_hi_q  <= burst_end;
        next_q      <= burst_end;
        if (burst_end == end_q) active_q <= 1'b0;
      end
      if (halt_i) active_q <= 1'b0;
      if (r_take) begin
        beat_addr_q <= beat_addr_q + SpanWidth'(BusBytes);
        if (r_error && !drop_q) begin
          active_q <= 1'b0;
          drop_q   <= !r_last_i;
        end
        if (r_last_i) begin
          burst_q <= 1'b0;
          drop_q  <= 1'b0;
        end else if (halt_i) begin
          drop_q <= 1'b1;
        end
      end else if (halt_i && burst_q) begin
        drop_q <= 1'b1;
      end
    end
  end

  // finished: every instruction requested, received and in the FIFO (or taken).
  assign finished_o = !active_q && !burst_q && !hold_valid_q;
  assign idle_o     = !burst_q && !hold_valid_q;

  always_comb begin
    error_o      = 1'b0;
    error_code_o = npu_isa_pkg::ErrNone;
    error_pc_o   = '0;
    if (start_i && !active_q && !burst_q && (start_bad_prog || start_bad_window)) begin
      error_o      = 1'b1;
      error_code_o = start_bad_prog ? npu_isa_pkg::ErrProgram : npu_isa_pkg::ErrWindow;
    end else if (r_take && r_error && !drop_q) begin
      error_o      = 1'b1;
      error_code_o = r_resp_i[0] ? npu_isa_pkg::ErrDecerr : npu_isa_pkg::ErrSlverr;
      error_pc_o   = 32'((((beat_addr_q < burst_lo_q) ? burst_lo_q : beat_addr_q) - base_q) >> 4);
    end
  end

  logic unused;
  assign unused = ^{burst_hi_q, hold_data_q, hold_addr_q, beat_gives};

  `ASSERT(r_expected_a, r_valid_i |-> burst_q, clk_i, rst_ni)

endmodule
