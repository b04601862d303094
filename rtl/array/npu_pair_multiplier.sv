// SPDX-License-Identifier: Apache-2.0
// npu_pair_multiplier: the products of two neighbouring PEs of one array row (west and
// east) from one multiplier, for FPGAs with fewer DSP blocks than PEs. Both PEs are
// npu_pe built with ExternalProduct; the array stays the same cycle for cycle.
//
// The east PE sees the west PE's activation one cycle later, with the same select bit, so
// both products are taken from the activation as it enters the west PE: one multiply of
// act x (w_west + w_east * 2^16), a 25 x 8 signed product that fits one DSP48E1 (25 x 18).
// The low 16 bits are act * w_west (it lies in [-2^14, 2^14], so it is exact as a 16-bit
// signed number); the bits above are act * w_east minus the borrow of a negative low half,
// which bit 15 gives back. The east product waits a cycle in a register, for the cycle
// its activation reaches the east PE. Reading the east weight a cycle early is safe
// because weights are loaded into a buffer array-wide, never while an activation that
// selects it is in the array.
//
// The pair holds both PEs' weights (WeightBuffers of each), loaded when the array writes
// this row: the PEs keep none, so the weights need not pass down a chain of PE registers
// (on an iCE40 they live in the DSP block's own input register).

module npu_pair_multiplier #(
  parameter int unsigned WeightBuffers = 2   // 1 or 2 weights a PE
) (
  input  logic                                    clk_i,
  // This row's weights for the two PEs, into buffer weight_buf_i (ignored with one).
  input  logic                                    weight_load_i,
  input  logic                                    weight_buf_i,
  input  logic signed [npu_pkg::InputWidth-1:0]   west_weight_i,
  input  logic signed [npu_pkg::InputWidth-1:0]   east_weight_i,
  // The activation entering the west PE and its weight-buffer select.
  input  logic                                    act_sel_i,
  input  logic signed [npu_pkg::InputWidth-1:0]   act_i,
  // act x w_west now; act x w_east one cycle later.
  output logic signed [2*npu_pkg::InputWidth-1:0] west_product_o,
  output logic signed [2*npu_pkg::InputWidth-1:0] east_product_o
);

  localparam int unsigned InW  = npu_pkg::InputWidth;
  localparam int unsigned Half = 2 * InW;  // a product's width, and the east one's offset

  logic signed [InW-1:0]    west_weight, east_weight;
  logic signed [Half+InW:0] packed_weight;  // w_west + w_east * 2^16: 25 bits
  logic signed [2*Half-1:0] both;           // act * packed_weight, low 32 bits
  logic signed [Half-1:0]   east_product_d, east_product_q;

  npu_pair_weights #(.WeightBuffers(WeightBuffers)) u_weights (
    .clk_i, .weight_load_i, .weight_buf_i, .west_weight_i, .east_weight_i, .act_sel_i,
    .west_o(west_weight), .east_o(east_weight)
  );
  assign packed_weight  = (Half+InW+1)'(west_weight) + ((Half+InW+1)'(east_weight) <<< Half);
  assign both           = (2*Half)'(packed_weight) * (2*Half)'(act_i);
  assign east_product_d = both[2*Half-1:Half] + Half'(both[Half-1]);

  // No reset: the east PE adds it only with a valid activation.
  always_ff @(posedge clk_i) begin
    east_product_q <= east_product_d;
  end

  assign west_product_o = both[Half-1:0];
  assign east_product_o = east_product_q;

endmodule
