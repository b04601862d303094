// SPDX-License-Identifier: Apache-2.0
// npu_scratchpad: the int8 scratchpad. Banks x RowsPerBank rows of RowBytes bytes, one
// prim_sram per bank, two request ports (0: DMA, 1: compute). The bank is the high part
// of the row address, so software that double-buffers in different banks never collides.
// When both ports want one bank in a cycle a round-robin arbiter picks; the other port
// sees ready low and retries. Read data returns exactly ReadLatency cycles after a read
// is accepted, in order per port, with no back-pressure (the requester must take it).
`include "npu_assert.svh"

module npu_scratchpad #(
  parameter int unsigned Banks       = npu_pkg::ScratchpadBanks,
  parameter int unsigned RowsPerBank = npu_pkg::ScratchpadRowsPerBank,
  parameter int unsigned RowBytes    = npu_pkg::ScratchpadRowBytes,
  parameter int unsigned ReadLatency = npu_pkg::SramReadLatency,
  localparam int unsigned NumPorts   = 2,
  localparam int unsigned BankBits   = (Banks > 1) ? $clog2(Banks) : 0,
  localparam int unsigned RowBits    = $clog2(RowsPerBank),
  localparam int unsigned AddrWidth  = BankBits + RowBits,
  localparam int unsigned RowWidth   = RowBytes * 8
) (
  input  logic                           clk_i,
  input  logic                           rst_ni,
  // Requests, port p in slice p of each bus.
  input  logic [NumPorts-1:0]            req_valid_i,
  output logic [NumPorts-1:0]            req_ready_o,
  input  logic [NumPorts-1:0]            req_we_i,
  input  logic [NumPorts*AddrWidth-1:0]  req_addr_i,
  input  logic [NumPorts*RowWidth-1:0]   req_wdata_i,
  input  logic [NumPorts*RowBytes-1:0]   req_wmask_i,
  // Read responses.
  output logic [NumPorts-1:0]            rsp_valid_o,
  output logic [NumPorts*RowWidth-1:0]   rsp_data_o
);

  localparam int unsigned BankIdxWidth = (Banks > 1) ? BankBits : 1;

  logic [Banks*RowWidth-1:0]      bank_rdata;
  logic [Banks*NumPorts-1:0]      bank_grant;   // [b*NumPorts + p]
  logic [NumPorts*BankIdxWidth-1:0] port_bank;

  for (genvar p = 0; p < NumPorts; p++) begin : gen_port_bank
    if (Banks > 1) begin : gen_banked
      assign port_bank[p*BankIdxWidth +: BankIdxWidth] =
          req_addr_i[p*AddrWidth + RowBits +: BankBits];
    end else begin : gen_single
      assign port_bank[p*BankIdxWidth +: BankIdxWidth] = '0;
    end
  end

  for (genvar b = 0; b < Banks; b++) begin : gen_bank
    logic [NumPorts-1:0]              want;
    logic [NumPorts-1:0]              grant;
    logic [$clog2(NumPorts)-1:0]      grant_idx;
    logic                             grant_valid;

    for (genvar p = 0; p < NumPorts; p++) begin : gen_want
      assign want[p] = req_valid_i[p] &&
                       (port_bank[p*BankIdxWidth +: BankIdxWidth] == BankIdxWidth'(b));
    end

    // The SRAM takes one request per cycle, so every grant is taken at once.
    prim_rr_arbiter #(.NumReq(NumPorts)) u_arbiter (
      .clk_i,
      .rst_ni,
      .req_i       (want),
      .gnt_o       (grant),
      .gnt_idx_o   (grant_idx),
      .gnt_valid_o (grant_valid),
      .gnt_ready_i (1'b1)
    );
    assign bank_grant[b*NumPorts +: NumPorts] = grant;

    prim_sram #(
      .Width       (RowWidth),
      .Depth       (RowsPerBank),
      .ReadLatency (ReadLatency)
    ) u_sram (
      .clk_i,
      .rst_ni,
      .req_i   (grant_valid),
      .we_i    (req_we_i[grant_idx]),
      .addr_i  (req_addr_i[grant_idx*AddrWidth +: RowBits]),
      .wdata_i (req_wdata_i[grant_idx*RowWidth +: RowWidth]),
      .wmask_i (req_wmask_i[grant_idx*RowBytes +: RowBytes]),
      .rdata_o (bank_rdata[b*RowWidth +: RowWidth])
    );
  end

  for (genvar p = 0; p < NumPorts; p++) begin : gen_response
    logic [Banks-1:0] grants;  // which banks grant this port (one at most)
    logic granted;
    logic read_accepted;
    logic [BankIdxWidth-1:0] rsp_bank;
    logic rsp_valid;

    for (genvar b = 0; b < Banks; b++) begin : gen_collect
      assign grants[b] = bank_grant[b*NumPorts + p];
    end
    assign granted = |grants;
    assign req_ready_o[p] = granted;
    `ASSERT(one_bank_grants_a, $onehot0(grants), clk_i, rst_ni)
    assign read_accepted  = granted && !req_we_i[p];

    // Remember which bank answers, ReadLatency cycles on.
    prim_delay #(.Width(1), .Depth(ReadLatency), .ResetZero(1'b1)) u_valid_pipe (
      .clk_i,
      .rst_ni,
      .in_i  (read_accepted),
      .out_o (rsp_valid)
    );
    prim_delay #(.Width(BankIdxWidth), .Depth(ReadLatency)) u_bank_pipe (
      .clk_i,
      .rst_ni,
      .in_i  (port_bank[p*BankIdxWidth +: BankIdxWidth]),
      .out_o (rsp_bank)
    );
    assign rsp_valid_o[p] = rsp_valid;
    assign rsp_data_o[p*RowWidth +: RowWidth] = bank_rdata[rsp_bank*RowWidth +: RowWidth];
  end

  `ASSERT_INIT(banks_pow2_a, Banks >= 1 && (Banks & (Banks - 1)) == 0)
  `ASSERT_INIT(rows_pow2_a, RowsPerBank >= 2 && (RowsPerBank & (RowsPerBank - 1)) == 0)
  `ASSERT(ready_only_when_valid_a, (req_ready_o & ~req_valid_i) == '0, clk_i, rst_ni)

endmodule
