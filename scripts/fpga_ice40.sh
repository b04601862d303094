#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The iCE40 flow for a board: Yosys synth_ice40 (DSPs on), nextpnr-ice40 place and route
# against the board's .pcf at a target clock, icepack. Prints the utilization and the
# achieved clock and writes them as JSON; fails when the design does not fit (nextpnr's
# packed logic cells, DSPs, block RAMs against the device) or misses its clock. With
# NPU_FPGA_ALLOW_MISFIT set, a design that does not fit ends with its packed figures and
# status 0.
#   fpga_ice40.sh BOARD TOP OUT_DIR TARGET_MHZ FILE...   (FILEs relative to the repository)
# $NPU_FPGA_PARAMS: "Name=Value ..." parameters of TOP (a named configuration).
# With NPU_FPGA_BLOCKS set: synthesis keeping the hierarchy, and where the area goes (the
# core's blocks, OUT_DIR/TOP.blocks.md) instead of the image: no fit check, no placement.
# Yosys: 0.55 from npm (@yowasp/yosys in fpga/yosys, installed by scripts/install-deps.sh;
# about 190 cells fewer than Debian's 0.23 on the tiny image), or the command in $NPU_YOSYS
# (NPU_YOSYS=yosys: Debian's).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
board=${1:?board}; top=${2:?top}; out=${3:?out dir}; mhz=${4:?target MHz}; shift 4
mkdir -p "$out"
out="$(cd "$out" && pwd)"
if [ -n "${NPU_YOSYS:-}" ]; then
  read -r -a yosys <<< "$NPU_YOSYS"
elif [ -d "$root/fpga/yosys/node_modules/@yowasp/yosys" ]; then
  # WebAssembly sees only these directories: the sources and the output.
  yosys=(node "$root/fpga/yosys/yosys.mjs")
  export YOSYS_DIRS="$root/rtl:$root/fpga:$out"
else
  echo "fpga: Yosys 0.55 is not installed (make deps installs it in fpga/yosys)" >&2
  exit 2
fi
case "$board" in
  icebreaker) device=(--up5k --package sg48); pcf="$root/fpga/icebreaker/icebreaker.pcf" ;;
  *) echo "fpga: unknown board '$board' (known: icebreaker)" >&2; exit 2 ;;
esac
files=()
for f in "$@"; do files+=("$root/$f"); done
chparam=""
for p in ${NPU_FPGA_PARAMS:-}; do chparam+=" -set ${p%%=*} ${p#*=}"; done
log="$out/$top"
rm -f "$log.summary.json"
# synth_ice40 up to its check step, which starts with AUTONAME: it only renames cells, and
# on a design the size of the NPU core Yosys 0.23 spends hours in it.
synth() {  # synth LOG_SUFFIX SYNTH_OPTIONS AFTER: the design, synthesized, then AFTER
  "${yosys[@]}" -q -l "$log.$1.log" -p "
    read_verilog -sv -DSYNTHESIS -I$root/rtl/prim ${files[*]}
    ${chparam:+chparam$chparam $top}
    synth_ice40 -dsp $2 -top $top -run :check
    $3
  " >/dev/null
}
if [ -n "${NPU_FPGA_BLOCKS:-}" ]; then
  synth blocks -noflatten "tee -q -o $log.blocks.stat stat"
  python3 "$root/scripts/fpga_stat.py" blocks "$log.blocks.stat" | tee "$log.blocks.md"
  exit 0
fi
# The rest of the check step by hand.
# Yosys 0.55 keeps the cell library's simulation models as whiteboxes and marks where the
# hierarchy was ($scopeinfo cells): the netlist for nextpnr names the cells only
# (blackboxes) and has no such markers, as 0.23's.
synth yosys "" "hierarchy -check; check -noinit; tee -q -o $log.stat stat; blackbox =A:whitebox; delete t:\\\$scopeinfo; write_json $log.json"
synthesis=$(NPU_SCRIPTS="$root/scripts" python3 -c '
import json, os, sys
sys.path.insert(0, os.environ["NPU_SCRIPTS"])
from fpga_stat import design_cells, resources
print(json.dumps(resources(design_cells(open(sys.argv[1]).read()))))' "$log.stat")
# Where the flip-flops are, by register name (the flattened netlist keeps them); they
# must add up to the stat report's count.
ffs=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["ffs"])' "$synthesis")
python3 "$root/scripts/fpga_stat.py" flops "$log.json" --expect "$ffs" --alone > "$log.flops.md"
# Place and route. nextpnr packs first and logs the device utilisation; a design that
# needs more than the device has stops at placement, and its packed figures are the
# summary: logic cells, not LUTs (a flip-flop or a carry with no LUT of its own still
# takes a cell, so a design can need far more cells than it has LUTs).
pnr=0
nextpnr-ice40 -q "${device[@]}" --pcf "$pcf" --json "$log.json" --asc "$log.asc" --freq "$mhz" \
  --report "$log.report.json" -l "$log.nextpnr.log" > "$log.nextpnr.out" 2>&1 || pnr=$?
[ "$pnr" -eq 0 ] && icepack "$log.asc" "$log.bin"
status=0
python3 - "$log" "$mhz" "$top" "$board" "${NPU_FPGA_PARAMS:-}" "$synthesis" "$pnr" <<'PY' || status=$?
import json, re, sys
log, target, top, board, params, synthesis, pnr = sys.argv[1], float(sys.argv[2]), *sys.argv[3:6], json.loads(sys.argv[6]), int(sys.argv[7])
summary = {"board": board, "top": top, "params": params, "target_mhz": target, "synthesis": synthesis}
if pnr == 0:
    report = json.load(open(f"{log}.report.json"))
    util = {k: {"used": v["used"], "available": v["available"]} for k, v in report["utilization"].items() if v["used"]}
    fmax = min(c["achieved"] for c in report["fmax"].values())
    summary |= {"fits": True, "fmax_mhz": round(fmax, 2), "utilization": util}
else:
    # The packer's utilisation table, from the log (the report is written only on success).
    text = open(f"{log}.nextpnr.log").read()
    util = {m[0]: {"used": int(m[1]), "available": int(m[2])}
            for m in re.findall(r"^Info:\s+(\w+):\s+(\d+)/\s*(\d+)\s+\d+%$", text, re.M) if int(m[1])}
    if not any(v["used"] > v["available"] for v in util.values()):
        sys.stderr.write(text[-3000:] + f"fpga: nextpnr failed on {top} (log: {log}.nextpnr.log)\n")
        sys.exit(2)
    summary |= {"fits": False, "fmax_mhz": 0, "utilization": util}
json.dump(summary, open(f"{log}.summary.json", "w"), indent=2)
for k, v in summary["utilization"].items():
    print(f"  {k:<16} {v['used']:>6} / {v['available']}" + ("   over" if v["used"] > v["available"] else ""))
if not summary["fits"]:
    over = ", ".join(f"{k} {v['used']:,} / {v['available']:,}" for k, v in util.items() if v["used"] > v["available"])
    print(f"fpga: {top} does not fit the {board} after packing: {over}")
    sys.exit(1)
print(f"  fmax {fmax:.1f} MHz (target {target:.0f})")
if fmax < target:
    print(f"fpga: {top} misses its clock: {fmax:.1f} MHz < {target:.0f} MHz")
    sys.exit(1)
PY
if [ "$status" -ne 0 ]; then
  # A design that does not fit is reported (status 0) when NPU_FPGA_ALLOW_MISFIT is set.
  if [ "$status" -eq 1 ] && [ -n "${NPU_FPGA_ALLOW_MISFIT:-}" ] && grep -q '"fits": false' "$log.summary.json"; then exit 0; fi
  exit 1
fi
echo "fpga ok: $board $top -> $log.bin"
