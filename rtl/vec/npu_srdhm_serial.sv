// SPDX-License-Identifier: Apache-2.0
// npu_srdhm_serial: npu_srdhm (same result, bit for bit) as one stage of a pipeline that
// can hold, its multiply by shift and add over the AWidth bits of a (prim_shift_add_mul,
// signed): no DSP block, AWidth + 1 cycles per value. When the stage holds a value
// (present_i) the multiply starts; wait_o is high until the result is ready, and the
// pipeline must hold meanwhile (a_i and b_i unchanged); advance_i (the pipeline moves on)
// ends it (prim_serial_stage). AWidth / AShift as in npu_srdhm.

module npu_srdhm_serial #(
  parameter int unsigned AWidth = 32,
  parameter int unsigned AShift = 0
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              present_i,
  input  logic              advance_i,
  input  logic signed [31:0] a_i,
  input  logic signed [31:0] b_i,
  output logic              wait_o,
  output logic signed [31:0] y_o
);

  logic                     start, done;
  logic signed [AWidth+31:0] narrow;
  logic signed [AWidth-1:0]  a_sig;

  assign a_sig = AWidth'(a_i >>> AShift);
  prim_serial_stage u_stage (
    .clk_i, .rst_ni, .present_i, .advance_i, .done_i(done), .start_o(start), .wait_o);

  // The narrow operand a is the one shifted through; b is read while it runs.
  prim_shift_add_mul #(.AWidth(32), .BWidth(AWidth), .Signed(1'b1)) u_mul (
    .clk_i,
    .rst_ni,
    .start_i   (start),
    .a_i       (b_i),
    .b_i       (a_sig),
    .done_o    (done),
    .product_o (narrow)
  );

  assign y_o    = npu_pkg::srdhm_round(34'(narrow >>> (30 - AShift)),
                                       a_i == 32'sh80000000 && b_i == 32'sh80000000);

endmodule
