// SPDX-License-Identifier: Apache-2.0
// npu_pair_multiplier for the iCE40 (chosen by file list instead of
// rtl/array/npu_pair_multiplier.sv; same ports, same timing): the two PEs' products from
// one SB_MAC16 in its 8 x 8 mode, which holds two independent signed 8 x 8 multipliers.
// The UP5K has 8 SB_MAC16s, and its 16 x 16 multiplier is too narrow for the generic
// pair's packed 25 x 8 multiply; two 8 x 8 multipliers need no packing at all.
//
// Bottom half: act x w_west, combinational (the west PE adds it this cycle). Top half:
// act x w_east, through the block's own product register (TOP_8x8_MULT_REG), which is
// the generic pair's one-cycle wait for the activation to reach the east PE.
// With one weight a PE (WeightBuffers 1, the board's) the two weights live in the
// block's B input register (B_REG), written when the array loads this row and held
// (BHOLD) otherwise: 16 flip-flops a pair that take no logic cell. With two, the buffers
// are flip-flops (npu_pair_weights) and B takes the selected pair of weights directly.
// test_array ("[pair]") checks it and the generic module for every int8 activation and
// weight, simulating the SB_MAC16 with Yosys' model of it (ice40/cells_sim.v).

module npu_pair_multiplier #(
  parameter int unsigned WeightBuffers = 2
) (
  input  logic                                    clk_i,
  input  logic                                    weight_load_i,
  input  logic                                    weight_buf_i,
  input  logic signed [npu_pkg::InputWidth-1:0]   west_weight_i,
  input  logic signed [npu_pkg::InputWidth-1:0]   east_weight_i,
  input  logic                                    act_sel_i,
  input  logic signed [npu_pkg::InputWidth-1:0]   act_i,
  output logic signed [2*npu_pkg::InputWidth-1:0] west_product_o,
  output logic signed [2*npu_pkg::InputWidth-1:0] east_product_o
);

  localparam bit InBlock = WeightBuffers == 1;  // the weights in the B register

  logic [7:0]  west_weight, east_weight;
  logic [31:0] products;  // {act x w_east a cycle ago, act x w_west}

  if (InBlock) begin : gen_block_weights
    logic unused_select;
    assign west_weight   = west_weight_i;
    assign east_weight   = east_weight_i;
    assign unused_select = ^{weight_buf_i, act_sel_i};
  end else begin : gen_fabric_weights
    npu_pair_weights #(.WeightBuffers(WeightBuffers)) u_weights (
      .clk_i, .weight_load_i, .weight_buf_i, .west_weight_i, .east_weight_i, .act_sel_i,
      .west_o(west_weight), .east_o(east_weight)
    );
  end

  SB_MAC16 #(
    .MODE_8x8         (1'b1),
    .A_SIGNED         (1'b1),
    .B_SIGNED         (1'b1),
    .B_REG            (InBlock),
    .TOP_8x8_MULT_REG (1'b1),
    .BOT_8x8_MULT_REG (1'b0),
    .TOPOUTPUT_SELECT (2'd2),  // the top 8 x 8 product (registered)
    .BOTOUTPUT_SELECT (2'd2)   // the bottom 8 x 8 product
  ) u_mac (
    .CLK (clk_i), .CE (1'b1),
    .A ({act_i, act_i}), .B ({east_weight, west_weight}), .C (16'd0), .D (16'd0),
    .AHOLD (1'b0), .BHOLD (InBlock && !weight_load_i), .CHOLD (1'b0), .DHOLD (1'b0),
    .IRSTTOP (1'b0), .IRSTBOT (1'b0), .ORSTTOP (1'b0), .ORSTBOT (1'b0),
    .OLOADTOP (1'b0), .OLOADBOT (1'b0), .ADDSUBTOP (1'b0), .ADDSUBBOT (1'b0),
    .OHOLDTOP (1'b0), .OHOLDBOT (1'b0), .CI (1'b0), .ACCUMCI (1'b0), .SIGNEXTIN (1'b0),
    .O (products), .CO (), .ACCUMCO (), .SIGNEXTOUT ()
  );

  assign west_product_o = products[15:0];
  assign east_product_o = products[31:16];

endmodule
