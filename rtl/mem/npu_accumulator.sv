// SPDX-License-Identifier: Apache-2.0
// npu_accumulator: the int32 accumulator, Banks banks of npu_acc_bank (read, write and
// accumulate with byte enables; hazards handled inside each bank). The bank is the high
// part of the row address, as in the scratchpad: software that keeps the DMA's rows and
// the array's rows in different banks (double buffering) never makes them wait for each
// other. Each bank returns reads a fixed ReadLatency after acceptance, so the responses
// of one port stay in request order across banks.
`include "npu_assert.svh"

module npu_accumulator #(
  parameter int unsigned Rows        = npu_pkg::AccumulatorRows,
  parameter int unsigned Lanes       = npu_pkg::ArrayCols,
  parameter int unsigned ReadLatency = npu_pkg::SramReadLatency,
  parameter int unsigned Banks       = 1,
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

  `ASSERT_INIT(banks_a, Banks >= 1 && (Banks & (Banks - 1)) == 0 && Rows / Banks >= 2)

  if (Banks == 1) begin : g_one_bank
    npu_acc_bank #(
      .Rows        (Rows),
      .Lanes       (Lanes),
      .ReadLatency (ReadLatency)
    ) u_bank (
      .clk_i,
      .rst_ni,
      .req_valid_i,
      .req_ready_o,
      .req_op_i,
      .req_addr_i,
      .req_wdata_i,
      .req_byte_en_i,
      .rsp_valid_o,
      .rsp_data_o
    );
  end else begin : g_banks
    localparam int unsigned BankRows  = Rows / Banks;
    localparam int unsigned BankWidth = $clog2(Banks);
    localparam int unsigned RowAddrW  = AddrWidth - BankWidth;

    logic [Banks*NumPorts-1:0]          bank_ready, bank_rsp_valid;
    logic [Banks*NumPorts*RowWidth-1:0] bank_rsp_data;
    logic [NumPorts*RowAddrW-1:0]       row_addr;


    for (genvar b = 0; b < Banks; b++) begin : g_bank
      logic [NumPorts-1:0] hit;
      for (genvar p = 0; p < NumPorts; p++) begin : g_hit
        assign hit[p] = req_addr_i[p*AddrWidth + RowAddrW +: BankWidth] == BankWidth'(b);
      end
      npu_acc_bank #(
        .Rows        (BankRows),
        .Lanes       (Lanes),
        .ReadLatency (ReadLatency)
      ) u_bank (
        .clk_i,
        .rst_ni,
        .req_valid_i   (req_valid_i & hit),
        .req_ready_o   (bank_ready[b*NumPorts +: NumPorts]),
        .req_op_i,
        .req_addr_i    (row_addr),
        .req_wdata_i,
        .req_byte_en_i,
        .rsp_valid_o   (bank_rsp_valid[b*NumPorts +: NumPorts]),
        .rsp_data_o    (bank_rsp_data[b*NumPorts*RowWidth +: NumPorts*RowWidth])
      );
    end

    // A port's request goes to one bank; its response comes from the bank it went to.
    always_comb begin
      req_ready_o = '0;
      rsp_valid_o = '0;
      rsp_data_o  = '0;
      for (int unsigned b = 0; b < Banks; b++) begin
        for (int unsigned p = 0; p < NumPorts; p++) begin
          if (req_addr_i[p*AddrWidth + RowAddrW +: BankWidth] == BankWidth'(b)) begin
            req_ready_o[p] = bank_ready[b*NumPorts + p];
          end
          if (bank_rsp_valid[b*NumPorts + p]) begin
            rsp_valid_o[p] = 1'b1;
            rsp_data_o[p*RowWidth +: RowWidth] = bank_rsp_data[(b*NumPorts + p)*RowWidth +: RowWidth];
          end
        end
      end
    end

    for (genvar p = 0; p < NumPorts; p++) begin : g_port
      logic [Banks-1:0] from_bank;
      assign row_addr[p*RowAddrW +: RowAddrW] = req_addr_i[p*AddrWidth +: RowAddrW];
      for (genvar b = 0; b < Banks; b++) begin : g_from
        assign from_bank[b] = bank_rsp_valid[b*NumPorts + p];
      end
      // Equal latencies in every bank: a port never gets two responses in one cycle.
      `ASSERT(one_response_per_port_a, $onehot0(from_bank), clk_i, rst_ni)
    end
  end

endmodule
