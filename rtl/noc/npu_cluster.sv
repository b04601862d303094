// SPDX-License-Identifier: Apache-2.0
// npu_cluster: MeshX x MeshY nodes joined by npu_noc_mesh. Node n = y * MeshX + x holds a
// core (bit n of CoreMask) with its network interface, a memory port towards DRAM (bit n
// of MemMask), both, or neither. Every AXI4 address, data beat and write response is one
// flit; reads travel on VC 0, writes (AW and W beats as one packet) on VC 1 and
// responses on VC 2, so requests waiting for room can never block the responses that
// make room (no protocol deadlock), and writes of different cores never interleave. DRAM addresses
// alternate between the memory ports every 2^InterleaveLog2 bytes. The host sees one
// AXI4-Lite slave: the global block (npu_cluster_csr) and, behind it, every core's CSRs.
// A single core without a network stays npu_core alone.
`include "npu_assert.svh"

module npu_cluster #(
  parameter int unsigned MeshX           = 2,
  parameter int unsigned MeshY           = 2,
  parameter logic [63:0] CoreMask        = 64'hF,
  parameter logic [63:0] MemMask         = 64'hF,
  parameter int unsigned BufferDepth     = 4,   // flits per VC buffer
  parameter int unsigned InterleaveLog2  = 12,
  // The cores (all alike).
  parameter int unsigned ArrayRows       = npu_pkg::ArrayRows,
  parameter int unsigned ArrayCols       = npu_pkg::ArrayCols,
  parameter int unsigned SpadBanks       = npu_pkg::ScratchpadBanks,
  parameter int unsigned SpadRowsPerBank = npu_pkg::ScratchpadRowsPerBank,
  parameter int unsigned AccRows         = npu_pkg::AccumulatorRows,
  parameter int unsigned AxiDataWidth    = npu_pkg::AxiDataWidth,
  localparam int unsigned Nodes      = MeshX * MeshY,
  localparam int unsigned CoordWidth = ($clog2(MeshX) > $clog2(MeshY) ? $clog2(MeshX) : $clog2(MeshY)) > 0
                                       ? ($clog2(MeshX) > $clog2(MeshY) ? $clog2(MeshX) : $clog2(MeshY)) : 1,
  localparam int unsigned AddrWidth  = npu_pkg::AxiAddrWidth,
  localparam int unsigned IdWidth    = npu_pkg::AxiIdWidth,
  localparam int unsigned MemIdWidth = IdWidth + 2 * CoordWidth,
  localparam int unsigned Bytes      = AxiDataWidth / 8,
  localparam int unsigned CsrAddrWidth = 16,
  localparam int unsigned MemNodes   = npu_pkg::count_below(MemMask, Nodes),
  localparam int unsigned MemPorts   = (MemNodes > 0) ? MemNodes : 1
) (
  input  logic                          clk_i,
  input  logic                          rst_ni,
  // Host AXI4-Lite slave.
  input  logic                          s_aw_valid_i,
  output logic                          s_aw_ready_o,
  input  logic [CsrAddrWidth-1:0]       s_aw_addr_i,
  input  logic                          s_w_valid_i,
  output logic                          s_w_ready_o,
  input  logic [31:0]                   s_w_data_i,
  input  logic [3:0]                    s_w_strb_i,
  output logic                          s_b_valid_o,
  input  logic                          s_b_ready_i,
  output logic [1:0]                    s_b_resp_o,
  input  logic                          s_ar_valid_i,
  output logic                          s_ar_ready_o,
  input  logic [CsrAddrWidth-1:0]       s_ar_addr_i,
  output logic                          s_r_valid_o,
  input  logic                          s_r_ready_i,
  output logic [31:0]                   s_r_data_o,
  output logic [1:0]                    s_r_resp_o,
  // One AXI4 master per memory node (memory port k = the k-th set bit of MemMask).
  output logic [MemPorts-1:0]            mem_ar_valid_o,
  input  logic [MemPorts-1:0]            mem_ar_ready_i,
  output logic [MemPorts*AddrWidth-1:0]  mem_ar_addr_o,
  output logic [MemPorts*MemIdWidth-1:0] mem_ar_id_o,
  output logic [MemPorts*8-1:0]          mem_ar_len_o,
  output logic [MemPorts*3-1:0]          mem_ar_size_o,
  output logic [MemPorts*2-1:0]          mem_ar_burst_o,
  input  logic [MemPorts-1:0]            mem_r_valid_i,
  output logic [MemPorts-1:0]            mem_r_ready_o,
  input  logic [MemPorts*MemIdWidth-1:0] mem_r_id_i,
  input  logic [MemPorts*AxiDataWidth-1:0] mem_r_data_i,
  input  logic [MemPorts*2-1:0]          mem_r_resp_i,
  input  logic [MemPorts-1:0]            mem_r_last_i,
  output logic [MemPorts-1:0]            mem_aw_valid_o,
  input  logic [MemPorts-1:0]            mem_aw_ready_i,
  output logic [MemPorts*AddrWidth-1:0]  mem_aw_addr_o,
  output logic [MemPorts*MemIdWidth-1:0] mem_aw_id_o,
  output logic [MemPorts*8-1:0]          mem_aw_len_o,
  output logic [MemPorts*3-1:0]          mem_aw_size_o,
  output logic [MemPorts*2-1:0]          mem_aw_burst_o,
  output logic [MemPorts-1:0]            mem_w_valid_o,
  input  logic [MemPorts-1:0]            mem_w_ready_i,
  output logic [MemPorts*AxiDataWidth-1:0] mem_w_data_o,
  output logic [MemPorts*Bytes-1:0]      mem_w_strb_o,
  output logic [MemPorts-1:0]            mem_w_last_o,
  input  logic [MemPorts-1:0]            mem_b_valid_i,
  output logic [MemPorts-1:0]            mem_b_ready_o,
  input  logic [MemPorts*MemIdWidth-1:0] mem_b_id_i,
  input  logic [MemPorts*2-1:0]          mem_b_resp_i,
  output logic                           irq_o
);

  localparam logic [63:0] MemNodeList = npu_pkg::node_list(MemMask, Nodes);
  localparam int unsigned AddrBody    = AddrWidth + 13;
  localparam int unsigned DataBody    = AxiDataWidth + Bytes;
  localparam int unsigned FlitWidth   = 4 * CoordWidth + npu_pkg::NocKindWidth + IdWidth + 3 +
                                        ((AddrBody > DataBody) ? AddrBody : DataBody);
  localparam int unsigned LinkWidth   = FlitWidth + 2;
  localparam int unsigned Vcs         = npu_pkg::NocVcs;
  localparam int unsigned VcWidth     = 2;
  localparam int unsigned RdVc        = npu_pkg::NocVcRead;
  localparam int unsigned WrVc        = npu_pkg::NocVcWrite;
  localparam int unsigned RespVc      = npu_pkg::NocVcResponse;

  `ASSERT_INIT(mem_nodes_a, MemNodes >= 1 && MemNodes <= 8 && (MemNodes & (MemNodes - 1)) == 0)
  `ASSERT_INIT(cores_a, npu_pkg::count_below(CoreMask, Nodes) >= 1)
  `ASSERT_INIT(masks_fit_a, Nodes <= 16)

  // ---------------------------------------------------------------------------------------
  // The mesh.
  logic [Nodes-1:0]           inj_valid, ej_valid;
  logic [Nodes*LinkWidth-1:0] inj_flit, ej_flit;
  logic [Nodes*VcWidth-1:0]   inj_vc, ej_vc;
  logic [Nodes*Vcs-1:0]       inj_credit, ej_credit;

  npu_noc_mesh #(
    .MeshX       (MeshX),
    .MeshY       (MeshY),
    .FlitWidth   (FlitWidth),
    .BufferDepth (BufferDepth),
    .Vcs         (Vcs)
  ) u_mesh (
    .clk_i,
    .rst_ni,
    .inject_valid_i  (inj_valid),
    .inject_flit_i   (inj_flit),
    .inject_vc_i     (inj_vc),
    .inject_credit_o (inj_credit),
    .eject_valid_o   (ej_valid),
    .eject_flit_o    (ej_flit),
    .eject_vc_o      (ej_vc),
    .eject_credit_i  (ej_credit)
  );

  // ---------------------------------------------------------------------------------------
  // The global block.
  logic [Nodes-1:0]    c_aw_valid, c_aw_ready, c_w_valid, c_w_ready, c_b_valid, c_b_ready;
  logic [Nodes-1:0]    c_ar_valid, c_ar_ready, c_r_valid, c_r_ready;
  logic [7:0]          c_aw_addr, c_ar_addr;
  logic [31:0]         c_w_data;
  logic [3:0]          c_w_strb;
  logic [Nodes*2-1:0]  c_b_resp, c_r_resp;
  logic [Nodes*32-1:0] c_r_data, prog_base, prog_len;
  logic [Nodes-1:0]    core_busy, core_done, core_error, core_start;

  npu_cluster_csr #(
    .Nodes          (Nodes),
    .MeshX          (MeshX),
    .MeshY          (MeshY),
    .CoreMask       (CoreMask),
    .MemMask        (MemMask),
    .MemNodes       (MemNodes),
    .InterleaveLog2 (InterleaveLog2),
    .AddrWidth      (CsrAddrWidth),
    .CoreAddrWidth  (8)
  ) u_csr (
    .clk_i,
    .rst_ni,
    .s_aw_valid_i,
    .s_aw_ready_o,
    .s_aw_addr_i,
    .s_w_valid_i,
    .s_w_ready_o,
    .s_w_data_i,
    .s_w_strb_i,
    .s_b_valid_o,
    .s_b_ready_i,
    .s_b_resp_o,
    .s_ar_valid_i,
    .s_ar_ready_o,
    .s_ar_addr_i,
    .s_r_valid_o,
    .s_r_ready_i,
    .s_r_data_o,
    .s_r_resp_o,
    .c_aw_valid_o     (c_aw_valid),
    .c_aw_ready_i     (c_aw_ready),
    .c_aw_addr_o      (c_aw_addr),
    .c_w_valid_o      (c_w_valid),
    .c_w_ready_i      (c_w_ready),
    .c_w_data_o       (c_w_data),
    .c_w_strb_o       (c_w_strb),
    .c_b_valid_i      (c_b_valid),
    .c_b_ready_o      (c_b_ready),
    .c_b_resp_i       (c_b_resp),
    .c_ar_valid_o     (c_ar_valid),
    .c_ar_ready_i     (c_ar_ready),
    .c_ar_addr_o      (c_ar_addr),
    .c_r_valid_i      (c_r_valid),
    .c_r_ready_o      (c_r_ready),
    .c_r_data_i       (c_r_data),
    .c_r_resp_i       (c_r_resp),
    .core_busy_i      (core_busy),
    .core_done_i      (core_done),
    .core_error_i     (core_error),
    .core_start_o     (core_start),
    .core_prog_base_o (prog_base),
    .core_prog_len_o  (prog_len),
    .irq_o
  );

  // ---------------------------------------------------------------------------------------
  // The nodes.
  for (genvar n = 0; n < Nodes; n++) begin : g_node
    localparam int unsigned X = n % MeshX, Y = n / MeshX;
    localparam int unsigned Port = npu_pkg::count_below(MemMask, n);

    // What each interface offers to the node's injection port, and takes from ejection.
    logic                 core_inj_valid, core_inj_write, core_inj_grant, mem_inj_valid, mem_inj_grant;
    logic [LinkWidth-1:0] core_inj_flit, mem_inj_flit;
    logic                 core_ej_credit, mem_ej_credit_rd, mem_ej_credit_wr;
    logic [VcWidth-1:0]   this_ej_vc;
    logic                 prefer_mem_q;

    // Requests and responses take turns at the injection port.
    assign mem_inj_grant  = mem_inj_valid && (!core_inj_valid || prefer_mem_q);
    assign core_inj_grant = core_inj_valid && !mem_inj_grant;
    assign inj_valid[n]   = core_inj_valid || mem_inj_valid;
    assign inj_vc[n*VcWidth +: VcWidth] = mem_inj_grant ? VcWidth'(RespVc) : core_inj_write ? VcWidth'(WrVc)
                                                                                             : VcWidth'(RdVc);
    assign inj_flit[n*LinkWidth +: LinkWidth] = mem_inj_grant ? mem_inj_flit : core_inj_flit;
    assign this_ej_vc = ej_vc[n*VcWidth +: VcWidth];
    assign ej_credit[n*Vcs + RdVc]   = mem_ej_credit_rd;
    assign ej_credit[n*Vcs + WrVc]   = mem_ej_credit_wr;
    assign ej_credit[n*Vcs + RespVc] = core_ej_credit;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) prefer_mem_q <= 1'b0;
      else if (inj_valid[n]) prefer_mem_q <= !mem_inj_grant;
    end

    if (CoreMask[n]) begin : g_core
      logic                    ar_valid, ar_ready, r_valid, r_ready, r_last;
      logic                    aw_valid, aw_ready, w_valid, w_ready, w_last, b_valid, b_ready;
      logic [AddrWidth-1:0]    ar_addr, aw_addr;
      logic [IdWidth-1:0]      ar_id, aw_id, r_id, b_id;
      logic [7:0]              ar_len, aw_len;
      logic [2:0]              ar_size, aw_size;
      logic [1:0]              ar_burst, aw_burst, r_resp, b_resp;
      logic [AxiDataWidth-1:0] r_data, w_data;
      logic [Bytes-1:0]        w_strb;
      logic                    unused_irq;

      npu_core #(
        .ArrayRows       (ArrayRows),
        .ArrayCols       (ArrayCols),
        .SpadBanks       (SpadBanks),
        .SpadRowsPerBank (SpadRowsPerBank),
        .AccRows         (AccRows),
        .AxiDataWidth    (AxiDataWidth)
      ) u_core (
        .clk_i,
        .rst_ni,
        .s_aw_valid_i    (c_aw_valid[n]),
        .s_aw_ready_o    (c_aw_ready[n]),
        .s_aw_addr_i     (c_aw_addr),
        .s_w_valid_i     (c_w_valid[n]),
        .s_w_ready_o     (c_w_ready[n]),
        .s_w_data_i      (c_w_data),
        .s_w_strb_i      (c_w_strb),
        .s_b_valid_o     (c_b_valid[n]),
        .s_b_ready_i     (c_b_ready[n]),
        .s_b_resp_o      (c_b_resp[n*2 +: 2]),
        .s_ar_valid_i    (c_ar_valid[n]),
        .s_ar_ready_o    (c_ar_ready[n]),
        .s_ar_addr_i     (c_ar_addr),
        .s_r_valid_o     (c_r_valid[n]),
        .s_r_ready_i     (c_r_ready[n]),
        .s_r_data_o      (c_r_data[n*32 +: 32]),
        .s_r_resp_o      (c_r_resp[n*2 +: 2]),
        .axi_ar_valid_o  (ar_valid),
        .axi_ar_ready_i  (ar_ready),
        .axi_ar_addr_o   (ar_addr),
        .axi_ar_id_o     (ar_id),
        .axi_ar_len_o    (ar_len),
        .axi_ar_size_o   (ar_size),
        .axi_ar_burst_o  (ar_burst),
        .axi_r_valid_i   (r_valid),
        .axi_r_ready_o   (r_ready),
        .axi_r_id_i      (r_id),
        .axi_r_data_i    (r_data),
        .axi_r_resp_i    (r_resp),
        .axi_r_last_i    (r_last),
        .axi_aw_valid_o  (aw_valid),
        .axi_aw_ready_i  (aw_ready),
        .axi_aw_addr_o   (aw_addr),
        .axi_aw_id_o     (aw_id),
        .axi_aw_len_o    (aw_len),
        .axi_aw_size_o   (aw_size),
        .axi_aw_burst_o  (aw_burst),
        .axi_w_valid_o   (w_valid),
        .axi_w_ready_i   (w_ready),
        .axi_w_data_o    (w_data),
        .axi_w_strb_o    (w_strb),
        .axi_w_last_o    (w_last),
        .axi_b_valid_i   (b_valid),
        .axi_b_ready_o   (b_ready),
        .axi_b_id_i      (b_id),
        .axi_b_resp_i    (b_resp),
        .irq_o           (unused_irq),  // the cluster interrupts through its global block
        .ext_start_i     (core_start[n]),
        .ext_prog_base_i (prog_base[n*32 +: 32]),
        .ext_prog_len_i  (prog_len[n*32 +: 32]),
        .busy_o          (core_busy[n]),
        .done_o          (core_done[n]),
        .error_o         (core_error[n])
      );

      npu_ni_core #(
        .MeshX          (MeshX),
        .CoordWidth     (CoordWidth),
        .FlitWidth      (FlitWidth),
        .BufferDepth    (BufferDepth),
        .AddrWidth      (AddrWidth),
        .DataWidth      (AxiDataWidth),
        .IdWidth        (IdWidth),
        .MemNodes       (MemNodes),
        .MemNodeList    (MemNodeList),
        .InterleaveLog2 (InterleaveLog2),
        .X              (X),
        .Y              (Y)
      ) u_ni (
        .clk_i,
        .rst_ni,
        .ar_valid_i   (ar_valid),
        .ar_ready_o   (ar_ready),
        .ar_addr_i    (ar_addr),
        .ar_id_i      (ar_id),
        .ar_len_i     (ar_len),
        .ar_size_i    (ar_size),
        .ar_burst_i   (ar_burst),
        .r_valid_o    (r_valid),
        .r_ready_i    (r_ready),
        .r_id_o       (r_id),
        .r_data_o     (r_data),
        .r_resp_o     (r_resp),
        .r_last_o     (r_last),
        .aw_valid_i   (aw_valid),
        .aw_ready_o   (aw_ready),
        .aw_addr_i    (aw_addr),
        .aw_id_i      (aw_id),
        .aw_len_i     (aw_len),
        .aw_size_i    (aw_size),
        .aw_burst_i   (aw_burst),
        .w_valid_i    (w_valid),
        .w_ready_o    (w_ready),
        .w_data_i     (w_data),
        .w_strb_i     (w_strb),
        .w_last_i     (w_last),
        .b_valid_o    (b_valid),
        .b_ready_i    (b_ready),
        .b_id_o       (b_id),
        .b_resp_o     (b_resp),
        .inj_valid_o     (core_inj_valid),
        .inj_flit_o      (core_inj_flit),
        .inj_write_o     (core_inj_write),
        .inj_grant_i     (core_inj_grant),
        .inj_credit_rd_i (inj_credit[n*Vcs + RdVc]),
        .inj_credit_wr_i (inj_credit[n*Vcs + WrVc]),
        .ej_valid_i   (ej_valid[n] && this_ej_vc == VcWidth'(RespVc)),
        .ej_flit_i    (ej_flit[n*LinkWidth +: LinkWidth]),
        .ej_credit_o  (core_ej_credit)
      );
      logic unused;
      assign unused = unused_irq;
    end else begin : g_no_core
      assign core_inj_valid = 1'b0;
      assign core_inj_write = 1'b0;
      assign core_inj_flit  = '0;
      assign core_ej_credit = 1'b0;
      assign c_aw_ready[n] = 1'b0;
      assign c_w_ready[n]  = 1'b0;
      assign c_b_valid[n]  = 1'b0;
      assign c_b_resp[n*2 +: 2] = 2'b00;
      assign c_ar_ready[n] = 1'b0;
      assign c_r_valid[n]  = 1'b0;
      assign c_r_data[n*32 +: 32] = '0;
      assign c_r_resp[n*2 +: 2] = 2'b00;
      assign core_busy[n]  = 1'b0;
      assign core_done[n]  = 1'b0;
      assign core_error[n] = 1'b0;
      logic unused;
      assign unused = ^{inj_credit[n*Vcs + RdVc], inj_credit[n*Vcs + WrVc], core_inj_grant, core_start[n], prog_base[n*32 +: 32], prog_len[n*32 +: 32],
                        c_aw_valid[n], c_w_valid[n], c_b_ready[n], c_ar_valid[n], c_r_ready[n]};
      // XY routing sends responses only to nodes that asked.
      `ASSERT(no_response_here_a, !(ej_valid[n] && this_ej_vc == VcWidth'(RespVc)), clk_i, rst_ni)
    end

    if (MemMask[n]) begin : g_mem
      npu_ni_mem #(
        .CoordWidth  (CoordWidth),
        .FlitWidth   (FlitWidth),
        .BufferDepth (BufferDepth),
        .AddrWidth   (AddrWidth),
        .DataWidth   (AxiDataWidth),
        .IdWidth     (IdWidth),
        .X           (X),
        .Y           (Y)
      ) u_ni (
        .clk_i,
        .rst_ni,
        .ej_valid_i     (ej_valid[n] && this_ej_vc != VcWidth'(RespVc)),
        .ej_write_i     (this_ej_vc == VcWidth'(WrVc)),
        .ej_flit_i      (ej_flit[n*LinkWidth +: LinkWidth]),
        .ej_credit_rd_o (mem_ej_credit_rd),
        .ej_credit_wr_o (mem_ej_credit_wr),
        .inj_valid_o  (mem_inj_valid),
        .inj_flit_o   (mem_inj_flit),
        .inj_grant_i  (mem_inj_grant),
        .inj_credit_i (inj_credit[n*Vcs + RespVc]),
        .ar_valid_o   (mem_ar_valid_o[Port]),
        .ar_ready_i   (mem_ar_ready_i[Port]),
        .ar_addr_o    (mem_ar_addr_o[Port*AddrWidth +: AddrWidth]),
        .ar_id_o      (mem_ar_id_o[Port*MemIdWidth +: MemIdWidth]),
        .ar_len_o     (mem_ar_len_o[Port*8 +: 8]),
        .ar_size_o    (mem_ar_size_o[Port*3 +: 3]),
        .ar_burst_o   (mem_ar_burst_o[Port*2 +: 2]),
        .r_valid_i    (mem_r_valid_i[Port]),
        .r_ready_o    (mem_r_ready_o[Port]),
        .r_id_i       (mem_r_id_i[Port*MemIdWidth +: MemIdWidth]),
        .r_data_i     (mem_r_data_i[Port*AxiDataWidth +: AxiDataWidth]),
        .r_resp_i     (mem_r_resp_i[Port*2 +: 2]),
        .r_last_i     (mem_r_last_i[Port]),
        .aw_valid_o   (mem_aw_valid_o[Port]),
        .aw_ready_i   (mem_aw_ready_i[Port]),
        .aw_addr_o    (mem_aw_addr_o[Port*AddrWidth +: AddrWidth]),
        .aw_id_o      (mem_aw_id_o[Port*MemIdWidth +: MemIdWidth]),
        .aw_len_o     (mem_aw_len_o[Port*8 +: 8]),
        .aw_size_o    (mem_aw_size_o[Port*3 +: 3]),
        .aw_burst_o   (mem_aw_burst_o[Port*2 +: 2]),
        .w_valid_o    (mem_w_valid_o[Port]),
        .w_ready_i    (mem_w_ready_i[Port]),
        .w_data_o     (mem_w_data_o[Port*AxiDataWidth +: AxiDataWidth]),
        .w_strb_o     (mem_w_strb_o[Port*Bytes +: Bytes]),
        .w_last_o     (mem_w_last_o[Port]),
        .b_valid_i    (mem_b_valid_i[Port]),
        .b_ready_o    (mem_b_ready_o[Port]),
        .b_id_i       (mem_b_id_i[Port*MemIdWidth +: MemIdWidth]),
        .b_resp_i     (mem_b_resp_i[Port*2 +: 2])
      );
    end else begin : g_no_mem
      assign mem_inj_valid    = 1'b0;
      assign mem_inj_flit     = '0;
      assign mem_ej_credit_rd = 1'b0;
      assign mem_ej_credit_wr = 1'b0;
      logic unused;
      assign unused = inj_credit[n*Vcs + RespVc];
      // Requests go only to memory nodes.
      `ASSERT(no_request_here_a, !(ej_valid[n] && this_ej_vc != VcWidth'(RespVc)), clk_i, rst_ni)
    end
  end

endmodule
