// SPDX-License-Identifier: Apache-2.0
#include "runtime/target.hpp"

#include <string>

#include "runtime/device.hpp"

namespace npu::runtime {

Target::Target(npu_cluster& cl, uint32_t mask) : cluster(&cl) {
  if (mask == 0) mask = cl.core_mask;
  if (mask & ~cl.core_mask) throw RuntimeError("cluster: no core at some node of mask " + std::to_string(mask));
  for (unsigned n = 0; n < cl.nodes; ++n) {
    if (!(mask & (1u << n))) continue;
    devs.push_back(&cl.core[n]);
    nodes.push_back(n);
  }
  if (devs.empty()) throw RuntimeError("cluster: no core to run on");
}

std::vector<GemmStats> run_round(const Target& t, const std::vector<Job>& jobs, uint64_t budget) {
  std::vector<GemmStats> stats;
  if (!t.cluster) {
    for (const Job& j : jobs) stats.push_back(run_program(*t.devs.at(j.core), j.prog, j.addr, budget));
    return stats;
  }
  npu_cluster& cl = *t.cluster;
  uint64_t addr[NPU_CLUSTER_MAX_NODES] = {};
  uint32_t len[NPU_CLUSTER_MAX_NODES] = {};
  uint32_t mask = 0;
  for (const Job& j : jobs) {
    const unsigned node = t.nodes.at(j.core);
    if (mask & (1u << node)) throw RuntimeError("cluster: two programs for node " + std::to_string(node) + " in one round");
    write(*t.devs[j.core], j.addr, isa::to_binary(j.prog), "a program");
    addr[node] = j.addr;
    len[node] = static_cast<uint32_t>(j.prog.size());
    mask |= 1u << node;
  }
  if (npu_status s = npu_cluster_start(&cl, mask, addr, len); s != NPU_OK)
    throw RuntimeError(std::string("starting the cluster: ") + npu_status_str(s));
  npu_result results[NPU_CLUSTER_MAX_NODES] = {};
  uint32_t failed = 0;
  if (npu_status s = npu_cluster_wait(&cl, mask, budget, results, &failed); s != NPU_OK) {
    std::string msg = std::string("cluster: ") + npu_status_str(s);
    for (unsigned n = 0; n < cl.nodes; ++n) {
      if (!(failed & (1u << n))) continue;
      char buf[160];
      msg += "; core " + std::to_string(n) + ": " + npu_describe(&results[n], buf, sizeof buf);
    }
    throw RuntimeError(msg);
  }
  for (const Job& j : jobs) stats.push_back(counters(*t.devs[j.core]));
  return stats;
}

}  // namespace npu::runtime
