#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The iCE40 flow for a board: Yosys synth_ice40 (DSPs on), nextpnr-ice40 place and route
# against the board's .pcf at a target clock, icepack. Prints the utilization and the
# achieved clock and writes them as JSON; fails when the design does not fit (checked
# after synthesis, before place and route) or misses its clock. With NPU_FPGA_ALLOW_MISFIT
# set, a design that does not fit ends after synthesis with its figures and status 0.
#   fpga_ice40.sh BOARD TOP OUT_DIR TARGET_MHZ FILE...   (FILEs relative to the repository)
# $NPU_FPGA_PARAMS: "Name=Value ..." parameters of TOP (a named configuration).
# With NPU_FPGA_BLOCKS set: synthesis keeping the hierarchy, and where the area goes (the
# core's blocks, OUT_DIR/TOP.blocks.md) instead of the image: no fit check, no placement.
# Yosys: Debian's, or the command in $NPU_YOSYS (a newer Yosys taking the same arguments).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
board=${1:?board}; top=${2:?top}; out=${3:?out dir}; mhz=${4:?target MHz}; shift 4
yosys=${NPU_YOSYS:-yosys}
case "$board" in
  icebreaker) device=(--up5k --package sg48); lcs=5280; dsp_blocks=8; pcf="$root/fpga/icebreaker/icebreaker.pcf" ;;
  *) echo "fpga: unknown board '$board' (known: icebreaker)" >&2; exit 2 ;;
esac
mkdir -p "$out"
files=()
for f in "$@"; do files+=("$root/$f"); done
chparam=""
for p in ${NPU_FPGA_PARAMS:-}; do chparam+=" -set ${p%%=*} ${p#*=}"; done
log="$out/$top"
rm -f "$log.summary.json"
if [ -n "${NPU_FPGA_BLOCKS:-}" ]; then
  "$yosys" -q -l "$log.blocks.log" -p "
    read_verilog -sv -DSYNTHESIS -I$root/rtl/prim ${files[*]}
    ${chparam:+chparam$chparam $top}
    synth_ice40 -dsp -noflatten -top $top -run :check
    tee -q -o $log.blocks.stat stat
  " >/dev/null
  python3 "$root/scripts/fpga_stat.py" blocks "$log.blocks.stat" | tee "$log.blocks.md"
  exit 0
fi
# synth_ice40 up to its check step, which starts with AUTONAME: it only renames cells, and
# on a design the size of the NPU core Yosys 0.23 spends hours in it. The rest of that
# step follows by hand.
"$yosys" -q -l "$log.yosys.log" -p "
  read_verilog -sv -DSYNTHESIS -I$root/rtl/prim ${files[*]}
  ${chparam:+chparam$chparam $top}
  synth_ice40 -dsp -top $top -run :check
  hierarchy -check
  check -noinit
  tee -q -o $log.stat stat
  write_json $log.json
" >/dev/null
count() { awk -v c="$1" '$1 == c {print $2; exit}' "$log.stat"; }
luts=$(count SB_LUT4); dsps=$(count SB_MAC16); brams=$(count SB_RAM40_4K); sprams=$(count SB_SPRAM256KA)
if [ "${luts:-0}" -gt "$lcs" ] || [ "${dsps:-0}" -gt "$dsp_blocks" ]; then
  # The summary of a design that does not fit: synthesis figures, no clock.
  printf '{"board": "%s", "top": "%s", "params": "%s", "fits": false, "target_mhz": %s,\n' \
    "$board" "$top" "${NPU_FPGA_PARAMS:-}" "$mhz" > "$log.summary.json"
  printf ' "synthesis": {"luts": %d, "dsps": %d, "block_rams": %d, "sprams": %d, "logic_cells": %d}}\n' \
    "${luts:-0}" "${dsps:-0}" "${brams:-0}" "${sprams:-0}" "$lcs" >> "$log.summary.json"
  echo "fpga: $top does not fit the $board: ${luts:-0} LUTs (device: $lcs logic cells)," \
       "${dsps:-0} DSPs (device: $dsp_blocks) after synthesis"
  [ -n "${NPU_FPGA_ALLOW_MISFIT:-}" ] && exit 0
  exit 1
fi
nextpnr-ice40 -q "${device[@]}" --pcf "$pcf" --json "$log.json" --asc "$log.asc" --freq "$mhz" \
  --report "$log.report.json" -l "$log.nextpnr.log"
icepack "$log.asc" "$log.bin"
python3 - "$log.report.json" "$mhz" "$log.summary.json" "$top" "$board" "${NPU_FPGA_PARAMS:-}" <<'PY'
import json, sys
report, target, out, top, board, params = json.load(open(sys.argv[1])), float(sys.argv[2]), *sys.argv[3:7]
util = report["utilization"]
fmax = min(c["achieved"] for c in report["fmax"].values())
summary = {"board": board, "top": top, "params": params, "fits": True, "target_mhz": target, "fmax_mhz": round(fmax, 2),
           "utilization": {k: {"used": v["used"], "available": v["available"]} for k, v in util.items() if v["used"]}}
json.dump(summary, open(out, "w"), indent=2)
for k, v in summary["utilization"].items():
    print(f"  {k:<16} {v['used']:>5} / {v['available']}")
print(f"  fmax {fmax:.1f} MHz (target {target:.0f})")
if fmax < target:
    print(f"fpga: {top} misses its clock: {fmax:.1f} MHz < {target:.0f} MHz")
    sys.exit(1)
PY
echo "fpga ok: $board $top -> $log.bin"
