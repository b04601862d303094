// SPDX-License-Identifier: Apache-2.0
// npu_matmul_engine: runs MATMUL instructions on the compute tile.
//   issue:  reads the k weight rows (bottom row first) and then the m activation rows from
//           the scratchpad, one row per cycle, and gives the tile PRELOAD(k, n), STREAM(m);
//   return: scratchpad rows come back in order into a FIFO (credits keep it from
//           overflowing) and go to the tile's weight or activation port;
//   write:  the tile's result rows are written or accumulated into the accumulator, lanes
//           below n only.
// The next MATMUL's reads start as soon as the previous one's are issued, so its PRELOAD
// overlaps the previous STREAM in the tile. Depth sets how far the engine runs ahead:
// MATMULs in flight (write jobs), their tile commands (2 each, at least 2) and the rows
// read beyond the read latency; 4 keeps back-to-back MATMULs at m + k cycles each, 1 (a
// small FPGA's flip-flops) runs one MATMUL at a time: its PRELOAD waits for the write job
// before it, so the PEs' second weight buffer would never be used and is not built
// (npu_pe, WeightBuffers 1). done_o pulses once per instruction, in order, when its last
// result row is in the accumulator's pipeline.
`include "npu_assert.svh"

module npu_matmul_engine #(
  parameter int unsigned ArrayRows     = npu_pkg::ArrayRows,
  parameter int unsigned ArrayCols     = npu_pkg::ArrayCols,
  parameter int unsigned DspPairCols   = 0,
  parameter int unsigned RowBytes      = npu_pkg::ScratchpadRowBytes,
  parameter int unsigned SpadAddrWidth = 14,
  parameter int unsigned AccAddrWidth  = 10,
  parameter int unsigned ReadLatency   = npu_pkg::SramReadLatency,
  parameter int unsigned Depth         = 4,
  localparam int unsigned KWidth       = $clog2(ArrayRows + 1),
  localparam int unsigned NWidth       = $clog2(ArrayCols + 1)
) (
  input  logic                           clk_i,
  input  logic                           rst_ni,
  // Instructions.
  input  logic                           start_valid_i,
  output logic                           start_ready_o,
  input  logic [SpadAddrWidth-1:0]       w_addr_i,
  input  logic [SpadAddrWidth-1:0]       a_addr_i,
  input  logic [AccAddrWidth-1:0]        acc_addr_i,
  input  logic [15:0]                    m_i,
  input  logic [KWidth-1:0]              k_i,
  input  logic [NWidth-1:0]              n_i,
  input  logic                           accumulate_i,
  // Scratchpad reads.
  output logic                           spad_req_valid_o,
  input  logic                           spad_req_ready_i,
  output logic [SpadAddrWidth-1:0]       spad_req_addr_o,
  input  logic                           spad_rsp_valid_i,
  input  logic [RowBytes*8-1:0]          spad_rsp_data_i,
  // Accumulator writes.
  output logic                           acc_req_valid_o,
  input  logic                           acc_req_ready_i,
  output logic [1:0]                     acc_req_op_o,
  output logic [AccAddrWidth-1:0]        acc_req_addr_o,
  output logic [ArrayCols*32-1:0]        acc_req_wdata_o,
  output logic [ArrayCols*4-1:0]         acc_req_byte_en_o,
  // Status.
  output logic                           done_o,
  output logic                           idle_o,
  output logic                           mac_o     // an activation row entered the array
);

  localparam int unsigned R = ArrayRows;
  localparam int unsigned C = ArrayCols;
  // Rows the return FIFO holds: the read latency plus room for full rate (4 give it).
  localparam int unsigned RetDepth = ReadLatency + Depth;
  localparam int unsigned CmdDepth = (Depth > 2) ? Depth : 2;
  localparam int unsigned CmdCountWidth = $clog2(CmdDepth + 1);
  localparam int unsigned JobDepth = Depth;
  localparam int unsigned JobWidth = AccAddrWidth + 16 + NWidth + 1;
  localparam int unsigned WeightBuffers = (Depth == 1) ? 1 : 2;

  // ---------------------------------------------------------------------------------------
  // Issue.
  logic                     busy_q, weights_q;      // issuing; weight phase
  logic [SpadAddrWidth-1:0] w_next_q, a_next_q;
  logic [15:0]              left_q;                 // rows left in the phase
  logic [15:0]              m_q;
  logic                     issue, ret_pop;
  logic                     tag_in_ready;           // a read credit (below)
  logic [CmdCountWidth-1:0] cmd_count;
  logic [$clog2(JobDepth + 1)-1:0] job_count;
  logic                     cmd_in_valid, cmd_in_op, cmd_in_ready;
  logic [15:0]              cmd_in_rows;
  logic [KWidth-1:0]        cmd_in_k;
  logic [NWidth-1:0]        cmd_in_n;
  logic                     job_in_ready;

  // A new instruction needs room for its two tile commands and its write job.
  assign start_ready_o = !busy_q && cmd_count <= CmdCountWidth'(CmdDepth - 2) &&
                         job_in_ready;
  assign spad_req_valid_o = busy_q && tag_in_ready;
  assign spad_req_addr_o  = weights_q ? w_next_q : a_next_q;
  assign issue            = spad_req_valid_o && spad_req_ready_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q    <= 1'b0;
      weights_q <= 1'b0;
    end else begin
      if (start_valid_i && start_ready_o) begin
        busy_q    <= 1'b1;
        weights_q <= 1'b1;
      end else if (issue && left_q == 16'd1) begin
        if (weights_q) weights_q <= 1'b0;
        else busy_q <= 1'b0;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (start_valid_i && start_ready_o) begin
      w_next_q <= w_addr_i + SpadAddrWidth'(k_i) - 1'b1;  // the tile takes the bottom row first
      a_next_q <= a_addr_i;
      left_q   <= 16'(k_i);
      m_q      <= m_i;
    end else if (issue) begin
      if (weights_q) begin
        w_next_q <= w_next_q - 1'b1;
        left_q   <= (left_q == 16'd1) ? m_q : left_q - 1'b1;
      end else begin
        a_next_q <= a_next_q + 1'b1;
        left_q   <= left_q - 1'b1;
      end
    end
  end

  // Tile commands: PRELOAD with the instruction, STREAM when the weight phase ends.
  assign cmd_in_valid = (start_valid_i && start_ready_o) || (issue && weights_q && left_q == 16'd1);
  assign cmd_in_op    = busy_q ? npu_pkg::TileOpStream : npu_pkg::TileOpPreload;
  assign cmd_in_rows  = m_q;
  assign cmd_in_k     = k_i;
  assign cmd_in_n     = n_i;

  logic                      cmd_valid, cmd_ready, cmd_op;
  logic [15:0]               cmd_rows;
  logic [KWidth-1:0]         cmd_k;
  logic [NWidth-1:0]         cmd_n;

  prim_fifo #(.Width(1 + 16 + KWidth + NWidth), .Depth(CmdDepth)) u_cmd_fifo (
    .clk_i,
    .rst_ni,
    .in_valid_i  (cmd_in_valid),
    .in_ready_o  (cmd_in_ready),
    .in_data_i   ({cmd_in_op, cmd_in_rows, cmd_in_k, cmd_in_n}),
    .out_valid_o (cmd_valid),
    .out_ready_i (cmd_ready),
    .out_data_o  ({cmd_op, cmd_rows, cmd_k, cmd_n}),
    .count_o     (cmd_count)
  );

  // Write jobs, one per instruction.
  logic                    job_valid, job_pop;
  logic [AccAddrWidth-1:0] job_addr;
  logic [15:0]             job_rows;
  logic [NWidth-1:0]       job_n;
  logic                    job_acc;

  prim_fifo #(.Width(JobWidth), .Depth(JobDepth)) u_job_fifo (
    .clk_i,
    .rst_ni,
    .in_valid_i  (start_valid_i && start_ready_o),
    .in_ready_o  (job_in_ready),
    .in_data_i   ({acc_addr_i, m_i, n_i, accumulate_i}),
    .out_valid_o (job_valid),
    .out_ready_i (job_pop),
    .out_data_o  ({job_addr, job_rows, job_n, job_acc}),
    .count_o     (job_count)
  );

  // ---------------------------------------------------------------------------------------
  // Return: rows in read order, each tagged weight or activation. A row's tag is pushed
  // when its read is issued and popped when the tile takes the row, so the tag FIFO holds
  // a tag for each row read and not yet given to the tile: its room is the read credit
  // (at most RetDepth such rows, which the return FIFO always has room for) and its head
  // is the tag of the return FIFO's head. The return FIFO keeps the row alone (on the
  // iCE40 a 32-bit row is two 16-bit block RAMs, a tagged one was three).
  logic                  tag_valid;
  logic [$clog2(RetDepth + 1)-1:0] tag_count, unused_count2;
  logic                  ret_valid, ret_weight, ret_in_ready;
  logic [RowBytes*8-1:0] ret_data;
  logic                  weight_ready, act_ready, out_valid;
  logic [C*32-1:0]       out_data;
  logic                  tile_busy;

  prim_fifo #(.Width(1), .Depth(RetDepth)) u_tag_fifo (
    .clk_i,
    .rst_ni,
    .in_valid_i  (issue),
    .in_ready_o  (tag_in_ready),
    .in_data_i   (weights_q),
    .out_valid_o (tag_valid),
    .out_ready_i (ret_pop),
    .out_data_o  (ret_weight),
    .count_o     (tag_count)
  );

  prim_fifo #(.Width(RowBytes * 8), .Depth(RetDepth)) u_ret_fifo (
    .clk_i,
    .rst_ni,
    .in_valid_i  (spad_rsp_valid_i),
    .in_ready_o  (ret_in_ready),
    .in_data_i   (spad_rsp_data_i),
    .out_valid_o (ret_valid),
    .out_ready_i (ret_pop),
    .out_data_o  (ret_data),
    .count_o     (unused_count2)
  );

  assign ret_pop = ret_valid && (ret_weight ? weight_ready : act_ready);
  assign mac_o   = ret_valid && !ret_weight && act_ready;

  npu_compute_tile #(
    .ArrayRows     (R),
    .ArrayCols     (C),
    .DspPairCols   (DspPairCols),
    .WeightBuffers (WeightBuffers)
  ) u_tile (
    .clk_i,
    .rst_ni,
    .cmd_valid_i    (cmd_valid),
    .cmd_ready_o    (cmd_ready),
    .cmd_op_i       (cmd_op),
    .cmd_rows_i     (cmd_rows),
    .cmd_k_i        (cmd_k),
    .cmd_n_i        (cmd_n),
    .weight_valid_i (ret_valid && ret_weight),
    .weight_ready_o (weight_ready),
    .weight_data_i  (ret_data[C*8-1:0]),
    .act_valid_i    (ret_valid && !ret_weight),
    .act_ready_o    (act_ready),
    .act_data_i     (ret_data[R*8-1:0]),
    .out_valid_o    (out_valid),
    .out_ready_i    (acc_req_ready_i && job_valid),
    .out_data_o     (out_data),
    .busy_o         (tile_busy)
  );

  // ---------------------------------------------------------------------------------------
  // Write: result rows to the accumulator.
  logic [15:0] row_q;

  assign acc_req_valid_o = out_valid && job_valid;
  assign acc_req_op_o    = job_acc ? npu_pkg::AccOpAccumulate : npu_pkg::AccOpWrite;
  assign acc_req_addr_o  = job_addr + AccAddrWidth'(row_q);
  assign acc_req_wdata_o = out_data;
  always_comb begin
    for (int unsigned c = 0; c < C; c++) acc_req_byte_en_o[c*4 +: 4] = {4{c < job_n}};
  end
  assign job_pop = acc_req_valid_o && acc_req_ready_i && row_q == job_rows - 1'b1;
  assign done_o  = job_pop;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      row_q <= '0;
    end else if (acc_req_valid_o && acc_req_ready_i) begin
      row_q <= job_pop ? '0 : row_q + 1'b1;
    end
  end

  assign idle_o = !busy_q && cmd_count == '0 && job_count == '0 && tag_count == '0 && !tile_busy;

  logic unused;
  assign unused = ^unused_count2;

  `ASSERT_INIT(depth_a, Depth >= 1)
  `ASSERT(cmd_fifo_room_a, cmd_in_valid |-> cmd_in_ready, clk_i, rst_ni)
  `ASSERT(ret_fifo_room_a, spad_rsp_valid_i |-> ret_in_ready, clk_i, rst_ni)
  `ASSERT(ret_tagged_a, ret_valid |-> tag_valid, clk_i, rst_ni)
  `ASSERT(out_has_job_a, out_valid |-> job_valid, clk_i, rst_ni)

endmodule
