// SPDX-License-Identifier: Apache-2.0
// npu_srdhm: gemmlowp's saturating rounding doubling high multiply, combinational:
// y = (a * b + nudge) / 2^31, nudge = 2^30 (1 - 2^30 when a * b < 0), dividing with
// truncation toward zero (ties round up: 1.5 -> 2, -1.5 -> -1); INT32_MIN * INT32_MIN
// saturates to INT32_MAX.

module npu_srdhm (
  input  logic signed [31:0] a_i,
  input  logic signed [31:0] b_i,
  output logic signed [31:0] y_o
);

  logic signed [63:0] product, nudged, quotient;

  assign product  = 64'(a_i) * 64'(b_i);
  assign nudged   = product + (product >= 0 ? 64'sd1073741824 : -64'sd1073741823);
  assign quotient = (nudged >= 0) ? (nudged >>> 31) : ((nudged + 64'sd2147483647) >>> 31);
  assign y_o      = (a_i == 32'sh80000000 && b_i == 32'sh80000000) ? 32'sh7fffffff
                                                                     : quotient[31:0];

endmodule
