// SPDX-License-Identifier: Apache-2.0
// npu_pool2x2: 2x2 max or average pooling of int8 rows. Each group of four consecutive
// input rows (the four pixels of a window, channels across the lanes) gives one output
// row: the lane-wise maximum, or the average rounded half away from zero as TFLite's int8
// kernel does ((sum + 2) / 4 above zero, (sum - 2) / 4 otherwise, truncating).
// One input row per cycle; the output row is registered and held until taken.
`include "npu_assert.svh"

module npu_pool2x2 #(
  parameter int unsigned Lanes = npu_pkg::ArrayCols
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic               average_i,   // 0: max, 1: average; constant while busy
  input  logic               in_valid_i,
  output logic               in_ready_o,
  input  logic [Lanes*8-1:0] in_data_i,
  output logic               out_valid_o,
  input  logic               out_ready_i,
  output logic [Lanes*8-1:0] out_data_o
);

  logic [1:0]          count_q, count_d;     // rows of the window taken so far
  logic [Lanes*10-1:0] sum_q, sum_d;         // running sums (4 x int8 fits 10 bits)
  logic [Lanes*8-1:0]  max_q, max_d;         // running maxima
  logic                out_valid_q, out_valid_d;
  logic [Lanes*8-1:0]  out_q, out_d;
  logic                take, finish;

  // The fourth row may come in while the previous result is being taken.
  assign in_ready_o = !(count_q == 2'd3 && out_valid_q && !out_ready_i);
  assign take       = in_valid_i && in_ready_o;
  assign finish     = take && count_q == 2'd3;

  always_comb begin
    count_d     = take ? count_q + 2'd1 : count_q;
    sum_d       = sum_q;
    max_d       = max_q;
    out_d       = out_q;
    out_valid_d = out_valid_q && !out_ready_i;
    for (int unsigned l = 0; l < Lanes; l++) begin
      logic signed [7:0] x, current_max, result;
      logic signed [9:0] sum;
      logic signed [10:0] rounded;  // one bit wider than sum
      x           = in_data_i[l*8 +: 8];
      current_max = max_q[l*8 +: 8];
      // The first row of a window starts the running values afresh.
      sum         = (count_q == 2'd0) ? 10'(x) : $signed(sum_q[l*10 +: 10]) + 10'(x);
      if (count_q != 2'd0 && current_max > x) x = current_max;
      if (take) begin
        sum_d[l*10 +: 10] = sum;
        max_d[l*8 +: 8]   = x;
      end
      // (sum + 2) / 4 above zero and (sum - 2) / 4 otherwise, truncating toward zero, are
      // floor((sum + 2) / 4) and floor((sum + 1) / 4): one add and an arithmetic shift.
      rounded = 11'(sum) + ((sum > 0) ? 11'sd2 : 11'sd1);
      result  = average_i ? 8'(rounded >>> 2) : x;
      if (finish) out_d[l*8 +: 8] = result;
    end
    if (finish) out_valid_d = 1'b1;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      count_q     <= '0;
      out_valid_q <= 1'b0;
    end else begin
      count_q     <= count_d;
      out_valid_q <= out_valid_d;
    end
  end

  always_ff @(posedge clk_i) begin
    sum_q <= sum_d;
    max_q <= max_d;
    out_q <= out_d;
  end

  assign out_valid_o = out_valid_q;
  assign out_data_o  = out_q;

  `ASSERT_INIT(lanes_a, Lanes >= 1)
  `ASSERT_STABLE(out_stable_a, out_valid_o, out_ready_i, out_data_o, clk_i, rst_ni)

endmodule
