#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Reads a Yosys `stat` report of an FPGA synthesis (iCE40 or Xilinx 7-series cells).

As a module: `design_cells` (the whole design's cells), `resources` (LUTs, flip-flops,
carries, DSPs, block RAMs from a cell table). As a script: where the area goes, from a
report of a synthesis that kept the hierarchy (synth_xilinx does by default; synth_ice40
with -noflatten), as a Markdown table of the blocks under a module:

    fpga_stat.py blocks STAT [--under MODULE] [--depth N]

Each row is one instance path below MODULE (default: the core, npu_core) cut at depth N
(default 1), with everything inside it; the rows add up to MODULE's own total, which is
the last row. Every instance is counted (a module kind once per instance); the design's
total counted that way must equal Yosys' own, or the script fails.

A synthesis that kept the hierarchy cannot optimize across blocks, so it overstates
blocks whose inputs the flattened design narrows. The flattened netlist keeps each
register's name on its flip-flops' outputs, which gives where the real image's flip-flops
are:

    fpga_stat.py flops JSON [--depth N] [--most N] [--expect FLIP_FLOPS] [--alone]

from a flattened Yosys `write_json`: one row per register name cut at N dotted levels
(default 4), the most first (default 40 rows, the rest summed in one), then all of them;
with --expect the script fails unless that is the count given (the iCE40 flow gives the
`stat` report's). With --alone (iCE40) a second column counts the flip-flops that take a
logic cell alone: nextpnr packs a flip-flop with the SB_LUT4 driving its D input only if
that LUT drives nothing else, so one loaded from another register, a RAM or a shared LUT
is a cell of its own.
"""
import argparse
import json
import os
import re
import sys

# Xilinx LUT RAM and shift registers, in the LUTs each one takes.
XILINX_LUT_RAM = {"RAM32M": 4, "RAM64M": 4, "RAM32X1D": 2, "RAM64X1D": 2, "RAM128X1D": 4,
                  "RAM32X1S": 1, "RAM64X1S": 1, "RAM128X1S": 2, "RAM256X1S": 4,
                  "SRL16E": 1, "SRLC32E": 1}
CLASSES = ("luts", "ffs", "carries", "dsps", "brams")
# Flip-flop cells of both families.
FLOP_CELL = re.compile(r"SB_DFF\w*|FD[CPRS]E?")


def resources(cells):
    """LUTs, flip-flops, carry cells, DSP blocks and block RAMs (RAMB36 or 4-Kbit EBRs)."""
    get = cells.get
    luts = get("SB_LUT4", 0) + sum(get(f"LUT{i}", 0) for i in range(1, 7))
    luts += sum(n * get(c, 0) for c, n in XILINX_LUT_RAM.items())
    return {
        "luts": luts,
        "ffs": sum(v for k, v in cells.items() if FLOP_CELL.fullmatch(k)),
        "carries": get("SB_CARRY", 0) + get("CARRY4", 0),
        "dsps": get("SB_MAC16", 0) + get("DSP48E1", 0),
        # SB_RAM40_4K with either clock edge (NR: read at the falling one, NW, NRNW).
        "brams": sum(v for k, v in cells.items() if re.fullmatch(r"SB_RAM40_4K(NR|NW|NRNW)?", k))
                 + get("RAMB36E1", 0) + (get("RAMB18E1", 0) + 1) // 2,
    }


def _cell_table(body):
    return {m[0]: int(m[1]) for m in re.findall(r"^\s+(\S+)\s+(\d+)$", body, re.M)}


def design_cells(text):
    """The whole design's cells: the table after the hierarchy (or the only module's)."""
    return _cell_table(text.split("=== design hierarchy ===")[-1].split("Number of cells")[-1])


def modules(text):
    """{module name: its own cells (submodule instances are cells named after them)}."""
    parts = re.split(r"^=== (\S+) ===$", text.split("=== design hierarchy ===")[0], flags=re.M)
    return {parts[i]: _cell_table(parts[i + 1].split("Number of cells")[-1])
            for i in range(1, len(parts) - 1, 2)}


def base_name(module):
    """npu_core for `$paramod$<hash>\\npu_core` or `$paramod\\npu_core\\Rows=4`."""
    return [p for p in module.split("\\")[1:] if "=" not in p][0] if module.startswith("$paramod") else module


def subtree(name, mods, memo):
    """Cells of a module with everything instantiated inside it."""
    if name not in memo:
        total = {}
        for cell, n in mods[name].items():
            inner = subtree(cell, mods, memo) if cell in mods else {cell: 1}
            for k, v in inner.items():
                total[k] = total.get(k, 0) + n * v
        memo[name] = total
    return memo[name]


def blocks(text, under, depth):
    """[(path, cells)] for the instance paths `depth` levels below module `under`."""
    mods, memo = modules(text), {}
    top = re.search(r"=== design hierarchy ===\s+(\S+)", text)
    if top and top[1] in mods and resources(subtree(top[1], mods, memo)) != resources(design_cells(text)):
        sys.exit("fpga_stat: the blocks do not add up to the design's total (an unread report format?)")
    roots = [m for m in mods if base_name(m) == under]
    if not roots:
        sys.exit(f"fpga_stat: no module '{under}' in the report")
    rows = {}

    def walk(mod, path, level):
        for cell, n in mods[mod].items():
            here = f"{path}/{base_name(cell)}" if cell in mods else f"{path}/(own cells)"
            if cell in mods and level < depth and any(c in mods for c in mods[cell]):
                for _ in range(n):
                    walk(cell, here, level + 1)
                continue
            cells = subtree(cell, mods, memo) if cell in mods else {cell: 1}
            row = rows.setdefault(here, {})
            for k, v in cells.items():
                row[k] = row.get(k, 0) + n * v
    walk(roots[0], under, 1)
    return [(p, resources(c)) for p, c in rows.items()], resources(subtree(roots[0], mods, memo))


def flops(netlist, depth, alone=None):
    """{register name cut at `depth` dotted levels: flip-flops} of a flattened netlist; with
    a dict for `alone`, also {the same names: flip-flops with no LUT of their own}."""
    top = [m for m in netlist["modules"].values() if m.get("attributes", {}).get("top")]
    if len(top) != 1:
        raise ValueError("not one top module (a flattened write_json is needed)")
    lut_out, readers = set(), {}  # net bits an SB_LUT4 drives; net bit -> inputs reading it
    for cell in top[0]["cells"].values():
        dirs = cell.get("port_directions", {})
        for port, bits in cell["connections"].items():
            for bit in bits:
                if dirs.get(port) == "output" and cell["type"] == "SB_LUT4":
                    lut_out.add(bit)
                elif dirs.get(port) == "input":
                    readers[bit] = readers.get(bit, 0) + 1
    for port in top[0]["ports"].values():
        if port["direction"] == "output":
            for bit in port["bits"]:
                readers[bit] = readers.get(bit, 0) + 1
    names = {}  # net bit -> the shortest visible name on it
    for name, net in top[0]["netnames"].items():
        if net.get("hide_name"):
            continue
        for bit in net["bits"]:
            if isinstance(bit, int) and (bit not in names or len(name) < len(names[bit])):
                names[bit] = name
    rows = {}
    for cell in top[0]["cells"].values():
        if not FLOP_CELL.fullmatch(cell["type"]):  # flip-flops: their output is Q
            continue
        q = cell["connections"].get("Q", [])
        if q and q[0] in names:
            name = names[q[0]]
            key = ".".join(re.sub(r"\[[^]]*\]", "", name.lstrip("\\")).split(".")[:depth])
        else:
            key = "(unnamed) " + source_of(cell)
        rows[key] = rows.get(key, 0) + 1
        if alone is not None:
            d = cell["connections"].get("D", [None])[0]
            packs = d in lut_out and readers.get(d, 0) == 1
            alone[key] = alone.get(key, 0) + (0 if packs else 1)
    return rows


def source_of(cell):
    """Where an unnamed flip-flop comes from: the RTL file and line of its `src` attribute.
    Yosys 0.55's ABC9 pass leaves many registers' outputs on nets with no visible name."""
    for src in cell.get("attributes", {}).get("src", "").split("|"):
        path = src.rsplit(":", 1)[0]
        if path and "/share/" not in path:
            return os.path.basename(path) + ":" + src.rsplit(":", 1)[1].split(".")[0]
    return "(no source)"


def main():
    ap = argparse.ArgumentParser(description="where the area goes, from a Yosys synthesis")
    ap.add_argument("what", choices=["blocks", "flops"])
    ap.add_argument("stat", help="blocks: a hierarchical stat report; flops: a flattened JSON")
    ap.add_argument("--under", default="npu_core")
    ap.add_argument("--depth", type=int)
    ap.add_argument("--most", type=int, default=40)
    ap.add_argument("--expect", type=int, help="flops: the flip-flop count the rows must reach")
    ap.add_argument("--alone", action="store_true",
                    help="flops (iCE40): also count the flip-flops that take a cell alone")
    args = ap.parse_args()
    try:
        text = open(args.stat).read()
    except OSError as e:
        sys.exit(f"fpga_stat: {e}")
    if args.what == "flops":
        alone = {} if args.alone else None
        try:
            rows = flops(json.loads(text), args.depth or 4, alone)
        except (ValueError, KeyError, TypeError) as e:
            sys.exit(f"fpga_stat: {args.stat} is not a flattened Yosys JSON netlist ({e})")
        if not rows:
            sys.exit(f"fpga_stat: {args.stat}: no flip-flops")
        if args.expect is not None and sum(rows.values()) != args.expect:
            sys.exit(f"fpga_stat: {args.stat}: {sum(rows.values()):,} flip-flops by register, "
                     f"{args.expect:,} expected")
        ranked = sorted(rows.items(), key=lambda r: (-r[1], r[0]))
        shown, rest = ranked[:args.most], ranked[args.most:]

        def extra(names):  # the --alone column of a row of these registers
            return "" if alone is None else f" {sum(alone[n] for n in names):,} |"

        print("| register | flip-flops |" + (" alone |" if alone is not None else ""))
        print("|---|---|" + ("---|" if alone is not None else ""))
        for name, n in shown:
            print(f"| {name} | {n:,} |" + extra([name]))
        if rest:
            print(f"| ({len(rest)} more) | {sum(n for _, n in rest):,} |" + extra([k for k, _ in rest]))
        print(f"| (all) | {sum(rows.values()):,} |" + extra(list(rows)))
        return
    args.depth = args.depth or 1
    rows, total = blocks(text, args.under, args.depth)
    if sum(r[1]["luts"] + r[1]["ffs"] for r in rows) == 0:
        sys.exit(f"fpga_stat: no LUTs or flip-flops under '{args.under}' (a flattened report?)")
    rows.sort(key=lambda r: -(r[1]["luts"] + r[1]["ffs"]))
    print("| block | LUTs | flip-flops | carries | DSPs | block RAMs |")
    print("|---|---|---|---|---|---|")
    for path, r in rows + [(f"{args.under} (all)", total)]:
        print(f"| {path} | " + " | ".join(f"{r[k]:,}" for k in CLASSES) + " |")


if __name__ == "__main__":
    main()
