// SPDX-License-Identifier: Apache-2.0
// npu_to_int8: the last step of every requantization, after the rounding shift (npu_rdbp
// or npu_rdbp_serial), combinational: the output zero point added without overflow and a
// clamp to the activation bounds, giving an int8.
// Built narrow: a value outside [-256, 255] clamps whatever the zero point (x + zp is
// then above 127 or below -128), so only a 9-bit x is added and compared, in 10 bits,
// where a 33-bit add and two 33-bit compares would give the same int8.

module npu_to_int8 (
  input  logic signed [31:0] x_i,
  input  logic signed [7:0]  zero_point_i,
  input  logic signed [7:0]  act_min_i,
  input  logic signed [7:0]  act_max_i,
  output logic signed [7:0]  y_o
);

  logic              fits;    // x_i is a 9-bit signed value
  logic signed [9:0] offset;  // x + zp for such an x: -384 .. 382

  assign fits   = x_i[31:8] == {24{x_i[8]}};
  assign offset = $signed({x_i[8], x_i[8:0]}) + 10'(zero_point_i);
  always_comb begin
    if (!fits) y_o = x_i[31] ? act_min_i : act_max_i;
    else if (offset < 10'(act_min_i)) y_o = act_min_i;
    else if (offset > 10'(act_max_i)) y_o = act_max_i;
    else y_o = offset[7:0];
  end

endmodule
