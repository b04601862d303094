// SPDX-License-Identifier: Apache-2.0
// npu_pe: weight-stationary processing element, int8 x int8 multiply, int32 accumulate.
// Two weight registers: the one named by the activation's sel bit computes while the
// other is shifted down the column (the next tile's preload). Each buffer has its own
// shift chain, so the value passed down needs no multiplexer (on an FPGA that is 8 LUTs a
// PE, 2,000 in a 16 x 16 array). With WeightBuffers 1 there is one register and no
// select (16 flip-flops and 8 LUTs a PE less); the tile then preloads only between
// streams (npu_compute_tile). Activations move east, partial sums move south; every
// output is registered (one cycle per hop). With ExternalProduct the PE adds product_i
// instead of multiplying itself (two PEs sharing one multiplier: npu_pair_multiplier),
// and holds no weight: the pair multiplier keeps both PEs' weights (on an iCE40, in its
// DSP block's input register), loaded a row at a time; the weight ports are unused.
// PsumWidth: the partial sums' width; the array builds them only as wide as a column's
// sum can grow (npu_systolic_array), the default is the full accumulator.
`include "npu_assert.svh"

module npu_pe #(
  parameter bit          ExternalProduct = 1'b0,
  parameter int unsigned PsumWidth       = npu_pkg::AccWidth,
  parameter int unsigned WeightBuffers   = 2   // 1 or 2
) (
  input  logic                                clk_i,
  input  logic                                rst_ni,
  // Weight shift chains (column-wide): buffer weight_buf_i loads from its chain. With one
  // buffer, weight_buf_i, act_sel_i and weight1_i are ignored and weight1_o is weight0_o.
  input  logic                                weight_shift_i,
  input  logic                                weight_buf_i,
  input  logic signed [npu_pkg::InputWidth-1:0] weight0_i,
  input  logic signed [npu_pkg::InputWidth-1:0] weight1_i,
  output logic signed [npu_pkg::InputWidth-1:0] weight0_o,
  output logic signed [npu_pkg::InputWidth-1:0] weight1_o,
  // Activation from the west, with its valid bit and weight-buffer select.
  input  logic                                act_valid_i,
  input  logic                                act_sel_i,
  input  logic signed [npu_pkg::InputWidth-1:0] act_i,
  output logic                                act_valid_o,
  output logic                                act_sel_o,
  output logic signed [npu_pkg::InputWidth-1:0] act_o,
  // Partial sum from the north, result to the south.
  input  logic signed [PsumWidth-1:0]           psum_i,
  output logic signed [PsumWidth-1:0]           psum_o,
  // act_i times the selected weight, from outside (used only with ExternalProduct).
  input  logic signed [2*npu_pkg::InputWidth-1:0] product_i
);

  localparam int unsigned InW  = npu_pkg::InputWidth;
  localparam int unsigned PsumW = PsumWidth;

  logic                   act_valid_q;
  logic                   act_sel_q;
  logic signed [InW-1:0]  act_q;
  logic signed [PsumW-1:0] psum_q, psum_d;
  logic signed [2*InW-1:0] product;

  // The product of two int8 fits 16 bits; sign-extend and add. At the full width the sum
  // wraps modulo 2^32, which the golden model mirrors; narrower, it never wraps.
  if (ExternalProduct) begin : gen_external_product
    logic unused_weights;
    assign product        = product_i;
    assign weight0_o      = '0;
    assign weight1_o      = '0;
    assign unused_weights = ^{weight_shift_i, weight_buf_i, weight0_i, weight1_i};
  end else begin : gen_multiply
    // The weight buffers, named by the select bit.
    logic signed [InW-1:0] weight0_q, weight0_d, weight1_q, weight_active;
    logic                  unused_product;
    always_comb begin
      weight0_d = weight0_q;
      if (weight_shift_i && (WeightBuffers == 1 || !weight_buf_i)) weight0_d = weight0_i;
    end
    always_ff @(posedge clk_i) begin
      weight0_q <= weight0_d;
    end
    if (WeightBuffers == 2) begin : gen_second_buffer
      logic signed [InW-1:0] weight1_d;
      always_comb begin
        weight1_d = weight1_q;
        if (weight_shift_i && weight_buf_i) weight1_d = weight1_i;
      end
      always_ff @(posedge clk_i) begin
        weight1_q <= weight1_d;
      end
    end else begin : gen_one_buffer
      logic unused_second;
      assign weight1_q     = weight0_q;
      assign unused_second = ^{weight1_i, weight_buf_i};
    end
    assign weight_active  = (WeightBuffers == 2 && act_sel_i) ? weight1_q : weight0_q;
    assign product        = (2*InW)'(act_i) * (2*InW)'(weight_active);
    assign unused_product = ^product_i;
    // Each buffer shifts to the same buffer of the PE below.
    assign weight0_o = weight0_q;
    assign weight1_o = weight1_q;
  end
  always_comb begin
    psum_d = psum_q;
    if (act_valid_i) psum_d = psum_i + PsumW'(product);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      act_valid_q <= 1'b0;
    end else begin
      act_valid_q <= act_valid_i;
    end
  end

  // Datapath registers carry no reset: the valid bit qualifies them.
  always_ff @(posedge clk_i) begin
    act_sel_q <= act_sel_i;
    act_q     <= act_i;
    psum_q    <= psum_d;
  end

  `ASSERT_INIT(weight_buffers_a, WeightBuffers == 1 || WeightBuffers == 2)

  assign act_valid_o = act_valid_q;
  assign act_sel_o   = act_sel_q;
  assign act_o       = act_q;
  assign psum_o      = psum_q;

endmodule
