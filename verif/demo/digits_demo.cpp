// SPDX-License-Identifier: Apache-2.0
// npu_digits_demo: the main job. A small CNN trained on scikit-learn's handwritten digits
// (scripts/digits_cnn.py) runs on the simulated 16 x 16 NPU core over the held-out images.
// Prints the accuracy of the float model (as exported), of the golden int8 model (the
// reference layers) and of the RTL, checks the RTL against the golden model bit for bit
// on every image, and gives cycles and utilization per layer from the core's counters.
//   npu_digits_demo MODEL IMAGES LABELS [--images N] [--batch B] [--backend rtl|golden]
//                   [--bench-out DIR]
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cstdio>
#include <cstring>
#include <map>

#include "bench_json.hpp"
#include "core/hal_rtl.hpp"
#include "hal/hal_isa.hpp"
#include "runtime/model.hpp"
#include "runtime/npy.hpp"

namespace rt = npu::runtime;
namespace ref = npu::ref;
using Core = Vnpu_core_default;

namespace {

int argmax(const ref::Tensor8& out, int image) {
  const std::size_t n = out.data.size() / static_cast<std::size_t>(out.n);
  const int8_t* row = &out.data[static_cast<std::size_t>(image) * n];
  return static_cast<int>(std::max_element(row, row + n) - row);
}

void progress(int done, int total) {
  const int width = 40, filled = total ? done * width / total : width;
  fmt::print(stderr, "\r  [{}{}] {}/{} images", std::string(static_cast<std::size_t>(filled), '#'),
             std::string(static_cast<std::size_t>(width - filled), '.'), done, total);
  if (done == total) fmt::print(stderr, "\n");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"npu_digits_demo: a digits CNN on the simulated NPU"};
  std::string model_path, images_path, labels_path, backend = "rtl", bench_out;
  int limit = 0, batch = 60;
  app.add_option("model", model_path, "model file (.npum)")->required()->check(CLI::ExistingFile);
  app.add_option("images", images_path, "float32 N x 8 x 8 x 1 (.npy)")->required()->check(CLI::ExistingFile);
  app.add_option("labels", labels_path, "int32 N (.npy)")->required()->check(CLI::ExistingFile);
  app.add_option("--images", limit, "run only the first N images")->check(CLI::PositiveNumber);
  app.add_option("--batch", batch, "images per run of the network")->check(CLI::Range(1, 512));
  app.add_option("--backend", backend, "rtl or golden")->check(CLI::IsMember({"rtl", "golden"}));
  app.add_option("--bench-out", bench_out, "also write digits_cnn.json into this folder");
  CLI11_PARSE(app, argc, argv);

  try {
    const rt::Model model = rt::load_model(model_path);
    const rt::NpyArray img = rt::read_npy(images_path), lab = rt::read_npy(labels_path);
    if (img.dtype != "float32" || img.shape.size() != 4) throw rt::RuntimeError("images must be float32 N x H x W x C");
    if (lab.dtype != "int32" || lab.shape.size() != 1 || lab.shape[0] != img.shape[0])
      throw rt::RuntimeError("labels must be int32, one per image");
    int n = static_cast<int>(img.shape[0]);
    if (limit > 0) n = std::min(n, limit);
    std::vector<float> pixels(static_cast<std::size_t>(n) * model.in_h * model.in_w * model.in_c);
    if (pixels.size() * 4 > img.data.size()) throw rt::RuntimeError("images do not match the model's input shape");
    std::memcpy(pixels.data(), img.data.data(), pixels.size() * 4);
    std::vector<int32_t> labels(static_cast<std::size_t>(n));
    std::memcpy(labels.data(), lab.data.data(), labels.size() * 4);
    const ref::Tensor8 input = model.quantize_input(pixels, n);

    fmt::print("digits CNN ({} layers) on the {} backend, {} held-out images\n", model.layers.size(), backend, n);
    std::fflush(stdout);  // before the progress bar on stderr
    // The golden int8 model: the reference layers on the host.
    const ref::Tensor8 golden = rt::run_reference(model, input);

    // The NPU.
    std::shared_ptr<void> keep;
    npu_hal hal{};
    if (backend == "rtl") {
      auto d = std::make_shared<npu::verif::RtlDevice<Core>>(npu::verif::axi::MemoryConfig{.latency = 20}, "digits");
      hal = d->hal();
      keep = d;
    } else {
      auto d = std::make_shared<npu::hal::IsaDevice>(npu::isa::Geometry::named("default"));
      hal = d->hal();
      keep = d;
    }
    npu_dev dev;
    if (npu_init(&dev, &hal) != NPU_OK || npu_set_window(&dev, 0x10000, 0x4000000) != NPU_OK)
      throw rt::RuntimeError("the NPU did not initialize");
    std::vector<rt::LayerStats> totals(model.layers.size());
    int golden_right = 0, npu_right = 0, mismatched = 0;
    const std::size_t out_per_image = golden.data.size() / static_cast<std::size_t>(n);
    progress(0, n);
    for (int i0 = 0; i0 < n; i0 += batch) {
      const int b = std::min(batch, n - i0);
      ref::Tensor8 part(b, input.h, input.w, input.c);
      const std::size_t per = part.data.size() / static_cast<std::size_t>(b);
      std::copy_n(&input.data[static_cast<std::size_t>(i0) * per], part.data.size(), part.data.begin());
      std::vector<rt::LayerStats> layer_stats;
      const ref::Tensor8 out = rt::run_model(dev, model, part, &layer_stats);
      for (std::size_t l = 0; l < layer_stats.size(); ++l) {
        totals[l].name = layer_stats[l].name;
        rt::accumulate(totals[l].stats, layer_stats[l].stats);
      }
      for (int i = 0; i < b; ++i) {
        const bool same = std::equal(&out.data[static_cast<std::size_t>(i) * out_per_image],
                                     &out.data[static_cast<std::size_t>(i + 1) * out_per_image],
                                     &golden.data[static_cast<std::size_t>(i0 + i) * out_per_image]);
        mismatched += !same;
        npu_right += argmax(out, i) == labels[static_cast<std::size_t>(i0 + i)];
        golden_right += argmax(golden, i0 + i) == labels[static_cast<std::size_t>(i0 + i)];
      }
      progress(i0 + b, n);
    }

    if (model.float_accuracy) fmt::print("  accuracy, float model (exported)   {:.4f}\n", *model.float_accuracy);
    fmt::print("  accuracy, golden int8 model        {:.4f}\n", double(golden_right) / n);
    fmt::print("  accuracy, NPU ({})                {:.4f}\n", backend, double(npu_right) / n);
    fmt::print("  NPU equal to golden, bit for bit   {} of {} images\n", n - mismatched, n);
    fmt::print("  {:<8} {:>9} {:>12} {:>12} {:>11}\n", "layer", "programs", "cycles", "ideal", "utilization");
    uint64_t cycles = 0;
    double ideal = 0;
    npu::verif::BenchReport report("digits_cnn");
    report.config("images", n);
    report.config("backend", backend);
    for (const auto& t : totals) {
      const double util = t.stats.cycles ? t.stats.ideal_cycles / double(t.stats.cycles) : 0.0;
      fmt::print("  {:<8} {:>9} {:>12} {:>12.0f} {:>11}\n", t.name, t.stats.programs, t.stats.cycles,
                 t.stats.ideal_cycles, t.stats.ideal_cycles > 0 && t.stats.cycles ? fmt::format("{:.3f}", util) : "-");
      cycles += t.stats.cycles;
      ideal += t.stats.ideal_cycles;
      report.metric(t.name + "_cycles", static_cast<double>(t.stats.cycles));
      if (t.stats.ideal_cycles > 0) report.metric(t.name + "_utilization", util);
    }
    fmt::print("  {:<8} {:>9} {:>12} {:>12.0f} {:>11}\n", "total", "", cycles, ideal,
               cycles ? fmt::format("{:.3f}", ideal / double(cycles)) : "-");
    if (cycles) fmt::print("  {:.0f} cycles per image\n", double(cycles) / n);
    report.metric("cycles_per_image", n ? double(cycles) / n : 0.0);
    report.metric("npu_accuracy", double(npu_right) / n);
    report.metric("golden_accuracy", double(golden_right) / n);
    if (!bench_out.empty()) report.write(bench_out);
    if (mismatched) {
      fmt::print(stderr, "npu_digits_demo: {} images differ from the golden model\n", mismatched);
      return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "npu_digits_demo: {}\n", e.what());
    return 1;
  }
}
