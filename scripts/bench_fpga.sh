#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The FPGA benchmark: the iCEBreaker NPU image at `tiny` (synthesis, and place and route
# with its clock when it fits the UP5K) and the Arty A7 image's Yosys estimates at
# `default` and `tiny`. Prints the figures and writes OUT_DIR/fpga.json.
#   bench_fpga.sh OUT_DIR [WORK_DIR]
# The core's blocks (where the area goes) come from the Arty runs and from a hierarchical
# iCE40 synthesis of the tiny image (WORK_DIR/ice40_tiny_blocks).
# NPU_FPGA_UPDATE_DOCS=1 also rewrites the tables of docs/fpga.md (between its GENERATED
# fpga-resources and fpga-blocks markers) from this run; NPU_FPGA_REPORT_ONLY=1 skips the runs
# and reports the summaries already in WORK_DIR.
# A design that does not fit is a result here, not a failure: its synthesis figures are
# reported and the clock is 0.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out=${1:?out dir}; work=${2:-$out/fpga}
mkdir -p "$out" "$work"
run() {  # run NAME BOARD CONFIG: one image, its log in WORK_DIR/NAME.log
  echo "bench_fpga: $1 ($2, $3)"
  NPU_FPGA_BLOCKS=${blocks:-} NPU_FPGA_ALLOW_MISFIT=1 bash "$root/scripts/fpga.sh" "$2" npu "$work/$1" "$3" > "$work/$1.log" 2>&1 ||
    { tail -n 20 "$work/$1.log"; echo "bench_fpga: $1 failed"; exit 1; }
  tail -n 12 "$work/$1.log" | sed 's/^/  /'
}
if [ -z "${NPU_FPGA_REPORT_ONLY:-}" ]; then
  run ice40_tiny icebreaker tiny
  run xilinx_default arty-a7 default
  run xilinx_tiny arty-a7 tiny
  blocks=1 run ice40_tiny_blocks icebreaker tiny
fi
python3 - "$work" "$out/fpga.json" "${NPU_FPGA_UPDATE_DOCS:+$root/docs/fpga.md}" <<'PY'
import json, pathlib, re, sys
work, out, docs = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
def summary(name, top):
    f = work / name / f"{top}.summary.json"
    if not f.exists():
        sys.exit(f"bench_fpga: {name}: no summary ({f}); see {work / (name + '.log')}")
    return json.loads(f.read_text())
ice = summary("ice40_tiny", "npu_icebreaker_top")
# Packed logic cells (nextpnr), whether or not the design fits; the clock only when placed.
lc = ice["utilization"]["ICESTORM_LC"]
metrics = {"ice40_tiny_fits": int(ice["fits"]), "ice40_tiny_fmax_mhz": ice["fmax_mhz"],
           "ice40_tiny_lc_utilization": lc["used"] / lc["available"], "ice40_tiny_lcs": lc["used"],
           "ice40_tiny_luts": ice["synthesis"]["luts"],
           "ice40_tiny_dsps": ice["utilization"].get("ICESTORM_DSP", {}).get("used", 0)}
for config in ("default", "tiny"):
    x = summary(f"xilinx_{config}", "npu_arty_a7_top")["utilization"]
    for k in ("luts", "ffs", "dsps", "brams"):
        metrics[f"xilinx_{config}_{k}"] = x[k]["used"]
doc = {"name": "fpga",
       "config": {"ice40": "iCE40 UP5K, tiny, target 24 MHz (logic cells as nextpnr packs them, also when it does not fit)",
                  "xilinx": "XC7A100T, Yosys synth_xilinx estimates, RAMB36 equivalents",
                  "images": "the board tops at their parameter defaults (fpga/icebreaker, fpga/arty-a7)"},
       "metrics": metrics}
json.dump(doc, open(out, "w"), indent=2)
for k, v in metrics.items():
    print(f"  {k:<28} {v:.4g}" if isinstance(v, float) else f"  {k:<28} {v}")

if docs:
    # The tables of docs/fpga.md, from this run's summaries.
    n = lambda v: f"{v:,}"
    u = ice["utilization"]
    ice_row = (f"| iCE40 UP5K (iCEBreaker) | tiny | {n(lc['used'])} / 5,280 LCs ({n(ice['synthesis']['luts'])} LUTs) | "
               f"{u.get('ICESTORM_DSP', {}).get('used', 0)} / 8 | {u.get('ICESTORM_RAM', {}).get('used', 0)} / 30 | "
               + (f"{ice['fmax_mhz']:.1f} MHz (target 24) | fits |" if ice["fits"] else
                  f"not placed | does not fit ({lc['used'] / lc['available']:.1f}x) |"))
    rows = [ice_row]
    for config in ("tiny", "default"):
        x = summary(f"xilinx_{config}", "npu_arty_a7_top")["utilization"]
        rows.append(f"| XC7A100T (Arty A7), estimate | {config} | {n(x['luts']['used'])} / 63,400 LUTs, "
                    f"{n(x['ffs']['used'])} FFs | {x['dsps']['used']} / 240 | {x['brams']['used']} / 135 RAMB36 | "
                    f"needs Vivado | {'fits' if all(v['used'] <= v['available'] for v in x.values()) else 'does not fit'} |")
    table = "\n".join(["| device | config | logic | DSP | block RAM | clock | |", "|---|---|---|---|---|---|---|"] + rows)
    # The core's blocks on both devices (scripts/fpga_stat.py tables).
    parts = []
    for title, f in (("iCE40 UP5K, `tiny` board image (kept hierarchical)", work / "ice40_tiny_blocks" / "npu_icebreaker_top.blocks.md"),
                     ("XC7A100T, `default` board image", work / "xilinx_default" / "npu_arty_a7_top.blocks.md")):
        if not f.exists():
            sys.exit(f"bench_fpga: no block table {f}")
        parts.append(f"{title}:\n\n{f.read_text().strip()}")
    def generated(text, name, content):  # the text between the GENERATED <name> markers
        begin, end = f"<!-- BEGIN GENERATED {name} -->", f"<!-- END GENERATED {name} -->"
        if begin not in text or end not in text:
            sys.exit(f"bench_fpga: {docs} has no GENERATED {name} markers")
        head, rest = text.split(begin, 1)
        return head + begin + "\n" + content + "\n" + end + rest.split(end, 1)[1]
    text = pathlib.Path(docs).read_text()
    text = generated(text, "fpga-resources", table)
    text = generated(text, "fpga-blocks", "\n\n".join(parts))
    pathlib.Path(docs).write_text(text)
    print(f"bench_fpga: tables written to {docs}")
PY
