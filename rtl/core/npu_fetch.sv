// SPDX-License-Identifier: Apache-2.0
// npu_fetch: reads the program (PROG_LEN 16-byte instructions from PROG_BASE) over the
// core's AXI4 read channels into an instruction FIFO, each instruction with its index (pc).
// Bursts cover at most one aligned block of four instructions (64 bytes; fewer when the
// FIFO holds fewer: a block of 1 or 2), so none crosses 4 KiB; one burst is in flight at
// a time and only when the FIFO has room for all of it, so R is never back-pressured for
// long. The program must lie inside the DRAM window (checked at start, before any bus
// access). A bus error ends fetching; halt_i stops new requests and the beats still owed
// are taken and dropped. With PcWidth < 32 a program has fewer than 2^PcWidth
// instructions (a longer one is refused at start, ErrProgram), so every index fits
// PcWidth bits: the upper bits of every pc downstream (queues, units, ERROR_PC) are zero
// and a synthesis tool removes their flip-flops.
`include "npu_assert.svh"

module npu_fetch #(
  parameter int unsigned AddrWidth = 32,
  parameter int unsigned DataWidth = 128,
  parameter int unsigned Depth     = 8,   // instructions buffered (>= 1)
  parameter int unsigned PcWidth   = 32,  // an instruction index's bits (see above)
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
  `ASSERT_INIT(pc_width_a, PcWidth >= 4 && PcWidth <= 32)

  // The start check's sums: base + 16 x PROG_LEN can pass 2^32.
  localparam int unsigned SpanWidth = AddrWidth + 6;
  localparam int unsigned Slots     = (BusBytes >= 16) ? BusBytes / 16 : 1;
  localparam int unsigned SlotWidth = (Slots > 1) ? $clog2(Slots) : 1;
  // A burst is only requested when the FIFO has room for all of it: blocks of 4
  // instructions, or the largest power of two the FIFO holds.
  localparam int unsigned BlockInstrs = (Depth >= 4) ? 4 : (Depth >= 2) ? 2 : 1;
  localparam int unsigned BlockWidth  = $clog2(BlockInstrs) + 1;   // counts 0 .. BlockInstrs
  localparam int unsigned OffWidth    = $clog2(BusBytes);

  // The program is counted in instructions, not bytes: what is left to request, what is
  // owed by the burst in flight, the index of the next one delivered. Only the request
  // address is a full-width sum (one adder); the rest are small counts, where byte
  // addresses 38 bits wide took a dozen adders and comparators.
  logic                   active_q;          // program running, requests left to make
  logic [AddrWidth-1:0]   next_addr_q;       // the next instruction to request
  logic [PcWidth-1:0]     left_q;            // instructions not yet requested
  logic                   burst_q;           // a burst is in flight
  logic [BlockWidth-1:0]  owed_q;            // instructions the burst still owes
  logic [PcWidth-1:0]     pc_q;              // index of the next instruction delivered
  logic                   drop_q;            // take and drop the rest of the burst

  logic [SpanWidth-1:0]   prog_end_d;
  logic [BlockWidth-1:0]  to_block, n_instr;
  logic [CountWidth-1:0]  fifo_count;
  logic                   fifo_in_ready;
  logic [IW+31:0]         fifo_in_data, fifo_out_data;
  logic                   can_issue, r_take, r_error, emit;
  logic                   start_bad_prog, start_bad_window;

  // ---------------------------------------------------------------------------------------
  // Start checks.
  assign prog_end_d       = SpanWidth'(prog_base_i) + (SpanWidth'(prog_len_i) << 4);
  // PROG_LEN below 2^PcWidth (no bits above PcWidth - 1; none to test at 32).
  logic [31:0] len_over;
  assign len_over         = prog_len_i & ~32'((64'd1 << PcWidth) - 64'd1);
  assign start_bad_prog   = prog_len_i == '0 || prog_base_i[3:0] != '0 || len_over != '0;
  assign start_bad_window = SpanWidth'(prog_base_i) < SpanWidth'(win_base_i) ||
                            prog_end_d > SpanWidth'(win_limit_i);

  // Next burst: from next_addr_q to the end of its block or of the program.
  if (BlockInstrs > 1) begin : g_blocks
    logic [BlockWidth-2:0] in_block;   // the next instruction's place in its block
    assign in_block = next_addr_q[4 +: BlockWidth-1];
    assign to_block = BlockWidth'(BlockInstrs) - BlockWidth'(in_block);
  end else begin : g_single
    assign to_block = BlockWidth'(1);
  end
  assign n_instr = (left_q[PcWidth-1:BlockWidth] == '0 && left_q[BlockWidth-1:0] < to_block)
                   ? left_q[BlockWidth-1:0] : to_block;
  // The held beat of the last burst may still owe instructions to the FIFO: wait for it,
  // so that the room counted here is real and R is never held up (a held R beat would
  // also hold the DMA's beats behind it).
  assign can_issue = active_q && !halt_i && !burst_q && !hold_valid_q &&
                     ((CountWidth+BlockWidth)'(fifo_count) + (CountWidth+BlockWidth)'(n_instr) <=
                      (CountWidth+BlockWidth)'(Depth));

  // A request once shown is held until taken (AXI), even if a halt comes meanwhile.
  logic ar_held_q;
  assign ar_valid_o = ar_held_q || can_issue;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) ar_held_q <= 1'b0;
    else ar_held_q <= ar_valid_o && !ar_ready_i;
  end
  // Beats: from the bus word holding the first instruction to the one holding the last.
  localparam int unsigned SumWidth = OffWidth + BlockWidth + 5;
  logic [SumWidth-1:0] burst_end, beats;
  assign burst_end = SumWidth'(next_addr_q[OffWidth-1:0]) + (SumWidth'(n_instr) << 4);
  assign beats     = (burst_end + SumWidth'(BusBytes - 1)) >> OffWidth;
  assign ar_addr_o = next_addr_q & ~AddrWidth'(BusBytes - 1);
  assign ar_len_o  = 8'(beats - 1'b1);
  assign ar_size_o = 3'($clog2(BusBytes));

  // ---------------------------------------------------------------------------------------
  // Beats to instructions.
  logic [IW-1:0]        assembled;
  logic                 hold_valid_q;  // BusBytes >= 32: a beat still giving instructions

  assign r_error = r_resp_i[1];

  // With a buffer of one on a 64-bit bus the buffer entry itself assembles the instruction
  // (see the buffer below); otherwise the first beat waits in low_q.
  localparam bit InPlace = BusBytes == 8 && Depth == 1;
  logic second_half;   // 64-bit bus: the beat being taken is an instruction's high half

  if (BusBytes == 8) begin : g_two_beats
    // Two beats per instruction: keep the low half, emit with the high half.
    logic [63:0] low_q;
    logic        high_q;   // the next beat is an instruction's high half
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) high_q <= 1'b0;
      else if (ar_valid_o && ar_ready_i) high_q <= 1'b0;
      else if (r_take) high_q <= !high_q;
    end
    if (!InPlace) begin : g_low
      always_ff @(posedge clk_i) begin
        if (r_take && !high_q) low_q <= r_data_i[63:0];
      end
    end else begin : g_no_low
      assign low_q = '0;   // the buffer entry keeps the low half
    end
    assign r_ready_o     = drop_q || (burst_q && fifo_in_ready);
    assign r_take        = r_valid_i && r_ready_o;
    assign assembled     = {r_data_i[63:0], low_q};
    assign emit          = r_take && !drop_q && !r_error && high_q;
    assign hold_valid_q  = 1'b0;
    assign second_half   = high_q;
  end else if (BusBytes == 16) begin : g_one_beat
    assign second_half   = 1'b0;
    assign r_ready_o     = drop_q || (burst_q && fifo_in_ready);
    assign r_take        = r_valid_i && r_ready_o;
    assign assembled     = r_data_i[IW-1:0];
    assign emit          = r_take && !drop_q && !r_error;
    assign hold_valid_q  = 1'b0;
  end else begin : g_wide
    // Several instructions per beat: hold the beat and emit one instruction per cycle,
    // from the burst's first slot (first beat) or slot 0, until the beat or the burst ends.
    logic [DataWidth-1:0] hold_data_q;
    logic [SlotWidth-1:0] slot_q;      // the next instruction's slot in the held beat
    logic                 emit_last;
    assign r_ready_o     = drop_q || (burst_q && !hold_valid_q);
    assign r_take        = r_valid_i && r_ready_o;
    assign emit          = hold_valid_q && fifo_in_ready;
    assign assembled     = hold_data_q[slot_q*IW +: IW];
    assign second_half   = 1'b0;
    assign emit_last     = owed_q == BlockWidth'(1) || slot_q == SlotWidth'(Slots - 1);
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
      if (ar_valid_o && ar_ready_i) slot_q <= next_addr_q[4 +: SlotWidth];
      else if (emit) slot_q <= slot_q + 1'b1;   // wraps to 0 for the next beat
      if (r_take) hold_data_q <= r_data_i;
    end
  end

  assign fifo_in_data = {32'(pc_q), assembled};

  if (InPlace) begin : g_in_place
    // One entry, filled half by half: a burst is only asked for when the entry is free, and
    // nothing else fills it until the burst's last beat, so the first beat's half can go
    // straight in. The entry is full (shown to decode) from the second beat on.
    logic [IW+31:0] entry_q;
    logic           full_q;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) full_q <= 1'b0;
      else if (emit) full_q <= 1'b1;          // only when empty (r_ready_o)
      else if (instr_ready_i) full_q <= 1'b0;
    end
    always_ff @(posedge clk_i) begin
      // (A dropped beat may arrive while the entry is full: it must not touch it.)
      if (r_take && !drop_q && !second_half) entry_q[63:0] <= r_data_i[63:0];
      if (emit) entry_q[IW+31:64] <= fifo_in_data[IW+31:64];
    end
    assign fifo_in_ready = !full_q;
    assign instr_valid_o = full_q;
    assign fifo_out_data = entry_q;
    assign fifo_count    = CountWidth'(full_q);
    logic unused_low;
    assign unused_low    = ^fifo_in_data[63:0];
  end else begin : g_buffer
    logic unused_half;
    assign unused_half = second_half;
    prim_fifo #(.Width(IW + 32), .Depth(Depth)) u_instr_fifo (
      .clk_i,
      .rst_ni,
      .in_valid_i  (emit),
      .in_ready_o  (fifo_in_ready),
      .in_data_i   (fifo_in_data),
      .out_valid_o (instr_valid_o),
      .out_ready_i (instr_ready_i),
      .out_data_o  (fifo_out_data),
      .count_o     (fifo_count)
    );
  end
  assign instr_o    = fifo_out_data[IW-1:0];
  assign instr_pc_o = fifo_out_data[IW +: 32];

  // ---------------------------------------------------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      active_q    <= 1'b0;
      burst_q     <= 1'b0;
      drop_q      <= 1'b0;
      next_addr_q <= '0;
      left_q      <= '0;
      owed_q      <= '0;
      pc_q        <= '0;
    end else begin
      if (start_i && !active_q && !burst_q) begin
        active_q    <= !start_bad_prog && !start_bad_window;
        next_addr_q <= AddrWidth'(prog_base_i);
        left_q      <= PcWidth'(prog_len_i);
        pc_q        <= '0;
      end
      if (ar_valid_o && ar_ready_i) begin
        burst_q     <= 1'b1;
        owed_q      <= n_instr;
        next_addr_q <= next_addr_q + (AddrWidth'(n_instr) << 4);
        left_q      <= left_q - PcWidth'(n_instr);
        if (left_q == PcWidth'(n_instr)) active_q <= 1'b0;
      end
      if (emit) begin
        pc_q   <= pc_q + 1'b1;
        owed_q <= owed_q - 1'b1;
      end
      if (halt_i) active_q <= 1'b0;
      if (r_take) begin
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
      error_pc_o   = 32'(pc_q);  // the first instruction the failing beat would have given
    end
  end

  `ASSERT(r_expected_a, r_valid_i |-> burst_q, clk_i, rst_ni)

endmodule
