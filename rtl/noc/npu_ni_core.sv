// SPDX-License-Identifier: Apache-2.0
// npu_ni_core: the network interface beside a core. It is an AXI4 slave to the core's
// master port and turns every address and every write beat into one flit, addressed to
// the memory node that owns the address (the memory ports interleave every
// 2^InterleaveLog2 bytes): an AR is a one-flit packet on the read VC; an AW and its W
// beats are one packet on the write VC (wormhole switching keeps it whole, so writes of
// different cores never interleave at a memory port). Flits from the response VC become
// R beats and B responses.
//   Ordering: AXI4 wants the responses of one ID in issue order. Packets of one source
//   and destination stay in order (a fixed VC and XY routing), but two memory nodes may
//   answer in either order, so a burst waits while earlier bursts of its ID are still
//   outstanding at another node (per ID and direction: a count and the node).
`include "npu_assert.svh"

module npu_ni_core #(
  parameter int unsigned MeshX         = 2,
  parameter int unsigned CoordWidth    = 1,
  parameter int unsigned FlitWidth     = 128,  // payload bits
  parameter int unsigned BufferDepth   = 4,    // flits per VC buffer (credits)
  parameter int unsigned AddrWidth     = 32,
  parameter int unsigned DataWidth     = 64,
  parameter int unsigned IdWidth       = 4,
  parameter int unsigned MemNodes      = 1,    // a power of two
  parameter logic [63:0] MemNodeList   = '0,   // node index of memory port k in bits [8k +: 8]
  parameter int unsigned InterleaveLog2 = 12,  // >= 12: a burst never crosses a port
  parameter int unsigned MaxOutstanding = 15,  // bursts per ID and direction
  parameter int unsigned X = 0,
  parameter int unsigned Y = 0,
  localparam int unsigned LinkWidth = FlitWidth + 2,
  localparam int unsigned Bytes     = DataWidth / 8
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  // AXI4 slave (the core's master port).
  input  logic                 ar_valid_i,
  output logic                 ar_ready_o,
  input  logic [AddrWidth-1:0] ar_addr_i,
  input  logic [IdWidth-1:0]   ar_id_i,
  input  logic [7:0]           ar_len_i,
  input  logic [2:0]           ar_size_i,
  input  logic [1:0]           ar_burst_i,
  output logic                 r_valid_o,
  input  logic                 r_ready_i,
  output logic [IdWidth-1:0]   r_id_o,
  output logic [DataWidth-1:0] r_data_o,
  output logic [1:0]           r_resp_o,
  output logic                 r_last_o,
  input  logic                 aw_valid_i,
  output logic                 aw_ready_o,
  input  logic [AddrWidth-1:0] aw_addr_i,
  input  logic [IdWidth-1:0]   aw_id_i,
  input  logic [7:0]           aw_len_i,
  input  logic [2:0]           aw_size_i,
  input  logic [1:0]           aw_burst_i,
  input  logic                 w_valid_i,
  output logic                 w_ready_o,
  input  logic [DataWidth-1:0] w_data_i,
  input  logic [Bytes-1:0]     w_strb_i,
  input  logic                 w_last_i,
  output logic                 b_valid_o,
  input  logic                 b_ready_i,
  output logic [IdWidth-1:0]   b_id_o,
  output logic [1:0]           b_resp_o,
  // Injection on the read or the write VC: a flit is offered while its VC holds a credit;
  // the node's port takes it when grant is high (in the same cycle).
  output logic                 inj_valid_o,
  output logic [LinkWidth-1:0] inj_flit_o,
  output logic                 inj_write_o,    // on the write VC (else the read VC)
  input  logic                 inj_grant_i,
  input  logic                 inj_credit_rd_i,
  input  logic                 inj_credit_wr_i,
  // Ejection from the response VC, with a credit back per flit taken.
  input  logic                 ej_valid_i,
  input  logic [LinkWidth-1:0] ej_flit_i,
  output logic                 ej_credit_o
);

  localparam int unsigned KindW   = npu_pkg::NocKindWidth;
  localparam int unsigned SrcLsb  = 2 * CoordWidth;
  localparam int unsigned KindLsb = 4 * CoordWidth;
  localparam int unsigned IdLsb   = KindLsb + KindW;
  localparam int unsigned LastLsb = IdLsb + IdWidth;
  localparam int unsigned RespLsb = LastLsb + 1;
  localparam int unsigned BodyLsb = RespLsb + 2;
  localparam int unsigned Ids     = 1 << IdWidth;
  localparam int unsigned SelW    = (MemNodes > 1) ? $clog2(MemNodes) : 1;
  localparam int unsigned CntW    = $clog2(MaxOutstanding + 1);
  localparam int unsigned CreditW = $clog2(BufferDepth + 1);
  localparam int unsigned DestW   = 2 * CoordWidth;

  `ASSERT_INIT(flit_fits_a, BodyLsb + ((AddrWidth + 13 > DataWidth + Bytes) ? AddrWidth + 13 : DataWidth + Bytes) <= FlitWidth)
  `ASSERT_INIT(mem_nodes_pow2_a, MemNodes >= 1 && (MemNodes & (MemNodes - 1)) == 0)
  `ASSERT_INIT(interleave_a, InterleaveLog2 >= 12)

  // ---------------------------------------------------------------------------------------
  // Which memory node owns an address: {y, x} of MemNodeList[(addr >> InterleaveLog2) % MemNodes].
  logic [DestW-1:0] ar_dest, aw_dest;
  logic [MemNodes*DestW-1:0] mem_coords;
  for (genvar k = 0; k < MemNodes; k++) begin : g_mem
    localparam int unsigned N = 32'(MemNodeList[k*8 +: 8]);
    assign mem_coords[k*DestW +: DestW] = {CoordWidth'(N / MeshX), CoordWidth'(N % MeshX)};
  end
  if (MemNodes > 1) begin : g_sel
    assign ar_dest = mem_coords[32'(ar_addr_i[InterleaveLog2 +: SelW])*DestW +: DestW];
    assign aw_dest = mem_coords[32'(aw_addr_i[InterleaveLog2 +: SelW])*DestW +: DestW];
  end else begin : g_one
    assign ar_dest = mem_coords[DestW-1:0];
    assign aw_dest = mem_coords[DestW-1:0];
  end

  // ---------------------------------------------------------------------------------------
  // Outstanding bursts per ID: reads until their last R beat, writes until their B.
  logic [Ids*CntW-1:0]  rd_cnt_q, wr_cnt_q;
  logic [Ids*DestW-1:0] rd_dest_q, wr_dest_q;
  logic                 ar_allowed, aw_allowed;
  assign ar_allowed = rd_cnt_q[32'(ar_id_i)*CntW +: CntW] == '0 ||
                      (rd_dest_q[32'(ar_id_i)*DestW +: DestW] == ar_dest &&
                       rd_cnt_q[32'(ar_id_i)*CntW +: CntW] != CntW'(MaxOutstanding));
  assign aw_allowed = wr_cnt_q[32'(aw_id_i)*CntW +: CntW] == '0 ||
                      (wr_dest_q[32'(aw_id_i)*DestW +: DestW] == aw_dest &&
                       wr_cnt_q[32'(aw_id_i)*CntW +: CntW] != CntW'(MaxOutstanding));

  // ---------------------------------------------------------------------------------------
  // Request injection: the read and the write stream take turns, each on its own VC.
  logic [CreditW-1:0] credits_rd_q, credits_wr_q;
  logic               in_write_q;     // an AW went out; its W beats follow
  logic [DestW-1:0]   w_dest_q;
  logic               prefer_write_q;
  logic               want_ar, want_w, pick_w, send;
  logic [FlitWidth-1:0] payload;

  assign want_ar = ar_valid_i && ar_allowed && credits_rd_q != '0;
  assign want_w  = (in_write_q ? w_valid_i : (aw_valid_i && aw_allowed)) && credits_wr_q != '0;
  assign pick_w  = want_w && (!want_ar || prefer_write_q);
  assign inj_valid_o = want_ar || want_w;
  assign inj_write_o = pick_w;
  assign send = inj_valid_o && inj_grant_i;

  assign ar_ready_o = send && !pick_w;
  assign aw_ready_o = send && pick_w && !in_write_q;
  assign w_ready_o  = send && pick_w && in_write_q;

  always_comb begin
    payload = '0;
    if (!pick_w) begin
      payload[0 +: DestW]           = ar_dest;
      payload[KindLsb +: KindW]     = npu_pkg::NocKindAr;
      payload[IdLsb +: IdWidth]     = ar_id_i;
      payload[BodyLsb +: AddrWidth + 13] = {ar_burst_i, ar_size_i, ar_len_i, ar_addr_i};
    end else if (!in_write_q) begin
      payload[0 +: DestW]           = aw_dest;
      payload[KindLsb +: KindW]     = npu_pkg::NocKindAw;
      payload[IdLsb +: IdWidth]     = aw_id_i;
      payload[BodyLsb +: AddrWidth + 13] = {aw_burst_i, aw_size_i, aw_len_i, aw_addr_i};
    end else begin
      payload[0 +: DestW]           = w_dest_q;
      payload[KindLsb +: KindW]     = npu_pkg::NocKindW;
      payload[LastLsb]              = w_last_i;
      payload[BodyLsb +: DataWidth + Bytes] = {w_strb_i, w_data_i};
    end
    payload[SrcLsb +: DestW] = {CoordWidth'(Y), CoordWidth'(X)};
  end
  // {head, tail}: an AR is a whole packet; a write starts with its AW, ends with WLAST.
  assign inj_flit_o = {!(pick_w && in_write_q), !pick_w || (in_write_q && w_last_i), payload};

  // ---------------------------------------------------------------------------------------
  // Response ejection.
  logic                 resp_valid, resp_pop, resp_room;
  logic [LinkWidth-1:0] resp_flit;
  logic [CreditW-1:0]   unused_count;
  prim_fifo #(.Width(LinkWidth), .Depth(BufferDepth)) u_responses (
    .clk_i,
    .rst_ni,
    .in_valid_i  (ej_valid_i),
    .in_ready_o  (resp_room),
    .in_data_i   (ej_flit_i),
    .out_valid_o (resp_valid),
    .out_ready_i (resp_pop),
    .out_data_o  (resp_flit),
    .count_o     (unused_count)
  );
  logic [KindW-1:0] resp_kind;
  assign resp_kind = resp_flit[KindLsb +: KindW];
  assign r_valid_o = resp_valid && resp_kind == npu_pkg::NocKindR;
  assign b_valid_o = resp_valid && resp_kind == npu_pkg::NocKindB;
  assign r_id_o    = resp_flit[IdLsb +: IdWidth];
  assign b_id_o    = resp_flit[IdLsb +: IdWidth];
  assign r_resp_o  = resp_flit[RespLsb +: 2];
  assign b_resp_o  = resp_flit[RespLsb +: 2];
  assign r_last_o  = resp_flit[LastLsb];
  assign r_data_o  = resp_flit[BodyLsb +: DataWidth];
  assign resp_pop  = (r_valid_o && r_ready_i) || (b_valid_o && b_ready_i);
  assign ej_credit_o = resp_pop;

  logic unused;
  assign unused = ^unused_count;

  logic r_done, b_done;
  assign r_done = r_valid_o && r_ready_i && r_last_o;
  assign b_done = b_valid_o && b_ready_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      credits_rd_q   <= CreditW'(BufferDepth);
      credits_wr_q   <= CreditW'(BufferDepth);
      in_write_q     <= 1'b0;
      w_dest_q       <= '0;
      prefer_write_q <= 1'b0;
      rd_cnt_q       <= '0;
      wr_cnt_q       <= '0;
      rd_dest_q      <= '0;
      wr_dest_q      <= '0;
    end else begin
      credits_rd_q <= credits_rd_q - CreditW'(send && !pick_w) + CreditW'(inj_credit_rd_i);
      credits_wr_q <= credits_wr_q - CreditW'(send && pick_w) + CreditW'(inj_credit_wr_i);
      if (send) prefer_write_q <= !pick_w;
      if (aw_ready_o) begin
        in_write_q <= 1'b1;
        w_dest_q   <= aw_dest;
      end
      if (w_ready_o && w_last_i) in_write_q <= 1'b0;
      // Outstanding counts (an issue and a completion of one ID may meet in a cycle).
      for (int unsigned i = 0; i < Ids; i++) begin
        rd_cnt_q[i*CntW +: CntW] <= rd_cnt_q[i*CntW +: CntW]
            + CntW'(ar_ready_o && ar_id_i == IdWidth'(i)) - CntW'(r_done && r_id_o == IdWidth'(i));
        wr_cnt_q[i*CntW +: CntW] <= wr_cnt_q[i*CntW +: CntW]
            + CntW'(aw_ready_o && aw_id_i == IdWidth'(i)) - CntW'(b_done && b_id_o == IdWidth'(i));
      end
      if (ar_ready_o) rd_dest_q[32'(ar_id_i)*DestW +: DestW] <= ar_dest;
      if (aw_ready_o) wr_dest_q[32'(aw_id_i)*DestW +: DestW] <= aw_dest;
    end
  end

  // The response VC's credits guarantee room; an unexpected response is a protocol error.
  `ASSERT(ej_room_a, ej_valid_i |-> resp_room, clk_i, rst_ni)
  `ASSERT(r_expected_a, r_valid_o |-> rd_cnt_q[32'(r_id_o)*CntW +: CntW] != '0, clk_i, rst_ni)
  `ASSERT(b_expected_a, b_valid_o |-> wr_cnt_q[32'(b_id_o)*CntW +: CntW] != '0, clk_i, rst_ni)

endmodule
