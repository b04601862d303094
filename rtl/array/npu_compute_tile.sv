// SPDX-License-Identifier: Apache-2.0
// npu_compute_tile: the systolic array behind valid/ready streams and two commands.
//   PRELOAD(k, n): take k weight rows (bottom row first) into the shadow weight buffer;
//                  columns n and above are loaded as zero.
//   STREAM(m):     take m activation rows (elements k and above are masked to zero), give
//                  m result rows of C int32. Uses the weights of the latest PRELOAD.
// A PRELOAD overlaps the STREAM before it (double-buffered weights); output back-pressure
// is honoured with credits: a row enters the array only when the output FIFO is sure to
// have room for it, so the array itself never stalls. With WeightBuffers 1 (one weight
// register a PE) every PRELOAD fills the one buffer, so it waits until the last row of the
// STREAM before it has left the array: k + R + C + 2 cycles from that row's entry to the
// next stream's first row, instead of none.
`include "npu_assert.svh"

module npu_compute_tile #(
  parameter int unsigned ArrayRows    = npu_pkg::ArrayRows,
  parameter int unsigned ArrayCols    = npu_pkg::ArrayCols,
  parameter int unsigned DspPairCols  = 0,  // columns built in pairs on one multiplier
  // Rows the output FIFO holds. R + C + 2 covers the credit loop (input register, array,
  // FIFO) so that the tile sustains one row per cycle; smaller is legal but slower.
  parameter int unsigned OutFifoDepth = ArrayRows + ArrayCols + 2,
  parameter int unsigned RowsWidth    = 16,
  parameter int unsigned WeightBuffers = 2,  // 1 or 2 weight registers a PE
  localparam int unsigned KWidth      = $clog2(ArrayRows + 1),
  localparam int unsigned NWidth      = $clog2(ArrayCols + 1)
) (
  input  logic                                     clk_i,
  input  logic                                     rst_ni,
  // Commands.
  input  logic                                     cmd_valid_i,
  output logic                                     cmd_ready_o,
  input  logic                                     cmd_op_i,     // npu_pkg::TileOp*
  input  logic [RowsWidth-1:0]                     cmd_rows_i,   // STREAM: m
  input  logic [KWidth-1:0]                        cmd_k_i,      // PRELOAD: k <= R
  input  logic [NWidth-1:0]                        cmd_n_i,      // PRELOAD: n <= C
  // Weight rows for PRELOAD (C int8, element c for column c).
  input  logic                                     weight_valid_i,
  output logic                                     weight_ready_o,
  input  logic [ArrayCols*npu_pkg::InputWidth-1:0] weight_data_i,
  // Activation rows for STREAM (R int8, element r for row r of the weight tile).
  input  logic                                     act_valid_i,
  output logic                                     act_ready_o,
  input  logic [ArrayRows*npu_pkg::InputWidth-1:0] act_data_i,
  // Result rows (C int32).
  output logic                                     out_valid_o,
  input  logic                                     out_ready_i,
  output logic [ArrayCols*npu_pkg::AccWidth-1:0]   out_data_o,
  // Something is still in progress (a command, a row in flight, a result not taken).
  output logic                                     busy_o
);

  localparam int unsigned R    = ArrayRows;
  localparam int unsigned C    = ArrayCols;
  localparam int unsigned InW  = npu_pkg::InputWidth;
  localparam int unsigned AccW = npu_pkg::AccWidth;
  localparam int unsigned CreditWidth = $clog2(OutFifoDepth + 1);

  // ---------------------------------------------------------------------------------------
  // Weight-buffer bookkeeping.
  logic                     load_buf_q, load_buf_d;     // buffer the next PRELOAD fills
  logic                     stream_buf_q, stream_buf_d; // buffer the next STREAM uses
  // Per-buffer state, two fields side by side (index = buffer number).
  logic [2*KWidth-1:0]      buf_k_q, buf_k_d;           // k of the tile in each buffer
  logic [2*CreditWidth-1:0] in_flight_q, in_flight_d;   // rows in the array per buffer

  // Preload engine.
  logic                     pre_busy_q, pre_busy_d;
  logic                     pre_buf_q, pre_buf_d;
  logic [KWidth-1:0]        pre_left_q, pre_left_d;
  logic [NWidth-1:0]        pre_n_q, pre_n_d;

  // Stream engine.
  logic                     str_busy_q, str_busy_d;
  logic                     str_sel_q, str_sel_d;
  logic [RowsWidth-1:0]     str_left_q, str_left_d;

  // Rows issued but not yet popped from the output FIFO.
  logic [CreditWidth-1:0]   outstanding_q, outstanding_d;

  // Registered array inputs (keeps the mask and mux out of the first PE's path).
  logic                     arr_in_valid_q, arr_in_sel_q;
  logic [R*InW-1:0]         arr_in_data_q, arr_in_data_d;

  logic                     arr_out_valid, arr_out_sel;
  logic [C*AccW-1:0]        arr_out_data;
  logic                     fifo_in_ready;
  logic                     fifo_out_valid;
  logic                     weight_shift;
  localparam int unsigned   SelWidth = (R > 1) ? $clog2(R) : 1;
  logic [SelWidth-1:0]      weight_sel;
  logic [C*InW-1:0]         weight_row;
  logic                     issue_row;
  logic                     pop_row;
  logic                     preload_can_start;
  logic                     pre_free, str_free;
  logic [CreditWidth-1:0]   fifo_count;
  logic                     stream_can_start;

  // ---------------------------------------------------------------------------------------
  // Command dispatch. Commands issue in order; a PRELOAD may start while a STREAM runs,
  // as long as no row that uses its target buffer is still in the array.
  // An engine counts as free in the cycle it finishes, so commands follow back to back.
  assign pre_free = !pre_busy_q || (weight_shift && pre_left_q == KWidth'(1));
  assign str_free = !str_busy_q || (issue_row && str_left_q == RowsWidth'(1));
  assign preload_can_start = pre_free && (in_flight_q[load_buf_q*CreditWidth +: CreditWidth] == '0) &&
                             !(str_busy_q && str_sel_q == load_buf_q);
  // A STREAM needs the preceding PRELOAD complete (any preload still busy is for the
  // buffer this stream will use) and the stream engine free.
  assign stream_can_start  = pre_free && str_free;
  assign cmd_ready_o = (cmd_op_i == npu_pkg::TileOpPreload) ? preload_can_start
                                                            : stream_can_start;

  // Preload: one weight row per cycle while rows remain; columns >= n load as zero.
  assign weight_ready_o = pre_busy_q;
  assign weight_shift   = pre_busy_q && weight_valid_i;
  // Rows still to shift after this one: the array row this one ends in (bottom first).
  assign weight_sel     = SelWidth'(pre_left_q - 1'b1);
  always_comb begin
    for (int unsigned c = 0; c < C; c++) begin
      weight_row[c*InW +: InW] = (c < pre_n_q) ? weight_data_i[c*InW +: InW] : '0;
    end
  end

  // Stream: one row per cycle while rows remain and the FIFO is sure to have room.
  assign act_ready_o = str_busy_q && (outstanding_q < CreditWidth'(OutFifoDepth));
  assign issue_row   = act_valid_i && act_ready_o;
  always_comb begin
    for (int unsigned r = 0; r < R; r++) begin
      arr_in_data_d[r*InW +: InW] = (r < buf_k_q[str_sel_q*KWidth +: KWidth]) ? act_data_i[r*InW +: InW] : '0;
    end
  end

  assign pop_row = fifo_out_valid && out_ready_i;

  always_comb begin
    load_buf_d    = load_buf_q;
    stream_buf_d  = stream_buf_q;
    buf_k_d       = buf_k_q;
    pre_busy_d    = pre_busy_q;
    pre_buf_d     = pre_buf_q;
    pre_left_d    = pre_left_q;
    pre_n_d       = pre_n_q;
    str_busy_d    = str_busy_q;
    str_sel_d     = str_sel_q;
    str_left_d    = str_left_q;
    outstanding_d = outstanding_q;
    in_flight_d   = in_flight_q;

    // Preload progress.
    if (weight_shift) begin
      pre_left_d = pre_left_q - 1'b1;
      if (pre_left_q == KWidth'(1)) pre_busy_d = 1'b0;
    end
    // Stream progress.
    if (issue_row) begin
      str_left_d = str_left_q - 1'b1;
      if (str_left_q == RowsWidth'(1)) str_busy_d = 1'b0;
    end

    // New command.
    if (cmd_valid_i && cmd_ready_o) begin
      if (cmd_op_i == npu_pkg::TileOpPreload) begin
        pre_busy_d          = (cmd_k_i != '0);
        pre_buf_d           = load_buf_q;
        pre_left_d          = cmd_k_i;
        pre_n_d             = cmd_n_i;
        buf_k_d[load_buf_q*KWidth +: KWidth] = cmd_k_i;
        stream_buf_d        = load_buf_q;
        // One buffer: always buffer 0, so the guards above wait for its last row.
        load_buf_d          = (WeightBuffers == 2) ? !load_buf_q : 1'b0;
      end else begin
        str_busy_d = (cmd_rows_i != '0);
        str_sel_d  = stream_buf_q;
        str_left_d = cmd_rows_i;
      end
    end

    // Credits and per-buffer occupancy.
    if (issue_row && !pop_row) outstanding_d = outstanding_q + 1'b1;
    if (pop_row && !issue_row) outstanding_d = outstanding_q - 1'b1;
    if (issue_row) begin
      in_flight_d[str_sel_q*CreditWidth +: CreditWidth] =
          in_flight_d[str_sel_q*CreditWidth +: CreditWidth] + 1'b1;
    end
    if (arr_out_valid) begin
      in_flight_d[arr_out_sel*CreditWidth +: CreditWidth] =
          in_flight_d[arr_out_sel*CreditWidth +: CreditWidth] - 1'b1;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      load_buf_q     <= 1'b0;
      stream_buf_q   <= 1'b0;
      buf_k_q        <= '0;
      pre_busy_q     <= 1'b0;
      pre_buf_q      <= 1'b0;
      pre_left_q     <= '0;
      pre_n_q        <= '0;
      str_busy_q     <= 1'b0;
      str_sel_q      <= 1'b0;
      str_left_q     <= '0;
      outstanding_q  <= '0;
      in_flight_q    <= '0;
      arr_in_valid_q <= 1'b0;
      arr_in_sel_q   <= 1'b0;
    end else begin
      load_buf_q     <= load_buf_d;
      stream_buf_q   <= stream_buf_d;
      buf_k_q        <= buf_k_d;
      pre_busy_q     <= pre_busy_d;
      pre_buf_q      <= pre_buf_d;
      pre_left_q     <= pre_left_d;
      pre_n_q        <= pre_n_d;
      str_busy_q     <= str_busy_d;
      str_sel_q      <= str_sel_d;
      str_left_q     <= str_left_d;
      outstanding_q  <= outstanding_d;
      in_flight_q    <= in_flight_d;
      arr_in_valid_q <= issue_row;
      arr_in_sel_q   <= str_sel_q;
    end
  end

  always_ff @(posedge clk_i) begin
    arr_in_data_q <= arr_in_data_d;
  end

  // ---------------------------------------------------------------------------------------
  npu_systolic_array #(
    .ArrayRows     (R),
    .ArrayCols     (C),
    .DspPairCols   (DspPairCols),
    .WeightBuffers (WeightBuffers)
  ) u_array (
    .clk_i,
    .rst_ni,
    .weight_shift_i (weight_shift),
    .weight_buf_i   (pre_buf_q),
    .weight_row_i   (weight_row),
    .weight_sel_i   (weight_sel),
    .in_valid_i     (arr_in_valid_q),
    .in_sel_i       (arr_in_sel_q),
    .in_data_i      (arr_in_data_q),
    .out_valid_o    (arr_out_valid),
    .out_sel_o      (arr_out_sel),
    .out_data_o     (arr_out_data)
  );

  // The FIFO keeps each sum at the width the array computes it (npu_pkg::psum_width: 18
  // bits at 4 rows, 20 at 16) and sign-extends it on the way out: on the iCE40 a 128-bit
  // FIFO is 8 block RAMs (16 bits each) where 72 bits are 5.
  localparam int unsigned SumW = npu_pkg::psum_width(R);
  logic [C*SumW-1:0] fifo_in_data, fifo_out_data;
  for (genvar c = 0; c < C; c++) begin : g_sums
    assign fifo_in_data[c*SumW +: SumW] = arr_out_data[c*AccW +: SumW];
    assign out_data_o[c*AccW +: AccW]   = AccW'($signed(fifo_out_data[c*SumW +: SumW]));
  end

  prim_fifo #(
    .Width (C * SumW),
    .Depth (OutFifoDepth)
  ) u_out_fifo (
    .clk_i,
    .rst_ni,
    .in_valid_i  (arr_out_valid),
    .in_ready_o  (fifo_in_ready),
    .in_data_i   (fifo_in_data),
    .out_valid_o (fifo_out_valid),
    .out_ready_i (out_ready_i),
    .out_data_o  (fifo_out_data),
    .count_o     (fifo_count)
  );

  logic unused_sign_bits;  // the array's lanes above SumW copy the sign
  assign unused_sign_bits = ^arr_out_data;

  assign out_valid_o = fifo_out_valid;
  assign busy_o = pre_busy_q || str_busy_q || (outstanding_q != '0);

  // ---------------------------------------------------------------------------------------
  `ASSERT_INIT(rows_positive_a, R >= 1 && C >= 1)
  `ASSERT_INIT(fifo_depth_positive_a, OutFifoDepth >= 1)
  `ASSERT_INIT(weight_buffers_a, WeightBuffers == 1 || WeightBuffers == 2)
  // Credits guarantee the FIFO never refuses a row leaving the array.
  `ASSERT(fifo_never_full_a, arr_out_valid |-> fifo_in_ready, clk_i, rst_ni)
  `ASSERT(credits_cover_fifo_a, outstanding_q >= fifo_count, clk_i, rst_ni)
  `ASSERT(preload_k_legal_a, (cmd_valid_i && cmd_op_i == npu_pkg::TileOpPreload) |->
          (cmd_k_i <= KWidth'(R) && cmd_n_i <= NWidth'(C)), clk_i, rst_ni)
  `ASSERT_STABLE(out_stable_a, out_valid_o, out_ready_i, out_data_o, clk_i, rst_ni)

endmodule
