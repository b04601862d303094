// SPDX-License-Identifier: Apache-2.0
// Test seeds: taken from NPU_SEED when set (to replay a failure), otherwise fresh.
// Tests pass the seed to Catch2's INFO so that every failure prints it.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>

namespace npu::verif {

inline uint64_t test_seed() {
  if (const char* env = std::getenv("NPU_SEED"); env != nullptr && *env != '\0') {
    return std::strtoull(env, nullptr, 0);
  }
  std::random_device rd;
  return (static_cast<uint64_t>(rd()) << 32) | rd();
}

inline std::string seed_message(uint64_t seed) {
  return "seed " + std::to_string(seed) + " (replay with NPU_SEED=" + std::to_string(seed) + ")";
}

}  // namespace npu::verif
