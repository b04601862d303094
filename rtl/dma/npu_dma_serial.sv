// SPDX-License-Identifier: Apache-2.0
// npu_dma_serial: one DMA engine for both directions, a byte a cycle (npu_dma's
// ByteSerial, the iCE40 board). A transfer at a time, so loads and stores share the
// counts (the row, the byte in it, the local row address), the burst information FIFO and
// the lane count:
// - a load writes an R beat's region bytes one a cycle, straight from R, to their places
//   in the local rows (the byte on every lane, one mask bit), and takes the beat with its
//   last byte: no beat register, a memory's R latency paid on every beat;
// - a store reads a local row for each byte it needs, keeps that byte (the answers come
//   back in order, so a count says which) in a FIFO of RowBuffer bytes, moves the head
//   byte into the next lane of its beat register and sends the beat once whole (the
//   lanes without a strobe carry whatever the register holds).
// Errors as npu_dma_load and npu_dma_store: a load that gets an error response drops every
// later beat (the bytes taken before it are written); a store that gets one stops reading
// and sends the W beats still owed without strobes. Either ends with the code once
// nothing is outstanding.
`include "npu_assert.svh"

module npu_dma_serial #(
  parameter int unsigned AddrWidth      = 32,
  parameter int unsigned DataWidth      = 64,
  parameter int unsigned IdWidth        = 4,
  parameter int unsigned LocalBytes     = 16,
  parameter int unsigned LocalAddrWidth = 10,
  parameter int unsigned MaxBursts      = 2,
  parameter int unsigned RowBuffer      = 1,  // bytes the store reads ahead
  parameter int unsigned RowsWidth      = 16,
  parameter logic [IdWidth-1:0] ReadId  = '0,
  parameter logic [IdWidth-1:0] WriteId = '0,
  localparam int unsigned BusBytes      = DataWidth / 8,
  localparam int unsigned OffWidth      = $clog2(BusBytes),
  localparam int unsigned LaneWidth     = $clog2(BusBytes + 1),
  localparam int unsigned RowBytesWidth = $clog2(LocalBytes + 1)
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  // Transfer (checked by npu_dma before it gets here).
  input  logic                      start_i,
  input  logic                      store_i,       // 0: load, 1: store
  input  logic [RowsWidth-1:0]      rows_i,
  input  logic [RowBytesWidth-1:0]  row_bytes_i,
  input  logic [LocalAddrWidth-1:0] local_addr_i,
  input  logic [LocalAddrWidth-1:0] local_stride_i,
  output logic                      busy_o,
  output logic                      store_o,       // the direction of the transfer
  output logic                      done_o,
  output logic [3:0]                error_o,
  // The region's bursts (npu_dma_bursts).
  output logic                      gen_start_o,
  output logic                      gen_abort_o,
  input  logic                      gen_busy_i,
  input  logic                      gen_valid_i,
  output logic                      gen_ready_o,
  input  logic [AddrWidth-1:0]      gen_addr_i,
  input  logic [7:0]                gen_len_i,
  input  logic [OffWidth-1:0]       gen_lo_i,
  input  logic [LaneWidth-1:0]      gen_hi_i,
  // AXI4 master.
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
  // Local side: loads write bytes, stores read rows (data a fixed latency later).
  output logic                      lw_valid_o,
  input  logic                      lw_ready_i,
  output logic [LocalAddrWidth-1:0] lw_addr_o,
  output logic [LocalBytes*8-1:0]   lw_data_o,
  output logic [LocalBytes-1:0]     lw_mask_o,
  output logic                      lr_valid_o,
  input  logic                      lr_ready_i,
  output logic [LocalAddrWidth-1:0] lr_addr_o,
  input  logic                      lr_rsp_valid_i,
  input  logic [LocalBytes*8-1:0]   lr_rsp_data_i
);

  localparam int unsigned BurstsWidth = $clog2(MaxBursts + 1);
  localparam int unsigned HeldWidth   = $clog2(RowBuffer + 1);

  logic                      busy_q, busy_d;
  logic                      store_q, store_d;
  logic [3:0]                error_q, error_d;
  logic [RowsWidth-1:0]      rows_q, rows_d;
  logic [RowsWidth-1:0]      row_q, row_d;              // rows written (load) or read (store)
  logic [RowBytesWidth-1:0]  row_bytes_q, row_bytes_d;
  logic [RowBytesWidth-1:0]  byte_q, byte_d;            // the row's byte written or read next
  logic [LocalAddrWidth-1:0] local_addr_q, local_addr_d;
  logic [LocalAddrWidth-1:0] local_stride_q, local_stride_d;
  logic [LaneWidth-1:0]      fill_q, fill_d;            // bytes of the beat done
  logic [DataWidth-1:0]      wbuf_q, wbuf_d;            // the store's beat register
  logic                      addr_hold_q;               // AR or AW shown and not yet taken
  logic                      kill_q, kill_d;            // a store after an error: no strobes
  // The store's own: reads owed an answer or waiting (held), bursts owed a response.
  logic [RowBytesWidth-1:0]  resp_byte_q, resp_byte_d;  // the answer's byte to keep
  logic [HeldWidth-1:0]      held_q, held_d;
  logic [BurstsWidth-1:0]    bursts_q, bursts_d;

  logic                      addr_valid, addr_ready;
  logic                      info_in_ready, info_out_valid, last_beat;
  logic [OffWidth-1:0]       beat_lo;
  logic [LaneWidth-1:0]      beat_hi;
  logic [LaneWidth-1:0]      lane;                      // the beat's lane used next
  logic [7:0]                lane_byte;                 // R's byte at it
  logic                      beat_done;                 // the head beat is used up
  logic                      byte_step, row_last;       // a byte written or read; its row's last
  logic                      r_take, r_drop, write;
  logic                      lr_issue, bytes_in_ready, hb_valid, hb_pop, fill, send, w_send;
  logic [7:0]                piece, hb_data;
  logic                      finished;

  assign gen_start_o = start_i && !busy_q;
  assign gen_abort_o = busy_q && error_q != '0 && !addr_valid;

  // AR or AW, from the one generator: a burst goes out when its lane information has a
  // place (and, storing, its response a count); once shown it stays until taken.
  assign addr_valid  = addr_hold_q ||
                       (gen_valid_i && info_in_ready && bursts_q < BurstsWidth'(MaxBursts) &&
                        error_q == '0);
  assign addr_ready  = store_q ? aw_ready_i : ar_ready_i;
  assign gen_ready_o = addr_valid && addr_ready;
  assign ar_valid_o  = addr_valid && !store_q;
  assign aw_valid_o  = addr_valid && store_q;
  assign ar_addr_o   = gen_addr_i;
  assign aw_addr_o   = gen_addr_i;
  assign ar_len_o    = gen_len_i;
  assign aw_len_o    = gen_len_i;
  assign ar_id_o     = ReadId;
  assign aw_id_o     = WriteId;

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
    .done_i       (beat_done)
  );

  // The head beat's region lanes [beat_lo, beat_hi), used one at a time from beat_lo.
  assign lane      = LaneWidth'(beat_lo) + fill_q;
  assign lane_byte = r_data_i[OffWidth'(lane)*8 +: 8];
  assign row_last  = RowBytesWidth'(byte_q + 1'b1) == row_bytes_q;

  // Load: a byte a cycle of the R beat shown goes to the local row; the beat is taken with
  // its last byte's write, or at once when dropped (after an error, its own included).
  assign r_drop     = r_resp_i != 2'b00 || error_q != '0;
  assign write      = !store_q && r_valid_i && !r_drop;
  assign r_ready_o  = !store_q && info_out_valid &&
                      (r_drop || (lw_ready_i && lane + 1'b1 == beat_hi));
  assign r_take     = r_valid_i && r_ready_o;
  assign lw_valid_o = write;
  assign lw_addr_o  = local_addr_q;
  assign lw_data_o  = {LocalBytes{lane_byte}};
  always_comb begin
    for (int unsigned j = 0; j < LocalBytes; j++) lw_mask_o[j] = RowBytesWidth'(j) == byte_q;
  end

  // Store: a read for each byte while there is a place for its answer; the head byte
  // goes to the next lane; the beat goes out once whole (at once after an error).
  assign lr_valid_o = busy_q && store_q && error_q == '0 && row_q != rows_q &&
                      held_q < HeldWidth'(RowBuffer);
  assign lr_addr_o  = local_addr_q;
  assign lr_issue   = lr_valid_o && lr_ready_i;
  assign piece      = lr_rsp_data_i[resp_byte_q*8 +: 8];

  prim_fifo #(
    .Width (8),
    .Depth (RowBuffer)
  ) u_bytes (
    .clk_i,
    .rst_ni,
    .in_valid_i  (lr_rsp_valid_i),
    .in_ready_o  (bytes_in_ready),
    .in_data_i   (piece),
    .out_valid_o (hb_valid),
    .out_ready_i (hb_pop),
    .out_data_o  (hb_data),
    .count_o     ()
  );

  assign send      = store_q && info_out_valid && (kill_q || lane == beat_hi);
  assign fill      = hb_valid && !kill_q && info_out_valid && lane != beat_hi;
  assign hb_pop    = fill || (hb_valid && kill_q);
  assign w_valid_o = send;
  assign w_last_o  = last_beat;
  assign w_send    = w_valid_o && w_ready_i;
  always_comb begin
    for (int unsigned b = 0; b < BusBytes; b++) begin
      w_strb_o[b] = !kill_q && b >= beat_lo && b < beat_hi;
    end
  end
  assign w_data_o  = wbuf_q;
  assign b_ready_o = 1'b1;

  assign byte_step = (write && lw_ready_i) || lr_issue;
  assign beat_done = r_take || w_send;

  // Done when nothing is outstanding: no burst to issue or answer, no beat or byte held,
  // and every row moved (or an error).
  assign finished = busy_q && !gen_busy_i && !addr_hold_q && !info_out_valid &&
                    bursts_q == '0 && held_q == '0 && (error_q != '0 || row_q == rows_q);

  always_comb begin
    busy_d         = busy_q;
    store_d        = store_q;
    error_d        = error_q;
    rows_d         = rows_q;
    row_d          = row_q;
    row_bytes_d    = row_bytes_q;
    byte_d         = byte_q;
    local_addr_d   = local_addr_q;
    local_stride_d = local_stride_q;
    fill_d         = fill_q;
    wbuf_d         = wbuf_q;
    kill_d         = kill_q;
    resp_byte_d    = resp_byte_q;
    held_d         = held_q;
    bursts_d       = bursts_q;
    if (start_i && !busy_q) begin
      // No answer, beat or byte is owed when a transfer starts (it ends only so).
      busy_d         = 1'b1;
      store_d        = store_i;
      error_d        = '0;
      rows_d         = rows_i;
      row_d          = '0;
      row_bytes_d    = row_bytes_i;
      byte_d         = '0;
      local_addr_d   = local_addr_i;
      local_stride_d = local_stride_i;
      fill_d         = '0;
      kill_d         = 1'b0;
      resp_byte_d    = '0;
    end else begin
      if (byte_step) begin
        byte_d = row_last ? '0 : byte_q + 1'b1;
        if (row_last) begin
          row_d        = row_q + 1'b1;
          local_addr_d = local_addr_q + local_stride_q;
        end
      end
      if (write && lw_ready_i) fill_d = fill_q + 1'b1;
      if (fill) begin
        for (int unsigned b = 0; b < BusBytes; b++) begin
          if (LaneWidth'(b) == lane) wbuf_d[b*8 +: 8] = hb_data;
        end
        fill_d = fill_q + 1'b1;
      end
      if (beat_done) fill_d = '0;
      if (lr_rsp_valid_i) begin
        resp_byte_d = (RowBytesWidth'(resp_byte_q + 1'b1) == row_bytes_q) ? '0
                                                                         : resp_byte_q + 1'b1;
      end
      if (lr_issue && !hb_pop) held_d = held_q + 1'b1;
      if (hb_pop && !lr_issue) held_d = held_q - 1'b1;
      if (gen_ready_o && store_q && !b_valid_i) bursts_d = bursts_q + 1'b1;
      if (b_valid_i && !(gen_ready_o && store_q)) bursts_d = bursts_q - 1'b1;
      if (error_q == '0) begin
        if (r_take && r_resp_i != 2'b00) begin
          error_d = (r_resp_i == 2'b11) ? npu_pkg::DmaErrDecErr : npu_pkg::DmaErrSlvErr;
        end
        if (b_valid_i && b_resp_i != 2'b00) begin
          error_d = (b_resp_i == 2'b11) ? npu_pkg::DmaErrDecErr : npu_pkg::DmaErrSlvErr;
        end
      end
      // Strobes switch off only between beats, so a shown beat never changes.
      if (store_q && error_q != '0 && !(w_valid_o && !w_ready_i)) kill_d = 1'b1;
      if (finished) busy_d = 1'b0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q         <= 1'b0;
      store_q        <= 1'b0;
      error_q        <= '0;
      rows_q         <= '0;
      row_q          <= '0;
      row_bytes_q    <= '0;
      byte_q         <= '0;
      local_addr_q   <= '0;
      local_stride_q <= '0;
      fill_q         <= '0;
      wbuf_q         <= '0;
      addr_hold_q    <= 1'b0;
      kill_q         <= 1'b0;
      resp_byte_q    <= '0;
      held_q         <= '0;
      bursts_q       <= '0;
    end else begin
      busy_q         <= busy_d;
      store_q        <= store_d;
      error_q        <= error_d;
      rows_q         <= rows_d;
      row_q          <= row_d;
      row_bytes_q    <= row_bytes_d;
      byte_q         <= byte_d;
      local_addr_q   <= local_addr_d;
      local_stride_q <= local_stride_d;
      fill_q         <= fill_d;
      wbuf_q         <= wbuf_d;
      addr_hold_q    <= addr_valid && !addr_ready;
      kill_q         <= kill_d;
      resp_byte_q    <= resp_byte_d;
      held_q         <= held_d;
      bursts_q       <= bursts_d;
    end
  end

  assign busy_o  = busy_q;
  assign store_o = store_q;
  assign done_o  = finished;
  assign error_o = error_q;

  logic r_id_matches, b_id_matches;
  assign r_id_matches = r_id_i == ReadId;
  assign b_id_matches = b_id_i == WriteId;

  `ASSERT_INIT(bus_width_a, DataWidth == 64 || DataWidth == 128 || DataWidth == 256)
  `ASSERT_INIT(row_buffer_a, RowBuffer >= 1)
  // Answers only to what was asked, in the transfer's direction.
  `ASSERT(r_expected_a, r_valid_i |-> (!store_q && info_out_valid && r_id_matches),
          clk_i, rst_ni)
  `ASSERT(rlast_matches_a, r_take |-> (r_last_i == last_beat), clk_i, rst_ni)
  `ASSERT(b_expected_a, b_valid_i |-> (store_q && bursts_q != '0 && b_id_matches),
          clk_i, rst_ni)
  // Reads are issued only with a place for their answer; a load's beat has a lane left.
  `ASSERT(bytes_fit_a, lr_rsp_valid_i |-> bytes_in_ready, clk_i, rst_ni)
  `ASSERT(beat_lanes_a, write |-> lane < beat_hi, clk_i, rst_ni)
  `ASSERT(w_stable_a, (w_valid_o && !w_ready_i) |=>
          (w_valid_o && $stable(w_data_o) && $stable(w_strb_o) && $stable(w_last_o)),
          clk_i, rst_ni)

endmodule
