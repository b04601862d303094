// SPDX-License-Identifier: Apache-2.0
// npu_acc_bank: one bank of the int32 accumulator SRAM. Rows of Lanes x int32 on a simple
// dual-port RAM, two request ports (0: DMA / vector unit, 1: compute array) sharing it
// through a round-robin arbiter. Operations: read, write (overwrite) and accumulate
// (add to the stored row, wrapping modulo 2^32), each with byte enables (the compute side
// enables whole lanes; the DMA writes any bytes).
// Every request passes one in-order pipeline ReadLatency deep: the old row is read when
// the request is accepted and the new row written when it leaves, so an accumulate per
// cycle needs no stall. A request to a row that an earlier write or accumulate is still
// updating waits until that update is written (no stale read, no lost update).
`include "npu_assert.svh"

module npu_acc_bank #(
  parameter int unsigned Rows        = npu_pkg::AccumulatorRows,
  parameter int unsigned Lanes       = npu_pkg::ArrayCols,
  parameter int unsigned ReadLatency = npu_pkg::SramReadLatency,
  localparam int unsigned NumPorts   = 2,
  localparam int unsigned AddrWidth  = $clog2(Rows),
  localparam int unsigned RowWidth   = Lanes * npu_pkg::AccWidth
) (
  input  logic                          clk_i,
  input  logic                          rst_ni,
  // Requests, port p in slice p of each bus. op: npu_pkg::AccOp*.
  input  logic [NumPorts-1:0]           req_valid_i,
  output logic [NumPorts-1:0]           req_ready_o,
  input  logic [NumPorts*2-1:0]         req_op_i,
  input  logic [NumPorts*AddrWidth-1:0] req_addr_i,
  input  logic [NumPorts*RowWidth-1:0]  req_wdata_i,
  input  logic [NumPorts*Lanes*4-1:0]   req_byte_en_i,
  // Read responses, ReadLatency cycles after acceptance, no back-pressure.
  output logic [NumPorts-1:0]           rsp_valid_o,
  output logic [NumPorts*RowWidth-1:0]  rsp_data_o
);

  localparam int unsigned AccW  = npu_pkg::AccWidth;
  localparam int unsigned Bytes = RowWidth / 8;
  // One pipeline entry (besides its valid bit): {port, op, address, data, byte enables}.
  localparam int unsigned EnableLsb  = 0;
  localparam int unsigned DataLsb    = EnableLsb + Bytes;
  localparam int unsigned AddrLsb    = DataLsb + RowWidth;
  localparam int unsigned OpLsb      = AddrLsb + AddrWidth;
  localparam int unsigned PortLsb    = OpLsb + 2;
  localparam int unsigned EntryWidth = PortLsb + 1;

  // Arbitration between the ports, after the hazard check.
  logic [NumPorts-1:0] blocked;
  logic [NumPorts-1:0] want;
  logic [NumPorts-1:0] grant;
  logic                grant_idx;
  logic                grant_valid;

  // The pipeline: stage 0 newest, stage ReadLatency-1 oldest. Valid bits reset; the
  // payload does not (the valid bit qualifies it).
  logic [EntryWidth-1:0]             entry_in;
  logic [ReadLatency-1:0]            valid_q, valid_d;
  logic [ReadLatency*EntryWidth-1:0] entry_q, entry_d;
  logic [EntryWidth-1:0]             entry_out;

  logic                  out_valid;
  logic                  out_port;
  logic [1:0]            out_op;
  logic [AddrWidth-1:0]  out_addr;
  logic [RowWidth-1:0]   out_wdata;
  logic [Bytes-1:0]      out_byte_en;
  logic [RowWidth-1:0]   old_row;
  logic [RowWidth-1:0]   new_row;
  logic [Bytes-1:0]      write_mask;
  logic                  write_en;

  // A port is blocked while its row has a write or accumulate in flight.
  always_comb begin
    blocked = '0;
    for (int unsigned p = 0; p < NumPorts; p++) begin
      for (int unsigned s = 0; s < ReadLatency; s++) begin
        if (valid_q[s] &&
            entry_q[s*EntryWidth + OpLsb +: 2] != npu_pkg::AccOpRead &&
            entry_q[s*EntryWidth + AddrLsb +: AddrWidth] ==
                req_addr_i[p*AddrWidth +: AddrWidth]) begin
          blocked[p] = 1'b1;
        end
      end
    end
  end
  assign want = req_valid_i & ~blocked;

  prim_rr_arbiter #(.NumReq(NumPorts)) u_arbiter (
    .clk_i,
    .rst_ni,
    .req_i       (want),
    .gnt_o       (grant),
    .gnt_idx_o   (grant_idx),
    .gnt_valid_o (grant_valid),
    .gnt_ready_i (1'b1)
  );
  assign req_ready_o = grant;

  assign entry_in = {grant_idx, req_op_i[grant_idx*2 +: 2],
                     req_addr_i[grant_idx*AddrWidth +: AddrWidth],
                     req_wdata_i[grant_idx*RowWidth +: RowWidth],
                     req_byte_en_i[grant_idx*Bytes +: Bytes]};

  if (ReadLatency == 1) begin : gen_one_stage
    assign valid_d = grant_valid;
    assign entry_d = entry_in;
  end else begin : gen_stages
    assign valid_d = {valid_q[ReadLatency-2:0], grant_valid};
    assign entry_d = {entry_q[(ReadLatency-1)*EntryWidth-1:0], entry_in};
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) valid_q <= '0;
    else valid_q <= valid_d;
  end
  always_ff @(posedge clk_i) begin
    entry_q <= entry_d;
  end
  assign out_valid = valid_q[ReadLatency-1];
  assign entry_out = entry_q[(ReadLatency-1)*EntryWidth +: EntryWidth];
  assign {out_port, out_op, out_addr, out_wdata, out_byte_en} = entry_out;

  // Read the old row as the request enters; write the new row as it leaves.
  prim_sram_2p #(
    .Width       (RowWidth),
    .Depth       (Rows),
    .ReadLatency (ReadLatency)
  ) u_sram (
    .clk_i,
    .rst_ni,
    .re_i    (grant_valid),
    .raddr_i (req_addr_i[grant_idx*AddrWidth +: AddrWidth]),
    .rdata_o (old_row),
    .we_i    (write_en),
    .waddr_i (out_addr),
    .wdata_i (new_row),
    .wmask_i (write_mask)
  );

  always_comb begin
    for (int unsigned l = 0; l < Lanes; l++) begin
      new_row[l*AccW +: AccW] = (out_op == npu_pkg::AccOpAccumulate)
          ? old_row[l*AccW +: AccW] + out_wdata[l*AccW +: AccW]
          : out_wdata[l*AccW +: AccW];
    end
  end
  assign write_mask = out_byte_en;
  assign write_en   = out_valid && out_op != npu_pkg::AccOpRead;

  for (genvar p = 0; p < NumPorts; p++) begin : gen_response
    assign rsp_valid_o[p] = out_valid && out_op == npu_pkg::AccOpRead && out_port == 1'(p);
    assign rsp_data_o[p*RowWidth +: RowWidth] = old_row;
  end

  `ASSERT_INIT(rows_pow2_a, Rows >= 2 && (Rows & (Rows - 1)) == 0)
  `ASSERT_INIT(two_ports_a, NumPorts == 2)
  `ASSERT_INIT(lane_bytes_a, AccW == 32)
  `ASSERT(op_legal_a, (grant_valid && req_op_i[grant_idx*2 +: 2] == 2'd3) == 1'b0, clk_i, rst_ni)

endmodule
