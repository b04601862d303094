/* SPDX-License-Identifier: Apache-2.0 */
#include "npu_driver.h"

#include "npu_isa.h"

static uint32_t rd(npu_dev *dev, uint32_t off) { return dev->hal.read32(dev->hal.ctx, off); }
static void wr(npu_dev *dev, uint32_t off, uint32_t v) { dev->hal.write32(dev->hal.ctx, off, v); }
static uint32_t field(uint32_t reg, uint32_t mask, uint32_t lsb) { return (reg & mask) >> lsb; }

npu_status npu_init(npu_dev *dev, const npu_hal *hal) {
  if (!dev || !hal || !hal->read32 || !hal->write32 || !hal->wait_irq || !hal->mem_write ||
      !hal->mem_read)
    return NPU_E_ARG;
  dev->hal = *hal;
  dev->win_base = dev->win_limit = 0;
  if (rd(dev, NPU_CSR_ID) != NPU_DEVICE_ID) return NPU_E_NODEV;
  const uint32_t version = rd(dev, NPU_CSR_VERSION);
  if (field(version, NPU_VERSION_MAJOR_MASK, NPU_VERSION_MAJOR_LSB) != NPU_VERSION_MAJOR)
    return NPU_E_NODEV;
  npu_info *i = &dev->info;
  i->version = version;
  const uint32_t arr = rd(dev, NPU_CSR_CFG_ARRAY);
  i->rows = field(arr, NPU_CFG_ARRAY_ROWS_MASK, NPU_CFG_ARRAY_ROWS_LSB);
  i->cols = field(arr, NPU_CFG_ARRAY_COLS_MASK, NPU_CFG_ARRAY_COLS_LSB);
  i->cores = field(arr, NPU_CFG_ARRAY_CORES_MASK, NPU_CFG_ARRAY_CORES_LSB);
  const uint32_t spad = rd(dev, NPU_CSR_CFG_SPAD);
  i->spad_rows = field(spad, NPU_CFG_SPAD_ROWS_MASK, NPU_CFG_SPAD_ROWS_LSB);
  i->spad_row_bytes = field(spad, NPU_CFG_SPAD_ROW_BYTES_MASK, NPU_CFG_SPAD_ROW_BYTES_LSB);
  const uint32_t acc = rd(dev, NPU_CSR_CFG_ACC);
  i->acc_rows = field(acc, NPU_CFG_ACC_ROWS_MASK, NPU_CFG_ACC_ROWS_LSB);
  i->acc_banks = field(acc, NPU_CFG_ACC_BANKS_MASK, NPU_CFG_ACC_BANKS_LSB);
  i->spad_banks = field(acc, NPU_CFG_ACC_SPAD_BANKS_MASK, NPU_CFG_ACC_SPAD_BANKS_LSB);
  const uint32_t bus = rd(dev, NPU_CSR_CFG_BUS);
  i->bus_bits = field(bus, NPU_CFG_BUS_DATA_WIDTH_MASK, NPU_CFG_BUS_DATA_WIDTH_LSB);
  i->addr_bits = field(bus, NPU_CFG_BUS_ADDR_WIDTH_MASK, NPU_CFG_BUS_ADDR_WIDTH_LSB);
  if (i->rows == 0 || i->cols == 0 || i->spad_rows == 0 || i->acc_rows == 0) return NPU_E_NODEV;
  return NPU_OK;
}

npu_status npu_set_window(npu_dev *dev, uint64_t base, uint64_t limit) {
  if (!dev || base >= limit || (base & 0xFFF) || (limit & 0xFFF) || limit > 0xFFFFFFFFull + 1)
    return NPU_E_ARG;
  dev->win_base = base;
  dev->win_limit = limit;
  return NPU_OK;
}

static int busy(npu_dev *dev) { return (rd(dev, NPU_CSR_STATUS) & NPU_STATUS_BUSY_MASK) != 0; }

npu_status npu_soft_reset(npu_dev *dev, uint64_t budget) {
  if (!dev) return NPU_E_ARG;
  wr(dev, NPU_CSR_CTRL, NPU_CTRL_SOFT_RESET_MASK);
  /* The reset raises no interrupt: poll, spending the budget through the HAL's wait. */
  for (uint64_t spent = 0; busy(dev); spent += 16) {
    if (spent >= budget) return NPU_E_TIMEOUT;
    dev->hal.wait_irq(dev->hal.ctx, 16);
  }
  wr(dev, NPU_CSR_IRQ_STATUS, NPU_IRQ_STATUS_DONE_MASK | NPU_IRQ_STATUS_ERROR_MASK);
  return NPU_OK;
}

npu_status npu_submit(npu_dev *dev, uint64_t prog_addr, uint32_t n_instr) {
  if (!dev || n_instr == 0 || (prog_addr & 15) || dev->win_limit == 0) return NPU_E_ARG;
  if (prog_addr < dev->win_base || prog_addr + (uint64_t)n_instr * NPU_INSTR_BYTES > dev->win_limit)
    return NPU_E_ARG;
  if (busy(dev)) return NPU_E_BUSY;
  wr(dev, NPU_CSR_WIN_BASE, (uint32_t)dev->win_base);
  wr(dev, NPU_CSR_WIN_LIMIT, (uint32_t)dev->win_limit);
  wr(dev, NPU_CSR_PROG_BASE, (uint32_t)prog_addr);
  wr(dev, NPU_CSR_PROG_LEN, n_instr);
  wr(dev, NPU_CSR_IRQ_STATUS, NPU_IRQ_STATUS_DONE_MASK | NPU_IRQ_STATUS_ERROR_MASK);
  wr(dev, NPU_CSR_CTRL, NPU_CTRL_IRQ_EN_MASK | NPU_CTRL_START_MASK);
  return NPU_OK;
}

uint32_t npu_irq_ack(npu_dev *dev) {
  const uint32_t causes = rd(dev, NPU_CSR_IRQ_STATUS);
  wr(dev, NPU_CSR_IRQ_STATUS, causes);
  return causes & (NPU_IRQ_STATUS_DONE_MASK | NPU_IRQ_STATUS_ERROR_MASK);
}

npu_status npu_wait(npu_dev *dev, uint64_t budget, npu_result *result) {
  if (!dev || !result) return NPU_E_ARG;
  if (!dev->hal.wait_irq(dev->hal.ctx, budget)) return NPU_E_TIMEOUT;
  const uint32_t st = rd(dev, NPU_CSR_STATUS);
  result->done = (st & NPU_STATUS_DONE_MASK) != 0;
  result->error = (st & NPU_STATUS_ERROR_MASK) != 0;
  result->code = field(st, NPU_STATUS_ERROR_CODE_MASK, NPU_STATUS_ERROR_CODE_LSB);
  result->unit = field(st, NPU_STATUS_ERROR_UNIT_MASK, NPU_STATUS_ERROR_UNIT_LSB);
  result->pc = rd(dev, NPU_CSR_ERROR_PC);
  npu_irq_ack(dev);
  return result->error ? NPU_E_DEVICE : NPU_OK;
}

npu_status npu_read_counters(npu_dev *dev, npu_counters *c) {
  if (!dev || !c) return NPU_E_ARG;
  c->cycles = rd(dev, NPU_CSR_PERF_CYCLES);
  c->busy = rd(dev, NPU_CSR_PERF_BUSY);
  c->mac_active = rd(dev, NPU_CSR_PERF_MAC_ACTIVE);
  c->load_stall = rd(dev, NPU_CSR_PERF_LOAD_STALL);
  c->exec_stall = rd(dev, NPU_CSR_PERF_EXEC_STALL);
  c->store_stall = rd(dev, NPU_CSR_PERF_STORE_STALL);
  c->dma_rd_bytes = rd(dev, NPU_CSR_PERF_DMA_RD_BYTES);
  c->dma_wr_bytes = rd(dev, NPU_CSR_PERF_DMA_WR_BYTES);
  c->instret = rd(dev, NPU_CSR_PERF_INSTRET);
  return NPU_OK;
}

npu_status npu_mem_write(npu_dev *dev, uint64_t addr, const void *src, size_t n) {
  if (!dev || (!src && n)) return NPU_E_ARG;
  return dev->hal.mem_write(dev->hal.ctx, addr, src, n) == 0 ? NPU_OK : NPU_E_MEM;
}

npu_status npu_mem_read(npu_dev *dev, uint64_t addr, void *dst, size_t n) {
  if (!dev || (!dst && n)) return NPU_E_ARG;
  return dev->hal.mem_read(dev->hal.ctx, addr, dst, n) == 0 ? NPU_OK : NPU_E_MEM;
}

const char *npu_status_str(npu_status s) {
  switch (s) {
    case NPU_OK: return "ok";
    case NPU_E_ARG: return "bad argument";
    case NPU_E_NODEV: return "no NPU of this version at this address";
    case NPU_E_BUSY: return "the NPU is busy";
    case NPU_E_TIMEOUT: return "timed out waiting for the NPU";
    case NPU_E_DEVICE: return "the program stopped on an error";
    case NPU_E_MEM: return "device memory access failed";
  }
  return "unknown status";
}

const char *npu_error_name(unsigned code) {
  switch (code) {
    case NPU_ERR_NONE: return "none";
    case NPU_ERR_WINDOW: return "DRAM access outside the window";
    case NPU_ERR_DMA_FIELD: return "transfer row size 0 or wider than a local row";
    case NPU_ERR_LOCAL_RANGE: return "local rows outside the scratchpad or accumulator";
    case NPU_ERR_SLVERR: return "bus error response (SLVERR)";
    case NPU_ERR_DECERR: return "no device at the address (DECERR)";
    case NPU_ERR_OPCODE: return "illegal opcode or func";
    case NPU_ERR_FIELD: return "illegal field value, reserved bits or dependency flag";
    case NPU_ERR_TOKEN: return "dependency tokens: a wait nothing can satisfy, or an overflow";
    case NPU_ERR_PROGRAM: return "bad program: empty, unaligned, or no END";
  }
  return "unknown error";
}

const char *npu_unit_name(unsigned unit) {
  switch (unit) {
    case NPU_ERR_UNIT_FETCH: return "fetch";
    case NPU_ERR_UNIT_DECODE: return "decode";
    case NPU_ERR_UNIT_LOAD: return "load";
    case NPU_ERR_UNIT_EXEC: return "exec";
    case NPU_ERR_UNIT_STORE: return "store";
  }
  return "unknown unit";
}

/* A bounded string builder: the driver has no C library (it also builds freestanding for
 * a soft core), so no snprintf. Always leaves buf terminated; cuts what does not fit. */
typedef struct text {
  char *buf;
  size_t n, len;
} text;

static void put_str(text *t, const char *s) {
  for (; *s && t->len + 1 < t->n; ++s) t->buf[t->len++] = *s;
  t->buf[t->len] = '\0';
}

static void put_uint(text *t, unsigned v) {
  char digits[12];
  int i = 0;
  do {
    digits[i++] = (char)('0' + v % 10u);
    v /= 10u;
  } while (v);
  while (i > 0 && t->len + 1 < t->n) t->buf[t->len++] = digits[--i];
  t->buf[t->len] = '\0';
}

const char *npu_describe(const npu_result *r, char *buf, size_t n) {
  if (!buf || n == 0) return "";
  text t = {buf, n, 0};
  buf[0] = '\0';
  if (!r) {
    put_str(&t, "no result");
  } else if (r->error) {
    put_str(&t, "error ");
    put_uint(&t, r->code);
    put_str(&t, " (");
    put_str(&t, npu_error_name(r->code));
    put_str(&t, ") in unit ");
    put_str(&t, npu_unit_name(r->unit));
    put_str(&t, " at instruction ");
    put_uint(&t, (unsigned)r->pc);
  } else if (r->done) {
    put_str(&t, "done");
  } else {
    put_str(&t, "neither done nor stopped on an error");
  }
  return buf;
}
