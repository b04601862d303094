// SPDX-License-Identifier: Apache-2.0
// npu_ni_mem: the network interface of a memory node. Read requests (AR flits, the read
// VC) and writes (an AW flit and its W flits, one packet on the write VC, never
// interleaved with another write) leave the network into two buffers and become an AXI4
// master's transactions towards DRAM, reads and writes independent of each other. The
// source's coordinates ride in the high bits of the AXI ID, so the R beats and B
// responses find their way back as flits on the response VC. R and B take turns.
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
  // Ejection from the read and the write VC, with a credit back per flit taken.
  input  logic                    ej_valid_i,
  input  logic                    ej_write_i,     // the flit came on the write VC
  input  logic [LinkWidth-1:0]    ej_flit_i,
  output logic                    ej_credit_rd_o,
  output logic                    ej_credit_wr_o,
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
  // Requests: reads and writes wait in their own buffers.
  logic                 rd_valid, rd_pop, rd_room, wr_valid, wr_pop, wr_room;
  logic [LinkWidth-1:0] rd_flit, wr_flit;
  logic [CreditW-1:0]   unused_rd_count, unused_wr_count;
  prim_fifo #(.Width(LinkWidth), .Depth(BufferDepth)) u_reads (
    .clk_i,
    .rst_ni,
    .in_valid_i  (ej_valid_i && !ej_write_i),
    .in_ready_o  (rd_room),
    .in_data_i   (ej_flit_i),
    .out_valid_o (rd_valid),
    .out_ready_i (rd_pop),
    .out_data_o  (rd_flit),
    .count_o     (unused_rd_count)
  );
  prim_fifo #(.Width(LinkWidth), .Depth(BufferDepth)) u_writes (
    .clk_i,
    .rst_ni,
    .in_valid_i  (ej_valid_i && ej_write_i),
    .in_ready_o  (wr_room),
    .in_data_i   (ej_flit_i),
    .out_valid_o (wr_valid),
    .out_ready_i (wr_pop),
    .out_data_o  (wr_flit),
    .count_o     (unused_wr_count)
  );
  logic [KindW-1:0] wr_kind;
  assign wr_kind = wr_flit[KindLsb +: KindW];

  assign ar_valid_o = rd_valid;
  assign aw_valid_o = wr_valid && wr_kind == npu_pkg::NocKindAw;
  assign w_valid_o  = wr_valid && wr_kind == npu_pkg::NocKindW;
  assign {ar_burst_o, ar_size_o, ar_len_o, ar_addr_o} = rd_flit[BodyLsb +: AddrWidth + 13];
  assign {aw_burst_o, aw_size_o, aw_len_o, aw_addr_o} = wr_flit[BodyLsb +: AddrWidth + 13];
  assign ar_id_o    = {rd_flit[SrcLsb +: DestW], rd_flit[IdLsb +: IdWidth]};
  assign aw_id_o    = {wr_flit[SrcLsb +: DestW], wr_flit[IdLsb +: IdWidth]};
  assign {w_strb_o, w_data_o} = wr_flit[BodyLsb +: DataWidth + Bytes];
  assign w_last_o   = wr_flit[LastLsb];
  assign rd_pop     = ar_valid_o && ar_ready_i;
  assign wr_pop     = (aw_valid_o && aw_ready_i) || (w_valid_o && w_ready_i);
  assign ej_credit_rd_o = rd_pop;
  assign ej_credit_wr_o = wr_pop;

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
  assign unused = ^{unused_rd_count, unused_wr_count, rd_flit};  // an AR uses a few fields
  `ASSERT(ej_room_a, ej_valid_i |-> (ej_write_i ? wr_room : rd_room), clk_i, rst_ni)

endmodule
