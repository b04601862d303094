// SPDX-License-Identifier: Apache-2.0
// npu_uart_tx: 8N1 serial transmitter, ClkPerBit clock cycles per bit, LSB first. Takes a
// byte when valid_i && ready_o; the line idles high.

module npu_uart_tx #(
  parameter int unsigned ClkPerBit = 104,
  localparam int unsigned CountWidth = $clog2(ClkPerBit + 1)
) (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       valid_i,
  output logic       ready_o,
  input  logic [7:0] data_i,
  output logic       tx_o
);

  logic [9:0] frame_q;  // stop, data, start: shifted out from bit 0
  logic [3:0] bits_q;   // bits left to send
  logic [CountWidth-1:0] count_q;

  // Busy until the stop bit has had its whole bit time.
  assign ready_o = (bits_q == 0) && (count_q == 0);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      frame_q <= '1;
      bits_q  <= '0;
      count_q <= '0;
      tx_o    <= 1'b1;
    end else if (ready_o) begin
      if (valid_i) begin
        frame_q <= {1'b1, data_i, 1'b0};
        bits_q  <= 4'd10;
        count_q <= '0;
      end
    end else if (count_q != 0) begin
      count_q <= count_q - 1'b1;
    end else begin
      tx_o    <= frame_q[0];
      frame_q <= {1'b1, frame_q[9:1]};
      bits_q  <= bits_q - 1'b1;
      count_q <= CountWidth'(ClkPerBit - 1);
    end
  end

endmodule
