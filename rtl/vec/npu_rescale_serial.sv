// SPDX-License-Identifier: Apache-2.0
// npu_rescale_serial: the vector unit's requantize (npu_requantize's rule) and element-wise
// add (npu_eltwise_add's rule) on one rescaling datapath that takes one value at a time,
// for an FPGA whose logic is scarcer than its time (the iCEBreaker). Both rules are
// chains of one step, rescale(x, m, e) = rdbp(srdhm(x, m), e):
//   requantize lane:  out = to_int8(rescale(acc + bias, mult, shift))
//   add lane:         a' = rescale((a - a_zp) << 20, a_mult, a_shift), b' likewise,
//                     out = to_int8(rescale(a' + b', out_mult, out_shift))
// so one shift-and-add multiply (npu_srdhm_serial, 34 cycles) and one shift register
// (npu_rdbp_serial, e + 2 cycles) serve every lane and both rules, one step after the
// other, a step taking 36 + e cycles: a requantized value takes 36 + its lane's shift
// cycles, an added one 108 + a_shift + b_shift + out_shift.
// Values come in one at a time, lane after lane of a row (RqLanes of them to requantize,
// AddLanes to add); each stands on in_value_i while its step runs and is released
// (in_ready_o) the cycle that step is done: requantize takes the lane's accumulator, add
// takes a's byte (low 8 bits) for its first step and b's for its second, and its third
// takes none. A lane's result byte shows on out_data_o from the cycle after its last step
// until taken; the next lane's last step waits for that. add_i and the parameters must not
// change while a row is in (from its first value in to its last result out).
// The requantize tables (bias, multiplier, shift per lane) are written here a lane at a
// time (table_we_i: in_value_i into lane table_lane_i) and kept in a block RAM, and so are
// the add's three multipliers (mult_we_i): the datapath reads one word at a time, the
// lane's bias and multiplier or the add step's multiplier, addressed a cycle ahead with
// the lane or step it moves to, so the read latency costs no cycle and no multiplexer
// picks a multiplier.
// Neither may be written while a row is in; until written, each acts as zero. Nor may a
// value come in the cycle after add_i changes or a word is written: the word read for it
// that cycle would be the old one (the vector unit's reads take longer than that).
// Same results as the row modules, bit for bit.
`include "npu_assert.svh"

module npu_rescale_serial #(
  parameter int unsigned RqLanes  = npu_pkg::ArrayCols,
  parameter int unsigned AddLanes = npu_pkg::ScratchpadRowBytes,
  localparam int unsigned OutLanes = (RqLanes > AddLanes) ? RqLanes : AddLanes,
  localparam int unsigned LaneWidth = (OutLanes > 1) ? $clog2(OutLanes) : 1
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  add_i,              // 1: element-wise add; 0: requantize
  // Requantize: the per-lane tables, written a lane at a time from lane table_lane_i of
  // in_data_i (table_sel_i 0: bias, 1: multiplier, 2: shift, its low 5 bits).
  input  logic                  table_we_i,
  input  logic [1:0]            table_sel_i,
  input  logic [LaneWidth-1:0]  table_lane_i,
  // Add: the inputs' and the output's scales (per tensor); the multipliers are written
  // one at a time (mult_sel_i 0: a, 1: b, 2: the output's) and kept with the tables.
  input  logic                  mult_we_i,
  input  logic [1:0]            mult_sel_i,
  input  logic [31:0]           mult_i,
  input  logic signed [7:0]     a_zero_point_i,
  input  logic signed [7:0]     b_zero_point_i,
  input  logic [4:0]            a_shift_i,
  input  logic [4:0]            b_shift_i,
  input  logic [4:0]            out_shift_i,
  // Both: the output's zero point and bounds.
  input  logic signed [7:0]     zero_point_i,
  input  logic signed [7:0]     act_min_i,
  input  logic signed [7:0]     act_max_i,
  // Values in (requantize: a lane's accumulator; add: a lane's byte of a, then of b),
  // a lane's result out.
  input  logic                  in_valid_i,
  output logic                  in_ready_o,
  input  logic [31:0]           in_value_i,
  output logic                  out_valid_o,
  input  logic                  out_ready_i,
  output logic [7:0]            out_data_o
);

  localparam int unsigned LeftShift = 20;
  // Steps of a lane: requantize takes StepA alone; add StepA (a), StepB (b), StepOut.
  localparam logic [1:0] StepA = 2'd0, StepB = 2'd1, StepOut = 2'd2;

  logic                   shifting_q;  // the lane's step is in the shift (else the multiply)
  logic [1:0]             step_q;
  logic [LaneWidth-1:0]   lane_q;
  logic signed [31:0]     x_q;         // add: a', then a' + b' (the output step's input)
  logic [7:0]             out_q;
  logic                   out_valid_q;

  // The tables. Bias and multiplier of lane l are word l of a RAM (a block RAM even this
  // small: 256 flip-flops and two 32-bit multiplexers otherwise), the add's multipliers
  // words RqLanes + step (their high halves). It is read every cycle at the word of the
  // lane or step the datapath is in or moves to, so lane_table_q always holds that word.
  localparam int unsigned TableDepth = RqLanes + 3;
  localparam int unsigned TableAddrWidth = $clog2(TableDepth);
  (* ram_style = "block", no_rw_check *) logic [63:0] table_q [TableDepth];
  logic [63:0]               lane_table_q, lane_table;
  logic [RqLanes*5-1:0]      shift_q;
  logic                      loaded_q;       // tables written since reset (until then zero)
  logic [2:0]                mult_loaded_q;  // each add multiplier written since reset
  logic                      word_loaded;
  logic [LaneWidth-1:0]      lane_d;
  logic [1:0]                step_d;
  logic [TableAddrWidth-1:0] write_addr, read_addr;
  logic [31:0]               high_data;
  // One write address for both halves: one write port.
  assign write_addr = table_we_i ? TableAddrWidth'(table_lane_i)
                                 : TableAddrWidth'(RqLanes + 32'(mult_sel_i));
  assign high_data = table_we_i ? in_value_i : mult_i;
  assign read_addr = add_i ? TableAddrWidth'(RqLanes + 32'(step_d)) : TableAddrWidth'(lane_d);
  always_ff @(posedge clk_i) begin
    if (table_we_i && table_sel_i == 2'd0) table_q[write_addr][31:0] <= in_value_i;
    if ((table_we_i && table_sel_i == 2'd1) || mult_we_i) table_q[write_addr][63:32] <= high_data;
    lane_table_q <= table_q[read_addr];
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      shift_q       <= '0;
      loaded_q      <= 1'b0;
      mult_loaded_q <= '0;
    end else begin
      if (table_we_i) loaded_q <= 1'b1;
      if (table_we_i && table_sel_i == 2'd2) shift_q[32'(table_lane_i) * 5 +: 5] <= in_value_i[4:0];
      if (mult_we_i) mult_loaded_q[mult_sel_i] <= 1'b1;
    end
  end

  // The word read belongs to the lane or step the datapath is in (written words only).
  // Until written only the multiplier needs to read as zero: a zero multiplier makes the
  // step's result 0 whatever the bias, exactly as bias and multiplier 0 did (a shift keeps
  // 0 at 0), so the bias goes unmasked (66 LUTs fewer on the iCEBreaker's image).
  assign word_loaded = add_i ? mult_loaded_q[step_q] : loaded_q;
  assign lane_table  = {word_loaded ? lane_table_q[63:32] : 32'd0, lane_table_q[31:0]};

  // The step's operands: its input value, multiplier and shift (the lane's or the rule's).
  logic signed [31:0] x, bias, multiplier, high, scaled;
  logic [4:0]         shift;
  logic signed [7:0]  byte_in, zero_point_in, out_byte;
  logic               mul_wait, shift_wait, step_done, last_step, last_lane, takes_value;
  logic               mul_present;

  assign bias = lane_table[31:0];
  // Add: a's byte and zero point for the first step, b's for the second.
  assign byte_in       = in_value_i[7:0];
  assign zero_point_in = (step_q == StepA) ? a_zero_point_i : b_zero_point_i;
  assign multiplier = lane_table[63:32];  // the lane's, or the add step's
  always_comb begin
    if (!add_i) begin
      x     = in_value_i + bias;  // the accumulator; wraps around, as the rule says
      shift = shift_q[32'(lane_q) * 5 +: 5];
    end else begin
      case (step_q)
        StepA, StepB: begin
          x = (32'(byte_in) - 32'(zero_point_in)) <<< LeftShift;
          shift = (step_q == StepA) ? a_shift_i : b_shift_i;
        end
        default: begin
          x = x_q;
          shift = out_shift_i;
        end
      endcase
    end
  end

  // The multiply, then the shift: the multiply's operands stand until the shift has
  // taken its result (the shift's first cycle), which is why the value is released and
  // the lane and step move on only when the shift is done. A step that takes a value
  // starts when it is there; the add's output step at once.
  assign takes_value = !add_i || step_q != StepOut;
  assign mul_present = !shifting_q && (!takes_value || in_valid_i);
  npu_srdhm_serial u_srdhm (
    .clk_i,
    .rst_ni,
    .present_i (mul_present),
    .advance_i (shifting_q),
    .a_i       (x),
    .b_i       (multiplier),
    .wait_o    (mul_wait),
    .y_o       (high)
  );

  npu_rdbp_serial u_shift (
    .clk_i,
    .rst_ni,
    .present_i (shifting_q),
    .advance_i (step_done),
    .x_i       (high),
    .e_i       (shift),
    .wait_o    (shift_wait),
    .y_o       (scaled)
  );

  npu_to_int8 u_to_int8 (
    .x_i          (scaled),
    .zero_point_i,
    .act_min_i,
    .act_max_i,
    .y_o          (out_byte)
  );

  // A lane's last step ends only when its byte has somewhere to go.
  assign last_step  = !add_i || step_q == StepOut;
  assign step_done  = shifting_q && !shift_wait && !(last_step && out_valid_q && !out_ready_i);
  assign last_lane  = 32'(lane_q) == (add_i ? AddLanes : RqLanes) - 1;
  assign in_ready_o = step_done && takes_value;

  always_comb begin
    lane_d = lane_q;
    step_d = step_q;
    if (step_done) begin
      if (last_step) begin
        lane_d = last_lane ? '0 : lane_q + 1'b1;
        step_d = StepA;
      end else begin
        step_d = step_q + 1'b1;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      shifting_q  <= 1'b0;
      step_q      <= StepA;
      lane_q      <= '0;
      out_valid_q <= 1'b0;
    end else begin
      if (out_valid_q && out_ready_i) out_valid_q <= 1'b0;
      if (!shifting_q) begin
        shifting_q <= mul_present && !mul_wait;
      end else if (step_done) begin
        shifting_q <= 1'b0;
        step_q     <= step_d;
        lane_q     <= lane_d;
        if (last_step) out_valid_q <= 1'b1;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (step_done) begin
      if (last_step) out_q <= out_byte;
      // Add: keep a', then a' + b' for the output step.
      if (step_q == StepA) x_q <= scaled;
      if (step_q == StepB) x_q <= x_q + scaled;
    end
  end

  assign out_valid_o = out_valid_q;
  assign out_data_o  = out_q;

  `ASSERT_INIT(lanes_a, RqLanes >= 1 && AddLanes >= 1)
  `ASSERT(bounds_ordered_a, step_done && last_step |-> act_min_i <= act_max_i, clk_i, rst_ni)
  `ASSERT_STABLE(out_stable_a, out_valid_o, out_ready_i, out_data_o, clk_i, rst_ni)
  `ASSERT(writes_idle_a, (table_we_i || mult_we_i) |-> !in_valid_i && !shifting_q &&
          step_q == StepA && lane_q == '0, clk_i, rst_ni)
  `ASSERT(mult_sel_a, mult_we_i |-> mult_sel_i <= 2'd2, clk_i, rst_ni)
  `ASSERT_STABLE(in_stable_a, in_valid_i, in_ready_o, {add_i, in_value_i}, clk_i, rst_ni)
  `ASSERT(settled_a, in_valid_i |-> add_i == $past(add_i) && !$past(table_we_i || mult_we_i),
          clk_i, rst_ni)

endmodule
