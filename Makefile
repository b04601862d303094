# SPDX-License-Identifier: Apache-2.0
# Thin front end over CMake/CTest. `make test` and `make run` install what is missing first.
BUILD    ?= build
JOBS     ?= $(shell nproc)
CMAKE_GEN = $(if $(shell command -v ninja),-G Ninja,)
WAVES_TEST ?= tile computes a full tile - Vnpu_tile_4x8

.PHONY: all deps configure build test test-quick tag run gemm-demo lint synth fpga fpga-blocks bench waves clean

all: build

deps:
	@bash scripts/install-deps.sh

# Re-runs only when the build tree is missing or a previous configure failed.
configure: deps
	@if [ ! -f $(BUILD)/CTestTestfile.cmake ]; then \
	  cmake -S . -B $(BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release; fi

build: configure
	cmake --build $(BUILD) -j $(JOBS)

# The full regression: unit tests, RTL tests at every configuration, lint, synthesis, demo.
test: build
	ctest --test-dir $(BUILD) --output-on-failure --timeout 900 -j $(JOBS)

# Everything but the tests tagged [slow].
test-quick: build
	ctest --test-dir $(BUILD) --output-on-failure --timeout 900 -j $(JOBS) -LE slow

# Every test case with one Catch2 tag, for example  make tag T='[pe]'
tag: build
	@bash scripts/run-tagged.sh '$(T)' $(BUILD)

# The main job: the digits CNN (trained and quantized on first use) on the simulated NPU.
run: build
	@bash scripts/run_digits.sh $(BUILD)

# A random GEMM run as one program on the core.
gemm-demo: build
	$(BUILD)/verif/demo/npu_gemm_demo

lint:
	@bash scripts/lint.sh

synth:
	@bash scripts/synth.sh 2 3 $(BUILD)/synth

# A board image: make fpga BOARD=icebreaker|arty-a7 [IMAGE=bringup|npu] [CONFIG=<named>].
# Bitstream (or, without Vivado, the arty-a7 estimates), utilization and clock in
# $(BUILD)/fpga/<board>/. The tiny core does not fit the UP5K yet (docs/fpga.md), so the
# iCEBreaker's default image is the bring-up one; the Arty's is the NPU at `default`.
BOARD ?= icebreaker
IMAGE ?=
CONFIG ?=
fpga: deps
	@bash scripts/fpga.sh $(BOARD) "$(IMAGE)" $(BUILD)/fpga/$(BOARD) $(CONFIG)

# Where the area of a board's NPU image goes: the core's blocks (LUTs, flip-flops, carries,
# DSPs, block RAMs), from a synthesis that keeps the hierarchy; the table also lands in
# $(BUILD)/fpga/<board>-blocks/. (The Arty flow writes it with every estimate.)
fpga-blocks: deps
	@NPU_FPGA_BLOCKS=1 NPU_FPGA_ALLOW_MISFIT=1 bash scripts/fpga.sh $(BOARD) npu $(BUILD)/fpga/$(BOARD)-blocks $(CONFIG)

# The benchmark-only models (the 2x2 cluster of default cores, the 4x4 mesh with 2 and 4
# VCs) are built here, not by `make build`.
bench: build
	cmake --build $(BUILD) -j $(JOBS) --target npu_benches
	$(BUILD)/verif/bench/bench_array --out $(BUILD)/bench
	$(BUILD)/verif/bench/bench_dma --out $(BUILD)/bench
	$(BUILD)/verif/bench/bench_core --out $(BUILD)/bench
	$(BUILD)/verif/bench/bench_runtime --out $(BUILD)/bench
	$(BUILD)/verif/bench/bench_noc --out $(BUILD)/bench
	$(BUILD)/verif/bench/bench_cluster --out $(BUILD)/bench
	$(BUILD)/verif/bench/bench_systemc --out $(BUILD)/bench
	@bash scripts/run_digits.sh $(BUILD) --bench-out $(BUILD)/bench
	@bash scripts/bench_fpga.sh $(BUILD)/bench $(BUILD)/fpga/bench
	@python3 scripts/bench_table.py $(BUILD)/bench

# Writes an FST of one test ($(WAVES_TEST)) and opens it in GTKWave when a display exists.
waves: build
	NPU_TRACE=1 NPU_TRACE_DIR=$(BUILD)/waves $(BUILD)/verif/test_array "$(WAVES_TEST)"
	@f=$$(ls -t $(BUILD)/waves/*.fst | head -1); echo "waveform: $$f"; \
	if [ -n "$$DISPLAY" ]; then gtkwave "$$f" verif/array/compute_tile.gtkw & \
	else echo "no display: open it with  gtkwave $$f verif/array/compute_tile.gtkw"; fi

clean:
	rm -rf $(BUILD)
