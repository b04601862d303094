// SPDX-License-Identifier: Apache-2.0
// prim_shift_add_mul: a multiply by shift and add, one bit of the multiplier b a cycle,
// where a few cycles are cheaper than a DSP block (the iCE40 has 8). One register holds
// the partial product above and the unused bits of b below; each cycle adds a to the upper
// part when the lowest bit of b is set and shifts the whole right, so the adder is only as
// wide as a. Signed: both operands two's complement, and b's sign bit (weight
// -2^(BWidth-1)) subtracts a in the last step. start_i loads b; a_i is read in the BWidth
// cycles after it and must hold until done_o. A start while busy restarts.

module prim_shift_add_mul #(
  parameter int unsigned AWidth = 16,
  parameter int unsigned BWidth = 16,   // at least 2
  parameter bit          Signed = 1'b0,
  localparam int unsigned PWidth = AWidth + BWidth,
  localparam int unsigned StepWidth = $clog2(BWidth + 1)
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              start_i,
  input  logic [AWidth-1:0] a_i,
  input  logic [BWidth-1:0] b_i,
  output logic              done_o,     // product_o is a_i * b_i of the last start
  output logic [PWidth-1:0] product_o
);

  logic [PWidth-1:0]    p_q;         // {partial product, bits of b not yet used}
  logic [StepWidth-1:0] steps_q;     // bits of b not yet used
  logic                 started_q;
  logic [AWidth:0]      upper;       // the partial product's upper part, +- a
  logic [AWidth:0]      hi_ext, a_ext, addend;
  logic                 subtract;    // Signed: the last step, b's sign bit

  // One adder: subtracting is adding the complement and a carry in.
  assign hi_ext   = {Signed && p_q[PWidth-1], p_q[PWidth-1:BWidth]};
  assign a_ext    = {Signed && a_i[AWidth-1], a_i};
  assign subtract = Signed && steps_q == StepWidth'(1);
  assign addend   = p_q[0] ? (a_ext ^ {(AWidth+1){subtract}}) : '0;
  assign upper    = hi_ext + addend + (AWidth+1)'(p_q[0] && subtract);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      p_q       <= '0;
      steps_q   <= '0;
      started_q <= 1'b0;
    end else if (start_i) begin
      p_q       <= PWidth'(b_i);
      steps_q   <= StepWidth'(BWidth);
      started_q <= 1'b1;
    end else if (steps_q != '0) begin
      p_q     <= {upper, p_q[BWidth-1:1]};
      steps_q <= steps_q - 1'b1;
    end
  end

  assign done_o    = started_q && !start_i && steps_q == '0;
  assign product_o = p_q;

endmodule
