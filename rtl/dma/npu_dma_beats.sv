// SPDX-License-Identifier: Apache-2.0
// npu_dma_beats: the bursts a DMA engine has sent and not yet finished, a beat at a time.
// Each burst's length and region lanes (from npu_dma_bursts) wait in order in a FIFO, and
// a count says which beat of the head burst is next: its region lanes are [beat_lo,
// beat_hi) (the first beat starts at the burst's lo, the last ends at its hi, the others
// are whole). A beat done moves on; the last one's moves on to the next burst.
`include "npu_assert.svh"

module npu_dma_beats #(
  parameter int unsigned BusBytes  = 16,
  parameter int unsigned MaxBursts = 8,
  localparam int unsigned OffWidth  = $clog2(BusBytes),
  localparam int unsigned LaneWidth = $clog2(BusBytes + 1)
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  // A burst sent: its beats - 1 and its lanes (first beat from lo, last beat below hi).
  input  logic                 push_i,
  output logic                 push_ready_o,
  input  logic [7:0]           len_i,
  input  logic [OffWidth-1:0]  lo_i,
  input  logic [LaneWidth-1:0] hi_i,
  // The head beat (while valid_o: a burst is in flight).
  output logic                 valid_o,
  output logic [OffWidth-1:0]  beat_lo_o,
  output logic [LaneWidth-1:0] beat_hi_o,
  output logic                 last_o,      // the burst's last beat
  output logic [LaneWidth-1:0] next_hi_o,   // where the burst's next beat ends
  input  logic                 done_i
);

  logic [7:0]           beat_q;    // beat within the head burst
  logic [7:0]           head_len;
  logic [OffWidth-1:0]  head_lo;
  logic [LaneWidth-1:0] head_hi;

  prim_fifo #(
    .Width (8 + OffWidth + LaneWidth),
    .Depth (MaxBursts)
  ) u_info (
    .clk_i,
    .rst_ni,
    .in_valid_i  (push_i),
    .in_ready_o  (push_ready_o),
    .in_data_i   ({len_i, lo_i, hi_i}),
    .out_valid_o (valid_o),
    .out_ready_i (done_i && last_o),
    .out_data_o  ({head_len, head_lo, head_hi}),
    .count_o     ()
  );

  assign last_o    = beat_q == head_len;
  assign beat_lo_o = (beat_q == '0) ? head_lo : '0;
  assign beat_hi_o = last_o ? head_hi : LaneWidth'(BusBytes);
  assign next_hi_o = (beat_q + 1'b1 == head_len) ? head_hi : LaneWidth'(BusBytes);

  // Back to 0 after each burst's last beat, so 0 whenever no burst is in flight.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) beat_q <= '0;
    else if (done_i) beat_q <= last_o ? '0 : beat_q + 1'b1;
  end

  `ASSERT(done_in_flight_a, done_i |-> valid_o, clk_i, rst_ni)

endmodule
