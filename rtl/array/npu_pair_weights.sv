// SPDX-License-Identifier: Apache-2.0
// npu_pair_weights: the weight buffers of a PE pair (npu_pair_multiplier): one or two
// weights for each of the west and east PEs, loaded a row at a time, the ones named by
// the activation's select bit given to the multiplier.

module npu_pair_weights #(
  parameter int unsigned WeightBuffers = 2   // 1 or 2 weights a PE
) (
  input  logic                                  clk_i,
  input  logic                                  weight_load_i,
  input  logic                                  weight_buf_i,   // ignored with one buffer
  input  logic signed [npu_pkg::InputWidth-1:0] west_weight_i,
  input  logic signed [npu_pkg::InputWidth-1:0] east_weight_i,
  input  logic                                  act_sel_i,      // ignored with one buffer
  output logic signed [npu_pkg::InputWidth-1:0] west_o,
  output logic signed [npu_pkg::InputWidth-1:0] east_o
);

  localparam int unsigned InW = npu_pkg::InputWidth;

  // Buffer b of both PEs: {east, west}. No reset: a buffer is loaded before it is used.
  logic [2*InW-1:0] buf0_q;
  always_ff @(posedge clk_i) begin
    if (weight_load_i && (WeightBuffers == 1 || !weight_buf_i)) buf0_q <= {east_weight_i, west_weight_i};
  end
  if (WeightBuffers == 2) begin : gen_second_buffer
    logic [2*InW-1:0] buf1_q;
    always_ff @(posedge clk_i) begin
      if (weight_load_i && weight_buf_i) buf1_q <= {east_weight_i, west_weight_i};
    end
    assign {east_o, west_o} = act_sel_i ? buf1_q : buf0_q;
  end else begin : gen_one_buffer
    logic unused_select;
    assign {east_o, west_o} = buf0_q;
    assign unused_select    = ^{weight_buf_i, act_sel_i};
  end

endmodule
