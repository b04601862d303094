// SPDX-License-Identifier: Apache-2.0
// npu_vec_engine: runs VEC and CONFIG instructions, one at a time.
//   vec.requant  accumulator rows -> npu_requantize (C lanes) -> scratchpad (low C bytes)
//   vec.*pool    4 scratchpad rows per window -> npu_pool2x2 (RowBytes lanes) -> scratchpad
//   vec.add      2 scratchpad rows (a, b) -> npu_eltwise_add (RowBytes lanes) -> scratchpad
//   cfg.qtables  3 accumulator rows -> per-lane bias, multiplier, shift registers (with
//                VecSerial the datapath's tables)
//   cfg.output, cfg.add  fields -> scalar registers
// With VecSerial everything goes a lane at a time: requantize and add share
// npu_rescale_serial (a value at a time) and a pool is npu_pool2x2 of one lane. Each read
// keeps one lane of the row it reads (a 32-bit accumulator value or a byte) and each
// result is one byte, written in place with one mask bit: a requantized row is C reads
// (lane 0, 1, ...), an added row 2 per lane (a's byte, then b's), a pooled one 4 per lane
// (the window's four pixels), a table row C.
// A read generator issues one row read per cycle while the return FIFO has room
// (credits); rows come back in order, pass through the function's pipeline and are
// written to the scratchpad. Writes go first on the shared scratchpad port, so the
// pipeline always drains.
`include "npu_assert.svh"

module npu_vec_engine #(
  parameter int unsigned ArrayCols       = npu_pkg::ArrayCols,
  parameter int unsigned RowBytes        = npu_pkg::ScratchpadRowBytes,
  parameter int unsigned SpadAddrWidth   = 14,
  parameter int unsigned AccAddrWidth    = 10,
  parameter int unsigned ReadLatency     = npu_pkg::SramReadLatency,
  // Requantize and add take a row in this many cycles, with as many times fewer lanes.
  parameter int unsigned VecCyclesPerRow = 1,
  // Requantize and add on one datapath that takes a value at a time, its multiply by shift
  // and add and its rounding shift a bit a cycle (npu_rescale_serial: no DSP block, no
  // barrel shifter, 36 + shift cycles a step), every instruction a lane at a time (a read
  // for each lane's value or byte, each result a byte written in place; a pool of one
  // lane's sum, maximum and result, 4 x RowBytes reads an output row) and a pool's window
  // count by shift and add. VecCyclesPerRow must then be 1.
  parameter bit          VecSerial       = 1'b0,
  localparam int unsigned IW             = npu_isa_pkg::InstrWidth
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  input  logic                      start_valid_i,
  output logic                      start_ready_o,
  input  logic [IW-1:0]             instr_i,
  // Scratchpad (reads and writes).
  output logic                      spad_req_valid_o,
  input  logic                      spad_req_ready_i,
  output logic                      spad_req_we_o,
  output logic [SpadAddrWidth-1:0]  spad_req_addr_o,
  output logic [RowBytes*8-1:0]     spad_req_wdata_o,
  output logic [RowBytes-1:0]       spad_req_wmask_o,
  input  logic                      spad_rsp_valid_i,
  input  logic [RowBytes*8-1:0]     spad_rsp_data_i,
  // Accumulator (reads).
  output logic                      acc_req_valid_o,
  input  logic                      acc_req_ready_i,
  output logic [AccAddrWidth-1:0]   acc_req_addr_o,
  input  logic                      acc_rsp_valid_i,
  input  logic [ArrayCols*32-1:0]   acc_rsp_data_i,
  output logic                      done_o,
  output logic                      idle_o
);

  localparam int unsigned C = ArrayCols;
  localparam int unsigned L = RowBytes;
  // A returned row, or (VecSerial) the one lane of it that was read for.
  localparam int unsigned RetWidth = VecSerial ? 32 : (C * 32 > L * 8) ? C * 32 : L * 8;
  // Rows read ahead of the function: enough to keep a row a cycle, or (VecSerial) one: the
  // serial datapath takes 36 cycles or more a value, and each entry is flip-flops on an
  // FPGA without LUT RAM (pools then wait for each read).
  localparam int unsigned RetDepth = VecSerial ? 1 : ReadLatency + 4;
  localparam int unsigned CreditWidth = $clog2(RetDepth + 1);
  // Row counts and row addresses: as wide as the larger local memory's row index, plus 3
  // (a count up to 4 reads per row). The decoder has checked every range of an instruction
  // that gets here, so no address or count it leads to is wider; 32 bits were 4 adders
  // and 4 registers too wide on a small FPGA.
  localparam int unsigned RowsWidth = ((SpadAddrWidth > AccAddrWidth) ? SpadAddrWidth
                                                                       : AccAddrWidth) + 3;
  // The pool's lanes: all of a row's bytes at once, or (VecSerial) one.
  localparam int unsigned PoolLanes = VecSerial ? 1 : L;
  localparam int unsigned LaneWidth = ((C > L) ? C : L) > 1 ? $clog2((C > L) ? C : L) : 1;

  // Internal operations.
  localparam logic [2:0] DoRequant = 3'd0, DoMaxPool = 3'd1, DoAvgPool = 3'd2, DoAdd = 3'd3,
                         DoTables = 3'd4, DoSetOutput = 3'd5, DoSetAdd = 3'd6;

  // ---------------------------------------------------------------------------------------
  // Decode of the started instruction (the decoder has checked it).
  logic [3:0]  op_in, func_in;
  logic [2:0]  do_in;
  assign op_in   = instr_i[npu_isa_pkg::HdrOpcodeLsb +: 4];
  assign func_in = instr_i[npu_isa_pkg::HdrFuncLsb +: 4];
  always_comb begin
    if (op_in == npu_isa_pkg::OpVec) begin
      do_in = (func_in == npu_isa_pkg::FuncVecRequant) ? DoRequant :
              (func_in == npu_isa_pkg::FuncVecMaxpool) ? DoMaxPool :
              (func_in == npu_isa_pkg::FuncVecAvgpool) ? DoAvgPool : DoAdd;
    end else begin
      do_in = (func_in == npu_isa_pkg::FuncCfgQtables) ? DoTables :
              (func_in == npu_isa_pkg::FuncCfgOutput) ? DoSetOutput : DoSetAdd;
    end
  end

  logic        busy_q, reading_q, cfg_done_q;
  logic [2:0]  do_q;
  logic [19:0] src_q, src2_q, dst_q;
  logic [15:0] out_w_q, in_w_q;
  logic [RowsWidth-1:0] outputs_q;  // rows to write (or table rows to take)
  logic [RowsWidth-1:0] rd_left_q;  // reads still to issue
  logic [15:0] x_q;              // pool: window within the line
  logic [1:0]  j_q;              // pool: pixel of the window; add: 0 = a, 1 = b
  logic [RowsWidth-1:0] line_q;     // pool: row of pixel (2y, 0); others: row index
  logic [RowsWidth-1:0] written_q;
  logic [CreditWidth-1:0] credits_q;
  logic        start;
  logic        counted;          // pool, VecSerial: the window count is in (windows)
  logic [31:0] windows;

  // VecSerial keeps the three multipliers in the serial datapath's table RAM, written one
  // a cycle: cfg.output's in its start cycle; cfg.add's a in the cycle before its start
  // (the instruction waits that cycle) and b in it.
  logic hold_for_a, a_written_q;
  assign hold_for_a    = VecSerial && start_valid_i && !busy_q && do_in == DoSetAdd && !a_written_q;
  assign start_ready_o = !busy_q && !hold_for_a;
  assign start = start_valid_i && start_ready_o;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) a_written_q <= 1'b0;
    else a_written_q <= hold_for_a;
  end

  // Scalar configuration.
  logic signed [7:0] zp_q, min_q, max_q, a_zp_q, b_zp_q;
  logic [4:0]        out_shift_q, a_shift_q, b_shift_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      zp_q <= '0; min_q <= -8'sd128; max_q <= 8'sd127;
      out_shift_q <= '0;
      a_zp_q <= '0; a_shift_q <= '0;
      b_zp_q <= '0; b_shift_q <= '0;
    end else if (start && do_in == DoSetOutput) begin
      zp_q        <= instr_i[npu_isa_pkg::CfgOutputZeroPointLsb +: 8];
      min_q       <= instr_i[npu_isa_pkg::CfgOutputActMinLsb +: 8];
      max_q       <= instr_i[npu_isa_pkg::CfgOutputActMaxLsb +: 8];
      out_shift_q <= instr_i[npu_isa_pkg::CfgOutputShiftLsb +: 5];
    end else if (start && do_in == DoSetAdd) begin
      a_zp_q      <= instr_i[npu_isa_pkg::CfgAddAZeroPointLsb +: 8];
      a_shift_q   <= instr_i[npu_isa_pkg::CfgAddAShiftLsb +: 5];
      b_zp_q      <= instr_i[npu_isa_pkg::CfgAddBZeroPointLsb +: 8];
      b_shift_q   <= instr_i[npu_isa_pkg::CfgAddBShiftLsb +: 5];
    end
  end

  // ---------------------------------------------------------------------------------------
  // Read generator.
  logic                     read_acc, rd_want, rd_issue, write_valid, write_take;
  logic [RowsWidth-1:0]     rd_addr;
  logic [RowsWidth-1:0]     pix_off;
  logic                     ret_pop, ret_valid, ret_in_ready;
  logic [RetWidth-1:0]      ret_data, ret_in_data;
  logic [$clog2(RetDepth + 1)-1:0] unused_count1;
  logic                     is_pool;
  // VecSerial reads lane rd_lane_q of a row's pieces (j_q: a pool's four pixels, an add's
  // a and b), then the next lane's; the row moves on after the last lane's last piece.
  // rd_left_q counts the last lane's reads, the same count as with whole rows.
  logic [LaneWidth-1:0]     rd_lane_q, ret_lane_q;
  logic                     rd_last_lane;
  logic [31:0]              lanes;  // of the instruction's rows: C (accumulator) or L

  assign read_acc = do_q == DoRequant || do_q == DoTables;
  assign is_pool  = do_q == DoMaxPool || do_q == DoAvgPool;
  assign lanes    = read_acc ? C : L;
  assign rd_last_lane = !VecSerial || 32'(rd_lane_q) == lanes - 1;
  always_comb begin
    case (j_q)
      2'd0:    pix_off = '0;
      2'd1:    pix_off = RowsWidth'(1);
      2'd2:    pix_off = RowsWidth'(in_w_q);
      default: pix_off = RowsWidth'(in_w_q) + 1'b1;
    endcase
    case (do_q)
      DoMaxPool, DoAvgPool: rd_addr = line_q + (RowsWidth'(x_q) << 1) + pix_off + RowsWidth'(src_q);
      DoAdd:                rd_addr = line_q + RowsWidth'(j_q[0] ? src2_q : src_q);
      default:              rd_addr = line_q + RowsWidth'(src_q);
    endcase
  end
  assign rd_want = reading_q && credits_q < CreditWidth'(RetDepth);

  assign acc_req_valid_o = rd_want && read_acc;
  assign acc_req_addr_o  = AccAddrWidth'(rd_addr);
  assign spad_req_valid_o = write_valid || (rd_want && !read_acc);
  assign spad_req_we_o    = write_valid;
  assign write_take       = write_valid && spad_req_ready_i;
  assign rd_issue         = read_acc ? (acc_req_valid_o && acc_req_ready_i)
                                     : (!write_valid && rd_want && spad_req_ready_i);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q     <= 1'b0;
      reading_q  <= 1'b0;
      cfg_done_q <= 1'b0;
      credits_q  <= '0;
      do_q       <= DoRequant;
    end else begin
      cfg_done_q <= start && (do_in == DoSetOutput || do_in == DoSetAdd);
      if (start) begin
        busy_q    <= 1'b1;
        do_q      <= do_in;
        // A pool counted by shift and add starts reading once its window count is in.
        reading_q <= do_in != DoSetOutput && do_in != DoSetAdd &&
                     !(VecSerial && (do_in == DoMaxPool || do_in == DoAvgPool));
      end else if (counted) begin
        reading_q <= 1'b1;
      end else if (done_o) begin
        busy_q <= 1'b0;
      end
      if (rd_issue && rd_left_q == RowsWidth'(1) && rd_last_lane) reading_q <= 1'b0;
      credits_q <= credits_q + CreditWidth'(rd_issue) - CreditWidth'(ret_pop);
    end
  end

  always_ff @(posedge clk_i) begin
    if (rd_issue) ret_lane_q <= rd_lane_q;  // one read at a time (RetDepth 1) with VecSerial
    if (start) begin
      line_q <= '0;
      x_q    <= '0;
      j_q    <= '0;
      rd_lane_q <= '0;
      src_q  <= instr_i[npu_isa_pkg::VecAddSrcLsb +: 20];
      src2_q <= instr_i[npu_isa_pkg::VecAddSrc2Lsb +: 20];
      out_w_q <= instr_i[npu_isa_pkg::VecMaxpoolOutWLsb +: 16];
      in_w_q  <= instr_i[npu_isa_pkg::VecMaxpoolInWidthLsb +: 16];
      case (do_in)
        DoRequant: begin
          dst_q     <= instr_i[npu_isa_pkg::VecRequantDstLsb +: 20];
          outputs_q <= RowsWidth'(instr_i[npu_isa_pkg::VecRequantRowsLsb +: 16]);
          rd_left_q <= RowsWidth'(instr_i[npu_isa_pkg::VecRequantRowsLsb +: 16]);
        end
        DoAdd: begin
          dst_q     <= instr_i[npu_isa_pkg::VecAddDstLsb +: 20];
          outputs_q <= RowsWidth'(instr_i[npu_isa_pkg::VecAddRowsLsb +: 16]);
          rd_left_q <= RowsWidth'(instr_i[npu_isa_pkg::VecAddRowsLsb +: 16]) << 1;
        end
        DoMaxPool, DoAvgPool: begin
          dst_q     <= instr_i[npu_isa_pkg::VecMaxpoolDstLsb +: 20];
          if (!VecSerial) begin
            outputs_q <= RowsWidth'(instr_i[npu_isa_pkg::VecMaxpoolOutHLsb +: 16]) *
                         RowsWidth'(instr_i[npu_isa_pkg::VecMaxpoolOutWLsb +: 16]);
            rd_left_q <= (RowsWidth'(instr_i[npu_isa_pkg::VecMaxpoolOutHLsb +: 16]) *
                          RowsWidth'(instr_i[npu_isa_pkg::VecMaxpoolOutWLsb +: 16])) << 2;
          end
        end
        DoTables: begin
          src_q     <= 20'(instr_i[npu_isa_pkg::CfgQtablesAccAddrLsb +: 16]);
          outputs_q <= RowsWidth'(3);
          rd_left_q <= RowsWidth'(3);
        end
        default: begin
          outputs_q <= '0;
          rd_left_q <= '0;
        end
      endcase
    end else if (counted) begin
      outputs_q <= RowsWidth'(windows);
      rd_left_q <= RowsWidth'(windows) << 2;
    end else if (rd_issue) begin
      if (rd_last_lane) rd_left_q <= rd_left_q - 1'b1;
      case (do_q)
        DoMaxPool, DoAvgPool: begin
          j_q <= j_q + 1'b1;
          if (j_q == 2'd3 && !rd_last_lane) begin
            rd_lane_q <= rd_lane_q + 1'b1;
          end else if (j_q == 2'd3) begin
            rd_lane_q <= '0;
            if (x_q == out_w_q - 1'b1) begin
              x_q    <= '0;
              line_q <= line_q + (RowsWidth'(in_w_q) << 1);
            end else begin
              x_q <= x_q + 1'b1;
            end
          end
        end
        DoAdd: begin
          j_q <= {1'b0, ~j_q[0]};
          if (j_q[0] && !rd_last_lane) rd_lane_q <= rd_lane_q + 1'b1;
          else if (j_q[0]) begin
            rd_lane_q <= '0;
            line_q    <= line_q + 1'b1;
          end
        end
        default: begin
          if (!rd_last_lane) rd_lane_q <= rd_lane_q + 1'b1;
          else begin
            rd_lane_q <= '0;
            line_q    <= line_q + 1'b1;
          end
        end
      endcase
    end
  end

  // A pool's window count (out_h * out_w): one cycle on a multiplier, or (VecSerial) 16
  // by shift and add before the first read.
  if (VecSerial) begin : g_serial_count
    logic counting_q, count_done;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) counting_q <= 1'b0;
      else if (start) counting_q <= do_in == DoMaxPool || do_in == DoAvgPool;
      else if (counted) counting_q <= 1'b0;
    end
    prim_shift_add_mul #(.AWidth(16), .BWidth(16)) u_windows (
      .clk_i,
      .rst_ni,
      .start_i   (start && (do_in == DoMaxPool || do_in == DoAvgPool)),
      .a_i       (out_w_q),
      .b_i       (instr_i[npu_isa_pkg::VecMaxpoolOutHLsb +: 16]),
      .done_o    (count_done),
      .product_o (windows)
    );
    assign counted = counting_q && count_done;
  end else begin : g_parallel_count
    assign counted = 1'b0;
    assign windows = '0;
  end

  // ---------------------------------------------------------------------------------------
  // Return FIFO. A scratchpad row fills the low L*8 bits of an entry and leaves the rest
  // as the accumulator's port gives it: only requantize and tables read above L*8, and
  // they read accumulator rows (no zeroing multiplexer, 96 LUTs at the tiny shape).
  // VecSerial keeps the lane the row was read for (one read at a time): a value, or a
  // byte in the low 8 bits.
  if (VecSerial) begin : g_ret_lane
    always_comb begin
      ret_in_data = acc_rsp_data_i[32'(ret_lane_q) * 32 +: 32];
      if (!read_acc) ret_in_data[7:0] = spad_rsp_data_i[32'(ret_lane_q) * 8 +: 8];
    end
  end else begin : g_ret_row
    always_comb begin
      ret_in_data = RetWidth'(acc_rsp_data_i);
      if (!read_acc) ret_in_data[L*8-1:0] = spad_rsp_data_i;
    end
  end

  prim_fifo #(.Width(RetWidth), .Depth(RetDepth)) u_ret_fifo (
    .clk_i,
    .rst_ni,
    .in_valid_i  (busy_q && (read_acc ? acc_rsp_valid_i : spad_rsp_valid_i)),
    .in_ready_o  (ret_in_ready),
    .in_data_i   (ret_in_data),
    .out_valid_o (ret_valid),
    .out_ready_i (ret_pop),
    .out_data_o  (ret_data),
    .count_o     (unused_count1)
  );

  // ---------------------------------------------------------------------------------------
  // Functions.
  logic            rq_in_ready, rq_out_valid;
  logic [C*8-1:0]  rq_out;
  logic            pl_in_ready, pl_out_valid;
  logic [L*8-1:0]  pl_out;
  logic            ad_in_ready, ad_out_valid;
  logic [L*8-1:0]  ad_out;
  logic            a_held_q;     // add with whole rows: a's row is held, b's is next
  logic [1:0]      table_q;
  logic            out_ready;
  logic            tables_pop;   // cfg.qtables: the returned row (or lane) is in the tables
  logic [PoolLanes*8-1:0] pl_lanes_out;
  // The lane of the next byte written (VecSerial), or of the next table value taken.
  logic [LaneWidth-1:0] wr_lane_q;
  logic                 row_written;

  npu_pool2x2 #(.Lanes(PoolLanes)) u_pool (
    .clk_i,
    .rst_ni,
    .average_i   (do_q == DoAvgPool),
    .in_valid_i  (ret_valid && is_pool),
    .in_ready_o  (pl_in_ready),
    .in_data_i   ((PoolLanes*8)'(ret_data)),
    .out_valid_o (pl_out_valid),
    .out_ready_i (out_ready),
    .out_data_o  (pl_lanes_out)
  );
  assign pl_out = (L*8)'(pl_lanes_out);

  if (VecSerial) begin : g_serial_rescale
    // One datapath for both, a value in and a byte out at a time. The requantize tables
    // live in the datapath (a block RAM): cfg.qtables writes each returned value there.
    logic       rs_in_ready, rs_out_valid;
    logic [7:0] rs_out;
    assign tables_pop = ret_valid;
    logic        mult_we;
    logic [1:0]  mult_sel;
    logic [31:0] mult;
    assign mult_we  = hold_for_a || (start && (do_in == DoSetOutput || do_in == DoSetAdd));
    assign mult_sel = (do_in == DoSetOutput) ? 2'd2 : {1'b0, !hold_for_a};
    assign mult     = (do_in == DoSetOutput) ? instr_i[npu_isa_pkg::CfgOutputMultiplierLsb +: 32]
                    : hold_for_a ? instr_i[npu_isa_pkg::CfgAddAMultiplierLsb +: 32]
                                 : instr_i[npu_isa_pkg::CfgAddBMultiplierLsb +: 32];
    npu_rescale_serial #(.RqLanes(C), .AddLanes(L)) u_rescale (
      .clk_i,
      .rst_ni,
      .add_i            (do_q == DoAdd),
      .table_we_i       (do_q == DoTables && ret_valid),
      .table_sel_i      (table_q),
      .table_lane_i     (wr_lane_q),
      .mult_we_i        (mult_we),
      .mult_sel_i       (mult_sel),
      .mult_i           (mult),
      .a_zero_point_i   (a_zp_q),
      .b_zero_point_i   (b_zp_q),
      .a_shift_i        (a_shift_q),
      .b_shift_i        (b_shift_q),
      .out_shift_i      (out_shift_q),
      .zero_point_i     (zp_q),
      .act_min_i        (min_q),
      .act_max_i        (max_q),
      .in_valid_i       (ret_valid && (do_q == DoRequant || do_q == DoAdd)),
      .in_ready_o       (rs_in_ready),
      .in_value_i       (ret_data[31:0]),
      .out_valid_o      (rs_out_valid),
      .out_ready_i      (out_ready),
      .out_data_o       (rs_out)
    );
    assign rq_in_ready  = rs_in_ready;
    assign ad_in_ready  = rs_in_ready;
    assign rq_out_valid = rs_out_valid;
    assign ad_out_valid = rs_out_valid;
    assign rq_out       = (C*8)'(rs_out);
    assign ad_out       = (L*8)'(rs_out);
  end else begin : g_rows
    logic [L*8-1:0] a_q;
    always_ff @(posedge clk_i) begin
      if (do_q == DoAdd && ret_pop && !a_held_q) a_q <= ret_data[L*8-1:0];
    end
    // The add's and the output's multipliers.
    logic [31:0] out_mult_q, a_mult_q, b_mult_q;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        out_mult_q <= '0;
        a_mult_q   <= '0;
        b_mult_q   <= '0;
      end else if (start && do_in == DoSetOutput) begin
        out_mult_q <= instr_i[npu_isa_pkg::CfgOutputMultiplierLsb +: 32];
      end else if (start && do_in == DoSetAdd) begin
        a_mult_q   <= instr_i[npu_isa_pkg::CfgAddAMultiplierLsb +: 32];
        b_mult_q   <= instr_i[npu_isa_pkg::CfgAddBMultiplierLsb +: 32];
      end
    end
    // Tables: bias, multiplier, shift (low five bits of each lane), a row at a time.
    logic [C*32-1:0] bias_q, mult_q;
    logic [C*5-1:0]  shift_q;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        bias_q  <= '0;
        mult_q  <= '0;
        shift_q <= '0;
      end else if (do_q == DoTables && ret_pop) begin
        if (table_q == 2'd0) bias_q <= ret_data[C*32-1:0];
        if (table_q == 2'd1) mult_q <= ret_data[C*32-1:0];
        if (table_q == 2'd2) begin
          for (int unsigned c = 0; c < C; c++) shift_q[c*5 +: 5] <= ret_data[c*32 +: 5];
        end
      end
    end
    assign tables_pop = ret_valid;

    npu_requantize #(.Lanes(C), .LanesPerCycle(C / VecCyclesPerRow)) u_requantize (
      .clk_i,
      .rst_ni,
      .bias_i       (bias_q),
      .multiplier_i (mult_q),
      .shift_i      (shift_q),
      .zero_point_i (zp_q),
      .act_min_i    (min_q),
      .act_max_i    (max_q),
      .in_valid_i   (ret_valid && do_q == DoRequant),
      .in_ready_o   (rq_in_ready),
      .in_data_i    (ret_data[C*32-1:0]),
      .out_valid_o  (rq_out_valid),
      .out_ready_i  (out_ready),
      .out_data_o   (rq_out)
    );

    npu_eltwise_add #(.Lanes(L), .LanesPerCycle(L / VecCyclesPerRow)) u_add (
      .clk_i,
      .rst_ni,
      .a_zero_point_i   (a_zp_q),
      .b_zero_point_i   (b_zp_q),
      .out_zero_point_i (zp_q),
      .a_multiplier_i   (a_mult_q),
      .b_multiplier_i   (b_mult_q),
      .out_multiplier_i (out_mult_q),
      .a_shift_i        (a_shift_q),
      .b_shift_i        (b_shift_q),
      .out_shift_i      (out_shift_q),
      .act_min_i        (min_q),
      .act_max_i        (max_q),
      .in_valid_i       (ret_valid && do_q == DoAdd && a_held_q),
      .in_ready_o       (ad_in_ready),
      .in_a_i           (a_q),
      .in_b_i           (ret_data[L*8-1:0]),
      .out_valid_o      (ad_out_valid),
      .out_ready_i      (out_ready),
      .out_data_o       (ad_out)
    );
  end

  always_comb begin
    case (do_q)
      DoRequant:            ret_pop = ret_valid && rq_in_ready;
      DoMaxPool, DoAvgPool: ret_pop = ret_valid && pl_in_ready;
      DoAdd:                ret_pop = ret_valid && ((!VecSerial && !a_held_q) || ad_in_ready);
      DoTables:             ret_pop = tables_pop;
      default:              ret_pop = 1'b0;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      a_held_q <= 1'b0;
      table_q  <= '0;
    end else begin
      if (do_q == DoAdd && ret_pop) a_held_q <= !a_held_q;
      if (start) table_q <= '0;
      else if (do_q == DoTables && row_written) table_q <= table_q + 1'b1;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Writes: a row, or (VecSerial) a byte on every lane with the mask bit of lane
  // wr_lane_q, the lane the row's results are at.
  logic wr_last_lane, lane_done;
  always_comb begin
    write_valid      = 1'b0;
    spad_req_wdata_o = '0;
    spad_req_wmask_o = '0;
    case (do_q)
      DoRequant: begin
        write_valid      = rq_out_valid;
        spad_req_wdata_o = (L*8)'(rq_out);
        for (int unsigned b = 0; b < L; b++) spad_req_wmask_o[b] = b < C;
      end
      DoMaxPool, DoAvgPool: begin
        write_valid      = pl_out_valid;
        spad_req_wdata_o = pl_out;
        spad_req_wmask_o = '1;
      end
      DoAdd: begin
        write_valid      = ad_out_valid;
        spad_req_wdata_o = ad_out;
        spad_req_wmask_o = '1;
      end
      default: ;
    endcase
    if (VecSerial) begin
      spad_req_wdata_o = {L{spad_req_wdata_o[7:0]}};
      spad_req_wmask_o = L'(1) << wr_lane_q;
    end
  end
  assign out_ready       = spad_req_ready_i;
  assign spad_req_addr_o = write_valid ? SpadAddrWidth'(written_q + RowsWidth'(dst_q))
                                       : SpadAddrWidth'(rd_addr);

  // A row is done with its last lane's byte written (or table value taken).
  assign lane_done    = write_take || (do_q == DoTables && ret_pop);
  assign wr_last_lane = !VecSerial || 32'(wr_lane_q) == lanes - 1;
  assign row_written  = lane_done && wr_last_lane;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      written_q <= '0;
      wr_lane_q <= '0;
    end else if (start) begin
      written_q <= '0;
      wr_lane_q <= '0;
    end else begin
      if (row_written) written_q <= written_q + 1'b1;
      if (VecSerial && lane_done) wr_lane_q <= wr_last_lane ? '0 : wr_lane_q + 1'b1;
    end
  end

  assign done_o = cfg_done_q || (busy_q && row_written && written_q == outputs_q - 1'b1);
  assign idle_o = !busy_q;

  logic unused;
  assign unused = ^{unused_count1, instr_i, rd_addr, windows, dst_q, in_w_q, ret_lane_q};

  `ASSERT_INIT(cycles_per_row_a,
               VecCyclesPerRow >= 1 && C % VecCyclesPerRow == 0 && L % VecCyclesPerRow == 0)
  `ASSERT_INIT(serial_one_datapath_a, !VecSerial || VecCyclesPerRow == 1)
  `ASSERT(ret_fifo_room_a, (busy_q && (read_acc ? acc_rsp_valid_i : spad_rsp_valid_i)) |-> ret_in_ready,
          clk_i, rst_ni)

endmodule
