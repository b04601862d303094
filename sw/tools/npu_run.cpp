// SPDX-License-Identifier: Apache-2.0
// npu-run: run work on the NPU through the driver and the runtime, from NumPy files.
//   npu-run gemm --a A.npy --b B.npy [--bias bias.npy] [options] -o C.npy
//   npu-run model MODEL.npum --input X.npy [options] -o Y.npy
//   options: --backend rtl|golden|systemc|fpga  --config tiny|rect|default|large  --trace out.fst  --json
//            --port /dev/ttyUSB0|sim  --baud 115200   (fpga)
// gemm: A int8 M x K, B int8 K x N, bias int32 N; C int32 M x N.
// model: X float32 (quantized with the model's input scale) or int8, N x H x W x C or
// H x W x C; Y int8 N x H x W x C. The rtl backend is the Verilated core (configurations
// tiny, rect, default); golden is the ISA simulator (any configuration); systemc runs the
// job as firmware on the SystemC virtual platform with the functional NPU model (any
// configuration; cycles are the performance model's estimate, docs/systemc.md); fpga talks
// to a board's UART bridge (docs/fpga.md; the board's core is tiny, --config is not used).
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/hal_rtl.hpp"
#include "fpga/sim_board.hpp"
#include "hal/hal_uart.hpp"
#include "hal/hal_isa.hpp"
#include "runtime/gemm.hpp"
#include "runtime/model.hpp"
#include "runtime/npy.hpp"
#include "run_functional.hpp"
#include <systemc>

namespace rt = npu::runtime;
namespace ref = npu::ref;

namespace {

constexpr uint64_t kWinBase = 0x10000, kWinLimit = 0x4000000;  // 64 MiB of DRAM window
constexpr unsigned kMemLatency = 20;  // DRAM latency in cycles (rtl and systemc backends)
// The iCEBreaker board (fpga/icebreaker): 128 KiB of SPRAM, a 12 MHz clock.
constexpr uint64_t kBoardWinBase = 0x1000, kBoardMemBytes = 0x20000;
constexpr double kBoardClockHz = 12e6;

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
  auto dev = std::make_shared<npu::verif::RtlDevice<Model>>(npu::verif::axi::MemoryConfig{.latency = kMemLatency}, name);
  Backend b;
  b.hal = dev->hal();
  b.device = dev;
  return b;
}

Backend make_backend(const std::string& kind, const std::string& config, const std::string& trace) {
  if (kind == "golden") {
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

struct Options {
  std::string backend = "rtl", config = "default", trace, out, port;
  unsigned baud = 115200;
  bool json = false;
};

// The device behind the driver, initialized, with the window set.
npu_dev open_device(const npu_hal& hal, uint64_t win_base = kWinBase, uint64_t win_limit = kWinLimit) {
  npu_dev dev;
  if (npu_status s = npu_init(&dev, &hal); s != NPU_OK) throw rt::RuntimeError(npu_status_str(s));
  if (npu_status s = npu_set_window(&dev, win_base, win_limit); s != NPU_OK) throw rt::RuntimeError(npu_status_str(s));
  return dev;
}

// Runs `job` on the device of the chosen backend. The systemc backend runs it as firmware
// on the virtual platform's CPU, with the functional NPU model behind the bus.
void with_device(const Options& o, const std::function<void(npu_dev&)>& job) {
  if (!o.trace.empty() && o.backend != "rtl") throw rt::RuntimeError("--trace needs the rtl backend");
  if (o.backend == "systemc") {
    npu::vp::run_functional(npu::isa::Geometry::named(o.config), kMemLatency, [&](const npu_hal& hal) {
      npu_dev dev = open_device(hal);
      job(dev);
    });
    return;
  }
  if (o.backend == "fpga") {
    // A board behind its UART bridge: a serial port, or `sim`, the Verilated iCEBreaker
    // top (tiny core) behind a serial-line model. The window is the board memory above 4 KiB.
    if (o.port.empty()) throw rt::RuntimeError("--backend fpga needs --port (a serial device, or sim)");
    std::unique_ptr<npu::hal::ByteChannel> line;
    if (o.port == "sim")
      line = std::make_unique<npu::verif::SimBoard<Vnpu_board_tiny>>("npu_run_board");
    else
      line = npu::hal::open_serial(o.port, o.baud, kBoardClockHz);
    npu::hal::UartLink link(*line);
    const npu_hal hal = link.hal();
    npu_dev dev;
    try {
      dev = open_device(hal, kBoardWinBase, kBoardMemBytes);
    } catch (const rt::RuntimeError& e) {
      throw rt::RuntimeError(std::string(e.what()) + (link.last_error().empty() ? "" : ": " + link.last_error()));
    }
    job(dev);
    return;
  }
  Backend be = make_backend(o.backend, o.config, o.trace);
  npu_dev dev = open_device(be.hal);
  job(dev);
}

nlohmann::json stats_json(const rt::GemmStats& st) {
  nlohmann::json j = {{"programs", st.programs},         {"instructions", st.instructions},
                      {"cycles", st.cycles},             {"ideal_cycles", st.ideal_cycles},
                      {"mac_active", st.mac_active},     {"dma_read_bytes", st.dma_rd_bytes},
                      {"dma_write_bytes", st.dma_wr_bytes}};
  if (st.cycles && st.ideal_cycles > 0) j["utilization"] = st.ideal_cycles / double(st.cycles);
  return j;
}

int run_model(const std::string& model_path, const std::string& input_path, const Options& o) {
  const rt::Model model = rt::load_model(model_path);
  const rt::NpyArray x = rt::read_npy(input_path);
  std::vector<std::size_t> shape = x.shape;
  if (shape.size() == 3) shape.insert(shape.begin(), 1);
  if (shape.size() != 4 || shape[1] != std::size_t(model.in_h) || shape[2] != std::size_t(model.in_w) ||
      shape[3] != std::size_t(model.in_c))
    throw rt::RuntimeError("input (" + input_path + ") must be N x " + std::to_string(model.in_h) + " x " +
                           std::to_string(model.in_w) + " x " + std::to_string(model.in_c) + " (or without N)");
  const int n = static_cast<int>(shape[0]);
  ref::Tensor8 input(n, model.in_h, model.in_w, model.in_c);
  if (x.dtype == "float32") {
    std::vector<float> v(x.elements());
    std::memcpy(v.data(), x.data.data(), x.data.size());
    input = model.quantize_input(v, n);
  } else if (x.dtype == "int8") {
    std::memcpy(input.data.data(), x.data.data(), x.data.size());
  } else {
    throw rt::RuntimeError("input (" + input_path + ") must be float32 or int8, not " + x.dtype);
  }
  std::vector<rt::LayerStats> per_layer;
  ref::Tensor8 y;
  with_device(o, [&](npu_dev& dev) { y = rt::run_model(dev, model, input, &per_layer); });
  rt::NpyArray out;
  out.dtype = "int8";
  out.shape = {std::size_t(y.n), std::size_t(y.h), std::size_t(y.w), std::size_t(y.c)};
  out.data.assign(reinterpret_cast<const uint8_t*>(y.data.data()),
                  reinterpret_cast<const uint8_t*>(y.data.data()) + y.data.size());
  rt::write_npy(o.out, out);
  if (o.json) {
    nlohmann::json layers = nlohmann::json::array();
    for (const auto& l : per_layer) layers.push_back({{"name", l.name}, {"stats", stats_json(l.stats)}});
    fmt::print("{}\n", nlohmann::json{{"op", "model"}, {"model", model.name}, {"backend", o.backend},
                                      {"config", o.config}, {"images", n}, {"layers", layers}}.dump(2));
  } else {
    fmt::print("{} on {} ({}): {} image(s) -> {}\n", model.name, o.backend, o.config, n, o.out);
    for (const auto& l : per_layer)
      fmt::print("  {:<10} {:>3} program(s) {:>10} cycles\n", l.name, l.stats.programs, l.stats.cycles);
  }
  return 0;
}

int run_gemm(const std::string& a_path, const std::string& b_path, const std::string& bias_path,
             const Options& o) {
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
  rt::GemmStats st;
  ref::MatrixI32 c;
  with_device(o, [&](npu_dev& dev) { c = rt::gemm(dev, a, b, bias.empty() ? nullptr : &bias, &st); });
  rt::NpyArray out;
  out.dtype = "int32";
  out.shape = {c.rows, c.cols};
  out.data.resize(c.data.size() * 4);
  std::memcpy(out.data.data(), c.data.data(), out.data.size());
  rt::write_npy(o.out, out);
  if (o.json) {
    nlohmann::json j = stats_json(st);
    j.update({{"op", "gemm"}, {"backend", o.backend}, {"config", o.config}, {"m", a.rows}, {"k", a.cols}, {"n", b.cols}});
    fmt::print("{}\n", j.dump(2));
  } else {
    fmt::print("gemm {} x {} x {} on {} ({}): {} program(s), {} instructions\n", a.rows, a.cols, b.cols, o.backend,
               o.config, st.programs, st.instructions);
    if (st.cycles)
      fmt::print("  cycles {}  ideal {:.0f}  utilization {:.3f}\n", st.cycles, st.ideal_cycles,
                 st.ideal_cycles / double(st.cycles));
    else
      fmt::print("  (the golden backend counts work, not cycles)\n");
    fmt::print("  DMA {} bytes read, {} written -> {}\n", st.dma_rd_bytes, st.dma_wr_bytes, o.out);
  }
  return 0;
}

}  // namespace

// The program links SystemC: main() quiets its banner, then enters through SystemC's
// sc_elab_and_sim, which calls sc_main.
int main(int argc, char** argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  return sc_core::sc_elab_and_sim(argc, argv);
}

int sc_main(int argc, char** argv) {
  CLI::App app{"npu-run: run work on the NPU (RTL or golden model) from NumPy files"};
  app.require_subcommand(1);
  std::string a_path, b_path, bias_path, model_path, input_path;
  Options o;
  auto common = [&o](CLI::App* cmd, const char* out_help) {
    cmd->add_option("-o,--out", o.out, out_help)->required();
    cmd->add_option("--backend", o.backend, "rtl (the Verilated core), golden (the ISA simulator), systemc (the virtual platform's functional model) or fpga (a board through its UART bridge)")
        ->check(CLI::IsMember({"rtl", "golden", "systemc", "fpga"}));
    cmd->add_option("--port", o.port, "fpga: the board's serial port (/dev/ttyUSB0), or sim for the Verilated board");
    cmd->add_option("--baud", o.baud, "fpga: serial line speed")->check(CLI::IsMember({9600, 57600, 115200, 230400, 460800, 921600}));
    cmd->add_option("--config", o.config, "named configuration")
        ->check(CLI::IsMember({"tiny", "rect", "default", "large"}));
    cmd->add_option("--trace", o.trace, "write an FST waveform of the run (rtl)");
    cmd->add_flag("--json", o.json, "print the counters as JSON");
  };
  CLI::App* gemm = app.add_subcommand("gemm", "C (int32) = A (int8, M x K) x B (int8, K x N) [+ bias]");
  gemm->add_option("--a", a_path, "A: int8 M x K (.npy)")->required()->check(CLI::ExistingFile);
  gemm->add_option("--b", b_path, "B: int8 K x N (.npy)")->required()->check(CLI::ExistingFile);
  gemm->add_option("--bias", bias_path, "bias: int32 N (.npy)")->check(CLI::ExistingFile);
  common(gemm, "C: int32 M x N (.npy)");
  CLI::App* model = app.add_subcommand("model", "run a quantized model (.npum) on a batch of inputs");
  model->add_option("model", model_path, "model file")->required()->check(CLI::ExistingFile);
  model->add_option("--input", input_path, "X: float32 or int8, [N x] H x W x C (.npy)")->required()->check(CLI::ExistingFile);
  common(model, "Y: int8 N x H x W x C (.npy)");
  CLI11_PARSE(app, argc, argv);
  try {
    if (*model) return run_model(model_path, input_path, o);
    return run_gemm(a_path, b_path, bias_path, o);
  } catch (const std::exception& e) {
    fmt::print(stderr, "npu-run: {}\n", e.what());
    return 1;
  }
}
