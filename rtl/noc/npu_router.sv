// SPDX-License-Identifier: Apache-2.0
// npu_router: one router of the 2-D mesh. Five ports (0 local, 1 north = y-1, 2 east =
// x+1, 3 south = y+1, 4 west = x-1), each an input buffer and an output link.
//   Flits: {head, tail, payload}; a head flit's payload carries the destination in its
//   low bits ({dest_y, dest_x}); a one-flit packet is head and tail at once.
//   Routing: XY dimension order (first along x, then along y), deadlock-free on a mesh.
//   Switching: wormhole. An output belongs to one packet from its head to its tail; a
//   round-robin arbiter per output picks among the heads that want it.
//   Flow control: credits. An output sends only while it holds a credit for the buffer
//   at the other end; an input returns a credit each time a flit leaves its buffer.
// A flit crosses a router in one cycle (from the input buffer through the switch to the
// next buffer), so a hop costs one cycle plus any wait.
`include "npu_assert.svh"

module npu_router #(
  parameter int unsigned FlitWidth   = 64,  // payload bits
  parameter int unsigned CoordWidth  = 2,
  parameter int unsigned BufferDepth = 4,   // flits per input buffer (= credits)
  parameter int unsigned X = 0,
  parameter int unsigned Y = 0,
  localparam int unsigned Ports = 5,
  localparam int unsigned LinkWidth = FlitWidth + 2
) (
  input  logic                         clk_i,
  input  logic                         rst_ni,
  // Inputs: flits in, credits back to the sender.
  input  logic [Ports-1:0]             in_valid_i,
  input  logic [Ports*LinkWidth-1:0]   in_flit_i,
  output logic [Ports-1:0]             in_credit_o,
  // Outputs: flits out, credits from the receiver.
  output logic [Ports-1:0]             out_valid_o,
  output logic [Ports*LinkWidth-1:0]   out_flit_o,
  input  logic [Ports-1:0]             out_credit_i
);

  localparam int unsigned CreditWidth = $clog2(BufferDepth + 1);
  localparam int unsigned PortWidth   = 3;
  localparam logic [PortWidth-1:0] PLocal = 3'd0, PNorth = 3'd1, PEast = 3'd2, PSouth = 3'd3,
                                   PWest = 3'd4;
  // Flit fields.
  localparam int unsigned HeadBit = FlitWidth + 1;
  localparam int unsigned TailBit = FlitWidth;

  `ASSERT_INIT(dest_fits_a, 2 * CoordWidth <= FlitWidth)

  // ---------------------------------------------------------------------------------------
  // Input buffers and route computation.
  logic [Ports-1:0]           buf_valid, buf_pop, buf_in_ready;
  logic [Ports*LinkWidth-1:0] buf_flit;
  logic [Ports*PortWidth-1:0] want;       // the output the head of each buffer wants

  for (genvar i = 0; i < Ports; i++) begin : g_input
    logic [CoordWidth-1:0] dx, dy;
    logic [CreditWidth-1:0] unused_count;
    logic unused;
    assign unused = ^unused_count;
    prim_fifo #(.Width(LinkWidth), .Depth(BufferDepth)) u_buffer (
      .clk_i,
      .rst_ni,
      .in_valid_i  (in_valid_i[i]),
      .in_ready_o  (buf_in_ready[i]),
      .in_data_i   (in_flit_i[i*LinkWidth +: LinkWidth]),
      .out_valid_o (buf_valid[i]),
      .out_ready_i (buf_pop[i]),
      .out_data_o  (buf_flit[i*LinkWidth +: LinkWidth]),
      .count_o     (unused_count)
    );
    assign dx = buf_flit[i*LinkWidth +: CoordWidth];
    assign dy = buf_flit[i*LinkWidth + CoordWidth +: CoordWidth];
    always_comb begin
      if (dx > CoordWidth'(X))      want[i*PortWidth +: PortWidth] = PEast;
      else if (dx < CoordWidth'(X)) want[i*PortWidth +: PortWidth] = PWest;
      else if (dy > CoordWidth'(Y)) want[i*PortWidth +: PortWidth] = PSouth;
      else if (dy < CoordWidth'(Y)) want[i*PortWidth +: PortWidth] = PNorth;
      else                          want[i*PortWidth +: PortWidth] = PLocal;
    end
    assign in_credit_o[i] = buf_pop[i];
    // Credits guarantee room: a flit that finds the buffer full is a protocol error.
    `ASSERT(no_overflow_a, in_valid_i[i] |-> buf_in_ready[i], clk_i, rst_ni)
  end

  // ---------------------------------------------------------------------------------------
  // Output allocation (wormhole) and switch.
  logic [Ports-1:0]             out_busy_q;                 // held by a packet
  logic [Ports*PortWidth-1:0]   out_owner_q;                // the input that holds it
  logic [Ports*CreditWidth-1:0] credits_q;
  logic [Ports*Ports-1:0]       req;                        // [o*Ports + i]
  logic [Ports-1:0]             gnt_valid;
  logic [Ports*PortWidth-1:0]   gnt_idx;
  logic [Ports-1:0]             send;                       // output o moves a flit
  logic [Ports*PortWidth-1:0]   src;                        // which input it comes from
  logic [Ports-1:0]             has_credit;

  always_comb begin
    req = '0;
    for (int unsigned o = 0; o < Ports; o++) begin
      for (int unsigned i = 0; i < Ports; i++) begin
        // A free output takes a new head; a busy one serves only its owner.
        req[o*Ports + i] = !out_busy_q[o] && buf_valid[i] && buf_flit[i*LinkWidth + HeadBit] &&
                           want[i*PortWidth +: PortWidth] == PortWidth'(o);
      end
    end
  end

  for (genvar o = 0; o < Ports; o++) begin : g_output
    logic [2:0] idx;
    logic [Ports-1:0] unused_gnt;  // the index is what the switch needs
    logic unused;
    assign unused = ^unused_gnt;
    prim_rr_arbiter #(.NumReq(Ports)) u_arbiter (
      .clk_i,
      .rst_ni,
      .req_i       (req[o*Ports +: Ports]),
      .gnt_o       (unused_gnt),
      .gnt_idx_o   (idx),
      .gnt_valid_o (gnt_valid[o]),
      .gnt_ready_i (send[o])
    );
    assign gnt_idx[o*PortWidth +: PortWidth] = idx;
    assign has_credit[o] = credits_q[o*CreditWidth +: CreditWidth] != '0;
  end

  always_comb begin
    send    = '0;
    src     = '0;
    buf_pop = '0;
    for (int unsigned o = 0; o < Ports; o++) begin
      if (out_busy_q[o]) begin
        src[o*PortWidth +: PortWidth] = out_owner_q[o*PortWidth +: PortWidth];
        send[o] = buf_valid[out_owner_q[o*PortWidth +: PortWidth]] && has_credit[o];
      end else begin
        src[o*PortWidth +: PortWidth] = gnt_idx[o*PortWidth +: PortWidth];
        send[o] = gnt_valid[o] && has_credit[o];
      end
      if (send[o]) buf_pop[src[o*PortWidth +: PortWidth]] = 1'b1;
    end
  end

  always_comb begin
    for (int unsigned o = 0; o < Ports; o++) begin
      out_valid_o[o] = send[o];
      out_flit_o[o*LinkWidth +: LinkWidth] = buf_flit[src[o*PortWidth +: PortWidth]*LinkWidth +: LinkWidth];
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      out_busy_q  <= '0;
      out_owner_q <= '0;
      for (int unsigned o = 0; o < Ports; o++) credits_q[o*CreditWidth +: CreditWidth] <= CreditWidth'(BufferDepth);
    end else begin
      for (int unsigned o = 0; o < Ports; o++) begin
        // Hold the output from a head (that is not also the tail) to the tail.
        if (send[o]) begin
          if (out_flit_o[o*LinkWidth + TailBit]) out_busy_q[o] <= 1'b0;
          else if (!out_busy_q[o]) begin
            out_busy_q[o] <= 1'b1;
            out_owner_q[o*PortWidth +: PortWidth] <= src[o*PortWidth +: PortWidth];
          end
        end
        credits_q[o*CreditWidth +: CreditWidth] <= credits_q[o*CreditWidth +: CreditWidth]
                                                   - CreditWidth'(send[o]) + CreditWidth'(out_credit_i[o]);
      end
    end
  end

  for (genvar o = 0; o < Ports; o++) begin : g_checks
    `ASSERT(credit_bound_a, credits_q[o*CreditWidth +: CreditWidth] <= CreditWidth'(BufferDepth), clk_i, rst_ni)
  end
  // Each input feeds at most one output in a cycle.
  for (genvar i = 0; i < Ports; i++) begin : g_one_taker
    logic [Ports-1:0] takers;
    for (genvar o = 0; o < Ports; o++) begin : g_taker
      assign takers[o] = send[o] && src[o*PortWidth +: PortWidth] == PortWidth'(i);
    end
    `ASSERT(one_output_per_input_a, $onehot0(takers), clk_i, rst_ni)
  end

endmodule
