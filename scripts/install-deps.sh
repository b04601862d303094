#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs every dependency of the project from Debian (and npm where needed).
# Idempotent: packages already present are skipped; says what it does.
set -euo pipefail

APT_PACKAGES=(
  build-essential cmake ninja-build ccache git pkg-config
  verilator libsystemc-dev
  catch2 libfmt-dev
  yosys
  gtkwave
  python3 python3-numpy
  libcli11-dev nlohmann-json3-dev
  python3-sklearn python3-torch
  gcc-riscv64-unknown-elf nextpnr-ice40 fpga-icestorm
  nodejs
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    :
  else
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#APT_PACKAGES[@]} Debian packages present"
else
  echo "deps: installing from Debian: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Yosys 0.55 for the iCE40 flow (scripts/fpga_ice40.sh): @yowasp/yosys from npm, at the
# version fpga/yosys/package-lock.json pins, into fpga/yosys/node_modules.
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ -f "$root/fpga/yosys/node_modules/@yowasp/yosys/package.json" ]; then
  echo "deps: @yowasp/yosys present"
else
  echo "deps: installing @yowasp/yosys from npm into fpga/yosys"
  (cd "$root/fpga/yosys" && npm ci --no-audit --no-fund --loglevel=error)
fi

# Sanity: the tools the build needs must answer.
for tool in verilator cmake ninja yosys; do
  command -v "$tool" >/dev/null || { echo "deps: $tool not found after install" >&2; exit 1; }
done
echo "deps: verilator $(verilator --version | awk '{print $2}'), yosys $(yosys -V | awk '{print $2}') (iCE40: $(node "$root/fpga/yosys/yosys.mjs" -V | awk '{print $2}')), cmake $(cmake --version | head -1 | awk '{print $3}')"
