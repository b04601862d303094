#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Generic Yosys synthesis of one block, flattened.
#   synth_block.sh OUT_DIR TOP "PARAM=VALUE ..." FILE...   (FILEs relative to the repository;
#   npu_pkg comes first by itself)
# Fails on a Yosys error or any latch; prints the cell and flip-flop counts.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out=${1:?out dir}; top=${2:?top}; params=${3-}; shift 3
mkdir -p "$out"
files="$root/rtl/pkg/npu_pkg.sv"
for f in "$@"; do files="$files $root/$f"; done
chparam=""
for p in $params; do chparam="$chparam -set ${p%%=*} ${p#*=}"; done
name="synth_${top}"
stat="$out/$name.stat"
yosys -q -l "$out/$name.log" -p "
  read_verilog -sv -DSYNTHESIS -I$root/rtl/prim $files
  ${chparam:+chparam $chparam $top}
  synth -flatten -top $top
  tee -o $stat stat
" >/dev/null
if grep -q 'DLATCH' "$stat"; then
  echo "synth: latch inferred in $top"; grep DLATCH "$stat"; exit 1
fi
cells=$(awk '/Number of cells:/ {print $4; exit}' "$stat")
flops=$(grep -E '\$_S?DFFE?_' "$stat" | awk '{s += $2} END {print s+0}')
echo "synth ok: $top ($params): $cells cells, $flops flip-flops ($stat)"
