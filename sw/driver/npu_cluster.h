/* SPDX-License-Identifier: Apache-2.0 */
/* The cluster driver: several cores behind one AXI4-Lite port (npu_cluster). It finds the
 * cores from the global block, gives each an npu_dev of the single-core driver (its
 * register window, the shared DRAM), and starts and waits for many cores at once. A core
 * that stops on an error stops alone: the others run on, and npu_cluster_wait reports
 * every core's result. C11, no allocation. */
#ifndef NPU_CLUSTER_H
#define NPU_CLUSTER_H

#include "npu_driver.h"
#include "npu_isa.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct npu_cluster npu_cluster;

/* What a core's npu_dev HAL points at: its cluster and its node. */
typedef struct npu_cluster_port {
  npu_cluster *cluster;
  unsigned node;
} npu_cluster_port;

struct npu_cluster {
  npu_hal hal; /* the whole cluster: offsets from the global block's base */
  unsigned mesh_x, mesh_y, nodes, mem_nodes, interleave_log2;
  uint32_t core_mask, mem_mask; /* bit n: node n = y * mesh_x + x */
  npu_dev core[NPU_CLUSTER_MAX_NODES];  /* valid where core_mask has the bit */
  npu_cluster_port port[NPU_CLUSTER_MAX_NODES];
};

/* Checks the cluster's identity, reads its geometry and initializes every core's npu_dev
 * (npu_init through the core's window). */
npu_status npu_cluster_init(npu_cluster *cl, const npu_hal *hal);
/* The same DRAM window for every core. */
npu_status npu_cluster_set_window(npu_cluster *cl, uint64_t base, uint64_t limit);
/* Starts the cores in `mask` at once; prog_addr and n_instr are indexed by node. */
npu_status npu_cluster_start(npu_cluster *cl, uint32_t mask, const uint64_t *prog_addr,
                             const uint32_t *n_instr);
/* Waits until no core in `mask` is busy, then fills results[node] for each of them and
 * *failed with the nodes that stopped on an error. NPU_E_DEVICE when any failed. */
npu_status npu_cluster_wait(npu_cluster *cl, uint32_t mask, uint64_t budget, npu_result *results,
                            uint32_t *failed);

#ifdef __cplusplus
}
#endif

#endif /* NPU_CLUSTER_H */
