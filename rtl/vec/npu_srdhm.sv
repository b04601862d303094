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
  logic signed [63:0]          product, nudged, quotient;

  assign a_sig    = AWidth'(a_i >>> AShift);
  assign narrow   = (AWidth+32)'(a_sig) * (AWidth+32)'(b_i);
  assign product  = 64'(narrow) <<< AShift;
  assign nudged   = product + (product >= 0 ? 64'sd1073741824 : -64'sd1073741823);
  assign quotient = (nudged >= 0) ? (nudged >>> 31) : ((nudged + 64'sd2147483647) >>> 31);
  assign y_o      = (a_i == 32'sh80000000 && b_i == 32'sh80000000) ? 32'sh7fffffff
                                                                     : quotient[31:0];

endmodule
