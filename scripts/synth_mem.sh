#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Yosys check that the on-chip memories become RAM, not flip-flops.
#   synth_mem.sh BANKS OUT_DIR
# Fails unless the scratchpad and the accumulator infer exactly one memory per bank.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
banks=${1:?banks}; out=${2:?out dir}
mkdir -p "$out"
prims="$root/rtl/pkg/npu_pkg.sv $root/rtl/prim/prim_delay.sv $root/rtl/prim/prim_rr_arbiter.sv"

# count_memories TOP PARAMS FILES...: number of $mem_v2 cells after memory inference.
count_memories() {
  local top=$1 params=$2; shift 2
  local stat="$out/synth_${top}.stat"
  yosys -q -l "$out/synth_${top}.log" -p "
    read_verilog -sv -DSYNTHESIS -I$root/rtl/prim $prims $*
    chparam $params $top
    hierarchy -top $top
    proc; flatten; opt; memory -nomap; opt_clean
    tee -o $stat stat
  " >/dev/null
  awk '/\$mem_v2/ {print $2; found=1; exit} END {if (!found) print 0}' "$stat"
}

spad=$(count_memories npu_scratchpad \
  "-set Banks $banks -set RowsPerBank 64 -set RowBytes 4 -set ReadLatency 2" \
  "$root/rtl/prim/prim_sram_2p.sv $root/rtl/prim/prim_sram.sv $root/rtl/mem/npu_scratchpad.sv")
acc_banks=2
acc=$(count_memories npu_accumulator "-set Rows 64 -set Lanes 4 -set ReadLatency 2 -set Banks $acc_banks" \
  "$root/rtl/prim/prim_sram_2p.sv $root/rtl/mem/npu_acc_bank.sv $root/rtl/mem/npu_accumulator.sv")
if [ "$spad" -ne "$banks" ] || [ "$acc" -ne "$acc_banks" ]; then
  echo "synth: scratchpad $spad RAMs for $banks banks, accumulator $acc RAMs for $acc_banks banks"
  exit 1
fi
echo "synth ok: scratchpad with $banks banks infers $spad RAMs, accumulator with $acc_banks banks infers $acc"
