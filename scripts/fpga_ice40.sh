#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The iCE40 flow for a board: Yosys synth_ice40 (DSPs on), nextpnr-ice40 place and route
# against the board's .pcf at a target clock, icepack. Prints the utilization and the
# achieved clock and writes them as JSON; fails when the design does not fit (checked
# after synthesis, before place and route) or misses its clock.
#   fpga_ice40.sh BOARD TOP OUT_DIR TARGET_MHZ FILE...   (FILEs relative to the repository)
# Yosys: Debian's, or the command in $NPU_YOSYS (a newer Yosys taking the same arguments).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
board=${1:?board}; top=${2:?top}; out=${3:?out dir}; mhz=${4:?target MHz}; shift 4
yosys=${NPU_YOSYS:-yosys}
case "$board" in
  icebreaker) device=(--up5k --package sg48); lcs=5280; pcf="$root/fpga/icebreaker/icebreaker.pcf" ;;
  *) echo "fpga: unknown board '$board' (known: icebreaker)" >&2; exit 2 ;;
esac
mkdir -p "$out"
files=()
for f in "$@"; do files+=("$root/$f"); done
log="$out/$top"
"$yosys" -q -l "$log.yosys.log" -p "
  read_verilog -sv -DSYNTHESIS -I$root/rtl/prim ${files[*]}
  synth_ice40 -dsp -top $top -json $log.json
  tee -q -o $log.stat stat
" >/dev/null
luts=$(awk '/SB_LUT4/ {print $2; exit}' "$log.stat")
if [ "${luts:-0}" -gt "$lcs" ]; then
  echo "fpga: $top does not fit the $board: $luts LUTs after synthesis, the device has $lcs logic cells"
  exit 1
fi
nextpnr-ice40 -q "${device[@]}" --pcf "$pcf" --json "$log.json" --asc "$log.asc" --freq "$mhz" \
  --report "$log.report.json" -l "$log.nextpnr.log"
icepack "$log.asc" "$log.bin"
python3 - "$log.report.json" "$mhz" "$log.summary.json" "$top" "$board" <<'PY'
import json, sys
report, target, out, top, board = json.load(open(sys.argv[1])), float(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
util = report["utilization"]
fmax = min(c["achieved"] for c in report["fmax"].values())
summary = {"board": board, "top": top, "target_mhz": target, "fmax_mhz": round(fmax, 2),
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
