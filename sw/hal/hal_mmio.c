/* SPDX-License-Identifier: Apache-2.0 */
#include "hal/hal_mmio.h"

#include "npu_isa.h"

static uint32_t mmio_read32(void *ctx, uint32_t off) { return ((npu_mmio *)ctx)->csr[off / 4u]; }

static void mmio_write32(void *ctx, uint32_t off, uint32_t v) { ((npu_mmio *)ctx)->csr[off / 4u] = v; }

static int mmio_wait_irq(void *ctx, uint64_t budget) {
  npu_mmio *m = (npu_mmio *)ctx;
  for (uint64_t i = 0; i <= budget; ++i)
    if (m->csr[NPU_CSR_IRQ_STATUS / 4u] != 0 && (m->csr[NPU_CSR_CTRL / 4u] & NPU_CTRL_IRQ_EN_MASK)) return 1;
  return 0;
}

static int in_dram(const npu_mmio *m, uint64_t addr, size_t n) {
  return addr >= m->dram_base && n <= m->dram_size && addr - m->dram_base <= m->dram_size - n;
}

static int mmio_mem_write(void *ctx, uint64_t addr, const void *src, size_t n) {
  npu_mmio *m = (npu_mmio *)ctx;
  const uint8_t *s = (const uint8_t *)src;
  if (!in_dram(m, addr, n)) return -1;
  for (size_t i = 0; i < n; ++i) m->dram[addr - m->dram_base + i] = s[i];
  return 0;
}

static int mmio_mem_read(void *ctx, uint64_t addr, void *dst, size_t n) {
  npu_mmio *m = (npu_mmio *)ctx;
  uint8_t *d = (uint8_t *)dst;
  if (!in_dram(m, addr, n)) return -1;
  for (size_t i = 0; i < n; ++i) d[i] = m->dram[addr - m->dram_base + i];
  return 0;
}

void npu_mmio_hal(npu_hal *hal, npu_mmio *m) {
  hal->ctx = m;
  hal->read32 = mmio_read32;
  hal->write32 = mmio_write32;
  hal->wait_irq = mmio_wait_irq;
  hal->mem_write = mmio_mem_write;
  hal->mem_read = mmio_mem_read;
}
