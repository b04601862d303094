// SPDX-License-Identifier: Apache-2.0
// npu_dma_load: DRAM -> local rows. Bursts from npu_dma_bursts go out on AR (several
// outstanding, one ID, so data returns in order); each R beat waits in a two-entry FIFO,
// and a row register takes the beat's region bytes into rows of row_bytes, each written
// to local row local_addr + i * local_stride. A beat gives at most two pieces a cycle: the
// tail of the row being built (which then goes out) and the head of the next, so a beat a
// cycle and a row a cycle are both sustained. Only the beat is rotated (bus-wide), never
// the row. (npu_dma_serial moves a byte a cycle instead, for a small FPGA.)
// An error response stops new bursts; the outstanding ones are drained, their data
// dropped, and the transfer ends with the code (the rows before the error beat are
// written).
`include "npu_assert.svh"

module npu_dma_load #(
  parameter int unsigned AddrWidth      = 32,
  parameter int unsigned DataWidth      = 128,
  parameter int unsigned IdWidth        = 4,
  parameter int unsigned LocalBytes     = 16,
  parameter int unsigned LocalAddrWidth = 10,
  parameter int unsigned MaxBursts      = 8,
  parameter int unsigned RowsWidth      = 16,
  parameter logic [IdWidth-1:0] ReadId  = '0,
  localparam int unsigned BusBytes      = DataWidth / 8,
  localparam int unsigned OffWidth      = $clog2(BusBytes),
  localparam int unsigned LaneWidth     = $clog2(BusBytes + 1),
  localparam int unsigned RowBytesWidth = $clog2(LocalBytes + 1)
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  // Transfer (checked by npu_dma before it gets here).
  input  logic                      start_i,
  input  logic [RowsWidth-1:0]      rows_i,
  input  logic [RowBytesWidth-1:0]  row_bytes_i,
  input  logic [LocalAddrWidth-1:0] local_addr_i,
  input  logic [LocalAddrWidth-1:0] local_stride_i,
  output logic                      busy_o,
  output logic                      done_o,
  output logic [3:0]                error_o,
  // The region's bursts (npu_dma_bursts, in npu_dma: one per engine, or one shared).
  output logic                      gen_start_o,   // start the region (this transfer)
  output logic                      gen_abort_o,   // stop issuing (after an error)
  input  logic                      gen_busy_i,
  input  logic                      gen_valid_i,
  output logic                      gen_ready_o,
  input  logic [AddrWidth-1:0]      gen_addr_i,
  input  logic [7:0]                gen_len_i,
  input  logic [OffWidth-1:0]       gen_lo_i,
  input  logic [LaneWidth-1:0]      gen_hi_i,
  // AXI4 read address and data.
  output logic                      ar_valid_o,
  input  logic                      ar_ready_i,
  output logic [AddrWidth-1:0]      ar_addr_o,
  output logic [IdWidth-1:0]        ar_id_o,
  output logic [7:0]                ar_len_o,
  input  logic                      r_valid_i,
  output logic                      r_ready_o,
  input  logic [IdWidth-1:0]        r_id_i,
  input  logic [DataWidth-1:0]      r_data_i,
  input  logic [1:0]                r_resp_i,
  input  logic                      r_last_i,
  // Local row writes.
  output logic                      lw_valid_o,
  input  logic                      lw_ready_i,
  output logic [LocalAddrWidth-1:0] lw_addr_o,
  output logic [LocalBytes*8-1:0]   lw_data_o,
  output logic [LocalBytes-1:0]     lw_mask_o
);

  localparam int unsigned BeatWidth  = 1 + OffWidth + LaneWidth + DataWidth;
  // Wide enough for a row's and a beat's byte counts and their sums.
  localparam int unsigned CountWidth = ((RowBytesWidth > LaneWidth) ? RowBytesWidth
                                                                     : LaneWidth) + 1;

  logic                      busy_q, busy_d;
  logic [3:0]                error_q, error_d;
  logic [RowsWidth-1:0]      rows_q, rows_d;              // rows of this transfer
  logic [RowsWidth-1:0]      rows_done_q, rows_done_d;    // rows written locally
  logic [RowBytesWidth-1:0]  row_bytes_q, row_bytes_d;
  logic [LocalAddrWidth-1:0] local_addr_q, local_addr_d;
  logic [LocalAddrWidth-1:0] local_stride_q, local_stride_d;
  logic                      ar_hold_q;                   // AR shown and not yet taken
  logic [RowBytesWidth-1:0]  have_q, have_d;              // bytes of the row so far
  logic [LaneWidth-1:0]      taken_q, taken_d;            // bytes used of the head beat
  logic                      drop_q, drop_d;              // an error beat reached the head

  logic                      info_in_ready, info_out_valid, last_beat;
  logic [OffWidth-1:0]       beat_lo;
  logic [LaneWidth-1:0]      beat_hi;
  logic                      r_take, beats_in_ready;
  // The head beat: its error flag, its region lanes [lo, hi) and its data.
  logic                      hb_valid, hb_pop, hb_err;
  logic [OffWidth-1:0]       hb_lo;
  logic [LaneWidth-1:0]      hb_hi;
  logic [DataWidth-1:0]      hb_data;
  logic                      drop;
  logic [LaneWidth-1:0]      lane;                        // next lane to take
  logic [CountWidth-1:0]     avail, tail_n, head_n, used, tail_end;
  logic                      emit, advance;
  logic                      finished;
  logic                      r_id_matches;

  assign gen_start_o = start_i && !busy_q;
  assign gen_abort_o = busy_q && error_q != '0 && !ar_valid_o;

  // AR: a burst goes out when its lane information has a place to wait for the data.
  // Once shown it stays until taken, even if an error arrives meanwhile.
  assign ar_valid_o = ar_hold_q || (gen_valid_i && info_in_ready && error_q == '0);
  assign ar_addr_o  = gen_addr_i;
  assign ar_id_o    = ReadId;
  assign ar_len_o   = gen_len_i;
  assign gen_ready_o = ar_valid_o && ar_ready_i;

  npu_dma_beats #(
    .BusBytes  (BusBytes),
    .MaxBursts (MaxBursts)
  ) u_info (
    .clk_i,
    .rst_ni,
    .push_i       (gen_ready_o),
    .push_ready_o (info_in_ready),
    .len_i        (gen_len_i),
    .lo_i         (gen_lo_i),
    .hi_i         (gen_hi_i),
    .valid_o      (info_out_valid),
    .beat_lo_o    (beat_lo),
    .beat_hi_o    (beat_hi),
    .last_o       (last_beat),
    .next_hi_o    (),
    .done_i       (r_take)
  );

  // R: a beat is taken when the beat FIFO has room.
  assign r_ready_o = info_out_valid && beats_in_ready;
  assign r_take    = r_valid_i && r_ready_o;

  prim_fifo #(
    .Width (BeatWidth),
    .Depth (2)  // two beats waiting keep a beat a cycle going
  ) u_beats (
    .clk_i,
    .rst_ni,
    .in_valid_i  (r_take),
    .in_ready_o  (beats_in_ready),
    .in_data_i   ({r_resp_i != 2'b00, beat_lo, beat_hi, r_data_i}),
    .out_valid_o (hb_valid),
    .out_ready_i (hb_pop),
    .out_data_o  ({hb_err, hb_lo, hb_hi, hb_data}),
    .count_o     ()
  );

  // From the first error beat on, beats are dropped; rows already whole still go out.
  assign drop  = drop_q || (hb_valid && hb_err);
  assign lane  = LaneWidth'(hb_lo) + taken_q;
  assign avail = (hb_valid && !drop) ? CountWidth'(hb_hi) - CountWidth'(lane) : '0;
  assign tail_end = CountWidth'(have_q) + tail_n;
  assign used     = tail_n + head_n;
  assign hb_pop   = hb_valid && advance &&
                    (drop || CountWidth'(lane) + used == CountWidth'(hb_hi));
  assign lw_addr_o = local_addr_q;

  // The row register takes the beat's bytes; the row goes out once whole.
  logic [LocalBytes*8-1:0] row_q, row_d;                // the row being built
  logic [OffWidth-1:0]  rot_tail, rot_head;
  logic [DataWidth-1:0] beat_tail, beat_head;           // beat rotated onto row bytes
  assign advance    = !emit || lw_ready_i;
  assign lw_valid_o = emit;
  always_comb begin
    for (int unsigned j = 0; j < LocalBytes; j++) lw_mask_o[j] = j < row_bytes_q;
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) row_q <= '0;
    else row_q <= row_d;
  end
  logic [CountWidth-1:0] need;                          // bytes the row still needs
  assign need   = CountWidth'(row_bytes_q) - CountWidth'(have_q);
  assign tail_n = (avail < need) ? avail : need;
  // The row is whole with this beat's tail: it goes out, and the rest of the beat (up
  // to a row) starts the next one.
  assign emit = busy_q && tail_end == CountWidth'(row_bytes_q);
  always_comb begin
    head_n = '0;
    if (emit) head_n = (avail - tail_n < CountWidth'(row_bytes_q)) ? avail - tail_n
                                                                   : CountWidth'(row_bytes_q);
  end
  // Row byte j takes beat lane (j - have + lane) mod BusBytes for the tail, and lane
  // (j + lane + tail_n) mod BusBytes for the next row's head: two bus-wide rotations.
  assign rot_tail  = OffWidth'(lane) - OffWidth'(have_q);
  assign rot_head  = OffWidth'(lane) + OffWidth'(tail_n);
  assign beat_tail = DataWidth'({hb_data, hb_data} >> (rot_tail * 8));
  assign beat_head = DataWidth'({hb_data, hb_data} >> (rot_head * 8));
  always_comb begin
    for (int unsigned j = 0; j < LocalBytes; j++) begin
      lw_data_o[j*8 +: 8] = (j < have_q) ? row_q[j*8 +: 8]
                                         : beat_tail[(j % BusBytes)*8 +: 8];
      row_d[j*8 +: 8]     = row_q[j*8 +: 8];
      if (advance) begin
        if (emit) begin
          if (j < head_n) row_d[j*8 +: 8] = beat_head[(j % BusBytes)*8 +: 8];
        end else if (j >= have_q && j < tail_end) begin
          row_d[j*8 +: 8] = beat_tail[(j % BusBytes)*8 +: 8];
        end
      end
    end
  end

  assign finished = busy_q && !gen_busy_i && !ar_hold_q && !info_out_valid && !hb_valid &&
                    have_q != row_bytes_q && (error_q != '0 || rows_done_q == rows_q);

  always_comb begin
    busy_d         = busy_q;
    error_d        = error_q;
    rows_d         = rows_q;
    rows_done_d    = rows_done_q;
    row_bytes_d    = row_bytes_q;
    local_addr_d   = local_addr_q;
    local_stride_d = local_stride_q;
    have_d         = have_q;
    taken_d        = taken_q;
    drop_d         = drop_q;
    if (start_i && !busy_q) begin
      busy_d         = 1'b1;
      error_d        = '0;
      rows_d         = rows_i;
      rows_done_d    = '0;
      row_bytes_d    = row_bytes_i;
      local_addr_d   = local_addr_i;
      local_stride_d = local_stride_i;
      have_d         = '0;
      taken_d        = '0;
      drop_d         = 1'b0;
    end else begin
      if (r_take && r_resp_i != 2'b00 && error_q == '0) begin
        error_d = (r_resp_i == 2'b11) ? npu_pkg::DmaErrDecErr : npu_pkg::DmaErrSlvErr;
      end
      if (advance) begin
        have_d  = RowBytesWidth'(emit ? head_n : tail_end);
        taken_d = hb_pop ? '0 : taken_q + LaneWidth'(used);
        drop_d  = drop;
      end
      if (emit && lw_ready_i) begin
        rows_done_d  = rows_done_q + 1'b1;
        local_addr_d = local_addr_q + local_stride_q;
      end
      if (finished) busy_d = 1'b0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q         <= 1'b0;
      error_q        <= '0;
      rows_q         <= '0;
      rows_done_q    <= '0;
      row_bytes_q    <= '0;
      local_addr_q   <= '0;
      local_stride_q <= '0;
      ar_hold_q      <= 1'b0;
      have_q         <= '0;
      taken_q        <= '0;
      drop_q         <= 1'b0;
    end else begin
      busy_q         <= busy_d;
      error_q        <= error_d;
      rows_q         <= rows_d;
      rows_done_q    <= rows_done_d;
      row_bytes_q    <= row_bytes_d;
      local_addr_q   <= local_addr_d;
      local_stride_q <= local_stride_d;
      ar_hold_q      <= ar_valid_o && !ar_ready_i;
      have_q         <= have_d;
      taken_q        <= taken_d;
      drop_q         <= drop_d;
    end
  end

  assign busy_o  = busy_q;
  assign done_o  = finished;
  assign error_o = error_q;

  assign r_id_matches = r_id_i == ReadId;

  `ASSERT_INIT(bus_width_a, DataWidth == 64 || DataWidth == 128 || DataWidth == 256)
  // R beats only for outstanding bursts, with RLAST exactly on the last beat.
  `ASSERT(r_expected_a, r_valid_i |-> info_out_valid, clk_i, rst_ni)
  `ASSERT(rlast_matches_a, r_take |-> (r_last_i == last_beat), clk_i, rst_ni)
  `ASSERT(r_id_a, r_valid_i |-> r_id_matches, clk_i, rst_ni)
  // A row never holds more than its width.
  `ASSERT(row_bounded_a, busy_q |-> have_q <= row_bytes_q, clk_i, rst_ni)

endmodule
