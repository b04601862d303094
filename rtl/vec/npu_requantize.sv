// SPDX-License-Identifier: Apache-2.0
// npu_requantize: int32 accumulator rows to int8 activation rows, the gemmlowp / TFLite
// rule, per lane (output channel):
//   biased = acc + bias                                   (32-bit wrap-around)
//   high   = biased * multiplier / 2^31, nudged by +/- 2^30 then truncated toward zero
//            (gemmlowp; ties round up: 1.5 -> 2, -1.5 -> -1; INT32_MIN^2 saturates)
//   scaled = round(high / 2^shift)                        (halves away from zero)
//   out    = clamp(scaled + zero_point, act_min, act_max)  (no overflow before the clamp)
// Three pipeline stages, one row per cycle; the whole pipeline holds while the output
// waits. The parameters (bias, multiplier, shift per lane; zero point and bounds) must
// not change while rows are in the pipeline.
`include "npu_assert.svh"

module npu_requantize #(
  parameter int unsigned Lanes = npu_pkg::ArrayCols
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  // Parameters.
  input  logic [Lanes*32-1:0]  bias_i,
  input  logic [Lanes*32-1:0]  multiplier_i,
  input  logic [Lanes*5-1:0]   shift_i,
  input  logic signed [7:0]    zero_point_i,
  input  logic signed [7:0]    act_min_i,
  input  logic signed [7:0]    act_max_i,
  // Accumulator rows in, activation rows out.
  input  logic                 in_valid_i,
  output logic                 in_ready_o,
  input  logic [Lanes*32-1:0]  in_data_i,
  output logic                 out_valid_o,
  input  logic                 out_ready_i,
  output logic [Lanes*8-1:0]   out_data_o
);

  logic                advance;
  logic [2:0]          valid_q;           // stage 1, 2, 3
  logic [Lanes*32-1:0] biased_q, biased_d;
  logic [Lanes*32-1:0] high_q, high_d;
  logic [Lanes*8-1:0]  out_q, out_d;

  // The pipeline moves when its last stage is empty or being taken.
  assign advance    = !valid_q[2] || out_ready_i;
  assign in_ready_o = advance;

  for (genvar l = 0; l < Lanes; l++) begin : gen_lane
    logic signed [31:0] high;

    // Stage 1: bias.
    assign biased_d[l*32 +: 32] = in_data_i[l*32 +: 32] + bias_i[l*32 +: 32];

    // Stage 2: rounding doubling high multiply.
    npu_srdhm u_srdhm (
      .a_i (biased_q[l*32 +: 32]),
      .b_i (multiplier_i[l*32 +: 32]),
      .y_o (high)
    );
    assign high_d[l*32 +: 32] = high;

    // Stage 3: rounding right shift, zero point, clamp.
    npu_to_int8 u_to_int8 (
      .x_i          (high_q[l*32 +: 32]),
      .shift_i      (shift_i[l*5 +: 5]),
      .zero_point_i,
      .act_min_i,
      .act_max_i,
      .y_o          (out_d[l*8 +: 8])
    );
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= '0;
    end else if (advance) begin
      valid_q <= {valid_q[1:0], in_valid_i};
    end
  end

  always_ff @(posedge clk_i) begin
    if (advance) begin
      biased_q <= biased_d;
      high_q   <= high_d;
      out_q    <= out_d;
    end
  end

  assign out_valid_o = valid_q[2];
  assign out_data_o  = out_q;

  `ASSERT_INIT(lanes_a, Lanes >= 1)
  `ASSERT(bounds_ordered_a, valid_q[2] |-> act_min_i <= act_max_i, clk_i, rst_ni)
  `ASSERT_STABLE(out_stable_a, out_valid_o, out_ready_i, out_data_o, clk_i, rst_ni)

endmodule
