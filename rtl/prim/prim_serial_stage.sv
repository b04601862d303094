// SPDX-License-Identifier: Apache-2.0
// prim_serial_stage: the handshake of a stage whose work takes several cycles (the vector
// unit's npu_srdhm_serial and npu_rdbp_serial, the decoder's pool check). When the stage
// holds a value (present_i) the work starts (start_o, once); wait_o is high until it is
// done (done_i), and the stage must hold its value meanwhile; advance_i (the value moves
// on, or is dropped) ends it.

module prim_serial_stage (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic present_i,
  input  logic advance_i,
  input  logic done_i,
  output logic start_o,
  output logic wait_o
);

  logic started_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) started_q <= 1'b0;
    else if (advance_i) started_q <= 1'b0;
    else if (start_o) started_q <= 1'b1;
  end

  assign start_o = present_i && !started_q;
  assign wait_o  = present_i && !(started_q && done_i);

endmodule
