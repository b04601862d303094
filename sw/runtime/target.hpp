// SPDX-License-Identifier: Apache-2.0
// Where the runtime runs a GEMM: one core through its own registers, or several cores of
// a cluster at once, each taking a share of the rows of A (and of C). Programs run in
// rounds: one program per core, started together, the round over when all have stopped.
#pragma once

#include <cstdint>
#include <vector>

#include "driver/npu_cluster.h"
#include "driver/npu_driver.h"
#include "isa/instr.hpp"
#include "runtime/gemm_stats.hpp"

namespace npu::runtime {

struct Target {
  Target(npu_dev& dev) : devs{&dev} {}  // NOLINT: one core converts implicitly
  // The cores of `cluster` in `mask` (0: every core), in node order; at least one.
  Target(npu_cluster& cluster, uint32_t mask = 0);

  std::vector<npu_dev*> devs;
  std::vector<unsigned> nodes;  // cluster only: the node of each core
  npu_cluster* cluster = nullptr;
};

// One program for core `core` (an index into Target::devs), written at `addr`.
struct Job {
  unsigned core = 0;
  std::vector<isa::Instr> prog;
  uint64_t addr = 0;
};

// Runs one round: every job's program at once on a cluster, one after another on a single
// core. Returns each job's counters (programs = 1, wall_cycles = its own cycles); throws
// RuntimeError naming every core that stopped on an error.
std::vector<GemmStats> run_round(const Target& t, const std::vector<Job>& jobs, uint64_t budget);

}  // namespace npu::runtime
