/* SPDX-License-Identifier: Apache-2.0 */
#include "npu_cluster.h"

static uint32_t cl_rd(npu_cluster *cl, uint32_t off) { return cl->hal.read32(cl->hal.ctx, off); }
static void cl_wr(npu_cluster *cl, uint32_t off, uint32_t v) { cl->hal.write32(cl->hal.ctx, off, v); }
static uint32_t window(unsigned node) {
  return NPU_CLUSTER_CORE_WINDOW + node * NPU_CLUSTER_CORE_WINDOW_STRIDE;
}

/* A core's HAL: its registers through its window, DRAM and the interrupt of the cluster. */
static uint32_t port_read32(void *ctx, uint32_t off) {
  npu_cluster_port *p = (npu_cluster_port *)ctx;
  return cl_rd(p->cluster, window(p->node) + off);
}
static void port_write32(void *ctx, uint32_t off, uint32_t v) {
  npu_cluster_port *p = (npu_cluster_port *)ctx;
  cl_wr(p->cluster, window(p->node) + off, v);
}
/* Returns once this core has stopped: the cluster interrupts when its last busy core
 * stops, so a wait may see other cores' stops first and wait again. */
static int port_wait_irq(void *ctx, uint64_t budget) {
  npu_cluster_port *p = (npu_cluster_port *)ctx;
  npu_cluster *cl = p->cluster;
  const uint32_t bit = 1u << p->node;
  cl_wr(cl, NPU_CSR_CL_IRQ_EN, NPU_CL_IRQ_EN_IDLE_MASK);
  for (;;) {
    if (!(cl_rd(cl, NPU_CSR_CL_BUSY) & bit)) return 1;
    if (!cl->hal.wait_irq(cl->hal.ctx, budget)) return 0;
    cl_wr(cl, NPU_CSR_CL_IRQ_STATUS, NPU_CL_IRQ_STATUS_IDLE_MASK);
  }
}
static int port_mem_write(void *ctx, uint64_t addr, const void *src, size_t n) {
  npu_cluster *cl = ((npu_cluster_port *)ctx)->cluster;
  return cl->hal.mem_write(cl->hal.ctx, addr, src, n);
}
static int port_mem_read(void *ctx, uint64_t addr, void *dst, size_t n) {
  npu_cluster *cl = ((npu_cluster_port *)ctx)->cluster;
  return cl->hal.mem_read(cl->hal.ctx, addr, dst, n);
}

npu_status npu_cluster_init(npu_cluster *cl, const npu_hal *hal) {
  if (!cl || !hal || !hal->read32 || !hal->write32 || !hal->wait_irq || !hal->mem_write || !hal->mem_read)
    return NPU_E_ARG;
  cl->hal = *hal;
  if (cl_rd(cl, NPU_CSR_CL_ID) != NPU_CLUSTER_ID) return NPU_E_NODEV;
  const uint32_t cfg = cl_rd(cl, NPU_CSR_CL_CFG);
  cl->mesh_x = (cfg & NPU_CL_CFG_MESH_X_MASK) >> NPU_CL_CFG_MESH_X_LSB;
  cl->mesh_y = (cfg & NPU_CL_CFG_MESH_Y_MASK) >> NPU_CL_CFG_MESH_Y_LSB;
  cl->mem_nodes = (cfg & NPU_CL_CFG_MEM_NODES_MASK) >> NPU_CL_CFG_MEM_NODES_LSB;
  cl->interleave_log2 = (cfg & NPU_CL_CFG_INTERLEAVE_LOG2_MASK) >> NPU_CL_CFG_INTERLEAVE_LOG2_LSB;
  cl->nodes = cl->mesh_x * cl->mesh_y;
  cl->core_mask = cl_rd(cl, NPU_CSR_CL_CORE_MASK);
  cl->mem_mask = cl_rd(cl, NPU_CSR_CL_MEM_MASK);
  if (cl->nodes == 0 || cl->nodes > NPU_CLUSTER_MAX_NODES || cl->core_mask == 0 || cl->mem_nodes == 0 ||
      (cl->core_mask >> cl->nodes) != 0)
    return NPU_E_NODEV;
  for (unsigned n = 0; n < cl->nodes; ++n) {
    if (!(cl->core_mask & (1u << n))) continue;
    cl->port[n].cluster = cl;
    cl->port[n].node = n;
    npu_hal h;
    h.ctx = &cl->port[n];
    h.read32 = port_read32;
    h.write32 = port_write32;
    h.wait_irq = port_wait_irq;
    h.mem_write = port_mem_write;
    h.mem_read = port_mem_read;
    const npu_status s = npu_init(&cl->core[n], &h);
    if (s != NPU_OK) return s;
  }
  return NPU_OK;
}

npu_status npu_cluster_set_window(npu_cluster *cl, uint64_t base, uint64_t limit) {
  if (!cl) return NPU_E_ARG;
  for (unsigned n = 0; n < cl->nodes; ++n) {
    if (!(cl->core_mask & (1u << n))) continue;
    const npu_status s = npu_set_window(&cl->core[n], base, limit);
    if (s != NPU_OK) return s;
  }
  return NPU_OK;
}

npu_status npu_cluster_start(npu_cluster *cl, uint32_t mask, const uint64_t *prog_addr, const uint32_t *n_instr) {
  if (!cl || !prog_addr || !n_instr || mask == 0 || (mask & ~cl->core_mask)) return NPU_E_ARG;
  if (cl_rd(cl, NPU_CSR_CL_BUSY) & mask) return NPU_E_BUSY;
  for (unsigned n = 0; n < cl->nodes; ++n) {
    if (!(mask & (1u << n))) continue;
    npu_dev *d = &cl->core[n];
    if (n_instr[n] == 0 || (prog_addr[n] & 15) || d->win_limit == 0 || prog_addr[n] < d->win_base ||
        prog_addr[n] + (uint64_t)n_instr[n] * NPU_INSTR_BYTES > d->win_limit)
      return NPU_E_ARG;
  }
  for (unsigned n = 0; n < cl->nodes; ++n) {
    if (!(mask & (1u << n))) continue;
    npu_dev *d = &cl->core[n];
    d->hal.write32(d->hal.ctx, NPU_CSR_WIN_BASE, (uint32_t)d->win_base);
    d->hal.write32(d->hal.ctx, NPU_CSR_WIN_LIMIT, (uint32_t)d->win_limit);
    d->hal.write32(d->hal.ctx, NPU_CSR_IRQ_STATUS, NPU_IRQ_STATUS_DONE_MASK | NPU_IRQ_STATUS_ERROR_MASK);
    cl_wr(cl, NPU_CSR_CL_PROG_BASE + n * NPU_CLUSTER_SLOT_STRIDE, (uint32_t)prog_addr[n]);
    cl_wr(cl, NPU_CSR_CL_PROG_LEN + n * NPU_CLUSTER_SLOT_STRIDE, n_instr[n]);
  }
  cl_wr(cl, NPU_CSR_CL_IRQ_STATUS, NPU_CL_IRQ_STATUS_IDLE_MASK | NPU_CL_IRQ_STATUS_ERROR_MASK);
  cl_wr(cl, NPU_CSR_CL_IRQ_EN, NPU_CL_IRQ_EN_IDLE_MASK);
  cl_wr(cl, NPU_CSR_CL_START, mask);
  return NPU_OK;
}

npu_status npu_cluster_wait(npu_cluster *cl, uint32_t mask, uint64_t budget, npu_result *results,
                            uint32_t *failed) {
  if (!cl || !results || !failed || (mask & ~cl->core_mask)) return NPU_E_ARG;
  cl_wr(cl, NPU_CSR_CL_IRQ_EN, NPU_CL_IRQ_EN_IDLE_MASK);
  while (cl_rd(cl, NPU_CSR_CL_BUSY) & mask) {
    if (!cl->hal.wait_irq(cl->hal.ctx, budget)) return NPU_E_TIMEOUT;
    cl_wr(cl, NPU_CSR_CL_IRQ_STATUS, NPU_CL_IRQ_STATUS_IDLE_MASK);
  }
  *failed = 0;
  for (unsigned n = 0; n < cl->nodes; ++n) {
    if (!(mask & (1u << n))) continue;
    /* The core has stopped: npu_wait returns at once with its STATUS and ERROR_PC. */
    const npu_status s = npu_wait(&cl->core[n], budget, &results[n]);
    if (s == NPU_E_DEVICE) *failed |= 1u << n;
    else if (s != NPU_OK) return s;
  }
  return *failed ? NPU_E_DEVICE : NPU_OK;
}
