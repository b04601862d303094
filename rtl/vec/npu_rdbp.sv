// SPDX-License-Identifier: Apache-2.0
// npu_rdbp: gemmlowp's rounding divide by a power of two, combinational:
// y = x / 2^e rounded half away from zero, e = 0 .. 31.
//
// gemmlowp compares the remainder with a threshold and adds one; the same result is one
// add before the shift: x + 2^(e-1) rounds halves up, and a negative x adds one less so
// that its halves round down (away from zero). 33 bits: the add never overflows. The
// addend is a pattern of e and the sign, no arithmetic: bit e - 1 alone, or every bit
// below it.

module npu_rdbp (
  input  logic signed [31:0] x_i,
  input  logic [4:0]         e_i,
  output logic signed [31:0] y_o
);

  logic [31:0] half, below;  // 2^(e-1) (0 when e = 0), and every bit below it
  logic signed [32:0] addend, sum;

  assign half = 32'd1 << e_i >> 1;
  always_comb begin
    logic higher;  // a bit of half above this one
    higher = 1'b0;
    for (int i = 31; i >= 0; i--) begin
      below[i] = higher;
      higher   = higher | half[i];
    end
  end
  assign addend = {1'b0, x_i[31] ? below : half};
  assign sum    = 33'(x_i) + addend;  // signed: the shift below is arithmetic
  assign y_o    = 32'(sum >>> e_i);

endmodule
