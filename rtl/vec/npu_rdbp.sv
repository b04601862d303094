// SPDX-License-Identifier: Apache-2.0
// npu_rdbp: gemmlowp's rounding divide by a power of two, combinational:
// y = x / 2^e rounded half away from zero, e = 0 .. 31.
//
// gemmlowp compares the remainder with a threshold and adds one; the same result is one
// add before the shift: x + 2^(e-1) rounds halves up, and a negative x adds one less so
// that its halves round down (away from zero). 33 bits: the add never overflows.

module npu_rdbp (
  input  logic signed [31:0] x_i,
  input  logic [4:0]         e_i,
  output logic signed [31:0] y_o
);

  logic signed [32:0] half, sum;

  assign half = 33'sd1 <<< e_i >>> 1;  // 2^(e-1); 0 when e = 0
  assign sum  = 33'(x_i) + half - ((x_i < 0 && e_i != '0) ? 33'sd1 : 33'sd0);
  assign y_o  = 32'(sum >>> e_i);

endmodule
