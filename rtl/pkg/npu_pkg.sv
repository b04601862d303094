// SPDX-License-Identifier: Apache-2.0
// npu_pkg: project-wide constants and the default array geometry.
package npu_pkg;

  // Datapath widths fixed by the quantization rule: int8 operands, int32 accumulation.
  localparam int unsigned InputWidth = 8;
  localparam int unsigned AccWidth   = 32;

  // Default array geometry (the `default` configuration); every block takes R and C as
  // parameters so that other configurations are built from the same source.
  localparam int unsigned ArrayRows = 16;
  localparam int unsigned ArrayCols = 16;

  // On-chip memory of the default configuration: a 256 KiB scratchpad in four banks
  // (rows of max(R, C) int8) and a 64 KiB accumulator (rows of C int32).
  localparam int unsigned ScratchpadBanks       = 4;
  localparam int unsigned ScratchpadRowsPerBank = 4096;
  localparam int unsigned ScratchpadRowBytes    = (ArrayRows > ArrayCols) ? ArrayRows : ArrayCols;
  localparam int unsigned AccumulatorRows       = 1024;
  localparam int unsigned SramReadLatency       = 1;

  // AXI4 master of the core.
  localparam int unsigned AxiDataWidth = 128;
  localparam int unsigned AxiAddrWidth = 32;
  localparam int unsigned AxiIdWidth   = 4;
  localparam int unsigned DmaMaxBursts = 8;  // outstanding bursts per direction

  // Compute-tile command opcodes.
  localparam logic TileOpPreload = 1'b0;  // shift K weight rows into the shadow buffer
  localparam logic TileOpStream  = 1'b1;  // stream M activation rows through the array

  // Accumulator operations.
  localparam logic [1:0] AccOpRead       = 2'd0;
  localparam logic [1:0] AccOpWrite      = 2'd1;  // overwrite the enabled lanes
  localparam logic [1:0] AccOpAccumulate = 2'd2;  // add to the enabled lanes

  // DMA completion codes.
  localparam logic [3:0] DmaErrNone       = 4'd0;
  localparam logic [3:0] DmaErrWindow     = 4'd1;  // DRAM range outside the window
  localparam logic [3:0] DmaErrField      = 4'd2;  // row_bytes 0 or wider than a row
  localparam logic [3:0] DmaErrLocalRange = 4'd3;  // local rows past the end of the SRAM
  localparam logic [3:0] DmaErrSlvErr     = 4'd4;  // SLVERR response
  localparam logic [3:0] DmaErrDecErr     = 4'd5;  // DECERR response

  // Cluster packets: every AXI4 address, data beat and write response is one flit (a write
  // is one packet: its AW flit, then its W flits, the last one the tail). The
  // payload holds, from bit 0: destination {y, x}, source {y, x} (CoordWidth bits each),
  // the kind, the AXI ID, LAST, RESP, then the body (address fields, or data and strobes).
  localparam int unsigned NocKindWidth = 3;
  localparam logic [2:0]  NocKindAr = 3'd0;  // read address (request network)
  localparam logic [2:0]  NocKindAw = 3'd1;  // write address (request network)
  localparam logic [2:0]  NocKindW  = 3'd2;  // write data beat (request network)
  localparam logic [2:0]  NocKindR  = 3'd3;  // read data beat (response network)
  localparam logic [2:0]  NocKindB  = 3'd4;  // write response (response network)
  // Three VCs: read requests, write requests (an AW and its W beats as one wormhole
  // packet, so writes of different cores never interleave at a memory port) and
  // responses (never behind a request, so a full request path cannot block replies).
  localparam int unsigned NocVcs        = 3;
  localparam int unsigned NocVcRead     = 0;
  localparam int unsigned NocVcWrite    = 1;
  localparam int unsigned NocVcResponse = 2;

  // Bits (with the sign) of a column sum of `rows` int8 products: a product lies in
  // [-2^14 + 2^7, 2^14], so |sum| <= rows * 2^14 < 2^(2 InputWidth - 1 + clog2 rows). The
  // systolic array's partial sums and the compute tile's output FIFO are this wide.
  function automatic int unsigned psum_width(input int unsigned rows);
    psum_width = (2 * InputWidth + $clog2(rows) < AccWidth) ? 2 * InputWidth + $clog2(rows)
                                                             : AccWidth;
  endfunction

  // Set bits of `mask` below bit `n` (elaboration only).
  function automatic int unsigned count_below(input logic [63:0] mask, input int unsigned n);
    count_below = 0;
    for (int unsigned i = 0; i < 64; i++) if (i < n && mask[i]) count_below = count_below + 1;
  endfunction
  // The node index of each set bit of `mask`, 8 bits each, lowest first.
  function automatic logic [63:0] node_list(input logic [63:0] mask, input int unsigned n);
    int unsigned k;
    node_list = '0;
    k = 0;
    for (int unsigned i = 0; i < 64; i++) begin
      if (i < n && mask[i] && k < 8) begin
        node_list[k*8 +: 8] = 8'(i);
        k = k + 1;
      end
    end
  endfunction

  // gemmlowp's rounding of a doubling high multiply of 64-bit product p: (p + nudge) / 2^31
  // truncated toward zero, nudge = 2^30 (1 - 2^30 when p < 0). For p < 0 truncating up is
  // flooring p + 1 - 2^30 + 2^31 - 1, so both cases are floor((p + 2^30) / 2^31)
  // = floor((high + 1) / 2) with high = floor(p / 2^30): one 34-bit increment. The result
  // fits 32 bits but for INT32_MIN * INT32_MIN, which saturates (saturate) to INT32_MAX.
  // npu_srdhm and npu_srdhm_serial.
  function automatic logic signed [31:0] srdhm_round(input logic signed [33:0] high,
                                                     input logic saturate);
    srdhm_round = saturate ? 32'sh7fffffff : 32'((high + 34'sd1) >>> 1);
  endfunction

endpackage
