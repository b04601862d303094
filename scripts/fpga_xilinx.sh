#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The Xilinx flow for a board. Here (no Vivado): Yosys synth_xilinx gives the LUT, flip-flop,
# DSP and block RAM estimates, written as JSON; the run fails when they exceed the device
# (unless NPU_FPGA_ALLOW_MISFIT is set). The core's blocks, each with its LUTs, flip-flops,
# DSPs and block RAMs, go to OUT_DIR/TOP.blocks.md.
# With `vivado` on the PATH it then builds the bitstream with the board's build.tcl.
#   fpga_xilinx.sh BOARD TOP OUT_DIR FILE...   (FILEs relative to the repository)
# $NPU_FPGA_PARAMS: "Name=Value ..." parameters of TOP (a named configuration).
# Yosys: Debian's, or the command in $NPU_YOSYS.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
board=${1:?board}; top=${2:?top}; out=${3:?out dir}; shift 3
yosys=${NPU_YOSYS:-yosys}
case "$board" in
  # XC7A100T: 63,400 LUTs, 126,800 flip-flops, 240 DSP48E1, 135 RAMB36E1.
  arty-a7) part=xc7a100tcsg324-1; capacity='{"luts": 63400, "ffs": 126800, "dsps": 240, "brams": 135}' ;;
  *) echo "fpga: unknown Xilinx board '$board' (known: arty-a7)" >&2; exit 2 ;;
esac
mkdir -p "$out"
files=()
for f in "$@"; do files+=("$root/$f"); done
printf '%s\n' "${files[@]}" > "$out/sources.f"
chparam=""
for p in ${NPU_FPGA_PARAMS:-}; do chparam+=" -set ${p%%=*} ${p#*=}"; done
log="$out/$top"
"$yosys" -q -l "$log.yosys.log" -p "
  read_verilog -sv -DSYNTHESIS -I$root/rtl/prim ${files[*]}
  ${chparam:+chparam$chparam $top}
  synth_xilinx -family xc7 -top $top
  tee -q -o $log.stat stat -top $top
" >/dev/null
fits=0
NPU_SCRIPTS="$root/scripts" python3 - "$log.stat" "$log.summary.json" "$top" "$board" "$part" "$capacity" "${NPU_FPGA_PARAMS:-}" <<'PY' || fits=$?
import json, os, sys
sys.path.insert(0, os.environ["NPU_SCRIPTS"])
from fpga_stat import design_cells, resources
stat, out, top, board, part, capacity, params = sys.argv[1:8]
capacity = json.loads(capacity)
used = resources(design_cells(open(stat).read()))
used = {k: used[k] for k in capacity}
summary = {"board": board, "top": top, "part": part, "params": params, "tool": "yosys synth_xilinx (estimate)",
           "utilization": {k: {"used": used[k], "available": capacity[k]} for k in used},
           "fits": all(used[k] <= capacity[k] for k in used)}
json.dump(summary, open(out, "w"), indent=2)
for k in used:
    print(f"  {k:<6} {used[k]:>7} / {capacity[k]}")
if not summary["fits"]:
    print(f"fpga: {top} does not fit the {part}")
    sys.exit(1)
PY
# Where the area goes: the blocks of the core (synth_xilinx keeps the hierarchy).
python3 "$root/scripts/fpga_stat.py" blocks "$log.stat" > "$log.blocks.md"
[ -n "${NPU_FPGA_BLOCKS:-}" ] && cat "$log.blocks.md"
if [ "$fits" -ne 0 ]; then [ -n "${NPU_FPGA_ALLOW_MISFIT:-}" ] && exit 0; exit 1; fi
if command -v vivado >/dev/null; then
  vivado -mode batch -nojournal -log "$out/vivado.log" -source "$root/fpga/$board/build.tcl" \
    -tclargs "$out/sources.f" "$out"
  echo "fpga ok: $board $top -> $out/$top.bit"
else
  echo "fpga: no vivado on the PATH: estimates only ($log.summary.json); $out/sources.f and" \
       "fpga/$board/build.tcl build the bitstream where Vivado is installed"
fi
