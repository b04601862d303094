// SPDX-License-Identifier: Apache-2.0
// npu_noc_mesh: MeshX x MeshY routers (npu_router) joined into a 2-D mesh. Node n = y *
// MeshX + x has one local port: flits in, each on a VC, with credits back per VC (the
// injector may send on a VC while it holds credits for it, BufferDepth at reset), flits
// out with their VC, and credits per VC returned by the sink.
// Links at the mesh's edge are left unconnected (XY routing never uses them).
module npu_noc_mesh #(
  parameter int unsigned MeshX       = 2,
  parameter int unsigned MeshY       = 2,
  parameter int unsigned FlitWidth   = 64,
  parameter int unsigned BufferDepth = 4,   // flits per VC buffer
  parameter int unsigned Vcs         = 2,   // virtual channels per port
  localparam int unsigned Nodes      = MeshX * MeshY,
  localparam int unsigned VcWidth    = (Vcs > 1) ? $clog2(Vcs) : 1,
  localparam int unsigned LinkWidth  = FlitWidth + 2,
  localparam int unsigned CoordWidth = ($clog2(MeshX) > $clog2(MeshY) ? $clog2(MeshX) : $clog2(MeshY)) > 0
                                       ? ($clog2(MeshX) > $clog2(MeshY) ? $clog2(MeshX) : $clog2(MeshY)) : 1
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  input  logic [Nodes-1:0]           inject_valid_i,
  input  logic [Nodes*LinkWidth-1:0] inject_flit_i,
  input  logic [Nodes*VcWidth-1:0]   inject_vc_i,
  output logic [Nodes*Vcs-1:0]       inject_credit_o,
  output logic [Nodes-1:0]           eject_valid_o,
  output logic [Nodes*LinkWidth-1:0] eject_flit_o,
  output logic [Nodes*VcWidth-1:0]   eject_vc_o,
  input  logic [Nodes*Vcs-1:0]       eject_credit_i
);

  localparam int unsigned Ports = 5;
  // Per router, per port: what arrives and what leaves.
  logic [Nodes*Ports-1:0]           in_valid, out_valid;
  logic [Nodes*Ports*Vcs-1:0]       in_credit, out_credit;
  logic [Nodes*Ports*VcWidth-1:0]   in_vc, out_vc;
  logic [Nodes*Ports*LinkWidth-1:0] in_flit, out_flit;

  for (genvar y = 0; y < MeshY; y++) begin : g_row
    for (genvar x = 0; x < MeshX; x++) begin : g_col
      localparam int unsigned N = y * MeshX + x;
      npu_router #(
        .FlitWidth   (FlitWidth),
        .CoordWidth  (CoordWidth),
        .BufferDepth (BufferDepth),
        .Vcs         (Vcs),
        .X           (x),
        .Y           (y)
      ) u_router (
        .clk_i,
        .rst_ni,
        .in_valid_i   (in_valid[N*Ports +: Ports]),
        .in_flit_i    (in_flit[N*Ports*LinkWidth +: Ports*LinkWidth]),
        .in_vc_i      (in_vc[N*Ports*VcWidth +: Ports*VcWidth]),
        .in_credit_o  (in_credit[N*Ports*Vcs +: Ports*Vcs]),
        .out_valid_o  (out_valid[N*Ports +: Ports]),
        .out_flit_o   (out_flit[N*Ports*LinkWidth +: Ports*LinkWidth]),
        .out_vc_o     (out_vc[N*Ports*VcWidth +: Ports*VcWidth]),
        .out_credit_i (out_credit[N*Ports*Vcs +: Ports*Vcs])
      );
      // Local port.
      assign in_valid[N*Ports + 0] = inject_valid_i[N];
      assign in_flit[(N*Ports + 0)*LinkWidth +: LinkWidth] = inject_flit_i[N*LinkWidth +: LinkWidth];
      assign in_vc[(N*Ports + 0)*VcWidth +: VcWidth] = inject_vc_i[N*VcWidth +: VcWidth];
      assign inject_credit_o[N*Vcs +: Vcs] = in_credit[(N*Ports + 0)*Vcs +: Vcs];
      assign eject_valid_o[N] = out_valid[N*Ports + 0];
      assign eject_flit_o[N*LinkWidth +: LinkWidth] = out_flit[(N*Ports + 0)*LinkWidth +: LinkWidth];
      assign eject_vc_o[N*VcWidth +: VcWidth] = out_vc[(N*Ports + 0)*VcWidth +: VcWidth];
      assign out_credit[(N*Ports + 0)*Vcs +: Vcs] = eject_credit_i[N*Vcs +: Vcs];
      // Port p of this router faces port opposite(p) of the neighbour: N(1)-S(3), E(2)-W(4).
      for (genvar p = 1; p < Ports; p++) begin : g_link
        localparam int NX = (p == 2) ? x + 1 : (p == 4) ? x - 1 : x;
        localparam int NY = (p == 3) ? y + 1 : (p == 1) ? y - 1 : y;
        localparam int unsigned Q = (p == 1) ? 3 : (p == 3) ? 1 : (p == 2) ? 4 : 2;
        if (NX >= 0 && NX < MeshX && NY >= 0 && NY < MeshY) begin : g_neighbour
          localparam int unsigned M = NY * MeshX + NX;
          assign in_valid[N*Ports + p] = out_valid[M*Ports + Q];
          assign in_flit[(N*Ports + p)*LinkWidth +: LinkWidth] = out_flit[(M*Ports + Q)*LinkWidth +: LinkWidth];
          assign in_vc[(N*Ports + p)*VcWidth +: VcWidth] = out_vc[(M*Ports + Q)*VcWidth +: VcWidth];
          assign out_credit[(N*Ports + p)*Vcs +: Vcs] = in_credit[(M*Ports + Q)*Vcs +: Vcs];
        end else begin : g_edge
          assign in_valid[N*Ports + p] = 1'b0;
          assign in_flit[(N*Ports + p)*LinkWidth +: LinkWidth] = '0;
          assign in_vc[(N*Ports + p)*VcWidth +: VcWidth] = '0;
          assign out_credit[(N*Ports + p)*Vcs +: Vcs] = '0;
        end
      end
    end
  end

endmodule
