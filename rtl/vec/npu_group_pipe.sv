// SPDX-License-Identifier: Apache-2.0
// npu_group_pipe: the control of a vector function's pipeline (npu_requantize,
// npu_eltwise_add) whose rows go through in Groups groups of lanes on consecutive cycles.
// It counts the group entering (in_ready only with the last one: the source holds the
// row until then), carries each stage's group index so that a stage can pick the
// parameters of the lanes it holds, and holds the whole pipeline while a complete row
// waits at its end. The function's registers load when advance_o is high.
// Groups = 1 is a plain pipeline: a row per cycle, every group index 0.
`include "npu_assert.svh"

module npu_group_pipe #(
  parameter int unsigned Groups       = 1,
  parameter int unsigned Stages       = 3,
  localparam int unsigned GroupWidth  = (Groups > 1) ? $clog2(Groups) : 1
) (
  input  logic                             clk_i,
  input  logic                             rst_ni,
  input  logic                             in_valid_i,
  output logic                             in_ready_o,
  output logic                             out_valid_o,  // a whole row is in the last stage
  input  logic                             out_ready_i,
  output logic                             advance_o,    // every stage register loads
  output logic [Stages-1:0]                valid_o,      // bit s: stage s + 1 holds a group
  // Slice 0: the group entering; slice s: the group in stage s (1 .. Stages).
  output logic [(Stages+1)*GroupWidth-1:0] groups_o
);

  localparam logic [GroupWidth-1:0] LastGroup = GroupWidth'(Groups - 1);

  logic [Stages-1:0]            valid_q;
  logic [GroupWidth-1:0]        group_q;
  logic [Stages*GroupWidth-1:0] stage_group_q;
  logic                         last_in;

  logic                         row_out;   // a whole row in the last stage

  assign last_in     = group_q == LastGroup;
  assign row_out     = valid_q[Stages-1] &&
                       stage_group_q[(Stages-1)*GroupWidth +: GroupWidth] == LastGroup;
  // The row is shown as soon as it is whole and stays until taken.
  assign out_valid_o = row_out;
  assign advance_o   = !row_out || out_ready_i;
  assign in_ready_o  = advance_o && last_in;
  assign valid_o     = valid_q;
  assign groups_o    = {stage_group_q, group_q};

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= '0;
      group_q <= '0;
    end else if (advance_o) begin
      valid_q <= {valid_q[Stages-2:0], in_valid_i};
      if (in_valid_i) group_q <= last_in ? '0 : group_q + 1'b1;
    end
  end

  always_ff @(posedge clk_i) begin
    if (advance_o) stage_group_q <= {stage_group_q[(Stages-1)*GroupWidth-1:0], group_q};
  end

  `ASSERT_INIT(shape_a, Groups >= 1 && Stages >= 2)

endmodule
