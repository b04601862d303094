// SPDX-License-Identifier: Apache-2.0
// npu_uart_rx: 8N1 serial receiver. The line is synchronised by two flops; a start bit is
// a low level still low half a bit later; each data bit is sampled in the middle of its
// bit time (ClkPerBit clock cycles per bit). A byte whose stop bit is low is dropped and
// reported on frame_error_o for one cycle (the bridge treats it as a lost byte).

module npu_uart_rx #(
  parameter int unsigned ClkPerBit = 104,  // e.g. 12 MHz / 115200 baud
  localparam int unsigned CountWidth = $clog2(ClkPerBit + 1)
) (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       rx_i,
  output logic       valid_o,        // one cycle per received byte
  output logic [7:0] data_o,
  output logic       frame_error_o   // one cycle: a byte without its stop bit
);

  logic [1:0] sync_q;
  logic       busy_q;
  logic [CountWidth-1:0] count_q;
  logic [3:0] bit_q;  // 0: start, 1..8: data, 9: stop
  logic [7:0] shift_q;

  wire line = sync_q[1];

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sync_q        <= 2'b11;
      busy_q        <= 1'b0;
      count_q       <= '0;
      bit_q         <= '0;
      shift_q       <= '0;
      valid_o       <= 1'b0;
      data_o        <= '0;
      frame_error_o <= 1'b0;
    end else begin
      sync_q        <= {sync_q[0], rx_i};
      valid_o       <= 1'b0;
      frame_error_o <= 1'b0;
      if (!busy_q) begin
        if (!line) begin  // a falling edge: wait half a bit, then check the start bit
          busy_q  <= 1'b1;
          count_q <= CountWidth'(ClkPerBit / 2);
          bit_q   <= '0;
        end
      end else if (count_q != 0) begin
        count_q <= count_q - 1'b1;
      end else begin
        count_q <= CountWidth'(ClkPerBit - 1);
        if (bit_q == 0) begin
          if (line) busy_q <= 1'b0;  // a glitch, not a start bit
          bit_q <= 4'd1;
        end else if (bit_q <= 4'd8) begin
          shift_q <= {line, shift_q[7:1]};  // LSB first
          bit_q   <= bit_q + 1'b1;
        end else begin
          busy_q <= 1'b0;
          if (line) begin
            valid_o <= 1'b1;
            data_o  <= shift_q;
          end else begin
            frame_error_o <= 1'b1;
          end
        end
      end
    end
  end

endmodule
