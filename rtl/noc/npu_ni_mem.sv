// SPDX-License-Identifier: Apache-2.0
// npu_ni_mem: the network interface of a memory node. Request flits (AR, AW, W) leave the
// network in arrival order and become an AXI4 master's transactions towards DRAM; the
// source's coordinates ride in the high bits of the AXI ID, so the R beats and B
// responses find their way back as flits on the response VC. R and B take turns.
// Each write's W beats follow its AW (the core's interface sends them so), and a flit
// that its channel cannot take yet waits at the head: only requests wait behind it.
`include "npu_assert.svh"

module npu_ni_mem #(
  parameter int unsigned CoordWidth  = 1,
  parameter int unsigned FlitWidth   = 128,
  parameter int unsigned BufferDepth = 4,
  parameter int unsigned AddrWidth   = 32,
  parameter int unsigned DataWidth   = 64,
  parameter int unsigned IdWidth     = 4,    // the cores' ID width
  parameter int unsigned X = 0,
  parameter int unsigned Y = 0,
  localparam int unsigned LinkWidth  = FlitWidth + 2,
  localparam int unsigned Bytes      = DataWidth / 8,
  localparam int unsigned MemIdWidth = IdWidth + 2 * CoordWidth
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  // Ejection from the request VC, with a credit back per flit taken.
  input  logic                    ej_valid_i,
  input  logic [LinkWidth-1:0]    ej_flit_i,
  output logic                    ej_credit_o,
  // Injection on the response VC (see npu_ni_core).
  output logic                    inj_valid_o,
  output logic [LinkWidth-1:0]    inj_flit_o,
  input  logic                    inj_grant_i,
  input  logic                    inj_credit_i,
  // AXI4 master towards DRAM.
  output logic                    ar_valid_o,
  input  logic                    ar_ready_i,
  output logic [AddrWidth-1:0]    ar_addr_o,
  output logic [MemIdWidth-1:0]   ar_id_o,
  output logic [7:0]              ar_len_o,
  output logic [2:0]              ar_size_o,
  output logic [1:0]              ar_burst_o,
  input  logic                    r_valid_i,
  output logic                    r_ready_o,
  input  logic [MemIdWidth-1:0]   r_id_i,
  input  logic [DataWidth-1:0]    r_data_i,
  input  logic [1:0]              r_resp_i,
  input  logic                    r_last_i,
  output logic                    aw_valid_o,
  input  logic                    aw_ready_i,
  output logic [AddrWidth-1:0]    aw_addr_o,
  output logic [MemIdWidth-1:0]   aw_id_o,
  output logic [7:0]              aw_len_o,
  output logic [2:0]              aw_size_o,
  output logic [1:0]              aw_burst_o,
  output logic                    w_valid_o,
  input  logic                    w_ready_i,
  output logic [DataWidth-1:0]    w_data_o,
  output logic [Bytes-1:0]        w_strb_o,
  output logic                    w_last_o,
  input  logic                    b_valid_i,
  output logic                    b_ready_o,
  input  logic [MemIdWidth-1:0]   b_id_i,
  input  logic [1:0]              b_resp_i
);

  localparam int unsigned KindW   = npu_pkg::NocKindWidth;
  localparam int unsigned DestW   = 2 * CoordWidth;
  localparam int unsigned SrcLsb  = DestW;
  localparam int unsigned KindLsb = 2 * DestW;
  localparam int unsigned IdLsb   = KindLsb + KindW;
  localparam int unsigned LastLsb = IdLsb + IdWidth;
  localparam int unsigned RespLsb = LastLsb + 1;
  localparam int unsigned BodyLsb = RespLsb + 2;
  localparam int unsigned CreditW = $clog2(BufferDepth + 1);

  `ASSERT_INIT(flit_fits_a, BodyLsb + ((AddrWidth + 13 > DataWidth + Bytes) ? AddrWidth + 13 : DataWidth + Bytes) <= FlitWidth)

  // ---------------------------------------------------------------------------------------
  // Requests: the head flit goes to its channel.
  logic                 req_valid, req_pop, req_room;
  logic [LinkWidth-1:0] req_flit;
  logic [CreditW-1:0]   unused_count;
  prim_fifo #(.Width(LinkWidth), .Depth(BufferDepth)) u_requests (
    .clk_i,
    .rst_ni,
    .in_valid_i  (ej_valid_i),
    .in_ready_o  (req_room),
    .in_data_i   (ej_flit_i),
    .out_valid_o (req_valid),
    .out_ready_i (req_pop),
    .out_data_o  (req_flit),
    .count_o     (unused_count)
  );
  logic [KindW-1:0]      req_kind;
  logic [MemIdWidth-1:0] req_id;
  assign req_kind = req_flit[KindLsb +: KindW];
  assign req_id   = {req_flit[SrcLsb +: DestW], req_flit[IdLsb +: IdWidth]};

  assign ar_valid_o = req_valid && req_kind == npu_pkg::NocKindAr;
  assign aw_valid_o = req_valid && req_kind == npu_pkg::NocKindAw;
  assign w_valid_o  = req_valid && req_kind == npu_pkg::NocKindW;
  assign {ar_burst_o, ar_size_o, ar_len_o, ar_addr_o} = req_flit[BodyLsb +: AddrWidth + 13];
  assign {aw_burst_o, aw_size_o, aw_len_o, aw_addr_o} = req_flit[BodyLsb +: AddrWidth + 13];
  assign ar_id_o    = req_id;
  assign aw_id_o    = req_id;
  assign {w_strb_o, w_data_o} = req_flit[BodyLsb +: DataWidth + Bytes];
  assign w_last_o   = req_flit[LastLsb];
  assign req_pop    = (ar_valid_o && ar_ready_i) || (aw_valid_o && aw_ready_i) || (w_valid_o && w_ready_i);
  assign ej_credit_o = req_pop;

  // ---------------------------------------------------------------------------------------
  // Responses: R beats and B responses, one flit each, back to the ID's source.
  logic [CreditW-1:0]   credits_q;
  logic                 prefer_b_q, pick_b, send;
  logic [FlitWidth-1:0] payload;
  assign pick_b      = b_valid_i && (!r_valid_i || prefer_b_q);
  assign inj_valid_o = (r_valid_i || b_valid_i) && credits_q != '0;
  assign send        = inj_valid_o && inj_grant_i;
  assign r_ready_o   = send && !pick_b;
  assign b_ready_o   = send && pick_b;

  always_comb begin
    payload = '0;
    if (pick_b) begin
      payload[0 +: DestW]       = b_id_i[IdWidth +: DestW];
      payload[KindLsb +: KindW] = npu_pkg::NocKindB;
      payload[IdLsb +: IdWidth] = b_id_i[IdWidth-1:0];
      payload[RespLsb +: 2]     = b_resp_i;
    end else begin
      payload[0 +: DestW]       = r_id_i[IdWidth +: DestW];
      payload[KindLsb +: KindW] = npu_pkg::NocKindR;
      payload[IdLsb +: IdWidth] = r_id_i[IdWidth-1:0];
      payload[RespLsb +: 2]     = r_resp_i;
      payload[LastLsb]          = r_last_i;
      payload[BodyLsb +: DataWidth] = r_data_i;
    end
    payload[SrcLsb +: DestW] = {CoordWidth'(Y), CoordWidth'(X)};
  end
  assign inj_flit_o = {1'b1, 1'b1, payload};

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      credits_q  <= CreditW'(BufferDepth);
      prefer_b_q <= 1'b0;
    end else begin
      credits_q <= credits_q - CreditW'(send) + CreditW'(inj_credit_i);
      if (send) prefer_b_q <= !pick_b;
    end
  end

  logic unused;
  assign unused = ^unused_count;
  `ASSERT(ej_room_a, ej_valid_i |-> req_room, clk_i, rst_ni)
  `ASSERT(req_kind_a, req_valid |-> (ar_valid_o || aw_valid_o || w_valid_o), clk_i, rst_ni)

endmodule
