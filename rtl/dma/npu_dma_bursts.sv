// SPDX-License-Identifier: Apache-2.0
// npu_dma_bursts: cuts a 2-D DRAM region into AXI4 INCR bursts. The region is rows of
// row_bytes bytes, stride bytes apart; when stride equals row_bytes the rows touch and
// the whole region is one contiguous segment, so bursts run across rows. Each burst
// starts on a bus-aligned address, never crosses a 4 KiB boundary and has at most
// MaxBeats beats. For each burst it gives the byte lanes used: from lo in the first beat,
// up to (not including) hi in the last beat.
`include "npu_assert.svh"

module npu_dma_bursts #(
  parameter int unsigned AddrWidth = 32,
  parameter int unsigned BusBytes  = 16,
  parameter int unsigned RowsWidth = 16,
  parameter int unsigned RowBytesWidth = 7,
  // Beats a burst may have: 256 (AXI4's most), or fewer for a memory that serves a beat
  // at a time anyway (the iCE40 board: 1, every burst one aligned beat, no 4 KiB check).
  parameter int unsigned MaxBeats  = 256,
  localparam int unsigned OffWidth = $clog2(BusBytes),
  localparam int unsigned LaneWidth = $clog2(BusBytes + 1)
) (
  input  logic                     clk_i,
  input  logic                     rst_ni,
  // Start a region (ignored while busy).
  input  logic                     start_i,
  input  logic [AddrWidth-1:0]     addr_i,
  input  logic [RowsWidth-1:0]     rows_i,       // >= 1
  input  logic [RowBytesWidth-1:0] row_bytes_i,  // >= 1
  input  logic [AddrWidth-1:0]     stride_i,
  // The region's extent, (rows - 1) * stride + row_bytes, from npu_dma's window check:
  // when the rows touch, the one segment's length (no multiplier of its own).
  input  logic [RowsWidth+RowBytesWidth-1:0] span_i,
  // Stop issuing (after an error); the generator goes idle at once.
  input  logic                     abort_i,
  output logic                     busy_o,
  // Bursts.
  output logic                     burst_valid_o,
  input  logic                     burst_ready_i,
  output logic [AddrWidth-1:0]     burst_addr_o,  // bus-aligned
  output logic [7:0]               burst_len_o,   // beats - 1
  output logic [OffWidth-1:0]      burst_lo_o,    // first lane used in the first beat
  output logic [LaneWidth-1:0]     burst_hi_o     // lanes used in the last beat: [0, hi)
);

  // Bytes of a segment: up to rows * row_bytes.
  localparam int unsigned SegWidth = RowsWidth + RowBytesWidth;

  logic                     busy_q, busy_d;
  logic [AddrWidth-1:0]     seg_addr_q, seg_addr_d;   // next byte to fetch
  logic [SegWidth-1:0]      seg_left_q, seg_left_d;   // bytes left in this segment
  logic [AddrWidth-1:0]     row_addr_q, row_addr_d;   // start of the current row
  logic [RowsWidth-1:0]     rows_left_q, rows_left_d; // rows after this segment
  logic [RowBytesWidth-1:0] row_bytes_q, row_bytes_d;
  logic [AddrWidth-1:0]     stride_q, stride_d;

  logic [OffWidth-1:0]      offset;
  logic [12:0]              to_page;   // bytes to the next 4 KiB boundary (1..4096)
  logic [SegWidth+1:0]      to_max;    // bytes that MaxBeats beats can carry from offset
  logic [SegWidth+1:0]      bytes;     // bytes in this burst
  logic [SegWidth+1:0]      span;      // offset + bytes
  logic [SegWidth+1:0]      last_byte; // offset + bytes - 1: the last lane used, from beat 0

  assign offset  = seg_addr_q[OffWidth-1:0];
  assign to_page = 13'd4096 - {1'b0, seg_addr_q[11:0]};
  assign to_max  = (SegWidth+2)'(MaxBeats * BusBytes) - (SegWidth+2)'(offset);

  always_comb begin
    bytes = (SegWidth+2)'(seg_left_q);
    // One aligned beat never crosses 4 KiB: with single beats the page cut is not built.
    if (MaxBeats > 1 && (SegWidth+2)'(to_page) < bytes) bytes = (SegWidth+2)'(to_page);
    if (to_max < bytes) bytes = to_max;
  end
  assign span      = (SegWidth+2)'(offset) + bytes;
  assign last_byte = span - 1'b1;

  assign busy_o        = busy_q;
  assign burst_valid_o = busy_q;
  assign burst_addr_o  = {seg_addr_q[AddrWidth-1:OffWidth], {OffWidth{1'b0}}};
  assign burst_len_o   = (MaxBeats == 1) ? 8'd0 : 8'(last_byte >> OffWidth);
  assign burst_lo_o    = offset;
  assign burst_hi_o    = LaneWidth'(last_byte[OffWidth-1:0]) + 1'b1;

  always_comb begin
    busy_d      = busy_q;
    seg_addr_d  = seg_addr_q;
    seg_left_d  = seg_left_q;
    row_addr_d  = row_addr_q;
    rows_left_d = rows_left_q;
    row_bytes_d = row_bytes_q;
    stride_d    = stride_q;
    if (!busy_q && start_i) begin
      busy_d      = 1'b1;
      seg_addr_d  = addr_i;
      row_addr_d  = addr_i;
      row_bytes_d = row_bytes_i;
      stride_d    = stride_i;
      if (stride_i == AddrWidth'(row_bytes_i)) begin
        // Touching rows: one segment for the whole region.
        seg_left_d  = span_i;
        rows_left_d = '0;
      end else begin
        seg_left_d  = SegWidth'(row_bytes_i);
        rows_left_d = rows_i - 1'b1;
      end
    end else if (busy_q && burst_ready_i) begin
      seg_addr_d = seg_addr_q + AddrWidth'(bytes);
      seg_left_d = seg_left_q - SegWidth'(bytes);
      if (seg_left_q == SegWidth'(bytes)) begin
        if (rows_left_q == '0) begin
          busy_d = 1'b0;
        end else begin
          rows_left_d = rows_left_q - 1'b1;
          row_addr_d  = row_addr_q + stride_q;
          seg_addr_d  = row_addr_q + stride_q;
          seg_left_d  = SegWidth'(row_bytes_q);
        end
      end
    end
    if (abort_i) busy_d = 1'b0;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q      <= 1'b0;
      seg_addr_q  <= '0;
      seg_left_q  <= '0;
      row_addr_q  <= '0;
      rows_left_q <= '0;
      row_bytes_q <= '0;
      stride_q    <= '0;
    end else begin
      busy_q      <= busy_d;
      seg_addr_q  <= seg_addr_d;
      seg_left_q  <= seg_left_d;
      row_addr_q  <= row_addr_d;
      rows_left_q <= rows_left_d;
      row_bytes_q <= row_bytes_d;
      stride_q    <= stride_d;
    end
  end

  `ASSERT_INIT(max_beats_a, MaxBeats >= 1 && MaxBeats <= 256)

endmodule
