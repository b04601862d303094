#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Generic Yosys synthesis of the compute tile at a small configuration.
#   synth.sh ROWS COLS OUT_DIR
# Fails on a Yosys error, on any latch, or on a netlist with no multiplier logic left
# (a sign that the datapath was optimised away).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rows=${1:?rows}; cols=${2:?cols}; out=${3:?out dir}
mkdir -p "$out"
log="$out/synth_tile_${rows}x${cols}.log"
yosys -q -l "$log" -p "
  read_verilog -sv -DSYNTHESIS -I$root/rtl/prim $root/rtl/pkg/npu_pkg.sv \
    $root/rtl/prim/prim_fifo_ctrl.sv $root/rtl/prim/prim_fifo.sv $root/rtl/prim/prim_delay.sv $root/rtl/array/npu_pe.sv $root/rtl/array/npu_pair_multiplier.sv $root/rtl/array/npu_pair_weights.sv \
    $root/rtl/array/npu_systolic_array.sv $root/rtl/array/npu_compute_tile.sv
  chparam -set ArrayRows $rows -set ArrayCols $cols npu_compute_tile
  synth -flatten -top npu_compute_tile
  tee -o $out/synth_tile_${rows}x${cols}.stat stat
" >/dev/null
stat="$out/synth_tile_${rows}x${cols}.stat"
cells=$(awk '/Number of cells:/ {print $4; exit}' "$stat")
if grep -q 'DLATCH' "$stat"; then
  echo "synth: latch inferred"; grep DLATCH "$stat"; exit 1
fi
# Each PE needs an 8 x 8 multiplier and a 32-bit adder: thousands of gates, not tens.
min_cells=$((rows * cols * 300))
if [ "${cells:-0}" -lt "$min_cells" ]; then
  echo "synth: only ${cells:-0} cells for a ${rows}x${cols} tile (expected >= $min_cells)"; exit 1
fi
flops=$(grep -E '\$_S?DFFE?_' "$stat" | awk '{s += $2} END {print s+0}')
echo "synth ok: npu_compute_tile ${rows}x${cols}: $cells cells, $flops flip-flops ($stat)"
