// SPDX-License-Identifier: Apache-2.0
// prim_delay: fixed-latency shift register (Depth 0 is a wire). ResetZero selects an
// asynchronous reset to zero, for valid bits; data lines leave it off.

module prim_delay #(
  parameter int unsigned Width     = 8,
  parameter int unsigned Depth     = 1,
  parameter bit          ResetZero = 1'b0
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic [Width-1:0] in_i,
  output logic [Width-1:0] out_o
);

  if (Depth == 0) begin : gen_wire
    assign out_o = in_i;
    logic unused_clk_rst;
    assign unused_clk_rst = clk_i ^ rst_ni;
  end else begin : gen_regs
    // Stage 0 is the newest value; the oldest leaves from the top slice.
    logic [Depth*Width-1:0] stages_q, stages_d;
    if (Depth == 1) begin : gen_one
      assign stages_d = in_i;
    end else begin : gen_many
      assign stages_d = {stages_q[(Depth-1)*Width-1:0], in_i};
    end
    if (ResetZero) begin : gen_reset
      always_ff @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) stages_q <= '0;
        else stages_q <= stages_d;
      end
    end else begin : gen_no_reset
      logic unused_rst;
      assign unused_rst = rst_ni;
      always_ff @(posedge clk_i) begin
        stages_q <= stages_d;
      end
    end
    assign out_o = stages_q[Depth*Width-1 -: Width];
  end

endmodule
