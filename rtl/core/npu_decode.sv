// SPDX-License-Identifier: Apache-2.0
// npu_decode: checks each fetched instruction and sends it to the load, exec or store
// queue. SYNC waits until every queue is empty and every unit idle; END does the same and
// then reports the program done. An illegal instruction is precise: the decoder stops,
// lets every earlier instruction finish, and only then reports the error, so DRAM holds
// exactly the effect of the instructions before it. Running out of instructions without
// END is an error too.
`include "npu_assert.svh"

module npu_decode #(
  parameter int unsigned ArrayRows    = npu_pkg::ArrayRows,
  parameter int unsigned ArrayCols    = npu_pkg::ArrayCols,
  parameter int unsigned SpadRows     = 16384,
  parameter int unsigned AccRows      = 1024,
  parameter int unsigned RowAddrWidth = 14,
  parameter int unsigned LocalBytes   = 64,   // widest local row (scratchpad or accumulator)
  // 0: every check at once, a pool's products on multipliers; 1: the pool's products by
  // shift and add (17 cycles) and the local-range sums one a cycle on one adder as wide
  // as the memory (1 to 3 cycles an instruction that has any): no multiplier and one
  // small adder (the iCE40 board).
  parameter bit          SerialChecks = 1'b0,
  localparam int unsigned IW          = npu_isa_pkg::InstrWidth
) (
  input  logic          clk_i,
  input  logic          rst_ni,
  input  logic          run_i,        // a program is running (START seen, not stopped)
  input  logic          halt_i,       // stop dispatching (an error elsewhere, soft reset)
  input  logic [31:0]   prog_len_i,
  // From fetch.
  input  logic          instr_valid_i,
  output logic          instr_ready_o,
  input  logic [IW-1:0] instr_i,
  input  logic [31:0]   instr_pc_i,
  input  logic          fetch_finished_i,
  // To the queues (0 load, 1 exec, 2 store).
  output logic [2:0]    q_valid_o,
  input  logic [2:0]    q_ready_i,
  input  logic          drained_i,    // queues empty, units idle
  // Results.
  output logic          retire_o,     // a SYNC or END finished
  output logic          end_o,        // END reached (pulse, after the drain)
  output logic          error_o,      // pulse, after the drain
  output logic [3:0]    error_code_o,
  output logic [31:0]   error_pc_o,
  output logic          idle_o
);

  // Wide enough for every range sum below (the parallel checks): the pool's, 20 + 33
  // bits, is the widest.
  localparam int unsigned W = 36;

  // ---------------------------------------------------------------------------------------
  // Fields of the head instruction.
  logic [3:0] op, func;
  logic       pop_prev, pop_next, push_prev, push_next;
  assign op        = instr_i[npu_isa_pkg::HdrOpcodeLsb +: 4];
  assign func      = instr_i[npu_isa_pkg::HdrFuncLsb +: 4];
  assign pop_prev  = instr_i[npu_isa_pkg::HdrPopPrevLsb];
  assign pop_next  = instr_i[npu_isa_pkg::HdrPopNextLsb];
  assign push_prev = instr_i[npu_isa_pkg::HdrPushPrevLsb];
  assign push_next = instr_i[npu_isa_pkg::HdrPushNextLsb];

  function automatic logic [W-1:0] fld(input logic [IW-1:0] in, input int unsigned lsb,
                                       input int unsigned width);
    fld = '0;
    for (int unsigned i = 0; i < width; i++) fld[i] = in[lsb + i];
  endfunction

  // LOAD / STORE (one layout).
  logic [W-1:0] ls_rows, ls_row_bytes, ls_local, ls_lstride;
  assign ls_rows      = fld(instr_i, npu_isa_pkg::LoadRowsLsb, npu_isa_pkg::LoadRowsWidth);
  assign ls_row_bytes = fld(instr_i, npu_isa_pkg::LoadRowBytesLsb, npu_isa_pkg::LoadRowBytesWidth);
  assign ls_local     = fld(instr_i, npu_isa_pkg::LoadLocalAddrLsb, npu_isa_pkg::LoadLocalAddrWidth - 1);
  assign ls_lstride   = fld(instr_i, npu_isa_pkg::LoadLocalStrideLsb, npu_isa_pkg::LoadLocalStrideWidth);
  // MATMUL (both forms share the layout).
  logic [W-1:0] mm_w, mm_a, mm_acc, mm_m, mm_k, mm_n;
  assign mm_w   = fld(instr_i, npu_isa_pkg::MatmulWAddrLsb, npu_isa_pkg::MatmulWAddrWidth);
  assign mm_a   = fld(instr_i, npu_isa_pkg::MatmulAAddrLsb, npu_isa_pkg::MatmulAAddrWidth);
  assign mm_acc = fld(instr_i, npu_isa_pkg::MatmulAccAddrLsb, npu_isa_pkg::MatmulAccAddrWidth);
  assign mm_m   = fld(instr_i, npu_isa_pkg::MatmulMLsb, npu_isa_pkg::MatmulMWidth);
  assign mm_k   = fld(instr_i, npu_isa_pkg::MatmulKLsb, npu_isa_pkg::MatmulKWidth);
  assign mm_n   = fld(instr_i, npu_isa_pkg::MatmulNLsb, npu_isa_pkg::MatmulNWidth);
  // VEC: requant / add share src, dst (add also src2), rows; the pools their own layout.
  logic [W-1:0] v_src, v_src2, v_dst, v_rows, p_src, p_dst, p_oh, p_ow, p_w;
  assign v_src  = fld(instr_i, npu_isa_pkg::VecAddSrcLsb, npu_isa_pkg::VecAddSrcWidth);
  assign v_src2 = fld(instr_i, npu_isa_pkg::VecAddSrc2Lsb, npu_isa_pkg::VecAddSrc2Width);
  assign v_dst  = (func == npu_isa_pkg::FuncVecAdd)
                  ? fld(instr_i, npu_isa_pkg::VecAddDstLsb, npu_isa_pkg::VecAddDstWidth)
                  : fld(instr_i, npu_isa_pkg::VecRequantDstLsb, npu_isa_pkg::VecRequantDstWidth);
  assign v_rows = (func == npu_isa_pkg::FuncVecAdd)
                  ? fld(instr_i, npu_isa_pkg::VecAddRowsLsb, npu_isa_pkg::VecAddRowsWidth)
                  : fld(instr_i, npu_isa_pkg::VecRequantRowsLsb, npu_isa_pkg::VecRequantRowsWidth);
  assign p_src  = fld(instr_i, npu_isa_pkg::VecMaxpoolSrcLsb, npu_isa_pkg::VecMaxpoolSrcWidth);
  assign p_dst  = fld(instr_i, npu_isa_pkg::VecMaxpoolDstLsb, npu_isa_pkg::VecMaxpoolDstWidth);
  assign p_oh   = fld(instr_i, npu_isa_pkg::VecMaxpoolOutHLsb, npu_isa_pkg::VecMaxpoolOutHWidth);
  assign p_ow   = fld(instr_i, npu_isa_pkg::VecMaxpoolOutWLsb, npu_isa_pkg::VecMaxpoolOutWWidth);
  assign p_w    = fld(instr_i, npu_isa_pkg::VecMaxpoolInWidthLsb, npu_isa_pkg::VecMaxpoolInWidthWidth);
  // CONFIG.
  logic [W-1:0] c_acc;
  logic signed [7:0] c_min, c_max;
  assign c_acc = fld(instr_i, npu_isa_pkg::CfgQtablesAccAddrLsb, npu_isa_pkg::CfgQtablesAccAddrWidth);
  assign c_min = instr_i[npu_isa_pkg::CfgOutputActMinLsb +: 8];
  assign c_max = instr_i[npu_isa_pkg::CfgOutputActMaxLsb +: 8];

  // Each form's used bits as a constant mask: the reserved-bit check is then an AND and an
  // OR, where comparing every bit's index with a chosen bit count took 9 carries a bit.
  function automatic logic [IW-1:0] low_bits(input int unsigned n);
    low_bits = '0;
    for (int unsigned i = 0; i < IW; i++) low_bits[i] = i < n;
  endfunction
  localparam logic [IW-1:0] LoadMask       = low_bits(npu_isa_pkg::LoadUsedBits);
  localparam logic [IW-1:0] StoreMask      = low_bits(npu_isa_pkg::StoreUsedBits);
  localparam logic [IW-1:0] MatmulMask     = low_bits(npu_isa_pkg::MatmulUsedBits);
  localparam logic [IW-1:0] VecRequantMask = low_bits(npu_isa_pkg::VecRequantUsedBits);
  localparam logic [IW-1:0] VecAddMask     = low_bits(npu_isa_pkg::VecAddUsedBits);
  localparam logic [IW-1:0] VecMaxpoolMask = low_bits(npu_isa_pkg::VecMaxpoolUsedBits);
  localparam logic [IW-1:0] CfgQtablesMask = low_bits(npu_isa_pkg::CfgQtablesUsedBits);
  localparam logic [IW-1:0] CfgOutputMask  = low_bits(npu_isa_pkg::CfgOutputUsedBits);
  localparam logic [IW-1:0] CfgAddMask     = low_bits(npu_isa_pkg::CfgAddUsedBits);
  localparam logic [IW-1:0] SyncMask       = low_bits(npu_isa_pkg::SyncUsedBits);
  localparam logic [IW-1:0] EndMask        = low_bits(npu_isa_pkg::EndUsedBits);

  // The pool check's products (below: one cycle, or shift and add).
  localparam int unsigned PoolWidth = npu_isa_pkg::VecMaxpoolOutHWidth;
  logic         products_ready;
  logic [W-1:0] pool_span, oh_ow;  // (2 oh - 1) w, oh ow

  // ---------------------------------------------------------------------------------------
  // Checks, in the order the ISA simulator makes them.
  logic       legal;
  logic [IW-1:0] used_mask; // the instruction's own bits; any other set bit is an error
  logic [1:0] queue;       // 0 load, 1 exec, 2 store, 3 none
  logic       reserved_set, dep_bad;
  logic       range_bad;   // a local-range sum is over its memory (below)
  logic       ranges_ready;
  logic [3:0] code;

  always_comb begin
    legal     = 1'b1;
    used_mask = '1;
    queue     = 2'd3;
    case (op)
      npu_isa_pkg::OpLoad:   begin legal = func == '0; used_mask = LoadMask; queue = 2'd0; end
      npu_isa_pkg::OpStore:  begin legal = func == '0; used_mask = StoreMask; queue = 2'd2; end
      npu_isa_pkg::OpMatmul: begin legal = func <= npu_isa_pkg::FuncMatmulAcc; used_mask = MatmulMask; queue = 2'd1; end
      npu_isa_pkg::OpVec: begin
        queue = 2'd1;
        legal = func <= npu_isa_pkg::FuncVecAdd;
        if (func == npu_isa_pkg::FuncVecRequant) used_mask = VecRequantMask;
        else if (func == npu_isa_pkg::FuncVecAdd) used_mask = VecAddMask;
        else used_mask = VecMaxpoolMask;
      end
      npu_isa_pkg::OpCfg: begin
        queue = 2'd1;
        legal = func <= npu_isa_pkg::FuncCfgAdd;
        if (func == npu_isa_pkg::FuncCfgQtables) used_mask = CfgQtablesMask;
        else if (func == npu_isa_pkg::FuncCfgOutput) used_mask = CfgOutputMask;
        else used_mask = CfgAddMask;
      end
      npu_isa_pkg::OpSync:   begin legal = func == '0; used_mask = SyncMask; end
      npu_isa_pkg::OpEnd:    begin legal = func == '0; used_mask = EndMask; end
      default: legal = 1'b0;
    endcase
  end

  assign reserved_set = |(instr_i & ~used_mask);

  assign dep_bad = (queue == 2'd0 && (pop_prev || push_prev)) ||
                   (queue == 2'd2 && (pop_next || push_next)) ||
                   (queue == 2'd3 && (pop_prev || pop_next || push_prev || push_next));

  always_comb begin
    code = npu_isa_pkg::ErrNone;
    if (!legal) begin
      code = npu_isa_pkg::ErrOpcode;
    end else if (reserved_set || dep_bad) begin
      code = npu_isa_pkg::ErrField;
    end else begin
      case (op)
        npu_isa_pkg::OpLoad, npu_isa_pkg::OpStore: begin
          if (ls_rows == '0) code = npu_isa_pkg::ErrField;
          else if ((ls_local >> RowAddrWidth) != '0) code = npu_isa_pkg::ErrLocalRange;
          else if (ls_rows > 1 && (ls_lstride >> RowAddrWidth) != '0) code = npu_isa_pkg::ErrLocalRange;
          else if (ls_row_bytes > W'(LocalBytes)) code = npu_isa_pkg::ErrField;
        end
        npu_isa_pkg::OpMatmul: begin
          if (mm_m == '0 || mm_k == '0 || mm_k > W'(ArrayRows) || mm_n == '0 || mm_n > W'(ArrayCols))
            code = npu_isa_pkg::ErrField;
          else if (range_bad)
            code = npu_isa_pkg::ErrLocalRange;
        end
        npu_isa_pkg::OpVec: begin
          if (func == npu_isa_pkg::FuncVecMaxpool || func == npu_isa_pkg::FuncVecAvgpool) begin
            if (p_oh == '0 || p_ow == '0 || p_w < (p_ow << 1)) code = npu_isa_pkg::ErrField;
            else if (range_bad) code = npu_isa_pkg::ErrLocalRange;
          end else begin
            if (v_rows == '0) code = npu_isa_pkg::ErrField;
            else if (range_bad) code = npu_isa_pkg::ErrLocalRange;
          end
        end
        npu_isa_pkg::OpCfg: begin
          if (func == npu_isa_pkg::FuncCfgQtables && range_bad) code = npu_isa_pkg::ErrLocalRange;
          else if (func == npu_isa_pkg::FuncCfgOutput && c_min > c_max) code = npu_isa_pkg::ErrField;
        end
        default: ;
      endcase
    end
  end

  // ---------------------------------------------------------------------------------------
  localparam logic [1:0] Dispatch = 2'd0, WaitSync = 2'd1, WaitEnd = 2'd2, WaitError = 2'd3;
  logic [1:0]  state_q;
  logic [3:0]  err_code_q;
  logic [31:0] err_pc_q;
  logic        head, past_end, to_queue;

  // ---------------------------------------------------------------------------------------
  // The pool check's products: the input rows a window pass spans ((2 oh - 1) w, from
  // oh * w) and the output rows (oh * ow).
  if (SerialChecks) begin : g_serial_checks
    // Started once the pool instruction is at the head; it waits there until both are in.
    // The first is (2 oh - 1) w itself (one bit of multiplier more), so that the range
    // sums below only ever add.
    logic                   pool_op, start, w_done, ow_done, products_wait;
    logic [2*PoolWidth:0]   span_p;
    logic [2*PoolWidth-1:0] oh_ow_p;
    assign pool_op = op == npu_isa_pkg::OpVec &&
                     (func == npu_isa_pkg::FuncVecMaxpool || func == npu_isa_pkg::FuncVecAvgpool);
    prim_serial_stage u_stage (
      .clk_i,
      .rst_ni,
      .present_i (run_i && !halt_i && state_q == Dispatch && instr_valid_i && pool_op),
      .advance_i (instr_ready_o || halt_i || !run_i),
      .done_i    (w_done && ow_done),
      .start_o   (start),
      .wait_o    (products_wait)
    );
    prim_shift_add_mul #(.AWidth(PoolWidth), .BWidth(PoolWidth + 1)) u_span (
      .clk_i, .rst_ni, .start_i(start), .a_i(p_w[PoolWidth-1:0]),
      .b_i({p_oh[PoolWidth-1:0], 1'b0} - 1'b1), .done_o(w_done), .product_o(span_p));
    prim_shift_add_mul #(.AWidth(PoolWidth), .BWidth(PoolWidth)) u_oh_ow (
      .clk_i, .rst_ni, .start_i(start), .a_i(p_ow[PoolWidth-1:0]), .b_i(p_oh[PoolWidth-1:0]),
      .done_o(ow_done), .product_o(oh_ow_p));
    assign pool_span = W'(span_p);
    assign oh_ow = W'(oh_ow_p);
    assign products_ready = !products_wait;
  end else begin : g_parallel_checks
    logic [W-1:0] oh_w;
    assign oh_w      = p_oh * p_w;
    assign pool_span = (oh_w << 1) - p_w;
    assign oh_ow = p_oh * p_ow;
    assign products_ready = 1'b1;
  end

  // ---------------------------------------------------------------------------------------
  // The local-range checks: each is a sum of an instruction's fields against the rows of
  // the memory it addresses (a pool's first one a sum of four terms; oh >= 1 there).
  if (SerialChecks) begin : g_serial_ranges
    // One adder, one sum a cycle: a short program per form, run once the instruction is
    // at the head (and a pool's products are in); the instruction waits there until done.
    // Every sum only adds (a pool's (2 oh - 1) w is one product), so an operand of N bits
    // or more (N: the larger memory's row count's width) puts the range over its memory
    // whatever the rest: each operand is its low N bits and a "big" flag, and the sums
    // are N + 2 bits (three operands below 2^N).
    localparam int unsigned N = $clog2(((SpadRows > AccRows) ? SpadRows : AccRows) + 1);
    localparam int unsigned SumWidth = N + 2;
    function automatic logic [SumWidth:0] operand(input logic [W-1:0] v);
      operand = {(v >> N) != '0, SumWidth'(v[N-1:0])};
    endfunction
    logic                present, start, range_wait, range_done_q, viol_q, last, check;
    logic                acc_limit, chain, has_steps, left_big, right_big, big, big_q;
    logic [1:0]          step_q;
    logic [SumWidth-1:0] sum_q, left, right, sum;
    always_comb begin
      // Per step: left + right, chained on the last sum or not; checked against the
      // accumulator's rows (acc_limit) or the scratchpad's, or not.
      {left_big, left} = '0; {right_big, right} = '0; chain = 1'b0; check = 1'b1;
      acc_limit = 1'b0; last = 1'b1; has_steps = 1'b1;
      case (op)
        npu_isa_pkg::OpMatmul: begin
          last = step_q == 2'd2;
          case (step_q)
            2'd0: begin {left_big, left} = operand(mm_w); {right_big, right} = operand(mm_k); end
            2'd1: begin {left_big, left} = operand(mm_a); {right_big, right} = operand(mm_m); end
            default: begin
              {left_big, left} = operand(mm_acc); {right_big, right} = operand(mm_m);
              acc_limit = 1'b1;
            end
          endcase
        end
        npu_isa_pkg::OpVec: begin
          if (func == npu_isa_pkg::FuncVecMaxpool || func == npu_isa_pkg::FuncVecAvgpool) begin
            last = step_q == 2'd2;
            case (step_q)
              2'd0: begin
                {left_big, left} = operand(p_src); {right_big, right} = operand(pool_span);
                check = 1'b0;
              end
              2'd1: begin chain = 1'b1; {right_big, right} = operand(p_ow << 1); end
              default: begin
                {left_big, left} = operand(p_dst); {right_big, right} = operand(oh_ow);
              end
            endcase
          end else begin
            // requantize: src (accumulator), dst; add: src, src2, dst.
            last = step_q == ((func == npu_isa_pkg::FuncVecAdd) ? 2'd2 : 2'd1);
            {right_big, right} = operand(v_rows);
            if (step_q == 2'd0) begin
              {left_big, left} = operand(v_src);
              acc_limit = func == npu_isa_pkg::FuncVecRequant;
            end else if (step_q == 2'd1 && func == npu_isa_pkg::FuncVecAdd) begin
              {left_big, left} = operand(v_src2);
            end else begin
              {left_big, left} = operand(v_dst);
            end
          end
        end
        npu_isa_pkg::OpCfg: begin
          has_steps = func == npu_isa_pkg::FuncCfgQtables;
          {left_big, left} = operand(c_acc); {right_big, right} = operand(W'(3));
          acc_limit = 1'b1;
        end
        default: has_steps = 1'b0;
      endcase
    end
    assign sum = (chain ? sum_q : left) + right;
    assign big = (chain && big_q) || left_big || right_big;

    assign present = run_i && !halt_i && state_q == Dispatch && instr_valid_i &&
                     products_ready && has_steps;
    prim_serial_stage u_stage (
      .clk_i,
      .rst_ni,
      .present_i (present),
      .advance_i (instr_ready_o || halt_i || !run_i),
      .done_i    (range_done_q),
      .start_o   (start),
      .wait_o    (range_wait)
    );
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        step_q       <= '0;
        range_done_q <= 1'b0;
        viol_q       <= 1'b0;
      end else if (start) begin
        step_q       <= '0;
        range_done_q <= 1'b0;
        viol_q       <= 1'b0;
      end else if (present && !range_done_q) begin
        if (check && (big || sum > (acc_limit ? SumWidth'(AccRows) : SumWidth'(SpadRows))))
          viol_q <= 1'b1;
        step_q       <= step_q + 1'b1;
        range_done_q <= last;
      end
    end
    always_ff @(posedge clk_i) begin
      if (present && !range_done_q) {big_q, sum_q} <= {big, sum};
    end
    assign range_bad    = viol_q;
    assign ranges_ready = !range_wait;
    `ASSERT_INIT(sum_width_a, SpadRows < (1 << N) && AccRows < (1 << N))
  end else begin : g_parallel_ranges
    always_comb begin
      range_bad = 1'b0;
      case (op)
        npu_isa_pkg::OpMatmul:
          range_bad = mm_w + mm_k > W'(SpadRows) || mm_a + mm_m > W'(SpadRows) ||
                      mm_acc + mm_m > W'(AccRows);
        npu_isa_pkg::OpVec:
          if (func == npu_isa_pkg::FuncVecMaxpool || func == npu_isa_pkg::FuncVecAvgpool)
            range_bad = p_src + pool_span + (p_ow << 1) > W'(SpadRows) ||
                        p_dst + oh_ow > W'(SpadRows);
          else
            range_bad = (func == npu_isa_pkg::FuncVecRequant ? v_src + v_rows > W'(AccRows)
                                                              : v_src + v_rows > W'(SpadRows)) ||
                        (func == npu_isa_pkg::FuncVecAdd && v_src2 + v_rows > W'(SpadRows)) ||
                        v_dst + v_rows > W'(SpadRows);
        npu_isa_pkg::OpCfg: range_bad = c_acc + 3 > W'(AccRows);
        default: ;
      endcase
    end
    assign ranges_ready = 1'b1;
  end

  assign head      = run_i && !halt_i && state_q == Dispatch && instr_valid_i && products_ready &&
                     ranges_ready;
  assign past_end  = run_i && !halt_i && state_q == Dispatch && !instr_valid_i && fetch_finished_i;
  assign to_queue  = head && code == npu_isa_pkg::ErrNone && queue != 2'd3;

  always_comb begin
    q_valid_o = '0;
    if (to_queue) q_valid_o[queue] = 1'b1;
  end
  // While halted, instructions already fetched are dropped, so the next program starts
  // from its own first instruction.
  assign instr_ready_o = (head && (code != npu_isa_pkg::ErrNone || queue == 2'd3 || q_ready_i[queue])) ||
                         (halt_i && instr_valid_i);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q    <= Dispatch;
      err_code_q <= '0;
      err_pc_q   <= '0;
    end else if (!run_i || halt_i) begin
      state_q <= Dispatch;
    end else begin
      case (state_q)
        Dispatch: begin
          if (head && code != npu_isa_pkg::ErrNone) begin
            state_q    <= WaitError;
            err_code_q <= code;
            err_pc_q   <= instr_pc_i;
          end else if (head && op == npu_isa_pkg::OpSync) begin
            state_q <= WaitSync;
          end else if (head && op == npu_isa_pkg::OpEnd) begin
            state_q <= WaitEnd;
          end else if (past_end) begin
            state_q    <= WaitError;
            err_code_q <= npu_isa_pkg::ErrProgram;
            err_pc_q   <= prog_len_i;
          end
        end
        WaitSync:  if (drained_i) state_q <= Dispatch;
        WaitEnd:   if (drained_i) state_q <= Dispatch;
        WaitError: if (drained_i) state_q <= Dispatch;
        default:   state_q <= Dispatch;
      endcase
    end
  end

  assign retire_o     = run_i && !halt_i && drained_i && (state_q == WaitSync || state_q == WaitEnd);
  assign end_o        = run_i && !halt_i && drained_i && state_q == WaitEnd;
  assign error_o      = run_i && !halt_i && drained_i && state_q == WaitError;
  assign error_code_o = err_code_q;
  assign error_pc_o   = err_pc_q;
  assign idle_o       = state_q == Dispatch;

endmodule
