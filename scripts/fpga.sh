#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds a board image: the file list for the board's FPGA (its files in fpga/<family>/,
# memories, FIFOs, the PE pair's multiplier, replace the generic ones of the same name),
# the named configuration's parameters, the board's flow.
#   fpga.sh BOARD IMAGE OUT_DIR [CONFIG]       (an empty IMAGE: the board's first one below)
#   icebreaker bringup  the bridge and the board memory only: the first image for a board
#   icebreaker npu      the core (CONFIG, default tiny) with the bridge and the board memory
#                       (tiny does not fit the UP5K yet: docs/fpga.md)
#   arty-a7 npu         the core (CONFIG, default `default`) with the bridge and the board
#                       memory: Yosys estimates here, the bitstream where Vivado is installed
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
board=${1:?board}; image=${2:-}; out=${3:?out dir}; config=${4:-}
cd "$root"

# A named configuration's npu_core parameters, as "Name=Value ..." (spec/npu_configs.cmake).
config_params() {
  local line
  line=$(grep "^set(NPU_CONFIG_$1_PARAMS " spec/npu_configs.cmake) ||
    { echo "fpga: unknown configuration '$1' (spec/npu.toml)" >&2; exit 2; }
  line=${line#*_PARAMS }; line=${line%)}
  echo "${line//-G/}"
}
packages=(rtl/pkg/npu_pkg.sv rtl/pkg/npu_isa_pkg.sv)
core_rtl=(rtl/array/*.sv rtl/mem/*.sv rtl/dma/*.sv rtl/vec/*.sv rtl/core/*.sv)
board_rtl=(rtl/fpga/npu_board_reset.sv rtl/fpga/npu_uart_rx.sv rtl/fpga/npu_uart_tx.sv
           rtl/fpga/npu_uart_bridge.sv rtl/fpga/npu_board_mem.sv)
# A board's file list: the FPGA family's files (folder $1: fpga/ice40/prim_sram.sv, ...)
# replace the generic files of the same name; everything else as given.
family_files() {
  local dir=$1 f
  shift
  for f in "$@"; do [ -e "$dir/$(basename "$f")" ] || echo "$f"; done
  if [ -d "$dir" ]; then ls "$dir"/*.sv; fi
}

case "$board" in
  icebreaker)
    case "${image:-bringup}" in
      npu) mapfile -t files < <(family_files fpga/ice40 "${packages[@]}" rtl/prim/*.sv "${board_rtl[@]}" \
             "${core_rtl[@]}" rtl/fpga/npu_board_soc.sv fpga/icebreaker/npu_icebreaker_top.sv)
           top=npu_icebreaker_top
           NPU_FPGA_PARAMS=$(config_params "${config:-tiny}") ;;
      bringup) mapfile -t files < <(family_files fpga/ice40 "${packages[@]}" rtl/prim/*.sv "${board_rtl[@]}" \
                 rtl/fpga/npu_board_id.sv fpga/icebreaker/npu_icebreaker_bringup_top.sv)
               top=npu_icebreaker_bringup_top; NPU_FPGA_PARAMS="" ;;
      *) echo "fpga: unknown image '$image' for icebreaker (npu, bringup)" >&2; exit 2 ;;
    esac
    export NPU_FPGA_PARAMS
    # The board's 12 MHz clock; 24 MHz is the target the design must reach.
    exec "$root/scripts/fpga_ice40.sh" icebreaker "$top" "$out" 24 "${files[@]}" ;;
  arty-a7)
    case "${image:-npu}" in
      npu) mapfile -t files < <(family_files fpga/xc7 "${packages[@]}" rtl/prim/*.sv "${board_rtl[@]}" \
             "${core_rtl[@]}" rtl/fpga/npu_board_soc.sv fpga/arty-a7/npu_arty_a7_top.sv) ;;
      *) echo "fpga: unknown image '$image' for arty-a7 (npu)" >&2; exit 2 ;;
    esac
    NPU_FPGA_PARAMS=$(config_params "${config:-default}")
    export NPU_FPGA_PARAMS
    exec "$root/scripts/fpga_xilinx.sh" arty-a7 npu_arty_a7_top "$out" "${files[@]}" ;;
  *) echo "fpga: unknown board '$board' (known: icebreaker, arty-a7)" >&2; exit 2 ;;
esac
