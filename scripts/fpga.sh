#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds a board image: the file list for the board's FPGA (its SRAM primitives replace
# the generic ones by file name) and the board's flow.
#   fpga.sh BOARD IMAGE OUT_DIR
#   icebreaker npu      the tiny core with the bridge and the board memory (does not fit
#                       the UP5K yet: docs/fpga.md)
#   icebreaker bringup  the bridge and the board memory only: the first image for a board
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
board=${1:?board}; image=${2:?image}; out=${3:?out dir}
cd "$root"
case "$board" in
  icebreaker)
    # Packages first; every generic primitive but prim_sram, which fpga/ice40/ replaces.
    common=(rtl/pkg/npu_pkg.sv rtl/pkg/npu_isa_pkg.sv)
    for f in rtl/prim/*.sv; do [ "$(basename "$f")" = prim_sram.sv ] || common+=("$f"); done
    common+=(fpga/ice40/prim_sram.sv rtl/fpga/npu_board_reset.sv rtl/fpga/npu_uart_rx.sv rtl/fpga/npu_uart_tx.sv
             rtl/fpga/npu_uart_bridge.sv rtl/fpga/npu_board_mem.sv)
    case "$image" in
      npu) files=("${common[@]}" rtl/array/*.sv rtl/mem/*.sv rtl/dma/*.sv rtl/vec/*.sv rtl/core/*.sv
                  fpga/icebreaker/npu_icebreaker_top.sv)
           top=npu_icebreaker_top ;;
      bringup) files=("${common[@]}" rtl/fpga/npu_board_id.sv fpga/icebreaker/npu_icebreaker_bringup_top.sv)
               top=npu_icebreaker_bringup_top ;;
      *) echo "fpga: unknown image '$image' for icebreaker (npu, bringup)" >&2; exit 2 ;;
    esac
    # The board's 12 MHz clock; 24 MHz is the target the design must reach.
    exec "$root/scripts/fpga_ice40.sh" icebreaker "$top" "$out" 24 "${files[@]}" ;;
  *) echo "fpga: unknown board '$board' (known: icebreaker)" >&2; exit 2 ;;
esac
