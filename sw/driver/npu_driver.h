/* SPDX-License-Identifier: Apache-2.0 */
/* npu_driver: the firmware-style C11 driver of one NPU core. No allocation; every call
 * returns a status. All access to the device goes through a small HAL (register reads
 * and writes, waiting for the interrupt, device-visible memory), so the same driver runs
 * on the Verilated RTL, on the ISA simulator, or on a board. */
#ifndef NPU_DRIVER_H
#define NPU_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The seam between the driver and a platform. */
typedef struct npu_hal {
  void *ctx;
  uint32_t (*read32)(void *ctx, uint32_t offset);
  void (*write32)(void *ctx, uint32_t offset, uint32_t value);
  /* Wait until the interrupt line is high or `budget` runs out (the unit is the
   * backend's: clock cycles for the RTL); returns 1 if the line is high. */
  int (*wait_irq)(void *ctx, uint64_t budget);
  /* Device-visible memory (DRAM): returns 0 on success. */
  int (*mem_write)(void *ctx, uint64_t addr, const void *src, size_t n);
  int (*mem_read)(void *ctx, uint64_t addr, void *dst, size_t n);
} npu_hal;

typedef enum npu_status {
  NPU_OK = 0,
  NPU_E_ARG,      /* a null pointer, an empty or unaligned program, a bad window */
  NPU_E_NODEV,    /* ID or version register does not match this driver */
  NPU_E_BUSY,     /* a program is running */
  NPU_E_TIMEOUT,  /* the budget ran out before the interrupt */
  NPU_E_DEVICE,   /* the program stopped on an error (see npu_result) */
  NPU_E_MEM       /* the HAL could not read or write device memory */
} npu_status;

/* What the core is, read from its configuration registers. */
typedef struct npu_info {
  uint32_t version;
  uint32_t rows, cols, cores;
  uint32_t spad_rows, spad_row_bytes, spad_banks;
  uint32_t acc_rows, acc_banks;
  uint32_t bus_bits, addr_bits;
} npu_info;

typedef struct npu_dev {
  npu_hal hal;
  npu_info info;
  uint64_t win_base, win_limit;
} npu_dev;

/* How the last program ended. */
typedef struct npu_result {
  int done;        /* reached END */
  int error;       /* stopped on an error */
  unsigned code;   /* NPU_ERR_* of npu_isa.h */
  unsigned unit;   /* NPU_ERR_UNIT_* */
  uint32_t pc;     /* the instruction that stopped it */
} npu_result;

typedef struct npu_counters {
  uint32_t cycles, busy, mac_active;
  uint32_t load_stall, exec_stall, store_stall;
  uint32_t dma_rd_bytes, dma_wr_bytes, instret;
} npu_counters;

/* Checks the device's identity and reads its configuration. */
npu_status npu_init(npu_dev *dev, const npu_hal *hal);
/* The DRAM every later program may touch: [base, limit), 4 KiB aligned. */
npu_status npu_set_window(npu_dev *dev, uint64_t base, uint64_t limit);
/* Stops a running program and clears the core; waits at most `budget`. */
npu_status npu_soft_reset(npu_dev *dev, uint64_t budget);
/* Starts the program of `n_instr` instructions at `prog_addr` (already in memory). */
npu_status npu_submit(npu_dev *dev, uint64_t prog_addr, uint32_t n_instr);
/* Waits for the interrupt, reads how the program ended and acknowledges it.
 * NPU_E_DEVICE if it stopped on an error (details in *result). */
npu_status npu_wait(npu_dev *dev, uint64_t budget, npu_result *result);
/* The interrupt handler's part: reads and acknowledges the causes; returns them
 * (bit 0 done, bit 1 error). */
uint32_t npu_irq_ack(npu_dev *dev);
npu_status npu_read_counters(npu_dev *dev, npu_counters *counters);

/* Copies to and from device memory through the HAL. */
npu_status npu_mem_write(npu_dev *dev, uint64_t addr, const void *src, size_t n);
npu_status npu_mem_read(npu_dev *dev, uint64_t addr, void *dst, size_t n);

/* Readable names and messages. */
const char *npu_status_str(npu_status status);
const char *npu_error_name(unsigned code);
const char *npu_unit_name(unsigned unit);
/* "error window in unit load at instruction 12: ..." into buf; returns buf. */
const char *npu_describe(const npu_result *result, char *buf, size_t n);

#ifdef __cplusplus
}
#endif

#endif /* NPU_DRIVER_H */
