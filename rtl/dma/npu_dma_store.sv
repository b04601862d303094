// SPDX-License-Identifier: Apache-2.0
// npu_dma_store: local rows -> DRAM. Local rows are read ahead (fixed latency, up to
// RowBuffer rows read and not yet used) into a row FIFO; bursts from npu_dma_bursts go out
// on AW (several outstanding, one ID) and each W beat is built in a beat register from the
// head row: a row gives at most two pieces a cycle, the tail of the beat being built (which
// then goes out) and the head of the next, so a beat a cycle and a row a cycle are both
// sustained. (npu_dma_serial moves a byte a cycle instead, for a small FPGA.)
// Strobes are on exactly the region's lanes. An error response stops new bursts and local
// reads; W beats still owed for bursts already sent go out with no strobe, so nothing more
// is written, and the transfer ends with the code once every response is in.
`include "npu_assert.svh"

module npu_dma_store #(
  parameter int unsigned AddrWidth      = 32,
  parameter int unsigned DataWidth      = 128,
  parameter int unsigned IdWidth        = 4,
  parameter int unsigned LocalBytes     = 16,
  parameter int unsigned LocalAddrWidth = 10,
  parameter int unsigned MaxBursts      = 8,
  parameter int unsigned RowBuffer      = 4,  // rows read ahead
  parameter int unsigned RowsWidth      = 16,
  parameter logic [IdWidth-1:0] WriteId = '0,
  localparam int unsigned BusBytes      = DataWidth / 8,
  localparam int unsigned OffWidth      = $clog2(BusBytes),
  localparam int unsigned LaneWidth     = $clog2(BusBytes + 1),
  localparam int unsigned RowBytesWidth = $clog2(LocalBytes + 1)
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
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
  // AXI4 write address, data and response.
  output logic                      aw_valid_o,
  input  logic                      aw_ready_i,
  output logic [AddrWidth-1:0]      aw_addr_o,
  output logic [IdWidth-1:0]        aw_id_o,
  output logic [7:0]                aw_len_o,
  output logic                      w_valid_o,
  input  logic                      w_ready_i,
  output logic [DataWidth-1:0]      w_data_o,
  output logic [BusBytes-1:0]       w_strb_o,
  output logic                      w_last_o,
  input  logic                      b_valid_i,
  output logic                      b_ready_o,
  input  logic [IdWidth-1:0]        b_id_i,
  input  logic [1:0]                b_resp_i,
  // Local row reads; data returns a fixed number of cycles later, without back-pressure.
  output logic                      lr_valid_o,
  input  logic                      lr_ready_i,
  output logic [LocalAddrWidth-1:0] lr_addr_o,
  input  logic                      lr_rsp_valid_i,
  input  logic [LocalBytes*8-1:0]   lr_rsp_data_i
);
  localparam int unsigned BurstsWidth = $clog2(MaxBursts + 1);
  localparam int unsigned HeldWidth  = $clog2(RowBuffer + 1);
  localparam int unsigned CountWidth = ((RowBytesWidth > LaneWidth) ? RowBytesWidth
                                                                     : LaneWidth) + 1;

  logic                      busy_q, busy_d;
  logic [3:0]                error_q, error_d;
  logic [RowsWidth-1:0]      rows_q, rows_d;
  logic [RowsWidth-1:0]      rows_read_q, rows_read_d;    // local reads issued
  logic [RowBytesWidth-1:0]  row_bytes_q, row_bytes_d;
  logic [LocalAddrWidth-1:0] local_addr_q, local_addr_d;
  logic [LocalAddrWidth-1:0] local_stride_q, local_stride_d;
  logic [HeldWidth-1:0]      held_q, held_d;              // pieces read and not yet used
  logic [RowBytesWidth-1:0]  taken_q, taken_d;            // bytes used of the head row
  logic [DataWidth-1:0]      wbuf_q, wbuf_d;              // the beat being built
  logic [LaneWidth-1:0]      fill_q, fill_d;              // its bytes so far
  logic [BurstsWidth-1:0]    bursts_q, bursts_d;          // AW sent, B not yet back
  logic                      aw_hold_q;
  logic                      kill_q, kill_d;              // after an error: empty strobes

  logic                      info_in_ready, info_out_valid, last_beat;
  logic [LaneWidth-1:0]      next_hi;                     // the next beat's end, same burst
  logic [OffWidth-1:0]       beat_lo;
  logic [LaneWidth-1:0]      beat_hi;
  logic [LaneWidth-1:0]      lane;                        // next lane to fill
  logic                      rows_in_ready, hr_valid, hr_pop, head_used;
  logic [LocalBytes*8-1:0]   hr_data;                     // the head row
  logic [CountWidth-1:0]     rest, room, tail_n, head_n, used;
  logic                      send, advance, w_send, lr_issue, b_take;
  logic                      finished;
  logic                      b_id_matches;

  assign gen_start_o = start_i && !busy_q;
  assign gen_abort_o = busy_q && error_q != '0 && !aw_valid_o;

  // AW: limited by outstanding responses and by room for the burst's lane information.
  assign aw_valid_o = aw_hold_q ||
                      (gen_valid_i && info_in_ready && bursts_q < BurstsWidth'(MaxBursts) &&
                       error_q == '0);
  assign aw_addr_o  = gen_addr_i;
  assign aw_id_o    = WriteId;
  assign aw_len_o   = gen_len_i;
  assign gen_ready_o = aw_valid_o && aw_ready_i;

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
    .next_hi_o    (next_hi),
    .done_i       (w_send)
  );

  // Local reads: while rows remain and the FIFO has a place for the answer.
  assign lr_valid_o = busy_q && error_q == '0 && rows_read_q != rows_q &&
                      held_q < HeldWidth'(RowBuffer);
  assign lr_addr_o  = local_addr_q;
  assign lr_issue   = lr_valid_o && lr_ready_i;

  prim_fifo #(
    .Width (LocalBytes * 8),
    .Depth (RowBuffer)
  ) u_rows (
    .clk_i,
    .rst_ni,
    .in_valid_i  (lr_rsp_valid_i),
    .in_ready_o  (rows_in_ready),
    .in_data_i   (lr_rsp_data_i),
    .out_valid_o (hr_valid),
    .out_ready_i (hr_pop),
    .out_data_o  (hr_data),
    .count_o     ()
  );

  // Pieces: the tail of this beat from the head row, and once the beat is whole (and the
  // burst goes on) the head of the next beat from the rest of the row.
  assign lane    = LaneWidth'(beat_lo) + fill_q;
  assign room    = info_out_valid ? CountWidth'(beat_hi) - CountWidth'(lane) : '0;
  assign advance = !send || w_ready_i;
  assign used    = tail_n + head_n;
  assign hr_pop  = hr_valid && advance && (kill_q || head_used);

  assign w_valid_o = send;
  assign w_last_o  = last_beat;
  always_comb begin
    for (int unsigned b = 0; b < BusBytes; b++) begin
      w_strb_o[b] = !kill_q && b >= beat_lo && b < beat_hi;
    end
  end

  // The head row between a bus word of zeros below and at least two above, in bus
  // words: the window for a beat starts anywhere from a bus word below the row to its
  // last byte.
  localparam int unsigned ExtWords   = (LocalBytes + BusBytes - 1) / BusBytes + 3;
  localparam int unsigned WordWidth  = $clog2(ExtWords);
  localparam int unsigned StartWidth = $clog2(ExtWords * BusBytes);
  logic [CountWidth-1:0]          tail_end;
  logic [StartWidth-1:0]          win_start;            // ext byte under lane 0
  logic [WordWidth-1:0]           win_word;
  logic [OffWidth-1:0]            win_rot;
  logic [ExtWords*BusBytes*8-1:0] ext;
  logic [3*DataWidth-1:0]         words;
  logic [2*DataWidth-1:0]         window;               // this beat's lanes, then the next's
  // The next beat of the same burst starts at lane 0 and ends at next_hi.
  assign rest     = (hr_valid && !kill_q) ? CountWidth'(row_bytes_q) - CountWidth'(taken_q) : '0;
  assign head_used = CountWidth'(taken_q) + used == CountWidth'(row_bytes_q);
  assign tail_n   = (rest < room) ? rest : room;
  assign tail_end = CountWidth'(lane) + tail_n;
  assign send     = info_out_valid && (kill_q || tail_end == CountWidth'(beat_hi));
  always_comb begin
    head_n = '0;
    if (send && !kill_q && !last_beat) begin
      head_n = (rest - tail_n < CountWidth'(next_hi)) ? rest - tail_n : CountWidth'(next_hi);
    end
  end
  // Lane l of this beat takes row byte taken - lane + l, of the next beat byte
  // taken + tail_n + l: one window of two bus words starting BusBytes below the row in
  // ext. Cut as a choice of three whole bus words, then a rotation within them.
  assign ext       = (ExtWords*BusBytes*8)'({hr_data, {DataWidth{1'b0}}});
  assign win_start = StartWidth'(taken_q) + StartWidth'(BusBytes) - StartWidth'(lane);
  assign win_word  = WordWidth'(win_start >> OffWidth);
  assign win_rot   = OffWidth'(win_start);
  assign words     = (3*DataWidth)'(ext >> (win_word * DataWidth));
  assign window    = (2*DataWidth)'(words >> (win_rot * 8));
  always_comb begin
    for (int unsigned b = 0; b < BusBytes; b++) begin
      w_data_o[b*8 +: 8] = '0;
      if (w_strb_o[b]) w_data_o[b*8 +: 8] = (b < lane) ? wbuf_q[b*8 +: 8] : window[b*8 +: 8];
      wbuf_d[b*8 +: 8] = wbuf_q[b*8 +: 8];
      if (advance) begin
        if (send) begin
          if (b < head_n) wbuf_d[b*8 +: 8] = window[(BusBytes + b)*8 +: 8];
        end else if (b >= lane && b < tail_end) begin
          wbuf_d[b*8 +: 8] = window[b*8 +: 8];
        end
      end
    end
  end
  assign w_send   = w_valid_o && w_ready_i;

  assign b_ready_o = 1'b1;
  assign b_take    = b_valid_i;

  // Done when every burst is answered and every row read has come back and been used.
  assign finished = busy_q && !gen_busy_i && !aw_hold_q && !info_out_valid &&
                    bursts_q == '0 && held_q == '0 &&
                    (error_q != '0 || rows_read_q == rows_q);

  always_comb begin
    busy_d         = busy_q;
    error_d        = error_q;
    rows_d         = rows_q;
    rows_read_d    = rows_read_q;
    row_bytes_d    = row_bytes_q;
    local_addr_d   = local_addr_q;
    local_stride_d = local_stride_q;
    held_d         = held_q;
    taken_d        = taken_q;
    fill_d         = fill_q;
    bursts_d       = bursts_q;
    kill_d         = kill_q;
    if (start_i && !busy_q) begin
      busy_d         = 1'b1;
      error_d        = '0;
      rows_d         = rows_i;
      rows_read_d    = '0;
      row_bytes_d    = row_bytes_i;
      local_addr_d   = local_addr_i;
      local_stride_d = local_stride_i;
      taken_d        = '0;
      fill_d         = '0;
      kill_d         = 1'b0;
    end else begin
      if (lr_issue) begin
        rows_read_d  = rows_read_q + 1'b1;
        local_addr_d = local_addr_q + local_stride_q;
      end
      if (lr_issue && !hr_pop) held_d = held_q + 1'b1;
      if (hr_pop && !lr_issue) held_d = held_q - 1'b1;
      if (advance) begin
        // The head row's bytes used.
        taken_d = hr_pop ? '0 : RowBytesWidth'(CountWidth'(taken_q) + used);
        fill_d  = send ? LaneWidth'(head_n) : fill_q + LaneWidth'(tail_n);
      end
      if (gen_ready_o && !b_take) bursts_d = bursts_q + 1'b1;
      if (b_take && !gen_ready_o) bursts_d = bursts_q - 1'b1;
      if (b_take && b_resp_i != 2'b00 && error_q == '0) begin
        error_d = (b_resp_i == 2'b11) ? npu_pkg::DmaErrDecErr : npu_pkg::DmaErrSlvErr;
      end
      // Strobes switch off only between beats, so a shown beat never changes.
      if (error_q != '0 && !(w_valid_o && !w_ready_i)) kill_d = 1'b1;
      if (finished) busy_d = 1'b0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q         <= 1'b0;
      error_q        <= '0;
      rows_q         <= '0;
      rows_read_q    <= '0;
      row_bytes_q    <= '0;
      local_addr_q   <= '0;
      local_stride_q <= '0;
      held_q         <= '0;
      taken_q        <= '0;
      wbuf_q         <= '0;
      fill_q         <= '0;
      bursts_q       <= '0;
      aw_hold_q      <= 1'b0;
      kill_q         <= 1'b0;
    end else begin
      busy_q         <= busy_d;
      error_q        <= error_d;
      rows_q         <= rows_d;
      rows_read_q    <= rows_read_d;
      row_bytes_q    <= row_bytes_d;
      local_addr_q   <= local_addr_d;
      local_stride_q <= local_stride_d;
      held_q         <= held_d;
      taken_q        <= taken_d;
      wbuf_q         <= wbuf_d;
      fill_q         <= fill_d;
      bursts_q       <= bursts_d;
      aw_hold_q      <= aw_valid_o && !aw_ready_i;
      kill_q         <= kill_d;
    end
  end

  assign busy_o  = busy_q;
  assign done_o  = finished;
  assign error_o = error_q;
  assign b_id_matches = b_id_i == WriteId;

  `ASSERT_INIT(bus_width_a, DataWidth == 64 || DataWidth == 128 || DataWidth == 256)
  // One row read at a time would hold every row for a read's round trip.
  `ASSERT_INIT(row_buffer_a, RowBuffer >= 2)
  `ASSERT(b_expected_a, b_valid_i |-> (bursts_q != '0 && b_id_matches), clk_i, rst_ni)
  // Reads are issued only with a place for their answer.
  `ASSERT(rows_fit_a, lr_rsp_valid_i |-> rows_in_ready, clk_i, rst_ni)
  `ASSERT(w_stable_a, (w_valid_o && !w_ready_i) |=>
          (w_valid_o && $stable(w_data_o) && $stable(w_strb_o) && $stable(w_last_o)),
          clk_i, rst_ni)

endmodule
