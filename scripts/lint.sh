#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Verilator -Wall lint of every top-level module, at its defaults and at other parameter
# points. Waivers live in rtl/lint/npu.vlt, each with its reason. Exits non-zero on any
# warning.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

sources=(rtl/pkg/npu_pkg.sv rtl/pkg/npu_isa_pkg.sv rtl/prim/*.sv rtl/array/*.sv rtl/mem/*.sv rtl/dma/*.sv
         rtl/vec/*.sv rtl/core/*.sv rtl/noc/*.sv rtl/fpga/*.sv fpga/icebreaker/*.sv)
# Checks named "ice40:<top>" lint the iCE40's version of a primitive in place of the
# generic one (the files that instantiate vendor cells are checked by their tests).
ice40_sources=(rtl/pkg/npu_pkg.sv rtl/prim/prim_fifo_ctrl.sv fpga/ice40/prim_fifo.sv)
checks=(
  "prim_fifo"
  "prim_fifo -GDepth=1"
  "prim_fifo -GDepth=5"
  "ice40:prim_fifo -GWidth=128 -GDepth=10"
  "ice40:prim_fifo -GWidth=12 -GDepth=5 -GRamMinBits=0"
  "ice40:prim_fifo -GDepth=1 -GRamMinBits=0"
  "prim_skid_buffer"
  "prim_rr_arbiter"
  "prim_rr_arbiter -GNumReq=1"
  "prim_delay"
  "prim_delay -GDepth=0"
  "prim_shift_add_mul"
  "prim_shift_add_mul -GAWidth=32 -GBWidth=3"
  "prim_serial_stage"
  "npu_pe"
  "npu_systolic_array"
  "npu_systolic_array -GArrayRows=1 -GArrayCols=1"
  "npu_pair_multiplier"
  "npu_pair_multiplier -GWeightBuffers=1"
  "npu_pair_weights"
  "npu_pair_weights -GWeightBuffers=1"
  "npu_pe -GExternalProduct=1'b1"
  "npu_pe -GWeightBuffers=1"
  "npu_systolic_array -GArrayRows=3 -GArrayCols=5 -GDspPairCols=2"
  "npu_compute_tile"
  "npu_compute_tile -GArrayRows=4 -GArrayCols=8"
  "npu_compute_tile -GArrayRows=8 -GArrayCols=4 -GOutFifoDepth=3"
  "npu_compute_tile -GArrayRows=3 -GArrayCols=5 -GOutFifoDepth=3 -GWeightBuffers=1 -GDspPairCols=2"
  "npu_perf_counters"
  "npu_perf_counters -GInRam=1'b1 -GOneBitEvents=9'h11F"
  "npu_perf_counters -GInRam=1'b1 -GNumCounters=3 -GIncWidth=4 -GMaxInc=15 -GOneBitEvents=3'b010"
  "prim_sram"
  "prim_sram -GWidth=64 -GDepth=16 -GReadLatency=3"
  "npu_scratchpad"
  "npu_scratchpad -GBanks=1 -GRowsPerBank=32 -GRowBytes=8 -GReadLatency=3"
  "prim_sram_2p"
  "npu_accumulator"
  "npu_accumulator -GRows=32 -GLanes=5 -GReadLatency=3"
  "npu_accumulator -GRows=64 -GLanes=3 -GReadLatency=2 -GBanks=4"
  "npu_dma_bursts"
  "npu_dma_bursts -GBusBytes=8 -GMaxBeats=1"
  "npu_dma_beats"
  "npu_dma_beats -GBusBytes=8 -GMaxBursts=1"
  "npu_dma -GDataWidth=64"
  "npu_dma -GDataWidth=64 -GSerialChecks=1'b1 -GSharedBursts=1'b1 -GMaxBursts=2 -GStoreRowBuffer=2 -GMaxBurstBeats=4"
  "npu_dma -GDataWidth=64 -GSerialChecks=1'b1 -GSharedBursts=1'b1 -GMaxBursts=2 -GStoreRowBuffer=1 -GByteSerial=1'b1 -GMaxBurstBeats=1"
  "npu_dma -GDataWidth=128 -GByteSerial=1'b1"
  "npu_dma"
  "npu_dma -GDataWidth=256 -GLocalBytes=64 -GLocalAddrWidth=8 -GLocalRows=256"
  "npu_mem_system"
  "npu_group_pipe"
  "npu_group_pipe -GGroups=3 -GStages=4"
  "npu_requantize"
  "npu_requantize -GLanes=3"
  "npu_requantize -GLanes=6 -GLanesPerCycle=2"
  "npu_pool2x2"
  "npu_pool2x2 -GLanes=3"
  "npu_eltwise_add"
  "npu_eltwise_add -GLanes=3"
  "npu_eltwise_add -GLanes=4 -GLanesPerCycle=1"
  "npu_rescale_serial -GRqLanes=4 -GAddLanes=4"
  "npu_rescale_serial -GRqLanes=5 -GAddLanes=3"
  "npu_rescale_serial -GRqLanes=4 -GAddLanes=8"
  "npu_mem_system -GAxiDataWidth=64 -GSpadBanks=1 -GSpadRowsPerBank=128 -GSpadRowBytes=8 -GAccRows=32 -GAccLanes=3"
  "npu_router"
  "npu_router -GFlitWidth=16 -GBufferDepth=1 -GX=2 -GY=3 -GCoordWidth=2 -GVcs=1"
  "npu_router -GVcs=4"
  "npu_noc_mesh"
  "npu_ni_core"
  "npu_ni_core -GMemNodes=4 -GMemNodeList=64'h03020100 -GMeshX=2 -GX=1 -GY=1 -GDataWidth=128 -GFlitWidth=160"
  "npu_ni_mem"
  "npu_cluster_csr"
  "npu_cluster -GArrayRows=4 -GArrayCols=4 -GSpadBanks=2 -GSpadRowsPerBank=512 -GAccRows=128 -GAxiDataWidth=64"
  "npu_cluster -GMeshX=3 -GMeshY=1 -GCoreMask=64'h5 -GMemMask=64'h2 -GArrayRows=8 -GArrayCols=4 -GSpadBanks=4 -GSpadRowsPerBank=256 -GAccRows=256 -GAxiDataWidth=256"
  "npu_noc_mesh -GMeshX=4 -GMeshY=4 -GVcs=1"
  "npu_noc_mesh -GMeshX=3 -GMeshY=2 -GFlitWidth=40 -GVcs=3"
  "npu_core"
  "npu_core -GArrayRows=4 -GArrayCols=4 -GSpadBanks=1 -GSpadRowsPerBank=1024 -GAccRows=128 -GAxiDataWidth=64"
  "npu_core -GArrayRows=8 -GArrayCols=4 -GSpadBanks=4 -GSpadRowsPerBank=256 -GAccRows=256 -GAxiDataWidth=256"
  "npu_core -GArrayRows=32 -GArrayCols=32 -GSpadBanks=8 -GSpadRowsPerBank=4096 -GAccRows=2048 -GAxiDataWidth=256"
  "npu_core -GArrayRows=4 -GArrayCols=4 -GSpadBanks=2 -GSpadRowsPerBank=512 -GAccRows=128 -GAxiDataWidth=64 -GPcWidth=13 -GFetchDepth=1 -GQueueDepth=1 -GMatmulDepth=1"
  "npu_uart_rx"
  "npu_uart_rx -GClkPerBit=4"
  "npu_uart_tx -GClkPerBit=4"
  "npu_uart_bridge"
  "npu_uart_bridge -GClkPerBit=4 -GTimeoutCycles=200 -GBusBytes=32 -GMemBytes=65536"
  "npu_board_mem"
  "npu_board_mem -GDataWidth=256 -GMemBytes=65536"
  "npu_board_soc"
  "npu_board_soc -GArrayRows=8 -GArrayCols=4 -GSpadBanks=4 -GSpadRowsPerBank=256 -GAccRows=256 -GAxiDataWidth=256 -GMemBytes=65536 -GClkPerBit=5 -GTimeoutCycles=200 -GDspPairCols=2 -GSerialChecks=1'b1 -GVecSerial=1'b1 -GDmaSharedBursts=1'b1 -GDmaMaxBursts=2 -GDmaRowBuffer=2 -GDmaByteSerial=1'b1 -GDmaBurstBeats=4 -GMatmulDepth=2 -GCountersInRam=1'b1 -GPcWidth=16"
  "npu_icebreaker_top"
  "npu_icebreaker_top -GClkPerBit=4 -GTimeoutCycles=200"
  "npu_board_id"
  "npu_board_reset"
  "npu_icebreaker_bringup_top"
  "npu_icebreaker_bringup_top -GDataWidth=128 -GMemBytes=65536 -GClkPerBit=8 -GTimeoutCycles=320"
)
# The checks are independent: run them NPU_JOBS (default: every core) at a time, each into
# its own log, and report in list order.
jobs=${NPU_JOBS:-$(nproc)}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
lint_one() {  # lint_one INDEX CHECK
  local top params files=("${sources[@]}")
  read -r top params <<<"$2"
  if [[ $top == ice40:* ]]; then top=${top#ice40:}; files=("${ice40_sources[@]}"); fi
  # shellcheck disable=SC2086
  # --unroll-count: the large configuration has 128-byte SRAM rows with a loop per byte.
  if verilator --lint-only -Wall --unroll-count 256 -Irtl/prim rtl/lint/npu.vlt "${files[@]}" \
       --top-module "$top" $params > "$logs/$1.out" 2>&1; then
    echo ok > "$logs/$1.status"
  else
    echo fail > "$logs/$1.status"
  fi
}
for i in "${!checks[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
  lint_one "$i" "${checks[$i]}" &
done
wait
failed=0
for i in "${!checks[@]}"; do
  if [ "$(cat "$logs/$i.status")" = ok ]; then
    echo "lint ok   ${checks[$i]}"
  else
    echo "lint FAIL ${checks[$i]}"
    cat "$logs/$i.out"
    failed=1
  fi
done
exit $failed
