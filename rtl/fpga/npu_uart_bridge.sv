// SPDX-License-Identifier: Apache-2.0
// npu_uart_bridge: the host's way into a board over a serial line (docs/fpga.md).
// Request  A5 | cmd | len (2, LE) | payload | crc8(cmd .. payload)
// Reply    5A | status | len (2, LE) | payload | crc8(status .. payload)
// Commands: 01 CSR read (offset:2) -> value:4; 02 CSR write (offset:2, value:4);
// 03 memory read (addr:4, count:2, 1..256) -> count bytes; 04 memory write (addr:4,
// 1..256 bytes); 05 status -> 1 byte (bit 0: the interrupt line).
// Status: 0 ok, 1 checksum, 2 unknown command, 3 bad length, 4 bus error (the CSR port
// answered an error or nothing within TimeoutCycles, or a memory range outside MemBytes),
// 5 timeout (a frame stopped for TimeoutCycles before its end).
// Nothing is executed before the whole frame and its checksum are in: a corrupted or cut
// frame changes no register and no byte. Registers are reached through an AXI4-Lite
// master, memory through a word port with byte strobes (npu_board_mem).

`include "npu_assert.svh"

module npu_uart_bridge #(
  parameter int unsigned ClkPerBit     = 104,
  parameter int unsigned TimeoutCycles = 104 * 40,  // about 4 byte times of silence
  parameter int unsigned BusBytes      = 8,          // width of the memory port
  parameter int unsigned MemBytes      = 131072,
  parameter int unsigned CsrAddrWidth  = 8,
  localparam int unsigned MaxData      = 256,
  localparam int unsigned TimerWidth   = $clog2(TimeoutCycles + 1),
  // Memory addresses as wide as the memory: an address above it is refused before use.
  localparam int unsigned MemAddrWidth = $clog2(MemBytes),
  localparam int unsigned LaneWidth    = (BusBytes > 1) ? $clog2(BusBytes) : 1
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  input  logic                    rx_i,
  output logic                    tx_o,
  // AXI4-Lite master to the NPU's registers
  output logic                    m_aw_valid_o,
  input  logic                    m_aw_ready_i,
  output logic [CsrAddrWidth-1:0] m_aw_addr_o,
  output logic                    m_w_valid_o,
  input  logic                    m_w_ready_i,
  output logic [31:0]             m_w_data_o,
  output logic [3:0]              m_w_strb_o,
  input  logic                    m_b_valid_i,
  output logic                    m_b_ready_o,
  input  logic [1:0]              m_b_resp_i,
  output logic                    m_ar_valid_o,
  input  logic                    m_ar_ready_i,
  output logic [CsrAddrWidth-1:0] m_ar_addr_o,
  input  logic                    m_r_valid_i,
  output logic                    m_r_ready_o,
  input  logic [31:0]             m_r_data_i,
  input  logic [1:0]              m_r_resp_i,
  // memory word port: a request is taken when gnt_i is high; read data come with rvalid_i
  output logic                    mem_req_o,
  input  logic                    mem_gnt_i,
  output logic                    mem_we_o,
  output logic [31:0]             mem_addr_o,   // byte address of the word
  output logic [BusBytes*8-1:0]   mem_wdata_o,
  output logic [BusBytes-1:0]     mem_wstrb_o,
  input  logic                    mem_rvalid_i,
  input  logic [BusBytes*8-1:0]   mem_rdata_i,
  input  logic                    irq_i
);

  localparam logic [7:0] SyncReq = 8'hA5, SyncRep = 8'h5A;
  localparam logic [7:0] CmdCsrRead = 8'h01, CmdCsrWrite = 8'h02, CmdMemRead = 8'h03,
                         CmdMemWrite = 8'h04, CmdStatus = 8'h05;
  // Status codes fit 3 bits (sent as a byte): a wider register would only hold zeros.
  localparam logic [2:0] StOk = 3'd0, StChecksum = 3'd1, StCommand = 3'd2, StLength = 3'd3,
                         StBus = 3'd4, StTimeout = 3'd5;

  // States (plain constants: Yosys 0.23 and enums do not mix).
  localparam logic [4:0] SIdle = 5'd0, SCmd = 5'd1, SLen0 = 5'd2, SLen1 = 5'd3, SPayload = 5'd4,
                         SCrc = 5'd5, SExec = 5'd6, SCsrAr = 5'd7, SCsrR = 5'd8, SCsrAw = 5'd9,
                         SCsrB = 5'd10, SWrRead = 5'd11, SWrWrite = 5'd12, STxSync = 5'd13,
                         STxStatus = 5'd14, STxLen0 = 5'd15, STxLen1 = 5'd16, STxData = 5'd17,
                         STxFetch = 5'd18, STxWait = 5'd19, STxCrc = 5'd20;

  function automatic logic [7:0] crc8(input logic [7:0] crc, input logic [7:0] data);
    logic [7:0] c;
    c = crc ^ data;
    for (int i = 0; i < 8; i++) c = c[7] ? ((c << 1) ^ 8'h07) : (c << 1);
    crc8 = c;
  endfunction

  // ---- the serial line --------------------------------------------------------------
  logic       rx_valid, rx_frame_error;
  logic [7:0] rx_data;
  logic       tx_valid, tx_ready;
  logic [7:0] tx_data;

  npu_uart_rx #(.ClkPerBit(ClkPerBit)) u_rx (
    .clk_i, .rst_ni, .rx_i, .valid_o(rx_valid), .data_o(rx_data), .frame_error_o(rx_frame_error)
  );
  npu_uart_tx #(.ClkPerBit(ClkPerBit)) u_tx (
    .clk_i, .rst_ni, .valid_i(tx_valid), .ready_o(tx_ready), .data_i(tx_data), .tx_o
  );

  // ---- state --------------------------------------------------------------------------
  logic [4:0]  state_q;
  logic [7:0]  cmd_q, crc_q;
  logic [2:0]  status_q;
  logic [15:0] len_q, idx_q;
  logic [8:0]  rep_len_q;       // a reply carries at most 256 bytes
  // The first six payload bytes, byte 0 lowest; a CSR read's value replaces the
  // write value's bytes 2 to 5 (sent LSB first).
  logic [47:0] hdr_q;
  logic [TimerWidth-1:0] timer_q;
  logic [7:0]  byte_q;          // the memory byte read, next to send
  logic [8:0]  data_idx_q;      // memory bytes done

  wire [15:0] hdr_offset = hdr_q[15:0];
  wire [31:0] hdr_value  = hdr_q[47:16];
  wire [31:0] hdr_addr   = hdr_q[31:0];
  wire [15:0] hdr_count  = hdr_q[47:32];
  wire [MemAddrWidth-1:0] cur_addr = hdr_addr[MemAddrWidth-1:0] + MemAddrWidth'(data_idx_q);
  wire [LaneWidth-1:0] cur_lane = cur_addr[LaneWidth-1:0];

  // Payload bytes 4.. of a memory write wait in a small RAM until the checksum is known.
  logic       buf_we, buf_re;
  logic [8:0] buf_waddr, buf_raddr;
  logic [7:0] buf_rdata;
  prim_sram_2p #(.Width(8), .Depth(512), .ReadLatency(1)) u_buffer (
    .clk_i, .rst_ni,
    .re_i(buf_re), .raddr_i(buf_raddr), .rdata_o(buf_rdata),
    .we_i(buf_we), .waddr_i(buf_waddr), .wdata_i(rx_data), .wmask_i(1'b1)
  );
  // Payload bytes 4 .. 259 (idx_q 4 .. 0x103), tested bit by bit.
  wire in_data_bytes = idx_q[15:9] == '0 && (idx_q[8] ? idx_q[7:2] == '0 : idx_q[7:2] != '0);
  wire in_hdr_bytes  = idx_q[15:3] == '0 && idx_q[2:0] <= 3'd5;
  assign buf_we    = (state_q == SPayload) && rx_valid && in_data_bytes;
  assign buf_waddr = 9'(idx_q - 16'd4);
  assign buf_re    = (state_q == SWrRead);
  assign buf_raddr = data_idx_q;

  // Length rules and the range a memory command touches. A legal length is 1 to 256
  // bytes (9 bits), so the range is checked at the memory's width, the address's bits
  // above it being zero. The bounds are tested bit by bit: compares with constants would
  // be carry chains.
  wire [8:0]  mem_len    = (cmd_q == CmdMemRead) ? hdr_count[8:0] : 9'(len_q - 16'd4);
  wire [MemAddrWidth:0] mem_end = (MemAddrWidth+1)'(hdr_addr[MemAddrWidth-1:0]) +
                                  (MemAddrWidth+1)'(mem_len);
  wire        range_ok   = (hdr_addr >> MemAddrWidth) == '0 &&
                           mem_end <= (MemAddrWidth+1)'(MemBytes);
  // 1 <= count <= 256; 5 <= len <= 260 (0x104).
  wire count_ok = hdr_count[15:9] == '0 &&
                  (hdr_count[8] ? hdr_count[7:0] == '0 : hdr_count[7:0] != '0);
  wire write_len_ok = len_q[15:9] == '0 &&
                      (len_q[8] ? len_q[7:3] == '0 && len_q[2:0] <= 3'd4
                                : len_q[7:3] != '0 || len_q[2:0] >= 3'd5);
  logic len_ok;
  always_comb begin
    case (cmd_q)
      CmdCsrRead:  len_ok = (len_q == 16'd2);
      CmdCsrWrite: len_ok = (len_q == 16'd6);
      CmdMemRead:  len_ok = (len_q == 16'd6) && count_ok;
      CmdMemWrite: len_ok = write_len_ok;
      CmdStatus:   len_ok = (len_q == 16'd0);
      default:     len_ok = 1'b0;
    endcase
  end
  wire known_cmd = (cmd_q >= CmdCsrRead) && (cmd_q <= CmdStatus);
  // The checks settle while the checksum byte arrives (the frame's fields are complete by
  // then), and are registered: the adder and compares stay off the state machine's path.
  logic len_ok_q, range_ok_q, known_cmd_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      len_ok_q    <= 1'b0;
      range_ok_q  <= 1'b0;
      known_cmd_q <= 1'b0;
    end else begin
      len_ok_q    <= len_ok;
      range_ok_q  <= range_ok;
      known_cmd_q <= known_cmd;
    end
  end

  // ---- outputs ------------------------------------------------------------------------
  assign m_ar_valid_o = (state_q == SCsrAr);
  assign m_ar_addr_o  = hdr_offset[CsrAddrWidth-1:0];
  assign m_r_ready_o  = (state_q == SCsrR);
  assign m_aw_addr_o  = hdr_offset[CsrAddrWidth-1:0];
  assign m_w_data_o   = hdr_value;
  assign m_w_strb_o   = 4'hF;
  assign m_b_ready_o  = (state_q == SCsrB);
  logic aw_done_q, w_done_q;
  assign m_aw_valid_o = (state_q == SCsrAw) && !aw_done_q;
  assign m_w_valid_o  = (state_q == SCsrAw) && !w_done_q;

  assign mem_req_o   = (state_q == SWrWrite) || (state_q == STxFetch);
  assign mem_we_o    = (state_q == SWrWrite);
  assign mem_addr_o  = 32'({cur_addr[MemAddrWidth-1:LaneWidth], {LaneWidth{1'b0}}});
  assign mem_wdata_o = {BusBytes{buf_rdata}};
  assign mem_wstrb_o = (BusBytes)'(1) << cur_lane;

  always_comb begin
    tx_valid = 1'b0;
    tx_data  = 8'h00;
    case (state_q)
      STxSync:   begin tx_valid = 1'b1; tx_data = SyncRep; end
      STxStatus: begin tx_valid = 1'b1; tx_data = {5'b0, status_q}; end
      STxLen0:   begin tx_valid = 1'b1; tx_data = rep_len_q[7:0]; end
      STxLen1:   begin tx_valid = 1'b1; tx_data = {7'b0, rep_len_q[8]}; end
      STxData: begin
        tx_valid = 1'b1;
        if (cmd_q == CmdMemRead) tx_data = byte_q;
        else if (cmd_q == CmdStatus) tx_data = {7'b0, irq_i};
        else tx_data = hdr_value[8*idx_q[1:0] +: 8];
      end
      STxCrc:    begin tx_valid = 1'b1; tx_data = crc_q; end
      default: ;
    endcase
  end

  // ---- the frame machine -------------------------------------------------------------
  wire in_frame = (state_q == SCmd) || (state_q == SLen0) || (state_q == SLen1) ||
                  (state_q == SPayload) || (state_q == SCrc);
  wire in_csr   = (state_q == SCsrAr) || (state_q == SCsrR) || (state_q == SCsrAw) || (state_q == SCsrB);
  wire tx_fire  = tx_valid && tx_ready;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q    <= SIdle;
      cmd_q      <= '0;
      crc_q      <= '0;
      status_q   <= '0;
      len_q      <= '0;
      idx_q      <= '0;
      rep_len_q  <= '0;
      hdr_q      <= '0;
      timer_q    <= '0;
      byte_q     <= '0;
      data_idx_q <= '0;
      aw_done_q  <= 1'b0;
      w_done_q   <= 1'b0;
    end else begin
      // A frame that goes silent is abandoned with a timeout reply; a register access
      // that waits too long for the NPU ends with a bus error. (The case below overrides
      // these when the awaited byte or handshake comes in the same cycle.)
      if ((in_frame && !rx_valid) || in_csr) begin
        timer_q <= timer_q + 1'b1;
        if (timer_q == TimerWidth'(TimeoutCycles)) begin
          status_q  <= in_csr ? StBus : StTimeout;
          rep_len_q <= '0;
          state_q   <= STxSync;
        end
      end else begin
        timer_q <= '0;
      end

      case (state_q)
        SIdle: if (rx_valid && rx_data == SyncReq) begin
          state_q <= SCmd;
          crc_q   <= '0;
        end
        SCmd: if (rx_valid) begin
          cmd_q   <= rx_data;
          crc_q   <= crc8(crc_q, rx_data);
          state_q <= SLen0;
        end
        SLen0: if (rx_valid) begin
          len_q[7:0] <= rx_data;
          crc_q      <= crc8(crc_q, rx_data);
          state_q    <= SLen1;
        end
        SLen1: if (rx_valid) begin
          len_q[15:8] <= rx_data;
          crc_q       <= crc8(crc_q, rx_data);
          idx_q       <= '0;
          state_q     <= ({rx_data, len_q[7:0]} == 16'd0) ? SCrc : SPayload;
        end
        SPayload: if (rx_valid) begin
          if (in_hdr_bytes) hdr_q[8*idx_q[2:0] +: 8] <= rx_data;
          crc_q <= crc8(crc_q, rx_data);
          idx_q <= idx_q + 1'b1;
          if (idx_q + 1'b1 == len_q) state_q <= SCrc;
        end
        SCrc: if (rx_valid) begin
          rep_len_q <= '0;
          if (rx_data != crc_q) begin
            status_q <= StChecksum;
            state_q  <= STxSync;
          end else begin
            state_q <= SExec;
          end
        end
        SExec: begin
          status_q   <= StOk;
          data_idx_q <= '0;
          idx_q      <= '0;
          aw_done_q  <= 1'b0;
          w_done_q   <= 1'b0;
          if (!known_cmd_q) begin
            status_q <= StCommand;
            state_q  <= STxSync;
          end else if (!len_ok_q) begin
            status_q <= StLength;
            state_q  <= STxSync;
          end else if ((cmd_q == CmdMemRead || cmd_q == CmdMemWrite) && !range_ok_q) begin
            status_q <= StBus;
            state_q  <= STxSync;
          end else begin
            case (cmd_q)
              CmdCsrRead:  state_q <= SCsrAr;
              CmdCsrWrite: state_q <= SCsrAw;
              CmdMemWrite: state_q <= SWrRead;
              CmdMemRead:  begin rep_len_q <= hdr_count[8:0]; state_q <= STxSync; end
              default:     begin rep_len_q <= 9'd1; state_q <= STxSync; end  // status
            endcase
          end
        end
        // Register accesses; one that does not end within the timeout ends as a bus error
        // (the timeout block above the case).
        SCsrAr: if (m_ar_ready_i) state_q <= SCsrR;
        SCsrR: if (m_r_valid_i) begin
          hdr_q[47:16] <= m_r_data_i;
          status_q  <= (m_r_resp_i == 2'b00) ? StOk : StBus;
          rep_len_q <= (m_r_resp_i == 2'b00) ? 9'd4 : 9'd0;
          state_q   <= STxSync;
        end
        SCsrAw: begin
          if (m_aw_valid_o && m_aw_ready_i) aw_done_q <= 1'b1;
          if (m_w_valid_o && m_w_ready_i) w_done_q <= 1'b1;
          if ((aw_done_q || m_aw_ready_i) && (w_done_q || m_w_ready_i)) state_q <= SCsrB;
        end
        SCsrB: if (m_b_valid_i) begin
          status_q <= (m_b_resp_i == 2'b00) ? StOk : StBus;
          state_q  <= STxSync;
        end
        // Memory write: one byte per word write, read from the buffer the cycle before.
        SWrRead: state_q <= SWrWrite;
        SWrWrite: if (mem_gnt_i) begin
          data_idx_q <= data_idx_q + 1'b1;
          state_q    <= (data_idx_q + 1'b1 == mem_len) ? STxSync : SWrRead;
        end
        // The reply.
        STxSync:   if (tx_fire) begin crc_q <= '0; state_q <= STxStatus; end
        STxStatus: if (tx_fire) begin crc_q <= crc8(crc_q, tx_data); state_q <= STxLen0; end
        STxLen0:   if (tx_fire) begin crc_q <= crc8(crc_q, tx_data); state_q <= STxLen1; end
        STxLen1:   if (tx_fire) begin
          crc_q <= crc8(crc_q, tx_data);
          idx_q <= '0;
          if (rep_len_q == 0) state_q <= STxCrc;
          else if (cmd_q == CmdMemRead) state_q <= STxFetch;
          else state_q <= STxData;
        end
        // Memory read: a word read for each byte sent (the line is far slower).
        STxFetch: if (mem_gnt_i) state_q <= STxWait;
        STxWait:  if (mem_rvalid_i) begin byte_q <= mem_rdata_i[8*cur_lane +: 8]; state_q <= STxData; end
        STxData: if (tx_fire) begin
          crc_q      <= crc8(crc_q, tx_data);
          idx_q      <= idx_q + 1'b1;
          data_idx_q <= data_idx_q + 1'b1;
          if (idx_q[8:0] + 1'b1 == rep_len_q) state_q <= STxCrc;
          else if (cmd_q == CmdMemRead) state_q <= STxFetch;
        end
        STxCrc: if (tx_fire) state_q <= SIdle;
        default: state_q <= SIdle;
      endcase
    end
  end

  // A memory request waits for its grant without changing.
  `ASSERT_STABLE(mem_req_stable_a, mem_req_o, mem_gnt_i, {mem_we_o, mem_addr_o, mem_wstrb_o}, clk_i, rst_ni)
  `ASSERT_INIT(bus_bytes_a, BusBytes >= 1 && (BusBytes & (BusBytes - 1)) == 0)
  `ASSERT_INIT(mem_bytes_a, MemBytes >= BusBytes && MemAddrWidth < 32)
  `ASSERT_INIT(max_data_a, MaxData == 256)  // the bit-by-bit bounds above are written for it

endmodule
