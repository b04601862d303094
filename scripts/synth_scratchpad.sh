#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Yosys check that the scratchpad's banks become RAM, not flip-flops.
#   synth_scratchpad.sh BANKS OUT_DIR
# Fails unless Yosys infers exactly one memory per bank.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
banks=${1:?banks}; out=${2:?out dir}
mkdir -p "$out"
stat="$out/synth_scratchpad_b${banks}.stat"
yosys -q -l "$out/synth_scratchpad_b${banks}.log" -p "
  read_verilog -sv -DSYNTHESIS -I$root/rtl/prim $root/rtl/pkg/npu_pkg.sv \
    $root/rtl/prim/prim_delay.sv $root/rtl/prim/prim_rr_arbiter.sv \
    $root/rtl/prim/prim_sram.sv $root/rtl/mem/npu_scratchpad.sv
  chparam -set Banks $banks -set RowsPerBank 64 -set RowBytes 4 -set ReadLatency 2 npu_scratchpad
  hierarchy -top npu_scratchpad
  proc; flatten; opt; memory -nomap; opt_clean
  tee -o $stat stat
" >/dev/null
mems=$(awk '/\$mem_v2/ {print $2; exit}' "$stat")
if [ "${mems:-0}" -ne "$banks" ]; then
  echo "synth: ${mems:-0} memories inferred for $banks banks"; exit 1
fi
echo "synth ok: npu_scratchpad with $banks banks infers $mems RAMs ($stat)"
