#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The C driver builds freestanding for a RISC-V soft core: the driver, the cluster driver
# and the MMIO HAL compiled with -ffreestanding for rv32imac, linked with the example
# firmware (fpga/riscv/firmware.c) without any C library (-nostdlib, only libgcc). The
# firmware supplies the four memory functions GCC requires of every freestanding platform
# (fpga/riscv/mem.c); any other call into a C library (printf, strlen...) fails the link.
# Prints the code size.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out=${1:-$root/build/riscv}
cc=riscv64-unknown-elf-gcc
command -v $cc >/dev/null || { echo "freestanding: $cc not found (make deps installs it)"; exit 1; }
mkdir -p "$out"
flags=(-march=rv32imac -mabi=ilp32 -std=c11 -Os -ffreestanding -Wall -Wextra -Wpedantic -Werror
       -fno-tree-loop-distribute-patterns -I"$root/sw" -I"$root/sw/include")
objs=()
for src in sw/driver/npu_driver.c sw/driver/npu_cluster.c sw/hal/hal_mmio.c fpga/riscv/firmware.c fpga/riscv/mem.c; do
  obj="$out/$(basename "${src%.c}").o"
  $cc "${flags[@]}" -c "$root/$src" -o "$obj"
  objs+=("$obj")
done
$cc -march=rv32imac -mabi=ilp32 -nostdlib -nostartfiles -Wl,-e,_start -Wl,-Ttext=0x80000000 \
    "${objs[@]}" -lgcc -o "$out/firmware.elf"
size=$(riscv64-unknown-elf-size "$out/firmware.elf" | awk 'NR == 2 {print $1 + $2}')
echo "freestanding ok: rv32imac firmware with the driver, $size bytes of code and data ($out/firmware.elf)"
