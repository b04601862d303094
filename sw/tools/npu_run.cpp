// SPDX-License-Identifier: Apache-2.0
// npu-run: run work on the NPU through the driver and the runtime, from NumPy files.
//   npu-run gemm --a A.npy --b B.npy [--bias bias.npy] [--backend rtl|golden]
//                [--config tiny|rect|default|large] [--trace out.fst] [--json] -o C.npy
// A: int8 M x K, B: int8 K x N, bias: int32 N; C: int32 M x N. The rtl backend is the
// Verilated core (configurations tiny, rect, default); golden is the ISA simulator (any).
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/hal_rtl.hpp"
#include "hal/hal_isa.hpp"
#include "runtime/gemm.hpp"
#include "runtime/npy.hpp"

namespace rt = npu::runtime;
namespace ref = npu::ref;

namespace {

constexpr uint64_t kWinBase = 0x10000, kWinLimit = 0x4000000;  // 64 MiB of DRAM window

// A backend: the device object and its HAL, kept alive for the run.
struct Backend {
  std::shared_ptr<void> device;
  npu_hal hal{};
};

template <class Model>
Backend rtl_backend(const std::string& trace) {
  std::string name = "npu_run";
  if (!trace.empty()) {
    const std::filesystem::path p(trace);
    name = p.stem().string();
    setenv("NPU_TRACE", "1", 1);
    setenv("NPU_TRACE_DIR", p.has_parent_path() ? p.parent_path().c_str() : ".", 1);
  }
  auto dev = std::make_shared<npu::verif::RtlDevice<Model>>(npu::verif::axi::MemoryConfig{.latency = 20}, name);
  Backend b;
  b.hal = dev->hal();
  b.device = dev;
  return b;
}

Backend make_backend(const std::string& kind, const std::string& config, const std::string& trace) {
  if (kind == "golden") {
    if (!trace.empty()) throw rt::RuntimeError("--trace needs the rtl backend");
    auto dev = std::make_shared<npu::hal::IsaDevice>(npu::isa::Geometry::named(config));
    Backend b;
    b.hal = dev->hal();
    b.device = dev;
    return b;
  }
  if (config == "tiny") return rtl_backend<Vnpu_core_tiny>(trace);
  if (config == "rect") return rtl_backend<Vnpu_core_rect>(trace);
  if (config == "default") return rtl_backend<Vnpu_core_default>(trace);
  throw rt::RuntimeError("configuration '" + config + "' has no verilated model; use --backend golden");
}

ref::MatrixI8 int8_matrix(const rt::NpyArray& a, const std::string& what) {
  if (a.dtype != "int8" || a.shape.size() != 2)
    throw rt::RuntimeError(what + " must be a 2-D int8 array (it is " + std::to_string(a.shape.size()) +
                           "-D " + a.dtype + ")");
  ref::MatrixI8 m(a.shape[0], a.shape[1]);
  std::memcpy(m.data.data(), a.data.data(), a.data.size());
  return m;
}

int run_gemm(const std::string& a_path, const std::string& b_path, const std::string& bias_path,
             const std::string& backend, const std::string& config, const std::string& trace,
             const std::string& out_path, bool json) {
  const ref::MatrixI8 a = int8_matrix(rt::read_npy(a_path), "A (" + a_path + ")");
  const ref::MatrixI8 b = int8_matrix(rt::read_npy(b_path), "B (" + b_path + ")");
  std::vector<int32_t> bias;
  if (!bias_path.empty()) {
    const rt::NpyArray arr = rt::read_npy(bias_path);
    if (arr.dtype != "int32" || arr.shape.size() != 1 || arr.shape[0] != b.cols)
      throw rt::RuntimeError("bias (" + bias_path + ") must be a 1-D int32 array of " + std::to_string(b.cols) +
                             " values");
    bias.resize(b.cols);
    std::memcpy(bias.data(), arr.data.data(), arr.data.size());
  }
  Backend be = make_backend(backend, config, trace);
  npu_dev dev;
  if (npu_status s = npu_init(&dev, &be.hal); s != NPU_OK) throw rt::RuntimeError(npu_status_str(s));
  if (npu_status s = npu_set_window(&dev, kWinBase, kWinLimit); s != NPU_OK) throw rt::RuntimeError(npu_status_str(s));
  rt::GemmStats st;
  const ref::MatrixI32 c = rt::gemm(dev, a, b, bias.empty() ? nullptr : &bias, &st);
  rt::NpyArray out;
  out.dtype = "int32";
  out.shape = {c.rows, c.cols};
  out.data.resize(c.data.size() * 4);
  std::memcpy(out.data.data(), c.data.data(), out.data.size());
  rt::write_npy(out_path, out);
  if (json) {
    nlohmann::json j = {{"op", "gemm"},
                        {"backend", backend},
                        {"config", config},
                        {"m", a.rows}, {"k", a.cols}, {"n", b.cols},
                        {"programs", st.programs},
                        {"instructions", st.instructions},
                        {"cycles", st.cycles},
                        {"ideal_cycles", st.ideal_cycles},
                        {"mac_active", st.mac_active},
                        {"dma_read_bytes", st.dma_rd_bytes},
                        {"dma_write_bytes", st.dma_wr_bytes}};
    if (st.cycles) j["utilization"] = st.ideal_cycles / double(st.cycles);
    fmt::print("{}\n", j.dump(2));
  } else {
    fmt::print("gemm {} x {} x {} on {} ({}): {} program(s), {} instructions\n", a.rows, a.cols, b.cols, backend,
               config, st.programs, st.instructions);
    if (st.cycles)
      fmt::print("  cycles {}  ideal {:.0f}  utilization {:.3f}\n", st.cycles, st.ideal_cycles,
                 st.ideal_cycles / double(st.cycles));
    else
      fmt::print("  (the golden backend counts work, not cycles)\n");
    fmt::print("  DMA {} bytes read, {} written -> {}\n", st.dma_rd_bytes, st.dma_wr_bytes, out_path);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"npu-run: run work on the NPU (RTL or golden model) from NumPy files"};
  app.require_subcommand(1);
  std::string a_path, b_path, bias_path, out_path, backend = "rtl", config = "default", trace;
  bool json = false;
  CLI::App* gemm = app.add_subcommand("gemm", "C (int32) = A (int8, M x K) x B (int8, K x N) [+ bias]");
  gemm->add_option("--a", a_path, "A: int8 M x K (.npy)")->required()->check(CLI::ExistingFile);
  gemm->add_option("--b", b_path, "B: int8 K x N (.npy)")->required()->check(CLI::ExistingFile);
  gemm->add_option("--bias", bias_path, "bias: int32 N (.npy)")->check(CLI::ExistingFile);
  gemm->add_option("-o,--out", out_path, "C: int32 M x N (.npy)")->required();
  gemm->add_option("--backend", backend, "rtl (the Verilated core) or golden (the ISA simulator)")
      ->check(CLI::IsMember({"rtl", "golden"}));
  gemm->add_option("--config", config, "named configuration")->check(CLI::IsMember({"tiny", "rect", "default", "large"}));
  gemm->add_option("--trace", trace, "write an FST waveform of the run (rtl)");
  gemm->add_flag("--json", json, "print the counters as JSON");
  CLI11_PARSE(app, argc, argv);
  try {
    return run_gemm(a_path, b_path, bias_path, backend, config, trace, out_path, json);
  } catch (const std::exception& e) {
    fmt::print(stderr, "npu-run: {}\n", e.what());
    return 1;
  }
}
