// SPDX-License-Identifier: Apache-2.0
// npu_dep_tokens: the dependency-token counters between the three queues. Index 0 load ->
// exec, 1 exec -> load, 2 exec -> store, 3 store -> exec. A queue pushes a token when an
// instruction with a push flag finishes, and pops one before it starts an instruction
// with a pop flag. A push to a full counter is a program error (overflow_o). Every
// program starts with no tokens (clear_i at START): what one leaves must not let the next
// run ahead.
module npu_dep_tokens #(
  parameter int unsigned CountWidth = 8
) (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       clear_i,
  input  logic [3:0] push_i,
  input  logic [3:0] pop_i,      // only when avail_o says there is one
  output logic [3:0] avail_o,
  output logic       overflow_o
);

  logic [4*CountWidth-1:0] count_q;
  logic [3:0]              full;

  always_comb begin
    for (int unsigned i = 0; i < 4; i++) begin
      avail_o[i] = count_q[i*CountWidth +: CountWidth] != '0;
      full[i]    = count_q[i*CountWidth +: CountWidth] == '1;
    end
  end
  assign overflow_o = |(push_i & ~pop_i & full);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      count_q <= '0;
    end else if (clear_i) begin
      count_q <= '0;
    end else begin
      for (int unsigned i = 0; i < 4; i++) begin
        if (push_i[i] && !pop_i[i] && !full[i]) begin
          count_q[i*CountWidth +: CountWidth] <= count_q[i*CountWidth +: CountWidth] + 1'b1;
        end else if (pop_i[i] && !push_i[i]) begin
          count_q[i*CountWidth +: CountWidth] <= count_q[i*CountWidth +: CountWidth] - 1'b1;
        end
      end
    end
  end

endmodule
