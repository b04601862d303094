// SPDX-License-Identifier: Apache-2.0
// npu_perf_counters: the performance counters: NumCounters 32-bit counters, each adding its
// event count every cycle (wrapping), cleared together, read one at a time.
//   InRam 0: a register and an adder each; a read answers in the cycle it is asked.
//   InRam 1: one RAM of 16-bit words (a block RAM on an FPGA: 288 flip-flops and nine
//            32-bit adders otherwise). Each counter gathers its events in a small pending
//            count; a sequencer visits the counters in turn, two cycles each, and adds the
//            pending count into the RAM: the low word in the first cycle of a visit, the
//            high word and the carry in the next (overlapping the next visit's first). A
//            read waits for its counter's next visit and returns what that visit writes
//            back: the count up to the cycle the visit begins, at most 2 x NumCounters + 2
//            cycles after the read is asked. Reset and clear_i mark every counter zero
//            until its next visit, so the RAM needs no reset. A counter marked in
//            OneBitEvents (at most one event a cycle) has a pending count of 5 bits, not
//            the 8 a byte count needs.
// Either way, the events of the cycle of clear_i are not counted.
`include "npu_assert.svh"

module npu_perf_counters #(
  parameter int unsigned NumCounters = 9,
  parameter int unsigned IncWidth    = 16,   // width of each counter's event count
  parameter int unsigned MaxInc      = 16,   // the largest event count in one cycle
  parameter bit          InRam       = 1'b0,
  // Counter i counts at most one event a cycle when bit i is set (InRam: a narrower
  // pending count; an event count above 1 there is a design error, asserted).
  parameter logic [NumCounters-1:0] OneBitEvents = '0,
  localparam int unsigned IdxWidth   = (NumCounters > 1) ? $clog2(NumCounters) : 1
) (
  input  logic                            clk_i,
  input  logic                            rst_ni,
  input  logic                            clear_i,
  input  logic [NumCounters*IncWidth-1:0] inc_i,     // counter i's events: [i*IncWidth +:]
  // A read: asked with a pulse of rd_valid_i; answered by a pulse of rd_done_o (in the same
  // cycle with InRam 0). No new read is asked until the last one is answered.
  input  logic                            rd_valid_i,
  input  logic [IdxWidth-1:0]             rd_idx_i,
  output logic                            rd_done_o,
  output logic [31:0]                     rd_data_o
);

  if (!InRam) begin : g_flops
    logic [NumCounters*32-1:0] cnt_q;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        cnt_q <= '0;
      end else if (clear_i) begin
        cnt_q <= '0;
      end else begin
        for (int unsigned i = 0; i < NumCounters; i++) begin
          cnt_q[i*32 +: 32] <= cnt_q[i*32 +: 32] + 32'(inc_i[i*IncWidth +: IncWidth]);
        end
      end
    end
    assign rd_done_o = rd_valid_i;
    assign rd_data_o = cnt_q[32'(rd_idx_i)*32 +: 32];

  end else begin : g_ram
    // A counter's pending events never wait more than a round of visits plus one cycle.
    localparam int unsigned Round = 2 * NumCounters;
    localparam int unsigned PendWidth = $clog2(MaxInc * (Round + 1) + 1);
    localparam int unsigned PendOneBit = $clog2(Round + 2);
    // A one-event counter's pending bits above PendOneBit stay zero (and are trimmed).
    localparam logic [PendWidth-1:0] OneBitMask = PendWidth'((1 << PendOneBit) - 1);
    localparam int unsigned WordAddrWidth = IdxWidth + 1;  // {counter, high half}

    (* ram_style = "block", no_rw_check *) logic [15:0] words_q [2**WordAddrWidth];
    logic [WordAddrWidth-1:0] raddr, waddr;
    logic [15:0]              rdata_q, wdata;
    logic                     we;

    logic [NumCounters*PendWidth-1:0] pend_q;
    logic [NumCounters-1:0]           zero_q;     // counts as zero until its next visit
    logic [IdxWidth-1:0]              idx_q;      // the counter being visited
    logic [IdxWidth-1:0]              hi_idx_q;   // the counter whose high word is due
    logic                             second_q;   // the visit's second cycle (low word)
    logic                             hi_due_q;   // a high word is written this cycle
    logic [PendWidth-1:0]             taken_q;    // the visited counter's pending count
    logic                             taken_zero_q;
    logic                             carry_q;
    logic [15:0]                      lo_q;       // the low word just written
    logic                             rd_pend_q, rd_armed_q;
    logic [IdxWidth-1:0]              rd_idx_q;
    logic [16:0]                      lo_sum;
    logic [15:0]                      hi_sum;
    logic                             take;       // first cycle of a visit

    logic [15:0]                      base;       // the word read, or zero
    assign take   = !second_q;
    assign base   = taken_zero_q ? 16'd0 : rdata_q;
    assign lo_sum = 17'(base) + 17'(taken_q);
    assign hi_sum = base + 16'(carry_q);

    // First cycle: read the low word. Second: write it, read the high word. The high word
    // is written in the first cycle of the next visit.
    assign raddr = {idx_q, second_q};
    always_comb begin
      we    = 1'b0;
      waddr = {hi_idx_q, 1'b1};
      wdata = hi_sum;
      if (second_q) begin
        we    = 1'b1;
        waddr = {idx_q, 1'b0};
        wdata = lo_sum[15:0];
      end else if (hi_due_q) begin
        we = 1'b1;
      end
    end

    always_ff @(posedge clk_i) begin
      if (we) words_q[waddr] <= wdata;
      rdata_q <= words_q[raddr];
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        pend_q       <= '0;
        zero_q       <= '1;
        idx_q        <= '0;
        hi_idx_q     <= '0;
        second_q     <= 1'b0;
        hi_due_q     <= 1'b0;
        taken_q      <= '0;
        taken_zero_q <= 1'b1;
        carry_q      <= 1'b0;
        lo_q         <= '0;
        rd_pend_q    <= 1'b0;
        rd_armed_q   <= 1'b0;
        rd_idx_q     <= '0;
      end else begin
        second_q <= !second_q;
        hi_due_q <= second_q;
        for (int unsigned i = 0; i < NumCounters; i++) begin
          if (take && 32'(idx_q) == i) begin
            pend_q[i*PendWidth +: PendWidth] <= PendWidth'(inc_i[i*IncWidth +: IncWidth]) &
                                                (OneBitEvents[i] ? OneBitMask : '1);
          end else begin
            pend_q[i*PendWidth +: PendWidth] <= (pend_q[i*PendWidth +: PendWidth] +
                                                 PendWidth'(inc_i[i*IncWidth +: IncWidth])) &
                                                (OneBitEvents[i] ? OneBitMask : '1);
          end
        end
        if (take) begin
          taken_q      <= pend_q[32'(idx_q)*PendWidth +: PendWidth];
          taken_zero_q <= zero_q[idx_q];
          zero_q[idx_q] <= 1'b0;
          if (rd_pend_q && !rd_armed_q && idx_q == rd_idx_q) rd_armed_q <= 1'b1;
        end else begin
          carry_q  <= lo_sum[16];
          lo_q     <= lo_sum[15:0];
          hi_idx_q <= idx_q;
          idx_q    <= (32'(idx_q) == NumCounters - 1) ? '0 : idx_q + 1'b1;
        end
        if (rd_valid_i) begin
          rd_pend_q <= 1'b1;
          rd_idx_q  <= rd_idx_i;
        end
        if (rd_done_o) begin
          rd_pend_q  <= 1'b0;
          rd_armed_q <= 1'b0;
        end
        // Clear: nothing pending, every counter zero at its next visit; a read waits for
        // a visit after the clear.
        if (clear_i) begin
          pend_q     <= '0;
          zero_q     <= '1;
          rd_armed_q <= 1'b0;
        end
      end
    end

    // The armed read's counter has its high word written in this cycle.
    assign rd_done_o = rd_armed_q && take && hi_due_q && !clear_i;
    assign rd_data_o = {hi_sum, lo_q};

    `ASSERT_INIT(pending_fits_a, PendWidth <= 16 && PendOneBit <= PendWidth)
    for (genvar i = 0; i < NumCounters; i++) begin : g_one_bit
      if (OneBitEvents[i]) begin : g_check
        `ASSERT(one_event_a, inc_i[i*IncWidth +: IncWidth] <= IncWidth'(1), clk_i, rst_ni)
      end
    end
    `ASSERT(one_read_at_a_time_a, rd_valid_i |-> !rd_pend_q, clk_i, rst_ni)
  end

  `ASSERT_INIT(counters_a, NumCounters >= 2)

endmodule
