// SPDX-License-Identifier: Apache-2.0
// npu_board_mem: the board's DRAM stand-in. One single-port SRAM (prim_sram: on the iCE40
// the SPRAM version of the same name, chosen by file list) of MemBytes, shared by
//  - an AXI4 slave for the NPU core: INCR bursts of full-width beats, one at a time;
//    each read beat is a read then a hold (2 cycles at the least), each write beat one
//    cycle; beats outside MemBytes answer DECERR and touch nothing;
//  - the UART bridge's word port, served whenever no burst is in progress.
// A prototype's memory, not a fast one: the NPU's DMA sees about half a beat per cycle.
// A read beat is shown straight from the RAM's output, which holds its data until the next
// access (prim_sram at ReadLatency 1), and nothing else uses the RAM while a beat waits.
// The burst's address is kept at the memory's width plus a bit, with a flag for an
// address above 2^MemAddrWidth (a burst stays inside 4 KiB, so it never wraps).

`include "npu_assert.svh"

module npu_board_mem #(
  parameter int unsigned DataWidth = 64,
  parameter int unsigned MemBytes  = 131072,
  parameter int unsigned IdWidth   = 4,
  localparam int unsigned BusBytes  = DataWidth / 8,
  localparam int unsigned Words     = MemBytes / BusBytes,
  localparam int unsigned WordWidth = $clog2(Words),
  localparam int unsigned LaneWidth = (BusBytes > 1) ? $clog2(BusBytes) : 1,
  localparam int unsigned MemAddrWidth = $clog2(MemBytes)
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  // AXI4 slave (the core's master)
  input  logic                 ar_valid_i,
  output logic                 ar_ready_o,
  input  logic [31:0]          ar_addr_i,
  input  logic [IdWidth-1:0]   ar_id_i,
  input  logic [7:0]           ar_len_i,
  output logic                 r_valid_o,
  input  logic                 r_ready_i,
  output logic [IdWidth-1:0]   r_id_o,
  output logic [DataWidth-1:0] r_data_o,
  output logic [1:0]           r_resp_o,
  output logic                 r_last_o,
  input  logic                 aw_valid_i,
  output logic                 aw_ready_o,
  input  logic [31:0]          aw_addr_i,
  input  logic [IdWidth-1:0]   aw_id_i,
  input  logic [7:0]           aw_len_i,
  input  logic                 w_valid_i,
  output logic                 w_ready_o,
  input  logic [DataWidth-1:0] w_data_i,
  input  logic [BusBytes-1:0]  w_strb_i,
  input  logic                 w_last_i,
  output logic                 b_valid_o,
  input  logic                 b_ready_i,
  output logic [IdWidth-1:0]   b_id_o,
  output logic [1:0]           b_resp_o,
  // the bridge's word port
  input  logic                 host_req_i,
  output logic                 host_gnt_o,
  input  logic                 host_we_i,
  input  logic [31:0]          host_addr_i,
  input  logic [DataWidth-1:0] host_wdata_i,
  input  logic [BusBytes-1:0]  host_wstrb_i,
  output logic                 host_rvalid_o,
  output logic [DataWidth-1:0] host_rdata_o
);

  localparam logic [2:0] SIdle = 3'd0, SRead = 3'd1, SReadHold = 3'd2, SWrite = 3'd3, SResp = 3'd4;

  logic [2:0]  state_q;
  logic [MemAddrWidth:0] addr_q;
  logic        far_q;      // the burst's address has bits set above the memory's width
  logic [7:0]  beats_left_q;
  logic [IdWidth-1:0] id_q;
  logic        err_q;      // the burst left the memory somewhere: DECERR
  logic        read_issued_q, host_read_q;

  wire in_range_r = !far_q && addr_q < (MemAddrWidth+1)'(MemBytes);

  // The one SRAM port.
  logic                 ram_req, ram_we;
  logic [WordWidth-1:0] ram_addr;
  logic [DataWidth-1:0] ram_wdata, ram_rdata;
  logic [BusBytes-1:0]  ram_wmask;

  prim_sram #(.Width(DataWidth), .Depth(Words), .ReadLatency(1)) u_ram (
    .clk_i, .rst_ni,
    .req_i(ram_req), .we_i(ram_we), .addr_i(ram_addr), .wdata_i(ram_wdata), .wmask_i(ram_wmask),
    .rdata_o(ram_rdata)
  );

  assign ar_ready_o = (state_q == SIdle);
  assign aw_ready_o = (state_q == SIdle) && !ar_valid_i;  // reads first
  assign host_gnt_o = (state_q == SIdle) && !ar_valid_i && !aw_valid_i && host_req_i;
  assign w_ready_o  = (state_q == SWrite);

  always_comb begin
    ram_req   = 1'b0;
    ram_we    = 1'b0;
    ram_addr  = addr_q[LaneWidth +: WordWidth];
    ram_wdata = w_data_i;
    ram_wmask = w_strb_i;
    if (host_gnt_o) begin
      ram_req   = 1'b1;
      ram_we    = host_we_i;
      ram_addr  = host_addr_i[LaneWidth +: WordWidth];
      ram_wdata = host_wdata_i;
      ram_wmask = host_wstrb_i;
    end else if (state_q == SRead && in_range_r) begin
      ram_req = 1'b1;
    end else if (state_q == SWrite && w_valid_i && in_range_r) begin
      ram_req = 1'b1;
      ram_we  = 1'b1;
    end
  end

  assign r_valid_o     = (state_q == SReadHold) && !read_issued_q;
  assign r_id_o        = id_q;
  assign r_data_o      = ram_rdata;
  assign r_resp_o      = err_q ? 2'b11 : 2'b00;
  assign r_last_o      = (beats_left_q == 0);
  assign b_valid_o     = (state_q == SResp);
  assign b_id_o        = id_q;
  assign b_resp_o      = err_q ? 2'b11 : 2'b00;
  assign host_rvalid_o = host_read_q;
  assign host_rdata_o  = ram_rdata;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q       <= SIdle;
      addr_q        <= '0;
      far_q         <= 1'b0;
      beats_left_q  <= '0;
      id_q          <= '0;
      err_q         <= 1'b0;
      read_issued_q <= 1'b0;
      host_read_q   <= 1'b0;
    end else begin
      host_read_q <= host_gnt_o && !host_we_i;
      case (state_q)
        SIdle: begin
          if (ar_valid_i) begin
            addr_q       <= (MemAddrWidth+1)'(ar_addr_i);
            far_q        <= (ar_addr_i >> (MemAddrWidth + 1)) != '0;
            beats_left_q <= ar_len_i;
            id_q         <= ar_id_i;
            state_q      <= SRead;
          end else if (aw_valid_i) begin
            addr_q       <= (MemAddrWidth+1)'(aw_addr_i);
            far_q        <= (aw_addr_i >> (MemAddrWidth + 1)) != '0;
            beats_left_q <= aw_len_i;
            id_q         <= aw_id_i;
            err_q        <= 1'b0;
            state_q      <= SWrite;
          end
        end
        SRead: begin  // the read is issued this cycle; its data come next cycle
          err_q         <= !in_range_r;
          read_issued_q <= in_range_r;
          state_q       <= SReadHold;
        end
        SReadHold: begin
          if (read_issued_q) read_issued_q <= 1'b0;
          if (r_ready_i && !read_issued_q) begin
            addr_q <= addr_q + (MemAddrWidth+1)'(BusBytes);
            if (beats_left_q == 0) begin
              state_q <= SIdle;
            end else begin
              beats_left_q <= beats_left_q - 1'b1;
              state_q      <= SRead;
            end
          end
        end
        SWrite: if (w_valid_i) begin
          if (!in_range_r) err_q <= 1'b1;
          addr_q <= addr_q + (MemAddrWidth+1)'(BusBytes);
          if (w_last_i) state_q <= SResp;
          else beats_left_q <= beats_left_q - 1'b1;
        end
        SResp: if (b_ready_i) state_q <= SIdle;
        default: state_q <= SIdle;
      endcase
    end
  end

  // 2 x MemBytes a multiple of 4 KiB: no burst crosses it, so addr_q never wraps.
  `ASSERT_INIT(mem_bytes_a, MemBytes % BusBytes == 0 && (Words & (Words - 1)) == 0 &&
               MemBytes >= 2048 && MemAddrWidth < 31)
  `ASSERT(wlast_matches_len_a, (state_q == SWrite && w_valid_i) |-> (w_last_i == (beats_left_q == 0)),
          clk_i, rst_ni)

endmodule
