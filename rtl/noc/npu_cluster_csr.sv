// SPDX-License-Identifier: Apache-2.0
// npu_cluster_csr: the cluster's one AXI4-Lite slave. Offsets below CoreWindow are the
// global block (spec/npu.toml, cluster_csr): geometry, per-node program slots, a start
// mask, the busy / done / error masks and the interrupt. Above, each core's own CSRs are
// reached through a window per node; the bridge forwards one transaction at a time and
// answers SLVERR for a window without a core or a bad global offset.
`include "npu_assert.svh"

module npu_cluster_csr #(
  parameter int unsigned Nodes          = 4,
  parameter int unsigned MeshX          = 2,
  parameter int unsigned MeshY          = 2,
  parameter logic [63:0] CoreMask       = '1,
  parameter logic [63:0] MemMask        = 64'h1,
  parameter int unsigned MemNodes       = 1,
  parameter int unsigned InterleaveLog2 = 12,
  parameter int unsigned AddrWidth      = 16,
  parameter int unsigned CoreAddrWidth  = 8
) (
  input  logic                           clk_i,
  input  logic                           rst_ni,
  // Host AXI4-Lite slave.
  input  logic                           s_aw_valid_i,
  output logic                           s_aw_ready_o,
  input  logic [AddrWidth-1:0]           s_aw_addr_i,
  input  logic                           s_w_valid_i,
  output logic                           s_w_ready_o,
  input  logic [31:0]                    s_w_data_i,
  input  logic [3:0]                     s_w_strb_i,
  output logic                           s_b_valid_o,
  input  logic                           s_b_ready_i,
  output logic [1:0]                     s_b_resp_o,
  input  logic                           s_ar_valid_i,
  output logic                           s_ar_ready_o,
  input  logic [AddrWidth-1:0]           s_ar_addr_i,
  output logic                           s_r_valid_o,
  input  logic                           s_r_ready_i,
  output logic [31:0]                    s_r_data_o,
  output logic [1:0]                     s_r_resp_o,
  // One AXI4-Lite master per node (only nodes with a core answer).
  output logic [Nodes-1:0]               c_aw_valid_o,
  input  logic [Nodes-1:0]               c_aw_ready_i,
  output logic [CoreAddrWidth-1:0]       c_aw_addr_o,     // shared by all nodes
  output logic [Nodes-1:0]               c_w_valid_o,
  input  logic [Nodes-1:0]               c_w_ready_i,
  output logic [31:0]                    c_w_data_o,
  output logic [3:0]                     c_w_strb_o,
  input  logic [Nodes-1:0]               c_b_valid_i,
  output logic [Nodes-1:0]               c_b_ready_o,
  input  logic [Nodes*2-1:0]             c_b_resp_i,
  output logic [Nodes-1:0]               c_ar_valid_o,
  input  logic [Nodes-1:0]               c_ar_ready_i,
  output logic [CoreAddrWidth-1:0]       c_ar_addr_o,
  input  logic [Nodes-1:0]               c_r_valid_i,
  output logic [Nodes-1:0]               c_r_ready_o,
  input  logic [Nodes*32-1:0]            c_r_data_i,
  input  logic [Nodes*2-1:0]             c_r_resp_i,
  // The cores' run state and the global start.
  input  logic [Nodes-1:0]               core_busy_i,
  input  logic [Nodes-1:0]               core_done_i,
  input  logic [Nodes-1:0]               core_error_i,
  output logic [Nodes-1:0]               core_start_o,    // pulse
  output logic [Nodes*32-1:0]            core_prog_base_o,
  output logic [Nodes*32-1:0]            core_prog_len_o,
  output logic                           irq_o
);

  localparam int unsigned Window  = npu_isa_pkg::ClusterCoreWindow;
  localparam int unsigned Stride  = npu_isa_pkg::ClusterCoreWindowStride;
  localparam int unsigned Slot    = npu_isa_pkg::ClusterSlotStride;
  localparam int unsigned PageW   = AddrWidth - $clog2(Stride);
  localparam logic [1:0]  RespOkay = 2'b00, RespSlvErr = 2'b10;
  localparam logic [Nodes-1:0] Cores = CoreMask[Nodes-1:0];

  `ASSERT_INIT(nodes_a, Nodes <= npu_isa_pkg::ClusterMaxNodes && Nodes == MeshX * MeshY)
  `ASSERT_INIT(window_a, Window == Stride && Stride == (1 << CoreAddrWidth))
  `ASSERT_INIT(addr_room_a, (Nodes + 1) * Stride <= (1 << AddrWidth))

  // ---------------------------------------------------------------------------------------
  // The transaction in hand.
  localparam logic [2:0] Idle = 3'd0, FwdWrite = 3'd1, WaitB = 3'd2, FwdRead = 3'd3, WaitR = 3'd4,
                         Respond = 3'd5;
  logic [2:0]           state_q;
  logic                 is_write_q, aw_sent_q, w_sent_q;
  logic [AddrWidth-1:0] addr_q;
  logic [31:0]          wdata_q, rdata_q;
  logic [3:0]           wstrb_q;
  logic [1:0]           resp_q;

  logic [PageW-1:0] page;
  logic             global_hit, core_hit;
  int unsigned      node;
  assign page       = addr_q[AddrWidth-1 -: PageW];
  assign node       = 32'(page) - 1;
  assign global_hit = page == '0;
  assign core_hit   = page != '0 && 32'(page) <= Nodes && Cores[node];

  logic take_write, take_read;
  assign take_write   = state_q == Idle && s_aw_valid_i && s_w_valid_i;
  assign take_read    = state_q == Idle && s_ar_valid_i && !take_write;
  assign s_aw_ready_o = take_write;
  assign s_w_ready_o  = take_write;
  assign s_ar_ready_o = take_read;

  // ---------------------------------------------------------------------------------------
  // The global block.
  logic [Nodes*32-1:0] prog_base_q, prog_len_q;
  logic [1:0]          irq_en_q, irq_status_q;
  logic [Nodes-1:0]    busy_q, error_q;
  logic                global_write, global_read_ok, global_write_ok;
  logic [7:0]          goff;
  logic [31:0]         grdata, wmask;
  logic [Nodes-1:0]    busy_m, done_m, error_m;
  assign busy_m  = core_busy_i & Cores;
  assign done_m  = core_done_i & Cores;
  assign error_m = core_error_i & Cores;
  assign goff  = addr_q[7:0];
  assign wmask = {{8{wstrb_q[3]}}, {8{wstrb_q[2]}}, {8{wstrb_q[1]}}, {8{wstrb_q[0]}}};
  // Offsets of the program slots of node n.
  logic [Nodes-1:0] base_hit, len_hit;
  for (genvar n = 0; n < Nodes; n++) begin : g_slot
    assign base_hit[n] = goff == 8'(32'(npu_isa_pkg::CsrClProgBase) + n * Slot);
    assign len_hit[n]  = goff == 8'(32'(npu_isa_pkg::CsrClProgLen) + n * Slot);
  end

  always_comb begin
    // Only used with global_hit (the high address bits are zero); the labels are aligned.
    grdata         = '0;
    global_read_ok = 1'b1;
    case (goff)
      npu_isa_pkg::CsrClId:       grdata = npu_isa_pkg::ClusterId;
      npu_isa_pkg::CsrClCfg:      grdata = {8'd0, 8'(InterleaveLog2), 8'(MemNodes), 4'(MeshY), 4'(MeshX)};
      npu_isa_pkg::CsrClCoreMask: grdata = 32'(Cores);
      npu_isa_pkg::CsrClMemMask:  grdata = 32'(MemMask[Nodes-1:0]);
      npu_isa_pkg::CsrClStart:    grdata = '0;
      npu_isa_pkg::CsrClBusy:     grdata = 32'(busy_m);
      npu_isa_pkg::CsrClDone:     grdata = 32'(done_m);
      npu_isa_pkg::CsrClError:    grdata = 32'(error_m);
      npu_isa_pkg::CsrClIrqEn:    grdata = 32'(irq_en_q);
      npu_isa_pkg::CsrClIrqStatus: grdata = 32'(irq_status_q);
      default: begin
        global_read_ok = (base_hit | len_hit) != '0;
        for (int unsigned n = 0; n < Nodes; n++) begin
          if (base_hit[n]) grdata = prog_base_q[n*32 +: 32];
          if (len_hit[n])  grdata = prog_len_q[n*32 +: 32];
        end
      end
    endcase
  end
  // Writes to read-only registers are ignored (OKAY), as in the core's block.
  assign global_write_ok = global_read_ok;
  assign global_write    = state_q == FwdWrite && global_hit && global_write_ok;  // one cycle

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      prog_base_q  <= '0;
      prog_len_q   <= '0;
      irq_en_q     <= '0;
      irq_status_q <= '0;
      busy_q       <= '0;
      error_q      <= '0;
    end else begin
      busy_q  <= busy_m;
      error_q <= error_m;
      // Causes: the last busy core stopped; a core's ERROR rose.
      if (busy_q != '0 && busy_m == '0) irq_status_q[0] <= 1'b1;
      if ((error_m & ~error_q) != '0) irq_status_q[1] <= 1'b1;
      if (global_write) begin
        if (goff == npu_isa_pkg::CsrClIrqEn) irq_en_q <= (wdata_q[1:0] & wmask[1:0]) | (irq_en_q & ~wmask[1:0]);
        if (goff == npu_isa_pkg::CsrClIrqStatus) irq_status_q <= irq_status_q & ~(wdata_q[1:0] & wmask[1:0]);
        for (int unsigned n = 0; n < Nodes; n++) begin
          if (base_hit[n]) prog_base_q[n*32 +: 32] <= (wdata_q & wmask) | (prog_base_q[n*32 +: 32] & ~wmask);
          if (len_hit[n])  prog_len_q[n*32 +: 32]  <= (wdata_q & wmask) | (prog_len_q[n*32 +: 32] & ~wmask);
        end
      end
    end
  end
  assign core_start_o = (global_write && goff == npu_isa_pkg::CsrClStart) ? wdata_q[Nodes-1:0] & wmask[Nodes-1:0] & Cores
                                                                          : '0;
  assign core_prog_base_o = prog_base_q;
  assign core_prog_len_o  = prog_len_q;
  assign irq_o = (irq_en_q & irq_status_q) != '0;

  // ---------------------------------------------------------------------------------------
  // Forwarding to a core, and the response to the host.
  assign c_aw_addr_o = addr_q[CoreAddrWidth-1:0];
  assign c_ar_addr_o = addr_q[CoreAddrWidth-1:0];
  assign c_w_data_o  = wdata_q;
  assign c_w_strb_o  = wstrb_q;
  always_comb begin
    c_aw_valid_o = '0;
    c_w_valid_o  = '0;
    c_b_ready_o  = '0;
    c_ar_valid_o = '0;
    c_r_ready_o  = '0;
    if (core_hit) begin
      c_aw_valid_o[node] = state_q == FwdWrite && !aw_sent_q;
      c_w_valid_o[node]  = state_q == FwdWrite && !w_sent_q;
      c_b_ready_o[node]  = state_q == WaitB;
      c_ar_valid_o[node] = state_q == FwdRead;
      c_r_ready_o[node]  = state_q == WaitR;
    end
  end

  assign s_b_valid_o = state_q == Respond && is_write_q;
  assign s_b_resp_o  = resp_q;
  assign s_r_valid_o = state_q == Respond && !is_write_q;
  assign s_r_data_o  = rdata_q;
  assign s_r_resp_o  = resp_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q    <= Idle;
      is_write_q <= 1'b0;
      aw_sent_q  <= 1'b0;
      w_sent_q   <= 1'b0;
      addr_q     <= '0;
      wdata_q    <= '0;
      wstrb_q    <= '0;
      rdata_q    <= '0;
      resp_q     <= RespOkay;
    end else begin
      case (state_q)
        Idle: begin
          aw_sent_q <= 1'b0;
          w_sent_q  <= 1'b0;
          if (take_write) begin
            state_q    <= FwdWrite;  // decided next cycle, once addr_q holds the address
            is_write_q <= 1'b1;
            addr_q     <= s_aw_addr_i;
            wdata_q    <= s_w_data_i;
            wstrb_q    <= s_w_strb_i;
          end else if (take_read) begin
            state_q    <= FwdRead;
            is_write_q <= 1'b0;
            addr_q     <= s_ar_addr_i;
          end
        end
        FwdWrite: begin
          if (!core_hit) begin
            state_q <= Respond;
            resp_q  <= (global_hit && global_write_ok) ? RespOkay : RespSlvErr;
          end else begin
            if (c_aw_ready_i[node]) aw_sent_q <= 1'b1;
            if (c_w_ready_i[node])  w_sent_q  <= 1'b1;
            if ((aw_sent_q || c_aw_ready_i[node]) && (w_sent_q || c_w_ready_i[node])) state_q <= WaitB;
          end
        end
        WaitB: begin
          if (c_b_valid_i[node]) begin
            state_q <= Respond;
            resp_q  <= c_b_resp_i[node*2 +: 2];
          end
        end
        FwdRead: begin
          if (!core_hit) begin
            state_q <= Respond;
            rdata_q <= (global_hit && global_read_ok) ? grdata : '0;
            resp_q  <= (global_hit && global_read_ok) ? RespOkay : RespSlvErr;
          end else if (c_ar_ready_i[node]) begin
            state_q <= WaitR;
          end
        end
        WaitR: begin
          if (c_r_valid_i[node]) begin
            state_q <= Respond;
            rdata_q <= c_r_data_i[node*32 +: 32];
            resp_q  <= c_r_resp_i[node*2 +: 2];
          end
        end
        Respond: begin
          if ((is_write_q && s_b_ready_i) || (!is_write_q && s_r_ready_i)) state_q <= Idle;
        end
        default: state_q <= Idle;
      endcase
    end
  end

endmodule
