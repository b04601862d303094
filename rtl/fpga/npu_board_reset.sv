// SPDX-License-Identifier: Apache-2.0
// npu_board_reset: a board's reset. The button (active low) is synchronised by two flops;
// a power-on count holds reset for 16 cycles after configuration (FPGA flops start at
// their init values, so the count needs no reset of its own). rst_no is low while either
// holds.

module npu_board_reset (
  input  logic clk_i,
  input  logic btn_ni,
  output logic rst_no
);

  logic [4:0] por_q = '0;
  logic [1:0] btn_sync_q = '0;
  always_ff @(posedge clk_i) begin
    btn_sync_q <= {btn_sync_q[0], btn_ni};
    if (!por_q[4]) por_q <= por_q + 1'b1;
  end
  assign rst_no = por_q[4] && btn_sync_q[1];

endmodule
