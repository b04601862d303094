// SPDX-License-Identifier: Apache-2.0
// npu_to_int8: the last step of every requantization, after the rounding shift (npu_rdbp
// or npu_rdbp_serial), combinational: the output zero point added without overflow (33
// bits) and a clamp to the activation bounds, giving an int8.

module npu_to_int8 (
  input  logic signed [31:0] x_i,
  input  logic signed [7:0]  zero_point_i,
  input  logic signed [7:0]  act_min_i,
  input  logic signed [7:0]  act_max_i,
  output logic signed [7:0]  y_o
);

  logic signed [32:0] offset;

  assign offset = 33'(x_i) + 33'(zero_point_i);
  assign y_o = (offset < 33'(act_min_i)) ? act_min_i :
               (offset > 33'(act_max_i)) ? act_max_i : offset[7:0];

endmodule
