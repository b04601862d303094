// SPDX-License-Identifier: Apache-2.0
// npu_eltwise_add: element-wise add of two int8 rows with their own scales (a residual
// connection), TFLite's int8 AddElementwise rule, lane by lane:
//   a' = rdbp(srdhm((a - a_zp) << 20, a_mult), a_shift)      likewise b'
//   out = clamp(rdbp(srdhm(a' + b', out_mult), out_shift) + out_zp, act_min, act_max)
// The scales are per tensor (common to all lanes). Four pipeline stages; the whole
// pipeline holds while the output waits. Parameters must not change while rows are in the
// pipeline.
// LanesPerCycle < Lanes builds only that many lane datapaths (three multipliers each): a
// row pair goes through in Lanes / LanesPerCycle groups on consecutive cycles, its input
// held (in_ready only with the last group), its output assembled and presented whole
// (npu_group_pipe counts the groups). A row pair per Groups cycles, latency Groups + 3;
// with the default (all lanes) a row pair per cycle, latency 4.
// Where logic is scarcer than time (the iCEBreaker), npu_rescale_serial does the same
// rule on one datapath shared with the requantizer, one value at a time.
`include "npu_assert.svh"

module npu_eltwise_add #(
  parameter int unsigned Lanes         = npu_pkg::ArrayCols,
  parameter int unsigned LanesPerCycle = Lanes,
  localparam int unsigned Groups       = Lanes / LanesPerCycle,
  localparam int unsigned GroupWidth   = (Groups > 1) ? $clog2(Groups) : 1
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  // Parameters.
  input  logic signed [7:0]   a_zero_point_i,
  input  logic signed [7:0]   b_zero_point_i,
  input  logic signed [7:0]   out_zero_point_i,
  input  logic [31:0]         a_multiplier_i,
  input  logic [31:0]         b_multiplier_i,
  input  logic [31:0]         out_multiplier_i,
  input  logic [4:0]          a_shift_i,
  input  logic [4:0]          b_shift_i,
  input  logic [4:0]          out_shift_i,
  input  logic signed [7:0]   act_min_i,
  input  logic signed [7:0]   act_max_i,
  // Row pairs in, rows out.
  input  logic                in_valid_i,
  output logic                in_ready_o,
  input  logic [Lanes*8-1:0]  in_a_i,
  input  logic [Lanes*8-1:0]  in_b_i,
  output logic                out_valid_o,
  input  logic                out_ready_i,
  output logic [Lanes*8-1:0]  out_data_o
);

  localparam int unsigned LeftShift = 20;
  localparam int unsigned P         = LanesPerCycle;

  logic                    advance;
  logic [3:0]              valid;                                 // stage 1 .. 4
  logic [5*GroupWidth-1:0] groups;
  logic [GroupWidth-1:0]   group_in, group3;                      // entering; in stage 3
  logic [P*32-1:0]         a_high_q, a_high_d, b_high_q, b_high_d;  // after stage 1
  logic [P*32-1:0]         sum_q, sum_d;                            // after stage 2
  logic [P*32-1:0]         out_high_q, out_high_d;                  // after stage 3
  logic [P*8-1:0]          out_d;
  logic [Lanes*8-1:0]      out_q;                                   // after stage 4
  logic                    unused;

  npu_group_pipe #(.Groups(Groups), .Stages(4)) u_control (
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
  assign group3   = groups[3*GroupWidth +: GroupWidth];
  // Scalar parameters: only the entering group (input lanes) and stage 3's (output lanes)
  // matter here; the control alone sees the rest.
  assign unused   = ^{valid[1:0], groups[GroupWidth +: 2*GroupWidth],
                      groups[4*GroupWidth +: GroupWidth]};

  for (genvar l = 0; l < P; l++) begin : gen_lane
    logic signed [31:0] a_shifted, b_shifted, a_high, b_high, a_scaled, b_scaled;
    logic signed [31:0] out_high;
    logic signed [7:0]  a_in, b_in;
    assign a_in = in_a_i[(32'(group_in) * P + l) * 8 +: 8];
    assign b_in = in_b_i[(32'(group_in) * P + l) * 8 +: 8];

    // Stage 1: remove the zero points, move up by 20 bits, scale each input.
    assign a_shifted = (32'(a_in) - 32'(a_zero_point_i)) <<< LeftShift;
    assign b_shifted = (32'(b_in) - 32'(b_zero_point_i)) <<< LeftShift;
    // An int8 minus a zero point is 9 bits; the multipliers need only that many.
    npu_srdhm #(.AWidth(9), .AShift(LeftShift)) u_a_mul (
      .a_i(a_shifted), .b_i(a_multiplier_i), .y_o(a_high));
    npu_srdhm #(.AWidth(9), .AShift(LeftShift)) u_b_mul (
      .a_i(b_shifted), .b_i(b_multiplier_i), .y_o(b_high));
    assign a_high_d[l*32 +: 32] = a_high;
    assign b_high_d[l*32 +: 32] = b_high;

    // Stage 2: the inputs' rounding shifts, and the sum.
    npu_rdbp u_a_shift (.x_i(a_high_q[l*32 +: 32]), .e_i(a_shift_i), .y_o(a_scaled));
    npu_rdbp u_b_shift (.x_i(b_high_q[l*32 +: 32]), .e_i(b_shift_i), .y_o(b_scaled));
    assign sum_d[l*32 +: 32] = a_scaled + b_scaled;

    // Stage 3: scale the sum to the output.
    npu_srdhm u_out_mul (.a_i(sum_q[l*32 +: 32]), .b_i(out_multiplier_i), .y_o(out_high));
    assign out_high_d[l*32 +: 32] = out_high;

    // Stage 4: output shift, zero point, clamp.
    logic signed [31:0] out_scaled;
    npu_rdbp u_out_shift (.x_i(out_high_q[l*32 +: 32]), .e_i(out_shift_i), .y_o(out_scaled));
    npu_to_int8 u_to_int8 (
      .x_i          (out_scaled),
      .zero_point_i (out_zero_point_i),
      .act_min_i,
      .act_max_i,
      .y_o          (out_d[l*8 +: 8])
    );
  end

  always_ff @(posedge clk_i) begin
    if (advance) begin
      a_high_q   <= a_high_d;
      b_high_q   <= b_high_d;
      sum_q      <= sum_d;
      out_high_q <= out_high_d;
      if (valid[2]) out_q[32'(group3) * P * 8 +: P * 8] <= out_d;
    end
  end

  assign out_data_o = out_q;

  `ASSERT_INIT(lanes_a, Lanes >= 1 && LanesPerCycle >= 1 && Lanes % LanesPerCycle == 0)
  `ASSERT(bounds_ordered_a, valid[3] |-> act_min_i <= act_max_i, clk_i, rst_ni)
  `ASSERT_STABLE(out_stable_a, out_valid_o, out_ready_i, out_data_o, clk_i, rst_ni)

endmodule
