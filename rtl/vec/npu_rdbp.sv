// SPDX-License-Identifier: Apache-2.0
// npu_rdbp: gemmlowp's rounding divide by a power of two, combinational:
// y = x / 2^e rounded half away from zero, e = 0 .. 31.

module npu_rdbp (
  input  logic signed [31:0] x_i,
  input  logic [4:0]         e_i,
  output logic signed [31:0] y_o
);

  logic signed [31:0] mask, remainder, threshold;

  assign mask      = 32'((64'd1 << e_i) - 64'd1);
  assign remainder = x_i & mask;
  assign threshold = (mask >>> 1) + (x_i < 0 ? 32'sd1 : 32'sd0);
  assign y_o       = (x_i >>> e_i) + (remainder > threshold ? 32'sd1 : 32'sd0);

endmodule
