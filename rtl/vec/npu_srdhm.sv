// SPDX-License-Identifier: Apache-2.0
// npu_srdhm: gemmlowp's saturating rounding doubling high multiply, combinational:
// y = (a * b + nudge) / 2^31, nudge = 2^30 (1 - 2^30 when a * b < 0), dividing with
// truncation toward zero (ties round up: 1.5 -> 2, -1.5 -> -1); INT32_MIN * INT32_MIN
// saturates to INT32_MAX.
// AWidth / AShift: a caller whose a is always a signed AWidth-bit value shifted up by
// AShift bits (a residual input: 9 bits << 20) says so, and the multiplier shrinks to
// AWidth x 32 bits (the product's low AShift bits are zero). The defaults take any a.

module npu_srdhm #(
  parameter int unsigned AWidth = 32,
  parameter int unsigned AShift = 0
) (
  input  logic signed [31:0] a_i,
  input  logic signed [31:0] b_i,
  output logic signed [31:0] y_o
);

  logic signed [AWidth-1:0]    a_sig;
  logic signed [AWidth+31:0]   narrow;

  // The rounding needs the product a * b = narrow * 2^AShift from bit 30 up.
  assign a_sig  = AWidth'(a_i >>> AShift);
  assign narrow = (AWidth+32)'(a_sig) * (AWidth+32)'(b_i);
  assign y_o    = npu_pkg::srdhm_round(34'(narrow >>> (30 - AShift)),
                                       a_i == 32'sh80000000 && b_i == 32'sh80000000);

endmodule
