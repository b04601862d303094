# SPDX-License-Identifier: Apache-2.0
# Vivado batch build of the Arty A7-100T image (non-project mode):
#   vivado -mode batch -source fpga/arty-a7/build.tcl -tclargs SOURCES_F OUT_DIR
# SOURCES_F lists the SystemVerilog files in order, one per line (scripts/fpga.sh writes
# it: `make fpga BOARD=arty-a7` runs this script when `vivado` is on the PATH). Writes
# the bitstream and the utilization and timing reports to OUT_DIR; fails when timing is
# not met.
if {$argc != 2} {
  puts "usage: vivado -mode batch -source build.tcl -tclargs SOURCES_F OUT_DIR"
  exit 2
}
set sources_f [lindex $argv 0]
set out [lindex $argv 1]
set here [file dirname [file normalize [info script]]]
set root [file normalize "$here/../.."]
file mkdir $out

set fd [open $sources_f r]
set files [split [string trim [read $fd]] "\n"]
close $fd
read_verilog -sv $files
read_xdc "$here/arty_a7.xdc"

synth_design -top npu_arty_a7_top -part xc7a100tcsg324-1 -verilog_define SYNTHESIS \
  -include_dirs "$root/rtl/prim"
opt_design
place_design
phys_opt_design
route_design

report_utilization -file "$out/utilization.rpt"
report_timing_summary -file "$out/timing.rpt"
write_bitstream -force "$out/npu_arty_a7_top.bit"

set wns [get_property SLACK [get_timing_paths -max_paths 1 -setup]]
puts "worst setup slack: $wns ns"
if {$wns < 0} {
  puts "fpga: npu_arty_a7_top misses its clock (worst setup slack $wns ns)"
  exit 1
}
