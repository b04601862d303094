// SPDX-License-Identifier: Apache-2.0
// npu_dma_load: DRAM -> local rows. Bursts from npu_dma_bursts go out on AR (several
// outstanding, one ID, so data returns in order); the bytes of each R beat that belong to
// the region are packed by a realigning buffer into rows of row_bytes, each written to
// local row local_addr + i * local_stride. An error response stops new bursts; the
// outstanding ones are drained, their data dropped, and the transfer ends with the code.
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
  input  logic [AddrWidth-1:0]      addr_i,
  input  logic [RowsWidth-1:0]      rows_i,
  input  logic [RowBytesWidth-1:0]  row_bytes_i,
  input  logic [AddrWidth-1:0]      stride_i,
  input  logic [LocalAddrWidth-1:0] local_addr_i,
  input  logic [LocalAddrWidth-1:0] local_stride_i,
  output logic                      busy_o,
  output logic                      done_o,
  output logic [3:0]                error_o,
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

  // The realigning buffer holds a part row plus whole beats.
  localparam int unsigned BufBytes  = 2 * (LocalBytes + BusBytes);
  localparam int unsigned FillWidth = $clog2(BufBytes + 1);
  localparam int unsigned InfoWidth = 8 + OffWidth + LaneWidth;

  logic                      busy_q, busy_d;
  logic [3:0]                error_q, error_d;
  logic [RowsWidth-1:0]      rows_q, rows_d;              // rows of this transfer
  logic [RowsWidth-1:0]      rows_done_q, rows_done_d;    // rows written locally
  logic [RowBytesWidth-1:0]  row_bytes_q, row_bytes_d;
  logic [LocalAddrWidth-1:0] local_addr_q, local_addr_d;
  logic [LocalAddrWidth-1:0] local_stride_q, local_stride_d;
  logic [BufBytes*8-1:0]     buf_q, buf_d;
  logic [FillWidth-1:0]      fill_q, fill_d;
  logic [7:0]                beat_q, beat_d;              // beat within the head burst
  logic                      ar_hold_q;                   // AR shown and not yet taken

  logic                      gen_busy, gen_valid, gen_ready;
  logic [AddrWidth-1:0]      gen_addr;
  logic [7:0]                gen_len;
  logic [OffWidth-1:0]       gen_lo;
  logic [LaneWidth-1:0]      gen_hi;
  logic                      info_in_ready, info_out_valid, info_pop;
  logic [InfoWidth-1:0]      info_out;
  logic [7:0]                head_len;
  logic [OffWidth-1:0]       head_lo;
  logic [LaneWidth-1:0]      head_hi;
  logic [OffWidth-1:0]       beat_lo;
  logic [LaneWidth-1:0]      beat_hi;
  logic [LaneWidth-1:0]      beat_bytes;
  logic                      r_take, emit, append;
  logic [BufBytes*8-1:0]     base_buf, incoming;
  logic [FillWidth-1:0]      base_fill;
  logic [BusBytes*8-1:0]     beat_shifted;
  logic                      finished;
  logic                      r_id_matches;

  npu_dma_bursts #(
    .AddrWidth     (AddrWidth),
    .BusBytes      (BusBytes),
    .RowsWidth     (RowsWidth),
    .RowBytesWidth (RowBytesWidth)
  ) u_bursts (
    .clk_i,
    .rst_ni,
    .start_i       (start_i && !busy_q),
    .addr_i,
    .rows_i,
    .row_bytes_i,
    .stride_i,
    .abort_i       (busy_q && error_q != '0 && !ar_valid_o),
    .busy_o        (gen_busy),
    .burst_valid_o (gen_valid),
    .burst_ready_i (gen_ready),
    .burst_addr_o  (gen_addr),
    .burst_len_o   (gen_len),
    .burst_lo_o    (gen_lo),
    .burst_hi_o    (gen_hi)
  );

  // AR: a burst goes out when its lane information has a place to wait for the data.
  // Once shown it stays until taken, even if an error arrives meanwhile.
  assign ar_valid_o = ar_hold_q || (gen_valid && info_in_ready && error_q == '0);
  assign ar_addr_o  = gen_addr;
  assign ar_id_o    = ReadId;
  assign ar_len_o   = gen_len;
  assign gen_ready  = ar_valid_o && ar_ready_i;

  prim_fifo #(
    .Width (InfoWidth),
    .Depth (MaxBursts)
  ) u_info (
    .clk_i,
    .rst_ni,
    .in_valid_i  (gen_ready),
    .in_ready_o  (info_in_ready),
    .in_data_i   ({gen_len, gen_lo, gen_hi}),
    .out_valid_o (info_out_valid),
    .out_ready_i (info_pop),
    .out_data_o  (info_out),
    .count_o     ()
  );
  assign {head_len, head_lo, head_hi} = info_out;

  // The lanes of this beat that carry region bytes.
  assign beat_lo    = (beat_q == '0) ? head_lo : '0;
  assign beat_hi    = (beat_q == head_len) ? head_hi : LaneWidth'(BusBytes);
  assign beat_bytes = beat_hi - LaneWidth'(beat_lo);

  // R: take a beat while the buffer has room for a whole one (after an error: always).
  assign r_ready_o = info_out_valid &&
                     (error_q != '0 || fill_q <= FillWidth'(BufBytes - BusBytes));
  assign r_take    = r_valid_i && r_ready_o;
  assign info_pop  = r_take && beat_q == head_len;
  assign append    = r_take && error_q == '0 && r_resp_i == 2'b00;

  // Local writes: a full row at the bottom of the buffer goes out.
  assign lw_valid_o = busy_q && fill_q >= FillWidth'(row_bytes_q);
  assign lw_addr_o  = local_addr_q;
  assign lw_data_o  = buf_q[LocalBytes*8-1:0];
  always_comb begin
    for (int unsigned b = 0; b < LocalBytes; b++) lw_mask_o[b] = b < row_bytes_q;
  end
  assign emit = lw_valid_o && lw_ready_i;

  // Buffer: drop an emitted row from the bottom, append the beat's bytes above the rest.
  assign beat_shifted = r_data_i >> (beat_lo * 8);
  always_comb begin
    incoming = '0;
    for (int unsigned b = 0; b < BusBytes; b++) begin
      if (b < beat_bytes) incoming[b*8 +: 8] = beat_shifted[b*8 +: 8];
    end
    base_buf  = emit ? (buf_q >> (row_bytes_q * 8)) : buf_q;
    base_fill = emit ? (fill_q - FillWidth'(row_bytes_q)) : fill_q;
    buf_d     = append ? (base_buf | (incoming << (base_fill * 8))) : base_buf;
    fill_d    = append ? (base_fill + FillWidth'(beat_bytes)) : base_fill;
  end

  assign finished = busy_q && !gen_busy && !ar_hold_q && !info_out_valid &&
                    fill_q < FillWidth'(row_bytes_q) &&
                    (error_q != '0 || rows_done_q == rows_q);

  always_comb begin
    busy_d         = busy_q;
    error_d        = error_q;
    rows_d         = rows_q;
    rows_done_d    = rows_done_q;
    row_bytes_d    = row_bytes_q;
    local_addr_d   = local_addr_q;
    local_stride_d = local_stride_q;
    beat_d         = beat_q;
    if (start_i && !busy_q) begin
      busy_d         = 1'b1;
      error_d        = '0;
      rows_d         = rows_i;
      rows_done_d    = '0;
      row_bytes_d    = row_bytes_i;
      local_addr_d   = local_addr_i;
      local_stride_d = local_stride_i;
      beat_d         = '0;
    end else begin
      if (r_take) beat_d = (beat_q == head_len) ? '0 : beat_q + 1'b1;
      if (r_take && r_resp_i != 2'b00 && error_q == '0) begin
        error_d = (r_resp_i == 2'b11) ? npu_pkg::DmaErrDecErr : npu_pkg::DmaErrSlvErr;
      end
      if (emit) begin
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
      buf_q          <= '0;
      fill_q         <= '0;
      beat_q         <= '0;
      ar_hold_q      <= 1'b0;
    end else begin
      busy_q         <= busy_d;
      error_q        <= error_d;
      rows_q         <= rows_d;
      rows_done_q    <= rows_done_d;
      row_bytes_q    <= row_bytes_d;
      local_addr_q   <= local_addr_d;
      local_stride_q <= local_stride_d;
      // A new transfer starts with an empty buffer (an aborted one may leave bytes).
      buf_q          <= (start_i && !busy_q) ? '0 : buf_d;
      fill_q         <= (start_i && !busy_q) ? '0 : fill_d;
      beat_q         <= beat_d;
      ar_hold_q      <= ar_valid_o && !ar_ready_i;
    end
  end

  assign busy_o  = busy_q;
  assign done_o  = finished;
  assign error_o = error_q;

  assign r_id_matches = r_id_i == ReadId;

  `ASSERT_INIT(bus_width_a, DataWidth == 64 || DataWidth == 128 || DataWidth == 256)
  // R beats only for outstanding bursts, with RLAST exactly on the last beat.
  `ASSERT(r_expected_a, r_valid_i |-> info_out_valid, clk_i, rst_ni)
  `ASSERT(rlast_matches_a, r_take |-> (r_last_i == (beat_q == head_len)), clk_i, rst_ni)
  `ASSERT(r_id_a, r_valid_i |-> r_id_matches, clk_i, rst_ni)

endmodule
