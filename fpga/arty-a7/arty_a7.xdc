## SPDX-License-Identifier: Apache-2.0
## Digilent Arty A7-100T pins for npu_arty_a7_top (names as on the board's schematic).

## 100 MHz oscillator; the MMCM's 50 MHz output is derived by Vivado.
set_property -dict { PACKAGE_PIN E3  IOSTANDARD LVCMOS33 } [get_ports { clk100_i }]
create_clock -name sys_clk -period 10.000 [get_ports { clk100_i }]

## RESET button (ck_rst), low when pressed.
set_property -dict { PACKAGE_PIN C2  IOSTANDARD LVCMOS33 } [get_ports { ck_rst_ni }]

## USB-UART: uart_txd_in is the FPGA's receive line, uart_rxd_out its transmit line.
set_property -dict { PACKAGE_PIN A9  IOSTANDARD LVCMOS33 } [get_ports { uart_rx_i }]
set_property -dict { PACKAGE_PIN D10 IOSTANDARD LVCMOS33 } [get_ports { uart_tx_o }]

## LD4, LD5, LD6.
set_property -dict { PACKAGE_PIN H5  IOSTANDARD LVCMOS33 } [get_ports { led_o[0] }]
set_property -dict { PACKAGE_PIN J5  IOSTANDARD LVCMOS33 } [get_ports { led_o[1] }]
set_property -dict { PACKAGE_PIN T9  IOSTANDARD LVCMOS33 } [get_ports { led_o[2] }]

## The button, the serial line and the LEDs are asynchronous to the NPU's clock (the
## reset and the receiver synchronise their inputs with two flops).
set_false_path -from [get_ports { ck_rst_ni uart_rx_i }]
set_false_path -to   [get_ports { uart_tx_o led_o[*] }]

## Configuration bank voltage (the board's flash is 3.3 V).
set_property CONFIG_VOLTAGE 3.3 [current_design]
set_property CFGBVS VCCO [current_design]
