// SPDX-License-Identifier: Apache-2.0
// npu_rdbp_serial: npu_rdbp (the same result, bit for bit) as one stage of a pipeline
// that can hold, shifting one bit a cycle instead of through a 32-bit barrel shifter:
// e + 1 cycles (1 to 32). The rounding comes last, from the bits shifted out: with
// q = floor(x / 2^e) and r the remainder, x / 2^e rounded half away from zero is q + 1
// when r >= 2^(e-1) for x >= 0 and when r > 2^(e-1) for x < 0, i.e. the last bit out,
// and (x < 0) any bit out before it. Handshake as npu_srdhm_serial (prim_serial_stage).

module npu_rdbp_serial (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic               present_i,
  input  logic               advance_i,
  input  logic signed [31:0] x_i,
  input  logic [4:0]         e_i,
  output logic               wait_o,
  output logic signed [31:0] y_o
);

  logic               start;
  logic signed [31:0] q_q;        // x shifted so far (its sign stays)
  logic [4:0]         left_q;     // shifts still to make
  logic               last_q;     // the last bit shifted out
  logic               sticky_q;   // any bit shifted out before it
  logic               round_up;

  prim_serial_stage u_stage (
    .clk_i, .rst_ni, .present_i, .advance_i, .done_i(left_q == '0), .start_o(start),
    .wait_o);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      q_q      <= '0;
      left_q   <= '0;
      last_q   <= 1'b0;
      sticky_q <= 1'b0;
    end else if (start) begin
      q_q      <= x_i;
      left_q   <= e_i;
      last_q   <= 1'b0;
      sticky_q <= 1'b0;
    end else if (left_q != '0) begin
      q_q      <= q_q >>> 1;
      left_q   <= left_q - 1'b1;
      last_q   <= q_q[0];
      sticky_q <= sticky_q || last_q;
    end
  end

  assign round_up = last_q && (!q_q[31] || sticky_q);
  assign y_o      = q_q + 32'(round_up);

endmodule
