// SPDX-License-Identifier: Apache-2.0
// npu_dma_store: local rows -> DRAM. Local rows are read (fixed latency, as many in
// flight as the buffer can take) and their first row_bytes bytes appended to a byte
// buffer; bursts from npu_dma_bursts go out on AW (several outstanding, one ID) and each W
// beat takes its bytes from the bottom of the buffer into the lanes of the region, with
// strobes on exactly those lanes. An error response stops new bursts and local reads; W
// beats still owed for bursts already sent go out with no strobe, so nothing more is
// written, and the transfer ends with the code once every response is in.
`include "npu_assert.svh"

module npu_dma_store #(
  parameter int unsigned AddrWidth      = 32,
  parameter int unsigned DataWidth      = 128,
  parameter int unsigned IdWidth        = 4,
  parameter int unsigned LocalBytes     = 16,
  parameter int unsigned LocalAddrWidth = 10,
  parameter int unsigned MaxBursts      = 8,
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
  input  logic [AddrWidth-1:0]      addr_i,
  input  logic [RowsWidth-1:0]      rows_i,
  input  logic [RowBytesWidth-1:0]  row_bytes_i,
  input  logic [AddrWidth-1:0]      stride_i,
  input  logic [LocalAddrWidth-1:0] local_addr_i,
  input  logic [LocalAddrWidth-1:0] local_stride_i,
  output logic                      busy_o,
  output logic                      done_o,
  output logic [3:0]                error_o,
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

  localparam int unsigned BufBytes  = 2 * (LocalBytes + BusBytes);
  localparam int unsigned FillWidth = $clog2(BufBytes + 1);
  localparam int unsigned InfoWidth = 8 + OffWidth + LaneWidth;
  localparam int unsigned CountWidth = $clog2(MaxBursts + 1);

  logic                      busy_q, busy_d;
  logic [3:0]                error_q, error_d;
  logic [RowsWidth-1:0]      rows_q, rows_d;
  logic [RowsWidth-1:0]      rows_read_q, rows_read_d;    // local reads issued
  logic [RowBytesWidth-1:0]  row_bytes_q, row_bytes_d;
  logic [LocalAddrWidth-1:0] local_addr_q, local_addr_d;
  logic [LocalAddrWidth-1:0] local_stride_q, local_stride_d;
  logic [BufBytes*8-1:0]     buf_q, buf_d;
  logic [FillWidth-1:0]      fill_q, fill_d;              // bytes in the buffer
  logic [FillWidth-1:0]      reserved_q, reserved_d;      // bytes in it or on their way
  logic [7:0]                beat_q, beat_d;
  logic [CountWidth-1:0]     bursts_q, bursts_d;          // AW sent, B not yet back
  logic                      aw_hold_q;
  logic                      kill_q, kill_d;              // after an error: empty strobes

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
  logic                      w_send, consume, lr_issue, b_take;
  logic [BufBytes*8-1:0]     base_buf, incoming;
  logic [DataWidth-1:0]      w_shifted;
  logic [FillWidth-1:0]      base_fill;
  logic                      finished;
  logic                      b_id_matches;

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
    .abort_i       (busy_q && error_q != '0 && !aw_valid_o),
    .busy_o        (gen_busy),
    .burst_valid_o (gen_valid),
    .burst_ready_i (gen_ready),
    .burst_addr_o  (gen_addr),
    .burst_len_o   (gen_len),
    .burst_lo_o    (gen_lo),
    .burst_hi_o    (gen_hi)
  );

  // AW: limited by outstanding responses and by room for the burst's lane information.
  assign aw_valid_o = aw_hold_q ||
                      (gen_valid && info_in_ready && bursts_q < CountWidth'(MaxBursts) &&
                       error_q == '0);
  assign aw_addr_o  = gen_addr;
  assign aw_id_o    = WriteId;
  assign aw_len_o   = gen_len;
  assign gen_ready  = aw_valid_o && aw_ready_i;

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

  assign beat_lo    = (beat_q == '0) ? head_lo : '0;
  assign beat_hi    = (beat_q == head_len) ? head_hi : LaneWidth'(BusBytes);
  assign beat_bytes = beat_hi - LaneWidth'(beat_lo);

  // W: a beat goes out once its bytes are in the buffer (after an error, at once, empty).
  assign w_valid_o = info_out_valid && (kill_q || fill_q >= FillWidth'(beat_bytes));
  // The beat's bytes sit at the bottom of the buffer; move them up to their lanes. Lanes
  // outside the region are zero, so a beat waiting for ready never changes (the buffer
  // above its bytes keeps filling).
  assign w_shifted = buf_q[DataWidth-1:0] << (beat_lo * 8);
  always_comb begin
    for (int unsigned b = 0; b < BusBytes; b++) begin
      w_strb_o[b] = !kill_q && b >= beat_lo && b < beat_hi;
      w_data_o[b*8 +: 8] = (b >= beat_lo && b < beat_hi) ? w_shifted[b*8 +: 8] : 8'h00;
    end
  end
  assign w_last_o = beat_q == head_len;
  assign w_send   = w_valid_o && w_ready_i;
  assign info_pop = w_send && w_last_o;
  assign consume  = w_send && !kill_q;

  // Local reads: while rows remain and the buffer can take one more row.
  assign lr_valid_o = busy_q && error_q == '0 && rows_read_q != rows_q &&
                      reserved_q <= FillWidth'(BufBytes - LocalBytes);
  assign lr_addr_o  = local_addr_q;
  assign lr_issue   = lr_valid_o && lr_ready_i;

  assign b_ready_o = 1'b1;
  assign b_take    = b_valid_i;

  always_comb begin
    incoming = '0;
    for (int unsigned b = 0; b < LocalBytes; b++) begin
      if (b < row_bytes_q) incoming[b*8 +: 8] = lr_rsp_data_i[b*8 +: 8];
    end
    base_buf  = consume ? (buf_q >> (beat_bytes * 8)) : buf_q;
    base_fill = consume ? (fill_q - FillWidth'(beat_bytes)) : fill_q;
    buf_d     = lr_rsp_valid_i ? (base_buf | (incoming << (base_fill * 8))) : base_buf;
    fill_d    = lr_rsp_valid_i ? (base_fill + FillWidth'(row_bytes_q)) : base_fill;
    reserved_d = reserved_q;
    if (lr_issue) reserved_d = reserved_d + FillWidth'(row_bytes_q);
    if (consume) reserved_d = reserved_d - FillWidth'(beat_bytes);
  end

  // Done when every burst is answered and every local read has come back.
  assign finished = busy_q && !gen_busy && !aw_hold_q && !info_out_valid &&
                    bursts_q == '0 && reserved_q == fill_q &&
                    (error_q != '0 || (rows_read_q == rows_q && fill_q == '0));

  always_comb begin
    busy_d         = busy_q;
    error_d        = error_q;
    rows_d         = rows_q;
    rows_read_d    = rows_read_q;
    row_bytes_d    = row_bytes_q;
    local_addr_d   = local_addr_q;
    local_stride_d = local_stride_q;
    beat_d         = beat_q;
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
      beat_d         = '0;
      kill_d         = 1'b0;
    end else begin
      if (w_send) beat_d = w_last_o ? '0 : beat_q + 1'b1;
      if (lr_issue) begin
        rows_read_d  = rows_read_q + 1'b1;
        local_addr_d = local_addr_q + local_stride_q;
      end
      if (gen_ready && !b_take) bursts_d = bursts_q + 1'b1;
      if (b_take && !gen_ready) bursts_d = bursts_q - 1'b1;
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
      buf_q          <= '0;
      fill_q         <= '0;
      reserved_q     <= '0;
      beat_q         <= '0;
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
      buf_q          <= (start_i && !busy_q) ? '0 : buf_d;
      fill_q         <= (start_i && !busy_q) ? '0 : fill_d;
      reserved_q     <= (start_i && !busy_q) ? '0 : reserved_d;
      beat_q         <= beat_d;
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
  `ASSERT(b_expected_a, b_valid_i |-> (bursts_q != '0 && b_id_matches), clk_i, rst_ni)
  `ASSERT(w_stable_a, (w_valid_o && !w_ready_i) |=>
          (w_valid_o && $stable(w_data_o) && $stable(w_strb_o) && $stable(w_last_o)),
          clk_i, rst_ni)

endmodule
