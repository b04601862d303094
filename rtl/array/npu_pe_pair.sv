// SPDX-License-Identifier: Apache-2.0
// npu_pe_pair: two neighbouring processing elements of one array row (west and east)
// sharing one multiplier, for FPGAs with fewer DSP blocks than PEs. Cycle for cycle it is
// two npu_pe in a chain: same ports, same registers on every output.
//
// The east PE sees the west PE's activation one cycle later, with the same select bit, so
// both products are taken from the activation as it enters the west PE: one multiply of
// act x (w_west + w_east * 2^16), a 25 x 8 signed product that fits one DSP48E1 (25 x 18).
// The low 16 bits are act * w_west (it lies in [-2^14, 2^14], so it is exact as a 16-bit
// signed number); the bits above are act * w_east minus the borrow of a negative low half,
// which bit 15 gives back. The east product waits a cycle in a register for the east PE's
// partial sum. Reading the east weight a cycle early is safe because weights shift into
// a buffer array-wide, never while an activation that selects it is in the array.

module npu_pe_pair (
  input  logic                                  clk_i,
  input  logic                                  rst_ni,
  // Weight shift chains of the two columns, one per buffer (as in npu_pe).
  input  logic                                  weight_shift_i,
  input  logic                                  weight_buf_i,
  input  logic signed [npu_pkg::InputWidth-1:0] weight0_west_i,
  input  logic signed [npu_pkg::InputWidth-1:0] weight1_west_i,
  input  logic signed [npu_pkg::InputWidth-1:0] weight0_east_i,
  input  logic signed [npu_pkg::InputWidth-1:0] weight1_east_i,
  output logic signed [npu_pkg::InputWidth-1:0] weight0_west_o,
  output logic signed [npu_pkg::InputWidth-1:0] weight1_west_o,
  output logic signed [npu_pkg::InputWidth-1:0] weight0_east_o,
  output logic signed [npu_pkg::InputWidth-1:0] weight1_east_o,
  // Activation into the west PE; out of the east PE.
  input  logic                                  act_valid_i,
  input  logic                                  act_sel_i,
  input  logic signed [npu_pkg::InputWidth-1:0] act_i,
  output logic                                  act_valid_o,
  output logic                                  act_sel_o,
  output logic signed [npu_pkg::InputWidth-1:0] act_o,
  // Partial sums of the two columns.
  input  logic signed [npu_pkg::AccWidth-1:0]   psum_west_i,
  input  logic signed [npu_pkg::AccWidth-1:0]   psum_east_i,
  output logic signed [npu_pkg::AccWidth-1:0]   psum_west_o,
  output logic signed [npu_pkg::AccWidth-1:0]   psum_east_o
);

  localparam int unsigned InW  = npu_pkg::InputWidth;
  localparam int unsigned AccW = npu_pkg::AccWidth;
  localparam int unsigned Half = 2 * InW;  // a product's width, and the east one's offset

  logic signed [InW-1:0]      west0_q, west0_d, west1_q, west1_d;
  logic signed [InW-1:0]      east0_q, east0_d, east1_q, east1_d;
  logic                       west_valid_q, east_valid_q;
  logic                       west_sel_q, east_sel_q;
  logic signed [InW-1:0]      west_act_q, east_act_q;
  logic signed [AccW-1:0]     west_psum_q, west_psum_d, east_psum_q, east_psum_d;
  logic signed [InW-1:0]      west_weight, east_weight;
  logic signed [Half+InW:0]   packed_weight;       // w_west + w_east * 2^16: 25 bits
  logic signed [2*Half-1:0]   both;                // act * packed_weight, low 32 bits
  logic signed [Half-1:0]     west_product, east_product;
  logic signed [Half-1:0]     east_product_q;

  assign west_weight   = act_sel_i ? west1_q : west0_q;
  assign east_weight   = act_sel_i ? east1_q : east0_q;
  assign packed_weight = (Half+InW+1)'(west_weight) + ((Half+InW+1)'(east_weight) <<< Half);
  assign both          = (2*Half)'(packed_weight) * (2*Half)'(act_i);
  assign west_product  = both[Half-1:0];
  assign east_product  = both[2*Half-1:Half] + Half'(both[Half-1]);

  always_comb begin
    west0_d = west0_q;
    west1_d = west1_q;
    east0_d = east0_q;
    east1_d = east1_q;
    if (weight_shift_i && !weight_buf_i) begin
      west0_d = weight0_west_i;
      east0_d = weight0_east_i;
    end
    if (weight_shift_i && weight_buf_i) begin
      west1_d = weight1_west_i;
      east1_d = weight1_east_i;
    end
  end

  always_comb begin
    west_psum_d = west_psum_q;
    east_psum_d = east_psum_q;
    if (act_valid_i) west_psum_d = psum_west_i + AccW'(west_product);
    if (west_valid_q) east_psum_d = psum_east_i + AccW'(east_product_q);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      west_valid_q <= 1'b0;
      east_valid_q <= 1'b0;
    end else begin
      west_valid_q <= act_valid_i;
      east_valid_q <= west_valid_q;
    end
  end

  // Datapath registers carry no reset: the valid bits qualify them.
  always_ff @(posedge clk_i) begin
    west0_q        <= west0_d;
    west1_q        <= west1_d;
    east0_q        <= east0_d;
    east1_q        <= east1_d;
    west_sel_q     <= act_sel_i;
    east_sel_q     <= west_sel_q;
    west_act_q     <= act_i;
    east_act_q     <= west_act_q;
    east_product_q <= east_product;
    west_psum_q    <= west_psum_d;
    east_psum_q    <= east_psum_d;
  end

  // Each buffer shifts to the same buffer of the pair below.
  assign weight0_west_o = west0_q;
  assign weight1_west_o = west1_q;
  assign weight0_east_o = east0_q;
  assign weight1_east_o = east1_q;
  assign act_valid_o   = east_valid_q;
  assign act_sel_o     = east_sel_q;
  assign act_o         = east_act_q;
  assign psum_west_o   = west_psum_q;
  assign psum_east_o   = east_psum_q;

endmodule
