// SPDX-License-Identifier: Apache-2.0
// prim_rr_arbiter: round-robin arbiter; the grant holds until accepted, then priority
// moves to the requester after the winner, so every requester waits at most N-1 grants.
`include "npu_assert.svh"

module prim_rr_arbiter #(
  parameter int unsigned NumReq = 4,
  localparam int unsigned IdxWidth = (NumReq > 1) ? $clog2(NumReq) : 1
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic [NumReq-1:0]   req_i,
  output logic [NumReq-1:0]   gnt_o,
  output logic [IdxWidth-1:0] gnt_idx_o,
  output logic                gnt_valid_o,
  input  logic                gnt_ready_i
);

  // Index with the highest priority this cycle.
  logic [IdxWidth-1:0] prio_q, prio_d;
  logic                found;
  logic [IdxWidth-1:0] winner;

  // Search from prio_q upwards, wrapping; the first requester found wins.
  always_comb begin
    found  = 1'b0;
    winner = prio_q;
    for (int unsigned offset = 0; offset < NumReq; offset++) begin
      int unsigned position;
      logic [IdxWidth-1:0] candidate;
      position  = 32'(prio_q) + offset;
      candidate = IdxWidth'(position % NumReq);
      if (!found && req_i[candidate]) begin
        found  = 1'b1;
        winner = candidate;
      end
    end
  end

  assign gnt_valid_o = found;
  assign gnt_idx_o   = winner;
  always_comb begin
    gnt_o = '0;
    if (found) gnt_o[winner] = 1'b1;
  end

  always_comb begin
    prio_d = prio_q;
    if (found && gnt_ready_i) begin
      prio_d = (winner == IdxWidth'(NumReq - 1)) ? '0 : winner + 1'b1;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) prio_q <= '0;
    else prio_q <= prio_d;
  end

  `ASSERT_INIT(num_req_positive_a, NumReq >= 1)
  `ASSERT(onehot_grant_a, $onehot0(gnt_o), clk_i, rst_ni)
  `ASSERT(grant_is_request_a, (gnt_o & ~req_i) == '0, clk_i, rst_ni)

endmodule
