// SPDX-License-Identifier: Apache-2.0
// npu_systolic_array: R x C grid of npu_pe with input skew and output de-skew inside,
// so the ports take and give aligned vectors. Latency from in_valid_i to out_valid_o is
// R + C - 1 cycles; one row per cycle in steady state. In the first 2 * DspPairCols
// columns two neighbouring PEs share one multiplier (npu_pair_multiplier, for FPGAs
// short of DSP blocks): the same array cycle for cycle. Partial sums are only as wide as a
// column of R products can need and are sign-extended to 32 bits at the bottom edge.
// WeightBuffers 1 builds one weight register a PE (npu_pe): the select bits are ignored.
// A pair's weights are not shifted down its columns: the pair multiplier holds them (an
// iCE40's in its DSP block), so each shifted row is also written straight into row
// weight_sel_i of the paired columns, the row the shift chain would carry it to.
`include "npu_assert.svh"

module npu_systolic_array #(
  parameter int unsigned ArrayRows   = npu_pkg::ArrayRows,
  parameter int unsigned ArrayCols   = npu_pkg::ArrayCols,
  parameter int unsigned DspPairCols = 0,
  parameter int unsigned WeightBuffers = 2,
  localparam int unsigned SelWidth = (ArrayRows > 1) ? $clog2(ArrayRows) : 1
) (
  input  logic                                       clk_i,
  input  logic                                       rst_ni,
  // Weight preload: one row per shift enters the top edge; the first row shifted in ends
  // deepest, so rows arrive bottom row first.
  input  logic                                       weight_shift_i,
  input  logic                                       weight_buf_i,
  input  logic [ArrayCols*npu_pkg::InputWidth-1:0]   weight_row_i,
  // The row this shift's row ends in: the number of rows still to shift after it (the
  // tile's count less one). Used by paired columns only.
  input  logic [SelWidth-1:0]                        weight_sel_i,
  // Aligned activation vector (element r feeds array row r) and its weight-buffer select.
  input  logic                                       in_valid_i,
  input  logic                                       in_sel_i,
  input  logic [ArrayRows*npu_pkg::InputWidth-1:0]   in_data_i,
  // Aligned result vector (element c from column c), with the select it was computed with.
  output logic                                       out_valid_o,
  output logic                                       out_sel_o,
  output logic [ArrayCols*npu_pkg::AccWidth-1:0]     out_data_o
);

  localparam int unsigned R    = ArrayRows;
  localparam int unsigned C    = ArrayCols;
  localparam int unsigned InW  = npu_pkg::InputWidth;
  localparam int unsigned AccW = npu_pkg::AccWidth;
  localparam int unsigned PsumW = npu_pkg::psum_width(R);  // a column's sum and its sign

  // Buses between PEs, flattened so every tool accepts them.
  // act_*[r][c] enters PE(r,c) from the west; column C is the east edge.
  logic [R*(C+1)*InW-1:0]  act_data;
  logic [R*(C+1)-1:0]      act_valid;
  logic [R*(C+1)-1:0]      act_sel;
  // psum[r][c] enters PE(r,c) from the north; row R is the bottom edge.
  logic [(R+1)*C*PsumW-1:0] psum;
  // weight0/1[r][c] enter PE(r,c)'s buffer 0/1 from the north during preload.
  logic [(R+1)*C*InW-1:0]  weight0, weight1;

  for (genvar r = 0; r < R; r++) begin : gen_skew
    // Row r waits r cycles so that it meets the partial sums coming down from row r-1.
    prim_delay #(.Width(2), .Depth(r), .ResetZero(1'b1)) u_valid_sel (
      .clk_i,
      .rst_ni,
      .in_i  ({in_valid_i, in_sel_i}),
      .out_o ({act_valid[r*(C+1)], act_sel[r*(C+1)]})
    );
    prim_delay #(.Width(InW), .Depth(r)) u_data (
      .clk_i,
      .rst_ni,
      .in_i  (in_data_i[r*InW +: InW]),
      .out_o (act_data[r*(C+1)*InW +: InW])
    );
  end

  for (genvar c = 0; c < C; c++) begin : gen_top
    assign psum[c*PsumW +: PsumW] = '0;
    assign weight0[c*InW +: InW] = weight_row_i[c*InW +: InW];
    assign weight1[c*InW +: InW] = weight_row_i[c*InW +: InW];
  end

  // product[r][c]: PE(r,c)'s product when its column is in a pair (else unused).
  logic [R*C*2*InW-1:0]    product;
  // row_load[r]: this shift's row is row r's (the paired columns load it there).
  logic [R-1:0]            row_load;
  for (genvar r = 0; r < R; r++) begin : gen_row_load
    assign row_load[r] = weight_shift_i && 32'(weight_sel_i) == r;
  end
  if (DspPairCols == 0) begin : gen_no_pairs
    logic unused_sel;
    assign unused_sel = ^row_load;
  end

  for (genvar r = 0; r < R; r++) begin : gen_row
    for (genvar c = 0; c < C; c++) begin : gen_col
      npu_pe #(.ExternalProduct(c < 2 * DspPairCols), .PsumWidth(PsumW),
               .WeightBuffers(WeightBuffers)) u_pe (
        .clk_i,
        .rst_ni,
        .weight_shift_i,
        .weight_buf_i,
        .weight0_i   (weight0[(r*C+c)*InW +: InW]),
        .weight1_i   (weight1[(r*C+c)*InW +: InW]),
        .weight0_o   (weight0[((r+1)*C+c)*InW +: InW]),
        .weight1_o   (weight1[((r+1)*C+c)*InW +: InW]),
        .act_valid_i (act_valid[r*(C+1)+c]),
        .act_sel_i   (act_sel[r*(C+1)+c]),
        .act_i       (act_data[(r*(C+1)+c)*InW +: InW]),
        .act_valid_o (act_valid[r*(C+1)+c+1]),
        .act_sel_o   (act_sel[r*(C+1)+c+1]),
        .act_o       (act_data[(r*(C+1)+c+1)*InW +: InW]),
        .psum_i      (psum[(r*C+c)*PsumW +: PsumW]),
        .psum_o      (psum[((r+1)*C+c)*PsumW +: PsumW]),
        .product_i   (product[(r*C+c)*2*InW +: 2*InW])
      );
      if (c >= 2 * DspPairCols) begin : gen_own
        assign product[(r*C+c)*2*InW +: 2*InW] = '0;
      end else if (c % 2 == 0) begin : gen_pair
        // Columns c and c + 1 on one multiplier, which holds their weights.
        npu_pair_multiplier #(.WeightBuffers(WeightBuffers)) u_mul (
          .clk_i,
          .weight_load_i  (row_load[r]),
          .weight_buf_i,
          .west_weight_i  (weight_row_i[c*InW +: InW]),
          .east_weight_i  (weight_row_i[(c+1)*InW +: InW]),
          .act_sel_i      (act_sel[r*(C+1)+c]),
          .act_i          (act_data[(r*(C+1)+c)*InW +: InW]),
          .west_product_o (product[(r*C+c)*2*InW +: 2*InW]),
          .east_product_o (product[(r*C+c+1)*2*InW +: 2*InW])
        );
      end
    end
  end

  for (genvar c = 0; c < C; c++) begin : gen_deskew
    // Column c finishes C-1-c cycles before the last column; hold it back to align (at the
    // partial sums' width), then sign-extend.
    logic signed [PsumW-1:0] column_sum;
    prim_delay #(.Width(PsumW), .Depth(C - 1 - c)) u_data (
      .clk_i,
      .rst_ni,
      .in_i  (psum[(R*C+c)*PsumW +: PsumW]),
      .out_o (column_sum)
    );
    assign out_data_o[c*AccW +: AccW] = AccW'(column_sum);
  end

  // The bottom-right PE is the last to see a row: its east outputs mark the aligned result.
  assign out_valid_o = act_valid[(R-1)*(C+1)+C];
  assign out_sel_o   = act_sel[(R-1)*(C+1)+C];

  `ASSERT_INIT(dsp_pairs_a, 2 * DspPairCols <= ArrayCols)

endmodule
