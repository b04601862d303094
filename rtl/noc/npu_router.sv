// SPDX-License-Identifier: Apache-2.0
// npu_router: one router of the 2-D mesh. Five ports (0 local, 1 north = y-1, 2 east =
// x+1, 3 south = y+1, 4 west = x-1), each with Vcs virtual channels.
//   Flits: {head, tail, payload} plus the VC they travel on; a head flit's payload
//   carries the destination in its low bits ({dest_y, dest_x}); a one-flit packet is head
//   and tail at once.
//   Routing: XY dimension order (first along x, then along y), deadlock-free on a mesh.
//   Switching: wormhole per virtual channel. A packet keeps its VC number at every hop
//   (the sender chooses it: a traffic class, and the order of one flow); its head takes
//   that VC of its output port once free and keeps it until the tail has passed. Flits of
//   packets on different VCs interleave on a link, so a packet blocked on one VC does not
//   stop the others in the port (no head-of-line blocking across VCs).
//   Switch allocation: each input port offers one of its ready VCs (round robin), each
//   output takes one of the offering ports (round robin); a head may be allocated a VC
//   and cross the switch in the same cycle.
//   Flow control: credits per VC. A flit goes out only while its VC holds a credit for the
//   buffer at the other end; an input returns a credit for a VC each time a flit leaves
//   that VC's buffer.
// A flit crosses a router in one cycle, so a hop costs one cycle plus any wait.
`include "npu_assert.svh"

module npu_router #(
  parameter int unsigned FlitWidth   = 64,  // payload bits
  parameter int unsigned CoordWidth  = 2,
  parameter int unsigned BufferDepth = 4,   // flits per VC buffer (= credits per VC)
  parameter int unsigned Vcs         = 2,
  parameter int unsigned X = 0,
  parameter int unsigned Y = 0,
  localparam int unsigned Ports = 5,
  localparam int unsigned LinkWidth = FlitWidth + 2,
  localparam int unsigned VcWidth = (Vcs > 1) ? $clog2(Vcs) : 1
) (
  input  logic                         clk_i,
  input  logic                         rst_ni,
  // Inputs: flits in, credits back to the sender (one per VC).
  input  logic [Ports-1:0]             in_valid_i,
  input  logic [Ports*LinkWidth-1:0]   in_flit_i,
  input  logic [Ports*VcWidth-1:0]     in_vc_i,
  output logic [Ports*Vcs-1:0]         in_credit_o,
  // Outputs: flits out, credits from the receiver (one per VC).
  output logic [Ports-1:0]             out_valid_o,
  output logic [Ports*LinkWidth-1:0]   out_flit_o,
  output logic [Ports*VcWidth-1:0]     out_vc_o,
  input  logic [Ports*Vcs-1:0]         out_credit_i
);

  localparam int unsigned IVcs        = Ports * Vcs;  // input VCs, index i * Vcs + v
  localparam int unsigned CreditWidth = $clog2(BufferDepth + 1);
  localparam int unsigned PortWidth   = 3;
  localparam int unsigned IvcWidth    = $clog2(IVcs);
  localparam logic [PortWidth-1:0] PLocal = 3'd0, PNorth = 3'd1, PEast = 3'd2, PSouth = 3'd3,
                                   PWest = 3'd4;
  localparam int unsigned HeadBit = FlitWidth + 1;
  localparam int unsigned TailBit = FlitWidth;

  `ASSERT_INIT(dest_fits_a, 2 * CoordWidth <= FlitWidth)
  `ASSERT_INIT(vcs_a, Vcs >= 1 && Vcs <= 4)

  // ---------------------------------------------------------------------------------------
  // Input VC buffers and route computation.
  logic [IVcs-1:0]           buf_valid, buf_pop, buf_in_ready, buf_push;
  logic [IVcs*LinkWidth-1:0] buf_flit;
  logic [IVcs*PortWidth-1:0] route;

  for (genvar iv = 0; iv < IVcs; iv++) begin : g_ivc
    localparam int unsigned I = iv / Vcs, V = iv % Vcs;
    logic [CoordWidth-1:0]  dx, dy;
    logic [CreditWidth-1:0] unused_count;
    logic                   unused;
    assign unused = ^unused_count;
    assign buf_push[iv] = in_valid_i[I] && (Vcs == 1 || in_vc_i[I*VcWidth +: VcWidth] == VcWidth'(V));
    prim_fifo #(.Width(LinkWidth), .Depth(BufferDepth)) u_buffer (
      .clk_i,
      .rst_ni,
      .in_valid_i  (buf_push[iv]),
      .in_ready_o  (buf_in_ready[iv]),
      .in_data_i   (in_flit_i[I*LinkWidth +: LinkWidth]),
      .out_valid_o (buf_valid[iv]),
      .out_ready_i (buf_pop[iv]),
      .out_data_o  (buf_flit[iv*LinkWidth +: LinkWidth]),
      .count_o     (unused_count)
    );
    assign dx = buf_flit[iv*LinkWidth +: CoordWidth];
    assign dy = buf_flit[iv*LinkWidth + CoordWidth +: CoordWidth];
    always_comb begin
      if (dx > CoordWidth'(X))      route[iv*PortWidth +: PortWidth] = PEast;
      else if (dx < CoordWidth'(X)) route[iv*PortWidth +: PortWidth] = PWest;
      else if (dy > CoordWidth'(Y)) route[iv*PortWidth +: PortWidth] = PSouth;
      else if (dy < CoordWidth'(Y)) route[iv*PortWidth +: PortWidth] = PNorth;
      else                          route[iv*PortWidth +: PortWidth] = PLocal;
    end
    assign in_credit_o[iv] = buf_pop[iv];
    // Credits guarantee room: a flit that finds its VC buffer full is a protocol error.
    `ASSERT(no_overflow_a, buf_push[iv] |-> buf_in_ready[iv], clk_i, rst_ni)
  end

  // ---------------------------------------------------------------------------------------
  // State: which output VC each input VC holds; which output VCs are held; credits.
  logic [IVcs-1:0]             active_q;
  logic [IVcs*PortWidth-1:0]   out_port_q;
  logic [IVcs-1:0]             ovc_busy_q;   // index o * Vcs + w
  logic [IVcs*CreditWidth-1:0] credits_q;    // index o * Vcs + w

  // VC allocation: for each output VC, one of the waiting heads on that VC number.
  logic [IVcs-1:0]           va_gnt;           // input VC granted this cycle
  logic [Ports*IVcs-1:0]     va_gnt_all;       // per output, the input VCs it grants

  for (genvar o = 0; o < Ports; o++) begin : g_va
    for (genvar w = 0; w < Vcs; w++) begin : g_vc
      logic [Ports-1:0] want, gnt;
      logic [2:0]       idx;
      logic             valid;
      for (genvar i = 0; i < Ports; i++) begin : g_want
        localparam int unsigned IV = i * Vcs + w;
        assign want[i] = !ovc_busy_q[o*Vcs + w] && buf_valid[IV] && buf_flit[IV*LinkWidth + HeadBit] &&
                         !active_q[IV] && route[IV*PortWidth +: PortWidth] == PortWidth'(o);
        assign va_gnt_all[o*IVcs + IV] = gnt[i];
      end
      prim_rr_arbiter #(.NumReq(Ports)) u_va_arbiter (
        .clk_i,
        .rst_ni,
        .req_i       (want),
        .gnt_o       (gnt),
        .gnt_idx_o   (idx),
        .gnt_valid_o (valid),
        .gnt_ready_i (1'b1)
      );
      logic unused;
      assign unused = ^{idx, valid};
    end
  end

  // Each input VC wants one output, so at most one output grants it.
  always_comb begin
    va_gnt = '0;
    for (int unsigned o = 0; o < Ports; o++) va_gnt = va_gnt | va_gnt_all[o*IVcs +: IVcs];
  end

  // ---------------------------------------------------------------------------------------
  // Switch allocation.
  logic [IVcs-1:0]           eff_active;
  logic [IVcs*PortWidth-1:0] eff_port;
  logic [IVcs*VcWidth-1:0]   eff_vc;
  logic [IVcs-1:0]           ready;

  logic [Ports-1:0]           in_req;          // input port offers a flit
  logic [Ports*VcWidth-1:0]   in_sel;          // which of its VCs
  logic [Ports*PortWidth-1:0] in_target;       // to which output
  logic [Ports-1:0]           in_won;
  logic [Ports-1:0]           send;
  logic [Ports*PortWidth-1:0] send_from;       // the input port an output takes

  always_comb begin
    for (int unsigned iv = 0; iv < IVcs; iv++) begin
      eff_active[iv] = active_q[iv] || va_gnt[iv];
      eff_port[iv*PortWidth +: PortWidth] = active_q[iv] ? out_port_q[iv*PortWidth +: PortWidth]
                                                         : route[iv*PortWidth +: PortWidth];
      eff_vc[iv*VcWidth +: VcWidth] = VcWidth'(iv % Vcs);  // a packet keeps its VC number
      ready[iv] = buf_valid[iv] && eff_active[iv] &&
                  credits_q[(32'(eff_port[iv*PortWidth +: PortWidth])*Vcs + 32'(eff_vc[iv*VcWidth +: VcWidth]))*CreditWidth +: CreditWidth] != '0;
    end
  end

  for (genvar i = 0; i < Ports; i++) begin : g_sa_in
    logic [Vcs-1:0]     unused_gnt;
    logic [VcWidth-1:0] idx;
    logic               valid;
    if (Vcs == 1) begin : g_one
      assign idx = '0;
      assign valid = ready[i];
      assign unused_gnt = '0;
    end else begin : g_many
      prim_rr_arbiter #(.NumReq(Vcs)) u_in_arbiter (
        .clk_i,
        .rst_ni,
        .req_i       (ready[i*Vcs +: Vcs]),
        .gnt_o       (unused_gnt),
        .gnt_idx_o   (idx),
        .gnt_valid_o (valid),
        .gnt_ready_i (in_won[i])
      );
    end
    assign in_req[i] = valid;
    assign in_sel[i*VcWidth +: VcWidth] = idx;
    assign in_target[i*PortWidth +: PortWidth] = eff_port[(i*Vcs + 32'(idx))*PortWidth +: PortWidth];
    logic unused;
    assign unused = ^{unused_gnt, in_won[i]};
  end

  for (genvar o = 0; o < Ports; o++) begin : g_sa_out
    logic [Ports-1:0] want, unused_gnt;
    logic [2:0]       idx;
    logic             valid;
    for (genvar i = 0; i < Ports; i++) begin : g_want
      assign want[i] = in_req[i] && in_target[i*PortWidth +: PortWidth] == PortWidth'(o);
    end
    prim_rr_arbiter #(.NumReq(Ports)) u_out_arbiter (
      .clk_i,
      .rst_ni,
      .req_i       (want),
      .gnt_o       (unused_gnt),
      .gnt_idx_o   (idx),
      .gnt_valid_o (valid),
      .gnt_ready_i (1'b1)
    );
    assign send[o] = valid;
    assign send_from[o*PortWidth +: PortWidth] = idx;
    logic unused;
    assign unused = ^unused_gnt;
  end

  // The switch.
  logic [Ports*IvcWidth-1:0] send_ivc;
  always_comb begin
    in_won  = '0;
    buf_pop = '0;
    for (int unsigned o = 0; o < Ports; o++) begin
      send_ivc[o*IvcWidth +: IvcWidth] = IvcWidth'(32'(send_from[o*PortWidth +: PortWidth]) * Vcs +
                                                   32'(in_sel[send_from[o*PortWidth +: PortWidth]*VcWidth +: VcWidth]));
      out_valid_o[o] = send[o];
      out_flit_o[o*LinkWidth +: LinkWidth] = buf_flit[send_ivc[o*IvcWidth +: IvcWidth]*LinkWidth +: LinkWidth];
      out_vc_o[o*VcWidth +: VcWidth] = eff_vc[send_ivc[o*IvcWidth +: IvcWidth]*VcWidth +: VcWidth];
      if (send[o]) begin
        in_won[send_from[o*PortWidth +: PortWidth]] = 1'b1;
        buf_pop[send_ivc[o*IvcWidth +: IvcWidth]] = 1'b1;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      active_q   <= '0;
      out_port_q <= '0;
      ovc_busy_q <= '0;
      for (int unsigned ov = 0; ov < IVcs; ov++) credits_q[ov*CreditWidth +: CreditWidth] <= CreditWidth'(BufferDepth);
    end else begin
      // New allocations.
      for (int unsigned iv = 0; iv < IVcs; iv++) begin
        if (va_gnt[iv]) begin
          active_q[iv] <= 1'b1;
          out_port_q[iv*PortWidth +: PortWidth] <= route[iv*PortWidth +: PortWidth];
          ovc_busy_q[32'(route[iv*PortWidth +: PortWidth])*Vcs + iv % Vcs] <= 1'b1;
        end
      end
      // Tails release (after the allocations: a one-flit packet allocates and releases at once).
      for (int unsigned o = 0; o < Ports; o++) begin
        if (send[o] && out_flit_o[o*LinkWidth + TailBit]) begin
          active_q[send_ivc[o*IvcWidth +: IvcWidth]] <= 1'b0;
          ovc_busy_q[o*Vcs + 32'(out_vc_o[o*VcWidth +: VcWidth])] <= 1'b0;
        end
      end
      for (int unsigned o = 0; o < Ports; o++) begin
        for (int unsigned w = 0; w < Vcs; w++) begin
          credits_q[(o*Vcs + w)*CreditWidth +: CreditWidth] <= credits_q[(o*Vcs + w)*CreditWidth +: CreditWidth]
              - CreditWidth'(send[o] && out_vc_o[o*VcWidth +: VcWidth] == VcWidth'(w))
              + CreditWidth'(out_credit_i[o*Vcs + w]);
        end
      end
    end
  end

  for (genvar ov = 0; ov < IVcs; ov++) begin : g_checks
    `ASSERT(credit_bound_a, credits_q[ov*CreditWidth +: CreditWidth] <= CreditWidth'(BufferDepth), clk_i, rst_ni)
  end
  // A body flit always travels on an allocated VC. Checked a cycle late on registered
  // copies: an assertion on the wide flit bus itself makes Verilator 5.006 keep a sampled
  // copy of the whole bus, which its code splitting then miscompiles.
  logic [Ports-1:0] out_body, out_on_active, out_body_q, out_on_active_q;
  for (genvar o = 0; o < Ports; o++) begin : g_body_check
    assign out_body[o]      = send[o] && !out_flit_o[o*LinkWidth + HeadBit];
    assign out_on_active[o] = active_q[send_ivc[o*IvcWidth +: IvcWidth]];
    `ASSERT(body_has_vc_a, out_body_q[o] |-> out_on_active_q[o], clk_i, rst_ni)
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      out_body_q      <= '0;
      out_on_active_q <= '0;
    end else begin
      out_body_q      <= out_body;
      out_on_active_q <= out_on_active;
    end
  end

endmodule
