#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Generic Yosys synthesis of the DMA engine.
#   synth_dma.sh DATA_WIDTH OUT_DIR
# Fails on a Yosys error or any latch; prints the cell and flip-flop counts.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
width=${1:?data width}; out=${2:?out dir}
mkdir -p "$out"
stat="$out/synth_dma_w${width}.stat"
yosys -q -l "$out/synth_dma_w${width}.log" -p "
  read_verilog -sv -DSYNTHESIS -I$root/rtl/prim $root/rtl/pkg/npu_pkg.sv \
    $root/rtl/prim/prim_fifo.sv $root/rtl/dma/npu_dma_bursts.sv $root/rtl/dma/npu_dma_load.sv \
    $root/rtl/dma/npu_dma_store.sv $root/rtl/dma/npu_dma.sv
  chparam -set DataWidth $width npu_dma
  synth -flatten -top npu_dma
  tee -o $stat stat
" >/dev/null
if grep -q 'DLATCH' "$stat"; then
  echo "synth: latch inferred"; grep DLATCH "$stat"; exit 1
fi
cells=$(awk '/Number of cells:/ {print $4; exit}' "$stat")
flops=$(grep -E '\$_S?DFFE?_' "$stat" | awk '{s += $2} END {print s+0}')
echo "synth ok: npu_dma ${width}-bit: $cells cells, $flops flip-flops ($stat)"
