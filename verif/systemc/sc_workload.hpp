// SPDX-License-Identifier: Apache-2.0
// The firmware the SystemC tests and the systemc benchmark run on the virtual platform:
// the driver and the runtime doing GEMMs, convolutions (one depthwise) and a pooling, with
// every program the NPU ran recorded (its instructions and the PERF_CYCLES it reported).
// The same function runs on hal::IsaDevice directly, which gives the golden images.
#pragma once

#include <array>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "driver/npu_driver.h"
#include "isa/instr.hpp"
#include "npu_isa.h"
#include "ref/gemm.hpp"
#include "ref/nn.hpp"
#include "runtime/gemm.hpp"
#include "runtime/layers.hpp"
#include "runtime/random_layers.hpp"  // verif/runtime

namespace npu::verif {

constexpr uint64_t kScWinBase = 0x10000, kScWinLimit = 0x400000;  // the DRAM window

// A HAL in front of another that records each program started and the cycles read back.
class RecordingHal {
 public:
  struct Program {
    std::vector<isa::Instr> instrs;
    uint64_t cycles = 0, instret = 0;
  };

  explicit RecordingHal(npu_hal inner) : inner_(inner) {}
  npu_hal hal() {
    npu_hal h = inner_;
    h.ctx = this;
    h.read32 = [](void* c, uint32_t off) {
      auto* r = static_cast<RecordingHal*>(c);
      const uint32_t v = r->inner_.read32(r->inner_.ctx, off);
      if (!r->programs.empty() && off == NPU_CSR_PERF_CYCLES) r->programs.back().cycles = v;
      if (!r->programs.empty() && off == NPU_CSR_PERF_INSTRET) r->programs.back().instret = v;
      return v;
    };
    h.write32 = [](void* c, uint32_t off, uint32_t v) {
      auto* r = static_cast<RecordingHal*>(c);
      if (off == NPU_CSR_CTRL && (v & NPU_CTRL_START_MASK)) r->record();
      r->inner_.write32(r->inner_.ctx, off, v);
    };
    h.wait_irq = [](void* c, uint64_t budget) {
      auto* r = static_cast<RecordingHal*>(c);
      return r->inner_.wait_irq(r->inner_.ctx, budget);
    };
    h.mem_write = [](void* c, uint64_t a, const void* s, size_t n) {
      auto* r = static_cast<RecordingHal*>(c);
      return r->inner_.mem_write(r->inner_.ctx, a, s, n);
    };
    h.mem_read = [](void* c, uint64_t a, void* d, size_t n) {
      auto* r = static_cast<RecordingHal*>(c);
      return r->inner_.mem_read(r->inner_.ctx, a, d, n);
    };
    return h;
  }

  std::vector<Program> programs;

 private:
  void record() {
    const uint32_t base = inner_.read32(inner_.ctx, NPU_CSR_PROG_BASE);
    const uint32_t len = inner_.read32(inner_.ctx, NPU_CSR_PROG_LEN);
    std::vector<uint8_t> bytes(16ull * len);
    if (inner_.mem_read(inner_.ctx, base, bytes.data(), bytes.size()) != 0)
      throw std::runtime_error("recording: cannot read the program");
    Program p;
    for (uint32_t i = 0; i < len; ++i) p.instrs.push_back(isa::Instr::from_bytes(bytes.data() + 16ull * i));
    programs.push_back(std::move(p));
  }
  npu_hal inner_;
};

struct WorkloadOutput {
  std::vector<ref::MatrixI32> gemms;
  std::vector<ref::Tensor8> tensors;
};

// Runs the workload through `hal` and checks each result against the reference model.
inline WorkloadOutput run_workload(const npu_hal& hal, uint64_t seed = 11) {
  npu_dev dev;
  if (npu_status s = npu_init(&dev, &hal); s != NPU_OK) throw std::runtime_error(npu_status_str(s));
  if (npu_status s = npu_set_window(&dev, kScWinBase, kScWinLimit); s != NPU_OK)
    throw std::runtime_error(npu_status_str(s));
  std::mt19937_64 rng(seed);
  WorkloadOutput out;
  auto check = [](bool ok, const std::string& what) {
    if (!ok) throw std::runtime_error(what + " differs from the reference model");
  };
  for (auto [m, k, n] : {std::array<int, 3>{64, 64, 64}, {37, 50, 23}, {128, 96, 80}, {16, 200, 8}}) {
    const ref::MatrixI8 a = ref::random_matrix(rng, m, k), b = ref::random_matrix(rng, k, n);
    out.gemms.push_back(runtime::gemm(dev, a, b));
    check(out.gemms.back() == ref::golden_gemm(a, b), "gemm " + std::to_string(m));
  }
  struct Conv { int h, w, ci, co, k, stride, pad; bool depthwise; };
  for (const Conv& c : {Conv{10, 10, 8, 12, 3, 1, 1, false}, Conv{9, 7, 6, 6, 3, 2, 1, true},
                        Conv{6, 6, 16, 20, 1, 1, 0, false}}) {
    const ref::Tensor8 x = random_tensor(rng, 1, c.h, c.w, c.ci);
    const ref::ConvSpec spec = random_conv(rng, c.k, c.stride, c.pad, c.ci, c.co, c.depthwise);
    out.tensors.push_back(runtime::conv2d(dev, x, spec));
    check(out.tensors.back().data == ref::conv2d(x, spec).data, "conv");
  }
  const ref::Tensor8 p = random_tensor(rng, 1, 8, 6, 5);
  out.tensors.push_back(runtime::pool2x2(dev, p, false));
  check(out.tensors.back().data == ref::pool2x2(p, false).data, "max pool");
  return out;
}

// Runs the workload as the firmware of a virtual platform (vp::Platform<Npu>) and returns
// every program the NPU ran.
template <class PlatformT>
std::vector<RecordingHal::Program> record_workload(PlatformT& platform) {
  std::vector<RecordingHal::Program> programs;
  platform.run([&](const npu_hal& hal) {
    RecordingHal rec(hal);
    run_workload(rec.hal());
    programs = rec.programs;
  });
  return programs;
}

}  // namespace npu::verif
