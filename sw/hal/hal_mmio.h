/* SPDX-License-Identifier: Apache-2.0 */
/* The driver's HAL for a CPU that sees the NPU's registers and the DRAM in its own address
 * space: a soft core (RISC-V, say) beside the NPU on the FPGA. No C library: it builds
 * freestanding. wait_irq polls IRQ_STATUS (the budget counts polls). */
#ifndef NPU_HAL_MMIO_H
#define NPU_HAL_MMIO_H

#include <stdint.h>

#include "driver/npu_driver.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct npu_mmio {
  volatile uint32_t *csr;  /* the NPU's register block */
  volatile uint8_t *dram;  /* where device address dram_base appears to the CPU */
  uint64_t dram_base, dram_size;
} npu_mmio;

/* Fills *hal with functions over *m (which must outlive it). */
void npu_mmio_hal(npu_hal *hal, npu_mmio *m);

#ifdef __cplusplus
}
#endif

#endif /* NPU_HAL_MMIO_H */
