// SPDX-License-Identifier: Apache-2.0
// Rate and latency of a valid/ready pipeline fed every cycle with its output always taken:
// it must accept a row every `interval` cycles (in_ready in the first cycle of the last
// `step` of them: a row built in groups is held until its last group enters, and each
// step of the pipeline takes `step` cycles), and its outputs must start `latency` cycles
// after the first input and then come every `interval` cycles.
#pragma once

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "harness.hpp"

namespace npu::verif {

template <class Model>
void check_rate(Harness<Model>& h, unsigned latency, unsigned interval, unsigned cycles = 40,
                unsigned step = 1) {
  h->in_valid_i = 1;
  h->out_ready_i = 1;
  const uint64_t first_in = h.cycle();
  std::vector<uint64_t> out_cycles;
  for (unsigned c = 0; c < cycles; ++c) {
    h.eval();
    INFO("cycle " << c);
    REQUIRE(bool(h->in_ready_o) == (c % interval == interval - step));
    if (h->out_valid_o) out_cycles.push_back(h.cycle());
    h.tick();
  }
  REQUIRE(out_cycles.size() == (cycles - 1 - latency) / interval + 1);
  CHECK(out_cycles.front() - first_in == latency);
  for (std::size_t i = 1; i < out_cycles.size(); ++i)
    CHECK(out_cycles[i] == out_cycles[i - 1] + interval);
}

}  // namespace npu::verif
