// SPDX-License-Identifier: Apache-2.0
// npu_requantize: int32 accumulator rows to int8 activation rows, the gemmlowp / TFLite
// rule, per lane (output channel):
//   biased = acc + bias                                   (32-bit wrap-around)
//   high   = biased * multiplier / 2^31, nudged by +/- 2^30 then truncated toward zero
//            (gemmlowp; ties round up: 1.5 -> 2, -1.5 -> -1; INT32_MIN^2 saturates)
//   scaled = round(high / 2^shift)                        (halves away from zero)
//   out    = clamp(scaled + zero_point, act_min, act_max)  (no overflow before the clamp)
// Three pipeline stages; the whole pipeline holds while the output waits. The parameters
// (bias, multiplier, shift per lane; zero point and bounds) must not change while rows are
// in the pipeline.
// LanesPerCycle < Lanes builds only that many lane datapaths (each a 32 x 32 multiplier):
// a row goes through in Lanes / LanesPerCycle groups on consecutive cycles, its input held
// (in_ready only with the last group), its output assembled and presented whole
// (npu_group_pipe counts the groups). A row per Groups cycles, latency Groups + 2; with
// the default (all lanes) a row per cycle, latency 3.
// Where logic is scarcer than time (the iCEBreaker), npu_rescale_serial does the same
// rule on one datapath shared with the element-wise add, one value at a time.
`include "npu_assert.svh"

module npu_requantize #(
  parameter int unsigned Lanes         = npu_pkg::ArrayCols,
  parameter int unsigned LanesPerCycle = Lanes,
  localparam int unsigned Groups       = Lanes / LanesPerCycle,
  localparam int unsigned GroupWidth   = (Groups > 1) ? $clog2(Groups) : 1
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

  localparam int unsigned P = LanesPerCycle;

  logic                    advance;
  logic [2:0]              valid;                     // stage 1, 2, 3
  logic [4*GroupWidth-1:0] groups;
  logic [GroupWidth-1:0]   group_in, group1, group2;  // entering; in stages 1 and 2
  logic [P*32-1:0]         biased_q, biased_d;
  logic [P*32-1:0]         high_q, high_d;
  logic [P*8-1:0]          out_d;
  logic [Lanes*8-1:0]      out_q;
  logic                    unused;

  npu_group_pipe #(.Groups(Groups), .Stages(3)) u_control (
    .clk_i,
    .rst_ni,
    .in_valid_i,
    .in_ready_o,
    .out_valid_o,
    .out_ready_i,
    .advance_o   (advance),
    .valid_o     (valid),
    .groups_o    (groups)
  );
  assign group_in = groups[0 +: GroupWidth];
  assign group1   = groups[GroupWidth +: GroupWidth];
  assign group2   = groups[2*GroupWidth +: GroupWidth];
  // The first stage's valid and the last stage's group are seen by the control alone.
  assign unused   = ^{valid[0], groups[3*GroupWidth +: GroupWidth]};

  for (genvar l = 0; l < P; l++) begin : gen_lane
    logic signed [31:0] high;
    // Each stage takes the parameters of the lanes it holds.
    logic [31:0] bias, multiplier;
    logic [4:0]  shift;
    assign bias       = bias_i[(32'(group_in) * P + l) * 32 +: 32];
    assign multiplier = multiplier_i[(32'(group1) * P + l) * 32 +: 32];
    assign shift      = shift_i[(32'(group2) * P + l) * 5 +: 5];

    // Stage 1: bias.
    assign biased_d[l*32 +: 32] = in_data_i[(32'(group_in) * P + l) * 32 +: 32] + bias;

    // Stage 2: rounding doubling high multiply.
    npu_srdhm u_srdhm (
      .a_i (biased_q[l*32 +: 32]),
      .b_i (multiplier),
      .y_o (high)
    );
    assign high_d[l*32 +: 32] = high;

    // Stage 3: rounding right shift, zero point, clamp.
    logic signed [31:0] scaled;
    npu_rdbp u_shift (.x_i(high_q[l*32 +: 32]), .e_i(shift), .y_o(scaled));
    npu_to_int8 u_to_int8 (
      .x_i          (scaled),
      .zero_point_i,
      .act_min_i,
      .act_max_i,
      .y_o          (out_d[l*8 +: 8])
    );
  end

  always_ff @(posedge clk_i) begin
    if (advance) begin
      biased_q <= biased_d;
      high_q   <= high_d;
      if (valid[1]) out_q[32'(group2) * P * 8 +: P * 8] <= out_d;
    end
  end

  assign out_data_o = out_q;

  `ASSERT_INIT(lanes_a, Lanes >= 1 && LanesPerCycle >= 1 && Lanes % LanesPerCycle == 0)
  `ASSERT(bounds_ordered_a, valid[2] |-> act_min_i <= act_max_i, clk_i, rst_ni)
  `ASSERT_STABLE(out_stable_a, out_valid_o, out_ready_i, out_data_o, clk_i, rst_ni)

endmodule
