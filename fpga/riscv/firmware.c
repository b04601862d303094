/* SPDX-License-Identifier: Apache-2.0 */
/* The smallest firmware for a RISC-V soft core beside the NPU: find the NPU, run the
 * program already in DRAM, leave its result where a debugger can read it. It exists to
 * prove that the driver links without a C library (scripts/check_freestanding.sh). */
#include "driver/npu_driver.h"
#include "hal/hal_mmio.h"

#define NPU_CSR_BASE 0x40000000u
#define DRAM_BASE 0x80000000u
#define DRAM_SIZE 0x00020000u
#define PROGRAM 0x80001000u

volatile uint32_t firmware_status;  /* 0 running, 1 done, 2 + npu_status on a failure */
char firmware_message[96];

void _start(void) {
  npu_mmio mmio = {(volatile uint32_t *)NPU_CSR_BASE, (volatile uint8_t *)DRAM_BASE, DRAM_BASE, DRAM_SIZE};
  npu_hal hal;
  npu_dev dev;
  npu_result result;
  npu_status s;
  npu_mmio_hal(&hal, &mmio);
  s = npu_init(&dev, &hal);
  if (s == NPU_OK) s = npu_set_window(&dev, DRAM_BASE, DRAM_BASE + DRAM_SIZE);
  if (s == NPU_OK) s = npu_submit(&dev, PROGRAM, 2);
  if (s == NPU_OK) s = npu_wait(&dev, 1000000u, &result);
  if (s == NPU_OK || s == NPU_E_DEVICE) npu_describe(&result, firmware_message, sizeof firmware_message);
  firmware_status = s == NPU_OK ? 1u : 2u + (uint32_t)s;
  for (;;) {
  }
}
