// SPDX-License-Identifier: Apache-2.0
// npu_dma: the DMA engine. Takes 2-D descriptors, checks each before any bus access
// (DRAM range inside the window, row width, local range), and runs loads (DRAM -> local)
// and stores (local -> DRAM) on two engines sharing one AXI4 master port: a load and a
// store run at the same time, each engine with its own burst generator, or (SharedBursts)
// one at a time on one generator; or (ByteSerial) one engine moves both, a byte a cycle.
// Completion is reported per direction with a code (npu_pkg::DmaErr*); an error never
// hangs the engine, which takes the next descriptor. A descriptor stays at the input
// until taken (desc_ready_o): the cycle it starts on its engine or is reported. The
// window [win_base_i, win_limit_i) must be 4 KiB aligned and must not change while a
// transfer runs.
`include "npu_assert.svh"

module npu_dma #(
  parameter int unsigned AddrWidth      = npu_pkg::AxiAddrWidth,
  parameter int unsigned DataWidth      = npu_pkg::AxiDataWidth,
  parameter int unsigned IdWidth        = npu_pkg::AxiIdWidth,
  parameter int unsigned LocalBytes     = npu_pkg::ScratchpadRowBytes, // bytes per local row
  parameter int unsigned LocalAddrWidth = 10,
  // The local row space: region 0 (the scratchpad) is rows [0, LocalRows) of up to
  // SpadBytes bytes; region 1 (the accumulator, when AccRows > 0) is rows
  // [AccBase, AccBase + AccRows) of up to AccBytes. A transfer stays in one region.
  parameter int unsigned LocalRows      = 1024,
  parameter int unsigned SpadBytes      = LocalBytes,
  parameter int unsigned AccBase        = 0,
  parameter int unsigned AccRows        = 0,
  parameter int unsigned AccBytes       = LocalBytes,
  parameter int unsigned MaxBursts      = npu_pkg::DmaMaxBursts, // per direction
  parameter int unsigned MaxBurstBeats  = 256,  // beats a burst may have (1 .. 256)
  parameter int unsigned RowsWidth      = 16,
  // 0: the range checks multiply rows by the strides in one cycle; 1: by shift and add in
  // RowsWidth cycles (no multiplier: the iCE40 board).
  parameter bit          SerialChecks   = 1'b0,
  // 1: one burst generator for both engines, which then run one at a time (a small FPGA).
  parameter bit          SharedBursts   = 1'b0,
  // Rows the store reads ahead (>= 2); ByteSerial: bytes, a local read each (>= 1).
  parameter int unsigned StoreRowBuffer = 4,
  // 1: one engine for both directions (so one transfer at a time, as SharedBursts), moving
  // a byte a cycle instead of realigning whole beats (npu_dma_serial; a small FPGA).
  parameter bit          ByteSerial     = 1'b0,
  localparam bit          OneAtATime    = SharedBursts || ByteSerial,
  localparam int unsigned BusBytes      = DataWidth / 8,
  localparam int unsigned RowBytesWidth = $clog2(LocalBytes + 1)
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  // Descriptors, held until taken (withdrawing one drops it).
  input  logic                      desc_valid_i,
  output logic                      desc_ready_o,
  input  logic                      desc_store_i,        // 0: load, 1: store
  input  logic [AddrWidth-1:0]      desc_addr_i,         // DRAM byte address, any alignment
  input  logic [RowsWidth-1:0]      desc_rows_i,
  input  logic [RowBytesWidth-1:0]  desc_row_bytes_i,    // 1 .. LocalBytes
  input  logic [AddrWidth-1:0]      desc_stride_i,       // DRAM bytes between rows
  input  logic [LocalAddrWidth-1:0] desc_local_addr_i,   // first local row
  input  logic [LocalAddrWidth-1:0] desc_local_stride_i, // local rows between rows
  // DRAM window.
  input  logic [AddrWidth-1:0]      win_base_i,
  input  logic [AddrWidth-1:0]      win_limit_i,
  // Completion, one pulse per descriptor.
  output logic                      load_done_o,
  output logic [3:0]                load_error_o,
  output logic                      store_done_o,
  output logic [3:0]                store_error_o,
  output logic                      busy_o,
  // AXI4 master.
  output logic                      axi_ar_valid_o,
  input  logic                      axi_ar_ready_i,
  output logic [AddrWidth-1:0]      axi_ar_addr_o,
  output logic [IdWidth-1:0]        axi_ar_id_o,
  output logic [7:0]                axi_ar_len_o,
  output logic [2:0]                axi_ar_size_o,
  output logic [1:0]                axi_ar_burst_o,
  input  logic                      axi_r_valid_i,
  output logic                      axi_r_ready_o,
  input  logic [IdWidth-1:0]        axi_r_id_i,
  input  logic [DataWidth-1:0]      axi_r_data_i,
  input  logic [1:0]                axi_r_resp_i,
  input  logic                      axi_r_last_i,
  output logic                      axi_aw_valid_o,
  input  logic                      axi_aw_ready_i,
  output logic [AddrWidth-1:0]      axi_aw_addr_o,
  output logic [IdWidth-1:0]        axi_aw_id_o,
  output logic [7:0]                axi_aw_len_o,
  output logic [2:0]                axi_aw_size_o,
  output logic [1:0]                axi_aw_burst_o,
  output logic                      axi_w_valid_o,
  input  logic                      axi_w_ready_i,
  output logic [DataWidth-1:0]      axi_w_data_o,
  output logic [BusBytes-1:0]       axi_w_strb_o,
  output logic                      axi_w_last_o,
  input  logic                      axi_b_valid_i,
  output logic                      axi_b_ready_o,
  input  logic [IdWidth-1:0]        axi_b_id_i,
  input  logic [1:0]                axi_b_resp_i,
  // Local side: load writes rows, store reads rows (data ReadLatency later, no stall).
  output logic                      lw_valid_o,
  input  logic                      lw_ready_i,
  output logic [LocalAddrWidth-1:0] lw_addr_o,
  output logic [LocalBytes*8-1:0]   lw_data_o,
  output logic [LocalBytes-1:0]     lw_mask_o,
  output logic                      lr_valid_o,
  input  logic                      lr_ready_i,
  output logic [LocalAddrWidth-1:0] lr_addr_o,
  input  logic                      lr_rsp_valid_i,
  input  logic [LocalBytes*8-1:0]   lr_rsp_data_i
);

  localparam int unsigned SpanWidth  = AddrWidth + RowsWidth + 1;
  localparam int unsigned LocalWidth = LocalAddrWidth + RowsWidth + 1;
  localparam int unsigned LastWidth  = LocalAddrWidth + 1;
  localparam int unsigned SegWidth   = RowsWidth + RowBytesWidth;

  // No copy of the descriptor (each engine takes what it needs as it starts). checking_q:
  // the descriptor at the input has been there a cycle (its checks have started).
  logic                      checking_q;

  logic                      chk_ready;   // the checks are done (SerialChecks: in cycles)
  logic [SpanWidth-1:0]      dram_steps;  // (rows - 1) * stride
  logic [LocalWidth-1:0]     local_steps; // (rows - 1) * local stride
  logic [SegWidth-1:0]       span;        // (rows - 1) * stride + row_bytes, low bits
  logic                      window_bad;  // the DRAM range is not inside the window
  logic [LastWidth-1:0]      local_last;  // the last local row (when steps_big is clear)
  logic                      steps_big;   // the local steps reach 2^LocalAddrWidth
  logic [3:0]                chk_code;
  logic                      first_in_spad, last_in_spad, first_in_acc, last_in_acc;
  logic [RowBytesWidth-1:0]  region_bytes;
  logic                      engine_busy;
  logic                      dispatch, report;
  logic                      load_busy, load_done, store_busy, store_done;
  logic [3:0]                load_error, store_error;

  assign desc_ready_o = dispatch || report;

  // A descriptor withdrawn before it is taken (the core's halt) is forgotten; the next
  // one starts its checks afresh.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) checking_q <= 1'b0;
    else checking_q <= desc_valid_i && !desc_ready_o;
  end

  // Checks, all before the first bus access.
  if (SerialChecks) begin : g_serial_checks
    // Both products start as the descriptor arrives and take RowsWidth cycles; then the
    // window check takes a bit a cycle, lowest first, for AddrWidth cycles: the range's
    // end, addr + steps + row_bytes, as two one-bit sums, compared with win_limit, and
    // addr compared with win_base, each compare one bit of state (a higher bit that
    // differs decides). The end's bits from AddrWidth up are zero when the product's are
    // and neither sum carries out of the last bit. No 49-bit adder or comparator.
    localparam int unsigned BitWidth = (AddrWidth > 1) ? $clog2(AddrWidth) : 1;
    logic [RowsWidth-1:0] desc_rows_m1;
    logic                 start, dram_done, local_done;
    logic [BitWidth-1:0]  bit_q;          // the address bit compared this cycle
    logic                 pass_done_q;    // every address bit compared
    logic                 ext_carry_q, end_carry_q, end_over_q, addr_under_q;
    logic                 ext_bit, ext_carry, end_bit, end_carry, addr_bit, step_bit, rb_bit;
    logic [AddrWidth-1:0] row_bytes_ext, steps_lo;
    assign start        = desc_valid_i && !checking_q;
    assign desc_rows_m1 = (desc_rows_i == '0) ? '0 : desc_rows_i - 1'b1;
    prim_shift_add_mul #(.AWidth(AddrWidth), .BWidth(RowsWidth)) u_dram_steps (
      .clk_i, .rst_ni, .start_i(start), .a_i(desc_stride_i),
      .b_i(desc_rows_m1), .done_o(dram_done), .product_o(dram_steps[AddrWidth+RowsWidth-1:0]));
    prim_shift_add_mul #(.AWidth(LocalAddrWidth), .BWidth(RowsWidth)) u_local_steps (
      .clk_i, .rst_ni, .start_i(start), .a_i(desc_local_stride_i),
      .b_i(desc_rows_m1), .done_o(local_done),
      .product_o(local_steps[LocalAddrWidth+RowsWidth-1:0]));
    assign dram_steps[SpanWidth-1]   = 1'b0;
    assign local_steps[LocalWidth-1] = 1'b0;

    assign row_bytes_ext = AddrWidth'(desc_row_bytes_i);
    assign addr_bit = desc_addr_i[bit_q];
    assign steps_lo = dram_steps[AddrWidth-1:0];
    assign step_bit = steps_lo[bit_q];
    assign rb_bit   = row_bytes_ext[bit_q];
    assign {ext_carry, ext_bit} = 2'(step_bit) + 2'(rb_bit) + 2'(ext_carry_q);
    assign {end_carry, end_bit} = 2'(addr_bit) + 2'(ext_bit) + 2'(end_carry_q);
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        {bit_q, pass_done_q, ext_carry_q, end_carry_q, end_over_q, addr_under_q} <= '0;
      end else if (start) begin
        {bit_q, pass_done_q, ext_carry_q, end_carry_q, end_over_q, addr_under_q} <= '0;
      end else if (dram_done && !pass_done_q) begin
        ext_carry_q <= ext_carry;
        end_carry_q <= end_carry;
        if (end_bit != win_limit_i[bit_q]) end_over_q <= end_bit;
        if (addr_bit != win_base_i[bit_q]) addr_under_q <= win_base_i[bit_q];
        bit_q       <= bit_q + 1'b1;
        pass_done_q <= 32'(bit_q) == AddrWidth - 1;
      end
    end
    assign window_bad = addr_under_q || end_over_q || ext_carry_q || end_carry_q ||
                        dram_steps[SpanWidth-1:AddrWidth] != '0;
    assign chk_ready  = dram_done && local_done && pass_done_q;
    assign span       = SegWidth'(dram_steps) + SegWidth'(desc_row_bytes_i);
  end else begin : g_parallel_checks
    logic [RowsWidth-1:0] rows_m1;
    logic [SpanWidth-1:0] extent;         // (rows - 1) * stride + row_bytes
    logic [SpanWidth-1:0] dram_end;       // one past the last byte
    assign rows_m1     = desc_rows_i - 1'b1;
    assign dram_steps  = SpanWidth'(rows_m1) * SpanWidth'(desc_stride_i);
    assign local_steps = LocalWidth'(rows_m1) * LocalWidth'(desc_local_stride_i);
    // The span is the extent's low bits: one sum for both (the end as one sum of three
    // and the span apart cost the Arty's default image 180 LUTs more).
    assign extent      = dram_steps + SpanWidth'(desc_row_bytes_i);
    assign dram_end    = SpanWidth'(desc_addr_i) + extent;
    assign span        = SegWidth'(extent);
    assign window_bad  = desc_addr_i < win_base_i || dram_end > SpanWidth'(win_limit_i);
    assign chk_ready   = 1'b1;
  end
  // Every region ends at or below 2^LocalAddrWidth, so a last row that far or further is
  // in none: the sum is LocalAddrWidth + 1 bits, and the steps' high bits are one flag.
  assign steps_big  = local_steps[LocalWidth-1:LocalAddrWidth] != '0;
  assign local_last = LastWidth'(desc_local_addr_i) + LastWidth'(local_steps[LocalAddrWidth-1:0]);
  assign first_in_spad = LastWidth'(desc_local_addr_i) < LastWidth'(LocalRows);
  assign last_in_spad  = !steps_big && local_last < LastWidth'(LocalRows);
  assign first_in_acc  = AccRows != 0 && LastWidth'(desc_local_addr_i) >= LastWidth'(AccBase) &&
                         LastWidth'(desc_local_addr_i) < LastWidth'(AccBase + AccRows);
  assign last_in_acc   = AccRows != 0 && !steps_big && local_last >= LastWidth'(AccBase) &&
                         local_last < LastWidth'(AccBase + AccRows);
  assign region_bytes  = first_in_acc ? RowBytesWidth'(AccBytes) : RowBytesWidth'(SpadBytes);

  always_comb begin
    chk_code = npu_pkg::DmaErrNone;
    if (desc_rows_i != '0) begin
      if (desc_row_bytes_i == '0 || desc_row_bytes_i > RowBytesWidth'(LocalBytes)) begin
        chk_code = npu_pkg::DmaErrField;
      end else if (window_bad) begin
        chk_code = npu_pkg::DmaErrWindow;
      end else if (!(first_in_spad && last_in_spad) && !(first_in_acc && last_in_acc)) begin
        chk_code = npu_pkg::DmaErrLocalRange;
      end else if (desc_row_bytes_i > region_bytes) begin
        chk_code = npu_pkg::DmaErrField;  // wider than a row of that memory
      end
    end
  end

  // A descriptor waits for its engine (OneAtATime: for both); one that fails (or has no
  // rows) is reported in order, once that engine is idle.
  assign engine_busy = (OneAtATime || desc_store_i) && store_busy ||
                       (OneAtATime || !desc_store_i) && load_busy;
  assign report      = desc_valid_i && checking_q && chk_ready && !engine_busy &&
                       (chk_code != npu_pkg::DmaErrNone || desc_rows_i == '0);
  assign dispatch    = desc_valid_i && checking_q && chk_ready && !engine_busy && !report;

  // Burst generators: the engines' regions cut into AXI bursts (npu_dma_bursts). One
  // transfer at a time (OneAtATime) needs one generator; otherwise the load has
  // generator 0 and the store generator 1. Their signals side by side, generator 0 lowest.
  localparam int unsigned OffWidth   = $clog2(BusBytes);
  localparam int unsigned LaneWidth  = $clog2(BusBytes + 1);
  localparam int unsigned Generators = OneAtATime ? 1 : 2;
  logic [Generators-1:0]           gen_start, gen_abort, gen_ready, gen_busy, gen_valid;
  logic [Generators*AddrWidth-1:0] gen_addr;
  logic [Generators*8-1:0]         gen_len;
  logic [Generators*OffWidth-1:0]  gen_lo;
  logic [Generators*LaneWidth-1:0] gen_hi;

  for (genvar g = 0; g < Generators; g++) begin : g_bursts
    npu_dma_bursts #(
      .AddrWidth     (AddrWidth),
      .BusBytes      (BusBytes),
      .RowsWidth     (RowsWidth),
      .RowBytesWidth (RowBytesWidth),
      .MaxBeats      (MaxBurstBeats)
    ) u_bursts (
      .clk_i,
      .rst_ni,
      .start_i       (gen_start[g]),
      .addr_i        (desc_addr_i),
      .rows_i        (desc_rows_i),
      .row_bytes_i   (desc_row_bytes_i),
      .stride_i      (desc_stride_i),
      .span_i        (span),  // exact when the rows touch
      .abort_i       (gen_abort[g]),
      .busy_o        (gen_busy[g]),
      .burst_valid_o (gen_valid[g]),
      .burst_ready_i (gen_ready[g]),
      .burst_addr_o  (gen_addr[g*AddrWidth +: AddrWidth]),
      .burst_len_o   (gen_len[g*8 +: 8]),
      .burst_lo_o    (gen_lo[g*OffWidth +: OffWidth]),
      .burst_hi_o    (gen_hi[g*LaneWidth +: LaneWidth])
    );
  end

  if (ByteSerial) begin : g_one_engine
    // Loads and stores on one engine, a byte a cycle (npu_dma_serial).
    logic engine_store, engine_done;
    logic [3:0] engine_error;
    npu_dma_serial #(
      .AddrWidth      (AddrWidth),
      .DataWidth      (DataWidth),
      .IdWidth        (IdWidth),
      .LocalBytes     (LocalBytes),
      .LocalAddrWidth (LocalAddrWidth),
      .MaxBursts      (MaxBursts),
      .RowBuffer      (StoreRowBuffer),
      .RowsWidth      (RowsWidth)
    ) u_engine (
      .clk_i,
      .rst_ni,
      .start_i        (dispatch),
      .store_i        (desc_store_i),
      .rows_i         (desc_rows_i),
      .row_bytes_i    (desc_row_bytes_i),
      .local_addr_i   (desc_local_addr_i),
      .local_stride_i (desc_local_stride_i),
      .busy_o         (load_busy),  // the one engine: both directions wait for it
      .store_o        (engine_store),
      .done_o         (engine_done),
      .error_o        (engine_error),
      .gen_start_o    (gen_start),
      .gen_abort_o    (gen_abort),
      .gen_busy_i     (gen_busy),
      .gen_valid_i    (gen_valid),
      .gen_ready_o    (gen_ready),
      .gen_addr_i     (gen_addr),
      .gen_len_i      (gen_len),
      .gen_lo_i       (gen_lo),
      .gen_hi_i       (gen_hi),
      .ar_valid_o     (axi_ar_valid_o),
      .ar_ready_i     (axi_ar_ready_i),
      .ar_addr_o      (axi_ar_addr_o),
      .ar_id_o        (axi_ar_id_o),
      .ar_len_o       (axi_ar_len_o),
      .r_valid_i      (axi_r_valid_i),
      .r_ready_o      (axi_r_ready_o),
      .r_id_i         (axi_r_id_i),
      .r_data_i       (axi_r_data_i),
      .r_resp_i       (axi_r_resp_i),
      .r_last_i       (axi_r_last_i),
      .aw_valid_o     (axi_aw_valid_o),
      .aw_ready_i     (axi_aw_ready_i),
      .aw_addr_o      (axi_aw_addr_o),
      .aw_id_o        (axi_aw_id_o),
      .aw_len_o       (axi_aw_len_o),
      .w_valid_o      (axi_w_valid_o),
      .w_ready_i      (axi_w_ready_i),
      .w_data_o       (axi_w_data_o),
      .w_strb_o       (axi_w_strb_o),
      .w_last_o       (axi_w_last_o),
      .b_valid_i      (axi_b_valid_i),
      .b_ready_o      (axi_b_ready_o),
      .b_id_i         (axi_b_id_i),
      .b_resp_i       (axi_b_resp_i),
      .lw_valid_o,
      .lw_ready_i,
      .lw_addr_o,
      .lw_data_o,
      .lw_mask_o,
      .lr_valid_o,
      .lr_ready_i,
      .lr_addr_o,
      .lr_rsp_valid_i,
      .lr_rsp_data_i
    );
    assign store_busy  = 1'b0;
    assign load_done   = engine_done && !engine_store;
    assign store_done  = engine_done && engine_store;
    assign load_error  = engine_error;
    assign store_error = engine_error;
  end else begin : g_two_engines
    // Each engine's view of its generator (the last one is the store's).
    localparam int unsigned StoreGen = Generators - 1;
    logic start_load, start_store;
    logic load_gen_start, load_gen_abort, load_gen_ready, load_gen_valid;
    logic store_gen_start, store_gen_abort, store_gen_ready, store_gen_valid;
    assign start_load  = dispatch && !desc_store_i;
    assign start_store = dispatch && desc_store_i;
    if (OneAtATime) begin : g_take_turns
      // The generator is the busy engine's.
      assign gen_start       = load_gen_start || store_gen_start;
      assign gen_abort       = load_gen_abort || store_gen_abort;
      assign gen_ready       = load_gen_ready || store_gen_ready;
      assign load_gen_valid  = gen_valid[0] && load_busy;
      assign store_gen_valid = gen_valid[0] && store_busy;
    end else begin : g_own_generators
      assign gen_start       = {store_gen_start, load_gen_start};
      assign gen_abort       = {store_gen_abort, load_gen_abort};
      assign gen_ready       = {store_gen_ready, load_gen_ready};
      assign load_gen_valid  = gen_valid[0];
      assign store_gen_valid = gen_valid[1];
    end

    npu_dma_load #(
      .AddrWidth      (AddrWidth),
      .DataWidth      (DataWidth),
      .IdWidth        (IdWidth),
      .LocalBytes     (LocalBytes),
      .LocalAddrWidth (LocalAddrWidth),
      .MaxBursts      (MaxBursts),
      .RowsWidth      (RowsWidth)
    ) u_load (
      .clk_i,
      .rst_ni,
      .start_i        (start_load),
      .rows_i         (desc_rows_i),
      .row_bytes_i    (desc_row_bytes_i),
      .local_addr_i   (desc_local_addr_i),
      .local_stride_i (desc_local_stride_i),
      .busy_o         (load_busy),
      .gen_start_o    (load_gen_start),
      .gen_abort_o    (load_gen_abort),
      .gen_busy_i     (gen_busy[0]),
      .gen_valid_i    (load_gen_valid),
      .gen_ready_o    (load_gen_ready),
      .gen_addr_i     (gen_addr[AddrWidth-1:0]),
      .gen_len_i      (gen_len[7:0]),
      .gen_lo_i       (gen_lo[OffWidth-1:0]),
      .gen_hi_i       (gen_hi[LaneWidth-1:0]),
      .done_o         (load_done),
      .error_o        (load_error),
      .ar_valid_o     (axi_ar_valid_o),
      .ar_ready_i     (axi_ar_ready_i),
      .ar_addr_o      (axi_ar_addr_o),
      .ar_id_o        (axi_ar_id_o),
      .ar_len_o       (axi_ar_len_o),
      .r_valid_i      (axi_r_valid_i),
      .r_ready_o      (axi_r_ready_o),
      .r_id_i         (axi_r_id_i),
      .r_data_i       (axi_r_data_i),
      .r_resp_i       (axi_r_resp_i),
      .r_last_i       (axi_r_last_i),
      .lw_valid_o,
      .lw_ready_i,
      .lw_addr_o,
      .lw_data_o,
      .lw_mask_o
    );

    npu_dma_store #(
      .AddrWidth      (AddrWidth),
      .DataWidth      (DataWidth),
      .IdWidth        (IdWidth),
      .LocalBytes     (LocalBytes),
      .LocalAddrWidth (LocalAddrWidth),
      .MaxBursts      (MaxBursts),
      .RowBuffer      (StoreRowBuffer),
      .RowsWidth      (RowsWidth)
    ) u_store (
      .clk_i,
      .rst_ni,
      .start_i        (start_store),
      .rows_i         (desc_rows_i),
      .row_bytes_i    (desc_row_bytes_i),
      .local_addr_i   (desc_local_addr_i),
      .local_stride_i (desc_local_stride_i),
      .busy_o         (store_busy),
      .gen_start_o    (store_gen_start),
      .gen_abort_o    (store_gen_abort),
      .gen_busy_i     (gen_busy[StoreGen]),
      .gen_valid_i    (store_gen_valid),
      .gen_ready_o    (store_gen_ready),
      .gen_addr_i     (gen_addr[StoreGen*AddrWidth +: AddrWidth]),
      .gen_len_i      (gen_len[StoreGen*8 +: 8]),
      .gen_lo_i       (gen_lo[StoreGen*OffWidth +: OffWidth]),
      .gen_hi_i       (gen_hi[StoreGen*LaneWidth +: LaneWidth]),
      .done_o         (store_done),
      .error_o        (store_error),
      .aw_valid_o     (axi_aw_valid_o),
      .aw_ready_i     (axi_aw_ready_i),
      .aw_addr_o      (axi_aw_addr_o),
      .aw_id_o        (axi_aw_id_o),
      .aw_len_o       (axi_aw_len_o),
      .w_valid_o      (axi_w_valid_o),
      .w_ready_i      (axi_w_ready_i),
      .w_data_o       (axi_w_data_o),
      .w_strb_o       (axi_w_strb_o),
      .w_last_o       (axi_w_last_o),
      .b_valid_i      (axi_b_valid_i),
      .b_ready_o      (axi_b_ready_o),
      .b_id_i         (axi_b_id_i),
      .b_resp_i       (axi_b_resp_i),
      .lr_valid_o,
      .lr_ready_i,
      .lr_addr_o,
      .lr_rsp_valid_i,
      .lr_rsp_data_i
    );
  end

  // Full-width INCR bursts only.
  assign axi_ar_size_o  = 3'($clog2(BusBytes));
  assign axi_aw_size_o  = 3'($clog2(BusBytes));
  assign axi_ar_burst_o = 2'b01;
  assign axi_aw_burst_o = 2'b01;

  assign load_done_o   = load_done || (report && !desc_store_i);
  assign load_error_o  = report ? chk_code : load_error;
  assign store_done_o  = store_done || (report && desc_store_i);
  assign store_error_o = report ? chk_code : store_error;
  assign busy_o        = checking_q || load_busy || store_busy;

  // ---------------------------------------------------------------------------------------
  // AXI4 rules on the master's side, and the window promise.
  logic [13:0] ar_page_end, aw_page_end;
  logic [SpanWidth-1:0] ar_end, aw_end;
  assign ar_page_end = 14'(axi_ar_addr_o[11:0]) + 14'((32'(axi_ar_len_o) + 1) * BusBytes);
  assign aw_page_end = 14'(axi_aw_addr_o[11:0]) + 14'((32'(axi_aw_len_o) + 1) * BusBytes);
  assign ar_end = SpanWidth'(axi_ar_addr_o) +
                  (SpanWidth'(axi_ar_len_o) + 1'b1) * SpanWidth'(BusBytes);
  assign aw_end = SpanWidth'(axi_aw_addr_o) +
                  (SpanWidth'(axi_aw_len_o) + 1'b1) * SpanWidth'(BusBytes);

  `ASSERT_INIT(local_rows_a, LocalRows <= (1 << LocalAddrWidth))
  `ASSERT_INIT(acc_region_a, AccRows == 0 ||
               (AccBase >= LocalRows && AccBase + AccRows <= (1 << LocalAddrWidth)))
  `ASSERT_INIT(region_bytes_a, SpadBytes <= LocalBytes && AccBytes <= LocalBytes)
  `ASSERT_STABLE(ar_stable_a, axi_ar_valid_o, axi_ar_ready_i, {axi_ar_addr_o, axi_ar_len_o},
                 clk_i, rst_ni)
  `ASSERT_STABLE(aw_stable_a, axi_aw_valid_o, axi_aw_ready_i, {axi_aw_addr_o, axi_aw_len_o},
                 clk_i, rst_ni)
  `ASSERT(ar_no_4k_cross_a, axi_ar_valid_o |-> ar_page_end <= 14'd4096, clk_i, rst_ni)
  `ASSERT(aw_no_4k_cross_a, axi_aw_valid_o |-> aw_page_end <= 14'd4096, clk_i, rst_ni)
  `ASSERT(ar_in_window_a, axi_ar_valid_o |->
          (axi_ar_addr_o >= win_base_i && ar_end <= SpanWidth'(win_limit_i)), clk_i, rst_ni)
  `ASSERT(aw_in_window_a, axi_aw_valid_o |->
          (axi_aw_addr_o >= win_base_i && aw_end <= SpanWidth'(win_limit_i)), clk_i, rst_ni)
  `ASSERT(window_aligned_a, busy_o |-> (win_base_i[11:0] == '0 && win_limit_i[11:0] == '0),
          clk_i, rst_ni)

endmodule
